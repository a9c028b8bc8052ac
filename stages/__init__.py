"""ferry stages: one module or subpackage per pipeline stage, shared code in `stages.common`."""
