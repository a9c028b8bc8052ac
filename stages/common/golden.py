"""The integer golden model: numpy versions of exactly the arithmetic of the int8 C++ kernels.

The lowered integer program is an ONNX graph (`integer.onnx`, written by codegen) whose compute
nodes are in the `ai.ferry` domain and whose data-movement nodes (Reshape, MaxPool, Concat, ...)
are standard ONNX ops on int8 tensors. `onnx.reference.ReferenceEvaluator` runs it with the
classes below for the `ai.ferry` ops; data movement is exact in any implementation. Each class
documents the formula its C++ twin in `kernels/ferry_int8.h` computes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator
from onnx.reference.op_run import OpRun

from ferry.stages.common.quant import QMAX, QMIN, quantize, requantize

DOMAIN = "ai.ferry"
QPARAMS_KEY = "ferry.qparams"  # model metadata: tensor name -> [scale, zero point]
FLOAT_LAYERS_KEY = "ferry.float_layers"  # model metadata: node name -> why it runs in float
KEEP_FLOAT_KEY = "ferry.keep_float"  # QDQ model metadata: node name -> why the quantizer kept it


def _clamp_int8(values: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(values, low, high).astype(np.int8)


def exact_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The int64 matrix product of integer operands, computed by float64 BLAS: every product of
    an int8 difference (at most 255) with an int8 weight or difference is below 2^16, so sums of
    up to 2^37 of them are exact in float64's 53 bits (and so is a fused multiply-add); numpy's
    int64 matmul has no BLAS and is many times slower."""
    return np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(np.int64)


