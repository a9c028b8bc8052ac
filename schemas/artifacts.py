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
