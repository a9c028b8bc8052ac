"""The pipeline engine: the doit task graph, the stage runner, the stage cache and sweeps."""
