"""ferry: float ONNX models to integer, sparse, readable C++ for embedded targets.

The package's layers, bottom up:
- `ferry.core`: errors, atomic files, digests, names (imports nothing else of ferry);
- `ferry.schemas` (the repository's `schemas/`): the pydantic contracts: spec, target, artifacts;
- `ferry.stages` (`stages/`): what each stage of a pipeline does;
- `ferry.engine`: the doit task graph over the stages, the stage cache, sweeps, the terminal;
- `ferry.targets` (`targets/`): the target presets a spec may name.
"""
