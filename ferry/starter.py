"""`ferry init MODEL.onnx`: a starter pipeline.yaml for a model, with what only its owner knows
(the dynamic dimensions' values, the data files) left as placeholders the loader refuses by line."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import onnx

from ferry.core.errors import FerryError
from ferry.core.files import file_mode, write_new_file
from ferry.schemas.loader import PLACEHOLDER

PRESET_TARGETS = ("host", "gpnpu_1tops", "cortex_m55")  # the reference build, a GPNPU, a Cortex-M in QEMU


@dataclass(frozen=True)
class ModelInput:
    name: str
    dims: tuple[int | str, ...]  # a fixed size, or the dynamic dimension's name ('?' when unnamed)

    @property
    def dynamic(self) -> list[str]:
        return [str(d) for d in self.dims if isinstance(d, str)]


def model_inputs(model: onnx.ModelProto) -> list[ModelInput]:
    """The graph's inputs that are not weights (older exporters list initializers as inputs too)."""
    weights = {tensor.name for tensor in model.graph.initializer}
    inputs = []
    for value in model.graph.input:
        if value.name in weights:
            continue
        dims = tuple(d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else (d.dim_param or "?")
                     for d in value.type.tensor_type.shape.dim)
        inputs.append(ModelInput(value.name, dims))
    return inputs


def spec_name(stem: str) -> str:
    """A pipeline and model name the spec accepts (a letter, then letters, digits, '_', '.', '-')."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("_.-") or "model"
    return (name if name[0].isalpha() else f"m_{name}")[:64]


def _yaml_key(text: str) -> str:
    """An ONNX input name as a YAML key: quoted unless a plain identifier (a name may hold ':', '/')."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def starter_spec(model_file: str, name: str, inputs: list[ModelInput], quantized: bool) -> str:
    """The text of the starter spec. `quantized`: the model is already a QDQ program (no calibration,
    no quantize stage)."""
    shapes = []
    for item in inputs:
        dims = ", ".join(PLACEHOLDER if isinstance(d, str) else str(d) for d in item.dims)
        note = (f"  # dynamic in the model ({', '.join(item.dynamic)}): ferry builds for fixed shapes; "
                "give each a size (a batch: 1)") if item.dynamic else ""
        shapes.append(f"      {_yaml_key(item.name)}: [{dims}]{note}")
    arrays = ", ".join(f"'{item.name}'" for item in inputs)
    data = f"an .npz with the array {arrays}, samples on the first axis"
    calibration = [] if quantized else [
        "    calibration:",
        f"      path: {PLACEHOLDER}                # representative inputs, for the int8 ranges: {data}",
    ]
    quantize = [] if quantized else [
        "  - kind: quantize               # int8; max_accuracy_drop: 0.5 (top-1 points; needs labels) sets a budget",
    ]
    lines = [
        f"# A starter spec written by `ferry init {model_file}`. Replace every {PLACEHOLDER} (the comment on",
        "# its line says with what), then run `ferry`. Every field: docs/spec-reference.md.",
        f"pipeline: {name}",
        "models:",
        f"  - name: {name}",
        f"    onnx: {model_file}",
        "    input_shapes:",
        *shapes,
        *calibration,
        "    validation:",
        f"      path: {PLACEHOLDER}                # the inputs the C++ is checked on (may be the same file): {data}",
        "      # labels: y                    # the .npz's array of integer class labels, for top-1 accuracy",
        "      # inputs: {input: array}       # when the .npz names an input's array otherwise",
        f"targets: [{', '.join(PRESET_TARGETS)}]   # presets shipped with ferry, or target files of your own",
        "stages:",
        "  - kind: import",
        *quantize,
        "  - kind: codegen",
        "  - kind: compile",
        "  - kind: evaluate",
    ]
    return "\n".join(lines) + "\n"


def write_starter(model: Path, folder: Path) -> Path:
    """Write folder/pipeline.yaml for `model`; never overwrites. Returns the spec's path."""
    from ferry.stages.importer import is_quantized, load_model  # onnx parsing with one-line errors

    spec = folder / "pipeline.yaml"
    if spec.exists():
        raise FerryError(f"{spec}: exists; ferry init never overwrites a spec (move it away, or edit it)")
    if not model.is_file():
        raise FerryError(f"{model}: model not found")
    inputs = model_inputs(load_model(model))
    if not inputs:
        raise FerryError(f"{model}: the model has no inputs besides its weights")
    relative = Path(os.path.relpath(model.resolve(), folder.resolve())).as_posix()
    text = starter_spec(relative, spec_name(model.stem), inputs, is_quantized(model))
    write_new_file(spec, text.encode(), file_mode(executable=False))  # whole, and never over a spec
    return spec
