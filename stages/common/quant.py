"""The integer numerics contract (docs/design.md, principle 6), shared by quantize, codegen and evaluate.

Scheme (TFLite int8): weights int8 symmetric per output channel in [-127, 127], zero point 0;
activations int8 per tensor, asymmetric by default; bias int32 with scale input × weight scale.
The precision fallback (TFLite 16x8, docs/int16.md) stores chosen activations as int16 with zero
point 0 and a symmetric scale; their sums are int64 and `requantize_wide` applies the same formula.

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
# int16 activations (the 16x8 fallback, docs/int16.md): zero point 0, symmetric scale over
# [-32767, 32767]; -32768 is reachable only through saturation, as in TFLite.
QMIN16, QMAX16 = -32768, 32767
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


def requantize_wide(acc: np.ndarray, multiplier: np.ndarray | int, shift: np.ndarray | int) -> np.ndarray:
    """`requantize` for the int64 sums of int16 layers (|acc| < 2^62), the same exact formula in
    int64 arithmetic (ferry::q16::requantize_wide): for r >= 31, acc = high·2^31 + low with
    0 <= low < 2^31 and (acc·M + 2^(r-1)) >> r = (high·M + ((low·M + 2^(r-1)) >> 31)) >> (r - 31);
    for r < 31 the multiplier is at least 1, so acc is first bounded to ±2^31 (beyond, it saturates)."""
    acc = np.asarray(acc, dtype=np.int64)
    multiplier = np.asarray(multiplier, dtype=np.int64)
    right = 31 - np.asarray(shift, dtype=np.int64)
    narrow = requantize(np.clip(acc, -(1 << 31), 1 << 31), multiplier, shift)
    high = acc >> 31
    low = acc - (high << 31)
    low_part = (low * multiplier + (np.int64(1) << np.maximum(right - 1, 0))) >> 31
    wide = np.clip((high * multiplier + low_part) >> np.maximum(right - 31, 0), -(1 << 30), 1 << 30)
    return np.where(right >= 31, wide, narrow)


def choose_int16_qparams(low: float, high: float, power_of_two: bool) -> tuple[np.float32, int]:
    """Scale of an int16 activation covering [low, high] symmetrically; the zero point is 0."""
    scale = max(-min(float(low), 0.0), max(float(high), 0.0)) / QMAX16
    if scale <= 0 or not math.isfinite(scale):
        scale = 1.0 / QMAX16
    if power_of_two:
        scale = 2.0 ** math.ceil(math.log2(scale))
    return np.float32(scale), 0


def int_limits(dtype: np.dtype | type | str) -> tuple[int, int]:
    """The range of an activation type: int8 or int16."""
    return (QMIN16, QMAX16) if np.dtype(dtype) == np.int16 else (QMIN, QMAX)


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
