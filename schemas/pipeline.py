"""pipeline.yaml: the spec a person edits. Validated with the spec's folder as context."""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ferry.targets import preset_name, presets

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


def _resolve_target(value: Path, info: ValidationInfo) -> Path:
    """A target file of the spec's folder or, for a bare name that is no such file, the preset
    of that name shipped with ferry."""
    base = Path((info.context or {}).get("base_dir", "."))
    path = value if value.is_absolute() else base / value
    if path.is_file() or len(value.parts) != 1 or value.suffix:
        return _resolve_existing_file(value, info)
    preset = presets().get(str(value))
    if preset is None:
        raise PydanticCustomError("target_unknown", "'{name}' is neither a target file nor a preset "
                                  "(presets: {presets})", {"name": str(value), "presets": ", ".join(presets())})
    return preset


# A target: a preset's name, or a target file as SpecFile.
TargetFile = Annotated[Path, AfterValidator(_resolve_target)]


class SpecModel(BaseModel):
    # `.inf` and `.nan` are YAML floats: no limit, tolerance or figure of a spec means either
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# Compiler flags from a spec or a target file reach the compiler's command line. Admitted: the
# families that shape the generated code (optimization, warnings, language, debug info, machine,
# code generation, macros); never a flag that loads code into the compiler or the program, reads
# or writes files outside the build, or redirects its outputs (-fplugin=, -B, -specs=, -wrapper,
# -o, -I, -L, -l, -include, -Wl,/-Wa,/-Wp,, -Xlinker, @file, --sysroot, ...): an allowlist.
_FLAG_FAMILIES = re.compile(
    r"-(O[0-3sgz]?|Ofast|std=[a-z0-9+]+|W[A-Za-z0-9=-]*|w|g[0-3]?|ggdb[0-3]?|m[A-Za-z0-9=.+_-]+|"
    r"f[A-Za-z0-9=.+_-]+|[DU][A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?|pthread|pipe)")
# Code-generation (-f) flags that are not admitted, each with its reason.
DENIED_FLAGS = {
    "-fplugin": "loads a shared object into the compiler",
    "-fuse-ld": "chooses the linker program",
    "-fprofile": "reads or writes profile files outside the build",
    "-fauto-profile": "reads a profile file",
    "-fdump": "writes dump files",
    "-fopt-info": "may write a file",
    "-fsave-optimization-record": "writes a file",
    "-fcallgraph-info": "writes a file",
    "-fcompare-debug": "runs the compiler a second time with other flags",
    "-fdebug-prefix-map": "rewrites paths in the outputs",
    "-ffile-prefix-map": "rewrites paths in the outputs",
    "-fmacro-prefix-map": "rewrites paths in the outputs",
}


def _admitted_flag(flag: str) -> str:
    denied = next((reason for prefix, reason in DENIED_FLAGS.items() if flag.startswith(prefix)), None)
    if denied is not None:
        raise PydanticCustomError("flag_denied", "compiler flag '{flag}' is not admitted: it {reason}",
                                  {"flag": flag, "reason": denied})
    if not _FLAG_FAMILIES.fullmatch(flag):
        raise PydanticCustomError(
            "flag_denied", "compiler flag '{flag}' is not admitted: only -O, -W (no commas), -w, -g, -std=, "
            "-m, -f, -D and -U flags are (docs/limits.md)", {"flag": flag})
    return flag


Flag = Annotated[str, AfterValidator(_admitted_flag)]


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
    onnx: SpecFile | None = Field(default=None, description="float ONNX, or QDQ ONNX already quantized")
    float_onnx: SpecFile | None = Field(
        default=None, description="for a QDQ 'onnx': the float model it was quantized from, the "
                                  "reference of accuracy and SQNR (without it the reference is the "
                                  "QDQ model in onnxruntime, and no SQNR against float is shown)")
    bundle: SpecFile | None = Field(
        default=None, description="instead of onnx: a hand-off bundle (.tar.gz of another pipeline's "
                                  "bundle stage); verified, extracted, and built on from its model")
    pubkey: SpecFile | None = Field(
        default=None, description="bundle: the sender's Ed25519 public key (PEM); its signature must verify")
    allow_unsigned: bool = Field(
        default=False, description="bundle: accept it without a signature check, on its digests alone "
                                   "(anyone who can change a file can rewrite an unsigned manifest)")
    input_shapes: dict[str, list[PositiveInt]] = Field(
        default_factory=dict,
        description="a fixed shape for every input with a dynamic dimension",
    )
    calibration: DataSpec | None = None
    validation: DataSpec

    @model_validator(mode="after")
    def _one_source(self) -> ModelSpec:
        """A bundle comes from another company: authenticity needs its signature, so pubkey is
        required; skipping the check must be written in the spec, where a reviewer sees it."""
        problem = None
        if (self.onnx is None) == (self.bundle is None):
            problem = "name exactly one of 'onnx' (a model file) or 'bundle' (a hand-off archive)"
        elif self.float_onnx is not None and self.onnx is None:
            problem = "'float_onnx' is the float origin of a quantized 'onnx' model"
        elif self.bundle is None and (self.pubkey is not None or self.allow_unsigned):
            problem = "'pubkey' and 'allow_unsigned' apply to a 'bundle' only"
        elif self.bundle is not None and (self.pubkey is None) != self.allow_unsigned:
            problem = ("a bundle needs the sender's public key ('pubkey: FILE'), or 'allow_unsigned: true' "
                       "to accept it unchecked" if self.pubkey is None else
                       "'pubkey' and 'allow_unsigned: true' exclude each other")
        if problem is not None:
            raise PydanticCustomError("model_source", problem)
        return self

    @property
    def source(self) -> Path:
        """The file the spec names for this model: the ONNX model or the bundle."""
        source = self.onnx or self.bundle
        assert source is not None  # _one_source
        return source


