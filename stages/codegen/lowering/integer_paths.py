"""Integer paths of the ops exporters write around the int8 layers: element-wise
chains as tables, Div of two int8 operands, ReduceMean/ReduceSum, n-ary Sum, LRN.

Two halves, both used by stages/codegen/qdq_lowering.py:
- QDQ_LOWERINGS and `lower_table_chain`: a QDQ node (or chain) -> `ai.ferry` nodes of the integer
  program (QLookup, QDiv, QReduce, QAdd, QLrn), every real factor folded into integers at codegen;
- `@lowers("QDiv")`, `@lowers("QReduce")`, `@lowers("QLrn")`: those nodes -> `ferry::q::` kernel calls.
"""

from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import helper

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.integer_program import IntegerProgram, QTensor, binary_operands, emit_add, int8_operand
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.codegen.lowering.elementwise import broadcast_params, shape_text
from ferry.stages.common.golden import DOMAIN, LRN_INDEX_BITS, lrn_table_sums
from ferry.stages.common.graph import attribute
from ferry.stages.common.ops import Unsupported
from ferry.stages.common.quant import QMAX, QMIN, choose_qparams, quantize_multiplier
from ferry.stages.common.tables import TABLE_ALONE_OPS, chain_values, int8_table, scalar_operand, table_op

# Ops that only move values: a table commutes with them, so one between a chain and its
# QuantizeLinear (onnxruntime leaves `DQ -> Div -> Flatten -> Q`) runs on the int8 table output.
MOVEMENT_OPS = ("Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose")
# ferry::q::reduce_sum adds `reduced` values of x - zx (at most 255 each) in an int32
MAX_REDUCED = (2**31 - 1) // (QMAX - QMIN)


# -- element-wise chains: one table per output ------------------------------------------------------


def _activation_source(program: IntegerProgram, name: str) -> str | None:
    """The QuantizeLinear output that `name` dequantizes, when it is an int8 activation."""
    producer = program.graph.producer.get(name)
    if producer is None or producer.op_type != "DequantizeLinear" or program.is_stored_constant(name):
        return None
    return producer.input[0]


def _tail(program: IntegerProgram, node: onnx.NodeProto) -> bool:
    """A movement op whose output only QuantizeLinear nodes read, its other inputs constants."""
    readers = program.graph.consumers[node.output[0]] if len(node.output) == 1 else []
    return (node.op_type in MOVEMENT_OPS and node.output[0] not in program.graph.outputs
            and node.name not in program.kept_float
            and all(not n or program.is_stored_constant(n) for n in node.input[1:])
            and bool(readers) and all(r.op_type == "QuantizeLinear" for r in readers))


def _quantized_reader(program: IntegerProgram, name: str) -> bool:
    """Only QuantizeLinear nodes, or `_tail` movement ops, read `name`."""
    readers = program.graph.consumers[name]
    return (name not in program.graph.outputs and bool(readers)
            and all(r.op_type == "QuantizeLinear" or _tail(program, r) for r in readers))


def _reduce_tail(program: IntegerProgram, node: onnx.NodeProto) -> bool:
    """A ReduceMean whose output only QuantizeLinear (or `_tail` ops) read: onnxruntime's QDQ
    leaves `DQ -> Div -> ReduceMean -> Transpose -> Q` with no scale on the Div output. The chain
    output then gets a scale derived from its 256 possible values, and the mean (inside the
    range of its input) the scale of its quantized reader."""
    return (node.op_type == "ReduceMean" and node.name not in program.kept_float
            and all(not n or program.is_stored_constant(n) for n in node.input[1:])
            and _quantized_reader(program, node.output[0]))


