"""The `ai.ferry` int8 ops of the integer program (stages/codegen/integer_program.py) as `ferry::q` calls,
their int16 forms (int16 activations, docs/int16.md) as `ferry::q16` calls, the borders between
the two precisions, and the QuantizeLinear / DequantizeLinear borders of layers it keeps in float.

Every integer a kernel needs is already an attribute or a constant input of its node; these
functions only arrange them into the kernel's parameter struct.
"""

from __future__ import annotations

import numpy as np

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, Scratch, lowers
from ferry.stages.codegen.lowering.conv import conv_shape, conv_transpose_shape
from ferry.stages.codegen.lowering.elementwise import broadcast_params
from ferry.stages.codegen.lowering.matmul import matmul_shape
from ferry.stages.common.ops import Unsupported
from ferry.stages.common.padding import padded_extent, reads_in_place

# ferry::q::matmul sums k products of at most 255 * 255 < 2^16 in an int32
QMATMUL_MAX_DEPTH = 2**15


def _output_stage(ctx: LoweringContext, input_zero_point: str) -> Params:
    return Params("ferry::q::OutputStage", (
        ("input_zero_point", int(ctx.attr(input_zero_point))),
        ("output_zero_point", int(ctx.attr("y_zero_point"))),
        ("output_min", int(ctx.attr("y_min"))),
        ("output_max", int(ctx.attr("y_max"))),
    ))


def _clamp_note(ctx: LoweringContext) -> str:
    return (f"zero points in {ctx.attr('x_zero_point', ctx.attr('a_zero_point'))} "
            f"out {ctx.attr('y_zero_point')}, clamp [{ctx.attr('y_min')}, {ctx.attr('y_max')}]")


def _folded_bias(ctx: LoweringContext, zero_point_attr: str) -> str:
    """bias' = bias - zx * sum(w) per output channel, a const array: the optimized kernels sum
    x * w with int8 operands and still get bias + sum((x - zx) * w) (kernels/ferry_int8_conv.h)."""
    weights = ctx.const_input(1)
    bias = ctx.const_input(2)
    if weights is None or bias is None:
        raise Unsupported("weights and bias must be constants")
    sums = weights.reshape(weights.shape[0], -1).astype(np.int64).sum(axis=1)
    folded = bias.astype(np.int64) - int(ctx.attr(zero_point_attr)) * sums
    if folded.min(initial=0) < np.iinfo(np.int32).min or folded.max(initial=0) > np.iinfo(np.int32).max:
        raise Unsupported("the bias with the input zero point folded in leaves int32")
    return ctx.table(f"{ctx.node.name}_folded_bias", folded.astype(np.int32))


def _per_channel_args(ctx: LoweringContext, bias: str, weights: str | None = None) -> tuple[str, ...]:
    """input, filter (the node's own, or `weights`), bias, multiplier, shift, output."""
    return (ctx.in_ptr(0), weights or ctx.in_ptr(1), bias, ctx.in_ptr(3), ctx.in_ptr(4), ctx.out_ptr())


# Output pixels per im2col block: ferry::q::kConvPixels in kernels/ferry_int8_conv.h.
CONV_PIXELS = 4
_FOLDED_NOTE = "bias folded with the input zero point: bias - zx * sum(w) per channel"


# Helium's depthwise_conv gathers its weights at 16-bit offsets, up to four filters' taps.
MAX_DEPTHWISE_TAPS = 65535 // 4


def is_depthwise(shape: dict[str, int]) -> bool:
    """One filter per input channel, of at most MAX_DEPTHWISE_TAPS taps: ferry::q::depthwise_conv's
    case (larger windows take conv's grouped path)."""
    return (shape["groups"] > 1 and shape["groups"] == shape["in_channels"] == shape["out_channels"]
            and shape["kernel_h"] * shape["kernel_w"] <= MAX_DEPTHWISE_TAPS)


def is_int16(ctx: LoweringContext) -> bool:
    """The node computes on int16 activations (its first input is one)."""
    return ctx.input(0).dtype == np.int16


_INT16_NOTE = "int16 activations x int8 weights, int64 sums (docs/int16.md)"


