"""Channel pruning: whole output channels of a layer removed by graph surgery.

A layer's output channels flow forward through ops that keep them apart (activations, pooling,
BatchNormalization, elementwise ops with a per-channel constant, depthwise Conv), through
Flatten (one channel becomes H·W features) and Concat on the channel axis (at an offset), to the
layers that read them. Removing channel c removes it everywhere along that flow: the producer's
filter and bias, the per-channel constants on the way, the consumers' input channels (features).

An Add (Sub, Mul, Div) of two computed tensors couples their channels: channel c of one is added
to channel c of the other, so every layer producing either side must lose the same channels. The
layers coupled this way form one group, pruned together at the smallest level any of them asks
for; a group that cannot be pruned (a member is excluded, reaches the model output, or is coupled
with the model input or an op that mixes channels) stays dense, each member saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import onnx
from onnx import numpy_helper

from ferry.stages.common.graph import GraphView, attribute, unique_name
from ferry.stages.sparsify.layers import Layer

# ops whose output channel c depends on input channel c alone (their first input is the data)
CHANNELWISE = frozenset("""
    Relu LeakyRelu Clip Sigmoid Tanh HardSigmoid HardSwish Elu Selu Softplus Softsign Gelu PRelu
    MaxPool AveragePool GlobalAveragePool GlobalMaxPool LpPool BatchNormalization Identity Dropout
""".split())
BINARY = frozenset({"Add", "Sub", "Mul", "Div"})


class Refusal(Exception):
    """Why a group of layers cannot lose channels (names the coupling)."""


@dataclass
class Flow:
    """Where one group's channels go: origin[t][f] is the group channel feature f of tensor t
    carries (-1: a feature of another producer, e.g. the other inputs of a Concat)."""

    sources: list[str]
    coupling: dict[str, str] = field(default_factory=dict)  # source -> the op that coupled it
    origin: dict[str, np.ndarray] = field(default_factory=dict)
    sinks: dict[str, str] = field(default_factory=dict)  # layer -> the input tensor it reads
    sliced: list[tuple[int, int, str]] = field(default_factory=list)  # (node, input, data tensor)
    depthwise: list[tuple[int, str]] = field(default_factory=list)  # (node, data tensor): group = channels


def _channel_axis(constant: np.ndarray, data_rank: int) -> int | None:
    """The axis of a broadcast constant aligned with the data's channel axis (1), if it has one."""
    axis = constant.ndim - (data_rank - 1)
    return axis if axis >= 0 else None


