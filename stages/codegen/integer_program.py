"""QDQ ONNX -> the integer program: every quantized node becomes one int8 node, every number an int.

A QDQ model (from ferry's quantize stage or the data scientist's own tool, e.g. onnxruntime's
`quantize_static`) says *what* is quantized: DequantizeLinear -> op -> QuantizeLinear. This pass
decides *how*, following the TFLite int8 scheme (docs/design.md, principle 6): it reads the scales and
zero points, folds every real-valued factor into int32 multipliers and shifts, fuses ReLU/Clip as
clamps, builds 256-entry tables for unary functions and requantizes where ops that move data see
different scales. The result is an ONNX graph of int8 tensors: `ai.ferry` compute ops (see
`stages.common.golden`, which executes them) and standard data-movement ops. Each int8 tensor
takes the name of the float tensor it stands for, so layers compare by name with the float model.

A node the QDQ model leaves in float (quantize.keep_float, an op without an int8 path) or that
has no int8 kernel here stays a float ONNX node: `ai.ferry` Dequantize and Quantize nodes
(ONNX DequantizeLinear and QuantizeLinear, per tensor) convert at the island's borders, which is
exactly what the QDQ model means. Such nodes are listed in the program's metadata
(FLOAT_LAYERS_KEY) with the reason, for the report.

A tensor the QDQ model quantizes with an int16 zero point is an int16 activation (the precision
fallback, docs/int16.md): Conv, Gemm, MatMul, Add, Sub and Mul compute on int16 operands
(INT16_OPS, listed in INT16_LAYERS_KEY), data movement and clamps keep the type, and a
QuantizeLinear that re-quantizes a DequantizeLinear's output in the other precision is a border,
one QRequantize.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

from ferry.core.errors import FerryError
from ferry.core.names import quoted
from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.lowering.resize import RESIZE_WEIGHT_BITS, fixed_point_weights, resize_plan
from ferry.stages.codegen.lowering.spatial import transpose_begin_pads
from ferry.stages.common.fusion import bias_add, output_scaling
from ferry.stages.common.golden import (
    DOMAIN,
    FLOAT_LAYERS_KEY,
    INT16_KEY,
    INT16_LAYERS_KEY,
    KEEP_FLOAT_KEY,
    NORM_BITS,
    QPARAMS_KEY,
    metadata,
)
from ferry.stages.common.graph import GraphView, attribute, unique_name
from ferry.stages.common.ops import Unsupported
from ferry.stages.common.padding import pad_pairs
from ferry.stages.common.quant import (
    MIN_SHIFT,
    QMAX,
    QMIN,
    dequantize,
    int_limits,
    quantize,
    quantize_multiplier,
    quantize_multipliers,
    requantize,
)

FUSABLE_ACTIVATIONS = ("Relu", "Clip")
# Ops whose lowering folds a following Mul or Div by a positive scalar into its requantization
# (IntegerProgram.result with fuse=True; stages.common.fusion.output_scaling).
SCALED_PRODUCERS = ("Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul", "Sum")
# Ops that compute on int16 activations (kernels/ferry_int16.h); the rest read int8 through a border.
INT16_OPS = ("QConv", "QGemm", "QMatMul", "QAdd", "QMul")
INT8, INT16 = np.dtype(np.int8), np.dtype(np.int16)
ONNX_INT_TYPES = {INT8: TensorProto.INT8, INT16: TensorProto.INT16}
UNSIGNED_SHIFT = {np.dtype(np.uint8): 128, np.dtype(np.uint16): 32768}  # unsigned codes - this: signed codes
# QLayerNorm sums C·(C·255)² + epsilon in int64: C³·2^16 <= 2^61 for C <= 2^15, epsilon < 2^62, below 2^63
MAX_LAYER_NORM_CHANNELS = 2**15


@dataclass(frozen=True)
class QTensor:
    """An int8 (or, the precision fallback, int16) activation of the integer program."""

    name: str
    scale: float
    zero_point: int
    dtype: np.dtype = INT8


@dataclass(frozen=True)
class QConstant:
    """A constant stored quantized in the QDQ model: values with their (per-axis) scales."""

    values: np.ndarray
    scale: np.ndarray
    zero_point: np.ndarray
    axis: int

    def real(self) -> np.ndarray:
        shape = [1] * self.values.ndim
        if self.scale.size > 1:
            shape[self.axis] = self.scale.size
        return dequantize(self.values, self.scale.reshape(shape), self.zero_point.reshape(shape))


Operand = QTensor | QConstant | np.ndarray  # np.ndarray: a plain (float or index) constant


def _qparams(graph: GraphView, node: onnx.NodeProto) -> tuple[np.ndarray, np.ndarray]:
    scale = graph.constant(node.input[1]).astype(np.float32)
    zero_point = (graph.constant(node.input[2]) if len(node.input) > 2 and node.input[2]
                  else np.zeros_like(scale, dtype=np.uint8))
    if zero_point.dtype in UNSIGNED_SHIFT:  # uint8 (s, z) is int8 (s, z - 128): same reals; uint16 likewise
        return scale, zero_point.astype(np.int64) - UNSIGNED_SHIFT[zero_point.dtype]
    if zero_point.dtype not in (np.int8, np.int16, np.int32):
        raise Unsupported(f"{zero_point.dtype.name} quantization (int8, uint8, int16 and uint16 only)")
    return scale, zero_point.astype(np.int64)


class IntegerProgram:
    """Builds the integer ONNX graph node by node."""

    def __init__(self, qdq: onnx.ModelProto) -> None:
        self.graph = GraphView(shape_inference.infer_shapes(qdq))
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[TensorProto] = []
        self.value_info: dict[str, onnx.ValueInfoProto] = {}
        self.shapes: dict[str, tuple[int, ...]] = {}
        self.qparams: dict[str, QTensor] = {}
        self.float_layers: dict[str, str] = {}  # node name -> why it runs in float
        self.absorbed: set[int] = set()  # id() of ReLU/Clip nodes fused into their producer
        self.kept_float: dict[str, str] = metadata(qdq, KEEP_FLOAT_KEY)  # ferry's quantizer's choice
        self.int16_reasons: dict[str, str] = metadata(qdq, INT16_KEY)  # and its int16 layers' reasons
        self._float_name: dict[str, str] = {}  # QDQ tensor a float node reads -> program tensor
        self._names = {*self.graph.constants, *self.graph.producer, *self.graph.inputs}
        self._int_name = self._name_int_tensors()

    # -- reading the QDQ graph --------------------------------------------------------------

    def _name_int_tensors(self) -> dict[str, str]:
        """Q output -> int tensor name: the float tensor it quantizes, or the graph output its
        DequantizeLinear restores (so the C API keeps the model's input and output names)."""
        outputs = set(self.graph.outputs)
        names: dict[str, str] = {}
        for node in self.graph.nodes:
            if node.op_type != "QuantizeLinear":
                continue
            source = self.border_source(node)
            names[node.output[0]] = node.input[0] if source is None else unique_name(
                f"{names[source]}_{self.activation_type(node).name}", self._names)
            for consumer in self.graph.consumers[node.output[0]]:
                if consumer.op_type == "DequantizeLinear" and consumer.output[0] in outputs:
                    names[node.output[0]] = consumer.output[0]
        return names

    def activation_type(self, quantizer: onnx.NodeProto) -> np.dtype:
        """int16 for an int16 or uint16 zero point (stored as int16), else int8 (uint8 is stored as int8)."""
        zero_point = quantizer.input[2] if len(quantizer.input) > 2 else ""
        return INT16 if zero_point and self.graph.constant(zero_point).dtype in (np.int16, np.uint16) else INT8

    def border_source(self, quantizer: onnx.NodeProto) -> str | None:
        """The Q output of the activation a QuantizeLinear re-quantizes (DQ -> Q: a precision
        border), or None."""
        producer = self.graph.producer.get(quantizer.input[0])
        if producer is None or producer.op_type != "DequantizeLinear" or self.graph.is_constant(producer.input[0]):
            return None
        first = self.graph.producer.get(producer.input[0])
        return producer.input[0] if first is not None and first.op_type == "QuantizeLinear" else None

    def lower_border(self, quantizer: onnx.NodeProto) -> None:
        """A QuantizeLinear of a dequantized activation: the activation in the other precision."""
        source = self.operand(quantizer.input[0])
        assert isinstance(source, QTensor), "a border re-quantizes an activation"
        target = self.activation(quantizer.output[0])
        self.requantize(source, target, target.name, self.fresh(f"{target.name}_border"))

    def operand(self, name: str) -> Operand:
        """What a compute node reads: an int8 activation, a quantized constant, or a constant."""
        producer = self.graph.producer.get(name)
        if producer is not None and producer.op_type == "DequantizeLinear":
            source = producer.input[0]
            scale, zero_point = _qparams(self.graph, producer)
            if self.graph.is_constant(source):
                values = self.graph.constant(source)
                if values.dtype in UNSIGNED_SHIFT:  # stored signed in the zero point _qparams shifted
                    signed = np.int8 if values.dtype == np.uint8 else np.int16
                    values = (values.astype(np.int32) - UNSIGNED_SHIFT[values.dtype]).astype(signed)
                axis = int(attribute(producer, "axis", 1))
                return QConstant(values, scale, zero_point, axis if axis >= 0 else axis + values.ndim)
            quantizer = self.graph.producer.get(source)
            if quantizer is None and source in self.graph.inputs:
                raise Unsupported(f"input '{source}' arrives already quantized (give ferry the float input)")
            if scale.size != 1:
                raise Unsupported(f"per-axis quantized activation '{source}' (per-tensor only)")
            return self.activation(source)
        if self.graph.is_constant(name):
            return self.graph.constant(name)
        raise Unsupported(f"input '{name}' is a float activation (no DequantizeLinear before it)")

    def activation(self, q_output: str) -> QTensor:
        int_name = self._int_name[q_output]
        if int_name not in self.qparams:
            quantizer = self.graph.producer[q_output]
            scale, zero_point = _qparams(self.graph, quantizer)
            self.qparams[int_name] = QTensor(int_name, float(scale.reshape(-1)[0]), int(zero_point.reshape(-1)[0]),
                                             self.activation_type(quantizer))
            self.declare(int_name, self.graph.tensor(quantizer.input[0]).shape, self.qparams[int_name].dtype)
        return self.qparams[int_name]

    def result(self, node: onnx.NodeProto, fuse: bool, index: int = 0) -> tuple[QTensor, tuple[int, int]]:
        """The int8 tensor a node's output becomes, and the clamp of a fused ReLU/Clip."""
        name = node.output[index]
        consumers = self.graph.consumers[name]
        low, high = -math.inf, math.inf
        scaling = output_scaling(self.graph, name, self.constant_value) if fuse else None
        if scaling is not None:  # y = f · product: requantized to output scale / f, one rounding
            self.absorbed.add(id(scaling[0]))
            name, consumers = scaling[0].output[0], self.graph.consumers[scaling[0].output[0]]
        if fuse and len(consumers) == 1 and consumers[0].op_type in FUSABLE_ACTIVATIONS:
            activation = consumers[0]
            low, high = _activation_bounds(self.graph, activation)
            name, consumers = activation.output[0], self.graph.consumers[activation.output[0]]
            self.absorbed.add(id(activation))
        quantizers = [c for c in consumers if c.op_type == "QuantizeLinear"]
        if not quantizers or len(quantizers) != len(consumers):
            raise Unsupported(f"output '{name}' is also used in float (no QuantizeLinear after it)")
        out = self.activation(quantizers[0].output[0])
        for other in quantizers[1:]:
            if self.activation(other.output[0]) != out:
                raise Unsupported(f"output '{name}' is quantized twice with different parameters")
        if scaling is not None:
            return replace(out, scale=out.scale / scaling[1]), _clamp_range(out, low, high)
        return out, _clamp_range(out, low, high)

    def constant_value(self, name: str) -> np.ndarray | None:
        """A constant's real values (a DequantizeLinear of a stored constant included), else None."""
        if not self.is_stored_constant(name):
            return None
        operand = self.operand(name)
        return operand.real() if isinstance(operand, QConstant) else np.asarray(operand)

    # -- writing the integer graph ----------------------------------------------------------

    def declare(self, name: str, shape: tuple[int, ...], dtype: np.dtype = INT8) -> None:
        self.shapes[name] = shape
        self.value_info[name] = helper.make_tensor_value_info(name, ONNX_INT_TYPES[dtype], list(shape))

    def fresh(self, base: str) -> str:
        return unique_name(base, self._names)

    def constant(self, base: str, values: np.ndarray) -> str:
        name = self.fresh(base)
        # np.require keeps a scalar 0-d (ascontiguousarray would make it [1]: a Gather by a scalar
        # index would then keep the axis it removes)
        self.initializers.append(numpy_helper.from_array(np.require(values, requirements="C"), name))
        return name

    def emit(self, op_type: str, name: str, inputs: list[str], outputs: list[str],
             domain: str = "", **attrs: Any) -> None:
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=name, domain=domain, **attrs))

    def int_input(self, node: onnx.NodeProto, index: int) -> QTensor:
        operand = self.operand(node.input[index])
        if not isinstance(operand, QTensor):
            raise Unsupported(f"input {index} must be a quantized activation")
        return operand

    def requantize(self, source: QTensor, target: QTensor, out_name: str, node_name: str,
                   clamp: tuple[int, int] | None = None) -> None:
        """Write `source` into `out_name` in `target`'s scale (and type): int8 to int8 through a
        256-entry table, any other pair by QRequantize (clamped to `clamp`, default the type's range)."""
        multiplier, shift = quantize_multiplier(source.scale / target.scale)
        if source.dtype == np.int16 or target.dtype == np.int16:
            low, high = clamp or int_limits(target.dtype)
            self.emit("QRequantize", node_name, [source.name], [out_name], DOMAIN, x_zero_point=source.zero_point,
                      multiplier=multiplier, shift=shift, y_zero_point=target.zero_point, y_min=low, y_max=high,
                      to=ONNX_INT_TYPES[target.dtype])
            return
        codes = np.arange(QMIN, QMAX + 1, dtype=np.int64)
        table = np.clip(requantize(codes - source.zero_point, multiplier, shift) + target.zero_point,
                        QMIN, QMAX).astype(np.int8)
        self.emit("QLookup", node_name, [source.name, self.constant(f"{node_name}_table", table)],
                  [out_name], DOMAIN)

    def to_qparams(self, source: QTensor, target: QTensor, node_name: str) -> str:
        """`source` expressed in `target`'s scale: itself, or a new requantized tensor."""
        if (source.scale, source.zero_point) == (target.scale, target.zero_point):
            return source.name
        out = self.fresh(f"{source.name}_as_{target.name}")
        self.declare(out, self.shapes[source.name], target.dtype)
        self.requantize(source, target, out, node_name)
        return out

    def model(self, source: onnx.ModelProto) -> onnx.ModelProto:
        inputs = [self._program_input(name) for name in self.graph.inputs]
        outputs = [self.value_info[self._float_name.get(name, name)] for name in self.graph.outputs]
        graph = helper.make_graph(self.nodes, f"{source.graph.name}_int8", inputs, outputs,
                                  self.initializers,
                                  value_info=[v for n, v in self.value_info.items()
                                              if n not in {*self.graph.inputs, *self.graph.outputs}])
        opsets = [helper.make_opsetid("", self.graph.opset), helper.make_opsetid(DOMAIN, 1)]
        model = helper.make_model(graph, opset_imports=opsets, producer_name="ferry")
        model.ir_version = source.ir_version
        helper.set_model_props(model, {
            QPARAMS_KEY: json.dumps({t.name: [t.scale, t.zero_point]
                                     for t in sorted(self.qparams.values(), key=lambda t: t.name)}),
            FLOAT_LAYERS_KEY: json.dumps(self.float_layers),
            INT16_LAYERS_KEY: json.dumps(self.int16_layers()),
        })
        return model

    def int16_layers(self) -> dict[str, str]:
        """The compute nodes of the program with int16 activations, and why."""
        int16 = {name for name, info in self.value_info.items() if info.type.tensor_type.elem_type == TensorProto.INT16}
        return {node.name: self.int16_reasons.get(node.name, "int16 activations in the QDQ model")
                for node in self.nodes if node.op_type in INT16_OPS and node.input[0] in int16}

    def _program_input(self, name: str) -> onnx.ValueInfoProto:
        """A model input read only by a QuantizeLinear arrives as int8; one read only by float
        nodes stays float."""
        consumers = self.graph.consumers[name]
        if name in self._float_name:
            if any(c.op_type == "QuantizeLinear" for c in consumers):
                raise FerryError(f"model input {quoted(name)} feeds both int8 and float layers "
                                 "(quantize it once, or keep its readers in float)")
            return self.value_info[name]
        if len(consumers) != 1 or consumers[0].op_type != "QuantizeLinear":
            raise FerryError(f"model input {quoted(name)} must feed exactly one QuantizeLinear")
        return self.value_info[self._int_name[consumers[0].output[0]]]

    # -- float islands ------------------------------------------------------------------------

    def is_stored_constant(self, name: str) -> bool:
        """A constant, or the DequantizeLinear of one."""
        producer = self.graph.producer.get(name)
        return self.graph.is_constant(name) or (
            producer is not None and producer.op_type == "DequantizeLinear"
            and self.graph.is_constant(producer.input[0]))

    def bias_add(self, node: onnx.NodeProto) -> tuple[onnx.NodeProto, int] | None:
        """The Add of a constant bias after a MatMul by a constant, with no Q/DQ between them
        (the quantizer's fully connected form, stages.common.fusion): (the Add, its bias input)."""
        return bias_add(self.graph, node, self.is_stored_constant)

    def is_quantized(self, node: onnx.NodeProto) -> bool:
        """Every activation input arrives through a DequantizeLinear and every output (after a
        fused bias Add, then a fused ReLU/Clip) leaves through a QuantizeLinear: DQ -> op -> Q,
        an int8 layer."""
        for name in node.input:
            producer = self.graph.producer.get(name)
            if name and not self.graph.is_constant(name) and (
                    producer is None or producer.op_type != "DequantizeLinear"):
                return False
        fused = self.bias_add(node)
        for name in node.output if fused is None else fused[0].output:
            readers = self.graph.consumers[name]
            scaling = output_scaling(self.graph, name, self.constant_value)
            if scaling is not None and node.op_type in SCALED_PRODUCERS:
                readers = self.graph.consumers[scaling[0].output[0]]
            if len(readers) == 1 and readers[0].op_type in FUSABLE_ACTIVATIONS and _is_fused(self.graph, readers[0]):
                readers = self.graph.consumers[readers[0].output[0]]
            if not readers or any(r.op_type != "QuantizeLinear" for r in readers):
                return False
        return True

    def float_input(self, name: str) -> str:
        """The float tensor a float node reads: a dequantized int8 activation, a (dequantized)
        constant, a model input or another float node's output."""
        if name in self._float_name:
            return self._float_name[name]
        producer = self.graph.producer.get(name)
        if self.graph.is_constant(name):
            self._float_name[name] = self.constant(name, self.graph.constant(name))
        elif producer is not None and producer.op_type == "DequantizeLinear":
            source = self.operand(name)
            if isinstance(source, QConstant):
                self._float_name[name] = self.constant(f"{name}_float", source.real().astype(np.float32))
            else:
                assert isinstance(source, QTensor), "what a DequantizeLinear reads is quantized"
                self._float_name[name] = self.fresh(name)
                self.declare_float(self._float_name[name], self.shapes[source.name])
                self.emit("Dequantize", self.fresh(f"{source.name}_Dequantize"), [source.name],
                          [self._float_name[name]], DOMAIN, scale=source.scale, zero_point=source.zero_point)
        elif name in self.graph.inputs:
            self._float_name[name] = name
            self.declare_float(name, self.graph.tensor(name).shape)
        else:
            raise FerryError(f"tensor {quoted(name)} is read before it is computed")
        return self._float_name[name]

    def constant_size(self, name: str) -> int:
        return int(np.asarray(self.float_constant(name)).size)

    def float_constant(self, name: str) -> np.ndarray:
        """A constant's real value: itself, or the dequantized value a DequantizeLinear restores."""
        if self.graph.is_constant(name):
            return self.graph.constant(name)
        operand = self.operand(name)
        assert isinstance(operand, QConstant)
        return operand.real()

    def float_output(self, name: str) -> str:
        """The program name of a float node's output: its own, unless its quantized twin took it."""
        taken = name in self._int_name.values() or name in self.qparams
        self._float_name[name] = self.fresh(f"{name}_float") if taken else name
        self.declare_float(self._float_name[name], self.graph.tensor(name).shape)
        return self._float_name[name]

    def declare_float(self, name: str, shape: tuple[int, ...]) -> None:
        self.shapes[name] = shape
        self.value_info[name] = helper.make_tensor_value_info(name, TensorProto.FLOAT, list(shape))

    def lower_float(self, node: onnx.NodeProto, reason: str) -> None:
        """The node as it is, on float tensors; its outputs quantized where int8 layers read them."""
        inputs = [self.float_input(name) if name else "" for name in node.input]
        outputs = [self.float_output(name) if name else "" for name in node.output]
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        self.emit(node.op_type, node.name, inputs, outputs, domain=node.domain, **attrs)
        self.float_layers[node.name] = reason
        for name, program_name in zip(node.output, outputs):
            for quantizer in (c for c in self.graph.consumers.get(name, []) if c.op_type == "QuantizeLinear"):
                target = self.activation(quantizer.output[0])
                self.emit("Quantize", self.fresh(f"{target.name}_Quantize"), [program_name],
                          [target.name], DOMAIN, scale=target.scale, zero_point=target.zero_point,
                          to=ONNX_INT_TYPES[target.dtype])


