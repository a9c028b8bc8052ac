"""The float reference: onnxruntime running a model as written, and the measures of closeness.

Shared by evaluate (C++ and golden model against the float model) and quantize (the accuracy
budget, measured on the QDQ model before any code is generated).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx

from stages.common.errors import FerryError

Batch = dict[str, np.ndarray]


def onnxruntime_tensors(source: Path | onnx.ModelProto, batches: list[Batch],
                        names: list[str] | None = None) -> list[Batch]:
    """onnxruntime (1 thread, no graph optimization: the model's own semantics) on every batch;
    the graph outputs, or the named tensors of the graph (those it has)."""
    import onnxruntime as ort

    model = onnx.load(str(source)) if isinstance(source, Path) else onnx.ModelProto.FromString(
        source.SerializeToString())
    if names is not None:
        produced = {o for node in model.graph.node for o in node.output} | {i.name for i in model.graph.input}
        names = [n for n in names if n in produced]
        del model.graph.output[:]
        model.graph.output.extend(onnx.helper.make_empty_tensor_value_info(n) for n in names)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 3  # errors only: not its notes on unused initializers
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        session = ort.InferenceSession(model.SerializeToString(), options,
                                       providers=["CPUExecutionProvider"])
    except Exception as error:
        raise FerryError(f"{source if isinstance(source, Path) else source.graph.name}: onnxruntime cannot load the model: {error}") from None
    outputs = [o.name for o in session.get_outputs()]
    return [dict(zip(outputs, session.run(outputs, batch))) for batch in batches]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b / norm) if norm > 0 else float(np.array_equal(a, b))


def sqnr_db(reference: np.ndarray, approximation: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio; capped at 200 dB for an exact match."""
    signal = float(np.sum(reference.astype(np.float64) ** 2))
    noise = float(np.sum((reference.astype(np.float64) - approximation) ** 2))
    if noise == 0.0:
        return 200.0
    return float(10 * np.log10(max(signal, 1e-30) / noise))




def top1(outputs: list[Batch], name: str) -> np.ndarray:
    """The arg-max class of every sample of output `name`, over all batches."""
    return np.concatenate([o[name].reshape(-1, o[name].shape[-1]).argmax(-1) for o in outputs])
