"""report.json: everything both companies want to know about one model on one target."""

from __future__ import annotations

from schemas.artifacts import Accuracy, Contract, Figure, Int8Comparison, OutputComparison, WeightStorage
from schemas.bundle import BundleOrigin
from schemas.embedded import EmbeddedSection
from schemas.profile import ProfileSection
from schemas.simulation import BudgetVerdict, LayerSim
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
    arena_lower_bound_bytes: int  # the largest total of simultaneously live buffers
    arena_greedy_bytes: int  # greedy by size, the baseline the planner improves on
    arena_naive_bytes: int  # one buffer per tensor
    arena_scratch_bytes: int  # the largest kernel scratch buffer, inside arena_bytes
    weights_bytes: int
    weights_bytes_dense: int  # the same constants with every layer's weights stored dense
    weight_storage: list[WeightStorage]  # int8 programs: format, bytes and MACs of each weighted layer
    io_bytes: int  # the caller's input and output buffers
    # simulated targets: measured on the compiled library, and the SRAM peak with staging buffers
    flash_bytes: int | None = None
    code_bytes: int | None = None
    peak_sram_bytes: int | None = None


class SimSection(Contract):
    """The program on the target's silicon (sim.json of the simulate stage)."""

    array: str
    clock_hz: float
    macs: int  # executed, padding taps skipped
    cycles: int
    latency_ms: float
    inferences_per_s: float
    energy_uj: float
    utilization: float  # MACs / (cycles x the array's peak)
    layers: list[LayerSim]


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
    sim: SimSection | None = None  # targets that describe silicon
    budget: BudgetVerdict | None = None
    sparsity: SparsityReport | None = None  # when the sparsify stage ran
    embedded: EmbeddedSection | None = None  # cross-compiled targets
    origin: BundleOrigin | None = None  # models received in a hand-off bundle: the sender's provenance
    # targets that run the code (QEMU, the host): the measured per-layer profile beside `sim`, and
    # the cost model's error against it
    profile: ProfileSection | None = None
