"""ferry: float ONNX models to integer, sparse, readable C++ for embedded targets.

The package's layers, bottom up:
- `ferry.core`: errors, atomic files, digests, names (imports nothing else of ferry);
- `ferry.schemas` (the repository's `schemas/`): the pydantic contracts: spec, target, artifacts;
- `ferry.toolchain`: the tools outside Python: compilers and binutils, the host runner, QEMU;
- `ferry.stages` (`stages/`): what each stage of a pipeline does, and its entry point;
- `ferry.engine`: the stage registry, the task graph over the stages, the runner, the stage cache,
  sweeps, the terminal (docs/architecture.md);
- `ferry.targets` (`targets/`): the target presets a spec may name.
"""
