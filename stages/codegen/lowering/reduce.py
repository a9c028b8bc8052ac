"""Reductions: Softmax along one axis, ReduceMean / ReduceSum over a set of axes, LayerNormalization."""

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
from ferry.stages.codegen.lowering.integer_paths import reduced_axes
from ferry.stages.common.ops import Unsupported

_MEAN_TYPES = ("float32", "float64", "int32", "int64", "uint32", "uint64")


def _normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < max(rank, 1):
        raise Unsupported(f"axis {axis} out of range for rank {rank}")
    return axis % rank if rank else 0


@lowers("Softmax")
def lower_softmax(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    if x.dtype != np.float32:
        raise Unsupported(f"{x.dtype.name} Softmax (float32 only)")
    rank = len(x.shape)
    if ctx.opset >= 13:  # along one axis
        axis = _normalize_axis(int(ctx.attr("axis", -1)), rank)
        outer = int(np.prod(x.shape[:axis], dtype=np.int64))
        axis_size = x.shape[axis] if rank else 1
        inner = int(np.prod(x.shape[axis + 1:], dtype=np.int64))
        note = f"along axis {axis}"
    else:  # opset 1..12: x flattened to 2-D at `axis`, softmax along the second dimension
        axis = _normalize_axis(int(ctx.attr("axis", 1)), rank)
        outer = int(np.prod(x.shape[:axis], dtype=np.int64))
        axis_size, inner = int(np.prod(x.shape[axis:], dtype=np.int64)), 1
        note = f"over axes {axis}.. flattened (opset {ctx.opset})"
    return KernelCall(
        function="ferry::softmax",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::SoftmaxParams",
                      (("outer", outer), ("axis_size", axis_size), ("inner", inner))),
        notes=(f"{note}: [{outer}, {axis_size}, {inner}]",),
    )


@lowers("ReduceMean", "ReduceSum")
def lower_reduce(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    op = ctx.node.op_type
    if x.dtype.name not in _MEAN_TYPES or y.dtype != x.dtype:
        raise Unsupported(f"{x.dtype.name} {op} (one of {', '.join(_MEAN_TYPES)})")
    rank = len(x.shape)
    keepdims = int(ctx.attr("keepdims", 1))
    reduced = reduced_axes(ctx.node, rank, ctx.const_input(1), ctx.opset)
    expected = [1 if d in reduced else size for d, size in enumerate(x.shape)]
    if not keepdims:
        expected = [size for d, size in enumerate(x.shape) if d not in reduced]
    if list(y.shape) != expected:
        raise Unsupported(f"{op} output {shape_text(y.shape)}, expected "
                          f"{shape_text(expected)}")
    # The output's element stride along each input axis, in keepdims layout: 0 along reduced.
    kept_shape = [1 if d in reduced else size for d, size in enumerate(x.shape)]
    out_strides = [0 if d in reduced else s
                   for d, s in enumerate(contiguous_strides(kept_shape))]
    dims, (strides,) = merge_axes(x.shape, [out_strides])
    if len(dims) > MAX_RANK:
        raise Unsupported(f"{op} over {len(dims)} axes after merging (at most {MAX_RANK})")
    count = int(np.prod([x.shape[d] for d in reduced], dtype=np.int64))
    if count == 0:
        raise Unsupported(f"{op} over an empty axis")
    what = "mean" if op == "ReduceMean" else "sum"
    return KernelCall(
        function=f"ferry::reduce_{what}<{ctx.c_type(x)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params(
            "ferry::ReduceParams",
            (
                ("rank", len(dims)), ("dims", pad(dims)), ("out_strides", pad(strides)),
                ("out_size", y.size), ("count", count),
            ),
        ),
        notes=(f"{what} over axes {reduced or 'none'} of {count} element(s), keepdims {keepdims}; "
               f"loop over {shape_text(dims)}, output strides {shape_text(strides)}",),
    )


@lowers("LayerNormalization")
def lower_layer_norm(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    if x.dtype != np.float32:
        raise Unsupported(f"{x.dtype.name} LayerNormalization (float32 only)")
    rank = len(x.shape)
    axis = _normalize_axis(int(ctx.attr("axis", -1)), rank)
    outer = int(np.prod(x.shape[:axis], dtype=np.int64))
    inner = int(np.prod(x.shape[axis:], dtype=np.int64))
    for index in (1, 2):
        if ctx.has_input(index) and (ctx.input(index).size != inner
                                     or ctx.input(index).dtype != np.float32):
            raise Unsupported(f"input {index} must hold {inner} float32 values "
                              f"(the normalized shape {shape_text(x.shape[axis:])}), "
                              f"not {ctx.input(index).dtype.name}{shape_text(ctx.input(index).shape)}")
    epsilon = float(ctx.attr("epsilon", 1e-5))
    statistics = tuple(ctx.out_ptr(i) if i < len(ctx.node.output) and ctx.node.output[i]
                       else "nullptr" for i in (1, 2))
    return KernelCall(
        function="ferry::layer_norm",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.in_ptr(2) if ctx.has_input(2) else "nullptr",
              ctx.out_ptr(), *statistics),
        params=Params("ferry::LayerNormParams",
                      (("outer", outer), ("inner", inner), ("epsilon", epsilon))),
        notes=(f"over axes {axis}..{rank - 1}: {outer} row(s) of {inner}, epsilon {epsilon:g}",),
    )
