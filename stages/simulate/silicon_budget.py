"""The budget verdict: each budget item of the target against the simulated figure, and on a
fail the layers that cause it and by how much."""

from __future__ import annotations

from collections.abc import Callable

from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.simulation import BudgetItem, BudgetName, BudgetVerdict, LayerSim, format_figure
from ferry.schemas.target import Budget

TOP_LAYERS = 3  # layers named per failing item


def _label(layer: LayerSim) -> str:
    return f"[{layer.index}] '{layer.node}'"


def _top(layers: list[LayerSim], key: Callable[[LayerSim], float]) -> list[LayerSim]:
    ranked = sorted((layer for layer in layers if key(layer) > 0), key=lambda layer: (-key(layer), layer.index))
    return ranked[:TOP_LAYERS]


def _latency_causes(layers: list[LayerSim]) -> list[str]:
    total = sum(layer.cycles for layer in layers) or 1
    return [f"{_label(layer)} {layer.cycles:,} cycles ({layer.cycles / total:.0%}; {layer.bound}-bound, "
            f"array {layer.array_efficiency:.0%} used)" for layer in _top(layers, lambda layer: layer.cycles)]


def _energy_causes(layers: list[LayerSim]) -> list[str]:
    total = sum(layer.energy.total_pj for layer in layers) or 1.0
    return [f"{_label(layer)} {layer.energy.total_pj / 1e6:.4g} uJ ({layer.energy.total_pj / total:.0%})"
            for layer in _top(layers, lambda layer: layer.energy.total_pj)]


def _sram_causes(layers: list[LayerSim], plan: MemoryPlanRecord, staging_bytes: int) -> list[str]:
    peak = max(layers, key=lambda layer: (layer.arena_top_bytes, -layer.index))
    live = sorted((t for t in plan.tensors if t.first <= peak.index <= t.last), key=lambda t: t.offset)
    tensors = ", ".join(f"'{t.name}' {t.bytes:,} B @{t.offset:,}" for t in live)
    return [f"arena peak {plan.arena_bytes:,} B at {_label(peak)}: live {tensors}",
            f"the caller's input and output buffers {plan.io_bytes:,} B",
            *([f"weight staging buffers {staging_bytes:,} B"] if staging_bytes else [])]


def _flash_causes(layers: list[LayerSim], code_bytes: int | None) -> list[str]:
    causes = [f"{_label(layer)} weights {layer.counts.weight_bytes:,} B"
              for layer in _top(layers, lambda layer: layer.counts.weight_bytes)]
    return causes + ([f"code {code_bytes:,} B"] if code_bytes else [])


def _basis(code_bytes: int | None, mcu: bool) -> dict[str, str]:
    """How the simulator obtains each figure."""
    return {"latency_ms": "estimated: " + ("the cost model's instructions x the stated cycles per instruction"
                                          if mcu else "the array and memory model of the target file"),
            "sram_bytes": "planned: arena, I/O buffers and weight staging (exact by construction)",
            "flash_bytes": ("measured: weights and the compiled library's code (size)" if code_bytes is not None
                            else "estimated: weights alone (no compiled library)"),
            "energy_uj": "estimated: per-operation and per-byte figures of the target file"}


def check_budget(budget: Budget, figures: dict[str, float], layers: list[LayerSim],
                 plan: MemoryPlanRecord, staging_bytes: int, code_bytes: int | None,
                 mcu: bool = False) -> BudgetVerdict:
    """`figures`: latency_ms, sram_bytes, flash_bytes, energy_uj of the whole inference. `mcu`:
    latency comes from the cost model (instructions), not the array model."""
    basis = _basis(code_bytes, mcu)
    explain: dict[BudgetName, Callable[[], list[str]]] = {
        "latency_ms": lambda: _latency_causes(layers),
        "sram_bytes": lambda: _sram_causes(layers, plan, staging_bytes),
        "flash_bytes": lambda: _flash_causes(layers, code_bytes),
        "energy_uj": lambda: _energy_causes(layers),
    }
    items = []
    for name, causes in explain.items():
        limit = getattr(budget, name)
        if limit is None:
            continue
        figure = figures[name]
        passed = figure <= limit
        items.append(BudgetItem(name=name, figure=figure, limit=limit, passed=passed,
                                excess=0.0 if passed else figure - limit,
                                causes=[] if passed else causes(), basis=basis[name]))
    return BudgetVerdict.of(items, budget.enforce)


def describe_failure(model: str, target: str, verdict: BudgetVerdict) -> str:
    """What a person reads when a model is over budget: each failing item, then its causes."""
    lines = [f"{model} is over budget on {target}:"]
    for item in verdict.items:
        if item.passed:
            continue
        lines.append(f"  {item.name}: {format_figure(item.name, item.figure)} > "
                     f"{format_figure(item.name, item.limit)} "
                     f"(over by {format_figure(item.name, item.excess)}, {item.excess / item.limit:.0%})")
        lines += [f"    {cause}" for cause in item.causes]
    return "\n".join(lines)
