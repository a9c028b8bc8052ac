"""Which method each layer gets (rules, exclusions, minimum size) and the masks of the weight
methods: magnitude (per layer or one global threshold) and N:M along the reduction axis.

Masks are boolean [out, K] arrays, True where a weight is kept. Ties break by position (stable
sorts), so the same weights always give the same mask.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

import numpy as np

from ferry.schemas.pipeline import SparsifyStage
from ferry.stages.sparsify.layers import Layer


@dataclass(frozen=True)
class Choice:
    method: str  # magnitude | n_m | channels | dense
    level: float = 0.0  # fraction of weights (magnitude) or of output channels (channels) removed
    n: int = 0
    m: int = 0
    reason: str | None = None  # dense: why

    @property
    def target(self) -> float | None:
        if self.method == "n_m":
            return 1 - self.n / self.m
        return None if self.method == "dense" else self.level


def choose(layers: list[Layer], params: SparsifyStage) -> dict[str, Choice]:
    """Layer name -> its method: exclusions first, then the first matching rule, then the stage's
    defaults; layers below min_params, and N:M layers whose K does not divide, stay dense."""
    choices = {}
    for layer in layers:
        excluded = next((g for g in params.exclude if fnmatch.fnmatchcase(layer.name, g)), None)
        rule = next((r for r in params.layers if fnmatch.fnmatchcase(layer.name, r.match)), None)
        method = (rule.method if rule and rule.method else params.method)
        level = rule.sparsity if rule and rule.sparsity is not None else params.sparsity
        pattern = rule.pattern if rule and rule.pattern else params.pattern
        if excluded:
            choice = Choice("dense", reason=f"excluded by '{excluded}'")
        elif rule is not None and rule.method == "dense":  # the stage's own method is never dense
            choice = Choice("dense", reason=f"layers rule '{rule.match}'")
        elif layer.size < params.min_params:
            choice = Choice("dense", reason=f"{layer.size} weights < min_params {params.min_params}")
        elif method == "n_m" and layer.reduction % pattern.m:
            choice = Choice("dense", reason=f"reduction length {layer.reduction} is not a multiple of {pattern.m}")
        elif method == "n_m":
            choice = Choice("n_m", n=pattern.n, m=pattern.m)
        else:
            choice = Choice(method, level=level)
        choices[layer.name] = choice
    return choices


def magnitude_mask(magnitude: np.ndarray, level: float) -> np.ndarray:
    """Keep all but the round(level · size) smallest magnitudes."""
    order = np.argsort(magnitude, axis=None, kind="stable")
    keep = np.ones(magnitude.size, dtype=bool)
    keep[order[:round(level * magnitude.size)]] = False
    return keep.reshape(magnitude.shape)


def n_m_mask(magnitude: np.ndarray, n: int, m: int) -> np.ndarray:
    """Keep the n largest of every m consecutive weights of each row."""
    rows, k = magnitude.shape
    groups = magnitude.reshape(rows, k // m, m)
    order = np.argsort(-groups, axis=-1, kind="stable")
    keep = np.zeros(groups.shape, dtype=bool)
    np.put_along_axis(keep, order[..., :n], True, axis=-1)
    return keep.reshape(rows, k)


def global_levels(magnitudes: dict[str, np.ndarray], level: float) -> dict[str, float]:
    """One threshold over every layer: the per-layer levels it gives, when round(level · total)
    of the smallest magnitudes of all the layers together are removed."""
    names = list(magnitudes)
    flat = np.concatenate([magnitudes[n].reshape(-1) for n in names])
    owner = np.repeat(np.arange(len(names)), [magnitudes[n].size for n in names])
    pruned = owner[np.argsort(flat, kind="stable")[:round(level * flat.size)]]
    counts = np.bincount(pruned, minlength=len(names))
    return {n: counts[i] / magnitudes[n].size for i, n in enumerate(names)}


def weight_mask(magnitude: np.ndarray, choice: Choice) -> np.ndarray:
    """The mask of a magnitude or n_m choice (dense and channels keep every weight here)."""
    if choice.method == "magnitude":
        return magnitude_mask(magnitude, choice.level)
    if choice.method == "n_m":
        return n_m_mask(magnitude, choice.n, choice.m)
    return np.ones(magnitude.shape, dtype=bool)
