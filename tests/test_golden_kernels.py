"""The golden model's vectorized kernels (depthwise taps in int32, products in float32/float64 BLAS,
requantization fused in place) against the plain int64 formulas they stand for, value for value,
on the cases that stress them: extreme zero points, multipliers and shifts, groups, channel
multipliers, strides, dilations, padding, and a sum long enough to need float64."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.stages.common.golden import (
    DOMAIN,
    PAIR_BOUND,
    GoldenModel,
    exact_dtype,
    exact_matmul,
    requantize_int8,
    requantize_int16,
)
from ferry.stages.common.quant import MAX_SHIFT, MIN_SHIFT, QMAX, QMIN, requantize


def _reference_conv(x, w, bias, multiplier, shift, strides, pads, dilations, group, x_zero_point, y_zero_point,
                    y_min, y_max):
    """The golden model's original QConv: int64 im2col and an einsum per group."""
    n, channels, height, width = x.shape
    m, per_group, kh, kw = w.shape
    (sh, sw), (dh, dw), (top, left, bottom, right) = strides, dilations, pads
    shifted = np.pad(x.astype(np.int64) - x_zero_point, ((0, 0), (0, 0), (top, bottom), (left, right)))
    out_h = (height + top + bottom - dh * (kh - 1) - 1) // sh + 1
    out_w = (width + left + right - dw * (kw - 1) - 1) // sw + 1
    cols = np.empty((n, channels, kh, kw, out_h, out_w), dtype=np.int64)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = shifted[:, :, i * dh: i * dh + sh * (out_h - 1) + 1: sh,
                                       j * dw: j * dw + sw * (out_w - 1) + 1: sw]
    acc = np.empty((n, m, out_h, out_w), dtype=np.int64)
    per_out = m // group
    for g in range(group):
        acc[:, g * per_out:(g + 1) * per_out] = np.einsum(
            "mcij,ncijhw->nmhw", w[g * per_out:(g + 1) * per_out].astype(np.int64),
            cols[:, g * per_group:(g + 1) * per_group])
    acc += bias.astype(np.int64).reshape(1, m, 1, 1)
    y = requantize(acc, multiplier.reshape(1, m, 1, 1), shift.reshape(1, m, 1, 1)) + y_zero_point
    return np.clip(y, y_min, y_max).astype(np.int8)


def _one_node(op: str, inputs: dict[str, np.ndarray], constants: dict[str, np.ndarray], out_shape: list[int],
              **attributes) -> onnx.ModelProto:
    node = helper.make_node(op, [*inputs, *constants], ["y"], domain=DOMAIN, name="node", **attributes)
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info(k, TensorProto.INT8, list(v.shape)) for k, v in inputs.items()],
        [helper.make_tensor_value_info("y", TensorProto.INT8, out_shape)],
        [numpy_helper.from_array(v, k) for k, v in constants.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(DOMAIN, 1)])


def _extreme_requantization(rng: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray]:
    multiplier = rng.integers(1 << 30, 1 << 31, m).astype(np.int32)
    shift = rng.integers(-16, -5, m).astype(np.int32)
    shift[0], shift[-1] = MAX_SHIFT, MIN_SHIFT  # saturates / rounds to 0
    return multiplier, shift


CONVS = [  # (channels, m, kernel, group, strides, pads, dilations, x_zp)
    (8, 16, 3, 1, [1, 1], [1, 1, 1, 1], [1, 1], -128),     # plain 3x3, input zero point at the bottom
    (12, 12, 3, 12, [2, 2], [0, 1, 1, 0], [1, 1], 127),     # depthwise, stride 2, uneven padding
    (6, 18, 5, 6, [1, 2], [2, 2, 2, 2], [2, 1], 3),         # depthwise with channel multiplier 3, dilation
    (8, 12, 3, 4, [1, 1], [1, 1, 1, 1], [1, 1], -5),        # grouped, 2 input channels per group
    (16, 8, 1, 1, [1, 1], [0, 0, 0, 0], [1, 1], 0),         # pointwise
    (16, 8, 1, 1, [1, 1], [1, 0, 0, 1], [1, 1], 17),        # pointwise with padding
    (96, 4, 3, 1, [1, 1], [1, 1, 1, 1], [1, 1], -128),      # K = 864: float64 products
]


