"""The cost of checking an int8 program: evaluate (golden model, C++, trace, onnxruntime) on a
16 M-MAC classifier with 200 samples, and the accuracy budget check on a 2.7 M-parameter,
700 M-MAC model with 64 samples: wall time and peak memory, each in a fresh process.

    python -m bench.qdq_cost [--before /path/to/older/ferry] [--skip-budget]

Models: MobileNetV2-style networks with random weights (bench/mobilenet_v2.py): 128x128 at width
0.35 with 10 classes (15.6 M MACs), and 320x320 at width 1.1 with 10 classes for the budget
(2.6 M parameters, 682 M MACs).
`--before` runs the same measurement with another ferry checkout on PYTHONPATH (its own
quantizer, codegen and evaluate), for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALUATE_LIMIT_MB = 1536  # issue 15: evaluate under 1.5 GB on the 16 M-MAC model, 200 samples
BUDGET_LIMIT_MB = 4096  # issue 15: the budget check at most 4 GB on the 700 M-MAC model, 64 samples

# Run in the child: build (quantize, codegen, g++) outside the measurement, then measure one call.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import numpy as np, onnx
from bench.mobilenet_v2 import mobilenet_v2
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.common.data import model_batches

what, folder = sys.argv[2], Path(sys.argv[3])
size, width, samples = int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
onnx.save(mobilenet_v2(size, width, classes=10), str(folder / "float.onnx"))
imported, summary = import_model(folder / "float.onnx", "m", {})
onnx.save(imported, str(folder / "imported.onnx"))
shape = [samples, *[d.dim_value for d in imported.graph.input[0].type.tensor_type.shape.dim][1:]]
rng = np.random.default_rng(0)
np.savez(folder / "data.npz", input=rng.standard_normal(shape).astype(np.float32),
         y=rng.integers(0, 10, samples))
data = DataSpec.model_validate({"path": "data.npz", "labels": "y"}, context={"base_dir": folder})
calibration = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": folder})
stats = collect_statistics(folder / "imported.onnx", model_batches(calibration, imported, 8), 2048)
figures = {"params": summary.total_params, "macs": summary.total_macs, "samples": samples}
if what == "evaluate":
    from ferry.stages.codegen import generate_package
    from ferry.stages.host_build import build_host
    from ferry.stages.evaluate import Int8Artifacts, evaluate_int8
    qdq, _ = quantize_model(imported, stats, QuantizeStage.model_validate({"kind": "quantize"}))
    onnx.save(qdq, str(folder / "model.qdq.onnx"))
    manifest = generate_package(folder / "model.qdq.onnx", "m", folder / "package", folder / "integer.onnx")
    runner = build_host(folder / "package", folder / "build", "g++", ["-std=c++17", "-O2"])
    artifacts = Int8Artifacts(runner, runner.parent / "runner_trace", folder / "integer.onnx",
                              folder / "imported.onnx", folder / "model.qdq.onnx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter(); cpu = time.process_time()
    comparison = evaluate_int8(artifacts, manifest, data, None)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures |= {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                "runner_cpu_seconds": after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime,
                "mismatches": comparison.int8.cpp_vs_golden_mismatches}
    from ferry.stages.common.golden import GoldenModel
    from ferry.stages.evaluate import load_samples, quantize_inputs
    golden = GoldenModel(folder / "integer.onnx")
    inputs = quantize_inputs(load_samples(data, manifest, None)[0], manifest)
    start = time.perf_counter(); cpu = time.process_time()
    for feeds in inputs:
        golden.run(feeds, intermediate=True)
    figures |= {"golden_cpu_seconds": time.process_time() - cpu, "golden_seconds": time.perf_counter() - start}
else:
    from ferry.stages.quantize.accuracy_budget import quantize_within_budget
    params = QuantizeStage.model_validate({"kind": "quantize", "max_accuracy_drop": 100})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter(); cpu = time.process_time()
    _, _, check = quantize_within_budget(folder / "imported.onnx", stats, data, params)
    figures |= {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
                "runner_cpu_seconds": 0.0,
                "int8_top1": check.int8_top1}
figures |= {"peak_mb_before_call": before / 1024,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(figures))
"""


def measure(ferry: Path, what: str, size: int, width: float, samples: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="ferry-qdq-cost-") as scratch:
        result = subprocess.run([sys.executable, "-c", CHILD, str(ferry), what, scratch, str(size), str(width),
                                 str(samples)], capture_output=True, text=True, check=False,
                                cwd=scratch, env={**os.environ, "PYTHONPATH": str(ferry)})
    if result.returncode != 0:
        raise SystemExit(f"{what} with {ferry} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def show(label: str, figures: dict) -> None:
    print(f"  {label}: {figures['seconds']:.1f} s wall, {figures['cpu_seconds']:.1f} s CPU in Python (+ "
          f"{figures['runner_cpu_seconds']:.1f} s in the C++ runners), peak "
          f"{figures['peak_mb']:,.0f} MB (process before the call: {figures['peak_mb_before_call']:,.0f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another ferry checkout, measured the same way")
    parser.add_argument("--skip-budget", action="store_true")
    args = parser.parse_args()
    versions = [("after (this checkout)", ROOT), *([("before", args.before)] if args.before else [])]
    first = measure(ROOT, "evaluate", 128, 0.35, 200)
    print(f"evaluate, MobileNetV2-style 128x128 x0.35: {first['params']:,} parameters, {first['macs']:,} MACs, "
          f"{first['samples']} samples, C++ vs golden mismatches {first['mismatches']}")
    show(versions[0][0], first)
    print(f"    golden model alone (every layer, {first['samples']} samples): {first['golden_cpu_seconds']:.1f} s CPU, "
          f"{first['golden_seconds']:.1f} s wall")
    for label, ferry in versions[1:]:
        other = measure(ferry, "evaluate", 128, 0.35, 200)
        show(label, other)
        print(f"    golden model alone: {other['golden_cpu_seconds']:.1f} s CPU, {other['golden_seconds']:.1f} s wall "
              f"({other['golden_cpu_seconds'] / first['golden_cpu_seconds']:.1f}x the CPU time of this checkout, "
              f"{other['golden_seconds'] / first['golden_seconds']:.1f}x its wall time)")
    missed = [] if first["peak_mb"] <= EVALUATE_LIMIT_MB else [f"evaluate peak {first['peak_mb']:,.0f} MB"]
    if not args.skip_budget:
        budget = measure(ROOT, "budget", 320, 1.1, 64)
        print(f"budget check, MobileNetV2-style 320x320 x1.1: {budget['params']:,} parameters, "
              f"{budget['macs']:,} MACs, {budget['samples']} samples (limit {BUDGET_LIMIT_MB:,} MB)")
        show(versions[0][0], budget)
        missed += [] if budget["peak_mb"] <= BUDGET_LIMIT_MB else [f"budget check peak {budget['peak_mb']:,.0f} MB"]
    print(f"targets (evaluate <= {EVALUATE_LIMIT_MB:,} MB, budget check <= {BUDGET_LIMIT_MB:,} MB): "
          + (f"missed: {'; '.join(missed)}" if missed else "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
