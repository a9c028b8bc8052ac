"""Conv and ConvTranspose: direct (transposed) convolution with groups, strides, pads, dilations."""

from __future__ import annotations

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.codegen.lowering.spatial import as_2d, as_3d, transpose_begin_pads
from ferry.stages.common.ops import Unsupported
from ferry.stages.common.padding import pad_pairs


def conv_shape(ctx: LoweringContext) -> tuple[tuple[tuple[str, int], ...], str]:
    """ferry::ConvParams fields of a Conv (or ai.ferry QConv) node, and a note describing them."""
    x, w, y = ctx.input(0), ctx.input(1), ctx.output()
    spatial = len(x.shape) - 2
    kernel = tuple(ctx.attr("kernel_shape", w.shape[2:]))
    strides = tuple(ctx.attr("strides", [1] * spatial))
    dilations = tuple(ctx.attr("dilations", [1] * spatial))
    pads = pad_pairs(
        ctx.attr("auto_pad", "NOTSET"), ctx.attr("pads"), x.shape[2:], y.shape[2:],
        kernel, strides, dilations,
    )[0]
    groups = int(ctx.attr("group", 1))
    in_h, in_w = as_2d(x.shape[2:], 1)
    out_h, out_w = as_2d(y.shape[2:], 1)
    k_h, k_w = as_2d(kernel, 1)
    s_h, s_w = as_2d(strides, 1)
    d_h, d_w = as_2d(dilations, 1)
    p_t, p_l = as_2d(pads, 0)
    fields = (
        ("batch", x.shape[0]), ("in_channels", x.shape[1]), ("in_h", in_h), ("in_w", in_w),
        ("out_channels", y.shape[1]), ("out_h", out_h), ("out_w", out_w),
        ("kernel_h", k_h), ("kernel_w", k_w), ("stride_h", s_h), ("stride_w", s_w),
        ("dilation_h", d_h), ("dilation_w", d_w), ("pad_top", p_t), ("pad_left", p_l),
        ("groups", groups),
    )
    note = (f"kernel {k_h}x{k_w}, strides {s_h}x{s_w}, dilations {d_h}x{d_w}, "
            f"pads top {p_t} left {p_l}, groups {groups}")
    return fields, note


@lowers("Conv")
def lower_conv(ctx: LoweringContext) -> KernelCall:
    if ctx.input(0).dtype.name != "float32":
        raise Unsupported(f"{ctx.input(0).dtype.name} Conv (float32 only)")
    fields, note = conv_shape(ctx)
    bias = ctx.in_ptr(2) if ctx.has_input(2) else "nullptr"
    return KernelCall(
        function="ferry::conv",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), bias, ctx.out_ptr()),
        params=Params("ferry::ConvParams", fields),
        notes=(note,),
    )


def conv_transpose_shape(ctx: LoweringContext) -> tuple[tuple[tuple[str, int], ...], str]:
    """ferry::ConvTransposeParams fields of a ConvTranspose (or ai.ferry QConvTranspose, whose
    pads are the begin pads) node, and a note describing them."""
    x, w, y = ctx.input(0), ctx.input(1), ctx.output()
    spatial = len(x.shape) - 2
    kernel = tuple(ctx.attr("kernel_shape", w.shape[2:]))
    if tuple(kernel) != tuple(w.shape[2:]):
        raise Unsupported(
            f"kernel_shape {list(kernel)} differs from the filter's {list(w.shape[2:])}")
    strides = tuple(ctx.attr("strides", [1] * spatial))
    dilations = tuple(ctx.attr("dilations", [1] * spatial))
    output_padding = tuple(ctx.attr("output_padding", [0] * spatial))
    pads = transpose_begin_pads(ctx.attr("pads"), ctx.attr("auto_pad", "NOTSET"), x.shape[2:],
                                y.shape[2:], kernel, strides, dilations, output_padding)
    groups = int(ctx.attr("group", 1))
    if y.size == 0:
        raise Unsupported(f"empty output {list(y.shape)}")
    in_d, in_h, in_w = as_3d(x.shape[2:], 1)
    out_d, out_h, out_w = as_3d(y.shape[2:], 1)
    k_d, k_h, k_w = as_3d(kernel, 1)
    s_d, s_h, s_w = as_3d(strides, 1)
    d_d, d_h, d_w = as_3d(dilations, 1)
    p_f, p_t, p_l = as_3d(pads, 0)
    fields = (
        ("batch", x.shape[0]), ("in_channels", x.shape[1]),
        ("in_d", in_d), ("in_h", in_h), ("in_w", in_w),
        ("out_channels", y.shape[1]), ("out_d", out_d), ("out_h", out_h), ("out_w", out_w),
        ("kernel_d", k_d), ("kernel_h", k_h), ("kernel_w", k_w),
        ("stride_d", s_d), ("stride_h", s_h), ("stride_w", s_w),
        ("dilation_d", d_d), ("dilation_h", d_h), ("dilation_w", d_w),
        ("pad_front", p_f), ("pad_top", p_t), ("pad_left", p_l),
        ("groups", groups),
    )
    note = (f"kernel {'x'.join(map(str, kernel))}, strides {'x'.join(map(str, strides))}, "
            f"dilations {'x'.join(map(str, dilations))}, begin pads {list(pads)}, "
            f"output_padding {list(output_padding)}, groups {groups}")
    return fields, note


@lowers("ConvTranspose")
def lower_conv_transpose(ctx: LoweringContext) -> KernelCall:
    if ctx.input(0).dtype.name != "float32":
        raise Unsupported(f"{ctx.input(0).dtype.name} ConvTranspose (float32 only)")
    fields, note = conv_transpose_shape(ctx)
    bias = ctx.in_ptr(2) if ctx.has_input(2) else "nullptr"
    return KernelCall(
        function="ferry::conv_transpose",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), bias, ctx.out_ptr()),
        params=Params("ferry::ConvTransposeParams", fields),
        notes=(note,),
    )