def _activation_bounds(graph: GraphView, node: onnx.NodeProto) -> tuple[float, float]:
    if node.op_type == "Relu":
        return 0.0, math.inf
    bounds = []
    for index, default in ((1, -math.inf), (2, math.inf)):
        if index < len(node.input) and node.input[index]:
            if not graph.is_constant(node.input[index]):
                raise Unsupported("Clip with computed bounds")
            bounds.append(float(graph.constant(node.input[index])))
        else:
            bounds.append(default)
    return bounds[0], bounds[1]


def _clamp_range(out: QTensor, low: float, high: float) -> tuple[int, int]:
    """The clamp of a fused activation in the output's type (TFLite CalculateActivationRangeQuantized)."""
    type_low, type_high = int_limits(out.dtype)
    q_low = type_low if low == -math.inf else max(type_low, out.zero_point + round(low / out.scale))
    q_high = type_high if high == math.inf else min(type_high, out.zero_point + round(high / out.scale))
    return int(q_low), int(q_high)


# -- one function per quantized op ---------------------------------------------------------------

IntegerLowering = Callable[[IntegerProgram, onnx.NodeProto], None]
INTEGER_LOWERINGS: dict[str, IntegerLowering] = {}


def integer(*op_types: str) -> Callable[[IntegerLowering], IntegerLowering]:
    def register(function: IntegerLowering) -> IntegerLowering:
        for op_type in op_types:
            INTEGER_LOWERINGS[op_type] = function
        return function

    return register


