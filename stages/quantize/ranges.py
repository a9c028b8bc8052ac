"""From one tensor's calibration statistics, the range (low, high) its int8 scale must cover.

Every method works on the histogram of |x| (an exact fold of the signed one, whose edges are
multiples of the bin width) and chooses one clipping threshold t; the range is then
[-t, t] ∩ [min, max], so a tensor whose data is lopsided does not spend codes on the side where
it has none. A non-negative tensor (after ReLU) keeps low = 0 and, with asymmetric activations,
the whole int8 range for [0, t].

Why |x| and not both tails separately: it is what the spec's `percentile` means ("percentile of
|x| kept"), the calibrators of TensorRT and onnxruntime do the same, and for a non-negative
tensor it is exactly the upper tail.
"""

from __future__ import annotations

import numpy as np

from ferry.core.errors import FerryError
from ferry.stages.common.quant import QMAX, QMIN, WEIGHT_QMAX
from ferry.stages.quantize.calibrate import TensorStats

METHODS = ("minmax", "percentile", "entropy", "mse")


def activation_range(stats: TensorStats, method: str, percentile: float, symmetric: bool,
                     ) -> tuple[float, float]:
    """(low, high) of the tensor for `method`; `symmetric` tells the int8 grid the scale will use
    (it decides the levels of 'entropy' and the step of 'mse')."""
    non_negative = stats.minimum >= 0.0
    if method != "minmax" and stats.counts.size == 0:
        raise FerryError(f"calibration '{method}' reads a histogram, and these statistics have none "
                         "(they were collected for 'minmax' alone): calibrate again")
    if method == "minmax":
        threshold = max(abs(stats.minimum), abs(stats.maximum))
    elif method == "percentile":
        threshold = percentile_threshold(stats, percentile)
    elif method == "entropy":
        levels = 255 if non_negative and not symmetric else 128
        threshold = entropy_threshold(stats.abs_counts(), levels) * stats.width
    elif method == "mse":
        threshold = mse_threshold(stats, symmetric)
    else:
        raise ValueError(f"unknown calibration method {method!r} (expected one of {', '.join(METHODS)})")
    return clip_range(stats, threshold)


def clip_range(stats: TensorStats, threshold: float) -> tuple[float, float]:
    """[-threshold, threshold] ∩ [min, max], with low = 0 for a non-negative tensor."""
    low = 0.0 if stats.minimum >= 0.0 else max(stats.minimum, -threshold)
    return float(low), float(min(stats.maximum, threshold))


def percentile_threshold(stats: TensorStats, percentile: float) -> float:
    """The `percentile` of |x|, interpolated linearly inside its histogram bin."""
    counts = stats.abs_counts()
    cumulative = np.cumsum(counts)
    target = percentile / 100.0 * cumulative[-1]
    j = int(np.searchsorted(cumulative, target))  # first bin reaching the target
    if j >= counts.size:
        return max(abs(stats.minimum), abs(stats.maximum))
    below = cumulative[j - 1] if j > 0 else 0
    fraction = (target - below) / counts[j] if counts[j] else 1.0
    return min((j + fraction) * stats.width, max(abs(stats.minimum), abs(stats.maximum)))


