"""The digits vision transformer in integers: accuracy, bit-exactness and the 1-TOPS GPNPU.

    python -m bench.transformer

Runs `pipeline_vit_int8.yaml` (both exports, int8 with no float layer, host and gpnpu_1tops)
with doit into a temporary folder and prints, per export: fp32, int8 golden-model and int8 C++
top-1 on the 360 validation samples, C++ vs golden mismatches (every layer, trace build), the
float layers left (none expected), the worst layer SQNR and the worst softmax and LayerNorm; then
on gpnpu_1tops the cycles, latency, energy and budget verdict, the layers that take the most
cycles, and the counting build against the simulator on every layer.
Exit status 1 when an export misses a figure of issue 8 (top-1 within 1 point of fp32, 0
mismatches, no float layer, budget pass, counts equal).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from ferry.schemas.artifacts import Comparison, LayerComparison, MemoryPlanRecord, PackageManifest
from ferry.schemas.simulation import SimulationResult
from ferry.stages.simulate.counting import build_counting_runner, count_layers
from ferry.stages.simulate.kernels import layer_work

ROOT = Path(__file__).resolve().parents[1]

SPEC = ROOT / "pipeline_vit_int8.yaml"
EXPORTS = ("digits_vit_opset17", "digits_vit_opset13")
MAX_DROP_POINTS = 1.0
TOP_LAYERS = 10


def _worst(layers: list[LayerComparison], op: str | None = None) -> LayerComparison:
    chosen = [layer for layer in layers if layer.sqnr_db is not None and op in (None, layer.op)]
    return min(chosen, key=lambda layer: layer.sqnr_db)


def _counts_agree(package: Path, work: Path) -> tuple[int, int]:
    """(layers where the counting build equals the simulator, layers) on one validation digit."""
    manifest = PackageManifest.model_validate_json((package / "package.json").read_text())
    plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
    port = manifest.inputs[0]
    image = np.load(ROOT / "models/digits_val.npz")["x"][:1]
    sample = np.clip(np.round(image / port.scale) + port.zero_point, -128, 127).astype(np.int8)
    counted = count_layers(build_counting_runner(package, work), sample.tobytes(), work)
    equal = sum(layer_work(layer).counts == counted.get(layer.index) for layer in plan.layers)
    return equal, len(plan.layers)


def report(folder: Path, model: str) -> bool:
    comparison = Comparison.model_validate_json((folder / "host/evaluate/compare.json").read_text())
    sim = SimulationResult.model_validate_json((folder / "gpnpu_1tops/simulate/sim.json").read_text())
    accuracy, int8 = comparison.accuracy, comparison.int8
    assert accuracy is not None and int8 is not None and accuracy.int8_top1 is not None
    drop = 100 * (accuracy.fp32_top1 - accuracy.int8_top1)
    print(f"{model}: {int8.samples} validation samples")
    print(f"  top-1 fp32 / int8 golden / int8 C++   {accuracy.fp32_top1:.4f} / {accuracy.int8_top1:.4f} / "
          f"{accuracy.cpp_top1:.4f} (drop {drop:.2f} points, limit {MAX_DROP_POINTS})")
    print(f"  C++ vs golden model                   {int8.cpp_vs_golden_mismatches} mismatches, "
          f"first differing layer: {int8.first_mismatch}")
    print(f"  float layers                          {len(int8.float_layers)} {sorted(int8.float_layers)}")
    for label, op in (("worst layer", None), ("worst softmax", "QSoftmax"), ("worst LayerNorm", "QLayerNorm")):
        layer = _worst(int8.layers, op)
        print(f"  SQNR {label:32} {layer.sqnr_db:5.1f} dB  {layer.op:10} {layer.node}")
    print(f"  output SQNR                           {int8.output_sqnr_db:.1f} dB")
    failed = [i.name for i in sim.budget.items if not i.passed]
    print(f"  gpnpu_1tops: {sim.cycles:,} cycles = {sim.latency_ms * 1000:.1f} us, {sim.energy_uj:.2f} uJ, "
          f"{sim.macs:,} MACs, utilization {sim.utilization:.1%}, peak SRAM {sim.peak_sram_bytes:,} B, "
          f"flash {sim.flash_bytes:,} B; budget {sim.budget.verdict}{' ' + str(failed) if failed else ''}")
    print(f"  {'#':>3} {'node':44} {'op':10} {'MACs':>7} {'cycles':>7} {'share':>6}  bound")
    for layer in sorted(sim.layers, key=lambda layer: (-layer.cycles, layer.index))[:TOP_LAYERS]:
        print(f"  {layer.index:>3} {layer.node[-44:]:44} {layer.op:10} {layer.counts.macs:>7,} "
              f"{layer.cycles:>7,} {layer.cycles / sim.cycles:>6.1%}  {layer.bound}")
    by_op: dict[str, int] = {}
    for layer in sim.layers:
        by_op[layer.op] = by_op.get(layer.op, 0) + layer.cycles
    print("  cycles by op: " + ", ".join(f"{op} {cycles:,}" for op, cycles in
                                         sorted(by_op.items(), key=lambda item: -item[1]) if cycles))
    equal, layers = _counts_agree(folder / "codegen/package", folder / "count")
    print(f"  counting build vs simulator           {equal} of {layers} layers equal on MACs and bytes")
    return (drop <= MAX_DROP_POINTS and int8.cpp_vs_golden_mismatches == 0 and not int8.float_layers
            and sim.budget.verdict == "pass" and equal == layers)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ferry-vit-") as scratch:
        outputs = Path(scratch)
        command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
                   f"pipeline={SPEC}", f"outputs={outputs}"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        results = [report(outputs / "digits_vit_int8" / model, model) for model in EXPORTS]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
