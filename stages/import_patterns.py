"""Import: the LayerNorm and GELU that exporters write out op by op become one op each.

PyTorch below opset 17 writes LayerNorm as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div,
Mul, Add, and at every opset below 20 writes the exact GELU as Div (or Mul), Erf, Add, Mul, Mul.
Import replaces each such chain by LayerNormalization (opset 17) or Gelu (opset 20); the model's
opset is raised first when it is older (`required_opset`). A chain is fused only when its
intermediate tensors feed nothing else and are no graph output, so no value is lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper

from ferry.stages.common.graph import GraphView, attribute, unique_name

OPSET_OF = {"LayerNormalization": 17, "Gelu": 20}
_SQRT2 = float(np.sqrt(2.0))


@dataclass(frozen=True)
class Fusion:
    """One chain to replace: its nodes, and the fused node with any new constants it reads."""

    nodes: tuple[onnx.NodeProto, ...]
    op: str
    inputs: tuple[str, ...]  # x, then constants named in `constants`
    output: str
    attributes: tuple[tuple[str, object], ...] = ()
    constants: tuple[tuple[str, np.ndarray], ...] = ()


def _sole_consumer(view: GraphView, name: str, op: str) -> onnx.NodeProto | None:
    consumers = view.consumers.get(name, [])
    if len(consumers) != 1 or name in view.outputs or consumers[0].op_type != op:
        return None
    return consumers[0]


def _other(node: onnx.NodeProto, name: str) -> str:
    """The other input of a binary node that reads `name`."""
    return node.input[1] if node.input[0] == name else node.input[0]


def _scalar(view: GraphView, name: str) -> float | None:
    if not view.is_constant(name) or view.constant(name).size != 1:
        return None
    return float(view.constant(name).reshape(-1)[0])


def _is(view: GraphView, name: str, value: float) -> bool:
    found = _scalar(view, name)
    return found is not None and bool(np.isclose(found, value, rtol=1e-4, atol=0.0))


# ---- GELU: x * 0.5 * (1 + erf(x / sqrt(2))), in the orders exporters write it -------------------


def match_gelu(view: GraphView, erf: onnx.NodeProto) -> Fusion | None:
    scaled = view.producer.get(erf.input[0])
    if scaled is None or _sole_consumer(view, erf.input[0], "Erf") is None:
        return None
    if ((scaled.op_type == "Div" and _is(view, scaled.input[1], _SQRT2))
            or (scaled.op_type == "Mul" and _is(view, scaled.input[1], 1 / _SQRT2))):
        x = scaled.input[0]
    elif scaled.op_type == "Mul" and _is(view, scaled.input[0], 1 / _SQRT2):
        x = scaled.input[1]
    else:
        return None
    plus_one = _sole_consumer(view, erf.output[0], "Add")
    if plus_one is None or not _is(view, _other(plus_one, erf.output[0]), 1.0):
        return None
    first = _sole_consumer(view, plus_one.output[0], "Mul")
    if first is None:
        return None
    factor = _other(first, plus_one.output[0])
    half = view.producer.get(factor)
    if factor == x or _is(view, factor, 0.5):  # (x * (1 + erf)) * 0.5 or ((1 + erf) * 0.5) * x
        last = _sole_consumer(view, first.output[0], "Mul")
        if last is None:
            return None
        rest = _other(last, first.output[0])
        if not (_is(view, rest, 0.5) if factor == x else rest == x):
            return None
        nodes = (scaled, erf, plus_one, first, last)
    elif (half is not None and half.op_type == "Mul" and x in half.input
          and _is(view, _other(half, x), 0.5) and _sole_consumer(view, factor, "Mul") is not None):
        last, nodes = first, (half, scaled, erf, plus_one, first)  # (x * 0.5) * (1 + erf)
    else:
        return None
    return Fusion(nodes, "Gelu", (x,), last.output[0])


# ---- LayerNorm: (x - mean) / sqrt(mean((x - mean)^2) + eps) * scale + bias ----------------------


def _axes(view: GraphView, node: onnx.NodeProto) -> list[int] | None:
    """The ReduceMean's axes if it keeps dimensions, else None."""
    if attribute(node, "keepdims", 1) != 1:
        return None
    if len(node.input) > 1 and node.input[1]:
        if not view.is_constant(node.input[1]):
            return None
        return [int(a) for a in view.constant(node.input[1]).reshape(-1)]
    axes = attribute(node, "axes")
    return None if axes is None else [int(a) for a in axes]


def _trailing_axis(axes: list[int] | None, rank: int) -> int | None:
    """The first normalized axis when `axes` are the trailing axes of a rank-`rank` tensor."""
    if not axes:
        return None
    normalized = sorted(a % rank for a in axes)
    return normalized[0] if normalized == list(range(rank - len(axes), rank)) else None