def _weight(program: IntegerProgram, node: onnx.NodeProto, index: int, channel_axis: int) -> QConstant:
    weight = program.operand(node.input[index])
    if not isinstance(weight, QConstant) or weight.values.dtype != np.int8:
        raise Unsupported("weights must be an int8 constant behind a DequantizeLinear")
    if np.any(weight.zero_point != 0):
        raise Unsupported("weights must be symmetric (zero point 0)")
    if weight.scale.size > 1 and weight.axis != channel_axis:
        raise Unsupported(f"weights quantized along axis {weight.axis}, expected the output channels")
    return weight


def _bias(program: IntegerProgram, node: onnx.NodeProto, index: int, scales: np.ndarray) -> np.ndarray:
    """int32 bias in the accumulator's scale (input × weight scale); absent means zeros."""
    if index >= len(node.input) or not node.input[index]:
        return np.zeros(scales.size, dtype=np.int32)
    bias = program.operand(node.input[index])
    real = bias.real() if isinstance(bias, QConstant) else np.asarray(bias, dtype=np.float32)
    if real.size not in (1, scales.size) or any(d != 1 for d in real.shape[:-1]):
        raise Unsupported(f"bias of shape {list(real.shape)} (one value per output channel)")
    accumulator = np.round(np.broadcast_to(real.reshape(-1), scales.shape).astype(np.float64) / scales)
    return np.clip(accumulator, -(2**31), 2**31 - 1).astype(np.int32)


