"""Sensitivity analysis: each layer pruned alone at each level, the model's output compared with
the dense output on the calibration data (SQNR, dB), and per-layer levels that reach a global
sparsity with the least total damage.

Damage is the output noise power relative to the signal, 10^(-SQNR/10), assumed to add up over
layers (the usual first-order assumption of sensitivity-based allocation). The allocation adds,
one step at a time, the next level of the layer that costs the least damage per weight removed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import onnx

from ferry.schemas.sparsity import SensitivityRow
from ferry.stages.common.reference import Batch, sqnr_db
from ferry.stages.sparsify.channels import Refusal
from ferry.stages.sparsify.layers import Layer
from ferry.stages.sparsify.masks import Choice
from ferry.stages.sparsify.prune import prune
from ferry.stages.sparsify.refit import refit, stacked


def output_sqnr(model: onnx.ModelProto, batches: list[Batch], reference: np.ndarray) -> float:
    output = model.graph.output[0].name
    return sqnr_db(reference, stacked(model, batches, [output])[output].astype(np.float64))


def alone(model: onnx.ModelProto, layer: str, choice: Choice, batches: list[Batch],
          reference: np.ndarray, refit_on: bool, damping: float) -> float:
    """Output SQNR with one layer pruned (and refit) and every other layer dense."""
    pruned = prune(model, {layer: choice}, batches)
    if layer in pruned.refused:
        raise Refusal(pruned.refused[layer])
    result = pruned.model
    if refit_on and pruned.support:
        result, _ = refit(model, result, pruned.support, pruned.kept_rows, batches, damping)
    return output_sqnr(result, batches, reference)


def analyse(model: onnx.ModelProto, layers: list[Layer], choices: dict[str, Choice],
            levels: list[float], batches: list[Batch], refit_on: bool, damping: float,
            ) -> list[SensitivityRow]:
    """A row per pruned layer: its own method at each level (n_m: its one pattern)."""
    output = model.graph.output[0].name
    reference = stacked(model, batches, [output])[output].astype(np.float64)
    rows = []
    for layer in layers:
        choice = choices[layer.name]
        if choice.method == "dense":
            continue
        tried = [choice] if choice.method == "n_m" else [replace(choice, level=level) for level in sorted(levels)]
        try:
            sqnr = [alone(model, layer.name, c, batches, reference, refit_on, damping) for c in tried]
        except Refusal:
            continue  # a coupled channel group: pruned together or not at all
        rows.append(SensitivityRow(node=layer.name, weights=layer.size,
                                   levels=[c.target or 0.0 for c in tried], sqnr_db=[round(s, 3) for s in sqnr]))
    return rows


def allocate(rows: list[SensitivityRow], target: float) -> dict[str, float]:
    """Per-layer levels (0 or one of its measured levels) removing at least `target` of the
    rows' weights, greedily by least damage per weight removed."""
    total = sum(r.weights for r in rows)
    curves = {}
    for row in rows:
        damage = np.maximum.accumulate(10.0 ** (-np.array(row.sqnr_db) / 10))  # more never hurts less
        curves[row.node] = ([0.0, *row.levels], [0.0, *damage], row.weights)
    step = {row.node: 0 for row in rows}
    removed = 0.0
    while removed < target * total - 0.5:
        best, best_cost = None, np.inf
        for node, (levels, curve, weights) in curves.items():
            i = step[node]
            if i + 1 < len(levels):
                cost = (curve[i + 1] - curve[i]) / ((levels[i + 1] - levels[i]) * weights)
                if cost < best_cost:
                    best, best_cost = node, cost
        if best is None:
            break
        levels, _, weights = curves[best]
        removed += (levels[step[best] + 1] - levels[step[best]]) * weights
        step[best] += 1
    return {node: curves[node][0][i] for node, i in step.items()}
