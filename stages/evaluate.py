"""Evaluate stage: run the compiled C++ on the validation data against the references.

fp32 programs are compared with onnxruntime on the imported model within a tolerance. int8
programs follow the numerics contract (docs/design.md, principle 6): the C++ must equal the golden
model bit for bit, on the outputs and on every layer (through the trace build); every layer is
measured against the float model (SQNR, cosine, max error) and the outputs against onnxruntime
running the QDQ model (a histogram of LSB differences).

Layers an int8 program keeps in float (and every layer downstream of one) cannot be bit-exact:
the C++ float kernels and numpy sum in different orders, so a float value may differ in its last
bits and a QuantizeLinear after it by one step. Those layers are compared within FLOAT_TOLERANCE
(relative) and INT8_TOLERANCE_LSB, and marked `exact: false`; every other layer must be equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import (
    Accuracy,
    Comparison,
    Fp32Tolerance,
    Int8Comparison,
    LayerComparison,
    OutputComparison,
    PackageManifest,
    TensorPort,
)
from ferry.schemas.pipeline import DataSpec
from ferry.stages.common.data import read_arrays
from ferry.stages.common.golden import GoldenModel, float_layers, int16_layers
from ferry.stages.common.graph import TensorInfo
from ferry.stages.common.quant import dequantize, int_limits, quantize
from ferry.stages.common.reference import (
    WORST_COSINE,
    WORST_SQNR_DB,
    Batch,
    OnnxRuntime,
    compare_arrays,
    cosine,
    differences,
    finite_magnitude,
    onnxruntime_tensors,
    sqnr_from_sums,
    top1,
)
from ferry.toolchain.hostrun import run_samples, run_traced

FLOAT_TOLERANCE = 1e-4  # of the tensor's largest magnitude
INT8_TOLERANCE_LSB = 1


def load_samples(data: DataSpec, manifest: PackageManifest, limit: int | None,
                 ) -> tuple[list[Batch], np.ndarray | None, int]:
    """Split the .npz arrays into model-sized float batches; returns (batches, labels, dropped)."""
    arrays, labels = read_arrays(data, [port.onnx_name for port in manifest.inputs])
    batch = manifest.inputs[0].shape[0] if manifest.inputs[0].shape else 1
    count = min(len(a) for a in arrays.values())
    if limit is not None:
        count = min(count, limit)
    usable = count // batch * batch
    batches = []
    for start in range(0, usable, batch):
        sample = {}
        for port in manifest.inputs:
            chunk = arrays[port.onnx_name][start:start + batch]
            if list(chunk.shape) != port.shape:
                raise FerryError(f"{data.path}: input '{port.onnx_name}' samples have shape "
                                 f"{list(chunk.shape[1:])}, the model expects {port.shape[1:]}")
            real = port.scale is not None  # an int8 port takes real values, quantized below
            sample[port.onnx_name] = chunk.astype(np.float32 if real else np.dtype(port.dtype))
        batches.append(sample)
    if not batches:
        raise FerryError(f"{data.path}: no complete batch of {batch} sample(s)")
    return batches, (labels[:usable] if labels is not None else None), count - usable


def quantize_inputs(batches: list[Batch], manifest: PackageManifest) -> list[Batch]:
    """What the runners take: int8 (and int16) ports quantized with their scale and zero point."""
    return [{p.onnx_name: quantize(b[p.onnx_name], p.scale, p.zero_point, *int_limits(p.dtype)).astype(p.dtype)
             if p.scale is not None and p.zero_point is not None else b[p.onnx_name]
             for p in manifest.inputs} for b in batches]


def beyond_tolerance(got: list[np.ndarray], want: list[np.ndarray], tolerance: Fp32Tolerance) -> tuple[int, float]:
    """(elements of one output outside the tolerance, the output's range over every sample)."""
    finite = [w.astype(np.float64)[np.isfinite(w)] for w in want]
    low = min(float(f.min(initial=np.inf)) for f in finite)
    high = max(float(f.max(initial=-np.inf)) for f in finite)
    spread = max(high - low, 0.0)
    beyond = 0
    for g, w in zip(got, want):
        difference = differences(g, w)  # a non-finite mismatch is infinite, so beyond
        allowed = np.maximum(tolerance.range * spread, tolerance.relative * np.abs(w.astype(np.float64)))
        beyond += int(np.count_nonzero(~(difference <= allowed)))
    return beyond, spread


def compare_output(cpp: list[np.ndarray], ref: list[np.ndarray],
                   tolerance: Fp32Tolerance | None = None) -> OutputComparison:
    abs_err, rel_err, cosines, agree, total, nonfinite = 0.0, 0.0, [], 0, 0, 0
    for got, want in zip(cpp, ref):
        got64, want64 = got.astype(np.float64), want.astype(np.float64)
        difference = compare_arrays(got64, want64, 0.0)
        nonfinite += difference.nonfinite
        abs_err = max(abs_err, difference.largest)
        rel_err = max(rel_err, difference.largest / max(finite_magnitude(want64), 1e-12))
        for g, w in zip(got64.reshape(len(got64), -1) if got64.ndim > 1 else [got64.reshape(-1)],
                        want64.reshape(len(want64), -1) if want64.ndim > 1 else [want64.reshape(-1)]):
            cosines.append(cosine(g, w))
        if want.ndim >= 2 and want.shape[-1] > 1:
            agree += int((got.argmax(-1) == want.argmax(-1)).sum())
            total += int(np.prod(want.shape[:-1]))
    beyond, spread = beyond_tolerance(cpp, ref, tolerance) if tolerance is not None else (0, 0.0)
    return OutputComparison(max_abs_err=abs_err, max_rel_err=rel_err, cosine_min=min(cosines),
                            top1_agreement=agree / total if total else None, range=spread,
                            beyond_tolerance=beyond, nonfinite=nonfinite)


def _accuracy(labels: np.ndarray | None, data: DataSpec, name: str, fp32: list[Batch] | None,
              cpp: list[Batch], int8: list[Batch] | None = None,
              qdq: list[Batch] | None = None) -> Accuracy | None:
    if labels is None:
        return None
    if len(top1(cpp, name)) != len(labels):
        raise FerryError(f"{data.path}: {len(labels)} labels for {len(top1(cpp, name))} predictions")

    def rate(outputs: list[Batch]) -> float:
        return float((top1(outputs, name) == labels).mean())

    return Accuracy(fp32_top1=None if fp32 is None else rate(fp32), cpp_top1=rate(cpp),
                    int8_top1=None if int8 is None else rate(int8),
                    qdq_onnxruntime_top1=None if qdq is None else rate(qdq))


def evaluate(runner: Path, manifest: PackageManifest, reference_model: Path, data: DataSpec,
             max_samples: int | None, tolerance: Fp32Tolerance) -> Comparison:
    """An fp32 program against onnxruntime, element by element within the tolerance."""
    batches, labels, dropped = load_samples(data, manifest, max_samples)
    cpp = run_samples(runner, manifest, batches)
    ref = onnxruntime_tensors(reference_model, batches)
    outputs = {port.onnx_name: compare_output([c[port.onnx_name] for c in cpp],
                                              [r[port.onnx_name] for r in ref], tolerance)
               for port in manifest.outputs}
    first = manifest.outputs[0].onnx_name
    return Comparison(
        samples=len(batches) * manifest.inputs[0].shape[0], dropped_samples=dropped,
        reference=f"onnxruntime on {reference_model.name}", outputs=outputs, fp32=outputs[first],
        accuracy=_accuracy(labels, data, first, ref, cpp), tolerance=tolerance,
        within_tolerance=all(o.beyond_tolerance == 0 and not o.nonfinite for o in outputs.values()),
    )


def from_port(port: TensorPort, values: np.ndarray) -> np.ndarray:
    if port.scale is None or port.zero_point is None:
        return values
    return dequantize(values, port.scale, port.zero_point)


@dataclass(frozen=True)
class Int8Artifacts:
    runner: Path
    trace_runner: Path
    integer_model: Path  # the lowered program the golden model runs
    float_model: Path | None  # the float reference; None: the model arrived quantized, none named
    qdq_model: Path  # what onnxruntime runs for the LSB histogram


# Samples compared at once: each layer of a chunk is held three times (golden model, C++ trace,
# float reference) and then summed into per-layer tallies, so memory does not grow with the samples.
CHUNK_SAMPLES = 16


def inexact_tensors(model: onnx.ModelProto) -> set[str]:
    """Outputs of the nodes computed in float and of every node downstream of one."""
    computed_in_float = set(float_layers(model))
    inexact: set[str] = set()
    for node in model.graph.node:
        if node.name in computed_in_float or inexact.intersection(node.input):
            inexact.update(o for o in node.output if o)
    return inexact


def count_mismatches(golden: list[Batch], cpp: list[Batch], name: str, exact: bool) -> tuple[int, float]:
    """(elements that differ beyond the tolerance, NaN or infinities where the golden model has
    none included; the largest finite difference)."""
    mismatches, largest = 0, 0.0
    for g, c in zip(golden, cpp):
        if exact:
            limit = 0.0
        elif g[name].dtype.kind == "f":
            limit = FLOAT_TOLERANCE * max(finite_magnitude(g[name]), 1e-6)
        else:
            limit = INT8_TOLERANCE_LSB
        difference = compare_arrays(c[name], g[name], limit)
        mismatches += difference.exceeding
        largest = max(largest, difference.largest)
    return mismatches, largest


@dataclass
class _LayerTally:
    """One layer's comparisons, summed over the chunks seen so far."""

    node: str
    op: str
    exact: bool
    mismatches: int = 0
    largest: float = 0.0
    measured: bool = False  # the float reference has a tensor of this name
    signal: float = 0.0  # Σ ref², Σ (ref - got)², Σ ref·got, Σ got² over every element so far
    noise: float = 0.0
    dot: float = 0.0
    got_squares: float = 0.0
    max_abs_err: float = 0.0
    nonfinite: bool = False  # a NaN or an infinity met another value: the worst SQNR and cosine

    def add_reference(self, ref: np.ndarray, got: np.ndarray) -> None:
        ref, got = ref.astype(np.float64).reshape(-1), got.astype(np.float64).reshape(-1)
        self.measured = True
        mismatched = np.isinf(differences(got, ref))  # NaN or infinity against another value
        if mismatched.any():
            self.nonfinite = True
        same_nonfinite = ~np.isfinite(ref) | ~np.isfinite(got)  # the sums take finite pairs only
        ref, got = ref[~same_nonfinite], got[~same_nonfinite]
        difference = ref - got
        self.signal += float(np.einsum("i,i->", ref, ref))
        self.noise += float(np.einsum("i,i->", difference, difference))
        self.dot += float(np.einsum("i,i->", ref, got))
        self.got_squares += float(np.einsum("i,i->", got, got))
        if difference.size:
            self.max_abs_err = max(self.max_abs_err, float(difference.max()), float(-difference.min()))

    def result(self, tensor: str) -> LayerComparison:
        sqnr = cos = max_err = None
        if self.measured:
            sqnr = WORST_SQNR_DB if self.nonfinite else sqnr_from_sums(self.signal, self.noise)
            norm = float(np.sqrt(self.signal * self.got_squares))
            cos = (WORST_COSINE if self.nonfinite else self.dot / norm if norm > 0 else float(self.noise == 0.0))
            max_err = self.max_abs_err
        return LayerComparison(tensor=tensor, node=self.node, op=self.op, sqnr_db=sqnr, cosine=cos,
                               max_abs_err=max_err, cpp_mismatches=self.mismatches, exact=self.exact,
                               cpp_max_difference=self.largest)


def _real(golden_model: GoldenModel, name: str, values: np.ndarray) -> np.ndarray:
    if name not in golden_model.qparams:
        return values
    scale, zero_point = golden_model.qparams[name]
    return dequantize(values, scale, zero_point)


def _lsb_counts(golden: list[Batch], qdq: list[Batch], qparams: dict[str, tuple[float, int]],
                names: list[str]) -> np.ndarray:
    """How many output elements differ by 0, 1, 2... steps from onnxruntime on the QDQ model."""
    differences = [np.zeros(0, dtype=np.int64)]
    for name in (n for n in names if n in qparams):
        scale, zero_point = qparams[name]
        for g, q in zip(golden, qdq):
            differences.append(np.abs(g[name].astype(np.int64) - quantize(q[name], scale, zero_point)).reshape(-1))
    return np.bincount(np.concatenate(differences))


def _add_counts(total: np.ndarray, more: np.ndarray) -> np.ndarray:
    size = max(total.size, more.size)
    return np.pad(total, (0, size - total.size)) + np.pad(more, (0, size - more.size))


def evaluate_int8(artifacts: Int8Artifacts, manifest: PackageManifest, data: DataSpec,
                  max_samples: int | None) -> Comparison:
    """An int8 program: bit-exact against the golden model, measured against the float model
    (or, for a model that arrived quantized without its float model, against the QDQ model in
    onnxruntime, with no SQNR against float). Samples are streamed in chunks of CHUNK_SAMPLES."""
    golden_model = GoldenModel(artifacts.integer_model)
    batches, labels, dropped = load_samples(data, manifest, max_samples)
    output_names = [p.onnx_name for p in manifest.outputs]
    inexact = inexact_tensors(golden_model.model)
    tallies = {name: _LayerTally(node.name, node.op_type, name not in inexact)
               for node in golden_model.model.graph.node for name in node.output if name}
    qdq_runtime = OnnxRuntime(artifacts.qdq_model)
    float_runtime = (None if artifacts.float_model is None
                     else OnnxRuntime(artifacts.float_model, golden_model.node_outputs))
    node_outputs: list[TensorInfo] = []
    mismatches, lsb = 0, np.zeros(1, dtype=np.int64)
    kept: dict[str, list[Batch]] = {"cpp": [], "golden": [], "qdq": [], "float": []}  # outputs only
    for start in range(0, len(batches), CHUNK_SAMPLES):
        chunk = batches[start:start + CHUNK_SAMPLES]
        program_inputs = quantize_inputs(chunk, manifest)
        golden = [golden_model.run(q, intermediate=True) for q in program_inputs]
        node_outputs = node_outputs or [TensorInfo(n, golden[0][n].shape, golden[0][n].dtype)
                                        for n in golden_model.node_outputs]
        traced = run_traced(artifacts.trace_runner, manifest, program_inputs, node_outputs)
        cpp = run_samples(artifacts.runner, manifest, program_inputs)
        qdq = qdq_runtime.run(chunk)
        reference = float_runtime.run(chunk) if float_runtime else None
        for name, tally in tallies.items():
            found, largest = count_mismatches(golden, traced, name, tally.exact)
            tally.mismatches, tally.largest = tally.mismatches + found, max(tally.largest, largest)
            if reference is not None and name in reference[0]:
                for g, r in zip(golden, reference):
                    tally.add_reference(r[name], _real(golden_model, name, g[name]))
        mismatches += sum(count_mismatches(golden, cpp, n, n not in inexact)[0] for n in output_names)
        lsb = _add_counts(lsb, _lsb_counts(golden, qdq, golden_model.qparams, output_names))
        kept["cpp"] += [{p.onnx_name: from_port(p, c[p.onnx_name]) for p in manifest.outputs} for c in cpp]
        kept["golden"] += [{p.onnx_name: from_port(p, g[p.onnx_name]) for p in manifest.outputs} for g in golden]
        kept["qdq"] += qdq
        kept["float"] += [{n: r[n] for n in output_names} for r in reference or []]
    layers = [tally.result(name) for name, tally in tallies.items()]
    measured = [layer.sqnr_db for layer in layers if layer.sqnr_db is not None]
    output_sqnr = [layer.sqnr_db for layer in layers if layer.tensor in output_names and layer.sqnr_db is not None]
    int8 = Int8Comparison(
        samples=len(batches), cpp_vs_golden_mismatches=mismatches,
        first_mismatch=next((f"{layer.node} ({layer.op}) -> {layer.tensor}" for layer in layers
                             if layer.cpp_mismatches), None),
        sqnr_db_min=min(measured, default=None), output_sqnr_db=min(output_sqnr, default=None),
        lsb_vs_onnxruntime={str(lsb_steps): int(n) for lsb_steps, n in enumerate(lsb) if n},
        float_layers=float_layers(golden_model.model),
        int16_layers=int16_layers(golden_model.model),
        layers=layers,
    )
    # without a float model, the dequantized outputs are compared with the QDQ model's
    reference_outputs = kept["float"] if artifacts.float_model is not None else kept["qdq"]
    outputs = {n: compare_output([c[n] for c in kept["cpp"]], [r[n] for r in reference_outputs])
               for n in output_names}
    first = output_names[0]
    described = (f"onnxruntime on {artifacts.float_model.name} (float); golden int8 model"
                 if artifacts.float_model is not None else
                 f"onnxruntime on {artifacts.qdq_model.name}, the QDQ model itself (it arrived quantized and "
                 "no float_onnx names its float model: no SQNR against float); golden int8 model")
    return Comparison(
        samples=len(batches) * manifest.inputs[0].shape[0], dropped_samples=dropped,
        reference=described, outputs=outputs, fp32=outputs[first],
        accuracy=_accuracy(labels, data, first, kept["float"] or None, kept["cpp"], kept["golden"], kept["qdq"]),
        within_tolerance=mismatches == 0 and int8.first_mismatch is None,
        int8=int8,
    )