def _chain(program: IntegerProgram, start: onnx.NodeProto) -> tuple[list[onnx.NodeProto], str, set[str]] | None:
    """(the chain's nodes in graph order, its source Q output, the DQ outputs of the source that it
    reads) when `start` begins a table chain; None otherwise. A chain output may also be read by
    `_tail` movement ops."""
    constant_of = program.constant_value
    if not table_op(start, constant_of):
        return None
    computed = [n for n in start.input if n and constant_of(n) is None]
    sources = {_activation_source(program, n) for n in computed}
    source = sources.pop() if len(sources) == 1 else None
    if source is None:
        return None
    # every later table op that reads only the source and the chain: the quantizer's chain
    # (stages/quantize/chains.py) joins branches of one source, e.g. x * sigmoid(x)
    nodes = [start]
    for node in program.graph.nodes[program.graph.nodes.index(start) + 1:]:
        reads = [n for n in node.input if n and constant_of(n) is None]
        produced = {chained.output[0] for chained in nodes}
        if (node.name not in program.kept_float and id(node) not in program.absorbed
                and table_op(node, constant_of)
                and all(n in produced or _activation_source(program, n) == source for n in reads)):
            nodes.append(node)
    # drop, until none is left, the nodes whose output something outside reads in float
    while True:
        produced = {chained.output[0] for chained in nodes}
        inside = {id(chained) for chained in nodes}
        leaking = [chained for chained in nodes if chained.output[0] in program.graph.outputs or any(
            id(r) not in inside and r.op_type != "QuantizeLinear" and not _tail(program, r)
            and not _reduce_tail(program, r) for r in program.graph.consumers[chained.output[0]])]
        orphans = [chained for chained in nodes[1:] if any(
            n and n not in produced and constant_of(n) is None and _activation_source(program, n) != source
            for n in chained.input)]
        if not leaking and not orphans:
            break
        dropped = {id(chained) for chained in [*leaking, *orphans]}
        if id(start) in dropped:
            return None
        nodes = [chained for chained in nodes if id(chained) not in dropped]
    dequantized = {n for chained in nodes for n in chained.input if _activation_source(program, n) == source}
    return nodes, source, dequantized


def lower_table_chain(program: IntegerProgram, node: onnx.NodeProto) -> bool:
    """Lower the table chain that starts at `node` (one QLookup per quantized output) and absorb
    its other nodes; False, with nothing emitted, when `node` starts none or when a chain of this
    single node is better served by the op's own int8 path."""
    found = _chain(program, node)
    if found is None:
        return False
    nodes, source, dequantized = found
    if (len(nodes) == 1 and node.op_type not in TABLE_ALONE_OPS
            and not scalar_operand(node, program.constant_value)):
        return False
    try:
        x = program.activation(source)
    except Unsupported:
        return False
    constant_of = program.constant_value
    constants = {n: value for chained in nodes for n in chained.input
                 if n and n not in dequantized and (value := constant_of(n)) is not None}
    readers = {chained.output[0]: program.graph.consumers[chained.output[0]] for chained in nodes}
    outputs = [name for name, found in readers.items()
               if any(r.op_type == "QuantizeLinear" or _tail(program, r) or _reduce_tail(program, r)
                      for r in found)]
    renamed = [_reading(chained, dequantized, "x") for chained in nodes]
    values = chain_values(renamed, "x", outputs, constants, program.graph.opset, x.scale, x.zero_point)
    for name in outputs:
        producer = program.graph.producer[name]
        layer = producer.name or program.fresh(f"{producer.op_type}_table")
        if any(r.op_type == "QuantizeLinear" for r in readers[name]):
            out = _quantized_output(program, name)
            table = int8_table(values[name], out.scale, out.zero_point)
            program.emit("QLookup", layer, [x.name, program.constant(f"{layer}_table", table)], [out.name], DOMAIN)
        for tail in (r for r in readers[name] if _tail(program, r)):
            _emit_tail(program, tail, layer, x, values[name])
        reductions = [r for r in readers[name] if _reduce_tail(program, r)]
        if reductions:
            _emit_reduce_tails(program, reductions, layer, x, values[name])
    program.absorbed |= {id(chained) for chained in nodes[1:]}
    return True


