"""Apply a choice per layer: channel groups first (the graph changes), then weight masks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import onnx

from ferry.stages.common.graph import GraphView, infer_shapes
from ferry.stages.common.reference import Batch
from ferry.stages.sparsify.channels import Refusal, channel_flow, channel_importance, remove_channels
from ferry.stages.sparsify.layers import Layer, Weights, find_layers
from ferry.stages.sparsify.masks import Choice, weight_mask
from ferry.stages.sparsify.refit import stacked

DENSE = Choice("dense")


@dataclass
class Pruned:
    model: onnx.ModelProto
    support: dict[str, np.ndarray] = field(default_factory=dict)  # changed layer -> [out, K] mask
    kept_rows: dict[str, np.ndarray] = field(default_factory=dict)  # dense output channels kept
    channels_removed: dict[str, int] = field(default_factory=dict)
    inputs_removed: dict[str, int] = field(default_factory=dict)
    coupled: list[list[str]] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # layer -> why its choice was not applied


def layer_map(model: onnx.ModelProto) -> dict[str, Layer]:
    return {layer.name: layer for layer in find_layers(GraphView(model))[0]}


def _channel_energy(model: onnx.ModelProto, batches: list[Batch], tensors: list[str]) -> dict[str, np.ndarray]:
    """E[x²] per channel (axis 1) of each tensor on the calibration data."""
    values = stacked(model, batches, tensors)
    return {name: np.mean(x.astype(np.float64) ** 2, axis=tuple(a for a in range(x.ndim) if a != 1))
            for name, x in values.items()}


def _prune_group(result: Pruned, start: str, choices: dict[str, Choice], batches: list[Batch]) -> None:
    model = result.model
    view = GraphView(model)
    layers = layer_map(model)
    flow = channel_flow(view, layers, start)
    for member in flow.sources:
        choice = choices.get(member, DENSE)
        if choice.method != "channels":
            how = choice.reason or f"pruned by {choice.method}"
            raise Refusal(f"coupled with '{member}' through {flow.coupling.get(member, 'the graph')}, "
                          f"which is not pruned by channels ({how})")
    channels = layers[start].out_channels
    level = min(choices[m].level for m in flow.sources)
    removed = min(round(level * channels), channels - 1)
    if removed == 0:
        return
    energy = _channel_energy(model, batches, sorted(set(flow.sinks.values())))
    weights = Weights(model)
    matrices = {sink: weights.matrix(layers[sink]) for sink in flow.sinks}
    score = channel_importance(flow, matrices, energy, channels)
    kept = np.sort(np.argsort(-score, kind="stable")[:channels - removed])
    result.model = infer_shapes(remove_channels(model, view, layers, flow, kept), "sparsify")
    for source in flow.sources:
        result.kept_rows[source] = kept
        result.channels_removed[source] = removed
    for sink, tensor in flow.sinks.items():
        origin = flow.origin[tensor]
        lost = int(np.count_nonzero((origin >= 0) & ~np.isin(origin, kept)))
        result.inputs_removed[sink] = result.inputs_removed.get(sink, 0) + lost
    if len(flow.sources) > 1:
        result.coupled.append(list(flow.sources))


def prune(model: onnx.ModelProto, choices: dict[str, Choice], batches: list[Batch]) -> Pruned:
    """The model with every choice applied (no refit). A channel group that cannot be pruned
    stays dense; `refused` says why for its first layer."""
    result = Pruned(model)
    grouped: set[str] = set()
    for name, choice in choices.items():
        if choice.method != "channels" or name in grouped:
            continue
        try:
            _prune_group(result, name, choices, batches)
        except Refusal as refusal:
            result.refused[name] = f"channels not removed: {refusal}"
        grouped |= {name, *result.kept_rows}
    weights = Weights(result.model)
    for layer in layer_map(result.model).values():
        choice = choices.get(layer.name, DENSE)
        if choice.method in ("magnitude", "n_m"):
            matrix = weights.matrix(layer)
            mask = weight_mask(np.abs(matrix), choice)
            weights.set_matrix(layer, matrix * mask)
            result.support[layer.name] = mask
        elif layer.name in result.kept_rows or layer.name in result.inputs_removed:
            result.support[layer.name] = np.ones((layer.out_channels, layer.reduction), dtype=bool)
    result.model = weights.updated_model()
    return result
