"""Gemm and MatMul: row-major matrix products; transposes and broadcasts become strides."""

from __future__ import annotations

import numpy as np

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.codegen.lowering.elementwise import (
    MAX_RANK,
    contiguous_strides,
    merge_axes,
    pad,
    shape_text,
)
from ferry.stages.common.ops import Unsupported

_MATMUL_TYPES = ("float32", "float64", "int32", "int64", "uint32", "uint64")


@lowers("Gemm")
def lower_gemm(ctx: LoweringContext) -> KernelCall:
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    for tensor in (a, b, y):
        if tensor.dtype != np.float32:
            raise Unsupported(f"{tensor.dtype.name} Gemm (float32 only)")
    if len(a.shape) != 2 or len(b.shape) != 2:
        raise Unsupported(f"Gemm of {shape_text(a.shape)} x {shape_text(b.shape)} (2-D only)")
    trans_a, trans_b = int(ctx.attr("transA", 0)), int(ctx.attr("transB", 0))
    alpha, beta = float(ctx.attr("alpha", 1.0)), float(ctx.attr("beta", 1.0))
    m, k = (a.shape[1], a.shape[0]) if trans_a else a.shape
    k_b, n = (b.shape[1], b.shape[0]) if trans_b else b.shape
    if k != k_b or tuple(y.shape) != (m, n):
        raise Unsupported(f"inconsistent Gemm shapes {shape_text(a.shape)} x {shape_text(b.shape)}"
                          f" -> {shape_text(y.shape)}")
    a_stride_m, a_stride_k = (1, m) if trans_a else (k, 1)
    b_stride_k, b_stride_n = (1, k) if trans_b else (n, 1)
    c_ptr, c_strides, c_note = "nullptr", (0, 0), "no C"
    if ctx.has_input(2):
        c = ctx.input(2)
        if c.dtype != np.float32 or len(c.shape) > 2:
            raise Unsupported(f"C of {c.dtype.name}{shape_text(c.shape)}")
        c_strides = _c_strides((m, n), c.shape)
        c_ptr, c_note = ctx.in_ptr(2), f"C {shape_text(c.shape)} broadcast to [{m},{n}]"
    return KernelCall(
        function="ferry::gemm",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), c_ptr, ctx.out_ptr()),
        params=Params(
            "ferry::GemmParams",
            (
                ("m", m), ("n", n), ("k", k),
                ("a_stride_m", a_stride_m), ("a_stride_k", a_stride_k),
                ("b_stride_k", b_stride_k), ("b_stride_n", b_stride_n),
                ("c_stride_m", c_strides[0]), ("c_stride_n", c_strides[1]),
                ("alpha", alpha), ("beta", beta),
            ),
        ),
        notes=(f"transA {trans_a}, transB {trans_b}, alpha {alpha:g}, beta {beta:g}, {c_note}",),
    )


def _c_strides(out_shape: tuple[int, int], shape: tuple[int, ...]) -> tuple[int, int]:
    """C's element strides along the rows and columns of Y (0 where C is broadcast)."""
    padded = [1] * (2 - len(shape)) + list(shape)
    dense = contiguous_strides(padded)
    strides = []
    for size, out, stride in zip(padded, out_shape, dense):
        if size == out and size != 1:
            strides.append(stride)
        elif size == 1:
            strides.append(0)
        else:
            raise Unsupported(
                f"C {shape_text(shape)} does not broadcast to {shape_text(out_shape)}")
    return strides[0], strides[1]


@lowers("MatMul")
def lower_matmul(ctx: LoweringContext) -> KernelCall:
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    if not (a.dtype == b.dtype == y.dtype) or a.dtype.name not in _MATMUL_TYPES:
        raise Unsupported(f"MatMul of {a.dtype.name} x {b.dtype.name} "
                          f"(one of {', '.join(_MATMUL_TYPES)})")
    params, note = matmul_shape(ctx)
    return KernelCall(
        function=f"ferry::matmul<{ctx.c_type(y)}>",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=params,
        notes=(note,),
    )


def matmul_shape(ctx: LoweringContext) -> tuple[Params, str]:
    """ferry::MatMulParams of the node's numpy-style (batched, broadcast) product, and a note."""
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    if not a.shape or not b.shape:
        raise Unsupported("MatMul of a scalar")
    a_shape = (1, *a.shape) if len(a.shape) == 1 else tuple(a.shape)  # [k] is [1, k]
    b_shape = (*b.shape, 1) if len(b.shape) == 1 else tuple(b.shape)  # [k] is [k, 1]
    m, k = a_shape[-2:]
    k_b, n = b_shape[-2:]
    if k != k_b:
        raise Unsupported(f"MatMul inner dimensions differ: {shape_text(a.shape)} x "
                          f"{shape_text(b.shape)}")
    batch_shape = tuple(np.broadcast_shapes(a_shape[:-2], b_shape[:-2]))
    if int(np.prod(batch_shape, dtype=np.int64)) * m * n != y.size:
        raise Unsupported(f"MatMul output {shape_text(y.shape)} does not match "
                          f"{shape_text(a.shape)} x {shape_text(b.shape)}")
    # Element strides of each operand per batch axis: a whole matrix per step, 0 if broadcast.
    a_strides = _batch_strides(batch_shape, a_shape[:-2], m * k)
    b_strides = _batch_strides(batch_shape, b_shape[:-2], k * n)
    dims, (a_strides, b_strides) = merge_axes(batch_shape, [a_strides, b_strides])
    if len(dims) == 1 and a_strides == [m * k] and b_strides == [0]:
        m *= dims[0]  # a stack of A rows times one shared B: a single taller product
        dims = [1]
    if dims == [1]:
        dims, a_strides, b_strides = [], [], []
    if len(dims) > MAX_RANK:
        raise Unsupported(f"MatMul over {len(dims)} independent batch axes (at most {MAX_RANK})")
    batch = int(np.prod(dims, dtype=np.int64))
    note = f"{batch} product(s) of [{m},{k}] x [{k},{n}]"
    if dims:
        note += (f", batch {shape_text(dims)}, a strides {shape_text(a_strides)}, "
                 f"b strides {shape_text(b_strides)}")
    params = Params("ferry::MatMulParams", (
        ("batch", batch), ("batch_rank", len(dims)), ("batch_dims", pad(dims)),
        ("a_batch_strides", pad(a_strides)), ("b_batch_strides", pad(b_strides)),
        ("m", m), ("k", k), ("n", n),
    ))
    return params, note


def _batch_strides(batch_shape: tuple[int, ...], shape: tuple[int, ...], matrix: int) -> list[int]:
    padded = [1] * (len(batch_shape) - len(shape)) + list(shape)
    dense = contiguous_strides(padded)
    return [s * matrix if size == out and size != 1 else 0
            for size, out, s in zip(padded, batch_shape, dense)]