@pytest.mark.parametrize("channels, m, kernel, group, strides, pads, dilations, x_zp", CONVS)
def test_qconv_equals_the_int64_formula(channels, m, kernel, group, strides, pads, dilations, x_zp) -> None:
    rng = np.random.default_rng(channels * 100 + m)
    x = rng.integers(QMIN, QMAX + 1, (2, channels, 9, 11)).astype(np.int8)
    x[0, 0] = QMIN if x_zp > 0 else QMAX  # the largest |x - x_zp| = 255 occurs
    w = rng.integers(-128, 128, (m, channels // group, kernel, kernel)).astype(np.int8)
    w[0] = -128
    bias = rng.integers(-(1 << 20), 1 << 20, m).astype(np.int32)
    multiplier, shift = _extreme_requantization(rng, m)
    attributes = dict(strides=strides, pads=pads, dilations=dilations, group=group, x_zero_point=x_zp,
                      y_zero_point=-7, y_min=-100, y_max=QMAX)
    want = _reference_conv(x, w, bias, multiplier, shift, **attributes)
    model = _one_node("QConv", {"x": x}, {"w": w, "bias": bias, "multiplier": multiplier, "shift": shift},
                      list(want.shape), **attributes)
    got = GoldenModel(model).run({"x": x})["y"]
    assert got.dtype == np.int8 and got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    assert len(np.unique(want)) > 20  # not all saturated: the rounding itself is compared


def test_qgemm_and_qmatmul_equal_the_int64_formula() -> None:
    rng = np.random.default_rng(5)
    a = rng.integers(QMIN, QMAX + 1, (3, 4, 600)).astype(np.int8)  # K = 600: float64 products
    w = rng.integers(-128, 128, (10, 600)).astype(np.int8)
    bias = rng.integers(-(1 << 24), 1 << 24, 10).astype(np.int32)
    multiplier, shift = _extreme_requantization(rng, 10)
    acc = (a.astype(np.int64) - 9).reshape(-1, 600) @ w.astype(np.int64).T + bias
    want = np.clip(requantize(acc, multiplier, shift) + 4, QMIN, 120).astype(np.int8).reshape(3, 4, 10)
    gemm = _one_node("QGemm", {"a": a}, {"w": w, "bias": bias, "multiplier": multiplier, "shift": shift},
                     [3, 4, 10], a_zero_point=9, y_zero_point=4, y_min=QMIN, y_max=120)
    np.testing.assert_array_equal(GoldenModel(gemm).run({"a": a})["y"], want)

    b = rng.integers(QMIN, QMAX + 1, (3, 600, 5)).astype(np.int8)
    acc = np.matmul(a.astype(np.int64) + 128, b.astype(np.int64) - 127)
    want = np.clip(requantize(acc, 1 << 30, -14) - 3, QMIN, QMAX).astype(np.int8)
    matmul = _one_node("QMatMul", {"a": a, "b": b}, {}, [3, 4, 5], a_zero_point=-128, b_zero_point=127,
                       multiplier=1 << 30, shift=-14, y_zero_point=-3, y_min=QMIN, y_max=QMAX)
    np.testing.assert_array_equal(GoldenModel(matmul).run({"a": a, "b": b})["y"], want)


def test_fused_requantization_equals_requantize_then_clamp() -> None:
    rng = np.random.default_rng(11)
    channels = 64
    acc = rng.integers(-(1 << 31), 1 << 31, (channels, 500)).astype(np.int64)
    acc[:, :4] = [-(1 << 31), (1 << 31) - 1, 0, -1]  # the int32 extremes
    bias = rng.integers(-(1 << 31), 1 << 31, (channels, 1))
    total = np.clip(acc + bias, -(1 << 31), (1 << 31) - 1)  # the C++ accumulates in int32
    acc = total - bias
    multiplier = rng.integers(0, 1 << 31, (channels, 1))
    shift = rng.integers(MIN_SHIFT, MAX_SHIFT + 1, (channels, 1))
    for zero_point, low, high in [(0, QMIN, QMAX), (-128, -128, 0), (127, 50, 127)]:
        want = np.clip(requantize(total, multiplier, shift) + zero_point, low, high).astype(np.int8)
        for held in (acc, acc.astype(np.float64)):
            got = requantize_int8(held, bias, multiplier, shift, zero_point, low, high)
            np.testing.assert_array_equal(got, want)


def test_a_scalar_result_stays_a_scalar() -> None:
    """A 0-d accumulator (a reduction to a scalar, Swin's qkv[0]-style scalars) keeps its shape:
    np.ascontiguousarray made it [1], and the next op broadcast the wrong rank."""
    acc = np.array(1000, dtype=np.int64)
    for output_stage, dtype in [(requantize_int8, np.int8), (requantize_int16, np.int16)]:
        got = output_stage(acc, 0, 1 << 30, -5, 3, -128, 127)  # 1000 * 2^30 / 2^36 = 15.6 -> 16, + 3
        assert got.shape == () and got.dtype == dtype
        assert int(got) == 19


def test_products_use_float32_only_where_every_sum_is_exact() -> None:
    assert exact_dtype(514) is np.float32 and exact_dtype(515) is np.float64  # 515·255·128 >= 2^24
    worst = np.full((1, 514), -255, dtype=np.float32) @ np.full((514, 1), 128, dtype=np.float32)
    assert int(worst[0, 0]) == -514 * 255 * 128
    with pytest.raises(ValueError, match="may not be exact"):
        exact_dtype(1 << 39)


def test_activation_products_past_float32_are_summed_exactly() -> None:
    """QMatMul of two int8 activations: differences from the zero points reach 255 on both sides.
    301 products of 255 x 255 sum to an odd integer past 2^24, which float32 cannot hold (under the
    bound of weight products, 255 x 128, depth 301 would have been summed in float32)."""
    depth = 301
    assert exact_dtype(depth) is np.float32 and exact_dtype(depth, PAIR_BOUND) is np.float64
    a = np.full((1, depth), 255, dtype=np.int16)
    b = np.full((depth, 1), 255, dtype=np.int16)
    want = depth * 255 * 255
    assert int((a.astype(np.float32) @ b.astype(np.float32))[0, 0]) != want  # float32 rounds here
    assert int(exact_matmul(a, b, PAIR_BOUND)[0, 0]) == want