class ImportStage(SpecModel):
    kind: Literal["import"]
    fold_batchnorm: bool = True


Glob = Annotated[str, Field(min_length=1, max_length=200)]


class QuantizeStage(SpecModel):
    """Post-training INT8 quantization: calibrate on the model's calibration data, write QDQ ONNX."""

    # its calibrate task reads `samples` and `histogram_bins` (ferry/engine/contracts.py,
    # CalibrateParams); the others only re-derive scales from the statistics
    kind: Literal["quantize"]
    calibration: Literal["minmax", "percentile", "entropy", "mse"] = Field(
        default="minmax", description="how an activation's range is chosen from its histogram")
    percentile: float = Field(default=99.99, gt=50, le=100,
                              description="percentile of |x| kept by the 'percentile' method")
    samples: PositiveInt | None = Field(default=None, description="calibration samples (default: all)")
    histogram_bins: int = Field(default=2048, ge=128, le=65536,
                                description="bins of the histogram that 'percentile', 'entropy' and 'mse' read; "
                                            "calibration keeps none when every point uses 'minmax'")
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
    fallback: Literal["none", "auto", "int16"] = Field(
        default="none",
        description="over budget: 'none' fails the stage naming the worst layers; 'auto' gives the most "
                    "damaging layer int16 activations (int8 weights, docs/int16.md), or keeps it in float "
                    "when it has them already and every target computes float (a GPNPU without a float32 "
                    "MAC rate never gets a float layer), one layer at a time, until the budget holds; "
                    "'int16' the same without float on any target (a float-free program)")


Fraction = Annotated[float, Field(ge=0, lt=1)]
SPARSIFY_METHODS = ("magnitude", "n_m", "channels")


class NMPattern(SpecModel):
    """N:M structured sparsity: at most n non-zeros in every m consecutive weights along the
    reduction axis (separate keys: YAML 1.1 reads an unquoted 2:4 as the base-60 number 124)."""

    n: PositiveInt = 2
    m: PositiveInt = 4

    @model_validator(mode="after")
    def _n_below_m(self) -> NMPattern:
        if self.n >= self.m:
            raise PydanticCustomError("n_m", "n ({n}) must be smaller than m ({m})", {"n": self.n, "m": self.m})
        return self


class LayerRule(SpecModel):
    """Per-layer override: the first rule whose glob matches a node's name applies."""

    match: Glob = Field(description="node-name glob, e.g. '/classifier/*'")
    method: Literal["magnitude", "n_m", "channels", "dense"] | None = Field(
        default=None, description="default: the stage's method; 'dense' leaves the layer alone")
    sparsity: Fraction | None = Field(default=None, description="default: the stage's sparsity")
    pattern: NMPattern | None = Field(default=None, description="n_m: default the stage's pattern")


class SensitivityAnalysis(SpecModel):
    """Prune each layer alone at each level and measure the output change on calibration data."""

    levels: list[Annotated[float, Field(gt=0, lt=1)]] = Field(
        default_factory=lambda: [0.25, 0.5, 0.75, 0.9], min_length=1)


