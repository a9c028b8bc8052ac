"""Sparsify stage: pruning without retraining, from a float (or QDQ) ONNX model to sparse.onnx.

layers:      the prunable layers and their weights as [out, K] matrices (float or int8 on its grid)
masks:       method per layer (rules, exclusions, minimum size); magnitude and N:M masks
channels:    channel groups (coupled through Add / Concat) and the graph surgery removing them
refit:       least-squares refit of the remaining weights on calibration activations
sensitivity: each layer pruned alone; per-layer levels reaching a global sparsity
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import onnx

from ferry.core.files import write_bytes_atomic, write_json_atomic
from ferry.engine.contracts import Figures, ModelFile, StageCall
from ferry.schemas.pipeline import DataSpec, SensitivityAnalysis, SparsifyStage
from ferry.schemas.sparsity import Accuracy, LayerSparsity, SensitivityRow, SparsityReport
from ferry.stages.common.data import model_batches, read_arrays
from ferry.stages.common.graph import GraphView
from ferry.stages.common.ops import count_macs
from ferry.stages.common.reference import Batch, sqnr_db, top1
from ferry.stages.quantize.shipped import static_model, with_pruned_weights
from ferry.stages.sparsify.layers import Layer, Weights, find_layers
from ferry.stages.sparsify.masks import Choice, choose, global_levels
from ferry.stages.sparsify.prune import Pruned, prune
from ferry.stages.sparsify.refit import Fit, refit, stacked
from ferry.stages.sparsify.sensitivity import allocate, analyse


def _accuracy(models: list[onnx.ModelProto], data: DataSpec) -> Accuracy:
    """Top-1 on the validation labels of the dense, masked and refit models (output SQNR against
    the dense model without labels)."""
    batches = list(model_batches(data, models[0], None))
    output = models[0].graph.output[0].name
    outputs = [stacked(m, batches, [output])[output] for m in models]
    labels = read_arrays(data, [])[1]
    if labels is not None:
        labels = labels[:len(outputs[0])]
        scores = [float((top1([{output: o}], output) == labels).mean()) for o in outputs]
        return Accuracy(metric="top1", dense=scores[0], pruned=scores[1], refit=scores[2])
    reference = outputs[0].astype(np.float64)
    scores = [sqnr_db(reference, o.astype(np.float64)) for o in outputs]
    return Accuracy(metric="output_sqnr_db", dense=scores[0], pruned=scores[1], refit=scores[2])


def _choices(model: onnx.ModelProto, layers: list[Layer], params: SparsifyStage,
             batches: list[Batch]) -> tuple[dict[str, Choice], list[SensitivityRow] | None]:
    """Every layer's choice after the allocation, and the sensitivity table when run."""
    choices = choose(layers, params)
    magnitude = [layer for layer in layers if choices[layer.name].method == "magnitude"]
    if params.allocation == "global" and magnitude:
        weights = Weights(model)
        reached = global_levels({layer.name: np.abs(weights.matrix(layer)) for layer in magnitude}, params.sparsity)
        choices |= {name: replace(choices[name], level=level) for name, level in reached.items()}
    if params.sensitivity is None and params.allocation != "sensitivity":
        return choices, None
    levels = (params.sensitivity or SensitivityAnalysis()).levels
    table = analyse(model, layers, choices, levels, batches, params.refit, params.damping)
    if params.allocation == "sensitivity":
        chosen = allocate([row for row in table if choices[row.node].method == "magnitude"], params.sparsity)
        choices |= {name: replace(choices[name], level=level) if level > 0 else
                    Choice("dense", reason="the sensitivity allocation left it dense")
                    for name, level in chosen.items()}
        table = [row.model_copy(update={"chosen": chosen.get(row.node)}) for row in table]
    return choices, table


