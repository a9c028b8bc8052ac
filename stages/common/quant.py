"""The integer numerics contract (docs/design.md, principle 6), shared by quantize, codegen and evaluate.

Scheme (TFLite int8): weights int8 symmetric per output channel in [-127, 127], zero point 0;
activations int8 per tensor, asymmetric by default; bias int32 with scale input × weight scale.

Requantization uses one rounding mode everywhere, the "single rounding" of CMSIS-NN
(CMSIS_NN_USE_SINGLE_ROUNDING) and TFLite (TFLITE_SINGLE_ROUNDING): a real multiplier
m = M · 2^(shift - 31) with M an int32 in [2^30, 2^31) is applied as

    (acc · M + 2^(r - 1)) >> r,   r = 31 - shift,   in 64-bit arithmetic,

that is, rounding half towards +infinity. The C++ kernel `ferry::q::requantize` and
`requantize` below are the same formula; the golden model calls this one.
"""

from __future__ import annotations

import math

import numpy as np

QMIN, QMAX = -128, 127
WEIGHT_QMAX = 127  # symmetric weights use [-127, 127] so that -w is representable
MAX_SHIFT = 30  # r = 31 - shift >= 1
MIN_SHIFT = -31  # r <= 62: acc · M + rounding still fits in int64


def quantize_multiplier(real: float) -> tuple[int, int]:
    """(M, shift) with real ≈ M · 2^(shift - 31), M in [2^30, 2^31); (0, 0) for tiny values."""
    if real < 0 or not math.isfinite(real):
        raise ValueError(f"multiplier must be finite and non-negative, got {real}")
    if real == 0.0:
        return 0, 0
    fraction, shift = math.frexp(real)  # real = fraction · 2^shift, fraction in [0.5, 1)
    multiplier = round(fraction * (1 << 31))
    if multiplier == 1 << 31:
        multiplier //= 2
        shift += 1
    if shift < MIN_SHIFT:
        return 0, 0
    if shift > MAX_SHIFT:
        raise ValueError(f"multiplier {real:g} exceeds 2^{MAX_SHIFT}")
    return multiplier, shift


def quantize_multipliers(reals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel `quantize_multiplier`: int32 arrays (multipliers, shifts)."""
    pairs = [quantize_multiplier(float(r)) for r in np.asarray(reals, dtype=np.float64).reshape(-1)]
    multipliers = np.array([m for m, _ in pairs], dtype=np.int32)
    shifts = np.array([s for _, s in pairs], dtype=np.int32)
    return multipliers, shifts


def requantize(acc: np.ndarray, multiplier: np.ndarray | int, shift: np.ndarray | int) -> np.ndarray:
    """acc · M · 2^(shift - 31), rounded half up, saturated to ±2^30 as the C++ does before it
    narrows to int32 (the caller adds the zero point and clamps)."""
    right = 31 - np.asarray(shift, dtype=np.int64)
    product = np.asarray(acc, dtype=np.int64) * np.asarray(multiplier, dtype=np.int64)
    return np.clip((product + (np.int64(1) << (right - 1))) >> right, -(1 << 30), 1 << 30)


def choose_qparams(low: float, high: float, symmetric: bool, power_of_two: bool,
                   ) -> tuple[np.float32, int]:
    """Scale and zero point of an int8 activation covering [low, high] (and 0, which must be exact)."""
    low, high = min(float(low), 0.0), max(float(high), 0.0)
    if symmetric:
        scale = max(-low, high) / WEIGHT_QMAX
    else:
        scale = (high - low) / (QMAX - QMIN)
    if scale <= 0 or not math.isfinite(scale):
        scale = 1.0 / QMAX  # an all-zero tensor: any positive scale represents it exactly
    if power_of_two:
        scale = 2.0 ** math.ceil(math.log2(scale))
    scale32 = np.float32(scale)
    if symmetric:
        return scale32, 0
    zero_point = int(np.clip(round(QMIN - low / float(scale32)), QMIN, QMAX))
    return scale32, zero_point


def weight_scales(weights: np.ndarray, axis: int | None, power_of_two: bool) -> np.ndarray:
    """float32 scales of symmetric int8 weights: one per slice along `axis`, or one (axis None)."""
    w = np.abs(np.asarray(weights, dtype=np.float64))
    if axis is None:
        amax = np.array([w.max(initial=0.0)])
    else:
        amax = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1).max(axis=1, initial=0.0)
    scales = np.where(amax > 0, amax / WEIGHT_QMAX, 1.0)
    if power_of_two:
        scales = 2.0 ** np.ceil(np.log2(scales))
    return scales.astype(np.float32)


def quantize(x: np.ndarray, scale: np.ndarray | float | np.floating, zero_point: np.ndarray | int | np.integer,
             qmin: int = QMIN, qmax: int = QMAX) -> np.ndarray:
    """ONNX QuantizeLinear: saturate(round_half_even(x / scale) + zero_point), computed in float32."""
    scaled = np.asarray(x, dtype=np.float32) / np.asarray(scale, dtype=np.float32)
    q = np.rint(scaled).astype(np.int64) + np.asarray(zero_point, dtype=np.int64)
    return np.clip(q, qmin, qmax)


def dequantize(q: np.ndarray, scale: np.ndarray | float | np.floating,
               zero_point: np.ndarray | int | np.integer) -> np.ndarray:
    """ONNX DequantizeLinear in float32."""
    return ((np.asarray(q, dtype=np.int64) - np.asarray(zero_point, dtype=np.int64)).astype(np.float32)
            * np.asarray(scale, dtype=np.float32))
