"""Fit the Cortex-M targets' kernel costs (targets/<target>.yaml `cost_model`) on per-layer
instruction counts measured in QEMU, and write them into the target files.

    python -m bench.calibrate_mcu [--work DIR] [--models NAME ...] [--dry-run]

Builds the calibration models through the pipeline for cortex_m55 and cortex_m7 (bench/
mcu_models.py: the evaluate stage runs the profiling firmware under `qemu -icount`), reads each
layer's measured instructions (evaluate/profile.json) and loop units (stages/simulate/mcu_cost.py
on the package's memory_plan.json), fits per kernel the instructions per unit (non-negative least
squares), and a `default` entry over every layer from the units all kernels have. Re-run it after
any kernel change; bench/mcu_profile.py then checks the fit on the models it was not fitted on.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench import mcu_models
from bench.calibrate_q16 import q16_lines
from ferry.core.files import write_text_atomic
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.profile import Profile
from ferry.schemas.target import KernelCost, TargetSpec
from ferry.stages.simulate import mcu_cost, sparse_macs
from ferry.stages.simulate.isa import compiles_helium
from ferry.stages.simulate.kernels import layer_work

ROOT = Path(__file__).resolve().parents[1]



# Fitted on these; bench/mcu_profile.py reports the error on DS-CNN and ResNet-8 too, which the fit
# never sees. MobileNetV3-Small brings 5x5 depthwise windows and the squeeze-excite pools, the
# sweep (bench/mcu_sweep.py) the kernel shapes that the square MobileNet maps leave collinear.
CALIBRATION_MODELS = ["mobilenet_v1_vww", "mobilenet_v2_vww", "mobilenet_v3_small", "digits_cnn", "mcu_sweep"]
MARKER = "  # Written by `python -m bench.calibrate_mcu` from here to the end of the file: do not edit."


Row = tuple[dict[str, float], float]


def measured_rows(outputs: Path, models: list[str], target: str) -> tuple[dict[str, list[Row]], list[Row]]:
    """Per kernel, (loop units, measured instructions) of every layer with code; and the same
    with the units every kernel has, for the default entry."""
    by_kernel: dict[str, list[Row]] = defaultdict(list)
    generic: list[Row] = []
    helium = compiles_helium(load_model(ROOT / "targets" / f"{target}.yaml", TargetSpec).compiler.flags)
    for model in models:
        base = outputs / "mcu" / model
        package = base / "codegen" / "package"
        plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
        manifest = PackageManifest.model_validate_json((package / "package.json").read_text())
        profile = Profile.model_validate_json((base / target / "evaluate" / "profile.json").read_text())
        measured = {m.index: m.instructions for m in profile.layers}
        sparse = sparse_macs(manifest)
        for layer in plan.layers:
            kernel = mcu_cost.family(layer)
            if kernel is None or measured[layer.index] is None:
                continue
            work = layer_work(layer, sparse.get(layer.node))
            by_kernel[kernel].append((mcu_cost.layer_units(layer, work, helium), measured[layer.index]))
            generic.append((mcu_cost.generic_units(layer, work), measured[layer.index]))
    return by_kernel, generic


def _cost_text(cost: KernelCost) -> str:
    fields = {name: value for name, value in cost.model_dump().items() if value}
    return "{" + ", ".join(f"{name}: {value:g}" for name, value in fields.items()) + "}"


def _commit() -> str:
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "stages/codegen/kernels"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return (result.stdout.strip() or "unknown") + ("+dirty kernels" if dirty else "")


def cost_block(costs: dict[str, KernelCost], layers: dict[str, int], models: list[str]) -> str:
    lines = [MARKER,
             f"  source: \"bench/calibrate_mcu.py: QEMU -icount per-layer instructions of {', '.join(models)} "
             f"(ferry {_commit()}); non-negative least squares per kernel\"",
             "  kernels:                           # instructions per loop unit (stages/simulate/mcu_cost.py)"]
    for kernel in sorted(costs):
        lines.append(f"    \"{kernel}\": {_cost_text(costs[kernel])}  # {layers[kernel]} layers")
    return "\n".join(lines) + "\n"


def write_costs(target_file: Path, block: str) -> None:
    """Replace the calibrated part of the target file's cost_model (after MARKER), keeping the
    int16 kernels' entries (fitted by bench/calibrate_q16.py on a program of its own)."""
    text = target_file.read_text()
    if MARKER not in text:
        raise SystemExit(f"{target_file}: no '{MARKER.strip()}' line under cost_model:")
    kept = "\n".join([block.rstrip("\n"), *q16_lines(text)])
    write_text_atomic(target_file, text[: text.index(MARKER)] + kept + "\n")


def calibrate(outputs: Path, models: list[str], target: str) -> tuple[dict[str, KernelCost], dict[str, int]]:
    by_kernel, generic = measured_rows(outputs, models, target)
    costs = {k: mcu_cost.fit_costs(rows) for k, rows in by_kernel.items()}
    costs[mcu_cost.DEFAULT] = mcu_cost.fit_costs(generic)
    layers = {k: len(rows) for k, rows in by_kernel.items()} | {mcu_cost.DEFAULT: len(generic)}
    return costs, layers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=mcu_models.DEFAULT_WORK)
    parser.add_argument("--models", nargs="+", default=CALIBRATION_MODELS)
    parser.add_argument("--dry-run", action="store_true", help="print the fitted costs, write nothing")
    args = parser.parse_args()
    spec = mcu_models.write_spec(args.work, args.models)
    mcu_models.build(spec, args.work / "out")
    for target in mcu_models.MCU_TARGETS:
        costs, layers = calibrate(args.work / "out", args.models, target)
        block = cost_block(costs, layers, args.models)
        print(f"{target}:\n{block}")
        if not args.dry_run:
            write_costs(ROOT / "targets" / f"{target}.yaml", block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
