"""sim.json of the simulate stage: one model's program on one target's silicon, and its budget."""

from __future__ import annotations

from typing import Literal

from ferry.schemas.artifacts import Contract

BudgetName = Literal["latency_ms", "sram_bytes", "flash_bytes", "energy_uj"]
Bound = Literal["compute", "external", "sram", "overhead", "none"]


class LayerCounts(Contract):
    """What one layer's kernel call does, per inference: the figures a counting build of the
    generated C++ measures too (stages/simulate/counting.py), so they must be equal."""

    macs: int  # multiply-accumulates executed (padding taps are skipped, as the kernels do)
    weight_bytes: int  # const arrays read (flash or DRAM): each array the call touches, whole
    read_bytes: int  # distinct activation bytes read (arena and the caller's buffers: SRAM)
    write_bytes: int  # distinct activation bytes written


class Energy(Contract):
    """Picojoules of one layer, by where they are spent."""

    compute_pj: float
    register_pj: float
    sram_pj: float
    external_pj: float

    @property
    def total_pj(self) -> float:
        return self.compute_pj + self.register_pj + self.sram_pj + self.external_pj


class LayerSim(Contract):
    index: int
    node: str
    op: str
    counts: LayerCounts
    ops: int  # element operations of layers without MACs (pooling, elementwise, softmax)
    precision: str  # the MAC / element precision the array runs the layer in
    grid: tuple[int, int]  # the output plane mapped onto the array's rows and columns
    planes: int  # output planes, mapped one after another
    tiles: int  # array-sized tiles over all planes
    reduction: int  # taps per output element, run in time on each processing element
    array_efficiency: float  # useful work / work the occupied array cycles could do
    utilization: float  # useful work / the array's peak over the layer's cycles
    sram_bytes: int  # SRAM traffic: activations read and written, plus staged weights
    external_bytes: int  # external memory traffic (weights)
    compute_cycles: int
    external_cycles: int
    sram_cycles: int
    overhead_cycles: int
    cycles: int  # max(compute, external, sram) + overhead: transfers are double buffered
    bound: Bound
    energy: Energy
    arena_top_bytes: int  # the highest arena byte in use during the layer
    # targets with a cost model (mcu): estimated instructions and the kernel cost entry used
    # ('default' for a kernel the target's calibration has not seen)
    instructions: float | None = None
    cost_entry: str | None = None


UNITS: dict[str, str] = {"latency_ms": "ms", "sram_bytes": "B", "flash_bytes": "B", "energy_uj": "uJ"}
# What a person calls each budget item.
LABELS: dict[str, str] = {"latency_ms": "latency", "sram_bytes": "SRAM", "flash_bytes": "flash",
                          "energy_uj": "energy"}
# A figure in ms or uJ is shown in the largest of these units in which it is at least 1.
_SCALES = {"ms": ((1e3, "s"), (1.0, "ms"), (1e-3, "us"), (1e-6, "ns")),
           "uJ": ((1e3, "mJ"), (1.0, "uJ"), (1e-3, "nJ"), (1e-6, "pJ"))}


def format_figure(name: str, value: float) -> str:
    """A budget figure with its unit, as every report and message shows it: bytes with thousands
    separators, times and energies scaled to a readable unit (0.004468 ms -> 4.468 us)."""
    unit = UNITS[name]
    if unit == "B":
        return f"{value:,.0f} B"
    scales = _SCALES[unit]
    factor, shown = next(((f, u) for f, u in scales if abs(value) >= f), scales[-1])
    return f"{value / factor:.4g} {shown}"


class BudgetItem(Contract):
    name: BudgetName
    figure: float
    limit: float
    passed: bool
    excess: float  # figure - limit when over, else 0
    causes: list[str]  # on fail: the layers that cause it, and by how much
    basis: str = "estimated"  # how the figure was obtained: measured (how) or estimated (by what)


class BudgetVerdict(Contract):
    verdict: Literal["pass", "fail", "none"]  # none: the target sets no budget
    enforce: bool  # false: a fail is reported but does not fail the build
    items: list[BudgetItem]

    @classmethod
    def of(cls, items: list[BudgetItem], enforce: bool) -> BudgetVerdict:
        """The verdict on the budget's checked items: none without any, pass when all passed."""
        verdict: Literal["pass", "fail", "none"] = (
            "none" if not items else ("pass" if all(i.passed for i in items) else "fail"))
        return cls(verdict=verdict, enforce=enforce, items=items)


class SimulationResult(Contract):
    model: str
    target: str
    kind: str  # mcu | gpnpu
    clock_hz: float
    array: str  # e.g. "16x16 elements, 2 int8 MACs per element per cycle"
    peak_macs_per_cycle: int
    macs: int
    cycles: int
    latency_ms: float
    inferences_per_s: float
    energy_uj: float
    utilization: float  # MACs / (cycles x peak MACs per cycle)
    arena_bytes: int
    io_bytes: int  # the caller's input and output buffers
    staging_bytes: int  # the two weight staging buffers (DRAM targets)
    peak_sram_bytes: int  # arena + io + staging
    weights_bytes: int
    code_bytes: int | None  # measured on the compiled library; None without a compile stage
    flash_bytes: int  # weights + code
    layers: list[LayerSim]
    budget: BudgetVerdict
    # mcu targets: how cycles were estimated (the cost model, its CPI assumption, its calibration)
    # and the MAC rate the compiled library's instructions reach (stages/simulate/isa.py)
    cost_model: str | None = None
    cycles_per_instruction: float | None = None  # the target's stated (ASSUMED) CPI
    mac_rate: str | None = None
