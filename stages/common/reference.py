"""The float reference: onnxruntime running a model as written, and the measures of closeness.

Shared by evaluate (C++ and golden model against the float model) and quantize (the accuracy
budget, measured on the QDQ model before any code is generated).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from ferry.core.errors import FerryError

Batch = dict[str, np.ndarray]


class OnnxRuntime:
    """One onnxruntime session (1 thread, no graph optimization: the model's own semantics) on
    the graph outputs, or on the named tensors of the graph (those it has); run it chunk by chunk."""

    def __init__(self, source: Path | onnx.ModelProto, names: list[str] | None = None) -> None:
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
            self._session = ort.InferenceSession(model.SerializeToString(), options,
                                                 providers=["CPUExecutionProvider"])
        except Exception as error:  # noqa: BLE001 - onnxruntime raises several types; the reason is kept
            where = source if isinstance(source, Path) else source.graph.name
            raise FerryError(f"{where}: onnxruntime cannot load the model: {error}") from None
        self._outputs = [o.name for o in self._session.get_outputs()]

    def run(self, batches: list[Batch]) -> list[Batch]:
        return [dict(zip(self._outputs, self._session.run(self._outputs, batch))) for batch in batches]


def onnxruntime_tensors(source: Path | onnx.ModelProto, batches: list[Batch],
                        names: list[str] | None = None) -> list[Batch]:
    """OnnxRuntime(source, names) on every batch at once."""
    return OnnxRuntime(source, names).run(batches)


def differences(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """|got - want| per element in float64, non-finite values compared by what they are: NaN
    against NaN and an infinity against the same infinity differ by 0, NaN or an infinity against
    anything else by +inf, so it exceeds every tolerance (`max(0.0, nan)` is 0.0: a plain maximum
    over differences would call an all-NaN output exact)."""
    got64, want64 = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    same = (got64 == want64) | (np.isnan(got64) & np.isnan(want64))
    with np.errstate(invalid="ignore", over="ignore"):
        difference = np.abs(got64 - want64)
    return np.where(same, 0.0, np.where(np.isfinite(difference), difference, np.inf))


@dataclass(frozen=True)
class Difference:
    """Two tensors compared element by element (see `differences`)."""

    exceeding: int  # elements that differ by more than the limit, non-finite mismatches included
    nonfinite: int  # elements NaN or infinite on one side and not the same on the other
    largest: float  # the largest finite difference


def compare_arrays(got: np.ndarray, want: np.ndarray, limit: float) -> Difference:
    difference = differences(got, want)
    infinite = int(np.count_nonzero(np.isinf(difference)))
    finite = difference[np.isfinite(difference)]
    return Difference(exceeding=int(np.count_nonzero(difference > limit)), nonfinite=infinite,
                      largest=float(finite.max(initial=0.0)))


def finite_magnitude(values: np.ndarray) -> float:
    """The largest finite |value| (a tolerance relative to the range ignores NaN and infinities)."""
    magnitudes = np.abs(np.asarray(values, dtype=np.float64))
    return float(magnitudes[np.isfinite(magnitudes)].max(initial=0.0))


# The worst values of the measures below, given when a non-finite value meets a different value:
# finite, so that the figures stay JSON numbers, and below any limit a spec can ask for.
WORST_SQNR_DB = -200.0
WORST_COSINE = -1.0


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity over the elements finite on both sides; WORST_COSINE when a non-finite
    value meets a different one."""
    if np.isinf(differences(a, b)).any():
        return WORST_COSINE
    finite = np.isfinite(a) & np.isfinite(b)
    a, b = np.asarray(a, dtype=np.float64)[finite], np.asarray(b, dtype=np.float64)[finite]
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b / norm) if norm > 0 else float(np.array_equal(a, b))


def sqnr_db(reference: np.ndarray, approximation: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio; capped at 200 dB for an exact match, WORST_SQNR_DB
    when a non-finite value meets a different one (NaN noise would compare as passing)."""
    difference = differences(approximation, reference)
    if np.isinf(difference).any():
        return WORST_SQNR_DB
    values = np.asarray(reference, dtype=np.float64)
    signal = float(np.sum(values[np.isfinite(values)] ** 2))
    noise = float(np.sum(difference ** 2))
    return sqnr_from_sums(signal, noise)


def sqnr_from_sums(signal: float, noise: float) -> float:
    """SQNR of Σ reference² over Σ (reference - approximation)²; 200 dB for an exact match,
    WORST_SQNR_DB for a non-finite noise (a NaN never compares as passing)."""
    if not np.isfinite(noise):
        return WORST_SQNR_DB
    if noise == 0.0:
        return 200.0
    return float(max(10 * np.log10(max(signal, 1e-30) / noise), WORST_SQNR_DB))


def top1(outputs: list[Batch], name: str) -> np.ndarray:
    """The arg-max class of every sample of output `name`, over all batches."""
    return np.concatenate([o[name].reshape(-1, o[name].shape[-1]).argmax(-1) for o in outputs])
