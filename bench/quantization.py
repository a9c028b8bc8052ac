"""The int8 figures of the digits example: accuracy against fp32 and against onnxruntime's own
quantizer, C++ vs golden mismatches, weight bytes against the parameter count, and the speed of
the generated int8 C++ against onnxruntime (both single thread) on the same QDQ model.

    python -m bench.quantization [--spec pipeline.yaml] [--repeat 50] [--rounds 5]

Speed is measured on the validation samples, `repeat` passes: the runner reading them from a file
against onnxruntime's Python API running model.qdq.onnx, both on one thread, in turns, best of
`rounds`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx

from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.pipeline import DataSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.common.quant import quantize
from ferry.stages.evaluate import Int8Artifacts, evaluate_int8, load_samples
from ferry.stages.host_build import build_host

ROOT = Path(__file__).resolve().parents[1]


def run_pipeline(spec: Path, outputs: Path) -> None:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec.parent),
               f"pipeline={spec}", f"outputs={outputs}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def onnxruntime_quantized(imported: Path, data: DataSpec, samples: int | None, out: Path) -> Path:
    """onnxruntime's quantize_static: QDQ, per-channel int8, the same calibration samples."""
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    batches = list(model_batches(data, onnx.load(str(imported)), samples))

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.batches = iter(batches)

        def get_next(self) -> dict | None:
            return next(self.batches, None)

    quantize_static(str(imported), str(out), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)
    return out


