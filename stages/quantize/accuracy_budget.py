"""The accuracy budget of the quantize stage, measured on the program that ships.

The QDQ model is lowered to the integer program (stages/codegen/qdq_lowering.py, as codegen will) and the
golden model, which the C++ equals bit for bit, runs it on the validation data beside the float
model; onnxruntime's figure on the QDQ model is measured too and reported beside it (it may
differ: docs/numerics.md). With labels the budget is top-1 points lost; without, the minimum
output SQNR. Each quantized activation of the program is compared with its float tensor, so a
failure names the layers that lose the most. Samples stream through in chunks: per layer only
two sums are kept, never the activations of every sample.

With `fallback: auto` (or `int16`, which never chooses float) an over-budget model is
re-quantized, one layer at a time, giving the
layer that does the most damage (the largest fall in SQNR from its inputs to its output) int16
activations (docs/int16.md) or, when it has them already or has no int16 kernel, keeping it in
float, until the budget holds or no layer is left to change. Float is only chosen when every
target computes float (`float_fallback`; the GPNPUs do not); otherwise the next
most damaging layer gets int16, and the stage fails naming the layers when none is left (found at
once when every layer on int16 misses the budget: the search could not do better).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from ferry.schemas.artifacts import BudgetCheck, CalibrationReport, LayerLoss
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.common.data import model_batches, read_arrays
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.quant import dequantize
from ferry.stages.common.reference import Batch, OnnxRuntime, sqnr_from_sums, top1
from ferry.stages.quantize.calibrate import TensorStatistics
from ferry.stages.quantize.qdq_writer import quantize_model

WORST_LAYERS = 3
CHUNK_SAMPLES = 16  # batches measured at once (every tensor of a chunk is held, then summed)


@dataclass(frozen=True)
class FloatReference:
    """The float model's outputs on the validation data: measured once, whatever the fallback
    tries (its inner tensors are recomputed chunk by chunk, never all held)."""

    model: onnx.ModelProto
    batches: list[Batch]
    outputs: list[Batch]  # the graph's first output, per batch
    labels: np.ndarray | None

    @property
    def output(self) -> str:
        return self.model.graph.output[0].name


def measure_float(float_model: Path, data: DataSpec) -> FloatReference:
    model = onnx.load(str(float_model))
    batches = list(model_batches(data, model, None))
    output = model.graph.output[0].name
    outputs = OnnxRuntime(model, [output]).run(batches)
    labels = read_arrays(data, [])[1]
    return FloatReference(model, batches, outputs, None if labels is None else labels[:len(top1(outputs, output))])


def _fake_quantized_pairs(qdq: onnx.ModelProto) -> dict[str, str]:
    """Float tensor -> its fake-quantized twin (the DequantizeLinear output) in the QDQ model."""
    pairs = {}
    outputs = {o.name for o in qdq.graph.output}
    dequantized = {o for n in qdq.graph.node if n.op_type == "DequantizeLinear" for o in n.output}
    for node in qdq.graph.node:
        if node.op_type == "QuantizeLinear" and node.input[0] not in dequantized:  # not a precision border
            twins = [n.output[0] for n in qdq.graph.node
                     if n.op_type == "DequantizeLinear" and n.input[0] == node.output[0]]
            if twins:  # a model output keeps its name on the dequantized side
                pairs[twins[0] if twins[0] in outputs else node.input[0]] = twins[0]
    return pairs


def _layer_losses(model: onnx.ModelProto, pairs: dict[str, str], sqnr: dict[str, float]) -> list[LayerLoss]:
    """SQNR of every quantized activation against the float tensor, worst first; `damage` is how
    much lower it is than the worst of its producer's inputs."""
    producers = {o: n for n in model.graph.node for o in n.output}
    for name in list(producers):  # a fused bias Add's or ReLU/Clip's loss belongs to its layer
        node = producers[name]
        fused = [i for i in node.input if i in producers and i not in pairs]
        if node.op_type in ("Add", "Relu", "Clip") and fused:
            producers[name] = producers[fused[0]]
    losses = []
    for name, value in sqnr.items():
        producer = producers.get(name)
        inputs = [sqnr[i] for i in (producer.input if producer is not None else []) if i in sqnr]
        losses.append(LayerLoss(node=producer.name if producer is not None else name, tensor=name,
                                sqnr_db=value, damage_db=max(min(inputs, default=value) - value, 0.0)))
    return sorted(losses, key=lambda loss: loss.sqnr_db)


