"""The contract between the engine and a stage: what one run of a stage is given.

The task graph (ferry/engine/graph.py) makes one StageCall per task; the runner
(ferry/engine/runner.py) hands it to the stage's entry point, named in ferry/engine/registry.py.
A call carries the stage's settings (`params`: the spec's model of the stage, or one of the models
below) and the files it reads (`files`: one frozen dataclass per stage), both typed: a stage reads
attributes, never string keys. Stage code imports this module and nothing else of the engine.

Everything here is picklable: `doit -n 2` ships calls to worker processes, and an executor on other
machines would ship them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, NonNegativeInt, PositiveInt, SerializerFunctionWrapHandler, model_serializer

from ferry.schemas.artifacts import Figure
from ferry.schemas.bundle import ShippedModel
from ferry.schemas.pipeline import ModelSpec, Point, QuantizeStage, SweepValue
from ferry.schemas.target import Compiler, TargetSpec

Figures = dict[str, Figure]  # a stage's key figures: its stage.json, the terminal's summary


class Settings(BaseModel):
    """A stage's settings that the spec does not hold as they are (the graph derives them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def settings_json(params: BaseModel) -> dict[str, Any]:
    """A stage's settings as its stage.json, `config_changed` and the stage cache's key hold them."""
    return params.model_dump(mode="json", exclude={"kind"})


class IntakeParams(Settings):
    model: ShippedModel | None  # the model the manifest names, read unverified (None: unreadable)


class CalibrateParams(Settings):
    """The quantize params its calibrate task reads (the statistics); the others only re-derive
    scales, so changing them does not run the model over the calibration data again."""

    samples: PositiveInt | None
    histogram_bins: int  # 0: no histogram (only 'minmax' reads the statistics: range and means)


class QuantizeParams(QuantizeStage):
    """The spec's quantize settings and what the model's targets allow its precision fallback."""

    float_fallback: bool = True  # every target computes float (none lacks a float32 MAC rate: the GPNPUs do)


def allows_float(targets: list[TargetSpec]) -> bool:
    """Whether every target runs float layers: host and MCU cores do, an array without a float32
    MAC rate (the GPNPUs) does not."""
    return all(t.array is None or t.array.macs_per_cycle.float32 is not None for t in targets)


class CodegenParams(Settings):
    toolchains: dict[str, Compiler]  # a CMake toolchain file for each cross-compiled target


class EvaluateParams(Settings):
    max_samples: PositiveInt | None
    range_tolerance: float
    relative_tolerance: float
    embedded_samples: PositiveInt | None = None  # None: the target has no emulator
    profile_samples: NonNegativeInt | None = None  # None: no profiling build runs on this target

    @model_serializer(mode="wrap")
    def _applicable(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Settings a target cannot use are left out, so that changing them re-runs no task of it."""
        return {key: value for key, value in handler(self).items()
                if value is not None or key not in ("embedded_samples", "profile_samples")}


class NoParams(Settings):
    pass


class ReportParams(Settings):
    fail_over_budget: bool  # False in a sweep: a point over budget is a row of the sweep report
    artifacts: list[tuple[str, str]]  # label, path relative to the report's folder


class BundleParams(Settings):
    files: dict[str, str]  # member path -> file
    model: str  # the member path of the shipped model
    quantized: bool
    dependencies: dict[str, str]  # model, calibration, validation, target, pipeline -> file
    cxx: str
    source_date_epoch: int


class SweepEntry(Settings):
    point: str
    params: Point
    target: str


class SweepParams(Settings):
    axes: dict[str, list[SweepValue]]
    rows: list[SweepEntry]  # one per report the sweep reads, in the order of its files


# The files each stage reads (its dependencies in the task graph, beyond the spec's data files).

@dataclass(frozen=True)
class IntakeFiles:
    bundle: Path
    pubkey: Path | None


@dataclass(frozen=True)
class ModelFile:
    """import, sparsify, calibrate, codegen: the one model they read."""

    model: Path


@dataclass(frozen=True)
class QuantizeFiles:
    model: Path  # the float model
    statistics: Path  # calibrate's
    source: Path  # the model file import read: the shipped QDQ model keeps its dynamic dimensions


@dataclass(frozen=True)
class CompileFiles:
    package: Path


@dataclass(frozen=True)
class EvaluateFiles:
    package: Path
    runner: Path  # the host build: the cross build's reference, or the target's own
    trace_runner: Path  # the same program writing every layer's output
    float_model: Path | None  # the float reference (None: it arrived quantized, no float_onnx)
    integer_model: Path | None = None  # int8 programs: the lowered program, the golden model
    qdq_model: Path | None = None  # int8 programs: what onnxruntime runs
    firmware: Path | None = None  # emulated targets: the image QEMU runs
    profiler: Path | None = None  # the profiling build, where the target runs its code


@dataclass(frozen=True)
class SimulateFiles:
    plan: Path
    manifest: Path
    library: Path


@dataclass(frozen=True)
class ReportFiles:
    records: tuple[Path, ...]  # stage.json of every stage the report covers
    summary: Path
    package: Path
    plan: Path
    compare: Path
    sim: Path | None = None
    sizes: Path | None = None  # cross-compiled targets: the library's sections
    emulator_run: Path | None = None
    profile: Path | None = None  # only deterministic profiles (QEMU's instruction counts)
    sparsity: Path | None = None
    origin: Path | None = None


@dataclass(frozen=True)
class BundleFiles:
    spec: Path
    report: Path
    records: tuple[Path, ...]
    key: Path | None  # None: unsigned


@dataclass(frozen=True)
class SweepFiles:
    reports: tuple[Path, ...]  # in the order of SweepParams.rows


@dataclass(frozen=True)
class NoFiles:
    pass


ParamsT = TypeVar("ParamsT", bound=BaseModel)
FilesT = TypeVar("FilesT")


@dataclass(frozen=True)
class StageCall(Generic[ParamsT, FilesT]):
    """Everything one run of a stage needs."""

    stage: str
    pipeline: str
    spec_dir: Path
    model: ModelSpec
    target_name: str | None
    target: TargetSpec | None
    params: ParamsT
    files: FilesT
    inputs: tuple[Path, ...]  # every file it depends on, in a fixed order (the cache key's)
    outputs: tuple[Path, ...]
    out_dir: Path  # where it writes: a staging folder while it runs
    published_dir: Path | None = None  # while it runs in a staging folder: the folder it publishes to
    config: dict[str, Any] = field(default_factory=dict)  # what config_changed sees, version included
    cache: Path | None = None  # the stage cache's folder; None: not cached
    recompute: bool = False  # `doit -a`: run the stage even when the cache holds its outputs (then store them)

    @property
    def settings(self) -> dict[str, Any]:
        return settings_json(self.params)

    @property
    def final_dir(self) -> Path:
        """The stage's folder once its outputs are published."""
        return self.published_dir or self.out_dir

    def require_target(self) -> TargetSpec:
        """The target of a per-target stage (the graph gives one to every such call)."""
        assert self.target is not None and self.target_name is not None, f"{self.stage} runs per target"
        return self.target
