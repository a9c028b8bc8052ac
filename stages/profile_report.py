"""The report's `profile` section: the measured profile, the cost model's error against it, and a
budget verdict that judges latency on the measurement where there is one."""

from __future__ import annotations

from math import sqrt

from ferry.schemas.profile import LayerError, ModelError, Profile, ProfileSection
from ferry.schemas.simulation import BudgetItem, BudgetVerdict, SimulationResult

TOP_LAYERS = 3


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None with fewer than two points or no spread."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    return sxy / sqrt(sxx * syy) if sxx > 0 and syy > 0 else None


def model_error(sim: SimulationResult, measured: Profile) -> ModelError | None:
    """The cost model's instructions against the measured ones, per layer and in total; None when
    the target has no cost model or the profile counted no instructions."""
    if sim.cycles_per_instruction is None or measured.total_instructions is None:
        return None
    by_index = {m.index: m for m in measured.layers}
    layers = []
    for layer in sim.layers:
        got = by_index[layer.index].instructions if layer.index in by_index else None
        if got is None or layer.instructions is None:
            continue
        with_code = layer.cost_entry != "view"
        layers.append(LayerError(index=layer.index, node=layer.node, op=layer.op, kernel=layer.cost_entry,
                                 estimated_instructions=layer.instructions, measured_instructions=got,
                                 ratio=layer.instructions / got if with_code and got > 0 else None))
    coded = [layer for layer in layers if layer.kernel != "view"]
    estimated = sum(layer.estimated_instructions for layer in layers)
    total = sum(layer.measured_instructions for layer in layers)
    ratio = estimated / total if total else 0.0
    return ModelError(
        cycles_per_instruction=sim.cycles_per_instruction, estimated_instructions=estimated,
        measured_instructions=total, total_ratio=ratio, total_error=ratio - 1,
        correlation=_correlation([layer.estimated_instructions for layer in coded],
                                 [layer.measured_instructions for layer in coded]),
        calibration=sim.cost_model or "", layers=layers)


def measured_budget(budget: BudgetVerdict, sim: SimulationResult, measured: Profile) -> BudgetVerdict:
    """The verdict with latency judged on the measured instructions x the stated CPI (QEMU counts
    instructions, not cycles: the CPI stays an assumption, and the basis says so)."""
    if sim.cycles_per_instruction is None or measured.total_instructions is None:
        return budget
    cpi = sim.cycles_per_instruction
    items = []
    for item in budget.items:
        if item.name == "latency_ms":
            figure = measured.total_instructions * cpi / sim.clock_hz * 1e3
            passed = figure <= item.limit
            top = sorted((layer for layer in measured.layers if layer.instructions),
                         key=lambda layer: (-(layer.instructions or 0.0), layer.index))[:TOP_LAYERS]
            causes = [] if passed else [
                f"[{layer.index}] '{layer.node}' {layer.instructions:,.0f} instructions measured "
                f"({(layer.instructions or 0.0) / measured.total_instructions:.0%})" for layer in top]
            item = BudgetItem(name=item.name, figure=figure, limit=item.limit, passed=passed,
                              excess=0.0 if passed else figure - item.limit, causes=causes,
                              basis=f"measured: {measured.total_instructions:,.0f} instructions in QEMU (icount) "
                                    f"x {cpi:g} cycles per instruction (ASSUMED) at {sim.clock_hz / 1e6:g} MHz")
        items.append(item)
    return BudgetVerdict.of(items, budget.enforce)


def profile_section(sim: SimulationResult | None, measured: Profile) -> ProfileSection:
    return ProfileSection(measured=measured, error=model_error(sim, measured) if sim is not None else None)
