"""The accuracy budget of the quantize stage, measured before any code is generated.

The QDQ model runs in onnxruntime (no graph optimization: the QDQ semantics, which the golden
model matches to at most 1 LSB) on the validation data, beside the float model. With labels the
budget is top-1 points lost; without, the minimum output SQNR. Each quantized activation is also
compared with its float tensor, so a failure names the layers that lose the most.

With `fallback: auto` an over-budget model is re-quantized keeping, one at a time, the layer
that does the most damage in float (the largest fall in SQNR from its inputs to its output),
until the budget holds or no quantized layer is left to keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from schemas.artifacts import BudgetCheck, CalibrationReport, LayerLoss
from schemas.pipeline import DataSpec, QuantizeStage
from stages.common.data import read_arrays
from stages.common.reference import Batch, onnxruntime_tensors, sqnr_db, top1
from stages.quantize.calibrate import TensorStatistics, calibration_batches
from stages.quantize.qdq import quantize_model

WORST_LAYERS = 3


@dataclass(frozen=True)
class FloatReference:
    """The float model on the validation data: measured once, whatever the fallback tries."""

    model: onnx.ModelProto
    batches: list[Batch]
    tensors: list[Batch]  # every input and node output, per batch
    labels: np.ndarray | None

    @property
    def output(self) -> str:
        return self.model.graph.output[0].name


def measure_float(float_model: Path, data: DataSpec) -> FloatReference:
    model = onnx.load(str(float_model))
    batches = list(calibration_batches(data, model, None))
    names = [*(i.name for i in model.graph.input),
             *(name for node in model.graph.node for name in node.output if name)]
    tensors = onnxruntime_tensors(float_model, batches, names)
    labels = read_arrays(data, [])[1]
    output = model.graph.output[0].name
    return FloatReference(model, batches, tensors,
                          None if labels is None else labels[:len(top1(tensors, output))])


def _fake_quantized_pairs(qdq: onnx.ModelProto) -> dict[str, str]:
    """Float tensor -> its fake-quantized twin (the DequantizeLinear output) in the QDQ model."""
    pairs = {}
    outputs = {o.name for o in qdq.graph.output}
    for node in qdq.graph.node:
        if node.op_type == "QuantizeLinear":
            twins = [n.output[0] for n in qdq.graph.node
                     if n.op_type == "DequantizeLinear" and n.input[0] == node.output[0]]
            if twins:  # a model output keeps its name on the dequantized side
                pairs[twins[0] if twins[0] in outputs else node.input[0]] = twins[0]
    return pairs


def _layer_losses(reference: FloatReference, pairs: dict[str, str], quantized: list[Batch]) -> list[LayerLoss]:
    """SQNR of every quantized activation against the float tensor, worst first; `damage` is how
    much lower it is than the worst of its producer's inputs."""
    producers = {o: n for n in reference.model.graph.node for o in n.output}
    for name in list(producers):  # a fused bias Add's or ReLU/Clip's loss belongs to its layer
        node = producers[name]
        fused = [i for i in node.input if i in producers and i not in pairs]
        if node.op_type in ("Add", "Relu", "Clip") and fused:
            producers[name] = producers[fused[0]]
    sqnr = {}
    for name, twin in pairs.items():
        if name in reference.tensors[0] and twin in quantized[0]:
            ref = np.concatenate([r[name].reshape(-1) for r in reference.tensors])
            got = np.concatenate([q[twin].reshape(-1) for q in quantized]).astype(np.float64)
            sqnr[name] = sqnr_db(ref, got)
    losses = []
    for name, value in sqnr.items():
        producer = producers.get(name)
        inputs = [sqnr[i] for i in (producer.input if producer is not None else []) if i in sqnr]
        losses.append(LayerLoss(node=producer.name if producer is not None else name, tensor=name,
                                sqnr_db=value, damage_db=max(min(inputs, default=value) - value, 0.0)))
    return sorted(losses, key=lambda loss: loss.sqnr_db)


def check_budget(reference: FloatReference, qdq: onnx.ModelProto,
                 params: QuantizeStage) -> tuple[BudgetCheck, list[LayerLoss]]:
    """Measure the QDQ model against the float model (one onnxruntime pass for the output and
    every fake-quantized tensor); the stage's budget decides. Also returns every layer's loss."""
    output = reference.output
    pairs = _fake_quantized_pairs(qdq)
    quantized = onnxruntime_tensors(qdq, reference.batches, list(dict.fromkeys([output, *pairs.values()])))
    layers = _layer_losses(reference, pairs, quantized)
    if reference.labels is not None and params.max_accuracy_drop is not None:
        fp32 = float((top1(reference.tensors, output) == reference.labels).mean())
        int8 = float((top1(quantized, output) == reference.labels).mean())
        drop = 100 * (fp32 - int8)
        return BudgetCheck(metric="top1_drop_points", value=drop, limit=params.max_accuracy_drop,
                           passed=drop <= params.max_accuracy_drop, fp32_top1=fp32, int8_top1=int8,
                           worst_layers=layers[:WORST_LAYERS]), layers
    limit = params.min_output_sqnr_db if params.min_output_sqnr_db is not None else 0.0
    ref = np.concatenate([r[output].reshape(-1) for r in reference.tensors])
    got = np.concatenate([q[output].reshape(-1) for q in quantized]).astype(np.float64)
    value = sqnr_db(ref, got)
    return BudgetCheck(metric="output_sqnr_db", value=value, limit=limit, passed=value >= limit,
                       worst_layers=layers[:WORST_LAYERS]), layers


def quantize_within_budget(float_model: Path, stats: TensorStatistics, data: DataSpec,
                           params: QuantizeStage) -> tuple[onnx.ModelProto, CalibrationReport, BudgetCheck]:
    """Quantize and check the budget; with `fallback: auto`, keep the most damaging layers in
    float one at a time until it holds (the check records which)."""
    reference = measure_float(float_model, data)
    kept: list[str] = []
    while True:
        model, report = quantize_model(reference.model, stats, params,
                                       {node: "fallback: auto (over the accuracy budget)" for node in kept})
        check, layers = check_budget(reference, model, params)
        if check.passed or params.fallback == "none":
            break
        candidates = [l for l in layers if l.node not in report.kept_float]
        if not candidates:
            break
        kept.append(max(candidates, key=lambda loss: loss.damage_db).node)
    return model, report, check.model_copy(update={"kept_float": kept})


def describe_failure(model: str, check: BudgetCheck) -> str:
    what = (f"loses {check.value:.2f} top-1 points (fp32 {check.fp32_top1:.4f}, int8 {check.int8_top1:.4f}), "
            f"more than max_accuracy_drop {check.limit:g}" if check.metric == "top1_drop_points" else
            f"has output SQNR {check.value:.1f} dB, below min_output_sqnr_db {check.limit:g}")
    worst = "; ".join(f"{l.node} ({l.tensor}) {l.sqnr_db:.1f} dB" for l in check.worst_layers)
    kept = (f" fallback: auto kept {len(check.kept_float)} layer(s) in float ({', '.join(check.kept_float)}) "
            "and it still does not fit." if check.kept_float else "")
    return (f"{model}: the int8 model {what}.{kept} Layers that lose the most (SQNR vs float): {worst}. "
            f"Keep them in float with quantize.keep_float, or try another calibration method.")