def cpp_timer(runner: Path, samples: list[bytes], repeat: int, scratch: Path) -> Callable[[], float]:
    """One timing of the runner over `repeat` passes of the validation samples, per inference,
    minus the time of a run on an empty file (process start and exit). The runner's per-sample
    file reads and writes stay in: they count against the C++."""

    def timed(data: bytes) -> float:
        (scratch / "in.bin").write_bytes(data)
        start = time.perf_counter()
        subprocess.run([str(runner), str(scratch / "in.bin"), str(scratch / "out.bin")], check=True,
                       stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    inputs = b"".join(samples) * repeat
    empty = min(timed(b"") for _ in range(3))
    return lambda: (timed(inputs) - empty) / (len(samples) * repeat) * 1e6


def onnxruntime_timer(model: onnx.ModelProto | Path, feeds: list[dict[str, np.ndarray]],
                      repeat: int) -> Callable[[], float]:
    """One timing of onnxruntime's Python API, one thread, over `repeat` passes of `feeds`, per call."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    source = model.SerializeToString() if isinstance(model, onnx.ModelProto) else str(model)
    session = ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])

    def timed() -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            for feed in feeds:
                session.run(None, feed)
        return (time.perf_counter() - start) / (len(feeds) * repeat) * 1e6

    return timed


def best_of(timers: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """The fastest of `rounds` timings of each, taken in turns, so that a busy spell of the
    (shared) machine slows every contestant rather than one."""
    best = {name: float("inf") for name in timers}
    for _ in range(rounds):
        for name, timer in timers.items():
            best[name] = min(best[name], timer())
    return best


def identity_model(feed: dict[str, np.ndarray]) -> onnx.ModelProto:
    """One Identity per input: what a session.run call costs with (almost) nothing to compute."""
    from onnx import helper

    values = [helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(a.dtype), a.shape)
              for name, a in feed.items()]
    outputs = [helper.make_tensor_value_info(f"{name}_out", v.type.tensor_type.elem_type, feed[name].shape)
               for name, v in zip(feed, values)]
    nodes = [helper.make_node("Identity", [name], [f"{name}_out"]) for name in feed]
    graph = helper.make_graph(nodes, "identity", values, outputs)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "pipeline.yaml")
    parser.add_argument("--repeat", type=int, default=50, help="passes over the validation samples per timing")
    parser.add_argument("--rounds", type=int, default=5, help="timings of each side, best kept")
    args = parser.parse_args()
    from ferry.schemas.loader import load_model
    from ferry.schemas.pipeline import PipelineSpec

    spec_path = args.spec.resolve()
    spec = load_model(spec_path, PipelineSpec, {"base_dir": spec_path.parent})
    model = spec.models[0]
    quantize_params = spec.stage("quantize")
    with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        run_pipeline(spec_path, scratch / "outputs")
        base = scratch / "outputs" / spec.pipeline / model.name
        report = json.loads((base / "host" / "report.json").read_text())
        summary = json.loads((base / "import/summary.json").read_text())
        manifest = PackageManifest.model_validate_json((base / "codegen/package/package.json").read_text())
        accuracy, int8 = report["accuracy"], report["compare"]["int8"]

        # onnxruntime's quantizer, lowered and run by ferry the same way
        theirs = scratch / "theirs"
        theirs.mkdir()
        qdq = onnxruntime_quantized(base / "import/imported.onnx", model.calibration,
                                    quantize_params.samples, theirs / "model.qdq.onnx")
        their_manifest = generate_package(qdq, model.name, theirs / "package", theirs / "integer.onnx")
        runner = build_host(theirs / "package", theirs / "build", "g++",
                            ["-std=c++17", "-O3", "-fno-exceptions", "-fno-rtti"])
        comparison = evaluate_int8(Int8Artifacts(runner, runner.parent / "runner_trace", theirs / "integer.onnx",
                                                 base / "import/imported.onnx", qdq),
                                   their_manifest, model.validation, None)

        # speed, on the validation samples (real data: the branches see what they will in use)
        feeds, _, _ = load_samples(model.validation, manifest, None)
        codes = [b"".join(quantize(feed[p.onnx_name], p.scale, p.zero_point).astype(np.int8).tobytes()
                          for p in manifest.inputs) for feed in feeds]
        ours_runner = base / "host" / "compile" / "build" / "runner"  # the host target: -O3
        best = best_of({
            "cpp": cpp_timer(ours_runner, codes, args.repeat, scratch),
            "onnxruntime": onnxruntime_timer(base / "quantize/model.qdq.onnx", feeds, args.repeat),
            "call": onnxruntime_timer(identity_model(feeds[0]), feeds, args.repeat),
        }, args.rounds)
        cpp_us, ort_us, call_us = best["cpp"], best["onnxruntime"], best["call"]

    channels = sum(n["outputs"][0][1] for n in summary["nodes"] if n["op"] in ("Conv", "Gemm"))
    print(f"model {model.name}: {summary['total_params']:,} parameters, {report['compare']['samples']} "
          f"validation samples, calibration '{quantize_params.calibration}'")
    print(f"top-1 fp32 {accuracy['fp32_top1']:.4f} | ferry int8 golden {accuracy['int8_top1']:.4f} "
          f"C++ {accuracy['cpp_top1']:.4f} (drop {100 * (accuracy['fp32_top1'] - accuracy['cpp_top1']):+.2f} points)")
    print(f"onnxruntime quantize_static (QDQ, per-channel, same samples): top-1 in onnxruntime "
          f"{comparison.accuracy.qdq_onnxruntime_top1:.4f}, lowered by ferry {comparison.accuracy.cpp_top1:.4f}")
    print(f"output SQNR vs fp32: ferry {int8['output_sqnr_db']:.1f} dB, onnxruntime quantizer "
          f"{comparison.int8.output_sqnr_db:.1f} dB")
    print(f"C++ vs golden mismatches: {int8['cpp_vs_golden_mismatches']} (every layer: "
          f"{'bit-exact' if int8['first_mismatch'] is None else int8['first_mismatch']})")
    per_channel = 3 * 4 * channels  # int32 bias, multiplier and shift per output channel
    weights = manifest.weights_bytes
    print(f"weight bytes {weights:,} for {summary['total_params']:,} parameters and {channels} channels: "
          f"(weights - per-channel {per_channel:,} B) / parameters = "
          f"{(weights - per_channel) / summary['total_params']:.3f} (limit 1.05)")
    print(f"per inference, 1 thread: generated int8 C++ {cpp_us:.1f} us, onnxruntime (QDQ) {ort_us:.1f} us, "
          f"onnxruntime time / C++ time = {ort_us / cpp_us:.2f} (>= 1: the C++ is at least as fast)")
    print(f"  (of the onnxruntime time, {call_us:.1f} us is the cost of a session.run call itself, measured on "
          f"an Identity model; without it the ratio would be {(ort_us - call_us) / cpp_us:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