def _emit_reduce_tails(program: IntegerProgram, reductions: list[onnx.NodeProto], layer: str,
                       x: QTensor, values: np.ndarray) -> None:
    """The table into a scale derived from the chain's values, then each ReduceMean as QReduce
    into its quantized reader's scale (and that reader's movement): two roundings."""
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    chosen_scale, zero_point = choose_qparams(low, high, symmetric=False, power_of_two=False)
    scale = float(chosen_scale)  # as every QTensor holds it: the float32 value as a Python float
    derived = QTensor(program.fresh(f"{layer}_derived"), scale, zero_point)
    program.declare(derived.name, program.graph.tensor(reductions[0].input[0]).shape)
    program.emit("QLookup", layer, [x.name, program.constant(f"{layer}_table",
                                                               int8_table(values, scale, zero_point))],
                 [derived.name], DOMAIN)
    for reduction in reductions:
        mean = reduction.output[0]
        tails = [r for r in program.graph.consumers[mean] if _tail(program, r)]
        quantizers = [r for r in program.graph.consumers[mean] if r.op_type == "QuantizeLinear"]
        targets = [_quantized_output(program, t.output[0]) for t in tails]
        if quantizers:
            targets.append(_quantized_output(program, mean))
        if len({(t.scale, t.zero_point) for t in targets}) != 1:
            raise Unsupported(f"the readers of '{mean}' quantize it with different parameters")
        out = targets[-1] if quantizers else QTensor(program.fresh(f"{mean}_int8"), targets[0].scale,
                                                     targets[0].zero_point)
        if not quantizers:
            program.declare(out.name, program.graph.tensor(mean).shape)
        emit_reduce(program, reduction, derived, out)
        for tail in tails:
            _emit_movement(program, tail, out.name)
        program.absorbed.add(id(reduction))


def _emit_tail(program: IntegerProgram, tail: onnx.NodeProto, layer: str, x: QTensor,
               values: np.ndarray) -> None:
    """The table into the tail's output scale, then the tail's movement on the int8 values."""
    out = _quantized_output(program, tail.output[0])
    moved = program.fresh(f"{tail.input[0]}_int8")
    program.declare(moved, program.graph.tensor(tail.input[0]).shape)
    table = int8_table(values, out.scale, out.zero_point)
    program.emit("QLookup", program.fresh(f"{layer}_for_{tail.name or tail.op_type}"),
                 [x.name, program.constant(f"{layer}_table", table)], [moved], DOMAIN)
    _emit_movement(program, tail, moved)


def _emit_movement(program: IntegerProgram, tail: onnx.NodeProto, source: str) -> None:
    """The `_tail` movement op on the int8 tensor `source`, into its quantized output."""
    constants = [program.constant(f"{tail.name}_{i}", np.asarray(program.operand(n))) if n else ""
                 for i, n in enumerate(tail.input[1:], start=1)]
    attrs = {a.name: helper.get_attribute_value(a) for a in tail.attribute}
    program.emit(tail.op_type, tail.name or program.fresh(tail.op_type), [source, *constants],
                 [_quantized_output(program, tail.output[0]).name], **attrs)
    program.absorbed.add(id(tail))


def _quantized_output(program: IntegerProgram, name: str) -> QTensor:
    """The int8 tensor of a chain output: every QuantizeLinear reading it gives the same one."""
    quantizers = [r for r in program.graph.consumers[name] if r.op_type == "QuantizeLinear"]
    outs = {program.activation(q.output[0]) for q in quantizers}
    if len(outs) != 1:
        raise Unsupported(f"output '{name}' is quantized twice with different parameters")
    return outs.pop()


def _reading(node: onnx.NodeProto, names: set[str], replacement: str) -> onnx.NodeProto:
    """A copy of `node` that reads `replacement` wherever it read one of `names`."""
    copy = onnx.NodeProto()
    copy.CopyFrom(node)
    for i, name in enumerate(copy.input):
        if name in names:
            copy.input[i] = replacement
    return copy


# -- Div of two int8 operands -----------------------------------------------------------------------


