"""The MCU cost model against QEMU's measurement, per layer and in total, on the Cortex-M55 and
Cortex-M7 targets (and the M4 and M33): the example, an MLPerf-Tiny-style DS-CNN and ResNet-8
(random weights, held out of the calibration), and the models the costs were calibrated on: the
MobileNets (V1 and V2 for visual wake words, V3-Small), the example and the kernel-shape sweep
(bench/mcu_sweep.py).

    python -m bench.mcu_profile [--work DIR] [--models NAME ...] [--layers]

Every figure is read from the report.json the pipeline writes (`profile.error`: the estimate from
the target file's calibrated kernel costs against the instructions the profiling firmware
measured under `qemu -icount`; `budget`: the verdict, on the measurement). Exits 1 when a model
misses the acceptance bounds: total within +-25%, per-layer correlation at least 0.9.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import mcu_models
from bench.calibrate_mcu import CALIBRATION_MODELS
from ferry.schemas.report import Report

MODELS = ["digits_cnn", "ds_cnn", "resnet8", "mobilenet_v1_vww", "mobilenet_v2_vww", "mobilenet_v3_small", "mcu_sweep"]
MAX_TOTAL_ERROR, MIN_CORRELATION = 0.25, 0.9


def layer_rows(report: Report) -> None:
    assert report.profile is not None and report.profile.error is not None
    print(f"    {'#':>3} {'node':44} {'cost entry':24} {'estimated':>12} {'measured':>12} {'ratio':>6}")
    for layer in report.profile.error.layers:
        ratio = "" if layer.ratio is None else f"{layer.ratio:6.2f}"
        print(f"    {layer.index:3} {layer.node[-44:]:44} {(layer.kernel or '')[-24:]:24} "
              f"{layer.estimated_instructions:12,.0f} "
              f"{layer.measured_instructions:12,.0f} {ratio:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=mcu_models.DEFAULT_WORK)
    parser.add_argument("--models", nargs="+", default=MODELS)
    parser.add_argument("--layers", action="store_true", help="print every layer")
    args = parser.parse_args()
    spec = mcu_models.write_spec(args.work, args.models)
    mcu_models.build(spec, args.work / "out")
    reports = mcu_models.reports(args.work / "out", args.models)
    print(f"cost model calibrated on: {', '.join(CALIBRATION_MODELS)} (the others are held out)")
    print(f"{'model':18} {'target':11} {'MACs':>11} {'measured instr':>15} {'estimated':>13} {'est/meas':>8} "
          f"{'corr':>6} {'ms (meas x CPI)':>15}  verdict (latency basis)")
    missed = []
    for (model, target), report in reports.items():
        profile = report.profile
        if profile is None or profile.error is None or report.budget is None:
            print(f"{model:18} {target:11} no measured profile or no cost model")
            missed.append((model, target))
            continue
        error = profile.error
        latency = next(i for i in report.budget.items if i.name == "latency_ms")
        correlation = error.correlation or 0.0
        held_out = "" if model in CALIBRATION_MODELS else " *"
        print(f"{model + held_out:18} {target:11} {report.summary.macs:11,} {error.measured_instructions:15,.0f} "
              f"{error.estimated_instructions:13,.0f} {error.total_ratio:8.3f} {correlation:6.3f} "
              f"{latency.figure:15.2f}  {report.budget.verdict} ({latency.basis.split(':')[0]})")
        if args.layers:
            layer_rows(report)
        if abs(error.total_error) > MAX_TOTAL_ERROR or correlation < MIN_CORRELATION:
            missed.append((model, target))
    print("* held out of the calibration. ms: measured instructions x the target's stated cycles per "
          "instruction (ASSUMED) / clock.")
    if missed:
        print(f"outside +-{MAX_TOTAL_ERROR:.0%} or correlation < {MIN_CORRELATION}: {missed}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