class _Walk:
    def __init__(self, view: GraphView, layers: dict[str, Layer], start: str) -> None:
        self.view, self.layers = view, layers
        self.by_output = {layer.output: layer for layer in layers.values()}
        self.by_index = {layer.index: layer for layer in layers.values()}
        self.flow = Flow(sources=[start])

    def run(self) -> Flow:
        """Forward passes from every source until no coupled source is discovered."""
        while True:
            discovered = self._forward()
            if not discovered:
                return self.flow
            self.flow.sources += discovered

    def _forward(self) -> list[str]:
        flow, view = self.flow, self.view
        channels = {self.layers[s].out_channels for s in flow.sources}
        if len(channels) > 1:
            raise Refusal(f"coupled layers {', '.join(flow.sources)} have different channel counts")
        count = channels.pop()
        flow.origin = {self.layers[s].output: np.arange(count) for s in flow.sources}
        flow.sinks, flow.sliced, flow.depthwise = {}, [], []
        discovered: list[str] = []
        for index, node in enumerate(view.nodes):
            reached = [i for i, name in enumerate(node.input) if name in flow.origin]
            if not reached:
                continue
            layer = self.by_index.get(index)
            if layer is not None and reached == [0]:
                if layer.op == "Conv" and layer.groups > 1:
                    self._depthwise(node, index, layer)
                else:
                    flow.sinks[layer.name] = node.input[0]
                continue
            discovered += self._through(node, index, reached)
        for name in flow.origin:
            if name in view.outputs:
                raise Refusal(f"its channels reach the model output '{name}'")
        return [d for d in dict.fromkeys(discovered) if d not in flow.sources]

    def _depthwise(self, node: onnx.NodeProto, index: int, layer: Layer) -> None:
        channels = self.view.tensor(node.input[0]).shape[1]
        if not (layer.groups == channels == layer.out_channels):
            raise Refusal(f"grouped Conv '{layer.name}' mixes channels within its groups")
        self.flow.origin[node.output[0]] = self.flow.origin[node.input[0]]
        self.flow.depthwise.append((index, node.input[0]))
        self.flow.sliced += [(index, i, node.input[0]) for i in (1, 2) if len(node.input) > i and node.input[i]]

    def _through(self, node: onnx.NodeProto, index: int, reached: list[int]) -> list[str]:
        """Carry the channels through one op that is not a layer; the sources it couples."""
        flow, view, op = self.flow, self.view, node.op_type
        data = node.input[reached[0]]
        if op in CHANNELWISE and reached == [0]:
            flow.origin[node.output[0]] = flow.origin[data]
            rank = len(view.tensor(data).shape)
            for i, name in enumerate(node.input[1:], start=1):
                if not (name and view.is_constant(name) and view.constant(name).size > 1):
                    continue
                axis = 0 if op == "BatchNormalization" else _channel_axis(view.constant(name), rank)
                if axis is None or view.constant(name).shape[axis] != view.tensor(data).shape[1]:
                    raise Refusal(f"{op} '{node.name}' has a parameter that is not per channel")
                flow.sliced.append((index, i, data))
            return []
        if op == "Flatten" and attribute(node, "axis", 1) == 1:
            shape = view.tensor(data).shape
            per_channel = int(np.prod(shape[2:]))
            flow.origin[node.output[0]] = np.repeat(flow.origin[data], per_channel)
            return []
        if op == "Concat" and attribute(node, "axis") in (1, 1 - len(view.tensor(data).shape)):
            parts = [flow.origin.get(name, np.full(view.tensor(name).shape[1], -1)) for name in node.input]
            flow.origin[node.output[0]] = np.concatenate(parts)
            return []
        if op in BINARY:
            return self._binary(node, index, reached)
        raise Refusal(f"{op} '{node.name}' reads its channels and cannot drop them")

    def _binary(self, node: onnx.NodeProto, index: int, reached: list[int]) -> list[str]:
        flow, view = self.flow, self.view
        data = node.input[reached[0]]
        other_index = 1 - reached[0]
        other = node.input[other_index]
        rank = len(view.tensor(data).shape)
        if view.is_constant(other):
            axis = _channel_axis(view.constant(other), rank)
            if axis is not None and view.constant(other).shape[axis] > 1:  # else it broadcasts
                flow.sliced.append((index, other_index, data))
            flow.origin[node.output[0]] = flow.origin[data]
            return []
        if view.tensor(other).shape != view.tensor(data).shape:
            raise Refusal(f"{node.op_type} '{node.name}' broadcasts its inputs")
        flow.origin[node.output[0]] = flow.origin[data]
        if other in flow.origin:
            if not np.array_equal(flow.origin[other], flow.origin[data]):
                raise Refusal(f"{node.op_type} '{node.name}' adds channels in different orders")
            return []
        return self._producers(other, node)

    def _producers(self, tensor: str, coupler: onnx.NodeProto) -> list[str]:
        """The layers whose channels reach `tensor` unmixed (the other side of a coupling)."""
        view = self.view
        if tensor in self.by_output:
            source = self.by_output[tensor].name
            self.flow.coupling.setdefault(source, f"{coupler.op_type} '{coupler.name}'")
            return [source]
        producer = view.producer.get(tensor)
        where = f"{coupler.op_type} '{coupler.name}'"
        if producer is None:
            raise Refusal(f"coupled with the model input '{tensor}' through {where}")
        if producer.op_type in CHANNELWISE | BINARY:
            found = []
            for name in producer.input[: 1 if producer.op_type in CHANNELWISE else 2]:
                if name and not view.is_constant(name):
                    found += self._producers(name, coupler)
            return found
        raise Refusal(f"coupled through {where} with the output of {producer.op_type} "
                      f"'{producer.name}', which mixes channels")