def lower_div(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """QDiv (golden.QDiv): a / b with r = s_a / (s_b·s_y) as an int32 multiplier, one division
    rounding half away from zero. A divisor that is a scalar constant never gets here: it is a
    table chain."""
    a, b = binary_operands(program, node)
    out, _ = program.result(node, fuse=False)
    try:
        multiplier, shift = quantize_multiplier(a.scale / (b.scale * out.scale))
    except ValueError as error:
        raise Unsupported(str(error)) from None
    program.emit("QDiv", node.name, [a.name, b.name], [out.name], DOMAIN, a_zero_point=a.zero_point,
                 b_zero_point=b.zero_point, multiplier=multiplier, shift=shift, y_zero_point=out.zero_point)


# -- ReduceMean / ReduceSum -------------------------------------------------------------------------


def reduced_axes(node: onnx.NodeProto, rank: int, axes_input: np.ndarray | None, opset: int) -> list[int]:
    """The axes a ReduceMean/ReduceSum reduces (sorted, non-negative): the `axes` input from opset
    18 (ReduceSum: 13), else the attribute; none given means all, unless noop_with_empty_axes."""
    takes_input = opset >= (13 if node.op_type == "ReduceSum" else 18)
    axes = ([] if axes_input is None else [int(a) for a in axes_input.reshape(-1)]) if takes_input \
        else [int(a) for a in attribute(node, "axes", [])]
    if not axes:
        return [] if attribute(node, "noop_with_empty_axes", 0) else list(range(rank))
    return sorted({a % rank for a in axes})


def lower_reduce(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """QReduce (golden.QReduce): an int32 sum of x - zx and one requantization by
    s_x / (count·s_y) (ReduceMean) or s_x / s_y (ReduceSum)."""
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    emit_reduce(program, node, x, out)


def emit_reduce(program: IntegerProgram, node: onnx.NodeProto, x: QTensor, out: QTensor) -> None:
    """The QReduce of `node` from int8 `x` into int8 `out`."""
    shape = program.shapes[x.name]
    axes_input = None
    if len(node.input) > 1 and node.input[1]:
        operand = program.operand(node.input[1])
        if not isinstance(operand, np.ndarray):
            raise Unsupported("axes must be a plain constant")
        axes_input = operand
    axes = reduced_axes(node, len(shape), axes_input, program.graph.opset)
    count = math.prod(shape[a] for a in axes)
    if count > MAX_REDUCED:
        raise Unsupported(f"int8 {node.op_type} over {count} values (int32 sums: at most {MAX_REDUCED})")
    real = x.scale / out.scale / (count if node.op_type == "ReduceMean" else 1)
    try:
        multiplier, shift = quantize_multiplier(real)
    except ValueError as error:
        raise Unsupported(str(error)) from None
    program.emit("QReduce", node.name, [x.name], [out.name], DOMAIN, axes=axes,
                 keepdims=int(attribute(node, "keepdims", 1)), x_zero_point=x.zero_point,
                 multiplier=multiplier, shift=shift, y_zero_point=out.zero_point)


# -- Sum ------------------------------------------------------------------------------------------


def lower_sum(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """n-ary Sum as int8 Adds from left to right, each rounding once into the output's scale (an
    n-input Sum rounds n - 1 times); one input is a requantization table."""
    operands = [int8_operand(program, node, i) for i in range(len(node.input))]
    out, clamp = program.result(node, fuse=True)
    if len(operands) == 1:
        program.requantize(operands[0], out, out.name, node.name)
        return
    total = operands[0]
    shape = program.shapes[total.name]
    for index, operand in enumerate(operands[1:], start=1):
        shape = tuple(np.broadcast_shapes(shape, program.shapes[operand.name]))
        last = index == len(operands) - 1
        target = out if last else QTensor(program.fresh(f"{out.name}_partial{index}"), out.scale, out.zero_point)
        if not last:
            program.declare(target.name, shape)
        emit_add(program, node.name if last else f"{node.name}_partial{index}", total, operand, target,
                 clamp if last else (QMIN, QMAX))
        total = target


# -- LRN ------------------------------------------------------------------------------------------

# The Q-format factor g of QLrn stays below 2^LRN_FACTOR_BITS, so (x - zx)·g < 255·2^22 fits int32.
LRN_FACTOR_BITS = 22


def lower_lrn(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """QLrn (golden.QLrn): the int32 sum of squares S of x - zx over the channel window, the factor
    (bias + alpha/size·s_x²·S)^-beta from a table over S (interpolated above 2^LRN_INDEX_BITS)
    in Q-format with `fraction` bits, and one requantization by s_x / (s_y·2^fraction)."""
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    shape = program.shapes[x.name]
    if len(shape) < 3:
        raise Unsupported("LRN of a rank < 3 input (needs [N, C, D1, ...])")
    size = int(attribute(node, "size", 0))
    if size < 1:
        raise Unsupported("LRN without a positive size attribute")
    alpha, beta, bias = (float(attribute(node, name, default)) for name, default in
                         (("alpha", 1e-4), ("beta", 0.75), ("bias", 1.0)))
    largest = min(size, shape[1]) * max(QMAX - x.zero_point, x.zero_point - QMIN) ** 2
    if largest >= 2**31:
        raise Unsupported(f"int8 LRN of size {size} (int32 sums of squares: at most 33025 channels)")
    octaves = max(int(largest).bit_length() - LRN_INDEX_BITS, 0)
    sums = lrn_table_sums((1 << LRN_INDEX_BITS) + octaves * (1 << (LRN_INDEX_BITS - 1)) + 1)
    factors = (bias + alpha / size * x.scale**2 * sums.astype(np.float64)) ** -beta
    fraction = LRN_FACTOR_BITS - math.frexp(float(factors.max()))[1]
    try:
        multiplier, shift = quantize_multiplier(x.scale / out.scale / 2.0**fraction)
    except ValueError as error:
        raise Unsupported(str(error)) from None
    table = np.round(np.ldexp(factors, fraction)).astype(np.int32)
    before = (size - 1) // 2
    program.emit("QLrn", node.name, [x.name, program.constant(f"{node.name}_factors", table)], [out.name],
                 DOMAIN, before=before, after=size - 1 - before, x_zero_point=x.zero_point,
                 multiplier=multiplier, shift=shift, y_zero_point=out.zero_point)


QDQ_LOWERINGS = {"Div": lower_div, "ReduceMean": lower_reduce, "ReduceSum": lower_reduce,
                 "Sum": lower_sum, "LRN": lower_lrn}


# -- the ai.ferry nodes as kernel calls --------------------------------------------------------------


@lowers("QDiv")
def lower_qdiv(ctx: LoweringContext) -> KernelCall:
    shape, note = broadcast_params(ctx)
    fields = ("a_zero_point", "b_zero_point", "multiplier", "shift", "y_zero_point")
    return KernelCall(
        function="ferry::q::divide",
        args=(ctx.in_ptr(0), ctx.in_ptr(1), ctx.out_ptr()),
        params=Params("ferry::q::DivParams", (("shape", shape), *(
            (name.replace("y_", "output_"), int(ctx.attr(name))) for name in fields))),
        notes=(note, "one division, rounding half away from zero; x / 0 saturates"),
    )


@lowers("QLrn")
def lower_qlrn(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    before, after = int(ctx.attr("before")), int(ctx.attr("after"))
    return KernelCall(
        function="ferry::q::lrn",
        args=(ctx.in_ptr(1), ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::LrnParams", (
            ("batch", x.shape[0]), ("channels", x.shape[1]), ("inner", math.prod(x.shape[2:])),
            ("before", before), ("after", after), ("input_zero_point", int(ctx.attr("x_zero_point"))),
            ("multiplier", int(ctx.attr("multiplier"))), ("shift", int(ctx.attr("shift"))),
            ("output_zero_point", int(ctx.attr("y_zero_point"))),
        )),
        notes=(f"int32 sum of squares over {before + after + 1} channels; (bias + alpha/size s^2 sum)^-beta "
               f"from a {ctx.input(1).size}-entry table, interpolated; one requantization",),
    )


@lowers("QReduce")
def lower_qreduce(ctx: LoweringContext) -> KernelCall:
    """x viewed as [outer, reduced, inner]: the reduced axes (size-1 axes dropped) must be one run."""
    shape = ctx.input(0).shape
    axes = [a for a in ctx.attr("axes") if shape[a] != 1]
    kept = [a for a in range(len(shape)) if shape[a] != 1]
    if axes and kept.index(axes[-1]) - kept.index(axes[0]) != len(axes) - 1:
        raise Unsupported(f"int8 reduction over axes {axes} of {shape_text(shape)} (one run of axes only)")
    first = axes[0] if axes else len(shape)
    last = axes[-1] if axes else len(shape) - 1
    outer, reduced, inner = math.prod(shape[:first]), math.prod(shape[first:last + 1]), math.prod(shape[last + 1:])
    if not axes:
        outer, reduced, inner = math.prod(shape), 1, 1
    return KernelCall(
        function="ferry::q::reduce_sum",
        args=(ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::ReduceParams", (
            ("outer", outer), ("reduced", reduced), ("inner", inner),
            ("input_zero_point", int(ctx.attr("x_zero_point"))), ("multiplier", int(ctx.attr("multiplier"))),
            ("shift", int(ctx.attr("shift"))), ("output_zero_point", int(ctx.attr("y_zero_point"))),
        )),
        notes=(f"int32 sum of {reduced} values over axes {list(ctx.attr('axes'))}, one requantization",),
    )
