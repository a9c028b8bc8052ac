"""The layers sparsify prunes and a view of their weights as [out, K] matrices of real values.

A layer is a Conv (1-D or 2-D), a Gemm (alpha = beta = 1, no transA) or a MatMul whose weight is
a constant. In a float model the weight is an initializer; in a QDQ model (sparsify after
quantize) it is an int8 initializer behind a DequantizeLinear with per-output-channel (or one)
scale, and writing a matrix back rounds it onto that grid, so zeros stay exact zeros.

K is the reduction axis in the order the kernels read it: Conv [O, I/g, kh, kw] flattens to
[O, I/g·kh·kw]; Gemm with transB stores [N, K] already; Gemm without it and MatMul store [K, N].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from onnx import numpy_helper

from ferry.stages.common.graph import GraphView, attribute
from ferry.stages.common.padding import pad_pairs
from ferry.stages.common.quant import WEIGHT_QMAX

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class Layer:
    name: str  # the node's name (or op_index for an unnamed node)
    index: int  # position in the graph
    op: str
    weight: str  # initializer: float weights, or int8 values in a QDQ model
    weight_scale: str | None  # QDQ: the weight's scale initializer
    bias: str | None  # initializer (float, or int32 in a QDQ model); None: no bias
    bias_scale: str | None
    transposed: bool  # stored [K, N]
    groups: int
    input: str  # the data input (float: dequantized in a QDQ model)
    output: str
    shape: tuple[int, ...]  # of the stored weight

    @property
    def out_channels(self) -> int:
        return self.shape[-1] if self.transposed else self.shape[0]

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def reduction(self) -> int:
        return self.size // self.out_channels


def node_label(node: onnx.NodeProto, index: int) -> str:
    return node.name or f"{node.op_type}_{index}"


def _source(view: GraphView, name: str) -> tuple[str, str | None] | None:
    """(initializer, scale initializer or None) behind a weight input: the initializer itself, or
    the int8/int32 initializer of the DequantizeLinear producing it (zero points 0)."""
    if view.is_constant(name):
        return name, None
    producer = view.producer.get(name)
    if producer is None or producer.op_type != "DequantizeLinear" or not view.is_constant(producer.input[0]):
        return None
    if len(producer.input) > 2 and producer.input[2] and np.any(view.constant(producer.input[2])):
        return None
    return producer.input[0], producer.input[1]


def why_not_a_layer(node: onnx.NodeProto, view: GraphView) -> str | None:
    """None for a prunable layer, else why it is not one."""
    if node.op_type == "Gemm" and (attribute(node, "transA", 0) or attribute(node, "alpha", 1.0) != 1.0
                                   or attribute(node, "beta", 1.0) != 1.0):
        return "Gemm with transA, alpha or beta"
    source = _source(view, node.input[1])
    if source is None:
        return "computed weights"
    rank = len(view.tensor(node.input[0]).shape) if node.op_type == "Conv" else 2
    if rank not in (2, 3, 4) or view.constant(source[0]).ndim != rank:
        return "weights other than 1-D or 2-D Conv filters or a 2-D matrix"
    bias = _source(view, node.input[2]) if len(node.input) > 2 and node.input[2] else None
    if len(node.input) > 2 and node.input[2] and bias is None:
        return "computed bias"
    if bias is not None and view.constant(bias[0]).size != view.tensor(node.output[0]).shape[1]:
        return "bias is not one value per output channel"
    if len(view.consumers[node.input[1]]) > 1 or len(view.consumers[source[0]]) > 1:
        return "weights shared with another node"
    return None


def find_layers(view: GraphView) -> tuple[list[Layer], dict[str, str]]:
    """The prunable layers in graph order, and the weighted nodes that are not, with why."""
    layers, refused = [], {}
    for index, node in enumerate(view.nodes):
        if node.op_type not in ("Conv", "Gemm", "MatMul") or node.domain not in ("", "ai.onnx"):
            continue
        reason = why_not_a_layer(node, view)
        if reason is not None:
            refused[node_label(node, index)] = reason
            continue
        weight_source = _source(view, node.input[1])
        bias_source = _source(view, node.input[2]) if len(node.input) > 2 and node.input[2] else (None, None)
        assert weight_source is not None and bias_source is not None, "why_not_a_layer refuses computed ones"
        weight, weight_scale = weight_source
        bias, bias_scale = bias_source
        transposed = node.op_type == "MatMul" or (node.op_type == "Gemm" and not attribute(node, "transB", 0))
        layers.append(Layer(
            name=node_label(node, index), index=index, op=node.op_type, weight=weight,
            weight_scale=weight_scale, bias=bias, bias_scale=bias_scale, transposed=transposed,
            groups=int(attribute(node, "group", 1)), input=node.input[0], output=node.output[0],
            shape=tuple(view.constant(weight).shape)))
    return layers, refused


class Weights:
    """The initializers of a model, read and written as real-valued layer matrices."""

    def __init__(self, model: onnx.ModelProto) -> None:
        self.model = model
        self.values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        self.changed: set[str] = set()

    def _row_scales(self, layer: Layer, scale_name: str | None) -> np.ndarray:
        """QDQ: the real value of one step of each output channel (1 for float weights)."""
        if scale_name is None:
            return np.ones(layer.out_channels)
        scale = self.values[scale_name].astype(np.float64).reshape(-1)
        return np.broadcast_to(scale, (layer.out_channels,)) if scale.size == 1 else scale

    def matrix(self, layer: Layer) -> np.ndarray:
        """float64 [out, K]."""
        stored = self.values[layer.weight].astype(np.float64)
        rows = stored.T if layer.transposed else stored.reshape(layer.out_channels, -1)
        return rows * self._row_scales(layer, layer.weight_scale)[:, None]

    def set_matrix(self, layer: Layer, matrix: np.ndarray) -> None:
        old = self.values[layer.weight]
        if layer.weight_scale is not None:  # onto the int8 grid of the fixed scales
            scaled = matrix / self._row_scales(layer, layer.weight_scale)[:, None]
            matrix = np.clip(np.rint(scaled), -WEIGHT_QMAX, WEIGHT_QMAX)
        stored = matrix.T if layer.transposed else matrix.reshape(layer.shape)
        self.values[layer.weight] = np.ascontiguousarray(stored).astype(old.dtype)
        self.changed.add(layer.weight)

    def bias(self, layer: Layer) -> np.ndarray | None:
        if layer.bias is None:
            return None
        values = self.values[layer.bias].astype(np.float64).reshape(-1)
        return values * self._row_scales(layer, layer.bias_scale)

    def set_bias(self, layer: Layer, bias: np.ndarray) -> None:
        assert layer.bias is not None
        old = self.values[layer.bias]
        if layer.bias_scale is not None:
            bias = np.clip(np.rint(bias / self._row_scales(layer, layer.bias_scale)), INT32_MIN, INT32_MAX)
        self.values[layer.bias] = bias.reshape(old.shape).astype(old.dtype)
        self.changed.add(layer.bias)

    def updated_model(self) -> onnx.ModelProto:
        """A copy of the model with the changed initializers written back."""
        model = onnx.ModelProto()
        model.CopyFrom(self.model)
        for index, tensor in enumerate(model.graph.initializer):
            if tensor.name in self.changed:
                model.graph.initializer[index].CopyFrom(numpy_helper.from_array(self.values[tensor.name],
                                                                                tensor.name))
        return model


@dataclass(frozen=True)
class Geometry:
    """How a layer's input becomes rows of its [K] reduction vectors."""

    op: str
    groups: int
    kernel: tuple[int, ...] = ()
    strides: tuple[int, ...] = ()
    dilations: tuple[int, ...] = ()
    pads: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())