class SparsifyStage(SpecModel):
    """Pruning without retraining: masks (or removed channels), then a least-squares refit of the
    remaining weights of each layer on its calibration activations."""

    kind: Literal["sparsify"]
    method: Literal["magnitude", "n_m", "channels"] = Field(
        default="magnitude", description="magnitude: unstructured; n_m: N:M along the reduction "
                                         "axis; channels: whole output channels removed")
    sparsity: Fraction = Field(
        default=0.5, description="magnitude: fraction of a layer's weights set to zero; channels: "
                                 "fraction of a layer's output channels removed")
    pattern: NMPattern = Field(default_factory=NMPattern, description="n_m: the N:M pattern")
    allocation: Literal["uniform", "global", "sensitivity"] = Field(
        default="uniform", description="magnitude: 'uniform' prunes each layer to `sparsity`; 'global' "
                                       "uses one magnitude threshold for every layer; 'sensitivity' "
                                       "chooses per-layer levels reaching `sparsity` overall with the "
                                       "least measured damage")
    layers: list[LayerRule] = Field(default_factory=list, description="per-layer overrides")
    exclude: list[Glob] = Field(default_factory=list, description="node-name globs left dense")
    min_params: int = Field(default=128, ge=0, description="layers with fewer weights stay dense")
    refit: bool = Field(default=True, description="least-squares refit of the remaining weights")
    damping: float = Field(default=0.01, gt=0, description="refit ridge towards the original "
                                                          "weights, relative to the mean input energy")
    samples: PositiveInt | None = Field(default=256, description="calibration samples (None: all)")
    sensitivity: SensitivityAnalysis | None = Field(
        default=None, description="run the per-layer sensitivity analysis (its table is reported)")

    @model_validator(mode="after")
    def _allocation_needs_magnitude(self) -> SparsifyStage:
        if self.allocation != "uniform" and self.method != "magnitude":
            raise PydanticCustomError(
                "allocation", "allocation '{allocation}' chooses magnitude thresholds: it needs "
                "method 'magnitude', not '{method}'", {"allocation": self.allocation, "method": self.method})
        return self


class CodegenStage(SpecModel):
    kind: Literal["codegen"]


class CompileStage(SpecModel):
    kind: Literal["compile"]
    extra_flags: list[Flag] = Field(
        default_factory=list, description="flags appended to the target's compiler flags"
    )


class EvaluateStage(SpecModel):
    kind: Literal["evaluate"]
    max_samples: PositiveInt | None = Field(default=None, description="default: every sample")
    range_tolerance: float = Field(
        default=1e-4, gt=0, description="fp32 programs: an output element of the C++ may differ from "
                                        "onnxruntime by this fraction of the output's range (max - min)")
    relative_tolerance: float = Field(
        default=1e-3, gt=0, description="fp32 programs: ... or by this fraction of its own magnitude "
                                        "(docs/numerics.md)")
    embedded_samples: PositiveInt = Field(
        default=20, description="validation samples run on each emulated target (QEMU), compared "
                                "bit for bit with the host C++ and the golden model")
    profile_samples: NonNegativeInt = Field(
        default=3, description="validation samples the profiling build times, layer by layer, on "
                               "targets that run the code (QEMU with instruction counting; the host); "
                               "0: no profile")


class BundleStage(SpecModel):
    """A hand-off archive per model and target: package, QDQ model, reports, signed manifest."""

    kind: Literal["bundle"]
    key: SpecFile | None = Field(
        default=None, description="Ed25519 private key (PEM, PKCS#8) that signs the manifest; "
                                  "default: the file named by FERRY_SIGNING_KEY, else unsigned")


Stage = Annotated[
    ImportStage | SparsifyStage | QuantizeStage | CodegenStage | CompileStage | EvaluateStage | BundleStage,
    Field(discriminator="kind"),
]
# Compression stages share one place in the order and run in the order the spec lists them.
COMPRESSION = ("sparsify", "quantize")
STAGE_ORDER = ("import", COMPRESSION, "codegen", "compile", "evaluate", "bundle")
# The stages each stage reads the outputs of (beyond import), and why.
STAGE_NEEDS = {
    "compile": (("codegen",), "builds the generated package"),
    "evaluate": (("codegen", "compile"), "runs the compiled program"),
    "bundle": (("codegen", "compile", "evaluate"), "packs the package and the reports"),
}


def _order_rank(kind: str) -> int:
    return next(i for i, entry in enumerate(STAGE_ORDER) if kind == entry or kind in entry)


Scalar = StrictBool | StrictInt | StrictFloat | StrictStr | None