def entropy_threshold(counts: np.ndarray, levels: int) -> int:
    """TensorRT's calibration: the number of |x| bins i (threshold i·width) minimising the KL
    divergence between the reference distribution P (the first i bins, the clipped tail added to
    the last) and Q (those i bins merged into `levels` quantization levels, each level's mass
    spread evenly over the bins where P is non-zero).

    With the group sums taken from prefix sums, KL(P||Q) of candidate i is
    (1/T)·Σ c'·log c' − log T − (1/T)·Σ_j G_j·log q_j  (c' the counts of P, T their total, G_j
    and q_j a level's P mass and per-bin Q probability), so every candidate costs O(levels),
    evaluated for blocks of candidates at once.
    """
    total_bins = counts.size
    if total_bins <= levels:
        return total_bins  # fewer bins than levels: nothing to gain by clipping
    c = counts.astype(np.float64)
    mass = np.concatenate([[0.0], np.cumsum(c)])
    c_log_c = np.concatenate([[0.0], np.cumsum(np.where(c > 0, c * np.log(np.maximum(c, 1.0)), 0.0))])
    occupied = np.concatenate([[0], np.cumsum(c > 0)])
    total = mass[-1]
    best, best_divergence = total_bins, np.inf
    for block in np.array_split(np.arange(levels, total_bins + 1), max(1, (total_bins - levels) // 512)):
        i = block[:, None]
        starts = np.arange(levels)[None, :] * (i // levels)
        ends = np.concatenate([starts[:, 1:], i], axis=1)  # the last level takes the remainder
        level_mass = mass[ends] - mass[starts]
        last = c[block - 1]
        outliers = total - mass[block]
        level_bins = (occupied[ends] - occupied[starts]).astype(np.float64)
        level_bins[:, -1] += (last == 0) & (outliers > 0)  # the clipped tail fills an empty last bin
        reference = level_mass.copy()
        reference[:, -1] += outliers
        with np.errstate(divide="ignore", invalid="ignore"):
            # a level emptied by the clipping leaves q = 0 under p > 0: floor it, not infinity
            q = np.maximum(level_mass / (level_bins * mass[block][:, None]), 1e-12)
            cross = np.where(reference > 0, reference * np.log(q), 0.0).sum(axis=1)
            tail = last + outliers
            entropy_sum = (c_log_c[block] - np.where(last > 0, last * np.log(np.maximum(last, 1.0)), 0.0)
                           + np.where(tail > 0, tail * np.log(np.maximum(tail, 1.0)), 0.0))
        divergence = (entropy_sum - cross) / total - np.log(total)
        j = int(np.argmin(divergence))
        if divergence[j] < best_divergence:
            best, best_divergence = int(block[j]), float(divergence[j])
    return best


def mse_threshold(stats: TensorStats, symmetric: bool) -> float:
    """The threshold (a bin edge of |x|, or max |x|) minimising the expected squared error of
    clipping to the range plus rounding inside it (step²/12 per value), from the histogram with
    every value at its bin's centre."""
    counts = stats.counts.astype(np.float64)
    centres = (stats.offset + np.arange(counts.size) + 0.5) * stats.width
    s0 = np.concatenate([[0.0], np.cumsum(counts)])  # prefix sums of n, n·c, n·c²
    s1 = np.concatenate([[0.0], np.cumsum(counts * centres)])
    s2 = np.concatenate([[0.0], np.cumsum(counts * centres**2)])
    magnitude = max(abs(stats.minimum), abs(stats.maximum))
    edges = np.arange(1, stats.abs_counts().size + 1) * stats.width
    thresholds = np.append(edges[edges < magnitude], magnitude)
    lows = np.zeros_like(thresholds) if stats.minimum >= 0 else np.maximum(stats.minimum, -thresholds)
    highs = np.minimum(stats.maximum, thresholds)  # clip_range of every threshold
    # bins [above:] lie above the threshold edge, bins [:below] under its negative
    above = np.clip(np.round(thresholds / stats.width) - stats.offset, 0, counts.size).astype(np.int64)
    below = np.clip(-np.round(thresholds / stats.width) - stats.offset, 0, counts.size).astype(np.int64)
    above[thresholds >= stats.maximum] = counts.size  # nothing is clipped at the exact maximum
    below[-thresholds <= stats.minimum] = 0
    clipped_high = (s2[-1] - s2[above]) - 2 * highs * (s1[-1] - s1[above]) + highs**2 * (s0[-1] - s0[above])
    clipped_low = s2[below] - 2 * lows * s1[below] + lows**2 * s0[below]
    if symmetric:
        step = np.maximum(-lows, highs) / WEIGHT_QMAX
    else:
        step = (highs - lows) / (QMAX - QMIN)
    rounding = (s0[above] - s0[below]) * step**2 / 12
    return float(thresholds[int(np.argmin(clipped_high + clipped_low + rounding))])
