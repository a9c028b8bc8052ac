"""Cycles and energy of one layer on a target: the array and memory model.

Every assumption of the model is written here; every figure it uses is in the target file.

Mapping. A layer's output plane (the last two axes of its first output: the height x width of a
feature map, the rows x columns of a matrix product) is cut into tiles of the array's
rows x columns; the leading axes (batch, channels) are planes, mapped one after another. Each
processing element computes one output element, running its `reduction` taps in time at
`macs_per_cycle` per cycle. A layer thus takes planes x tiles x ceil(reduction / macs_per_cycle)
cycles of compute, and elements outside the plane idle: a 7x7 map on a 16x16 array keeps 49 of 256
elements busy (19%). The lockstep array spends the cycles of padding taps although the kernels
skip them; `array_efficiency` shows both losses. Pooling, elementwise and softmax operations run
one element operation per MAC slot. Data movement (copy, slice, transpose, pad, concat) uses no
compute: its transfers alone set its cycles.

Memory. Weights (every const array) live in external memory and cross it once per layer. Behind
DRAM they stream through two SRAM staging buffers of `sram.staging_bytes` (double buffering):
written by the DMA, read by the array, in chunks that each pay `external.latency_cycles`, with
`dma_engines` chunks in flight at once. Behind flash the core reads them in place (execute in
place): no staging, one latency per layer. Activations (the arena and the caller's input and
output buffers) live in SRAM and cross its port once per layer (compulsory traffic: re-fetches for
want of register memory are not modelled).

Time. Transfers overlap compute (double buffering, the next layer's first chunk prefetched during
the current one): a layer takes max(compute, external, SRAM) cycles plus the target's
`layer_overhead_cycles`. A view (no code) takes none. A microcontroller with a `cost_model` is
not an array: one core runs the kernels as an instruction stream, so its layer takes the
instructions its kernel executes (stages/simulate/mcu_cost.py, calibrated on QEMU profiles) times
the stated cycles per instruction; memory wait states are inside that figure, not added to it.

Energy. Each MAC or element operation costs `mac_pj` at the layer's precision and reads two
operands from registers; SRAM and external bytes cost their per-byte read and write figures.
Static (leakage) power and control logic are not modelled.
"""

from __future__ import annotations

from math import ceil

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import MemoryPlanRecord, PlannedLayer
from ferry.schemas.simulation import Bound, Energy, LayerSim
from ferry.schemas.target import TargetSpec
from ferry.stages.simulate import mcu_cost
from ferry.stages.simulate.isa import compiles_helium
from ferry.stages.simulate.kernels import Work

OPERANDS_PER_MAC = 2  # an activation and a weight, from the element's registers


def staged_through_sram(target: TargetSpec) -> bool:
    assert target.external is not None
    return target.external.kind == "dram"


def staging_chunk(target: TargetSpec, largest_weights: int) -> int:
    """Bytes of one staging buffer: the target's figure, or the largest layer's weights."""
    assert target.sram is not None
    if not staged_through_sram(target) or largest_weights == 0:
        return 0
    return min(target.sram.staging_bytes or largest_weights, largest_weights)


def mac_rate(target: TargetSpec, precision: str, layer: PlannedLayer) -> tuple[int, float]:
    """(MACs per element per cycle, pJ per MAC) at a precision; a clear error when unsupported."""
    assert target.array is not None and target.energy is not None
    rate = getattr(target.array.macs_per_cycle, precision)
    energy = getattr(target.energy.mac_pj, precision)
    if rate is None or energy is None:
        missing = "array.macs_per_cycle" if rate is None else "energy.mac_pj"
        raise FerryError(
            f"target '{target.name}' has no {precision} figure ({missing}.{precision}) for layer "
            f"[{layer.index}] '{layer.node}' ({layer.op}); quantize the model to int8 for it, "
            f"or describe {precision} in the target file")
    return rate, energy


def arena_top(plan: MemoryPlanRecord, index: int) -> int:
    """The highest arena byte in use while layer `index` runs."""
    return max((t.offset + t.bytes for t in plan.tensors if t.first <= index <= t.last), default=0)


def _external_cycles(target: TargetSpec, weight_bytes: int, chunk: int) -> int:
    assert target.external is not None
    if weight_bytes == 0:
        return 0
    external = target.external
    streaming = weight_bytes / external.bandwidth_bytes_per_cycle
    if not staged_through_sram(target):
        return ceil(external.latency_cycles + streaming)
    waves = ceil(ceil(weight_bytes / chunk) / target.dma_engines)
    return ceil(waves * external.latency_cycles + streaming)


def _bound(compute: int, external: int, sram: int, overhead: int) -> Bound:
    busiest = max(compute, external, sram)
    if busiest == 0:
        return "overhead" if overhead else "none"
    if compute == busiest:
        return "compute"
    return "external" if external == busiest else "sram"


def simulate_layer(layer: PlannedLayer, work: Work, target: TargetSpec, plan: MemoryPlanRecord,
                   chunk: int) -> LayerSim:
    assert target.array is not None and target.sram is not None and target.energy is not None
    array, energy = target.array, target.energy
    counts = work.counts
    rate, mac_pj = mac_rate(target, work.precision, layer) if layer.kernel else (1, 0.0)
    tiles = work.planes * ceil(work.grid[0] / array.rows) * ceil(work.grid[1] / array.columns)
    compute = tiles * ceil(work.reduction / rate) if work.reduction else 0
    elements = array.rows * array.columns
    useful = counts.macs or work.ops
    staged = counts.weight_bytes if staged_through_sram(target) else 0
    sram_read, sram_write = counts.read_bytes + staged, counts.write_bytes + staged
    external = _external_cycles(target, counts.weight_bytes, chunk)
    sram = ceil((sram_read + sram_write) / target.sram.bandwidth_bytes_per_cycle)
    overhead = target.layer_overhead_cycles if layer.kernel else 0
    instructions, entry = None, None
    if target.cost_model is not None:
        # One core: its instruction stream (loads and stores among them) is the layer's time.
        helium = compiles_helium(target.compiler.flags)
        instructions, entry = mcu_cost.estimate(layer, work, target.cost_model, helium)
        compute, overhead = ceil(instructions * target.cost_model.cycles_per_instruction), 0
        external = sram = 0
    cycles = max(compute, external, sram) + overhead
    itemsize = 4 if work.precision == "float32" else (2 if work.precision == "int16" else 1)
    return LayerSim(
        index=layer.index, node=layer.node, op=layer.op, counts=counts, ops=work.ops,
        precision=work.precision, grid=work.grid, planes=work.planes,
        tiles=tiles if work.reduction else 0, reduction=work.reduction,
        array_efficiency=useful / (compute * elements * rate) if compute else 0.0,
        utilization=useful / (cycles * elements * rate) if cycles else 0.0,
        sram_bytes=sram_read + sram_write, external_bytes=counts.weight_bytes,
        compute_cycles=compute, external_cycles=external, sram_cycles=sram,
        overhead_cycles=overhead, cycles=cycles, bound=_bound(compute, external, sram, overhead),
        energy=Energy(
            compute_pj=(counts.macs + work.ops) * mac_pj,
            register_pj=OPERANDS_PER_MAC * itemsize * counts.macs * energy.register_pj_per_byte,
            sram_pj=sram_read * energy.sram_read_pj_per_byte + sram_write * energy.sram_write_pj_per_byte,
            external_pj=counts.weight_bytes * energy.external_read_pj_per_byte,
        ),
        arena_top_bytes=arena_top(plan, layer.index),
        instructions=instructions, cost_entry=entry,
    )
