"""The layers of a ferry integer program as CMSIS-NN's s8 wrappers take them.

For every node whose kernel is ferry::q::conv, ferry::q::depthwise_conv or ferry::q::gemm, the
same quantized weights (re-laid out: OHWI for a conv, 1HW(C*M) for a depthwise conv, [N, K] for a
fully connected layer), the same int32 bias (the program's own, un-folded: acc = bias + Σ w·(x -
x_zp), which CMSIS-NN computes with input_offset = -x_zp), the same per-channel multipliers and
shifts, output zero point and clamp; the input is the golden model's tensor for one sample, made
channels last (NHWC), and the expected output is the golden model's, made channels last too.
`serialize` writes them in the format runner.cpp reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
from onnx import numpy_helper

from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.reference import Batch

# ferry's kernel -> the CMSIS-NN wrapper that runs it (runner.cpp's Kind)
KINDS = {"ferry::q::conv": 0, "ferry::q::depthwise_conv": 1, "ferry::q::gemm": 2}
CONV, DEPTHWISE, FULLY_CONNECTED = 0, 1, 2
HEADER_WORDS = 26  # runner.cpp's Header


@dataclass(frozen=True)
class CmsisLayer:
    """One layer as runner.cpp reads it, and the golden output it must produce."""

    index: int  # the node's index in the program (its slot in the profile)
    node: str
    header: np.ndarray  # int32 [HEADER_WORDS]
    arrays: tuple[np.ndarray, ...]  # input, filter, bias, multiplier, shift
    expected: np.ndarray  # int8, in CMSIS-NN's output layout


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _header(kind: int, index: int, dims: tuple[tuple[int, ...], ...], geometry: tuple[int, ...],
            ch_mult: int, x_zero_point: int, attrs: dict, per_channel: bool) -> np.ndarray:
    """The header words: kind, index, input/filter/output dims (n, h, w, c), stride, padding and
    dilation (h, w each), channel multiplier, input offset (-x_zp), output offset (y_zp), clamp."""
    words = [kind, index, *(d for shape in dims for d in shape), *geometry, ch_mult, -x_zero_point,
             attrs["y_zero_point"], attrs["y_min"], attrs["y_max"], int(per_channel)]
    assert len(words) == HEADER_WORDS
    return np.array(words, dtype=np.int32)


def conv_layer(index: int, node: onnx.NodeProto, kind: int, x: np.ndarray, y: np.ndarray,
               weights: list[np.ndarray]) -> CmsisLayer:
    """A QConv (NCHW, w [M, C / group, kh, kw]) as arm_convolve_wrapper_s8 (OHWI filter) or
    arm_depthwise_conv_wrapper_s8 (1HW(C*M) filter) takes it. CMSIS-NN pads by (top, left) and
    treats every tap outside the input as padding, so the bottom and right padding follow from
    the output size."""
    w, bias, multiplier, shift = weights
    attrs = _attributes(node)
    n, channels, height, width = x.shape
    m, per_group, kh, kw = w.shape
    _, _, out_h, out_w = y.shape
    top, left, _, _ = attrs["pads"]
    if kind == DEPTHWISE:
        filter_data = w.reshape(m, kh, kw).transpose(1, 2, 0)
        filter_dims = (1, kh, kw, m)
        ch_mult = m // channels
    else:  # a grouped conv too: CMSIS-NN's groups are input channels / filter channels
        filter_data = w.transpose(0, 2, 3, 1)
        filter_dims = (m, kh, kw, per_group)
        ch_mult = 1
    geometry = (*attrs["strides"], top, left, *attrs["dilations"])
    header = _header(kind, index, ((n, height, width, channels), filter_dims, (n, out_h, out_w, m)), geometry,
                     ch_mult, attrs["x_zero_point"], attrs, True)
    requantizers = [np.broadcast_to(np.asarray(a, dtype=np.int32).reshape(-1), (m,)) for a in (multiplier, shift)]
    arrays = (x.transpose(0, 2, 3, 1), filter_data, bias.astype(np.int32), *requantizers)
    return CmsisLayer(index, node.name, header, arrays, y.transpose(0, 2, 3, 1))


def gemm_layer(index: int, node: onnx.NodeProto, a: np.ndarray, y: np.ndarray,
               weights: list[np.ndarray]) -> CmsisLayer:
    """A QGemm (a [rows, K] times w [N, K]^T) as arm_fully_connected_wrapper_s8 takes it: input
    [rows, 1, 1, K], filter n = K, c = N; per channel when the program has one multiplier per
    output (arm_fully_connected_per_channel_s8), else per tensor (arm_fully_connected_s8)."""
    w, bias, multiplier, shift = weights
    attrs = _attributes(node)
    outputs, depth = w.shape
    rows = a.size // depth
    per_channel = np.asarray(multiplier).size > 1
    header = _header(FULLY_CONNECTED, index, ((rows, 1, 1, depth), (depth, 1, 1, outputs), (rows, 1, 1, outputs)),
                     (1, 1, 0, 0, 1, 1), 1, attrs["a_zero_point"], attrs, per_channel)
    arrays = (a.reshape(rows, depth), w, bias.astype(np.int32),
              np.asarray(multiplier, dtype=np.int32).reshape(-1), np.asarray(shift, dtype=np.int32).reshape(-1))
    return CmsisLayer(index, node.name, header, arrays, y.reshape(rows, outputs))


def cmsis_layers(program: onnx.ModelProto, plan: MemoryPlanRecord, feeds: Batch) -> list[CmsisLayer]:
    """Every conv, depthwise conv and gemm layer of the plan, with the golden model's tensors
    for the sample `feeds` (the program's int8 inputs)."""
    values = {**feeds, **GoldenModel(program).run(feeds, intermediate=True)}
    initializers = {i.name: numpy_helper.to_array(i) for i in program.graph.initializer}
    layers = []
    for layer in plan.layers:
        kind = KINDS.get(layer.kernel or "")
        if kind is None:
            continue
        node = program.graph.node[layer.index]
        if node.name != layer.node:
            raise ValueError(f"plan layer {layer.index} is {layer.node}, the program's node {node.name}")
        x, y = values[node.input[0]], values[node.output[0]]
        weights = [initializers[name] for name in node.input[1:5]]
        layers.append(gemm_layer(layer.index, node, x, y, weights) if kind == FULLY_CONNECTED
                      else conv_layer(layer.index, node, kind, x, y, weights))
    return layers


def _padded(array: np.ndarray) -> bytes:
    raw = np.ascontiguousarray(array).tobytes()
    return raw + bytes(-len(raw) % 4)


def serialize(layers: list[CmsisLayer], harness_slot: int) -> bytes:
    """layers.bin: the layer count and the profile slot of the harness's own work, then per layer
    its header and its arrays (each padded to 4 bytes)."""
    parts = [np.array([len(layers), harness_slot], dtype=np.int32).tobytes()]
    for layer in layers:
        parts.append(layer.header.tobytes())
        parts += [_padded(a) for a in layer.arrays]
    return b"".join(parts)
