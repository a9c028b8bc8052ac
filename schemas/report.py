"""report.json: everything both companies want to know about one model on one target."""

from __future__ import annotations

from schemas.artifacts import Accuracy, Contract, Figure, Int8Comparison, OutputComparison


class StageEntry(Contract):
    stage: str
    version: int
    params: dict[str, object]
    artifacts: list[str]  # relative to the spec folder
    figures: dict[str, Figure]


class ModelFigures(Contract):
    nodes: int
    params: int
    macs: int
    ops: dict[str, int]


class Memory(Contract):
    arena_bytes: int
    arena_lower_bound_bytes: int
    arena_naive_bytes: int
    arena_scratch_bytes: int  # the largest kernel scratch buffer, inside arena_bytes
    weights_bytes: int


class CompareSection(Contract):
    samples: int
    reference: str
    within_tolerance: bool
    max_abs_err_limit: float | None
    fp32: OutputComparison  # the first output against the float model
    outputs: dict[str, OutputComparison]
    int8: Int8Comparison | None = None


class Report(Contract):
    pipeline: str
    model: str
    target: str
    stages: list[StageEntry]
    summary: ModelFigures
    memory: Memory
    compare: CompareSection
    accuracy: Accuracy | None