def _output_multipliers(x: QTensor, weight_scales: np.ndarray, out: QTensor, channels: int,
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per channel: accumulator scale (input × weight), and the int32 multiplier and shift of
    accumulator scale / output scale."""
    acc_scales = np.broadcast_to(np.float32(x.scale) * weight_scales.astype(np.float32), (channels,))
    multipliers, shifts = quantize_multipliers(acc_scales.astype(np.float64) / out.scale)
    return acc_scales.astype(np.float64), multipliers, shifts


@integer("Conv")
def lower_conv(program: IntegerProgram, node: onnx.NodeProto) -> None:
    x = program.int_input(node, 0)
    w = _weight(program, node, 1, 0)
    if w.values.ndim != 4:
        raise Unsupported("int8 Conv is 2-D only")
    out, (y_min, y_max) = program.result(node, fuse=True)
    kernel = tuple(w.values.shape[2:])
    strides = tuple(attribute(node, "strides", [1, 1]))
    dilations = tuple(attribute(node, "dilations", [1, 1]))
    in_shape = program.graph.tensor(node.input[0]).shape
    out_shape = program.graph.tensor(node.output[0]).shape
    begin, end = pad_pairs(attribute(node, "auto_pad", "NOTSET"), attribute(node, "pads"),
                           in_shape[2:], out_shape[2:], kernel, strides, dilations)
    _emit_convolution(program, node, "QConv", x, w, out, w.values.shape[0], (y_min, y_max),
                      strides=list(strides), pads=[*begin, *end], dilations=list(dilations),
                      group=int(attribute(node, "group", 1)))


def _emit_convolution(program: IntegerProgram, node: onnx.NodeProto, op_type: str, x: QTensor,
                      w: QConstant, out: QTensor, channels: int, clamp: tuple[int, int],
                      **attrs: object) -> None:
    """QConv / QConvTranspose: weights, int32 bias and per-channel requantization as inputs."""
    same_precision(x, out)
    if op_type != "QConv" and x.dtype == np.int16:
        raise Unsupported("no int16 kernel")
    acc_scales, multipliers, shifts = _output_multipliers(x, w.scale, out, channels)
    bias = _bias(program, node, 2, acc_scales)
    base = node.name or out.name
    program.emit(
        op_type, node.name, [x.name, program.constant(f"{base}_weight", w.values),
                             program.constant(f"{base}_bias", bias),
                             program.constant(f"{base}_multiplier", multipliers),
                             program.constant(f"{base}_shift", shifts)],
        [out.name], DOMAIN, **attrs, x_zero_point=x.zero_point, y_zero_point=out.zero_point,
        y_min=clamp[0], y_max=clamp[1])


@integer("ConvTranspose")
def lower_conv_transpose(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """QConvTranspose: the weights [in, out / group, kh, kw] per output channel (axis 1)."""
    x = program.int_input(node, 0)
    w = _weight(program, node, 1, 1)
    if w.values.ndim != 4:
        raise Unsupported("int8 ConvTranspose is 2-D only")
    groups = int(attribute(node, "group", 1))
    if groups != 1 and w.scale.size > 1:
        raise Unsupported("per-channel weights of a grouped ConvTranspose")
    out, (y_min, y_max) = program.result(node, fuse=True)
    in_shape = program.graph.tensor(node.input[0]).shape
    out_shape = program.graph.tensor(node.output[0]).shape
    kernel = tuple(w.values.shape[2:])
    strides = tuple(attribute(node, "strides", [1, 1]))
    dilations = tuple(attribute(node, "dilations", [1, 1]))
    output_padding = tuple(attribute(node, "output_padding", [0, 0]))
    begin = transpose_begin_pads(attribute(node, "pads"), attribute(node, "auto_pad", "NOTSET"),
                                 in_shape[2:], out_shape[2:], kernel, strides, dilations, output_padding)
    _emit_convolution(program, node, "QConvTranspose", x, w, out, out_shape[1], (y_min, y_max),
                      strides=list(strides), pads=list(begin), dilations=list(dilations), group=groups,
                      output_shape=list(out_shape[2:]))


@integer("MatMul")
def lower_matmul(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """By a constant: a fully connected layer; of two activations (attention): QMatMul."""
    if not isinstance(program.operand(node.input[1]), QTensor):
        lower_fully_connected(program, node)
        return
    a, b = program.int_input(node, 0), program.int_input(node, 1)
    out, (y_min, y_max) = program.result(node, fuse=True)
    same_precision(a, b, out)
    multiplier, shift = quantize_multiplier(a.scale * b.scale / out.scale)
    program.emit("QMatMul", node.name, [a.name, b.name], [out.name], DOMAIN,
                 a_zero_point=a.zero_point, b_zero_point=b.zero_point, multiplier=multiplier,
                 shift=shift, y_zero_point=out.zero_point, y_min=y_min, y_max=y_max)


@integer("Gemm")
def lower_fully_connected(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """Gemm (transA 0, alpha = beta = 1) and MatMul by a constant: rows of A times W^T."""
    a = program.int_input(node, 0)
    if node.op_type == "Gemm":
        if attribute(node, "transA", 0) or attribute(node, "alpha", 1.0) != 1.0 or attribute(node, "beta", 1.0) != 1.0:
            raise Unsupported("int8 Gemm needs transA 0 and alpha = beta = 1")
        trans_b = bool(attribute(node, "transB", 0))
    else:
        trans_b = False
    w = _weight(program, node, 1, 0 if trans_b else 1)
    if w.values.ndim != 2:
        raise Unsupported("int8 MatMul needs a 2-D constant second input")
    values = w.values if trans_b else w.values.T  # [N, K]
    # a MatMul's bias Add that the QDQ model leaves unrounded before it is this layer's bias
    # (stages.common.fusion); a MatMul without one has a zero bias (no input 2)
    fused = program.bias_add(node)
    last, bias_index = fused if fused is not None else (node, 2)
    out, (y_min, y_max) = program.result(last, fuse=True)
    same_precision(a, out)
    acc_scales, multipliers, shifts = _output_multipliers(a, w.scale, out, values.shape[0])
    bias = _bias(program, last, bias_index, acc_scales)
    if fused is not None:
        program.absorbed.add(id(last))
    base = node.name or out.name
    program.emit(
        "QGemm", node.name, [a.name, program.constant(f"{base}_weight", values),
                             program.constant(f"{base}_bias", bias),
                             program.constant(f"{base}_multiplier", multipliers),
                             program.constant(f"{base}_shift", shifts)],
        [out.name], DOMAIN, a_zero_point=a.zero_point, y_zero_point=out.zero_point,
        y_min=y_min, y_max=y_max)


def same_precision(*tensors: QTensor) -> None:
    """A compute op's activations share one type: int8, or int16 (its borders convert the rest)."""
    if len({t.dtype for t in tensors}) > 1:
        raise Unsupported("int8 and int16 activations in one op (the QDQ model has no border between them)")


def int8_operand(program: IntegerProgram, node: onnx.NodeProto, index: int) -> QTensor:
    """An input as an int8 (or int16) tensor; a quantized constant becomes an initializer."""
    operand = program.operand(node.input[index])
    if isinstance(operand, QConstant):
        if operand.scale.size != 1 or operand.values.dtype not in (np.int8, np.int16):
            raise Unsupported("a constant operand must be int8 or int16, per tensor")
        name = program.constant(f"{node.name}_operand{index}", operand.values)
        program.shapes[name] = tuple(operand.values.shape)
        return QTensor(name, float(operand.scale.reshape(-1)[0]), int(operand.zero_point.reshape(-1)[0]),
                       operand.values.dtype)
    if not isinstance(operand, QTensor):
        raise Unsupported(f"input {index} must be quantized")
    return operand


def binary_operands(program: IntegerProgram, node: onnx.NodeProto) -> list[QTensor]:
    return [int8_operand(program, node, index) for index in (0, 1)]


@integer("Add", "Sub")
def lower_add(program: IntegerProgram, node: onnx.NodeProto) -> None:
    a, b = binary_operands(program, node)
    out, clamp = program.result(node, fuse=True)
    same_precision(a, b, out)
    emit_add(program, node.name, a, b, out, clamp, subtract=node.op_type == "Sub")


def emit_add(program: IntegerProgram, name: str, a: QTensor, b: QTensor, out: QTensor,
             clamp: tuple[int, int], subtract: bool = False) -> None:
    """QAdd: both operands rescaled to a common fixed point with one shift (single rounding)."""
    y_min, y_max = clamp
    ratios = (a.scale / out.scale, b.scale / out.scale)
    shift = min(62, 30 - math.ceil(math.log2(max(ratios))))
    if shift < 1:
        raise Unsupported(f"input scale over output scale {max(ratios):g} is too large")
    a_mult, b_mult = (round(r * 2.0**shift) for r in ratios)
    program.emit("QAdd", name, [a.name, b.name], [out.name], DOMAIN,
                 a_zero_point=a.zero_point, b_zero_point=b.zero_point, a_multiplier=a_mult,
                 b_multiplier=-b_mult if subtract else b_mult, shift=shift,
                 y_zero_point=out.zero_point, y_min=y_min, y_max=y_max)


@integer("Mul")
def lower_mul(program: IntegerProgram, node: onnx.NodeProto) -> None:
    a, b = binary_operands(program, node)
    out, (y_min, y_max) = program.result(node, fuse=True)
    same_precision(a, b, out)
    multiplier, shift = quantize_multiplier(a.scale * b.scale / out.scale)
    program.emit("QMul", node.name, [a.name, b.name], [out.name], DOMAIN,
                 a_zero_point=a.zero_point, b_zero_point=b.zero_point, multiplier=multiplier,
                 shift=shift, y_zero_point=out.zero_point, y_min=y_min, y_max=y_max)


def _hard_sigmoid(node: onnx.NodeProto) -> Callable[[np.ndarray], np.ndarray]:
    alpha, beta = attribute(node, "alpha", 0.2), attribute(node, "beta", 0.5)
    return lambda x: np.clip(alpha * x + beta, 0.0, 1.0)


def _leaky_relu(node: onnx.NodeProto) -> Callable[[np.ndarray], np.ndarray]:
    alpha = attribute(node, "alpha", 0.01)
    return lambda x: np.where(x >= 0, x, alpha * x)


def _clip(graph: GraphView, node: onnx.NodeProto) -> Callable[[np.ndarray], np.ndarray]:
    low, high = _activation_bounds(graph, node)
    return lambda x: np.clip(x, low, high)


def _gelu(node: onnx.NodeProto) -> Callable[[np.ndarray], np.ndarray]:
    if attribute(node, "approximate", "none") == "tanh":
        return lambda x: 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    erf = np.vectorize(math.erf)
    return lambda x: 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _unary_function(graph: GraphView, node: onnx.NodeProto) -> Callable[[np.ndarray], np.ndarray]:
    functions: dict[str, Callable[[], Callable[[np.ndarray], np.ndarray]]] = {
        "Relu": lambda: lambda x: np.maximum(x, 0.0),
        "Clip": lambda: _clip(graph, node),
        "Sigmoid": lambda: lambda x: 1.0 / (1.0 + np.exp(-x)),
        "Tanh": lambda: np.tanh,
        "HardSigmoid": lambda: _hard_sigmoid(node),
        "HardSwish": lambda: lambda x: x * np.clip(x / 6.0 + 0.5, 0.0, 1.0),
        "LeakyRelu": lambda: _leaky_relu(node),
        "Gelu": lambda: _gelu(node),
    }
    return functions[node.op_type]()


@integer("Relu", "Clip", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "LeakyRelu", "Gelu")
def lower_unary(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """A 256-entry table: table[q] = quantize(f(dequantize(q))), computed in float64 at codegen."""
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    if x.dtype == np.int16 or out.dtype == np.int16:  # int16 has no table: ReLU/Clip as a clamp
        if node.op_type not in FUSABLE_ACTIVATIONS:
            raise Unsupported("no int16 kernel")
        program.requantize(x, out, out.name, node.name, _clamp_range(out, *_activation_bounds(program.graph, node)))
        return
    codes = np.arange(QMIN, QMAX + 1, dtype=np.int64)
    real = _unary_function(program.graph, node)(dequantize(codes, x.scale, x.zero_point).astype(np.float64))
    table = quantize(real, out.scale, out.zero_point).astype(np.int8)
    program.emit("QLookup", node.name, [x.name, program.constant(f"{node.name or out.name}_table", table)],
                 [out.name], DOMAIN)


@integer("MaxPool", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Slice", "Pad",
         "Split", "Gather")
def lower_data_movement(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """The same ONNX op on int8 values; an output in another scale adds a requantization table."""
    x = program.int_input(node, 0)
    if node.op_type == "MaxPool" and len(node.output) > 1 and node.output[1]:
        raise Unsupported("int8 MaxPool with indices")
    if not all(node.output):
        raise Unsupported("unnamed outputs")
    count = len(node.output) if node.op_type == "Split" else 1
    outs = [program.result(node, fuse=False, index=i)[0] for i in range(count)]
    inputs = [x.name]
    names = list(node.input)
    if node.op_type == "Pad" and len(names) < 3:
        names += [""] * (3 - len(names))  # no pad value given: pad with the input's zero point
    for index, name in enumerate(names[1:], start=1):
        operand = program.operand(name) if name else None
        if node.op_type == "Pad" and index == 2:  # the pad value, in the input's int8 scale
            value = 0.0 if operand is None else float(np.asarray(
                operand.real() if isinstance(operand, QConstant) else operand).reshape(-1)[0])
            inputs.append(program.constant(f"{node.name}_value", quantize(
                np.array(value), x.scale, x.zero_point, *int_limits(x.dtype)).astype(x.dtype)))
        elif operand is None:
            inputs.append("")
        elif isinstance(operand, np.ndarray):
            inputs.append(program.constant(f"{node.name}_{index}", operand))
        else:
            raise Unsupported(f"input {index} must be a plain constant")
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    moved = [out if (x.scale, x.zero_point) == (out.scale, out.zero_point)
             else QTensor(program.fresh(f"{out.name}_unscaled"), x.scale, x.zero_point, x.dtype) for out in outs]
    program.emit(node.op_type, node.name, inputs, [m.name for m in moved], **attrs)
    for index, (source, out) in enumerate(zip(moved, outs)):
        if source is not out:
            program.declare(source.name, program.shapes[out.name], source.dtype)
            program.requantize(source, out, out.name, f"{node.name}_requantize{index or ''}")


@integer("Resize")
def lower_resize(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """nearest: the same Resize on int8 codes (data movement); linear: QResize, fixed-point
    weights per axis and one rounding, in the input's scale (weights >= 0 summing to 1)."""
    mode = attribute(node, "mode", "nearest")
    if attribute(node, "coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize":
        raise Unsupported("int8 Resize with tf_crop_and_resize (extrapolation outside the crop)")
    if mode == "nearest":
        lower_data_movement(program, node)
        return
    if mode != "linear":
        raise Unsupported(f"int8 Resize in mode '{mode}' (nearest and linear only)")
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    plan = resize_plan(LoweringContext.planning(node, program.graph))
    axes = [axis for axis, taps in enumerate(plan.taps) if not taps.identity]
    tables = []
    for axis in axes:
        taps = plan.taps[axis]
        tables += [program.constant(f"{node.name}_index{axis}", taps.index.astype(np.int32)),
                   program.constant(f"{node.name}_weight{axis}",
                                    fixed_point_weights(taps.weight, RESIZE_WEIGHT_BITS))]
    resized = out if (x.scale, x.zero_point) == (out.scale, out.zero_point) else QTensor(
        program.fresh(f"{out.name}_unscaled"), x.scale, x.zero_point)
    program.emit("QResize", node.name, [x.name, *tables], [resized.name], DOMAIN, axes=axes,
                 weight_bits=RESIZE_WEIGHT_BITS)
    if resized is not out:
        program.declare(resized.name, program.shapes[out.name])
        program.requantize(resized, out, out.name, f"{node.name}_requantize")


@integer("Concat")
def lower_concat(program: IntegerProgram, node: onnx.NodeProto) -> None:
    out, _ = program.result(node, fuse=False)
    inputs = [program.to_qparams(int8_operand(program, node, i), out, f"{node.name}_requantize{i}")
              for i in range(len(node.input))]
    program.emit("Concat", node.name, inputs, [out.name], axis=int(attribute(node, "axis")))


@integer("AveragePool", "GlobalAveragePool")
def lower_average_pool(program: IntegerProgram, node: onnx.NodeProto) -> None:
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    in_shape = program.graph.tensor(node.input[0]).shape
    out_shape = program.graph.tensor(node.output[0]).shape
    if len(in_shape) != 4:
        raise Unsupported("int8 average pooling is 2-D only")
    kernel: tuple[int, ...]
    strides: tuple[int, ...]
    begin: tuple[int, ...]
    end: tuple[int, ...]
    if node.op_type == "GlobalAveragePool":
        kernel, strides, begin, end, include_pad = tuple(in_shape[2:]), (1, 1), (0, 0), (0, 0), 0
    else:
        if attribute(node, "ceil_mode", 0):
            raise Unsupported("int8 AveragePool with ceil_mode")
        kernel = tuple(attribute(node, "kernel_shape"))
        strides = tuple(attribute(node, "strides", [1, 1]))
        begin, end = pad_pairs(attribute(node, "auto_pad", "NOTSET"), attribute(node, "pads"),
                               in_shape[2:], out_shape[2:], kernel, strides, (1, 1))
        include_pad = int(attribute(node, "count_include_pad", 0))
    fraction_bits, multiplier, shift = _mean_requantization(x.scale / out.scale, math.prod(kernel))
    program.emit("QAveragePool", node.name, [x.name], [out.name], DOMAIN,
                 kernel_shape=list(kernel), strides=list(strides), pads=[*begin, *end],
                 count_include_pad=include_pad, x_zero_point=x.zero_point, fraction_bits=fraction_bits,
                 multiplier=multiplier, shift=shift, y_zero_point=out.zero_point)


def _mean_requantization(ratio: float, cells: int) -> tuple[int, int, int]:
    """(fraction bits, multiplier, shift) of an average: the window sum (at most 255·cells)
    times 2^bits stays below 2^31 so that its product with the multiplier fits int64, and the
    multiplier of ratio / 2^bits stays representable (not below 2^(MIN_SHIFT - 31))."""
    bits = max(0, 31 - (255 * cells).bit_length())
    while bits and ratio / 2.0**bits < 2.0**(MIN_SHIFT - 1):
        bits -= 1
    multiplier, shift = quantize_multiplier(ratio / 2.0**bits)
    return bits, multiplier, shift


@integer("LayerNormalization")
def lower_layer_norm(program: IntegerProgram, node: onnx.NodeProto) -> None:
    """Integer LayerNorm over the last axis (golden.QLayerNorm): epsilon in squared input steps,
    gamma and beta as integers in one fixed point of `shift` fraction bits, chosen so that the
    larger of them uses 30 bits."""
    x = program.int_input(node, 0)
    if len([o for o in node.output if o]) > 1:
        raise Unsupported("int8 LayerNormalization with Mean or InvStdDev outputs")
    shape = program.shapes[x.name]
    if int(attribute(node, "axis", -1)) not in (-1, len(shape) - 1):
        raise Unsupported("int8 LayerNormalization over the last axis only")
    channels = shape[-1]
    if channels > MAX_LAYER_NORM_CHANNELS:
        raise Unsupported(f"int8 LayerNormalization over {channels} values (int64 sums: at most "
                          f"{MAX_LAYER_NORM_CHANNELS})")
    out, _ = program.result(node, fuse=False)
    affine = []
    for index, default in ((1, 1.0), (2, 0.0)):
        operand = program.operand(node.input[index]) if index < len(node.input) and node.input[index] else None
        real = (np.full(channels, default) if operand is None
                else operand.real() if isinstance(operand, QConstant) else np.asarray(operand))
        affine.append(np.broadcast_to(real.astype(np.float64).reshape(-1), (channels,)))
    # y / s_y = t · gamma·sqrt(C) / (s_y·2^NORM_BITS) + beta / s_y, t the kernel's fixed-point value
    gamma = affine[0] * math.sqrt(channels) / (out.scale * 2.0**NORM_BITS)
    beta = affine[1] / out.scale
    largest = max(float(np.abs(gamma).max()), float(np.abs(beta).max()), 2.0**-30)
    shift = min(60, 30 - math.ceil(math.log2(largest)))
    if shift < 1:
        raise Unsupported(f"LayerNorm gain {largest:g} output steps is too large")
    epsilon = float(attribute(node, "epsilon", 1e-5)) * channels**3 / x.scale**2
    if epsilon >= 2.0**62:
        raise Unsupported(f"LayerNorm epsilon {epsilon:g} squared input steps is too large")
    base = node.name or out.name
    program.emit("QLayerNorm", node.name,
                 [x.name, program.constant(f"{base}_gamma", np.round(gamma * 2.0**shift).astype(np.int32)),
                  program.constant(f"{base}_beta", np.round(beta * 2.0**shift).astype(np.int32))],
                 [out.name], DOMAIN, epsilon=round(epsilon), shift=shift,
                 x_zero_point=x.zero_point, y_zero_point=out.zero_point)


@integer("Softmax")
def lower_softmax(program: IntegerProgram, node: onnx.NodeProto) -> None:
    x = program.int_input(node, 0)
    out, _ = program.result(node, fuse=False)
    rank = len(program.graph.tensor(node.input[0]).shape)
    axis = int(attribute(node, "axis", -1))
    axis = axis + rank if axis < 0 else axis
    steps = np.arange(-255, 1, dtype=np.float64)
    exp_table = np.round(np.exp(x.scale * steps) * 2.0**23).astype(np.int32)  # Q23, max 2^23
    program.emit("QSoftmax", node.name, [x.name, program.constant(f"{node.name}_exp", exp_table)],
                 [out.name], DOMAIN, axis=axis, inv_scale=round(65536 / out.scale),
                 y_zero_point=out.zero_point)


# Ops that compute each output element from the same element of their inputs alone; with scalar
# constants as their other operands, a chain of them is a function of one int8 value.
ELEMENTWISE = frozenset({
    "Abs", "Add", "Ceil", "Clip", "Div", "Elu", "Erf", "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish",
    "Identity", "LeakyRelu", "Log", "Max", "Min", "Mul", "Neg", "Pow", "Reciprocal", "Relu", "Round", "Selu",
    "Sigmoid", "Softplus", "Softsign", "Sqrt", "Sub", "Tanh"})


def elementwise_island(program: IntegerProgram, last: onnx.NodeProto) -> list[onnx.NodeProto] | None:
    """The float nodes, in graph order, of a chain of elementwise ops the QDQ model leaves
    without Q/DQ (e.g. the Div, Erf, Add, Mul, Mul of an exported GELU) from one int8 tensor to
    `last`, whose output only QuantizeLinear reads: one int8 -> int8 function of the source, or
    None. Every other operand must be a scalar constant, and only the island reads its inner
    tensors."""
    graph = program.graph
    if not graph.consumers[last.output[0]] or any(
            c.op_type != "QuantizeLinear" for c in graph.consumers[last.output[0]]):
        return None
    island: dict[int, onnx.NodeProto] = {}
    sources: set[str] = set()
    pending = [last]
    while pending:
        node = pending.pop()
        if id(node) in island:
            continue
        if (node.op_type not in ELEMENTWISE or node.domain not in ("", "ai.onnx") or len(node.output) != 1
                or node.name in program.kept_float or program.is_quantized(node)):
            return None
        island[id(node)] = node
        for name in (n for n in node.input if n):
            producer = graph.producer.get(name)
            if graph.is_constant(name) or (producer is not None and producer.op_type == "DequantizeLinear"
                                           and graph.is_constant(producer.input[0])):
                if program.constant_size(name) != 1:
                    return None
            elif producer is not None and producer.op_type == "DequantizeLinear":
                sources.add(name)
            elif producer is not None:
                pending.append(producer)
            else:
                return None  # a model input read in float
    inner = {o for node in island.values() for o in node.output} - {last.output[0]}
    if len(sources) != 1 or len(island) < 2 or any(
            id(c) not in island for name in inner for c in graph.consumers[name]):
        return None
    order = {id(node): index for index, node in enumerate(graph.nodes)}
    return sorted(island.values(), key=lambda node: order[id(node)])


def lowerelementwise_island(program: IntegerProgram, island: list[onnx.NodeProto]) -> None:
    """A table of the island's function on the 256 codes of its source, computed by onnxruntime
    in float32 exactly as the QDQ model computes it, then quantized as its QuantizeLinear does."""
    from ferry.stages.common.reference import OnnxRuntime

    graph = program.graph
    source = next(n for node in island for n in node.input if n and not graph.is_constant(n)
                  and graph.producer.get(n) is not None and graph.producer[n].op_type == "DequantizeLinear"
                  and not graph.is_constant(graph.producer[n].input[0]))
    x = program.operand(source)
    assert isinstance(x, QTensor)
    last = island[-1]
    out, _ = program.result(last, fuse=False)
    constants = {n for node in island for n in node.input if n and n != source
                 and n not in {o for m in island for o in m.output}}
    initializers = [numpy_helper.from_array(np.asarray(program.float_constant(n), np.float32).reshape(()), n)
                    for n in sorted(constants)]
    model = helper.make_model(
        helper.make_graph(island, "island", [helper.make_tensor_value_info(source, TensorProto.FLOAT, [256])],
                          [helper.make_tensor_value_info(last.output[0], TensorProto.FLOAT, [256])], initializers),
        opset_imports=[helper.make_opsetid("", graph.opset)])
    codes = np.arange(QMIN, QMAX + 1, dtype=np.int64)
    real = OnnxRuntime(model).run([{source: dequantize(codes, x.scale, x.zero_point).astype(np.float32)}])[0]
    table = quantize(real[last.output[0]], out.scale, out.zero_point).astype(np.int8)
    program.emit("QLookup", last.name, [x.name, program.constant(f"{last.name}_table", table)], [out.name], DOMAIN)
    program.absorbed.update(id(node) for node in island)


def _is_fused(graph: GraphView, node: onnx.NodeProto) -> bool:
    """A ReLU/Clip directly after an op that clamps its own output (see IntegerProgram.result)."""
    producer = graph.producer.get(node.input[0])
    return (producer is not None
            and producer.op_type in ("Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul")
            and len(graph.consumers[node.input[0]]) == 1
            and all(c.op_type == "QuantizeLinear" for c in graph.consumers[node.output[0]]))
