"""report.json: everything both companies want to know about one model on one target."""

from __future__ import annotations

from schemas.artifacts import Accuracy, Contract, Figure, Int8Comparison, OutputComparison, WeightStorage
from schemas.embedded import EmbeddedSection
from schemas.sparsity import SparsityReport


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
    weights_bytes: int
    weights_bytes_dense: int  # the same constants with every layer's weights stored dense
    weight_storage: list[WeightStorage]  # int8 programs: format, bytes and MACs of each weighted layer


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
    sparsity: SparsityReport | None = None  # when the sparsify stage ran
    embedded: EmbeddedSection | None = None  # cross-compiled targets