def _real(golden: GoldenModel, name: str, values: np.ndarray) -> np.ndarray:
    if name not in golden.qparams:
        return values.astype(np.float64)
    scale, zero_point = golden.qparams[name]
    return dequantize(values, scale, zero_point).astype(np.float64)


@dataclass
class _Measured:
    """What one pass over the validation data gives: the golden model's outputs, onnxruntime's on
    the QDQ model, and per quantized tensor Σ float² and Σ (float - golden)²."""

    golden: list[Batch]
    qdq: list[Batch]
    sums: dict[str, list[float]]


def _measure(reference: FloatReference, qdq: onnx.ModelProto, tensors: list[str]) -> _Measured:
    from ferry.stages.codegen.qdq_lowering import lower_qdq  # the integer program codegen will write

    golden = GoldenModel(lower_qdq(qdq))
    output = reference.output
    floats = OnnxRuntime(reference.model, tensors)
    quantized = OnnxRuntime(qdq, [output])
    measured = _Measured([], [], {name: [0.0, 0.0] for name in tensors})
    for start in range(0, len(reference.batches), CHUNK_SAMPLES):
        chunk = reference.batches[start:start + CHUNK_SAMPLES]
        for batch, ref in zip(chunk, floats.run(chunk)):
            feeds = golden.feeds(batch)
            program = {**feeds, **golden.run(feeds, intermediate=True)}  # inputs are measured too
            for name, sums in measured.sums.items():
                if name in ref and name in program:
                    want = ref[name].astype(np.float64).reshape(-1)
                    got = _real(golden, name, program[name]).reshape(-1)
                    sums[0] += float(want @ want)
                    sums[1] += float((want - got) @ (want - got))
            measured.golden.append({output: _real(golden, output, program[output])})
        measured.qdq += quantized.run(chunk)
    return measured


def check_budget(reference: FloatReference, qdq: onnx.ModelProto,
                 params: QuantizeStage) -> tuple[BudgetCheck, list[LayerLoss]]:
    """Measure the integer program (the golden model) against the float model, with onnxruntime's
    figure on the QDQ model beside it; the stage's budget decides on the program's figure. Also
    returns every layer's loss."""
    output = reference.output
    pairs = _fake_quantized_pairs(qdq)
    measured = _measure(reference, qdq, list(dict.fromkeys([output, *pairs])))
    sqnr = {name: sqnr_from_sums(*sums) for name, sums in measured.sums.items() if name in pairs and sums[0] > 0}
    layers = _layer_losses(reference.model, pairs, sqnr)
    if reference.labels is not None and params.max_accuracy_drop is not None:
        fp32 = float((top1(reference.outputs, output) == reference.labels).mean())
        int8 = float((top1(measured.golden, output) == reference.labels).mean())
        qdq_top1 = float((top1(measured.qdq, output) == reference.labels).mean())
        drop = 100 * (fp32 - int8)
        return BudgetCheck(metric="top1_drop_points", value=drop, limit=params.max_accuracy_drop,
                           passed=drop <= params.max_accuracy_drop, fp32_top1=fp32, int8_top1=int8,
                           onnxruntime_value=100 * (fp32 - qdq_top1), worst_layers=layers[:WORST_LAYERS]), layers
    limit = params.min_output_sqnr_db if params.min_output_sqnr_db is not None else 0.0
    ref = np.concatenate([r[output].reshape(-1) for r in reference.outputs]).astype(np.float64)
    got = np.concatenate([g[output].reshape(-1) for g in measured.golden])
    qdq_out = np.concatenate([q[output].reshape(-1) for q in measured.qdq]).astype(np.float64)
    value = sqnr_from_sums(float(ref @ ref), float((ref - got) @ (ref - got)))
    return BudgetCheck(metric="output_sqnr_db", value=value, limit=limit, passed=value >= limit,
                       onnxruntime_value=sqnr_from_sums(float(ref @ ref), float((ref - qdq_out) @ (ref - qdq_out))),
                       worst_layers=layers[:WORST_LAYERS]), layers


FALLBACK_REASON = "fallback: auto (over the accuracy budget)"


