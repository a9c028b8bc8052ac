"""How much of a corpus model's SQNR comparison with onnxruntime is the luck of one rounding pattern.

    python -m bench.sqnr_spread [--corpus DIR] [--jitter 0.003 0.01 ...] [--quantize KEY=VALUE ...] [NAME ...]

For each corpus model it quantizes once with ferry's defaults (import, calibrate and quantize as
the quantize stage does: minmax, per-channel weights, asymmetric activations, bias correction;
`--quantize calibration=mse` and the like change a setting of the quantize stage) and
once with onnxruntime's quantize_static (bench/corpus.py's settings), both on the model's 32
calibration samples. Then, for every factor f in 1, 1 - jitter, 1 + jitter, it multiplies every
activation scale of both QDQ models by f (a change far below any calibration method's own
uncertainty, that moves which values round up) and measures the output SQNR over the 16
validation samples: ferry's on its integer program (the golden model, which the C++ equals),
onnxruntime's on its QDQ model. It prints per model both SQNRs at f = 1, their means, spreads
(min..max) over the factors, and in how many of the paired realizations (same f) ferry's is at
or above onnxruntime's. A model whose output SQNR is low (a deep network with random weights, 8
to 20 dB) amplifies a one-step difference anywhere into a different output error: the spread says
how far apart two equally good quantizations land.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import yaml
from onnx import numpy_helper

from bench.corpus import (
    DEFAULT_CORPUS,
    CorpusModel,
    corpus_models,
    input_name,
    onnxruntime_outputs,
    onnxruntime_quantize,
)
from ferry.schemas.pipeline import QuantizeStage
from ferry.stages.codegen.qdq_lowering import lower_qdq
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.quant import dequantize
from ferry.stages.common.reference import sqnr_db
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model

DEFAULT_JITTER = (0.001, 0.003, 0.005, 0.01)
BINS = 2048  # the calibrate stage's default histogram


def ferry_qdq(model: CorpusModel, folder: Path, settings: QuantizeStage) -> onnx.ModelProto:
    """ferry's QDQ model with the quantize stage's `settings`, on the calibration samples."""
    name, dynamic = input_name(model.onnx)
    x = np.load(model.calibration)["input"]
    imported, _ = import_model(model.onnx, model.name, {name: [1, *x.shape[1:]]} if dynamic else {})
    onnx.save(imported, str(folder / "imported.onnx"))
    stats = collect_statistics(folder / "imported.onnx", ({name: x[i:i + 1]} for i in range(len(x))), BINS)
    qdq, _ = quantize_model(imported, stats, settings)
    return qdq


def jittered(qdq: onnx.ModelProto, factor: float) -> onnx.ModelProto:
    """The QDQ model with every activation scale (a QuantizeLinear's) multiplied by `factor`."""
    model = onnx.ModelProto()
    model.CopyFrom(qdq)
    scales = {node.input[1] for node in model.graph.node if node.op_type == "QuantizeLinear"}
    for tensor in model.graph.initializer:
        if tensor.name in scales:
            scaled = (numpy_helper.to_array(tensor) * np.float32(factor)).astype(np.float32)
            tensor.CopyFrom(numpy_helper.from_array(scaled, tensor.name))
    return model


def golden_outputs(qdq: onnx.ModelProto, model: CorpusModel) -> np.ndarray:
    """All outputs of all validation samples of the integer program, dequantized, flattened."""
    golden = GoldenModel(lower_qdq(qdq))
    name, _ = input_name(model.onnx)
    x = np.load(model.validation)["input"]
    values = []
    for i in range(len(x)):
        outputs = golden.run(golden.feeds({name: x[i:i + 1]}))
        for output in golden.output_names:
            value = outputs[output]
            if output in golden.qparams:
                value = dequantize(value, *golden.qparams[output])
            values.append(np.asarray(value, dtype=np.float64).reshape(-1))
    return np.concatenate(values)


def spread(model: CorpusModel, factors: list[float], settings: QuantizeStage) -> str:
    reference = onnxruntime_outputs(model.onnx, model)
    with tempfile.TemporaryDirectory() as folder:
        ours = ferry_qdq(model, Path(folder), settings)
        theirs = onnx.load(str(onnxruntime_quantize(model, Path(folder))))
        pairs = []
        for factor in factors:
            path = Path(folder) / "jittered.onnx"
            onnx.save(jittered(theirs, factor), str(path))
            pairs.append((sqnr_db(reference, golden_outputs(jittered(ours, factor), model)),
                          sqnr_db(reference, onnxruntime_outputs(path, model))))
    sq = np.array(pairs)
    wins = int((sq[:, 0] >= sq[:, 1]).sum())
    cells = [f"{s[0]:.2f} | {s.mean():.2f} | {s.min():.2f}..{s.max():.2f}" for s in (sq[:, 0], sq[:, 1])]
    return f"| {model.name} | {cells[0]} | {cells[1]} | {wins}/{len(sq)} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="built models (default %(default)s)")
    parser.add_argument("--jitter", type=float, nargs="+", default=list(DEFAULT_JITTER),
                        help="relative changes of the activation scales, each applied up and down")
    parser.add_argument("--quantize", nargs="+", default=[], metavar="KEY=VALUE",
                        help="settings of ferry's quantize stage (YAML values), e.g. calibration=mse")
    parser.add_argument("names", nargs="*", metavar="NAME", help="corpus models (default: every int8 one)")
    args = parser.parse_args(argv)
    models = [m for m in corpus_models(args.corpus) if m.int8 and (not args.names or m.name in args.names)]
    missing = [m.name for m in models if not m.onnx.exists()]
    if missing:
        print(f"sqnr_spread.py: not built: {', '.join(missing)} (python -m models.corpus.build)", file=sys.stderr)
        return 2
    factors = [1.0, *(1 + sign * j for j in args.jitter for sign in (-1, 1))]
    pairs = [item.partition("=") for item in args.quantize]
    settings = QuantizeStage(kind="quantize", **{key: yaml.safe_load(value) for key, _, value in pairs})
    print(f"activation scales x {', '.join(f'{f:g}' for f in factors)}; SQNR in dB over the validation samples")
    print("| model | ferry f=1 | ferry mean | ferry range | ort f=1 | ort mean | ort range | ferry >= ort |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for model in models:
        print(spread(model, factors, settings), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
