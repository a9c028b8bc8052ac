"""Least-squares refit of a pruned layer's remaining weights (one shot, in the spirit of OBC and
SparseGPT, without retraining).

For a layer with input rows x (im2col for a Conv) taken from the *pruned* model and target
outputs y from the *dense* model on the same calibration samples, each output channel o solves

    min_w ||X_S w - y_o||² + δ ||w - w0||²,   S: the weights its mask keeps (and the bias),

from the accumulated H = XᵀX and G = XᵀY alone. Layers are refit in graph order, each seeing
the inputs its already-refit producers give, so errors do not pile up. δ is `damping` times
the mean of diag(H_S), a ridge towards the masked weights w0 where the data says little.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx

from ferry.stages.common.graph import GraphView
from ferry.stages.common.reference import Batch, onnxruntime_tensors
from ferry.stages.sparsify.layers import Layer, Weights, find_layers, geometry, output_rows, reduction_rows


@dataclass(frozen=True)
class Fit:
    error_masked: float  # ||y - y_dense||² / ||y_dense||² with the masked weights
    error_refit: float  # ... with the refit weights (as stored: int8 weights after rounding)


def stacked(model: onnx.ModelProto, batches: list[Batch], names: list[str]) -> dict[str, np.ndarray]:
    """The named tensors of the model on every batch, concatenated along the batch axis."""
    runs = onnxruntime_tensors(model, batches, names)
    return {name: np.concatenate([run[name] for run in runs]) for name in names}


@dataclass
class Normal:
    """The normal equations of one layer: per group H [K+1, K+1], G [K+1, out], Σ y²."""

    h: np.ndarray
    g: np.ndarray
    yy: np.ndarray
    bias: bool

    def error(self, augmented: np.ndarray, group_rows: int) -> float:
        """Relative squared output error of [out, K(+1)] weights."""
        total = 0.0
        for gi in range(self.h.shape[0]):
            w = augmented[gi * group_rows:(gi + 1) * group_rows]
            total += float(np.sum((w @ self.h[gi]) * w) - 2 * np.sum(w * self.g[gi].T))
        signal = float(self.yy.sum())
        return max(total + signal, 0.0) / signal if signal > 0 else 0.0


def normal_equations(view: GraphView, layer: Layer, x: np.ndarray, y: np.ndarray, bias: bool) -> Normal:
    geo = geometry(view, layer)
    rows = reduction_rows(x.astype(np.float64), geo, y.shape[2:] if layer.op == "Conv" else ())
    targets = output_rows(y.astype(np.float64), layer.op)
    if bias:
        rows = np.concatenate([rows, np.ones((*rows.shape[:2], 1))], axis=2)
    group_rows = targets.shape[1] // geo.groups
    h = np.einsum("gsk,gsl->gkl", rows, rows)
    g = np.stack([rows[gi].T @ targets[:, gi * group_rows:(gi + 1) * group_rows] for gi in range(geo.groups)])
    return Normal(h, g, (targets ** 2).sum(axis=0), bias)


def solve(normal: Normal, w0: np.ndarray, support: np.ndarray, damping: float) -> np.ndarray:
    """Refit [out, K(+1)] weights; rows sharing a support are solved together."""
    groups = normal.h.shape[0]
    group_rows = w0.shape[0] // groups
    result = w0.copy()
    for gi in range(groups):
        by_support: dict[bytes, list[int]] = {}
        for o in range(gi * group_rows, (gi + 1) * group_rows):
            by_support.setdefault(support[o].tobytes(), []).append(o)
        for rows in by_support.values():
            keep = np.flatnonzero(support[rows[0]])
            if keep.size == 0:
                continue
            h = normal.h[gi][np.ix_(keep, keep)]
            delta = damping * float(np.mean(np.diag(h))) or damping
            at = np.array(rows)
            rhs = normal.g[gi][keep][:, at - gi * group_rows] + delta * w0[np.ix_(at, keep)].T
            result[np.ix_(at, keep)] = np.linalg.solve(h + delta * np.eye(keep.size), rhs).T
    return result


def _augmented(weights: Weights, layer: Layer) -> np.ndarray:
    matrix = weights.matrix(layer)
    bias = weights.bias(layer)
    return matrix if bias is None else np.concatenate([matrix, bias[:, None]], axis=1)


def refit(dense: onnx.ModelProto, pruned: onnx.ModelProto, support: dict[str, np.ndarray],
          kept_rows: dict[str, np.ndarray], batches: list[Batch], damping: float,
          ) -> tuple[onnx.ModelProto, dict[str, Fit]]:
    """Refit every layer named in `support` (its [out, K] mask), in graph order. `kept_rows` maps
    a layer that lost output channels to the dense channels it kept."""
    model = pruned
    fits = {}
    for layer in find_layers(GraphView(pruned))[0]:
        if layer.name not in support:
            continue
        view = GraphView(model)
        x = stacked(model, batches, [layer.input])[layer.input]
        y = stacked(dense, batches, [layer.output])[layer.output]
        if layer.name in kept_rows:
            y = np.take(y, kept_rows[layer.name], axis=1 if layer.op == "Conv" else -1)
        weights = Weights(model)
        has_bias = layer.bias is not None
        normal = normal_equations(view, layer, x, y, has_bias)
        mask = support[layer.name]
        if has_bias:
            mask = np.concatenate([mask, np.ones((mask.shape[0], 1), dtype=bool)], axis=1)
        w0 = _augmented(weights, layer)
        group_rows = w0.shape[0] // layer.groups
        fitted = solve(normal, w0, mask, damping) * mask
        weights.set_matrix(layer, fitted[:, :layer.reduction])
        if has_bias:
            weights.set_bias(layer, fitted[:, -1])
        fits[layer.name] = Fit(normal.error(w0, group_rows), normal.error(_augmented(weights, layer), group_rows))
        model = weights.updated_model()
    return model, fits