def _affine(view: GraphView, name: str, op: str,
            shape: tuple[int, ...]) -> tuple[onnx.NodeProto, np.ndarray] | None:
    """A Mul (Add) of `name` by a float32 constant that broadcasts over the normalized axes."""
    node = _sole_consumer(view, name, op)
    if node is None or not view.is_constant(_other(node, name)):
        return None
    value = view.constant(_other(node, name))
    if value.dtype != np.float32 or value.ndim > len(shape):
        return None
    try:
        if np.broadcast_shapes(value.shape, shape) != shape:
            return None
    except ValueError:
        return None
    return node, np.broadcast_to(value, shape).reshape(-1).copy()


def match_layer_norm(view: GraphView, mean: onnx.NodeProto) -> Fusion | None:
    x = mean.input[0]
    info = view.tensor(x)
    axis = _trailing_axis(_axes(view, mean), len(info.shape))
    if axis is None or info.dtype != np.float32:
        return None
    centred = _sole_consumer(view, mean.output[0], "Sub")
    if centred is None or list(centred.input) != [x, mean.output[0]]:
        return None
    readers = list({id(n): n for n in view.consumers.get(centred.output[0], [])}.values())
    square = next((n for n in readers if (n.op_type == "Pow" and _is(view, n.input[1], 2.0))
                   or (n.op_type == "Mul" and list(n.input) == [centred.output[0]] * 2)), None)
    if len(readers) != 2 or square is None or centred.output[0] in view.outputs:
        return None
    variance = _sole_consumer(view, square.output[0], "ReduceMean")
    if variance is None or _trailing_axis(_axes(view, variance), len(info.shape)) != axis:
        return None
    plus_eps = _sole_consumer(view, variance.output[0], "Add")
    epsilon = _scalar(view, _other(plus_eps, variance.output[0])) if plus_eps else None
    if plus_eps is None or epsilon is None:
        return None
    root = _sole_consumer(view, plus_eps.output[0], "Sqrt")
    divide = _sole_consumer(view, root.output[0], "Div") if root else None
    if root is None or divide is None or list(divide.input) != [centred.output[0], root.output[0]]:
        return None
    nodes = [mean, centred, square, variance, plus_eps, root, divide]
    shape = info.shape[axis:]
    scale, bias = np.ones(int(np.prod(shape)), np.float32), None
    if (scaled := _affine(view, divide.output[0], "Mul", shape)) is not None:
        nodes.append(scaled[0])
        scale = scaled[1]
        if (shifted := _affine(view, scaled[0].output[0], "Add", shape)) is not None:
            nodes.append(shifted[0])
            bias = shifted[1]
    constants = [("scale", scale.reshape(shape))]
    if bias is not None:
        constants.append(("bias", bias.reshape(shape)))
    return Fusion(tuple(nodes), "LayerNormalization", (x,), nodes[-1].output[0],
                  (("axis", axis), ("epsilon", epsilon)), tuple(constants))


# ---- applying them ----------------------------------------------------------------------------


def find_fusions(model: onnx.ModelProto) -> list[Fusion]:
    view = GraphView(model)
    found = []
    for node in view.nodes:
        if node.op_type == "Erf":
            fusion = match_gelu(view, node)
        elif node.op_type == "ReduceMean":
            fusion = match_layer_norm(view, node)
        else:
            continue
        if fusion is not None:
            found.append(fusion)
    return found


def required_opset(model: onnx.ModelProto) -> int:
    """The lowest opset that has every op the model's chains fuse into (0 when there are none)."""
    return max((OPSET_OF[f.op] for f in find_fusions(model)), default=0)


def _fused_name(fusion: Fusion, taken: set[str]) -> str:
    """The chain's common name prefix (a module path for PyTorch) followed by the op."""
    names = [n.name for n in fusion.nodes]
    prefix = os.path.commonprefix(names)  # noqa: RUF071 - node names, cut at the last "/" below
    prefix = prefix[:prefix.rfind("/") + 1] if "/" in prefix else ""
    return unique_name(f"{prefix}{fusion.op}", taken)


def fuse_patterns(model: onnx.ModelProto) -> dict[str, int]:
    """Replace every chain found by its op, in place; returns how many of each were fused."""
    graph = model.graph
    taken = {n.name for n in graph.node} | {t.name for t in graph.initializer}
    taken |= {name for n in graph.node for name in [*n.input, *n.output]}
    counts: dict[str, int] = {}
    for fusion in find_fusions(model):
        name = _fused_name(fusion, taken)
        taken.add(name)
        inputs = list(fusion.inputs)
        for suffix, value in fusion.constants:
            constant = unique_name(f"{name}.{suffix}", taken)
            taken.add(constant)
            graph.initializer.append(numpy_helper.from_array(value, constant))
            inputs.append(constant)
        attributes: dict[str, Any] = dict(fusion.attributes)
        fused = helper.make_node(fusion.op, inputs, [fusion.output], name=name, **attributes)
        position = list(graph.node).index(fusion.nodes[-1])
        graph.node.insert(position, fused)
        for node in fusion.nodes:
            graph.node.remove(node)
        counts[fusion.op] = counts.get(fusion.op, 0) + 1
    return counts