def _layer_rows(dense: dict[str, Layer], final: onnx.ModelProto, choices: dict[str, Choice],
                pruned: Pruned, fits: dict[str, Fit]) -> list[LayerSparsity]:
    weights = Weights(final)
    after = {layer.name: layer for layer in find_layers(GraphView(final))[0]}
    rows = []
    for name, layer in dense.items():
        choice = choices.get(name, Choice("dense"))
        reason = pruned.refused.get(name) or choice.reason
        applied = choice.method if name not in pruned.refused else "dense"
        nonzero = int(np.count_nonzero(weights.values[after[name].weight])) if name in after else 0
        fit = fits.get(name)
        rows.append(LayerSparsity(
            node=name, op=layer.op, method=applied, reason=reason if applied == "dense" else None,
            weights=layer.size, zeros=layer.size - nonzero, sparsity=round(1 - nonzero / layer.size, 6),
            target=choice.target if applied != "dense" else None,
            channels_removed=pruned.channels_removed.get(name, 0),
            inputs_removed=pruned.inputs_removed.get(name, 0),
            error_masked=None if fit is None else round(fit.error_masked, 6),
            error_refit=None if fit is None else round(fit.error_refit, 6)))
    return rows


def _totals(model: onnx.ModelProto) -> tuple[int, int]:
    """(initializer elements, dense MACs)."""
    view = GraphView(model)
    return (sum(int(a.size) for a in view.constants.values()),
            sum(count_macs(node, view) for node in view.nodes))


def sparsify_model(model: onnx.ModelProto, calibration: DataSpec, validation: DataSpec,
                   params: SparsifyStage) -> tuple[onnx.ModelProto, SparsityReport]:
    """The pruned model (refit unless switched off) and what it cost. `model` is shape-inferred:
    the imported float model, or a QDQ model when sparsify runs after quantize."""
    batches = list(model_batches(calibration, model, params.samples))
    layers, refused = find_layers(GraphView(model))
    choices, table = _choices(model, layers, params, batches)
    pruned = prune(model, choices, batches)
    refit_model, fits = refit(model, pruned.model, pruned.support, pruned.kept_rows, batches, params.damping)
    final = refit_model if params.refit else pruned.model
    rows = _layer_rows({layer.name: layer for layer in layers}, final, choices, pruned, fits)
    total = sum(r.weights for r in rows)
    zeros = sum(r.zeros for r in rows)
    params_before, macs_before = _totals(model)
    params_after, macs_after = _totals(final)
    report = SparsityReport(
        method=params.method, allocation=params.allocation, refit=params.refit,
        quantized=any(layer.weight_scale is not None for layer in layers),
        samples=sum(len(next(iter(b.values()))) for b in batches), weights=total, zeros=zeros,
        sparsity=round(zeros / total, 6) if total else 0.0,
        params_before=params_before, params_after=params_after, macs_before=macs_before,
        macs_after=macs_after, accuracy=_accuracy([model, pruned.model, refit_model], validation),
        coupled=pruned.coupled, layers=rows, not_layers=refused, sensitivity=table)
    return final, report


def run_sparsify(call: StageCall[SparsifyStage, ModelFile]) -> Figures:
    """The sparsify stage's entry point (ferry/engine/registry.py): sparse.onnx and sparsity.json."""
    assert call.model.calibration is not None  # the spec validator requires it with sparsify
    given = onnx.load(str(call.files.model))
    static = static_model(call.files.model, given, call.model.name, call.model.input_shapes)
    before = onnx.ModelProto()
    before.CopyFrom(static)
    model, result = sparsify_model(static, call.model.calibration, call.model.validation, call.params)
    if static is not given:  # a QDQ model shipped with dynamic dims keeps them, with its weights pruned
        model = with_pruned_weights(given, before, model) or model
    write_bytes_atomic(call.out_dir / "sparse.onnx", model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "sparsity.json", result.model_dump(mode="json"))
    accuracy = result.accuracy
    return {"sparsity": round(result.sparsity, 4), "params": result.params_after, "macs": result.macs_after,
            f"{accuracy.metric}_dense": round(accuracy.dense, 4),
            f"{accuracy.metric}_pruned": round(accuracy.pruned, 4),
            f"{accuracy.metric}_refit": round(accuracy.refit, 4)}
