"""report.json: everything both companies want to know about one model on one target."""

from __future__ import annotations

from ferry.schemas.artifacts import (
    Accuracy,
    Contract,
    Figure,
    Fp32Tolerance,
    Int8Comparison,
    OutputComparison,
    WeightStorage,
)
from ferry.schemas.bundle import BundleOrigin
from ferry.schemas.embedded import EmbeddedSection
from ferry.schemas.profile import ProfileSection
from ferry.schemas.simulation import BudgetVerdict, LayerSim
from ferry.schemas.sparsity import SparsityReport


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
    tolerance: Fp32Tolerance | None = None
    fp32: OutputComparison  # the first output against the float model
    outputs: dict[str, OutputComparison]
    int8: Int8Comparison | None = None


class LayerRow(Contract):
    """One node of the program in the per-layer table (report.json `layers`, layers.csv): what it
    is, what it costs (estimated by the simulator, measured where the code ran) and how exact it is."""

    index: int
    node: str
    op: str
    kernel: str | None  # the C++ call; None: a view, no code runs
    inputs: list[list[int]]  # activation shapes read (constants left out)
    outputs: list[list[int]]
    macs: int | None  # executed per inference (simulator, padding taps skipped); None: not simulated
    weight_bytes: int  # const arrays the call reads (weights, tables)
    activation_bytes: int  # bytes the call writes
    estimated_cycles: int | None = None  # the simulator's, on targets that describe silicon
    # measured where the code ran (host, or the emulator), when the target is profiled
    measured_instructions: float | None = None
    measured_time_us: float | None = None
    sqnr_db: float | None = None  # int8 programs: against the float model's tensor of the same name
    cosine: float | None = None
    exact: bool | None = None  # C++ equal to the golden model bit for bit; False: within a tolerance
    cpp_mismatches: int | None = None


class ArtifactLink(Contract):
    label: str
    path: str  # relative to the report's folder
    note: str = ""


class FigureChange(Contract):
    name: str
    previous: float | None
    current: float | None


class PreviousRun(Contract):
    """What changed since the report this run replaced (same outputs folder, model and target)."""

    params: list[str]  # "quantize.calibration: minmax -> entropy", stage versions too
    figures: list[FigureChange]  # only the figures that differ


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
    layers: list[LayerRow] = []
    artifacts: list[ArtifactLink] = []
    # the headline figures, flat, so that the next run can compare itself with this one
    figures: dict[str, float | None] = {}
    previous: PreviousRun | None = None
    # targets that run the code (QEMU, the host): the measured per-layer profile beside `sim`, and
    # the cost model's error against it
    profile: ProfileSection | None = None
