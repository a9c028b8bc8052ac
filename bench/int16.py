"""What int16 activations (the precision fallback, docs/int16.md) do to corpus models' output SQNR.

    python -m bench.int16 [--corpus DIR] [--samples N] [--gain DB] [NAME ...]

For each model (default: seven of models/corpus, among them those whose int8 SQNR is below
onnxruntime's),
imported and calibrated as the pipeline does (minmax, per-channel weights, asymmetric int8
activations), the output SQNR in dB of the integer program (the golden model, which the C++
equals bit for bit) against onnxruntime's float model on the validation samples:

- int8:     every activation int8;
- all int16: every layer asked for int16 activations (int8 weights);
- onnxruntime: onnxruntime's quantize_static (QDQ, per-channel int8 weights, int8 activations,
  MinMax, the same calibration samples) run by onnxruntime, as bench.corpus measures it;
- fallback: `fallback: auto` on a target without float (gpnpu_1tops: float is never chosen) with
  the budget onnxruntime's SQNR (the corpus's criterion) or, with --gain, int8's SQNR + that many
  dB: the SQNR reached, the int16 layers it took, of how many compute layers, and the seconds the
  fallback's search took (measured, this machine).

Measured, float64 sums of squares; the layers are the quantizer's own count (report.int16).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx

from bench.corpus import CorpusModel, onnxruntime_quantize, qdq_sqnr
from ferry.core.errors import FerryError
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.common.data import model_batches
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.quantize.accuracy_budget import check_budget, measure_float, quantize_within_budget
from ferry.stages.quantize.qdq_writer import INT16_COMPUTE_OPS

DEFAULT_CORPUS = Path.home() / ".cache" / "ferry" / "corpus"
DEFAULT_MODELS = ("ds_cnn", "resnet8", "mobilenet_v2_vww", "ad_autoencoder", "tc_resnet", "efficientnet_b0",
                  "shufflenet_v2")
BASE = {"kind": "quantize", "calibration": "minmax", "weights": "per_channel", "activations": "asymmetric"}


def _data(path: Path, name: str, work: Path) -> DataSpec:
    arrays = np.load(path)
    np.savez(work / path.name, **{name: arrays["input"]})
    return DataSpec.model_validate({"path": path.name}, context={"base_dir": work})


def measure(corpus: Path, name: str, samples: int, gain: float | None) -> str:
    with tempfile.TemporaryDirectory(prefix="ferry-int16-") as scratch:
        work = Path(scratch)
        source = onnx.load(str(corpus / f"{name}.onnx"), load_external_data=False)
        input_name = source.graph.input[0].name
        shape = [1, *np.load(corpus / f"{name}_val.npz")["input"].shape[1:]]
        imported, _ = import_model(corpus / f"{name}.onnx", name, {input_name: shape})
        onnx.save(imported, str(work / "imported.onnx"))
        calibration = _data(corpus / f"{name}_calib.npz", input_name, work)
        validation = _data(corpus / f"{name}_val.npz", input_name, work)
        stats = collect_statistics(work / "imported.onnx", model_batches(calibration, imported, samples), 512)
        reference = measure_float(work / "imported.onnx", validation)
        measured = QuantizeStage(**BASE, min_output_sqnr_db=0.0)
        int8, _ = check_budget(reference, quantize_model(imported, stats, measured)[0], measured)
        every = {node.name: "bench: every layer" for node in imported.graph.node}
        wide, _ = check_budget(reference, quantize_model(imported, stats, measured, int16=every)[0], measured)
        model = CorpusModel(name, "", "", corpus / f"{name}.onnx", corpus / f"{name}_calib.npz",
                            corpus / f"{name}_val.npz", True)
        ort = qdq_sqnr(model, onnxruntime_quantize(model, work))
        limit = ort if gain is None else int8.value + gain
        budget = QuantizeStage(**BASE, min_output_sqnr_db=round(limit, 1), fallback="auto")
        start = time.perf_counter()
        _, report, check = quantize_within_budget(work / "imported.onnx", stats, validation, budget,
                                                  float_fallback=False)
        seconds = time.perf_counter() - start
        layers = sum(1 for node in imported.graph.node if node.op_type in INT16_COMPUTE_OPS)
        verdict = "met" if check.passed else "missed"
        return (f"| {name} | {ort:.1f} | {int8.value:.1f} | {wide.value:.1f} | "
                f"{budget.min_output_sqnr_db:.1f} {verdict}: {check.value:.1f} | {len(report.int16)} of {layers} "
                f"| {len(report.kept_float)} | {seconds:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--samples", type=int, default=64, help="calibration samples")
    parser.add_argument("--gain", type=float, default=None,
                        help="the fallback's budget: int8 SQNR + this (dB); default: onnxruntime's SQNR")
    parser.add_argument("names", nargs="*", default=list(DEFAULT_MODELS))
    args = parser.parse_args(argv)
    budget = "onnxruntime's SQNR" if args.gain is None else f"int8 + {args.gain:g} dB"
    print(f"output SQNR (dB) vs float, golden model = C++; fallback budget {budget}, no float")
    print("| model | onnxruntime int8 | int8 | all int16 | fallback budget: reached | int16 layers | float layers "
          "| search s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.names:
        try:
            print(measure(args.corpus, name, args.samples, args.gain), flush=True)
        except FerryError as error:
            print(f"| {name} | {error} ||||||")
    return 0


if __name__ == "__main__":
    sys.exit(main())
