"""pipeline.yaml: the spec a person edits. Validated with the spec's folder as context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# Names become folder names and C identifiers: keep them to a safe alphabet.
Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]


def _resolve_existing_file(value: Path, info: ValidationInfo) -> Path:
    base = Path((info.context or {}).get("base_dir", "."))
    path = (base / value).resolve() if not value.is_absolute() else value.resolve()
    if not path.is_file():
        raise PydanticCustomError("file_missing", "file not found: {path}", {"path": str(value)})
    return path


# A file named in the spec: relative to the spec's folder, must exist; stored resolved.
SpecFile = Annotated[Path, AfterValidator(_resolve_existing_file)]


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataSpec(SpecModel):
    """An .npz file of samples: one array per model input (first axis = sample), optional labels."""

    path: SpecFile
    inputs: dict[str, str] = Field(
        default_factory=dict,
        description="ONNX input name -> key in the .npz (default: the input's own name)",
    )
    labels: str | None = Field(default=None, description="key of the integer class labels")


class ModelSpec(SpecModel):
    name: Name
    onnx: SpecFile
    input_shapes: dict[str, list[PositiveInt]] = Field(
        default_factory=dict,
        description="a fixed shape for every input with a dynamic dimension",
    )
    calibration: DataSpec | None = None
    validation: DataSpec


class ImportStage(SpecModel):
    kind: Literal["import"]
    fold_batchnorm: bool = True


Glob = Annotated[str, Field(min_length=1, max_length=200)]


class QuantizeStage(SpecModel):
    """Post-training INT8 quantization: calibrate on the model's calibration data, write QDQ ONNX."""

    kind: Literal["quantize"]
    calibration: Literal["minmax", "percentile", "entropy", "mse"] = Field(
        default="minmax", description="how an activation's range is chosen from its histogram")
    percentile: float = Field(default=99.99, gt=50, le=100,
                              description="percentile of |x| kept by the 'percentile' method")
    samples: PositiveInt | None = Field(default=None, description="calibration samples (default: all)")
    histogram_bins: int = Field(default=2048, ge=128, le=65536)
    weights: Literal["per_channel", "per_tensor"] = "per_channel"
    activations: Literal["asymmetric", "symmetric"] = "asymmetric"
    power_of_two_scales: bool = Field(
        default=False, description="scales 2^k, so requantization is a shift alone")
    keep_float: list[Glob] = Field(
        default_factory=list, description="node-name globs of layers kept in float")
    bias_correction: bool = Field(
        default=True, description="correct each bias for the mean shift of its quantized weights")
    max_accuracy_drop: float | None = Field(
        default=None, ge=0, description="top-1 points lost vs fp32 on the validation labels")
    min_output_sqnr_db: float | None = Field(
        default=None, description="the budget when the validation data has no labels")
    fallback: Literal["none", "auto"] = Field(
        default="none",
        description="over budget: 'none' fails the stage naming the worst layers; 'auto' keeps the "
                    "most damaging layers in float, one at a time, until the budget holds")


class CodegenStage(SpecModel):
    kind: Literal["codegen"]


class CompileStage(SpecModel):
    kind: Literal["compile"]
    extra_flags: list[Annotated[str, Field(pattern=r"^-[A-Za-z0-9_=+,.:/-]+$")]] = Field(
        default_factory=list, description="flags appended to the target's compiler flags"
    )


class EvaluateStage(SpecModel):
    kind: Literal["evaluate"]
    max_samples: PositiveInt | None = Field(default=None, description="default: every sample")
    max_abs_err: float = Field(default=1e-4, gt=0, description="tolerance of the fp32 C++ vs onnxruntime")
    embedded_samples: PositiveInt = Field(
        default=20, description="validation samples run on each emulated target (QEMU), compared "
                                "bit for bit with the host C++ and the golden model")


Stage = Annotated[
    Union[ImportStage, QuantizeStage, CodegenStage, CompileStage, EvaluateStage],
    Field(discriminator="kind"),
]
STAGE_ORDER = ("import", "quantize", "codegen", "compile", "evaluate")


class PipelineSpec(SpecModel):
    pipeline: Name
    models: list[ModelSpec] = Field(min_length=1)
    targets: list[SpecFile] = Field(min_length=1, description="target files, e.g. targets/host.yaml")
    stages: list[Stage] = Field(min_length=1)

    @field_validator("models")
    @classmethod
    def _unique_model_names(cls, models: list[ModelSpec]) -> list[ModelSpec]:
        names = [m.name for m in models]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise PydanticCustomError("duplicate_name", "model names must be unique: {names}",
                                      {"names": ", ".join(duplicates)})
        return models

    @field_validator("stages")
    @classmethod
    def _stages_in_order(cls, stages: list) -> list:
        kinds = [s.kind for s in stages]
        if kinds != [k for k in STAGE_ORDER if k in kinds] or kinds[0] != "import":
            raise PydanticCustomError(
                "stage_order", "stages must start with import, each once, in the order {order}",
                {"order": " -> ".join(STAGE_ORDER)})
        return stages

    @model_validator(mode="after")
    def _calibration_for_quantize(self) -> "PipelineSpec":
        if self.stage("quantize") is not None:
            missing = [m.name for m in self.models if m.calibration is None]
            if missing:
                raise PydanticCustomError(
                    "calibration_missing", "the quantize stage needs calibration data for model(s) {names}",
                    {"names": ", ".join(missing)})
        return self

    def stage(self, kind: str) -> SpecModel | None:
        return next((s for s in self.stages if s.kind == kind), None)

    def paths_outside(self, base_dir: Path) -> list[Path]:
        """Files the spec names outside its own folder: allowed, but worth showing."""
        base = base_dir.resolve()
        files = [*self.targets]
        for model in self.models:
            files.append(model.onnx)
            files += [d.path for d in (model.calibration, model.validation) if d is not None]
        return sorted({f for f in files if not f.is_relative_to(base)})