def channel_flow(view: GraphView, layers: dict[str, Layer], start: str) -> Flow:
    """The group of layers coupled with `start` and where their channels go (raises Refusal)."""
    return _Walk(view, layers, start).run()


def channel_importance(flow: Flow, matrices: dict[str, np.ndarray], energy: dict[str, np.ndarray],
                       channels: int) -> np.ndarray:
    """Per group channel: the output energy its removal takes from the layers that read it,
    Σ over sinks and their features f of E[x_f²] · ||W[:, f]||² (x: the sink's input on the
    calibration data, W: its [out, K] weights)."""
    score = np.zeros(channels)
    for sink, tensor in flow.sinks.items():
        origin = flow.origin[tensor]
        weights = matrices[sink]
        columns = (weights.reshape(weights.shape[0], origin.size, -1) ** 2).sum(axis=(0, 2))
        contribution = energy[tensor] * columns
        np.add.at(score, origin[origin >= 0], contribution[origin >= 0])
    return score


def _parameter_axis(node: onnx.NodeProto, constant: np.ndarray, data_rank: int) -> int:
    if node.op_type in ("BatchNormalization", "Conv"):  # per-channel vectors, depthwise filters
        return 0
    axis = _channel_axis(constant, data_rank)
    assert axis is not None  # the walk only records per-channel constants
    return axis


def remove_channels(model: onnx.ModelProto, view: GraphView, layers: dict[str, Layer], flow: Flow,
                    kept: np.ndarray) -> onnx.ModelProto:
    """A copy of the model without the group's channels not in `kept` (sorted indices), value_info
    cleared for shape inference. An initializer shared with a node outside the flow is copied."""
    result = onnx.ModelProto()
    result.CopyFrom(model)
    graph = result.graph
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    taken = set(values) | {n for node in view.nodes for n in [*node.input, *node.output]}
    changed: set[str] = set()

    def update(index: int, position: int, select: np.ndarray, axis: int) -> None:
        node = graph.node[index]
        name = node.input[position]
        array = np.take(values[name], select, axis=axis)
        if len(view.consumers[name]) > 1 and name not in changed:
            name = node.input[position] = unique_name(f"{name}_pruned", taken)
        values[name] = array
        changed.add(name)

    def keep_of(tensor: str) -> np.ndarray:
        origin = flow.origin[tensor]
        return np.flatnonzero((origin < 0) | np.isin(origin, kept))

    for source in flow.sources:  # filters (a source may also read the group: sliced again below)
        layer = layers[source]
        update(layer.index, 1, kept, 1 if layer.transposed else 0)
        if layer.bias is not None:
            update(layer.index, 2, kept, -1)
    for sink, tensor in flow.sinks.items():
        layer = layers[sink]
        update(layer.index, 1, keep_of(tensor), 0 if layer.transposed else 1)
    for index, position, data in flow.sliced:
        node = graph.node[index]
        rank = len(view.tensor(data).shape)
        update(index, position, keep_of(data), _parameter_axis(node, values[node.input[position]], rank))
    for index, data in flow.depthwise:
        group = next(a for a in graph.node[index].attribute if a.name == "group")
        group.i = int(keep_of(data).size)
    # from_array writes C order from any strides; np.ascontiguousarray would turn a 0-d value 1-d
    initializers = [numpy_helper.from_array(values[t.name], t.name) if t.name in changed else t
                    for t in graph.initializer]
    stored = {t.name for t in graph.initializer}
    initializers += [numpy_helper.from_array(values[n], n) for n in sorted(changed - stored)]
    del graph.initializer[:], graph.value_info[:]
    graph.initializer.extend(initializers)
    return result
