"""Evaluate stage: run the compiled C++ on the validation data against the references.

fp32 programs are compared with onnxruntime on the imported model within a tolerance. int8
programs follow the numerics contract (DESIGN.md principle 6): the C++ must equal the golden
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

from schemas.artifacts import (
    Accuracy,
    Comparison,
    Int8Comparison,
    LayerComparison,
    OutputComparison,
    PackageManifest,
    TensorPort,
)
from schemas.pipeline import DataSpec
from stages.common.data import read_arrays
from stages.common.errors import FerryError
from stages.common.golden import GoldenModel, float_layers
from stages.common.graph import TensorInfo
from stages.common.quant import dequantize, quantize
from stages.common.reference import (Batch, compare_arrays, cosine, finite_magnitude, onnxruntime_tensors,
                                     sqnr_db, top1)
from stages.hostrun import run_samples, run_traced

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
    """What the runners take: int8 ports quantized with their scale and zero point."""
    return [{p.onnx_name: quantize(b[p.onnx_name], p.scale, p.zero_point).astype(np.int8)
             if p.scale is not None else b[p.onnx_name] for p in manifest.inputs} for b in batches]


def compare_output(cpp: list[np.ndarray], ref: list[np.ndarray]) -> OutputComparison:
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
    return OutputComparison(max_abs_err=abs_err, max_rel_err=rel_err, cosine_min=min(cosines),
                            top1_agreement=agree / total if total else None, nonfinite=nonfinite)


def _accuracy(labels: np.ndarray | None, data: DataSpec, name: str, fp32: list[Batch],
              cpp: list[Batch], int8: list[Batch] | None = None,
              qdq: list[Batch] | None = None) -> Accuracy | None:
    if labels is None:
        return None
    if len(top1(cpp, name)) != len(labels):
        raise FerryError(f"{data.path}: {len(labels)} labels for {len(top1(cpp, name))} predictions")

    def rate(outputs: list[Batch] | None) -> float | None:
        return None if outputs is None else float((top1(outputs, name) == labels).mean())

    return Accuracy(fp32_top1=rate(fp32), cpp_top1=rate(cpp), int8_top1=rate(int8),
                    qdq_onnxruntime_top1=rate(qdq))


def evaluate(runner: Path, manifest: PackageManifest, reference_model: Path, data: DataSpec,
             max_samples: int | None, max_abs_err: float) -> Comparison:
    """An fp32 program against onnxruntime, within max_abs_err."""
    batches, labels, dropped = load_samples(data, manifest, max_samples)
    cpp = run_samples(runner, manifest, batches)
    ref = onnxruntime_tensors(reference_model, batches)
    outputs = {port.onnx_name: compare_output([c[port.onnx_name] for c in cpp],
                                              [r[port.onnx_name] for r in ref])
               for port in manifest.outputs}
    first = manifest.outputs[0].onnx_name
    return Comparison(
        samples=len(batches) * manifest.inputs[0].shape[0], dropped_samples=dropped,
        reference=f"onnxruntime on {reference_model.name}", outputs=outputs, fp32=outputs[first],
        accuracy=_accuracy(labels, data, first, ref, cpp), max_abs_err_limit=max_abs_err,
        within_tolerance=all(o.max_abs_err <= max_abs_err and not o.nonfinite for o in outputs.values()),
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
    float_model: Path  # the imported float model: the reference
    qdq_model: Path  # what onnxruntime runs for the LSB histogram


def _lsb_histogram(golden: list[Batch], qdq: list[Batch], qparams: dict[str, tuple[float, int]],
                   names: list[str]) -> dict[str, int]:
    differences = [np.zeros(0, dtype=np.int64)]
    for name in (n for n in names if n in qparams):
        scale, zero_point = qparams[name]
        for g, q in zip(golden, qdq):
            codes = quantize(q[name], scale, zero_point)
            differences.append(np.abs(g[name].astype(np.int64) - codes).reshape(-1))
    counts = np.bincount(np.concatenate(differences))
    return {str(lsb): int(n) for lsb, n in enumerate(counts) if n}


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


def _layers(golden_model: GoldenModel, golden: list[Batch], traced: list[Batch],
            reference: list[Batch], inexact: set[str]) -> list[LayerComparison]:
    layers = []
    for node in golden_model.model.graph.node:
        for name in (o for o in node.output if o):
            mismatches, largest = count_mismatches(golden, traced, name, name not in inexact)
            sqnr = cos = max_err = None
            if name in reference[0]:
                scale, zero_point = golden_model.qparams.get(name, (1.0, 0))
                real = np.concatenate([(dequantize(g[name], scale, zero_point) if name in golden_model.qparams
                                        else g[name]).reshape(-1) for g in golden]).astype(np.float64)
                ref = np.concatenate([r[name].reshape(-1) for r in reference]).astype(np.float64)
                sqnr, cos = sqnr_db(ref, real), cosine(ref, real)
                max_err = compare_arrays(real, ref, 0.0).largest
            layers.append(LayerComparison(tensor=name, node=node.name, op=node.op_type, sqnr_db=sqnr,
                                          cosine=cos, max_abs_err=max_err, cpp_mismatches=mismatches,
                                          exact=name not in inexact, cpp_max_difference=largest))
    return layers


def evaluate_int8(artifacts: Int8Artifacts, manifest: PackageManifest, data: DataSpec,
                  max_samples: int | None) -> Comparison:
    """An int8 program: bit-exact against the golden model, measured against the float model."""
    golden_model = GoldenModel(artifacts.integer_model)
    batches, labels, dropped = load_samples(data, manifest, max_samples)
    program_inputs = quantize_inputs(batches, manifest)
    golden = [golden_model.run(q, intermediate=True) for q in program_inputs]
    node_outputs = [TensorInfo(name, golden[0][name].shape, golden[0][name].dtype)
                    for name in golden_model.node_outputs]
    traced = run_traced(artifacts.trace_runner, manifest, program_inputs, node_outputs)
    cpp = run_samples(artifacts.runner, manifest, program_inputs)
    reference = onnxruntime_tensors(artifacts.float_model, batches, golden_model.node_outputs)
    qdq = onnxruntime_tensors(artifacts.qdq_model, batches)
    output_names = [p.onnx_name for p in manifest.outputs]
    inexact = inexact_tensors(golden_model.model)
    mismatches = sum(count_mismatches(golden, cpp, n, n not in inexact)[0] for n in output_names)
    layers = _layers(golden_model, golden, traced, reference, inexact)
    real_cpp = [{p.onnx_name: from_port(p, c[p.onnx_name]) for p in manifest.outputs} for c in cpp]
    outputs = {n: compare_output([c[n] for c in real_cpp], [r[n] for r in reference]) for n in output_names}
    measured = [layer.sqnr_db for layer in layers if layer.sqnr_db is not None]
    int8 = Int8Comparison(
        samples=len(program_inputs), cpp_vs_golden_mismatches=mismatches,
        first_mismatch=next((f"{l.node} ({l.op}) -> {l.tensor}" for l in layers if l.cpp_mismatches), None),
        sqnr_db_min=min(measured, default=0.0),
        output_sqnr_db=min(l.sqnr_db for l in layers if l.tensor in output_names and l.sqnr_db is not None),
        lsb_vs_onnxruntime=_lsb_histogram(golden, qdq, golden_model.qparams, output_names),
        float_layers=float_layers(golden_model.model),
        layers=layers,
    )
    first = output_names[0]
    golden_real = [{p.onnx_name: from_port(p, g[p.onnx_name]) for p in manifest.outputs} for g in golden]
    return Comparison(
        samples=len(batches) * manifest.inputs[0].shape[0], dropped_samples=dropped,
        reference=f"onnxruntime on {artifacts.float_model.name} (float); golden int8 model",
        outputs=outputs, fp32=outputs[first],
        accuracy=_accuracy(labels, data, first, reference, real_cpp, golden_real, qdq),
        max_abs_err_limit=None, within_tolerance=mismatches == 0 and int8.first_mismatch is None,
        int8=int8,
    )
