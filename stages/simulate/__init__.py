"""Simulate stage: one model's generated program on one target's silicon, layer by layer.

Reads the package's memory_plan.json (every kernel call with its parameters and operands, and the
arena plan), the target, and the size of the compiled library; writes sim.json: per layer MACs,
bytes at each memory level, the mapping onto the array, cycles and energy (kernels.py: what each
kernel does; machine.py: the array and memory model and its assumptions), the totals, and the
budget verdict (silicon_budget.py).
"""

from __future__ import annotations

from ferry.core.errors import FerryError
from ferry.core.files import write_json_atomic
from ferry.engine.contracts import Figures, NoParams, SimulateFiles, StageCall
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.schemas.simulation import SimulationResult
from ferry.schemas.target import TargetSpec
from ferry.stages.simulate.isa import check_claimed_rate
from ferry.stages.simulate.kernels import layer_work
from ferry.stages.simulate.machine import simulate_layer, staging_chunk
from ferry.stages.simulate.silicon_budget import check_budget
from ferry.toolchain.sizes import library_bytes


def sparse_macs(manifest: PackageManifest) -> dict[str, int]:
    """Node -> MACs its sparse kernel executes, from codegen's weight storage record."""
    return {layer.node: layer.macs for layer in manifest.weight_storage if layer.format != "dense"}


def simulate(model: str, target: TargetSpec, plan: MemoryPlanRecord, flash_measured: int | None,
             sparse_macs: dict[str, int] | None = None, mac_rate: str | None = None) -> SimulationResult:
    """`flash_measured`: bytes of the compiled library (None without a compile stage: flash then
    counts the weights alone). `sparse_macs`: node -> MACs its sparse kernel executes (codegen's
    count of the stored non-zero weights' taps, package.json `weight_storage`). `mac_rate`: what
    the compiled library's instructions reach (isa.check_claimed_rate)."""
    if not target.simulated:
        raise FerryError(f"target '{target.name}' is a {target.kind}: it describes no silicon to simulate")
    assert target.array is not None and target.clock_hz is not None
    works = [layer_work(layer, (sparse_macs or {}).get(layer.node)) for layer in plan.layers]
    largest = max((w.counts.weight_bytes for w in works), default=0)
    chunk = staging_chunk(target, largest)
    layers = [simulate_layer(layer, work, target, plan, chunk) for layer, work in zip(plan.layers, works)]
    cycles = sum(layer.cycles for layer in layers)
    elements = target.array.rows * target.array.columns
    rates = target.array.macs_per_cycle
    peak_work = sum(layer.cycles * elements * (getattr(rates, layer.precision) or 1) for layer in layers)
    macs = sum(layer.counts.macs for layer in layers)
    staging = 2 * chunk
    peak_sram = plan.arena_bytes + plan.io_bytes + staging
    code = None if flash_measured is None else max(flash_measured - plan.weights_bytes, 0)
    flash = plan.weights_bytes + (code or 0)
    energy_uj = sum(layer.energy.total_pj for layer in layers) / 1e6
    latency_ms = cycles / target.clock_hz * 1e3
    figures = {"latency_ms": latency_ms, "sram_bytes": peak_sram, "flash_bytes": flash,
               "energy_uj": energy_uj}
    return SimulationResult(
        model=model, target=target.name, kind=target.kind, clock_hz=target.clock_hz,
        array=f"{target.array.rows}x{target.array.columns} elements, "
              + ", ".join(f"{getattr(rates, p)} {p}" for p in ("int8", "int16", "float32")
                          if getattr(rates, p)) + " MACs per element per cycle",
        peak_macs_per_cycle=elements * rates.int8, macs=macs, cycles=cycles,
        latency_ms=latency_ms, inferences_per_s=target.clock_hz / cycles if cycles else 0.0,
        energy_uj=energy_uj, utilization=macs / peak_work if peak_work else 0.0,
        arena_bytes=plan.arena_bytes, io_bytes=plan.io_bytes, staging_bytes=staging,
        peak_sram_bytes=peak_sram, weights_bytes=plan.weights_bytes, code_bytes=code,
        flash_bytes=flash, layers=layers,
        budget=check_budget(target.budget, figures, layers, plan, staging, code, target.cost_model is not None),
        cost_model=cost_model_text(target), mac_rate=mac_rate,
        cycles_per_instruction=target.cost_model.cycles_per_instruction if target.cost_model else None,
    )


def cost_model_text(target: TargetSpec) -> str | None:
    """One line on how an mcu target's cycles are estimated, naming the CPI as an assumption."""
    model = target.cost_model
    if model is None:
        return None
    return (f"instructions from the kernels' loop counts x calibrated instructions per unit "
            f"({model.source}); cycles = instructions x {model.cycles_per_instruction:g} cycles per "
            f"instruction (ASSUMED, stated in the target file)")


def run_simulate(call: StageCall[NoParams, SimulateFiles]) -> Figures:
    """The simulate stage's entry point (ferry/engine/registry.py): sim.json."""
    target = call.require_target()
    plan = MemoryPlanRecord.model_validate_json(call.files.plan.read_text())
    manifest = PackageManifest.model_validate_json(call.files.manifest.read_text())
    flash = library_bytes(target.compiler.size, call.files.library)
    mac_rate = check_claimed_rate(target, call.files.library) if target.kind == "mcu" else None
    result = simulate(call.model.name, target, plan, flash, sparse_macs(manifest), mac_rate)
    write_json_atomic(call.out_dir / "sim.json", result.model_dump(mode="json"))
    return {"latency_ms": float(f"{result.latency_ms:.4g}"), "energy_uj": float(f"{result.energy_uj:.4g}"),
            "utilization": round(result.utilization, 3), "budget": result.budget.verdict}
