"""Data movement: Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Slice, Concat, Split, Gather,
Pad.

All shape arithmetic happens here: shapes are padded to kMaxRank with leading 1-sized axes and
the kernels get ready-made strides, offsets and pad amounts, so the C++ stays a plain loop.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.common.graph import TensorInfo
from ferry.stages.common.ops import Unsupported

MAX_RANK = 6  # kMaxRank in ferry_common.h
INT32_MAX = 2**31 - 1
PAD_MODES = {"constant": 0, "reflect": 1, "edge": 2, "wrap": 3}  # ferry::PadMode


def _shape_text(shape: tuple[int, ...]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _element_type(ctx: LoweringContext, *tensors: TensorInfo) -> str:
    """The C++ element type shared by the tensors (refusing unknown types and huge tensors)."""
    for tensor in tensors:
        if tensor.size > INT32_MAX:
            raise Unsupported(f"tensor '{tensor.name}' has {tensor.size} elements (int32 indexing)")
        if tensor.dtype != tensors[0].dtype:
            raise Unsupported(
                f"mixed element types {tensors[0].dtype.name} and {tensor.dtype.name}")
    return ctx.c_type(tensors[0])


def _check_rank(*tensors: TensorInfo) -> None:
    for tensor in tensors:
        if len(tensor.shape) > MAX_RANK:
            raise Unsupported(f"rank {len(tensor.shape)} tensor '{tensor.name}' (max {MAX_RANK})")


def _strides(shape: tuple[int, ...]) -> list[int]:
    """Row-major element strides of a shape."""
    strides: list[int] = []
    step = 1
    for dim in reversed(shape):
        strides.insert(0, step)
        step *= dim
    return strides


def _padded(values: list[int], fill: int) -> tuple[int, ...]:
    """Per-axis int32 values padded at the front to kMaxRank (the leading axes have size 1)."""
    return (fill,) * (MAX_RANK - len(values)) + tuple(_int32(v) for v in values)


def _int32(value: int) -> int:
    if not -INT32_MAX - 1 <= int(value) <= INT32_MAX:
        raise Unsupported(f"index arithmetic value {int(value)} does not fit in int32")
    return int(value)


def _normalize_axis(axis: int, rank: int, what: str) -> int:
    axis = int(axis)
    if not -rank <= axis < rank:
        raise Unsupported(f"{what} axis {axis} is out of range for rank {rank}")
    return axis + rank if axis < 0 else axis


def _ints(values: ArrayLike) -> list[int]:
    return [int(v) for v in np.asarray(values).reshape(-1)]


def _literal(value: ArrayLike, dtype: np.dtype) -> str:
    """A C++ literal of one value of `dtype` (exact for the type)."""
    scalar = np.asarray(value).astype(dtype).reshape(-1)[0]
    c_name = {np.dtype(np.float32): "float", np.dtype(np.float64): "double"}.get(np.dtype(dtype))
    if c_name is not None:
        if np.isnan(scalar):
            return f"std::numeric_limits<{c_name}>::quiet_NaN()"
        if np.isinf(scalar):
            return f"{'-' if scalar < 0 else ''}std::numeric_limits<{c_name}>::infinity()"
        return f"{scalar}f" if c_name == "float" else repr(float(scalar))
    number = int(scalar)
    if np.dtype(dtype) == np.int64:
        return "INT64_MIN" if number == np.iinfo(np.int64).min else f"{number}LL"
    if np.dtype(dtype) == np.uint64:
        return f"{number}ULL"
    if np.dtype(dtype) == np.int32 and number == np.iinfo(np.int32).min:
        return "INT32_MIN"
    return f"{number}u" if np.dtype(dtype) == np.uint32 else str(number)


# -- Reshape, Flatten, Squeeze, Unsqueeze ------------------------------------------------------


@lowers("Reshape", "Flatten", "Squeeze", "Unsqueeze")
def lower_copy(ctx: LoweringContext) -> KernelCall:
    """Same elements, same order: the output shape (static after import) is all that changes."""
    x, y = ctx.input(0), ctx.output()
    c_type = _element_type(ctx, x, y)
    if x.size != y.size:
        raise Unsupported(f"{_shape_text(x.shape)} and {_shape_text(y.shape)} differ in size")
    return KernelCall(
        function=f"ferry::copy<{c_type}>",
        args=(ctx.in_ptr(0), ctx.out_ptr(), str(x.size)),
        notes=(f"{ctx.node.op_type}: {_shape_text(x.shape)} -> {_shape_text(y.shape)}, "
               "a plain copy",),
    )


# -- Transpose, Slice ---------------------------------------------------------------------------


def _strided_call(ctx: LoweringContext, kernel: str, c_type: str, out_dims: list[int],
                  in_strides: list[int], in_offset: int, note: str) -> KernelCall:
    return KernelCall(
        function=f"ferry::{kernel}<{c_type}>",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params(
            "ferry::StridedCopyParams",
            (
                ("out_dims", _padded(out_dims, 1)),
                ("in_strides", _padded(in_strides, 0)),
                ("in_offset", _int32(in_offset)),
            ),
        ),
        notes=(note,),
    )


@lowers("Transpose")
def lower_transpose(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    c_type = _element_type(ctx, x, y)
    _check_rank(x)
    rank = len(x.shape)
    perm = ctx.attr("perm")
    perm = list(range(rank))[::-1] if perm is None else [int(p) for p in perm]
    if sorted(perm) != list(range(rank)):
        raise Unsupported(f"perm {perm} is not a permutation of the {rank} axes")
    out_dims = [x.shape[p] for p in perm]
    if tuple(out_dims) != y.shape:
        raise Unsupported(f"perm {perm} of {_shape_text(x.shape)} is not {_shape_text(y.shape)}")
    strides = _strides(x.shape)
    return _strided_call(ctx, "transpose", c_type, out_dims, [strides[p] for p in perm], 0,
                         f"perm {perm}")


@lowers("Slice")
def lower_slice(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    c_type = _element_type(ctx, x, y)
    _check_rank(x)
    rank = len(x.shape)
    if ctx.opset >= 10:
        given = ctx.required_const(1), ctx.required_const(2), ctx.const_input(3), ctx.const_input(4)
    else:  # Slice-1: attributes, no steps
        given = ctx.attr("starts"), ctx.attr("ends"), ctx.attr("axes"), None
    given_starts, given_ends, given_axes, given_steps = given
    starts, ends = _ints(given_starts), _ints(given_ends)
    axes = list(range(len(starts))) if given_axes is None else _ints(given_axes)
    steps = [1] * len(starts) if given_steps is None else _ints(given_steps)
    if not len(starts) == len(ends) == len(axes) == len(steps):
        raise Unsupported("starts, ends, axes and steps differ in length")
    axes = [_normalize_axis(a, rank, "Slice") for a in axes]
    if len(set(axes)) != len(axes):
        raise Unsupported(f"repeated axes {axes}")
    # Per axis (start, stop, step) with ONNX's clamping, which is Python's slice semantics.
    ranges = [(0, dim, 1) for dim in x.shape]
    for axis, start, end, step in zip(axes, starts, ends, steps):
        if step == 0:
            raise Unsupported(f"step 0 on axis {axis}")
        ranges[axis] = slice(start, end, step).indices(x.shape[axis])
    out_dims = [len(range(*r)) for r in ranges]
    if tuple(out_dims) != y.shape:
        raise Unsupported(f"slice of {_shape_text(x.shape)} gives {_shape_text(tuple(out_dims))}, "
                          f"but the output is {_shape_text(y.shape)}")
    strides = _strides(x.shape)
    offset = sum(start * stride for (start, _, _), stride in zip(ranges, strides))
    if y.size == 0:
        offset = 0  # nothing is read; the clamped starts may lie past the end
    text = "; ".join(f"axis {axis}: start {ranges[axis][0]} step {ranges[axis][2]} "
                     f"count {out_dims[axis]}" for axis in sorted(axes))
    # An axis with at most one output element never moves: its stride is 0 (steps may be huge).
    in_strides = [r[2] * s if n > 1 else 0 for r, s, n in zip(ranges, strides, out_dims)]
    return _strided_call(ctx, "slice", c_type, out_dims, in_strides, offset, text or "everything")


# -- Concat -------------------------------------------------------------------------------------


@lowers("Concat")
def lower_concat(ctx: LoweringContext) -> KernelCall:
    y = ctx.output()
    count = len(ctx.node.input)
    if count == 0 or not all(ctx.has_input(i) for i in range(count)):
        raise Unsupported("Concat with missing inputs")
    inputs = [ctx.input(i) for i in range(count)]
    c_type = _element_type(ctx, *inputs, y)
    rank = len(y.shape)
    if ctx.attr("axis") is None:
        raise Unsupported("Concat without an axis attribute")
    axis = _normalize_axis(ctx.attr("axis"), rank, "Concat")
    for tensor in inputs:
        if len(tensor.shape) != rank or any(
                a != b for d, (a, b) in enumerate(zip(tensor.shape, y.shape)) if d != axis):
            raise Unsupported(f"input {_shape_text(tensor.shape)} does not fit output "
                              f"{_shape_text(y.shape)} on axis {axis}")
    outer = int(np.prod(y.shape[:axis], dtype=np.int64))
    chunks = [int(np.prod(t.shape[axis:], dtype=np.int64)) for t in inputs]
    pointers = "{" + ", ".join(ctx.in_ptr(i) for i in range(count)) + "}"
    return KernelCall(
        function=f"ferry::concat<{c_type}>",
        args=(pointers, "{" + ", ".join(str(c) for c in chunks) + "}", ctx.out_ptr()),
        params=Params("ferry::ConcatParams", (("outer", outer),)),
        notes=(f"axis {axis}: {count} inputs, sizes "
               f"{'+'.join(str(t.shape[axis]) for t in inputs)} = {y.shape[axis]}",),
    )


@lowers("Split")
def lower_split(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    outputs = [ctx.output(i) for i in range(len(ctx.node.output))]
    if not all(ctx.node.output):
        raise Unsupported("Split with unnamed outputs")
    c_type = _element_type(ctx, x, *outputs)
    rank = len(x.shape)
    axis = _normalize_axis(ctx.attr("axis", 0), rank, "Split")
    for tensor in outputs:
        if len(tensor.shape) != rank or any(
                a != b for d, (a, b) in enumerate(zip(tensor.shape, x.shape)) if d != axis):
            raise Unsupported(f"output {_shape_text(tensor.shape)} does not fit input "
                              f"{_shape_text(x.shape)} on axis {axis}")
    if sum(t.shape[axis] for t in outputs) != x.shape[axis]:
        raise Unsupported(f"outputs do not add up to axis {axis} of {_shape_text(x.shape)}")
    outer = int(np.prod(x.shape[:axis], dtype=np.int64))
    chunks = [int(np.prod(t.shape[axis:], dtype=np.int64)) for t in outputs]
    pointers = "{" + ", ".join(ctx.out_ptr(i) for i in range(len(outputs))) + "}"
    return KernelCall(
        function=f"ferry::split<{c_type}>",
        args=(ctx.in_ptr(0), "{" + ", ".join(str(c) for c in chunks) + "}", pointers),
        params=Params("ferry::SplitParams", (("outer", outer),)),
        notes=(f"axis {axis}: {x.shape[axis]} = "
               f"{'+'.join(str(t.shape[axis]) for t in outputs)} over {len(outputs)} outputs",),
    )


@lowers("Gather")
def lower_gather(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    c_type = _element_type(ctx, x, y)
    rank = len(x.shape)
    axis = _normalize_axis(ctx.attr("axis", 0), rank, "Gather")
    indices = np.asarray(ctx.const_input(1))
    if indices.dtype not in (np.int32, np.int64):
        raise Unsupported(f"{indices.dtype.name} indices (int32 or int64)")
    size = x.shape[axis]
    if indices.size and not (-size <= indices.min() and indices.max() < size):
        raise Unsupported(f"indices outside [-{size}, {size - 1}] on axis {axis}")
    flat = np.where(indices < 0, indices + size, indices).astype(np.int32).reshape(-1)
    if y.size == 0 or flat.size == 0:
        raise Unsupported("Gather with an empty output")
    outer = int(np.prod(x.shape[:axis], dtype=np.int64))
    inner = int(np.prod(x.shape[axis + 1:], dtype=np.int64))
    return KernelCall(
        function=f"ferry::gather<{c_type}>",
        args=(ctx.in_ptr(0), ctx.table("gather_indices", flat), ctx.out_ptr()),
        params=Params("ferry::GatherParams", (("outer", outer), ("axis_size", size),
                                              ("inner", inner), ("count", int(flat.size)))),
        notes=(f"axis {axis}: indices {_shape_text(indices.shape)} "
               f"{flat.tolist()[:8]}{' ...' if flat.size > 8 else ''}",),
    )


# -- Pad ----------------------------------------------------------------------------------------


@lowers("Pad")
def lower_pad(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    c_type = _element_type(ctx, x, y)
    _check_rank(x)
    rank = len(x.shape)
    mode = ctx.attr("mode", "constant")
    if mode not in PAD_MODES:
        raise Unsupported(f"Pad mode '{mode}'")
    if ctx.opset >= 11:
        given_pads, given_value, given_axes = ctx.const_input(1), ctx.const_input(2), ctx.const_input(3)
    else:  # Pad-2: attributes
        given_pads, given_value, given_axes = ctx.attr("pads"), ctx.attr("value", 0.0), None
    if given_pads is None:
        raise Unsupported("Pad without pads")
    pads = _ints(given_pads)
    value = 0 if given_value is None or np.asarray(given_value).size == 0 else given_value
    axes = list(range(rank)) if given_axes is None else [
        _normalize_axis(a, rank, "Pad") for a in _ints(given_axes)]
    if len(pads) != 2 * len(axes):
        raise Unsupported(f"{len(pads)} pads for {len(axes)} axes")
    begins, ends = [0] * rank, [0] * rank
    for i, axis in enumerate(axes):
        begins[axis], ends[axis] = pads[i], pads[len(axes) + i]
    out_dims = [dim + b + e for dim, b, e in zip(x.shape, begins, ends)]
    if tuple(out_dims) != y.shape:
        raise Unsupported(f"pads {pads} of {_shape_text(x.shape)} give "
                          f"{_shape_text(tuple(out_dims))}, but the output is "
                          f"{_shape_text(y.shape)}")
    if mode != "constant" and y.size > 0:
        for axis, (dim, b, e) in enumerate(zip(x.shape, begins, ends)):
            if dim == 0 and (b or e):
                raise Unsupported(f"{mode} padding of the empty axis {axis}")
    literal = _literal(value, x.dtype)
    note = f"mode {mode}, pads begin {begins} end {ends}"
    if mode == "constant":
        note += f", value {literal}"
    return KernelCall(
        function=f"ferry::pad<{c_type}>",
        args=(ctx.in_ptr(0), ctx.out_ptr(), literal),
        params=Params(
            "ferry::PadParams",
            (
                ("mode", PAD_MODES[mode]),
                ("in_dims", _padded(list(x.shape), 1)),
                ("out_dims", _padded(out_dims, 1)),
                ("pad_begin", _padded(begins, 0)),
                ("in_strides", _padded(_strides(x.shape), 0)),
            ),
        ),
        notes=(note,),
    )