class QConv(OpRun):
    """acc = bias[m] + Σ w[m,c,i,j]·(x - x_zp) (padding contributes 0);
    y = clamp(requantize(acc, multiplier[m], shift[m]) + y_zp, y_min, y_max)."""

    op_domain = DOMAIN

    def _run(self, x, w, bias, multiplier, shift, strides=None, pads=None, dilations=None,
             group=None, x_zero_point=None, y_zero_point=None, y_min=None, y_max=None):
        n, channels, height, width = x.shape
        m, per_group, kh, kw = w.shape
        sh, sw = strides
        dh, dw = dilations
        top, left, bottom, right = pads
        shifted = np.pad(x.astype(np.float64) - x_zero_point, ((0, 0), (0, 0), (top, bottom), (left, right)))
        out_h = (height + top + bottom - dh * (kh - 1) - 1) // sh + 1
        out_w = (width + left + right - dw * (kw - 1) - 1) // sw + 1
        cols = np.empty((n, channels, kh, kw, out_h, out_w), dtype=np.float64)
        for i in range(kh):
            for j in range(kw):
                cols[:, :, i, j] = shifted[:, :, i * dh: i * dh + sh * (out_h - 1) + 1: sh,
                                           j * dw: j * dw + sw * (out_w - 1) + 1: sw]
        # every group at once: [group, per_out, K] @ [n, group, K, pixels], K = per_group·kh·kw
        weights = w.reshape(group, m // group, per_group * kh * kw)
        acc = exact_matmul(weights, cols.reshape(n, group, per_group * kh * kw, out_h * out_w))
        acc = acc.reshape(n, m, out_h, out_w) + bias.astype(np.int64).reshape(1, m, 1, 1)
        y = requantize(acc, multiplier.reshape(1, m, 1, 1), shift.reshape(1, m, 1, 1)) + y_zero_point
        return (_clamp_int8(y, y_min, y_max),)


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
        rows = (a.astype(np.int64) - a_zero_point).reshape(-1, k)
        acc = exact_matmul(rows, w.T) + bias.astype(np.int64)
        y = requantize(acc, multiplier, shift) + y_zero_point
        return (_clamp_int8(y, y_min, y_max).reshape(*a.shape[:-1], n),)


class QAdd(OpRun):
    """acc = (a - a_zp)·a_multiplier + (b - b_zp)·b_multiplier (64-bit, broadcast);
    y = clamp(((acc + 2^(shift-1)) >> shift) + y_zp, y_min, y_max). Sub has a negative b_multiplier."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, a_multiplier=None,
             b_multiplier=None, shift=None, y_zero_point=None, y_min=None, y_max=None):
        acc = ((a.astype(np.int64) - a_zero_point) * a_multiplier
               + (b.astype(np.int64) - b_zero_point) * b_multiplier)
        y = ((acc + (np.int64(1) << (shift - 1))) >> shift) + y_zero_point
        return (_clamp_int8(y, y_min, y_max),)


class QMul(OpRun):
    """y = clamp(requantize((a - a_zp)·(b - b_zp), multiplier, shift) + y_zp, y_min, y_max)."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None, y_min=None, y_max=None):
        acc = (a.astype(np.int64) - a_zero_point) * (b.astype(np.int64) - b_zero_point)
        y = requantize(acc, multiplier, shift) + y_zero_point
        return (_clamp_int8(y, y_min, y_max),)


class QMatMul(OpRun):
    """Both operands int8 activations (attention Q·K^T and P·V), numpy's batch broadcasting:
    acc = Σ_k (a[..,i,k] - a_zp)·(b[..,k,j] - b_zp); y = clamp(requantize(acc) + y_zp)."""

    op_domain = DOMAIN

    def _run(self, a, b, a_zero_point=None, b_zero_point=None, multiplier=None, shift=None,
             y_zero_point=None, y_min=None, y_max=None):
        acc = exact_matmul(a.astype(np.int64) - a_zero_point, b.astype(np.int64) - b_zero_point)
        y = requantize(acc, multiplier, shift) + y_zero_point
        return (_clamp_int8(y, y_min, y_max),)


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
    """The border into int8 after a layer kept in float (ONNX QuantizeLinear, per tensor):
    y = saturate(round_half_even(x / scale) + zero_point), the division in float32."""

    op_domain = DOMAIN

    def _run(self, x, scale=None, zero_point=None):
        steps = np.rint(x / np.float32(scale)).astype(np.int64)
        return (_clamp_int8(steps + zero_point, QMIN, QMAX),)


class Dequantize(OpRun):
    """The border into a layer kept in float: y = (x - zero_point) * scale, in float32."""

    op_domain = DOMAIN

    def _run(self, x, scale=None, zero_point=None):
        return ((x.astype(np.float32) - np.float32(zero_point)) * np.float32(scale),)


OPS: tuple[type[OpRun], ...] = (QConv, QConvTranspose, QGemm, QMatMul, QAdd, QMul, QDiv, QReduce, QLookup,
                                QAveragePool, QLayerNorm, QSoftmax, QResize, Quantize, Dequantize)
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


class GoldenModel:
    """Runs the integer program; `run` returns every node output when asked (per-layer checks)."""

    def __init__(self, program: Path | onnx.ModelProto) -> None:
        self.model = program if isinstance(program, onnx.ModelProto) else onnx.load(str(program))
        self.qparams = tensor_qparams(self.model)
        self.output_names = [o.name for o in self.model.graph.output]
        self.node_outputs = [name for node in self.model.graph.node for name in node.output if name]
        self._evaluator = ReferenceEvaluator(self.model, new_ops=list(OPS))

    def feeds(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Real-valued inputs as the program takes them: int8 inputs quantized (ONNX QuantizeLinear)."""
        return {name: (quantize(values, *self.qparams[name]).astype(np.int8) if name in self.qparams else values)
                for name, values in batch.items()}

    def run(self, feeds: dict[str, np.ndarray], intermediate: bool = False) -> dict[str, np.ndarray]:
        """Final outputs, or (intermediate=True) every node output, by tensor name."""
        if intermediate:
            results = self._evaluator.run(None, feeds, intermediate=True)
            return {name: results[name] for name in self.node_outputs}
        return dict(zip(self.output_names, self._evaluator.run(None, feeds)))
