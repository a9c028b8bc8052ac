"""The example and a MobileNetV2-style model on every target that describes silicon: latency,
energy, array utilization, peak SRAM, flash and the budget verdict; then, on the 1-TOPS GPNPU, how
well the convolutions map onto its 16x16 array by output map size.

    python -m bench.silicon

Flash counts the weights only here (no compile stage runs); in the pipeline it is measured on
the compiled library.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.memory_plan import example_package
from bench.mobilenet_v2 import build_package
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.loader import load_model
from ferry.schemas.simulation import SimulationResult
from ferry.schemas.target import TargetSpec
from ferry.stages.simulate import simulate

ROOT = Path(__file__).resolve().parents[1]


def targets() -> list[TargetSpec]:
    loaded = [load_model(path, TargetSpec) for path in sorted((ROOT / "targets").glob("*.yaml"))]
    return [t for t in loaded if t.simulated]


def table(name: str, plan: MemoryPlanRecord) -> dict[str, SimulationResult]:
    print(f"{name}: {len(plan.layers)} layers, weights {plan.weights_bytes:,} B, arena {plan.arena_bytes:,} B")
    print(f"  {'target':13} {'cycles':>11} {'latency ms':>11} {'inf/s':>9} {'energy uJ':>10} "
          f"{'util':>6} {'peak SRAM B':>12}  budget")
    results = {}
    for target in targets():
        r = simulate(name, target, plan, None)
        failed = [i.name for i in r.budget.items if not i.passed]
        print(f"  {target.name:13} {r.cycles:11,} {r.latency_ms:11.4f} {r.inferences_per_s:9,.0f} "
              f"{r.energy_uj:10.2f} {r.utilization:6.1%} {r.peak_sram_bytes:12,}  "
              f"{r.budget.verdict}{' (' + ', '.join(failed) + ')' if failed else ''}")
        results[target.name] = r
    return results


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ferry-silicon-") as scratch:
        folder = Path(scratch)
        example = example_package(folder / "example")
        table("digits example", MemoryPlanRecord.model_validate_json((example / "memory_plan.json").read_text()))
        (folder / "mobilenet").mkdir()
        package = build_package(folder / "mobilenet", 224, 0.35)
        plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
    results = table("MobileNetV2-style 224x224 width 0.35", plan)
    print("  gpnpu_1tops (16x16 elements): array efficiency of the convolutions by output map")
    by_map: dict[tuple[int, int], list[float]] = {}
    for layer in results["gpnpu_1tops"].layers:
        if layer.op == "QConv":
            by_map.setdefault(layer.grid, []).append(layer.array_efficiency)
    for grid, values in sorted(by_map.items(), reverse=True):
        print(f"    {grid[0]:3}x{grid[1]:<3} {len(values):3} layers {min(values):5.0%} .. {max(values):4.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
