"""Times calibration (collect_statistics) beside plain float onnxruntime inference on the same
samples: the bundled example's imported model and its 200 calibration samples.

    python bench/calibration_time.py [--repeat 3] [--bins 2048]

Both timings include creating the onnxruntime session (CPU, one thread); the figures are the
medians of `--repeat` interleaved runs after one untimed warm-up of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402

from schemas.pipeline import DataSpec  # noqa: E402
from stages.importer import import_model  # noqa: E402
from stages.quantize import calibration_batches, collect_statistics  # noqa: E402


def plain_inference(model_path: Path, batches: list[dict[str, np.ndarray]]) -> float:
    start = time.perf_counter()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    for batch in batches:
        session.run(None, batch)
    return time.perf_counter() - start


def calibration(model_path: Path, batches: list[dict[str, np.ndarray]], bins: int) -> float:
    start = time.perf_counter()
    collect_statistics(model_path, batches, bins)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bins", type=int, default=2048)
    args = parser.parse_args()
    model, _ = import_model(ROOT / "models/digits_cnn.onnx", "digits_cnn", {"input": [1, 1, 8, 8]})
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    batches = list(calibration_batches(data, model, None))
    with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
        model_path = Path(scratch) / "imported.onnx"
        onnx.save(model, str(model_path))
        plain_inference(model_path, batches)  # warm-up: first-call costs of onnxruntime
        calibration(model_path, batches, args.bins)
        plain, calib = [], []
        for _ in range(args.repeat):  # interleaved, so that a slow spell of the machine hits both
            plain.append(plain_inference(model_path, batches))
            calib.append(calibration(model_path, batches, args.bins))
    p, c = statistics.median(plain), statistics.median(calib)
    print(f"digits_cnn, {len(batches)} calibration samples, {args.bins} bins, median of {args.repeat}:")
    print(f"  float inference (onnxruntime):   {p * 1e3:7.1f} ms")
    print(f"  calibration (collect_statistics): {c * 1e3:7.1f} ms")
    print(f"  ratio: {c / p:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
