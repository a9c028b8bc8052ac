"""Contracts between stages: the JSON files one stage writes and a later one reads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NodeSummary(Contract):
    name: str
    op: str
    inputs: list[list[int]]
    outputs: list[list[int]]
    params: int
    macs: int


class ImportSummary(Contract):
    """summary.json of the import stage: the model as ferry sees it after import."""

    model: str
    opset: int
    inputs: dict[str, list[int]]
    outputs: dict[str, list[int]]
    nodes: list[NodeSummary]
    total_params: int
    total_macs: int
    ops: dict[str, int]  # op type -> node count
    removed: dict[str, int]  # what import simplified away: folded constants, BatchNorms, Identities


class TensorPort(Contract):
    """One input or output of the generated C API."""

    onnx_name: str
    c_name: str
    shape: list[int]
    dtype: str  # numpy dtype name


class PackageManifest(Contract):
    """package.json of the codegen stage: how to call the generated library."""

    model: str
    prefix: str  # C symbol prefix: <prefix>_run
    inputs: list[TensorPort]
    outputs: list[TensorPort]
    sources: list[str]  # translation units of the library, relative to the package folder
    runner: str  # host runner source
    arena_bytes: int
    arena_lower_bound_bytes: int
    arena_naive_bytes: int
    weights_bytes: int
    macs: int
    nodes: int


Figure = float | int | str | None


class StageRecord(Contract):
    """stage.json, written last by every stage: what ran, on what, producing what."""

    stage: str
    version: int
    model: str
    target: str | None
    params: dict[str, object]
    inputs: dict[str, str]  # path (relative to the spec folder) -> sha256
    outputs: dict[str, str]
    figures: dict[str, Figure]


class OutputComparison(Contract):
    max_abs_err: float
    max_rel_err: float  # max |cpp - ref| / max |ref|, per sample, worst sample
    cosine_min: float
    top1_agreement: float | None  # None when the output is not a class score vector


class Accuracy(Contract):
    reference_top1: float
    cpp_top1: float


class Comparison(Contract):
    """compare.json of the evaluate stage: the C++ against onnxruntime on the validation data."""

    samples: int
    dropped_samples: int  # left over when the data does not divide into the model's batch
    reference: str  # what the C++ was compared with
    outputs: dict[str, OutputComparison]
    fp32: OutputComparison  # the first output: the one the figures quote
    accuracy: Accuracy | None
    max_abs_err_limit: float
    within_tolerance: bool
