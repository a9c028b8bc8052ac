"""Codegen stage: an imported ONNX model becomes a readable C++17 package (docs/design.md, principle 8)."""

from __future__ import annotations

from pathlib import Path

import onnx

from ferry.core.files import atomic_directory, write_bytes_atomic
from ferry.core.names import sanitize
from ferry.engine.contracts import CodegenParams, Figures, ModelFile, StageCall
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.target import Compiler
from ferry.stages.codegen.emitter import PackageEmitter
from ferry.stages.codegen.handover import write_handover
from ferry.stages.codegen.qdq_lowering import is_qdq, lower_qdq
from ferry.stages.common.graph import GraphView
from ferry.stages.quantize.shipped import static_model


def generate_package(source: Path | onnx.ModelProto, model_name: str, package_dir: Path,
                     integer_path: Path | None = None,
                     toolchains: dict[str, Compiler] | None = None) -> PackageManifest:
    """Write the package for the model `source` (a file, or a model at static shapes) into
    `package_dir`, replacing it atomically.

    A QDQ model is first lowered to its integer program, saved at `integer_path` (when given) for
    the golden model; a float model leaves `integer_path` absent. `toolchains` (target name ->
    cross compiler) become CMake toolchain files in the package.
    """
    model = onnx.load(str(source)) if isinstance(source, Path) else source
    integer = is_qdq(model)
    if integer:
        model = lower_qdq(model)
    if integer_path is not None and integer:
        write_bytes_atomic(integer_path, model.SerializeToString(deterministic=True))
    elif integer_path is not None:
        integer_path.unlink(missing_ok=True)
    graph = GraphView(model)
    emitter = PackageEmitter(graph, model_name, prefix=sanitize(model_name, fallback="model"))
    with atomic_directory(package_dir) as staging:
        manifest = emitter.write(staging)
        write_handover(staging, manifest, toolchains or {})
    return manifest


def run_codegen(call: StageCall[CodegenParams, ModelFile]) -> Figures:
    """The codegen stage's entry point (ferry/engine/registry.py): the package and, for an int8
    program, integer.onnx."""
    model = static_model(call.files.model, onnx.load(str(call.files.model)), call.model.name, call.model.input_shapes)
    manifest = generate_package(model, call.model.name, call.out_dir / "package", call.out_dir / "integer.onnx",
                                call.params.toolchains)
    return {"arena_bytes": manifest.arena_bytes, "weights_bytes": manifest.weights_bytes}
