"""Times calibration (collect_statistics) beside plain float onnxruntime inference on the same
samples: the bundled example's imported model and its 200 calibration samples, then a
MobileNetV2 (224x224, width 1.0, random weights, bench/mobilenet_v2.py) on 16 and on 64 random
samples (a fixed cost, the sessions and the first batches, weighs more on fewer samples).
Each with `--bins 0` (what the pipeline runs when every range method is 'minmax', the default: the
range and the channel means, no histogram) and 2048 bins (the 'percentile', 'entropy' and 'mse'
methods read the histogram). Issue 15's goal, at most 3x the float time on MobileNetV2, is checked
on the default (bins 0) against the median wall ratio.

    python -m bench.calibration_time [--repeat 5] [--bins 0 2048] [--samples 16 64] [--skip-mobilenet]

Both timings include creating the onnxruntime session (CPU, one thread); the figures are the
best and the medians of `--repeat` interleaved runs after one untimed warm-up of each (the best
is the run the machine's other work disturbed least). Wall time and CPU time
(of every thread) are both printed: calibration updates the statistics of one batch in a worker
thread while onnxruntime computes the next, so on a machine with an idle second core its wall
time is below its CPU time. The load average is printed beside them: the figures of a loaded
machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

from ferry.schemas.pipeline import DataSpec
from ferry.stages.common.data import model_batches
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics
from ferry.stages.quantize.calibration_pass import native_available

ROOT = Path(__file__).resolve().parents[1]


def plain_inference(model_path: Path, batches: list[dict[str, np.ndarray]]) -> None:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    for batch in batches:
        session.run(None, batch)


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(label: str, model: onnx.ModelProto, batches: list[dict[str, np.ndarray]], bins: int,
            repeat: int) -> float:
    """Prints the timings; returns the median wall ratio calibration / float inference."""
    with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
        model_path = Path(scratch) / "imported.onnx"
        onnx.save(model, str(model_path))
        runs = {"float inference (onnxruntime)": lambda: plain_inference(model_path, batches),
                "calibration (collect_statistics)": lambda: collect_statistics(model_path, batches, bins)}
        for run in runs.values():  # warm-up: first-call costs of onnxruntime, the C helper's build
            run()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(repeat):  # interleaved, so that a slow spell of the machine hits both
            for name, run in runs.items():
                times[name].append(timed(run))
    histogram = f"{bins} bins" if bins else "no histogram (minmax)"
    print(f"{label}, {len(batches)} calibration samples, {histogram}, {repeat} rounds taken in turns "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"statistics pass: {'C helper' if native_available() else 'numpy'}):")
    ratio = 0.0
    for summary, pick in (("best", min), ("median", statistics.median)):
        (plain_wall, plain_cpu), (calib_wall, calib_cpu) = (
            (pick(t[0] for t in ts), pick(t[1] for t in ts)) for ts in times.values())
        ratio = calib_wall / plain_wall
        print(f"  {summary:6s} float inference (onnxruntime) {plain_wall * 1e3:7.1f} ms wall "
              f"{plain_cpu * 1e3:7.1f} ms CPU | calibration {calib_wall * 1e3:7.1f} ms wall "
              f"{calib_cpu * 1e3:7.1f} ms CPU"
              f" | ratio {ratio:.2f}x wall, {calib_cpu / plain_cpu:.2f}x CPU")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bins", type=int, nargs="+", default=[0, 2048])
    parser.add_argument("--samples", type=int, nargs="+", default=[16, 64], help="MobileNetV2 calibration samples")
    parser.add_argument("--skip-mobilenet", action="store_true")
    args = parser.parse_args()
    model, _ = import_model(ROOT / "models/digits_cnn.onnx", "digits_cnn", {"input": [1, 1, 8, 8]})
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    for bins in args.bins:
        compare("digits_cnn", model, list(model_batches(data, model, None)), bins, args.repeat)
    if not args.skip_mobilenet:
        from bench.mobilenet_v2 import mobilenet_v2

        with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
            onnx.save(mobilenet_v2(224, 1.0), str(Path(scratch) / "float.onnx"))
            model, summary = import_model(Path(scratch) / "float.onnx", "mobilenet_v2", {})
        rng = np.random.default_rng(0)
        batches = [{"input": rng.standard_normal((1, 3, 224, 224)).astype(np.float32)}
                   for _ in range(max(args.samples))]
        label = f"MobileNetV2 224x224 x1.0 ({summary.total_params:,} parameters, {summary.total_macs:,} MACs)"
        ratios = {(bins, samples): compare(label, model, batches[:samples], bins, args.repeat)
                  for bins in args.bins for samples in args.samples}
        default = [ratio for (bins, _), ratio in ratios.items() if bins == 0]
        if default:
            worst = max(default)
            print(f"MobileNetV2, the default calibration (minmax): at most {worst:.2f}x the float inference "
                  f"time (median wall) -> {'PASS' if worst <= 3.0 else 'FAIL'} (issue 15: at most 3x)")
            return 0 if worst <= 3.0 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
