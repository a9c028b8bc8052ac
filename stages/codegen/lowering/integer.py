"""The `ai.ferry` int8 ops of the integer program (stages/codegen/qdq.py) as `ferry::q` calls,
and the QuantizeLinear / DequantizeLinear borders of layers it keeps in float.

Every integer a kernel needs is already an attribute or a constant input of its node; these
functions only arrange them into the kernel's parameter struct.
"""

from __future__ import annotations

from stages.codegen.context import LoweringContext
from stages.codegen.kernel_call import KernelCall, Params, Scratch, Unsupported, lowers
from stages.codegen.lowering.conv import conv_shape, conv_transpose_shape
from stages.codegen.lowering.elementwise import broadcast_params
from stages.codegen.lowering.matmul import matmul_shape

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


def _per_channel_args(ctx: LoweringContext) -> tuple[str, ...]:
    """input, filter, bias, multiplier, shift, output."""
    return (*(ctx.in_ptr(i) for i in range(5)), ctx.out_ptr())


# Output pixels per im2col block: ferry::q::kConvPixels in kernels/ferry_int8.h.
CONV_PIXELS = 4


@lowers("QConv")
def lower_qconv(ctx: LoweringContext) -> KernelCall:
    shape, note = conv_shape(ctx)
    field = dict(shape)
    depth = field["in_channels"] // field["groups"] * field["kernel_h"] * field["kernel_w"]
    return KernelCall(
        function="ferry::q::conv",
        args=_per_channel_args(ctx),
        params=Params("ferry::q::ConvParams", (
            ("shape", Params("ferry::ConvParams", shape)),
            ("stage", _output_stage(ctx, "x_zero_point")),
        )),
        notes=(note, _clamp_note(ctx), f"im2col scratch: {CONV_PIXELS} patches of {depth} int16"),
        scratch=Scratch("int16_t", 2, CONV_PIXELS * depth, "ferry::q::conv_scratch_size"),
    )


@lowers("QConvTranspose")
def lower_qconv_transpose(ctx: LoweringContext) -> KernelCall:
    shape, note = conv_transpose_shape(ctx)
    return KernelCall(
        function="ferry::q::conv_transpose",
        args=_per_channel_args(ctx),
        params=Params("ferry::q::ConvTransposeParams", (
            ("shape", Params("ferry::ConvTransposeParams", shape)),
            ("stage", _output_stage(ctx, "x_zero_point")),
        )),
        notes=(note, _clamp_note(ctx)),
    )


@lowers("QGemm")
def lower_qgemm(ctx: LoweringContext) -> KernelCall:
    cols, depth = ctx.input(1).shape
    rows = ctx.input(0).size // depth
    return KernelCall(
        function="ferry::q::gemm",
        args=_per_channel_args(ctx),
        params=Params("ferry::q::GemmParams", (
            ("rows", rows), ("cols", cols), ("depth", depth),
            ("stage", _output_stage(ctx, "a_zero_point")),
        )),
        notes=(f"[{rows},{depth}] x [{cols},{depth}]^T", _clamp_note(ctx),
               f"scratch: one input row of {depth} int16"),
        scratch=Scratch("int16_t", 2, depth, "ferry::q::gemm_scratch_size"),
    )


def _binary(ctx: LoweringContext, kernel: str, struct: str, fields: tuple[str, ...], shape: Params,
            note: str) -> KernelCall:
    """Two int8 operands: the params are the shape and the node's integer attributes `fields`."""
    values = tuple((name, int(ctx.attr(attr))) for name, attr in (
        (f.replace("y_", "output_"), f) for f in fields))
    return KernelCall(
        function=f"ferry::q::{kernel}",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=Params(f"ferry::q::{struct}", (("shape", shape), *values)),
        notes=(note,),
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
    if depth >= QMATMUL_MAX_DEPTH:
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