def conv_scratch_bytes(shape: dict[str, int]) -> int:
    """ferry::q::conv_scratch_size: the patch area, four patches (DSP: int16, interleaved in groups of
    four elements; Helium: read past the last by up to 15 bytes; x86: a panel of 8 pixels in 4-byte
    groups), then one int8 patch (DSP) or one int32 per output channel (x86), whichever is larger,
    rounded up to 16 bytes, and 16 more (Helium's copies of whole vectors write past the last patch);
    then, unless a pointwise conv without padding reads its input in place, the band of input rows
    staged channels-last, with their padding, and 16 bytes (read past the last row)."""
    channels = shape["in_channels"] // shape["groups"]
    depth = channels * shape["kernel_h"] * shape["kernel_w"]
    patches = max(32 * -(-depth // 4), 64 * -(-depth // 16)) + max(depth, 4 * shape["out_channels"])
    columns = padded_extent(shape, "w")
    block_rows = min(CONV_PIXELS, (CONV_PIXELS + shape["out_w"] - 2) // shape["out_w"] + 1)  # a block spans
    rows = (block_rows - 1) * shape["stride_h"] + (shape["kernel_h"] - 1) * shape["dilation_h"] + 1
    return -(-patches // 16) * 16 + 16 + (0 if reads_in_place(shape) else rows * columns * channels + 16)


def conv_call(ctx: LoweringContext, dense: bool) -> KernelCall:
    """A QConv as a call of ferry::q::conv or depthwise_conv (dense: folded bias, scratch in
    the arena) or, for sparse weights, of the reference signature with the node's own bias;
    on int16 activations, of ferry::q16::conv (one loop for every grouping, the node's own bias)."""
    shape, note = conv_shape(ctx)
    field = dict(shape)
    params = Params("ferry::q::ConvParams", (
        ("shape", Params("ferry::ConvParams", shape)),
        ("stage", _output_stage(ctx, "x_zero_point")),
    ))
    if is_int16(ctx):
        return KernelCall(function="ferry::q16::conv", args=_per_channel_args(ctx, ctx.in_ptr(2)),
                          params=params, notes=(note, _clamp_note(ctx), _INT16_NOTE))
    if not dense:
        return KernelCall(function="ferry::q::conv", args=_per_channel_args(ctx, ctx.in_ptr(2)),
                          params=params, notes=(note, _clamp_note(ctx)))
    bias = _folded_bias(ctx, "x_zero_point")
    if is_depthwise(field):
        height, width = padded_extent(field, "h"), padded_extent(field, "w")
        # room after the plane for the idle lanes of a line's last pass: three more windows
        room = 3 * (field["stride_h"] * width + field["stride_w"])
        plane = -(-(height * width + room) // 16) * 16
        # Helium: four channels' planes interleaved (a pixel's four channels in one word), room for
        # three more pixels a stride further on, then four weight bytes and an int32 offset per tap
        # (blocks of four), the weight gathers' 16-bit offsets (eight per two taps), a line's sums
        # (an int32 vector per output, passes of four), and per line at most a sums' start (an int32
        # vector) and its taps (three int32)
        tile = -(-(4 * (height * width + 3 * max(field["stride_h"], field["stride_w"]))) // 16) * 16
        taps = field["kernel_h"] * field["kernel_w"]
        lines = max(field["out_h"], field["out_w"])
        helium = 32 * -(-taps // 4) + 16 * -(-taps // 2) + 64 * -(-lines // 4) + 28 * lines
        return KernelCall(
            function="ferry::q::depthwise_conv", args=_per_channel_args(ctx, bias), params=params,
            notes=(note, _clamp_note(ctx), _FOLDED_NOTE,
                   f"scratch: one padded plane of {height}x{width} int8 (Helium: four, interleaved, and "
                   "their weights)"),
            scratch=Scratch("int8_t", 1, max(plane, tile) + helium,
                            "ferry::q::depthwise_scratch_size"),
        )
    depth = field["in_channels"] // field["groups"] * field["kernel_h"] * field["kernel_w"]
    weights = ctx.const_input(1)
    assert weights is not None  # _folded_bias checked it
    # OIHW -> OHWI: each filter row in the order copy_patch copies a receptive field; the node's
    # own weights are then not emitted
    packed = ctx.table(f"{ctx.node.name}_packed_weights", np.ascontiguousarray(weights.transpose(0, 2, 3, 1)))
    scratch = conv_scratch_bytes(field)
    return KernelCall(
        function="ferry::q::conv", args=_per_channel_args(ctx, bias, packed), params=params,
        notes=(note, _clamp_note(ctx), _FOLDED_NOTE, "weights packed [out][ky][kx][in] (the patch order)",
               f"im2col scratch: {CONV_PIXELS} patches of {depth} bytes (int8, or int16 on Arm DSP; "
               "x86: a panel of 8 pixels and one int32 per output channel), then the input rows "
               "the windows read, channels-last"),
        scratch=Scratch("int8_t", 1, scratch, "ferry::q::conv_scratch_size"),
    )


@lowers("QConvTranspose")
def lower_qconv_transpose(ctx: LoweringContext) -> KernelCall:
    shape, note = conv_transpose_shape(ctx)
    return KernelCall(
        function="ferry::q::conv_transpose",
        args=_per_channel_args(ctx, ctx.in_ptr(2)),
        params=Params("ferry::q::ConvTransposeParams", (
            ("shape", Params("ferry::ConvTransposeParams", shape)),
            ("stage", _output_stage(ctx, "x_zero_point")),
        )),
        notes=(note, _clamp_note(ctx)),
    )


def gemm_call(ctx: LoweringContext, dense: bool) -> KernelCall:
    """A QGemm as a call of ferry::q::gemm (dense: folded bias) or, for sparse weights, of the
    reference signature with the node's own bias."""
    cols, depth = ctx.input(1).shape
    rows = ctx.input(0).size // depth
    wide = is_int16(ctx)
    bias = _folded_bias(ctx, "a_zero_point") if dense and not wide else ctx.in_ptr(2)
    return KernelCall(
        function="ferry::q16::gemm" if wide else "ferry::q::gemm",
        args=_per_channel_args(ctx, bias),
        params=Params("ferry::q::GemmParams", (
            ("rows", rows), ("cols", cols), ("depth", depth),
            ("stage", _output_stage(ctx, "a_zero_point")),
        )),
        notes=(f"[{rows},{depth}] x [{cols},{depth}]^T", _clamp_note(ctx),
               *((_INT16_NOTE,) if wide else (_FOLDED_NOTE,) if dense else ())),
    )


@lowers("QConv")
def lower_qconv(ctx: LoweringContext) -> KernelCall:
    return conv_call(ctx, dense=True)


@lowers("QGemm")
def lower_qgemm(ctx: LoweringContext) -> KernelCall:
    return gemm_call(ctx, dense=True)


def _binary(ctx: LoweringContext, kernel: str, struct: str, fields: tuple[str, ...], shape: Params,
            note: str) -> KernelCall:
    """Two int8 operands: the params are the shape and the node's integer attributes `fields`."""
    values = tuple((name, int(ctx.attr(attr))) for name, attr in (
        (f.replace("y_", "output_"), f) for f in fields))
    wide = is_int16(ctx)
    return KernelCall(
        function=f"ferry::{'q16' if wide else 'q'}::{kernel}",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=Params(f"ferry::q::{struct}", (("shape", shape), *values)),
        notes=(note, *((_INT16_NOTE.replace("x int8 weights", "operands"),) if wide else ())),
    )


@lowers("QAdd")
def lower_qadd(ctx: LoweringContext) -> KernelCall:
    fields = ("a_zero_point", "b_zero_point", "a_multiplier", "b_multiplier", "shift", "y_zero_point",
              "y_min", "y_max")
    return _binary(ctx, "add", "AddParams", fields, *broadcast_params(ctx))


_PRODUCT_FIELDS = ("a_zero_point", "b_zero_point", "multiplier", "shift", "y_zero_point", "y_min", "y_max")


@lowers("QMul")
def lower_qmul(ctx: LoweringContext) -> KernelCall:
    return _binary(ctx, "mul", "MulParams", _PRODUCT_FIELDS, *broadcast_params(ctx))


@lowers("QMatMul")
def lower_qmatmul(ctx: LoweringContext) -> KernelCall:
    shape, note = matmul_shape(ctx)
    depth = dict(shape.fields)["k"]
    assert isinstance(depth, int), "MatMulParams.k is a count"
    if depth >= QMATMUL_MAX_DEPTH and not is_int16(ctx):
        raise Unsupported(f"int8 MatMul of depth {depth} (int32 sums: less than {QMATMUL_MAX_DEPTH})")
    return _binary(ctx, "matmul", "MatMulParams", _PRODUCT_FIELDS, shape,
                   f"{note}; b zero point {ctx.attr('b_zero_point')}; {_clamp_note(ctx)}")


@lowers("QLayerNorm")
def lower_qlayer_norm(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    channels = x.shape[-1]
    return KernelCall(
        function="ferry::q::layer_norm",
        args=(ctx.in_ptr(1), ctx.in_ptr(2), ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::LayerNormParams", (
            ("rows", x.size // channels), ("channels", channels),
            ("epsilon", int(ctx.attr("epsilon"))), ("shift", int(ctx.attr("shift"))),
            ("input_zero_point", int(ctx.attr("x_zero_point"))),
            ("output_zero_point", int(ctx.attr("y_zero_point"))),
        )),
        notes=(f"over the last axis of {channels}; integer mean, variance and square root; "
               f"gamma, beta with {ctx.attr('shift')} fraction bits",),
    )


@lowers("QLookup")
def lower_qlookup(ctx: LoweringContext) -> KernelCall:
    return KernelCall(
        function="ferry::q::lookup",
        args=(ctx.in_ptr(1), ctx.in_ptr(0), ctx.out_ptr(), str(ctx.input(0).size)),
        notes=("256-entry table, indexed by x + 128",),
    )


@lowers("QAveragePool")
def lower_qaverage_pool(ctx: LoweringContext) -> KernelCall:
    x, y = ctx.input(0), ctx.output()
    kernel_h, kernel_w = ctx.attr("kernel_shape")
    stride_h, stride_w = ctx.attr("strides")
    pad_top, pad_left = ctx.attr("pads")[:2]
    return KernelCall(
        function="ferry::q::average_pool",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::AveragePoolParams", (
            ("planes", x.shape[0] * x.shape[1]), ("in_h", x.shape[2]), ("in_w", x.shape[3]),
            ("out_h", y.shape[2]), ("out_w", y.shape[3]),
            ("kernel_h", kernel_h), ("kernel_w", kernel_w), ("stride_h", stride_h),
            ("stride_w", stride_w), ("pad_top", pad_top), ("pad_left", pad_left),
            ("count_include_pad", int(ctx.attr("count_include_pad"))),
            ("input_zero_point", int(ctx.attr("x_zero_point"))),
            ("fraction_bits", int(ctx.attr("fraction_bits"))),
            ("multiplier", int(ctx.attr("multiplier"))), ("shift", int(ctx.attr("shift"))),
            ("output_zero_point", int(ctx.attr("y_zero_point"))),
        )),
        notes=(f"window {kernel_h}x{kernel_w}, strides {stride_h}x{stride_w}",),
    )


@lowers("QSoftmax")
def lower_qsoftmax(ctx: LoweringContext) -> KernelCall:
    shape = ctx.input(0).shape
    axis = int(ctx.attr("axis"))
    outer = 1
    for dim in shape[:axis]:
        outer *= dim
    inner = 1
    for dim in shape[axis + 1:]:
        inner *= dim
    return KernelCall(
        function="ferry::q::softmax",
        args=(ctx.in_ptr(1), ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::SoftmaxParams", (
            ("outer", outer), ("axis_size", shape[axis]), ("inner", inner),
            ("inv_scale", int(ctx.attr("inv_scale"))),
            ("output_zero_point", int(ctx.attr("y_zero_point"))),
        )),
        notes=(f"axis {axis}, exp table in Q23",),
    )


@lowers("QRequantize")
def lower_qrequantize(ctx: LoweringContext) -> KernelCall:
    """A precision border (int8 <-> int16) or an int16 rescaling or clamp."""
    x, y = ctx.input(0), ctx.output()
    return KernelCall(
        function=f"ferry::q16::convert<{ctx.c_type(x)}, {ctx.c_type(y)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q16::ConvertParams", (
            ("size", x.size), ("input_zero_point", int(ctx.attr("x_zero_point"))),
            ("multiplier", int(ctx.attr("multiplier"))), ("shift", int(ctx.attr("shift"))),
            ("output_zero_point", int(ctx.attr("y_zero_point"))),
            ("output_min", int(ctx.attr("y_min"))), ("output_max", int(ctx.attr("y_max"))),
        )),
        notes=(f"{ctx.c_type(x)} -> {ctx.c_type(y)}, zero points in {ctx.attr('x_zero_point')} "
               f"out {ctx.attr('y_zero_point')}, clamp [{ctx.attr('y_min')}, {ctx.attr('y_max')}]",),
    )


@lowers("Quantize", "Dequantize")
def lower_quantize_linear(ctx: LoweringContext) -> KernelCall:
    """The borders of a layer kept in float (per-tensor ONNX QuantizeLinear / DequantizeLinear)."""
    quantize = ctx.node.op_type == "Quantize"
    real = ctx.input(0) if quantize else ctx.output()
    scale, zero_point = float(ctx.attr("scale")), int(ctx.attr("zero_point"))
    return KernelCall(
        function=f"ferry::{'quantize' if quantize else 'dequantize'}_linear<{ctx.c_type(real)}>",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params(f"ferry::QuantizeParams<{ctx.c_type(real)}>", (
            ("size", real.size), ("scale", scale), ("zero_point", zero_point))),
        notes=(f"scale {scale:.6g}, zero point {zero_point}",),
    )