def geometry(view: GraphView, layer: Layer) -> Geometry:
    node = view.nodes[layer.index]
    if layer.op != "Conv":
        return Geometry(layer.op, 1)
    x, y = view.tensor(node.input[0]), view.tensor(node.output[0])
    spatial = len(x.shape) - 2
    kernel = tuple(attribute(node, "kernel_shape", layer.shape[2:]))
    strides = tuple(attribute(node, "strides", [1] * spatial))
    dilations = tuple(attribute(node, "dilations", [1] * spatial))
    pads = pad_pairs(attribute(node, "auto_pad", "NOTSET"), attribute(node, "pads"), x.shape[2:],
                     y.shape[2:], kernel, strides, dilations)
    return Geometry("Conv", layer.groups, kernel, strides, dilations, pads)


def reduction_rows(x: np.ndarray, geo: Geometry, out_spatial: tuple[int, ...]) -> np.ndarray:
    """The layer's input as [groups, rows, K]: one row per output position (im2col), K in the
    weight's order (input channel of the group, then kernel taps)."""
    if geo.op != "Conv":
        return x.reshape(1, -1, x.shape[-1])
    batch, channels = x.shape[:2]
    padded = np.pad(x, [(0, 0), (0, 0), *zip(*geo.pads)])
    taps = []
    for offsets in np.ndindex(*geo.kernel):
        index = tuple(slice(o * d, o * d + (n - 1) * s + 1, s)
                      for o, d, s, n in zip(offsets, geo.dilations, geo.strides, out_spatial))
        window = (slice(None), slice(None), *index)  # [B, C, *out]
        taps.append(padded[window])
    stacked = np.stack(taps, axis=2)  # [B, C, taps, *out]
    per_group = channels // geo.groups
    stacked = stacked.reshape(batch, geo.groups, per_group * len(taps), -1)  # [B, g, K, positions]
    return stacked.transpose(1, 0, 3, 2).reshape(geo.groups, -1, per_group * len(taps))


def output_rows(y: np.ndarray, op: str) -> np.ndarray:
    """A layer output as [rows, out channels]."""
    if op != "Conv":
        return y.reshape(-1, y.shape[-1])
    return np.moveaxis(y, 1, -1).reshape(-1, y.shape[1])
