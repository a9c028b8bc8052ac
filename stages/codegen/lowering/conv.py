"""Conv: direct convolution with groups (depthwise included), strides, pads, dilations."""

from __future__ import annotations

from stages.codegen.context import LoweringContext
from stages.codegen.kernel_call import KernelCall, Params, Unsupported, lowers
from stages.codegen.lowering.spatial import as_2d, explicit_pads


@lowers("Conv")
def lower_conv(ctx: LoweringContext) -> KernelCall:
    x, w, y = ctx.input(0), ctx.input(1), ctx.output()
    if x.dtype.name != "float32":
        raise Unsupported(f"{x.dtype.name} Conv (float32 only)")
    spatial = len(x.shape) - 2
    kernel = tuple(ctx.attr("kernel_shape", w.shape[2:]))
    strides = tuple(ctx.attr("strides", [1] * spatial))
    dilations = tuple(ctx.attr("dilations", [1] * spatial))
    pads = explicit_pads(
        ctx.attr("auto_pad", "NOTSET"), ctx.attr("pads"), x.shape[2:], y.shape[2:],
        kernel, strides, dilations,
    )
    groups = int(ctx.attr("group", 1))
    in_h, in_w = as_2d(x.shape[2:], 1)
    out_h, out_w = as_2d(y.shape[2:], 1)
    k_h, k_w = as_2d(kernel, 1)
    s_h, s_w = as_2d(strides, 1)
    d_h, d_w = as_2d(dilations, 1)
    p_t, p_l = as_2d(pads, 0)
    bias = ctx.in_ptr(2) if ctx.has_input(2) else "nullptr"
    return KernelCall(
        function="ferry::conv",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), bias, ctx.out_ptr()),
        params=Params(
            "ferry::ConvParams",
            (
                ("batch", x.shape[0]), ("in_channels", x.shape[1]), ("in_h", in_h), ("in_w", in_w),
                ("out_channels", y.shape[1]), ("out_h", out_h), ("out_w", out_w),
                ("kernel_h", k_h), ("kernel_w", k_w), ("stride_h", s_h), ("stride_w", s_w),
                ("dilation_h", d_h), ("dilation_w", d_w), ("pad_top", p_t), ("pad_left", p_l),
                ("groups", groups),
            ),
        ),
        notes=(f"kernel {k_h}x{k_w}, strides {s_h}x{s_w}, dilations {d_h}x{d_w}, "
               f"pads top {p_t} left {p_l}, groups {groups}",),
    )