def _one_sweep_value_error(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    """One message for a value of no accepted type, not one per member of the union."""
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError("sweep_value", "a sweep value is a finite number, a string, true, false, null "
                                                 "or a list of those, not {value}", {"value": _shown(value)}) from None


def _shown(value: object) -> str:
    """A refused value, short: its type, or itself when it is a float (.nan, .inf)."""
    return repr(value) if isinstance(value, float) else type(value).__name__


# A sweep value is a scalar, or a list of them for a list param; it also names the point's
# folders (ferry/engine/sweep.py).
SweepValue = Annotated[Scalar | list[Scalar], WrapValidator(_one_sweep_value_error)]
# import is the prefix every point shares; bundle's only param is a key file, not a design choice.
SWEEPABLE = ("sparsify", "quantize", "compile", "evaluate")
Point = dict[str, SweepValue]  # axis ('stage.param') -> value


# A problem below `sweep`: its location there (an axis key, or an axis and a value's index) and
# its message. The loader shows each at its own line (ctx 'problems').
Problem = tuple[tuple[str | int, ...], str]


def _sweep_problems(problems: list[Problem]) -> PydanticCustomError:
    return PydanticCustomError("sweep", "{first}", {"first": problems[0][1], "problems": problems})


def _axis_stage(axis: str, stages: list) -> tuple[SpecModel, str] | str:
    """The spec's stage an axis names and the param, or what is wrong with the axis."""
    kind, _, param = axis.partition(".")
    kinds = [s.kind for s in stages]
    if kind == "targets":
        return "targets are not a sweep axis: every point runs on every target of `targets:` (list them there)"
    if not param or kind not in SWEEPABLE:
        return f"expected '<stage>.<param>' with a stage of {', '.join(SWEEPABLE)}"
    if kind not in kinds:
        return f"no '{kind}' stage in `stages:` (the spec has {', '.join(kinds)})"
    stage = stages[kinds.index(kind)]
    fields = sorted(set(type(stage).model_fields) - {"kind"})
    if param not in fields:
        hint = difflib.get_close_matches(param, fields, n=1)
        return (f"the {kind} stage has no param '{param}' (expected one of: {', '.join(fields)})"
                + (f"; did you mean '{hint[0]}'?" if hint else ""))
    return stage, param


def _axis_problems(axis: str, values: list[SweepValue], stages: list) -> list[Problem]:
    """What is wrong with an axis (at its key) or else with each of its values (at the value)."""
    found = _axis_stage(axis, stages)
    if isinstance(found, str):
        return [((axis,), found)]
    stage, param = found
    problems: list[Problem] = []
    seen: list[object] = []  # validated: 100 and "100", or 0.5 and "0.50", are one value
    for i, value in enumerate(values):
        try:
            validated = getattr(_with_params(stage, {param: value}), param)
        except ValidationError as error:
            problems.append(((axis, i), _first_message(error)))
            continue
        if validated in seen:
            problems.append(((axis, i), f"{value} is already in this axis"))
        seen.append(validated)
    return problems


def _point_problems(sweep: dict[str, list[SweepValue]], stages: list) -> list[Problem]:
    """The first point whose stages refuse their params together (each value alone passed)."""
    for point in _grid(sweep):
        try:
            PipelineSpec._channels_before_quantize(_point_stages(stages, point))
        except (ValidationError, PydanticCustomError) as error:
            where = ", ".join(f"{axis}={value}" for axis, value in point.items())
            return [((), f"the point {where}: {_first_message(error)}")]
    return []


def _first_message(error: ValidationError | PydanticCustomError) -> str:
    return error.errors()[0]["msg"] if isinstance(error, ValidationError) else error.message()


def _with_params(stage: SpecModel, params: dict[str, SweepValue]) -> SpecModel:
    """The stage with some params replaced, validated by its own model (raises ValidationError)."""
    return type(stage).model_validate({**stage.model_dump(mode="json"), **params})


class PipelineSpec(SpecModel):
    pipeline: Name
    models: list[ModelSpec] = Field(min_length=1)
    targets: list[TargetFile] = Field(
        min_length=1,
        description="the targets, each a preset shipped with ferry by name (" + ", ".join(presets())
                    + ") or a target file of your own, e.g. targets/my_board.yaml; a bare name that is "
                    "not a file of the spec's folder is a preset")
    stages: list[Stage] = Field(min_length=1)
    sweep: dict[str, Annotated[list[SweepValue], Field(min_length=1)]] | None = Field(
        default=None, min_length=1,
        description="a grid of stage params, '<stage>.<param>': [values, ...] (stages sparsify, "
                    "quantize, compile, evaluate); each point of the grid builds on every target, in "
                    "its own folder, sharing the stages that do not depend on the swept params")

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
        ranks = [_order_rank(k) for k in kinds]
        if len(set(kinds)) != len(kinds) or ranks != sorted(ranks) or kinds[0] != "import":
            order = " -> ".join(e if isinstance(e, str) else "(" + " | ".join(e) + ", in either order)"
                                for e in STAGE_ORDER)
            raise PydanticCustomError(
                "stage_order", "stages must start with import, each once, in the order {order}",
                {"order": order})
        return stages

    @field_validator("stages")
    @classmethod
    def _stages_have_inputs(cls, stages: list) -> list:
        """A stage whose inputs no stage of the spec makes would silently drop out of the graph."""
        kinds = {s.kind for s in stages}
        for kind, (needed, why) in STAGE_NEEDS.items():
            missing = [n for n in needed if n not in kinds]
            if kind in kinds and missing:
                raise PydanticCustomError("stage_needs", "the {kind} stage {why}: it needs {needed} (missing: "
                                          "{missing})", {"kind": kind, "why": why, "needed": ", ".join(needed),
                                                         "missing": ", ".join(missing)})
        return stages

    @field_validator("stages")
    @classmethod
    def _channels_before_quantize(cls, stages: list) -> list:
        kinds = [s.kind for s in stages]
        if "sparsify" not in kinds or "quantize" not in kinds or kinds.index("sparsify") < kinds.index("quantize"):
            return stages
        sparsify = stages[kinds.index("sparsify")]
        if "channels" in {sparsify.method, *(rule.method for rule in sparsify.layers)}:
            raise PydanticCustomError(
                "channels_after_quantize", "sparsify after quantize prunes int8 weights in place; "
                "method 'channels' changes the graph and must run before quantize", {})
        return stages

    @field_validator("sweep")
    @classmethod
    def _sweep_in_stages(cls, sweep: dict[str, list[SweepValue]] | None,
                         info: ValidationInfo) -> dict[str, list[SweepValue]] | None:
        """Each axis names a param of a stage in `stages:`; each value, and each point's stage,
        passes that stage's own model."""
        stages = info.data.get("stages")
        if sweep is None or stages is None:  # the stages' own errors are reported already
            return sweep
        if not {"codegen", "compile", "evaluate"} <= {s.kind for s in stages}:
            raise _sweep_problems([((), "a sweep compares the points' reports: it needs codegen, compile "
                                        "and evaluate stages")])
        problems = [problem for axis, values in sweep.items() for problem in _axis_problems(axis, values, stages)]
        if not problems:  # the points of a grid of valid values
            problems = _point_problems(sweep, stages)
        if problems:
            raise _sweep_problems(problems)
        return sweep

    @model_validator(mode="after")
    def _calibration_for_compression(self) -> PipelineSpec:
        missing = [m.name for m in self.models if m.calibration is None]
        for kind in COMPRESSION:
            if self.stage(kind) is not None and missing:
                raise PydanticCustomError(
                    "calibration_missing", "the {kind} stage needs calibration data for model(s) {names}",
                    {"kind": kind, "names": ", ".join(missing)})
        return self

    def compression_order(self) -> list[str]:
        """The compression stages of the spec, in the order they run."""
        return [s.kind for s in self.stages if s.kind in COMPRESSION]

    def stage(self, kind: str) -> SpecModel | None:
        return next((s for s in self.stages if s.kind == kind), None)

    def points(self) -> list[Point]:
        """The sweep's grid, axes in the order written, the last axis varying fastest."""
        return _grid(self.sweep) if self.sweep else []

    def at_point(self, point: Point) -> PipelineSpec:
        """The spec with one point's params in its stages, and no sweep."""
        return self.model_copy(update={"stages": _point_stages(self.stages, point), "sweep": None})

    def paths_outside(self, base_dir: Path) -> list[Path]:
        """Files the spec names outside its own folder: allowed, but worth showing."""
        base = base_dir.resolve()
        files = [t for t in self.targets if preset_name(t) is None]  # the presets are ferry's own
        for model in self.models:
            files += [f for f in (model.source, model.pubkey) if f is not None]
            files += [d.path for d in (model.calibration, model.validation) if d is not None]
        return sorted({f for f in files if not f.is_relative_to(base)})


def _grid(sweep: dict[str, list[SweepValue]]) -> list[Point]:
    return [dict(zip(sweep, values)) for values in itertools.product(*sweep.values())]


def _point_stages(stages: list, point: Point) -> list:
    """The stages with a point's params applied (raises ValidationError on a combination a stage
    refuses, e.g. allocation 'global' with method 'n_m')."""
    by_kind: dict[str, dict[str, SweepValue]] = {}
    for axis, value in point.items():
        kind, _, param = axis.partition(".")
        by_kind.setdefault(kind, {})[param] = value
    return [_with_params(s, by_kind[s.kind]) if s.kind in by_kind else s for s in stages]