@dataclass(frozen=True)
class _Attempt:
    """One quantization of the model and its measured budget."""

    model: onnx.ModelProto
    report: CalibrationReport
    check: BudgetCheck
    layers: list[LayerLoss]

    def result(self, kept: list[str]) -> tuple[onnx.ModelProto, CalibrationReport, BudgetCheck]:
        return self.model, self.report, self.check.model_copy(update={"kept_float": kept,
                                                                       "int16": list(self.report.int16)})


def quantize_within_budget(float_model: Path, stats: TensorStatistics, data: DataSpec,
                           params: QuantizeStage, float_fallback: bool = True,
                           ) -> tuple[onnx.ModelProto, CalibrationReport, BudgetCheck]:
    """Quantize and check the budget; with `fallback: auto`, give the most damaging layers int16
    activations, or keep them in float, one at a time until it holds (the check records which)."""
    reference = measure_float(float_model, data)

    def attempt(kept: list[str], wide: list[str]) -> _Attempt:
        model, report = quantize_model(reference.model, stats, params, dict.fromkeys(kept, FALLBACK_REASON),
                                       dict.fromkeys(wide, FALLBACK_REASON))
        return _Attempt(model, report, *check_budget(reference, model, params))

    kept: list[str] = []
    wide: list[str] = []  # asked for int16 (the report says which got it: report.int16)
    current = attempt(kept, wide)
    if current.check.passed or params.fallback == "none":
        return current.result(kept)
    float_fallback = float_fallback and params.fallback == "auto"  # `int16`: never float
    # without float, int16 everywhere is as far as the search can go: when even that misses the
    # budget, it is the answer, found in one step instead of one per layer
    ceiling = None if float_fallback else attempt([], [n.name for n in reference.model.graph.node])
    if ceiling is not None and not ceiling.check.passed:
        return ceiling.result([])
    while not current.check.passed:
        step = _next_fallback(current.layers, current.report, wide, float_fallback)
        if step is None:
            return current.result(kept) if ceiling is None else ceiling.result([])
        (wide if step[1] == "int16" else kept).append(step[0])
        current = attempt(kept, wide)
    return current.result(kept)


def _next_fallback(layers: list[LayerLoss], report: CalibrationReport, wide: list[str],
                   float_fallback: bool) -> tuple[str, str] | None:
    """(node, 'int16' or 'float'): the most damaging layer that can still change, and how."""
    for layer in sorted(layers, key=lambda loss: -loss.damage_db):
        if layer.node in report.kept_float:
            continue
        if layer.node not in wide:
            return layer.node, "int16"
        if float_fallback:  # int16 already, or it has no int16 kernel (asked, not given)
            return layer.node, "float"
    return None


def describe_failure(model: str, check: BudgetCheck, float_fallback: bool = True) -> str:
    what = (f"loses {check.value:.2f} top-1 points (fp32 {check.fp32_top1:.4f}, int8 {check.int8_top1:.4f}), "
            f"more than max_accuracy_drop {check.limit:g}" if check.metric == "top1_drop_points" else
            f"has output SQNR {check.value:.1f} dB, below min_output_sqnr_db {check.limit:g}")
    beside = ("" if check.onnxruntime_value is None else
              " (measured on the integer program; onnxruntime on the QDQ model: "
              + (f"{check.onnxruntime_value:.2f} points)" if check.metric == "top1_drop_points"
                 else f"{check.onnxruntime_value:.1f} dB)"))
    what += beside
    worst = "; ".join(f"{layer.node} ({layer.tensor}) {layer.sqnr_db:.1f} dB" for layer in check.worst_layers)
    changed = [f"gave {len(check.int16)} layer(s) int16 activations ({', '.join(check.int16)})"] if check.int16 else []
    if check.kept_float:
        changed.append(f"kept {len(check.kept_float)} layer(s) in float ({', '.join(check.kept_float)})")
    kept = f" fallback: auto {' and '.join(changed)} and it still does not fit." if changed else ""
    advice = ("Keep them in float with quantize.keep_float, or try another calibration method" if float_fallback
              else "No layer may stay float here (fallback: int16, or a target without a float32 MAC rate): "
                   "try another calibration method or a lower budget")
    return f"{model}: the int8 model {what}.{kept} Layers that lose the most (SQNR vs float): {worst}. {advice}."
