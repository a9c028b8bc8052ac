"""Elementwise ops: activations, Clip, broadcast Add/Sub/Mul/Div/Pow, n-ary Sum, inference
BatchNormalization, LRN.

`broadcast_layout` and `merge_axes` are shared shape arithmetic: every loop over a broadcast or
reduced shape gets its dims and strides from them, so the C++ kernels stay one simple loop.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.common.ops import Unsupported

MAX_RANK = 6  # kMaxRank in ferry_common.h


def shape_text(shape: Sequence[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def contiguous_strides(shape: Sequence[int]) -> list[int]:
    """Row-major element strides of a dense tensor of this shape."""
    strides, step = [], 1
    for dim in reversed(shape):
        strides.append(step)
        step *= dim
    return strides[::-1]


def merge_axes(
    dims: Sequence[int], strides: Sequence[Sequence[int]]
) -> tuple[list[int], list[list[int]]]:
    """Drop size-1 axes and merge neighbours that every operand walks contiguously.

    `strides[j][d]` is operand j's element stride along axis d of the iteration space `dims`
    (iterated row-major, the last axis fastest). Two neighbouring axes merge when, for every
    operand, stepping the outer one equals stepping the inner one dims-times (both broadcast, or
    both dense). The result has at least one axis.
    """
    kept = [d for d in range(len(dims)) if dims[d] != 1]
    out_dims: list[int] = []
    out_strides: list[list[int]] = [[] for _ in strides]
    for d in kept:
        if out_dims and all(s[d] * dims[d] == o[-1] for s, o in zip(strides, out_strides)):
            out_dims[-1] *= dims[d]
            for s, o in zip(strides, out_strides):
                o[-1] = s[d]
            continue
        out_dims.append(dims[d])
        for s, o in zip(strides, out_strides):
            o.append(s[d])
    if not out_dims:
        return [1], [[0] for _ in strides]
    return out_dims, out_strides


def broadcast_layout(
    out_shape: Sequence[int], *in_shapes: Sequence[int]
) -> tuple[list[int], list[list[int]]]:
    """Output dims and, per input, its element stride along each (0 where broadcast), merged."""
    rank = len(out_shape)
    all_strides: list[list[int]] = []
    for shape in in_shapes:
        if len(shape) > rank:
            raise Unsupported(f"input shape {shape_text(shape)} has a higher rank than the output")
        padded = [1] * (rank - len(shape)) + list(shape)
        dense = contiguous_strides(padded)
        in_strides: list[int] = []
        for size, out, stride in zip(padded, out_shape, dense):
            if size == out:
                in_strides.append(stride if size != 1 else 0)
            elif size == 1:
                in_strides.append(0)
            else:
                raise Unsupported(
                    f"shape {shape_text(shape)} does not broadcast to {shape_text(out_shape)}")
        all_strides.append(in_strides)
    dims, strides = merge_axes(out_shape, all_strides)
    if len(dims) > MAX_RANK:
        raise Unsupported(f"broadcast over {len(dims)} independent axes (at most {MAX_RANK})")
    return dims, strides


def pad(values: Sequence[int], length: int = MAX_RANK, fill: int = 0) -> tuple[int, ...]:
    return tuple(values) + (fill,) * (length - len(values))


def _float_only(ctx: LoweringContext, what: str) -> None:
    dtype = ctx.input(0).dtype
    if dtype != np.float32:
        raise Unsupported(f"{dtype.name} {what} (float32 only)")


# ---- activations ------------------------------------------------------------------------------


@lowers("Relu")
def lower_relu(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    return KernelCall(
        function=f"ferry::relu<{ctx.c_type(x)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr(), str(x.size)),
    )


_PLAIN_ACTIVATIONS = {"Sigmoid": "sigmoid", "Tanh": "tanh_activation", "HardSwish": "hard_swish",
                      "Erf": "erf_activation", "Sqrt": "square_root", "Exp": "exponential",
                      "Log": "logarithm", "Reciprocal": "reciprocal"}


@lowers(*_PLAIN_ACTIVATIONS)
def lower_plain_activation(ctx: LoweringContext) -> KernelCall:
    op = ctx.node.op_type
    _float_only(ctx, op)
    function = _PLAIN_ACTIVATIONS[op]
    return KernelCall(
        function=f"ferry::{function}",
        args=(ctx.in_ptr(0), ctx.out_ptr(), str(ctx.input(0).size)),
    )


@lowers("Gelu")
def lower_gelu(ctx: LoweringContext) -> KernelCall:
    _float_only(ctx, "Gelu")
    approximate = ctx.attr("approximate", "none")
    if approximate not in ("none", "tanh"):
        raise Unsupported(f"Gelu approximate '{approximate}' (none or tanh)")
    return KernelCall(
        function="ferry::gelu" if approximate == "none" else "ferry::gelu_tanh",
        args=(ctx.in_ptr(0), ctx.out_ptr(), str(ctx.input(0).size)),
        notes=(f"approximate {approximate}",),
    )


@lowers("LeakyRelu")
def lower_leaky_relu(ctx: LoweringContext) -> KernelCall:
    _float_only(ctx, "LeakyRelu")
    alpha = float(ctx.attr("alpha", 0.01))
    return KernelCall(
        function="ferry::leaky_relu",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::LeakyReluParams", (("size", ctx.input(0).size), ("alpha", alpha))),
        notes=(f"alpha {alpha:g}",),
    )


@lowers("HardSigmoid")
def lower_hard_sigmoid(ctx: LoweringContext) -> KernelCall:
    _float_only(ctx, "HardSigmoid")
    alpha, beta = float(ctx.attr("alpha", 0.2)), float(ctx.attr("beta", 0.5))
    return KernelCall(
        function="ferry::hard_sigmoid",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params(
            "ferry::HardSigmoidParams",
            (("size", ctx.input(0).size), ("alpha", alpha), ("beta", beta)),
        ),
        notes=(f"y = clamp({alpha:g} * x + {beta:g}, 0, 1)",),
    )


@lowers("Clip")
def lower_clip(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    bounds = []
    if ctx.opset >= 11:  # min and max are optional scalar inputs
        for index, name in ((1, "min"), (2, "max")):
            if not ctx.has_input(index):
                bounds.append(("nullptr", f"no {name}"))
                continue
            bound = ctx.input(index)
            if bound.size != 1 or bound.dtype != x.dtype:
                raise Unsupported(f"Clip {name} must be a scalar of the input's type")
            text = f"{name} {ctx.required_const(index).reshape(-1)[0]}" if ctx.graph.is_constant(
                ctx.node.input[index]) else f"{name} computed"
            bounds.append((ctx.in_ptr(index), text))
    else:  # opset 6..10: float attributes
        for name, default in (("min", -np.inf), ("max", np.inf)):
            value = float(ctx.attr(name, default))
            if np.isinf(value):
                bounds.append(("nullptr", f"no {name}"))
            else:
                bounds.append((ctx.table(f"clip_{name}", np.array([value], x.dtype)),
                               f"{name} {value:g}"))
    return KernelCall(
        function=f"ferry::clip<{ctx.c_type(x)}>",
        args=(ctx.in_ptr(0), bounds[0][0], bounds[1][0], ctx.out_ptr(), str(x.size)),
        notes=(", ".join(text for _, text in bounds),),
    )


# ---- binary arithmetic with broadcasting ------------------------------------------------------

_BINARY = {"Add": "add", "Sub": "subtract", "Mul": "multiply", "Div": "divide"}


def broadcast_params(ctx: LoweringContext) -> tuple[Params, str]:
    """ferry::BroadcastParams of a binary node (output = op(input 0, input 1)) and a note."""
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    dims, (a_strides, b_strides) = broadcast_layout(y.shape, a.shape, b.shape)
    params = Params(
        "ferry::BroadcastParams",
        (("rank", len(dims)), ("dims", pad(dims)), ("a_strides", pad(a_strides)),
         ("b_strides", pad(b_strides))),
    )
    note = (f"loop over {shape_text(dims)}, a strides {shape_text(a_strides)}, "
            f"b strides {shape_text(b_strides)}")
    return params, note


@lowers(*_BINARY)
def lower_binary(ctx: LoweringContext) -> KernelCall:
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    if not (a.dtype == b.dtype == y.dtype):
        raise Unsupported(f"mixed element types {a.dtype.name}, {b.dtype.name} -> {y.dtype.name}")
    if a.dtype == np.bool_:
        raise Unsupported("bool arithmetic")
    params, note = broadcast_params(ctx)
    return KernelCall(
        function=f"ferry::{_BINARY[ctx.node.op_type]}<{ctx.c_type(y)}>",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=params,
        notes=(note,),
    )


@lowers("Pow")
def lower_pow(ctx: LoweringContext) -> KernelCall:
    a, b, y = ctx.input(0), ctx.input(1), ctx.output()
    if not (a.dtype == b.dtype == y.dtype == np.float32):
        raise Unsupported(f"Pow of {a.dtype.name} ^ {b.dtype.name} (float32 only)")
    params, note = broadcast_params(ctx)
    return KernelCall(
        function="ferry::power",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=params,
        notes=(note,),
    )


@lowers("Sum")
def lower_sum(ctx: LoweringContext) -> KernelCall:
    """n-ary Sum (n >= 2; import makes a one-input Sum a pass-through) as adds from the left."""
    names = [name for name in ctx.node.input if name]
    y = ctx.output()
    if len(names) < 2:
        raise Unsupported("Sum of one input (import removes it)")
    if any(ctx.input(i).dtype != y.dtype for i in range(len(names))) or y.dtype == np.bool_:
        raise Unsupported(f"Sum of mixed or bool element types -> {y.dtype.name}")
    steps, notes = [], []
    for k in range(1, len(names)):
        first = ctx.input(0).shape if k == 1 else y.shape
        dims, (a_strides, b_strides) = broadcast_layout(y.shape, first, ctx.input(k).shape)
        steps.append(Params("ferry::BroadcastParams",
                            (("rank", len(dims)), ("dims", pad(dims)), ("a_strides", pad(a_strides)),
                             ("b_strides", pad(b_strides)))))
        notes.append(f"step {k}: loop over {shape_text(dims)}, strides {shape_text(a_strides)} "
                     f"+ {shape_text(b_strides)}")
    pointers = ", ".join(ctx.in_ptr(i) for i in range(len(names)))
    return KernelCall(
        function=f"ferry::sum<{ctx.c_type(y)}>",
        args=(f"{{{pointers}}}", ctx.out_ptr()),
        params=Params(f"ferry::SumParams<{len(names)}>", (("steps", tuple(steps)),)),
        notes=(f"{len(names)} inputs added from the left", *notes),
    )


@lowers("LRN")
def lower_lrn(ctx: LoweringContext) -> KernelCall:
    _float_only(ctx, "LRN")
    x = ctx.input(0)
    if len(x.shape) < 3:
        raise Unsupported("LRN of a rank < 3 input (needs [N, C, D1, ...])")
    if ctx.attr("size") is None or int(ctx.attr("size")) < 1:
        raise Unsupported("LRN without a positive size attribute")
    size = int(ctx.attr("size"))
    alpha, beta, bias = (float(ctx.attr(name, default)) for name, default in
                         (("alpha", 1e-4), ("beta", 0.75), ("bias", 1.0)))
    before = (size - 1) // 2
    return KernelCall(
        function="ferry::lrn",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::LrnParams", (
            ("batch", x.shape[0]), ("channels", x.shape[1]),
            ("inner", int(np.prod(x.shape[2:], dtype=np.int64))), ("before", before),
            ("after", size - 1 - before), ("alpha_over_size", alpha / size), ("beta", beta),
            ("bias", bias))),
        notes=(f"size {size}, alpha {alpha:g}, beta {beta:g}, bias {bias:g}",),
    )


# ---- BatchNormalization -----------------------------------------------------------------------


@lowers("BatchNormalization")
def lower_batch_norm(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    if int(ctx.attr("training_mode", 0)) != 0 or sum(1 for o in ctx.node.output if o) > 1:
        raise Unsupported("training mode (batch statistics, running mean/var outputs); "
                          "export the model in inference mode")
    for index in range(5):
        if ctx.input(index).dtype != np.float32:
            raise Unsupported(f"{ctx.input(index).dtype.name} BatchNormalization (float32 only)")
    if len(x.shape) < 2:
        raise Unsupported("BatchNormalization of a rank-1 input (needs [N, C, ...])")
    channels = x.shape[1]
    for index in range(1, 5):
        if ctx.input(index).size != channels:
            raise Unsupported(f"input {index} has {ctx.input(index).size} values for "
                              f"{channels} channels")
    epsilon = float(ctx.attr("epsilon", 1e-5))
    inner = int(np.prod(x.shape[2:], dtype=np.int64))
    return KernelCall(
        function="ferry::batch_norm",
        args=(*tuple(ctx.in_ptr(i) for i in range(5)), ctx.out_ptr()),
        params=Params(
            "ferry::BatchNormParams",
            (("batch", x.shape[0]), ("channels", channels), ("inner", inner),
             ("epsilon", epsilon)),
        ),
        notes=(f"epsilon {epsilon:g}",),
    )
