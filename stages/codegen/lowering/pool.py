"""MaxPool, AveragePool (1-D, 2-D, 3-D as NCDHW windows) and GlobalAveragePool."""

from __future__ import annotations

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.codegen.lowering.spatial import as_3d
from ferry.stages.common.ops import Unsupported
from ferry.stages.common.padding import pad_pairs


def _pool_params(ctx: LoweringContext, count_include_pad: int,
                 column_major: int) -> tuple[Params, str]:
    """The PoolParams of a MaxPool / AveragePool node, and a one-line description of the window."""
    x, y = ctx.input(0), ctx.output()
    spatial = len(x.shape) - 2
    if spatial < 1:
        raise Unsupported(f"pooling needs a spatial axis (input rank {len(x.shape)})")
    kernel = tuple(ctx.attr("kernel_shape"))
    strides = tuple(ctx.attr("strides", [1] * spatial))
    dilations = tuple(ctx.attr("dilations", [1] * spatial))
    auto_pad = ctx.attr("auto_pad", "NOTSET")
    begins, ends = pad_pairs(auto_pad, ctx.attr("pads"), x.shape[2:], y.shape[2:], kernel,
                             strides, dilations)
    if y.size == 0:
        raise Unsupported(
            f"empty output {list(y.shape)} (the window is larger than the padded input)")
    sizes = zip(x.shape[2:], y.shape[2:], strides, begins)
    for axis, (size, out, stride, begin) in enumerate(sizes):
        if (out - 1) * stride >= size + begin:
            raise Unsupported(
                f"ceil_mode: on spatial axis {axis} the last of {out} windows starts in the end "
                f"padding; onnxruntime and PyTorch drop that window, but shape inference before "
                f"opset 22 keeps it (the tensor should have {out - 1})")
    in_d, in_h, in_w = as_3d(x.shape[2:], 1)
    out_dhw = as_3d(y.shape[2:], 1)
    k = as_3d(kernel, 1)
    s = as_3d(strides, 1)
    d = as_3d(dilations, 1)
    p_begin = as_3d(begins, 0)
    p_end = as_3d(ends, 0)
    padded = tuple(n + b + e for n, b, e in zip((in_d, in_h, in_w), p_begin, p_end))
    params = Params(
        "ferry::PoolParams",
        (
            ("planes", x.shape[0] * x.shape[1]),
            ("in_d", in_d), ("in_h", in_h), ("in_w", in_w),
            ("out_d", out_dhw[0]), ("out_h", out_dhw[1]), ("out_w", out_dhw[2]),
            ("kernel_d", k[0]), ("kernel_h", k[1]), ("kernel_w", k[2]),
            ("stride_d", s[0]), ("stride_h", s[1]), ("stride_w", s[2]),
            ("dilation_d", d[0]), ("dilation_h", d[1]), ("dilation_w", d[2]),
            ("pad_front", p_begin[0]), ("pad_top", p_begin[1]), ("pad_left", p_begin[2]),
            ("padded_d", padded[0]), ("padded_h", padded[1]), ("padded_w", padded[2]),
            ("count_include_pad", count_include_pad),
            ("column_major_indices", column_major),
        ),
    )
    text = "x".join(map(str, kernel))
    note = (f"kernel {text}, strides {'x'.join(map(str, strides))}, "
            f"dilations {'x'.join(map(str, dilations))}, pads begin {list(begins)} end {list(ends)}"
            + (", ceil_mode" if ctx.attr("ceil_mode", 0) else ""))
    return params, note


@lowers("MaxPool")
def lower_max_pool(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    order = int(ctx.attr("storage_order", 0))
    with_indices = len(ctx.node.output) > 1 and ctx.node.output[1] != ""
    if with_indices and order == 1 and len(x.shape) > 4:
        raise Unsupported("MaxPool indices in column-major storage_order for 3-D pools")
    params, note = _pool_params(ctx, 0, order if with_indices else 0)
    indices = ctx.out_ptr(1) if with_indices else "nullptr"
    notes = [note]
    if with_indices:
        notes.append("indices: flat input index of each maximum"
                     + (" (column-major)" if order == 1 else ""))
    return KernelCall(
        function=f"ferry::max_pool<{ctx.c_type(x)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr(), indices),
        params=params,
        notes=tuple(notes),
    )


@lowers("AveragePool")
def lower_average_pool(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    if x.dtype.kind != "f":
        raise Unsupported(f"{x.dtype.name} AveragePool (floating point only)")
    include = int(ctx.attr("count_include_pad", 0))
    params, note = _pool_params(ctx, include, 0)
    return KernelCall(
        function=f"ferry::average_pool<{ctx.c_type(x)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=params,
        notes=(note + (", count_include_pad" if include else ""),),
    )


@lowers("GlobalAveragePool")
def lower_global_average_pool(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    if x.dtype.kind != "f":
        raise Unsupported(f"{x.dtype.name} GlobalAveragePool (floating point only)")
    if len(x.shape) < 3:
        raise Unsupported(f"GlobalAveragePool needs a spatial axis (input rank {len(x.shape)})")
    planes = x.shape[0] * x.shape[1]
    plane_size = x.size // max(planes, 1)
    return KernelCall(
        function=f"ferry::global_average_pool<{ctx.c_type(x)}>",
        args=(str(planes), str(plane_size), ctx.in_ptr(0), ctx.out_ptr()),
        notes=(f"mean of {planes} planes of {plane_size} elements",),
    )
