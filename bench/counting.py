"""The counting build of the example against the simulator: MACs and bytes of every layer.

    python -m bench.counting

Builds the example's package (doit, up to codegen), compiles its counting build
(stages/simulate/counting.py), runs it on one validation sample and prints both counts per layer.
Exit status 1 when any figure differs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.stages.simulate.counting import build_counting_runner, count_layers
from ferry.stages.simulate.kernels import layer_work

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ferry-count-") as scratch:
        outputs = Path(scratch)
        command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
                   f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={outputs}", "codegen"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        package = outputs / "digits/digits_cnn/codegen/package"
        manifest = PackageManifest.model_validate_json((package / "package.json").read_text())
        plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
        port = manifest.inputs[0]
        image = np.load(ROOT / "models/digits_val.npz")["x"][:1]  # one validation digit, quantized
        sample = np.clip(np.round(image / port.scale) + port.zero_point, -128, 127).astype(np.int8)
        counted = count_layers(build_counting_runner(package, outputs / "count"), sample.tobytes(), outputs)
    fields = ("macs", "weight_bytes", "read_bytes", "write_bytes")
    print(f"{'#':>2} {'layer':34} " + " ".join(f"{f:>25}" for f in fields) + "  (simulator / counting build)")
    differ = 0
    for layer in plan.layers:
        predicted, measured = layer_work(layer).counts, counted.get(layer.index)
        same = predicted == measured
        differ += not same
        cells = [f"{getattr(predicted, f):>12,} / {getattr(measured, f, -1):<10,}" for f in fields]
        print(f"{layer.index:>2} {layer.node[-34:]:34} " + " ".join(cells) + ("" if same else "  DIFFERENT"))
    print(f"{len(plan.layers) - differ} of {len(plan.layers)} layers agree exactly on MACs and bytes")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
