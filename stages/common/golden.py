"""The integer golden model: numpy versions of exactly the arithmetic of the int8 C++ kernels.

The lowered integer program is an ONNX graph (`integer.onnx`, written by codegen) whose compute
nodes are in the `ai.ferry` domain and whose data-movement nodes (Reshape, MaxPool, Concat, ...)
are standard ONNX ops on int8 tensors. `onnx.reference.ReferenceEvaluator` runs it with the
classes below for the `ai.ferry` ops; data movement is exact in any implementation. Each class
documents the formula its C++ twin in `kernels/ferry_int8.h` computes. A compute op whose
activations are int16 (the precision fallback, docs/int16.md) computes the same formula with
int64 sums and `requantize_wide`, as `kernels/ferry_int16.h` does; its output type is its input's.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator
from onnx.reference.op_run import OpRun
from threadpoolctl import ThreadpoolController

from ferry.stages.common.quant import QMAX, QMIN, int_limits, quantize, requantize, requantize_wide

DOMAIN = "ai.ferry"
QPARAMS_KEY = "ferry.qparams"  # model metadata: tensor name -> [scale, zero point]
FLOAT_LAYERS_KEY = "ferry.float_layers"  # model metadata: node name -> why it runs in float
KEEP_FLOAT_KEY = "ferry.keep_float"  # QDQ model metadata: node name -> why the quantizer kept it
INT16_KEY = "ferry.int16"  # QDQ model metadata: node name -> why the quantizer gave it int16 activations
INT16_LAYERS_KEY = "ferry.int16_layers"  # model metadata: node name -> why it computes on int16


def _clamp_int8(values: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(values, low, high).astype(np.int8)


# Bounds that make the integer products below exact. An operand difference x - zp lies in
# [-255, 255] and an int8 weight in [-128, 127], so each product is at most 255·128 in magnitude; a
# sum of K of them, and every partial sum in any order (BLAS blocks and fuses as it likes), is an
# integer of magnitude at most K·255·128: exactly representable while that is below 2^24 (float32)
# or 2^53 (float64), and held by int32 below 2^31.
PRODUCT_BOUND = 255 * 128
PAIR_BOUND = 255 * 255  # two int8 activations (QMatMul): both differences reach 255
# int16 activations: x - zp in [-65535, 65535], times an int8 weight, or times another int16 activation
WIDE_PRODUCT_BOUND = 65535 * 128
WIDE_PAIR_BOUND = 65535 * 65535
FLOAT32_EXACT = 1 << 24
FLOAT64_EXACT = 1 << 53
INT32_EXACT = 1 << 31


def exact_dtype(terms: int, bound: int = PRODUCT_BOUND) -> type[np.floating]:
    """The narrower float type in which every sum of `terms` products of magnitude at most `bound`
    (int8 ones by default) is exact (float32 halves the memory traffic and doubles BLAS's throughput)."""
    if terms * bound < FLOAT32_EXACT:
        return np.float32
    if terms * bound < FLOAT64_EXACT:
        return np.float64
    raise ValueError(f"a sum of {terms} integer products may not be exact in float64")


def exact_matmul(a: np.ndarray, b: np.ndarray, bound: int = PRODUCT_BOUND) -> np.ndarray:
    """The matrix product of integer operands (int8 values or their differences from a zero
    point; products at most `bound`) by float BLAS, exact: integer-valued floats. numpy's integer
    matmul has no BLAS and is many times slower."""
    dtype = exact_dtype(a.shape[-1], bound)
    return np.matmul(a.astype(dtype, copy=False), b.astype(dtype, copy=False))


def requantize_int16(acc: np.ndarray, bias: np.ndarray | int, multiplier: np.ndarray | int,
                     shift: np.ndarray | int, y_zero_point: int, y_min: int, y_max: int) -> np.ndarray:
    """The output stage of an int16 layer: clamp(requantize_wide(acc + bias) + y_zp, y_min, y_max)
    as int16, `acc` holding integers (int or float, exact)."""
    total = np.asarray(acc).astype(np.int64) + np.asarray(bias, dtype=np.int64)
    y = requantize_wide(total, multiplier, shift) + y_zero_point
    return np.require(np.clip(y, y_min, y_max).astype(np.int16), requirements="C")  # keeps a 0-d result 0-d


def requantize_int8(acc: np.ndarray, bias: np.ndarray | int, multiplier: np.ndarray | int,
                    shift: np.ndarray | int, y_zero_point: int, y_min: int, y_max: int) -> np.ndarray:
    """clamp(requantize(acc + bias, multiplier, shift) + y_zp, y_min, y_max) as int8: the same
    values as `quant.requantize` then the clamp, in fewer passes over the tensor. (acc + bias)·M
    + 2^(r-1) is computed as acc·M + (bias·M + 2^(r-1)) in int64, whose wrap-around arithmetic is
    exact whenever the result fits, as it does in the C++'s 64-bit product; requantize's
    saturation at ±2^30 is implied by the clamp to [y_min, y_max] within int8. `acc` holds
    integers (int or float); the parameters broadcast against it."""
    multiplier = np.asarray(multiplier, dtype=np.int64)
    right = 31 - np.asarray(shift, dtype=np.int64)
    offset = np.asarray(bias, dtype=np.int64) * multiplier + (np.int64(1) << (right - 1))
    if acc.dtype == np.float32:
        acc = acc.astype(np.int32)  # exact (integers below 2^24); float32 -> int32 -> int64 is SIMD
    values = acc.astype(np.int64)
    np.multiply(values, multiplier, out=values)
    np.add(values, offset, out=values)
    np.right_shift(values, right, out=values)
    np.clip(values, y_min - y_zero_point, y_max - y_zero_point, out=values)
    narrow = np.add(values, y_zero_point, out=np.empty_like(values, dtype=np.int8), casting="unsafe")
    return np.require(narrow, requirements="C")  # C-ordered whatever acc's layout; 0-d stays 0-d


def _shifted_padded(x: np.ndarray, zero_point: int, pads: list[int], dtype: type,
                    channels_last: bool = False) -> np.ndarray:
    """x - zero_point in `dtype`, padded with zeros (padding contributes 0 to every sum); indexed
    [n, c, h, w], laid out in memory as [n, h, w, c] if `channels_last`."""
    n, channels, height, width = x.shape
    top, left, bottom, right = pads
    shape = (n, channels, top + height + bottom, left + width + right)
    padded = (np.zeros((n, *shape[2:], channels), dtype=dtype).transpose(0, 3, 1, 2) if channels_last
              else np.zeros(shape, dtype=dtype))
    np.subtract(x, dtype(zero_point), out=padded[:, :, top:top + height, left:left + width], casting="unsafe")
    return padded


def _tap(padded: np.ndarray, i: int, j: int, strides: list[int], dilations: list[int],
         out_h: int, out_w: int) -> np.ndarray:
    """The input values that kernel tap (i, j) meets at every output position."""
    (sh, sw), (dh, dw) = strides, dilations
    return padded[:, :, i * dh: i * dh + sh * (out_h - 1) + 1: sh, j * dw: j * dw + sw * (out_w - 1) + 1: sw]


def _depthwise(padded: np.ndarray, w: np.ndarray, strides: list[int], dilations: list[int],
               out_h: int, out_w: int) -> np.ndarray:
    """One input channel per group: Σ over the taps of w[m, 0, i, j]·(shifted input slice) in
    int32, output channel m reading input channel m // (M / C). `padded` is laid out channels
    last, so numpy's loops run along whole rows of (column, channel) pairs at stride 1 (weights
    tiled along the row) or along the channels, not along short image rows."""
    m, _, kh, kw = w.shape
    if m != padded.shape[1]:
        padded = np.repeat(padded, m // padded.shape[1], axis=1)
    rows = padded.transpose(0, 2, 3, 1)  # [n, h, w, m], its memory order
    n = rows.shape[0]
    run = out_w * m if strides[1] == 1 else m  # the contiguous run of a tap's slice
    weights = np.tile(w.astype(np.int32).reshape(m, kh * kw).T, (1, run // m))  # [taps, run]
    acc = np.zeros((n, out_h, out_w * m // run, run), dtype=np.int32)
    product = np.empty_like(acc)
    for i in range(kh):
        for j in range(kw):
            tap = _tap(rows.transpose(0, 3, 1, 2), i, j, strides, dilations, out_h, out_w).transpose(0, 2, 3, 1)
            np.multiply(tap.reshape(acc.shape), weights[i * kw + j], out=product)
            acc += product
    return acc.reshape(n, out_h, out_w, m).transpose(0, 3, 1, 2)


def _im2col(padded: np.ndarray, w: np.ndarray, group: int, strides: list[int], dilations: list[int],
            out_h: int, out_w: int, bound: int = PRODUCT_BOUND) -> np.ndarray:
    """Every group at once: [group, M / group, K] @ [n, group, K, pixels], K = (C / group)·kh·kw."""
    n, channels = padded.shape[:2]
    m, per_group, kh, kw = w.shape
    if (kh, kw, *strides) == (1, 1, 1, 1):
        cols = padded  # a pointwise conv reads its input as it is
    else:
        cols = np.empty((n, channels, kh, kw, out_h, out_w), dtype=padded.dtype)
        for i in range(kh):
            for j in range(kw):
                cols[:, :, i, j] = _tap(padded, i, j, strides, dilations, out_h, out_w)
    weights = w.reshape(group, m // group, per_group * kh * kw)
    return exact_matmul(weights, cols.reshape(n, group, per_group * kh * kw, out_h * out_w), bound)


class QConv(OpRun):
    """acc = bias[m] + Σ w[m,c,i,j]·(x - x_zp) (padding contributes 0);
    y = clamp(requantize(acc, multiplier[m], shift[m]) + y_zp, y_min, y_max).
    Depthwise as a sum over the taps in int32, any other as im2col and one exact BLAS product;
    int16 x: im2col in float64 (exact below 2^30 terms) and requantize_wide."""

    op_domain = DOMAIN

    def _run(self, x, w, bias, multiplier, shift, strides=None, pads=None, dilations=None,
             group=None, x_zero_point=None, y_zero_point=None, y_min=None, y_max=None):
        n, _, height, width = x.shape
        m, per_group, kh, kw = w.shape
        top, left, bottom, right = pads
        out_h = (height + top + bottom - dilations[0] * (kh - 1) - 1) // strides[0] + 1
        out_w = (width + left + right - dilations[1] * (kw - 1) - 1) // strides[1] + 1
        channel = (1, m, 1, 1)
        if x.dtype == np.int16:
            padded = _shifted_padded(x, x_zero_point, pads, exact_dtype(per_group * kh * kw, WIDE_PRODUCT_BOUND))
            acc = _im2col(padded, w, group, strides, dilations, out_h, out_w, WIDE_PRODUCT_BOUND)
            return (requantize_int16(acc.reshape(n, m, out_h, out_w), bias.reshape(channel),
                                     multiplier.reshape(channel), shift.reshape(channel), y_zero_point, y_min, y_max),)
        if per_group == 1 and kh * kw * PRODUCT_BOUND < INT32_EXACT:
            padded = _shifted_padded(x, x_zero_point, pads, np.int32, channels_last=True)
            acc = _depthwise(padded, w, strides, dilations, out_h, out_w)
        else:
            padded = _shifted_padded(x, x_zero_point, pads, exact_dtype(per_group * kh * kw))
            acc = _im2col(padded, w, group, strides, dilations, out_h, out_w)
        return (requantize_int8(acc.reshape(n, m, out_h, out_w), bias.reshape(channel), multiplier.reshape(channel),
                                shift.reshape(channel), y_zero_point, y_min, y_max),)


class QConvTranspose(OpRun):
    """acc[m,oy,ox] = bias[m] + Σ w[c,m,i,j]·(x[c,iy,ix] - x_zp) over the taps with
    oy = iy·stride + i·dilation - pad_top (and likewise x); w is [C, M / group, kh, kw];
    y = clamp(requantize(acc, multiplier[m], shift[m]) + y_zp, y_min, y_max)."""

    op_domain = DOMAIN

    def _run(self, x, w, bias, multiplier, shift, strides=None, pads=None, dilations=None,
             group=None, output_shape=None, x_zero_point=None, y_zero_point=None, y_min=None,
             y_max=None):
        n, channels, height, width = x.shape
        _, per_group_out, kh, kw = w.shape
        sh, sw = strides
        dh, dw = dilations
        top, left = pads
        out_h, out_w = output_shape
        m = per_group_out * group
        per_group_in = channels // group
        # scatter every input tap into an output grid that starts at -pad and covers all taps
        rows = max(top + out_h, (height - 1) * sh + (kh - 1) * dh + 1)
        cols = max(left + out_w, (width - 1) * sw + (kw - 1) * dw + 1)
        full = np.zeros((n, m, rows, cols), dtype=np.int64)
        shifted = x.astype(np.int64) - x_zero_point
        for g in range(group):
            inputs = shifted[:, g * per_group_in:(g + 1) * per_group_in]
            filters = w[g * per_group_in:(g + 1) * per_group_in].astype(np.int64)
            outs = slice(g * per_group_out, (g + 1) * per_group_out)
            for i in range(kh):
                for j in range(kw):
                    full[:, outs, i * dh: i * dh + sh * (height - 1) + 1: sh,
                         j * dw: j * dw + sw * (width - 1) + 1: sw] += np.einsum(
                        "cm,nchw->nmhw", filters[:, :, i, j], inputs)
        acc = full[:, :, top:top + out_h, left:left + out_w] + bias.astype(np.int64).reshape(1, m, 1, 1)
        y = requantize(acc, multiplier.reshape(1, m, 1, 1), shift.reshape(1, m, 1, 1)) + y_zero_point
        return (_clamp_int8(y, y_min, y_max),)


class QResize(OpRun):
    """Linear resize of int8 codes: per resized axis a (source index [out, taps], weight [out,
    taps]) pair, the weights non-negative integers summing to 2^weight_bits per output;
    acc = Σ Π w · x exactly, y = (acc + 2^(n·bits - 1)) >> n·bits for n resized axes."""

    op_domain = DOMAIN

    def _run(self, x, *tables, axes=None, weight_bits=None):
        acc = x.astype(np.int64)
        for axis, index, weight in zip(axes, tables[0::2], tables[1::2]):
            gathered = np.moveaxis(acc, axis, -1)[..., index]  # [..., out, taps]
            acc = np.moveaxis((gathered * weight.astype(np.int64)).sum(axis=-1), -1, axis)
        shift = weight_bits * len(axes)
        return (((acc + (1 << (shift - 1))) >> shift).astype(np.int8),)


class QGemm(OpRun):
    """A [rows, K] times w [N, K]^T: acc = bias[n] + Σ_k w[n,k]·(a[r,k] - a_zp);
    y = clamp(requantize(acc, multiplier[n], shift[n]) + y_zp, y_min, y_max)."""

    op_domain = DOMAIN

    def _run(self, a, w, bias, multiplier, shift, a_zero_point=None, y_zero_point=None,
             y_min=None, y_max=None):
        n, k = w.shape
        if a.dtype == np.int16:
            rows = np.subtract(a.reshape(-1, k), exact_dtype(k, WIDE_PRODUCT_BOUND)(a_zero_point))
            acc = exact_matmul(rows, w.T, WIDE_PRODUCT_BOUND)
            y = requantize_int16(acc, bias, multiplier, shift, y_zero_point, y_min, y_max)
            return (y.reshape(*a.shape[:-1], n),)
        rows = np.subtract(a.reshape(-1, k), exact_dtype(k)(a_zero_point))
        y = requantize_int8(exact_matmul(rows, w.T), bias, multiplier, shift, y_zero_point, y_min, y_max)
        return (y.reshape(*a.shape[:-1], n),)


class QAdd(OpRun):
    """acc = (a - a_zp)·a_multiplier + (b - b_zp)·b_multiplier (64-bit, broadcast);
    y = clamp(((acc + 2^(shift-1)) >> shift) + y_zp, y_min, y_max). Sub has a negative b_multiplier."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, a_multiplier=None,
             b_multiplier=None, shift=None, y_zero_point=None, y_min=None, y_max=None):
        acc = ((a.astype(np.int64) - a_zero_point) * a_multiplier
               + (b.astype(np.int64) - b_zero_point) * b_multiplier)
        y = ((acc + (np.int64(1) << (shift - 1))) >> shift) + y_zero_point
        return (np.clip(y, y_min, y_max).astype(a.dtype),)


class QMul(OpRun):
    """y = clamp(requantize((a - a_zp)·(b - b_zp), multiplier, shift) + y_zp, y_min, y_max)."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None, y_min=None, y_max=None):
        acc = (a.astype(np.int64) - a_zero_point) * (b.astype(np.int64) - b_zero_point)
        y = (requantize_wide if a.dtype == np.int16 else requantize)(acc, multiplier, shift) + y_zero_point
        return (np.clip(y, y_min, y_max).astype(a.dtype),)


class QMatMul(OpRun):
    """Both operands int8 activations (attention Q·K^T and P·V), numpy's batch broadcasting:
    acc = Σ_k (a[..,i,k] - a_zp)·(b[..,k,j] - b_zp); y = clamp(requantize(acc) + y_zp)."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None, y_min=None, y_max=None):
        if a.dtype == np.int16:
            dtype = exact_dtype(a.shape[-1], WIDE_PAIR_BOUND)
            a_rows, b_columns = np.subtract(a, dtype(a_zero_point)), np.subtract(b, dtype(b_zero_point))
            acc = exact_matmul(a_rows, b_columns, WIDE_PAIR_BOUND)
            return (requantize_int16(acc, 0, multiplier, shift, y_zero_point, y_min, y_max),)
        dtype = exact_dtype(a.shape[-1], PAIR_BOUND)
        acc = exact_matmul(np.subtract(a, dtype(a_zero_point)), np.subtract(b, dtype(b_zero_point)), PAIR_BOUND)
        return (requantize_int8(acc, 0, multiplier, shift, y_zero_point, y_min, y_max),)


# Fraction bits of the normalized value t of QLayerNorm (ferry::q::kNormBits), and at most this
# many fraction bits of its root (ferry::q::kMaxRootBits).
NORM_BITS = 20
MAX_ROOT_BITS = 62 - 23 - NORM_BITS


def isqrt(values: np.ndarray) -> np.ndarray:
    """floor(sqrt(v)) of non-negative int64 values below 2^62, exactly (the C++ `ferry::q::isqrt`):
    float64's root is within one of it, corrected by integer comparisons."""
    values = np.asarray(values, dtype=np.int64)
    root = np.sqrt(values.astype(np.float64)).astype(np.int64)
    root -= (root * root > values).astype(np.int64)
    root += ((root + 1) * (root + 1) <= values).astype(np.int64)
    return root


class QLayerNorm(OpRun):
    """Over the last axis of C values (integer-only, as I-BERT): d = C·(x - x_zp) - Σ(x - x_zp),
    i.e. C·(x - mean) in input steps, exact; r = max(1, isqrt((Σ d² + epsilon)·4^b)) with the
    integer epsilon = round(ε·C³/s_x²) and b the most fraction bits (<= MAX_ROOT_BITS) that keep
    the radicand below 2^62; t = round_divide(d·2^(20+b), r), the normalized value / sqrt(C) in Q20;
    y = clamp(((t·gamma[c] + beta[c] + 2^(shift-1)) >> shift) + y_zp), gamma and beta folded with
    sqrt(C), the output scale and 2^shift at codegen."""

    op_domain = DOMAIN

    def _run(self, x, gamma, beta, epsilon=None, shift=None, x_zero_point=None, y_zero_point=None):
        values = x.astype(np.int64) - x_zero_point
        channels = values.shape[-1]
        d = channels * values - values.sum(axis=-1, keepdims=True)
        squares = (d * d).sum(axis=-1, keepdims=True) + epsilon
        bits = sum((squares < (np.int64(1) << (60 - 2 * b))).astype(np.int64) for b in range(MAX_ROOT_BITS))
        root = np.maximum(isqrt(squares << (2 * bits)), 1)
        t = round_divide(d << (NORM_BITS + bits), root)
        acc = t * gamma.astype(np.int64) + beta.astype(np.int64)
        y = ((acc + (np.int64(1) << (shift - 1))) >> shift) + y_zero_point
        return (_clamp_int8(y, QMIN, QMAX),)


class QDiv(OpRun):
    """Two int8 operands (numpy broadcasting), r = s_a / (s_b · s_y) = multiplier · 2^(shift - 31):
    n = (a - a_zp)·multiplier, d = b - b_zp, y = clamp(y_zp + round_divide(n, |d|·2^(31 - shift))·sign(d)),
    one division rounding half away from zero, in 64-bit integers (|n| < 2^39, so for 31 - shift
    > 40 the quotient rounds to 0). d = 0 saturates: y = 127 for n > 0, -128 for n < 0, y_zp for 0."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None):
        numerator = (a.astype(np.int64) - a_zero_point) * multiplier
        divisor = b.astype(np.int64) - b_zero_point
        numerator, divisor = np.broadcast_arrays(numerator, divisor)
        right = 31 - shift
        if right > DIV_MAX_RIGHT:
            quotient = np.zeros(numerator.shape, dtype=np.int64)
        else:
            quotient = round_divide(numerator, np.maximum(np.abs(divisor), 1) << right) * np.sign(divisor)
        quotient = np.where(divisor == 0, np.sign(numerator) << 30, quotient)
        return (_clamp_int8(np.clip(quotient, -(1 << 30), 1 << 30) + y_zero_point, QMIN, QMAX),)


# QDiv: |(a - a_zp)·multiplier| < 2^39, so a right shift beyond 40 leaves less than 1/4.
DIV_MAX_RIGHT = 40


class QReduce(OpRun):
    """ReduceSum and ReduceMean: acc = Σ (x - x_zp) over `axes` (int32: count·255 < 2^31);
    y = clamp(requantize(acc, multiplier, shift) + y_zp), the mean's 1/count folded into the
    multiplier (s_x / (count·s_y)), so one rounding."""

    op_domain = DOMAIN

    def _run(self, x, axes=None, keepdims=None, x_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None):
        acc = (x.astype(np.int64) - x_zero_point).sum(axis=tuple(axes), keepdims=bool(keepdims))
        y = requantize(acc, multiplier, shift) + y_zero_point
        return (_clamp_int8(y, QMIN, QMAX),)


# QLrn: sums of squares below 2^LRN_INDEX_BITS index its table directly; above, per octave
# 2^(LRN_INDEX_BITS - 1) entries, interpolated linearly (ferry::q::kLrnIndexBits).
LRN_INDEX_BITS = 7


def lrn_table_sums(entries: int) -> np.ndarray:
    """The sum of squares each entry of a QLrn table stands for: S itself below 2^K, then
    m·2^e for octave e >= 1 and m in [2^(K-1), 2^K) (K = LRN_INDEX_BITS)."""
    direct = 1 << LRN_INDEX_BITS
    half = direct // 2
    j = np.arange(max(entries - direct, 0), dtype=np.int64)
    return np.concatenate([np.arange(min(entries, direct), dtype=np.int64),
                           (half + j % half) << (j // half + 1)])


def lrn_factor(table: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """table at the sum of squares S (the C++ `ferry::q::lrn_factor`): table[S] for S < 2^K;
    above, with e = bit length(S) - K and m = S >> e, the entries of m·2^e and (m + 1)·2^e
    interpolated by the remaining e bits, rounding half up."""
    sums = np.asarray(sums, dtype=np.int64)
    bits = LRN_INDEX_BITS
    octave = sum((sums >= (np.int64(1) << (bits + t))).astype(np.int64) for t in range(32 - bits))
    mantissa = sums >> octave
    index = np.where(octave == 0, sums, (1 << bits) + (octave - 1) * (1 << (bits - 1)) + mantissa - (1 << (bits - 1)))
    values = table.astype(np.int64)
    low, high = values[index], values[np.minimum(index + 1, values.size - 1)]
    fraction = sums - (mantissa << octave)
    half = (np.int64(1) << octave) >> 1
    return low + (((high - low) * fraction + half) >> octave)


class QLrn(OpRun):
    """Local response normalization across channels (axis 1): S = Σ (x - x_zp)² over the channel
    window [c - before, c + after] (int32), g = lrn_factor(table, S) the Q-format value of
    (bias + alpha/size·s_x²·S)^-beta, y = clamp(requantize((x - x_zp)·g, multiplier, shift) + y_zp)."""

    op_domain = DOMAIN

    def _run(self, x, table, before=None, after=None, x_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None):
        values = x.astype(np.int64) - x_zero_point
        squares = values * values
        channels = x.shape[1]
        padded = np.pad(squares, [(0, 0), (before, after)] + [(0, 0)] * (x.ndim - 2))
        sums = np.sum([padded[:, k:k + channels] for k in range(before + after + 1)], axis=0)
        y = requantize(values * lrn_factor(table, sums), multiplier, shift) + y_zero_point
        return (_clamp_int8(y, QMIN, QMAX),)


class QLookup(OpRun):
    """y = table[x + 128]: any int8 -> int8 function (activations, requantization)."""

    op_domain = DOMAIN

    def _run(self, x, table):
        return (table[x.astype(np.int64) - QMIN].astype(np.int8),)


def round_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Integer division rounding half away from zero (the C++ `ferry::q::round_divide`)."""
    magnitude = (np.abs(numerator) + denominator // 2) // denominator
    return np.where(numerator < 0, -magnitude, magnitude)


class QAveragePool(OpRun):
    """mean = round_divide(Σ (x - x_zp) · 2^fraction_bits, count) over each 2-D window (count:
    the window's cells inside the input, or all cells with count_include_pad);
    y = clamp(requantize(mean, multiplier, shift) + y_zp), the multiplier s_x / (s_y·2^fraction_bits):
    one rounding of the mean, as the QDQ model's float AveragePool then QuantizeLinear."""

    op_domain = DOMAIN

    def _run(self, x, kernel_shape=None, strides=None, pads=None, count_include_pad=None,
             x_zero_point=None, fraction_bits=None, multiplier=None, shift=None, y_zero_point=None):
        n, c, height, width = x.shape
        kh, kw = kernel_shape
        sh, sw = strides
        top, left, bottom, right = pads
        shifted = np.pad(x.astype(np.int64) - x_zero_point, ((0, 0), (0, 0), (top, bottom), (left, right)))
        inside = np.pad(np.ones((height, width), dtype=np.int64), ((top, bottom), (left, right)))
        out_h = (height + top + bottom - kh) // sh + 1
        out_w = (width + left + right - kw) // sw + 1
        sums = np.zeros((n, c, out_h, out_w), dtype=np.int64)
        counts = np.zeros((out_h, out_w), dtype=np.int64)
        for i in range(kh):
            for j in range(kw):
                sums += shifted[:, :, i: i + sh * (out_h - 1) + 1: sh, j: j + sw * (out_w - 1) + 1: sw]
                counts += inside[i: i + sh * (out_h - 1) + 1: sh, j: j + sw * (out_w - 1) + 1: sw]
        if count_include_pad:
            counts = np.full_like(counts, kh * kw)
        average = round_divide(sums << fraction_bits, np.maximum(counts, 1))
        y = requantize(average, multiplier, shift) + y_zero_point
        return (_clamp_int8(y, QMIN, QMAX),)


class QSoftmax(OpRun):
    """Along `axis`: e = exp_table[x - max(x) + 255] (int32, exp(s_x·d) in Q23), S = Σ e;
    y = clamp(y_zp + (2·e·inv_scale + S·2^16) / (2·S·2^16)), i.e. round(e / S / s_y) with
    inv_scale = round(2^16 / s_y): the division rounds half up, in 64-bit integers."""

    op_domain = DOMAIN

    def _run(self, x, exp_table, axis=None, inv_scale=None, y_zero_point=None):
        values = x.astype(np.int64)
        exps = exp_table.astype(np.int64)[values - values.max(axis=axis, keepdims=True) + 255]
        total = exps.sum(axis=axis, keepdims=True)
        y = (2 * exps * inv_scale + total * 65536) // (2 * total * 65536) + y_zero_point
        return (_clamp_int8(y, QMIN, QMAX),)


class Quantize(OpRun):
    """The border into int8 (or int16: `to`) after a layer kept in float (ONNX QuantizeLinear,
    per tensor): y = saturate(round_half_even(x / scale) + zero_point), the division in float32."""

    op_domain = DOMAIN

    def _run(self, x, scale=None, zero_point=None, to=None):
        dtype = helper.tensor_dtype_to_np_dtype(to or TensorProto.INT8)
        steps = np.rint(x / np.float32(scale)).astype(np.int64)
        return (np.clip(steps + zero_point, *int_limits(dtype)).astype(dtype),)


class QRequantize(OpRun):
    """A tensor in another precision or scale (int8 <-> int16 at the borders of int16 layers,
    int16 -> int16 for data movement or a ReLU/Clip): y = clamp(requantize_wide(x - x_zp,
    multiplier, shift) + y_zp, y_min, y_max), of type `to`."""

    op_domain = DOMAIN

    def _run(self, x, x_zero_point=None, multiplier=None, shift=None, y_zero_point=None, y_min=None,
             y_max=None, to=None):
        y = requantize_wide(x.astype(np.int64) - x_zero_point, multiplier, shift) + y_zero_point
        return (np.clip(y, y_min, y_max).astype(helper.tensor_dtype_to_np_dtype(to)),)


class Dequantize(OpRun):
    """The border into a layer kept in float: y = (x - zero_point) * scale, in float32."""

    op_domain = DOMAIN

    def _run(self, x, scale=None, zero_point=None):
        return ((x.astype(np.float32) - np.float32(zero_point)) * np.float32(scale),)


OPS: tuple[type[OpRun], ...] = (QConv, QConvTranspose, QGemm, QMatMul, QAdd, QMul, QDiv, QReduce, QLookup,
                                QAveragePool, QLayerNorm, QLrn, QSoftmax, QResize, Quantize, QRequantize, Dequantize)
OP_TYPES = frozenset(op.__name__ for op in OPS)


def metadata(model: onnx.ModelProto, key: str) -> dict:
    for prop in model.metadata_props:
        if prop.key == key:
            return json.loads(prop.value)
    return {}


def tensor_qparams(model: onnx.ModelProto) -> dict[str, tuple[float, int]]:
    """Scale and zero point of every int8 activation, from the integer model's metadata."""
    return {name: (float(s), int(z)) for name, (s, z) in metadata(model, QPARAMS_KEY).items()}


def float_layers(model: onnx.ModelProto) -> dict[str, str]:
    """The nodes of the integer program that compute in float, and why."""
    return metadata(model, FLOAT_LAYERS_KEY)


def int16_layers(model: onnx.ModelProto) -> dict[str, str]:
    """The nodes of the integer program that compute on int16 activations, and why."""
    return metadata(model, INT16_LAYERS_KEY)


class GoldenModel:
    """Runs the integer program; `run` returns every node output when asked (per-layer checks)."""

    def __init__(self, program: Path | onnx.ModelProto) -> None:
        self.model = program if isinstance(program, onnx.ModelProto) else onnx.load(str(program))
        self.qparams = tensor_qparams(self.model)
        self.output_names = [o.name for o in self.model.graph.output]
        self.input_types = {i.name: helper.tensor_dtype_to_np_dtype(i.type.tensor_type.elem_type)
                            for i in self.model.graph.input}
        self.node_outputs = [name for node in self.model.graph.node for name in node.output if name]
        self._evaluator = ReferenceEvaluator(self.model, new_ops=list(OPS))
        self._threads = ThreadpoolController()

    def feeds(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Real-valued inputs as the program takes them: int8 and int16 inputs quantized (ONNX
        QuantizeLinear)."""
        return {name: (quantize(values, *self.qparams[name], *int_limits(self.input_types[name])).astype(
                    self.input_types[name]) if name in self.qparams else values)
                for name, values in batch.items()}

    def run(self, feeds: dict[str, np.ndarray], intermediate: bool = False) -> dict[str, np.ndarray]:
        """Final outputs, or (intermediate=True) every node output, by tensor name. BLAS runs on
        one thread: a sample's products are small, and OpenBLAS's workers spin between them,
        which cost 2-3x the CPU time for no gain in wall time."""
        with self._threads.limit(limits=1, user_api="blas"):
            if intermediate:
                results = self._evaluator.run(None, feeds, intermediate=True)
                return {name: results[name] for name in self.node_outputs}
            return dict(zip(self.output_names, self._evaluator.run(None, feeds)))
