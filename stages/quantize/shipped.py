"""The QDQ model as ferry ships it (quantize/model.qdq.onnx, the bundle's model): the dimensions
the exporter left dynamic stay dynamic, while every stage inside ferry computes at static shapes.

Import fixes each dynamic input dimension from `input_shapes` and folds the shape arithmetic that
read it (Shape -> Gather -> Concat -> Reshape becomes a constant [1, 17, 2, 16]). To undo that for
the shipped model, the source is imported a second time with every dynamic dimension doubled: the
constants that differ between the two imports are exactly the folded arithmetic. A Reshape
target's entry that follows a dynamic dimension becomes 0 (copy the input's dimension) when the
input's dimension follows it alike, else -1 when no other entry is -1; a constant broadcast along a
dynamic dimension (a class token Expanded to the batch) is expanded to the input's dimension at
run time. Anything else keeps the shipped model static, and says why. A dynamic model is shipped
only once onnxruntime computes with it what it computes with the static model, at the static
shapes and at the doubled ones (a doubled batch equals two static runs, sample by sample).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

from ferry.core.errors import FerryError
from ferry.stages.common.graph import GraphView, attribute, static_shape, unique_name
from ferry.stages.common.reference import OnnxRuntime
from ferry.stages.importer import INPUT_SHAPES_KEY, import_model, load_model

Dim = tuple[str, int]  # (graph input, axis): one dynamic dimension of the source
# The shipped model computes what the static one does within this fraction of the output's
# largest magnitude: a sample mixed up by a wrong Reshape is far off, while a float op kept in
# float may round its last bit differently at another batch size.
AGREEMENT = 1e-2


class KeptStatic(Exception):
    """Why the shipped model keeps ferry's static shapes."""


@dataclass(frozen=True)
class ShippedModel:
    model: onnx.ModelProto
    dynamic: list[str]  # the restored dimensions, as "input[axis]=name"; empty: static
    static_reason: str | None  # why dimensions the source declared dynamic stay static


def shipped_model(qdq: onnx.ModelProto, source: Path) -> ShippedModel:
    """`qdq` (ferry's static QDQ model of `source`) with the source's dynamic dimensions restored
    on its inputs, outputs and value_info; unchanged when the source has none."""
    graph = load_model(source).graph
    declared = {v.name: v for v in [*graph.input, *graph.output]}
    static = {i.name: list(static_shape(i) or ()) for i in qdq.graph.input}
    dynamic = [(name, axis) for name, shape in static.items() if name in declared
               for axis in range(len(shape)) if not _is_fixed(declared[name], axis)]
    if not dynamic:
        return ShippedModel(qdq, [], None)
    doubled = {name: [size * 2 if (name, axis) in dynamic else size for axis, size in enumerate(shape)]
               for name, shape in static.items()}
    try:
        model = _declared_shapes(_with_shape_arithmetic(qdq, source, static, doubled, dynamic), declared)
        _check_agreement(qdq, model, static, doubled, dynamic)
    except KeptStatic as reason:
        return ShippedModel(qdq, [], str(reason))
    model.metadata_props.add(key=INPUT_SHAPES_KEY, value=json.dumps(static, sort_keys=True))
    return ShippedModel(model, [f"{name}[{axis}]={_dim_text(declared[name], axis)}" for name, axis in dynamic],
                        None)


def _is_fixed(value_info: onnx.ValueInfoProto, axis: int) -> bool:
    dims = value_info.type.tensor_type.shape.dim
    return axis < len(dims) and dims[axis].HasField("dim_value") and dims[axis].dim_value > 0


def _dim_text(value_info: onnx.ValueInfoProto, axis: int) -> str:
    return value_info.type.tensor_type.shape.dim[axis].dim_param or "?"


def _with_shape_arithmetic(qdq: onnx.ModelProto, source: Path, static: dict[str, list[int]],
                           doubled: dict[str, list[int]], dynamic: list[Dim]) -> onnx.ModelProto:
    """A copy of `qdq` whose constants that import folded from the dynamic dimensions follow them
    again: the constants that differ between two imports of the source."""
    at_static, at_doubled = _imported(source, static), _imported(source, doubled)
    if [(n.op_type, n.name) for n in at_static.nodes] != [(n.op_type, n.name) for n in at_doubled.nodes]:
        raise KeptStatic("importing the source at another batch size gives another graph")
    model = onnx.ModelProto()
    model.CopyFrom(qdq)
    edit = _Edit(model, static, doubled, dynamic)
    for name, value in at_static.constants.items():
        other = at_doubled.constants.get(name)
        if other is None:
            raise KeptStatic(f"constant '{name}' exists only at the static shapes")
        if value.shape == other.shape and np.array_equal(value, other):
            continue
        consumers = at_static.consumers[name]
        if consumers and all(node.op_type == "Reshape" and list(node.input).index(name) == 1 for node in consumers):
            for node in consumers:
                edit.reshape_target(node, value, other, at_static, at_doubled)
        else:
            edit.broadcast(name, value, other, consumers)
    edit.finish()
    return model


def _declared_shapes(model: onnx.ModelProto, declared: dict[str, onnx.ValueInfoProto]) -> onnx.ModelProto:
    """Inputs as the source declares them, value_info inferred from them again, outputs as the
    source declares them where that agrees with what inference finds."""
    graph = model.graph
    for value_info in graph.input:
        if value_info.name in declared:
            value_info.type.tensor_type.shape.CopyFrom(declared[value_info.name].type.tensor_type.shape)
    del graph.value_info[:]
    for output in graph.output:
        output.type.tensor_type.ClearField("shape")
    try:
        model = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        onnx.checker.check_model(model)
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as error:
        raise KeptStatic(f"shape inference at dynamic shapes fails: {str(error).strip().splitlines()[0]}") from None
    for output in model.graph.output:
        original = declared.get(output.name)
        if original is not None and _agrees(original.type.tensor_type.shape, output.type.tensor_type.shape):
            output.type.tensor_type.shape.CopyFrom(original.type.tensor_type.shape)
    return model


def _agrees(declared: onnx.TensorShapeProto, inferred: onnx.TensorShapeProto) -> bool:
    """Same rank, and no dimension with two different sizes."""
    return len(declared.dim) == len(inferred.dim) and all(
        not (a.HasField("dim_value") and b.HasField("dim_value")) or a.dim_value == b.dim_value
        for a, b in zip(declared.dim, inferred.dim))


def _imported(source: Path, shapes: dict[str, list[int]]) -> GraphView:
    try:
        model, _ = import_model(source, "source", shapes)
    except FerryError as error:
        raise KeptStatic(f"the source does not import at shapes {shapes}: {error}") from None
    return GraphView(model)


class _Edit:
    """The changes to one QDQ model: Reshape targets rewritten, broadcast constants expanded."""

    def __init__(self, model: onnx.ModelProto, static: dict[str, list[int]], doubled: dict[str, list[int]],
                 dynamic: list[Dim]) -> None:
        self.graph = model.graph
        self.static, self.doubled, self.dynamic = static, doubled, dynamic
        # a node keeps its first output's name through quantization (its Q/DQ pair reads it)
        self.nodes = {node.output[0]: node for node in self.graph.node if node.output}
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.taken = {t.name for t in self.graph.initializer} | {i.name for i in self.graph.input}
        self.taken |= {name for node in self.graph.node for name in [*node.input, *node.output]}
        self.producers = {name: node for node in self.graph.node for name in node.output}
        self.dims: dict[Dim, str] = {}  # a dynamic dimension as a 1-D tensor computed from its input
        self.prefix: list[onnx.NodeProto] = []  # nodes computing shapes and expanded constants
        self.expanded: set[str] = set()  # initializers now written by an Expand

    def reshape_target(self, node: onnx.NodeProto, at_static: np.ndarray, at_doubled: np.ndarray,
                       view: GraphView, doubled_view: GraphView) -> None:
        """The QDQ model's Reshape reads a target whose entries that follow a dynamic dimension
        become 0 or -1."""
        where = f"Reshape '{node.name or node.output[0]}'"
        if attribute(node, "allowzero", 0) or at_static.shape != at_doubled.shape:
            raise KeptStatic(f"{where}: its target shape depends on the batch in a way ferry cannot restore")
        target = self._node(node).input[1]
        if target not in self.initializers:
            raise KeptStatic(f"{where}: its target is computed in the QDQ model")
        values = numpy_helper.to_array(self.initializers[target]).copy()
        changed = [i for i in range(len(values)) if at_static[i] != at_doubled[i]]
        if values.shape != at_static.shape or not np.array_equal(values[changed], at_static[changed]):
            raise KeptStatic(f"{where}: its target differs from the imported model's")
        data_static, data_doubled = view.tensor(node.input[0]).shape, doubled_view.tensor(node.input[0]).shape
        unresolved = []
        for i in changed:
            follows = (i < len(data_static) and data_static[i] == at_static[i]
                       and data_doubled[i] == at_doubled[i])
            if follows:
                values[i] = 0
            else:
                unresolved.append(i)
        if len(unresolved) > 1 or (unresolved and -1 in values):
            raise KeptStatic(f"{where}: its target would need -1 in two entries to follow the batch")
        values[unresolved] = -1
        name = unique_name(f"{target}_dynamic", self.taken)
        self.graph.initializer.append(numpy_helper.from_array(values.astype(np.int64), name))
        self._node(node).input[1] = name

    def broadcast(self, name: str, at_static: np.ndarray, at_doubled: np.ndarray,
                  consumers: list[onnx.NodeProto]) -> None:
        """A constant repeated along dynamic dimensions (of size 1 at the static shapes): the QDQ
        model's constant (or the int8 constant its consumers dequantize) is stored once and
        Expanded to the input's dimensions under its own name, which import folds back."""
        unrestorable = KeptStatic(f"constant '{name}' depends on the batch in a way ferry cannot restore")
        if at_static.ndim != at_doubled.ndim or not consumers:
            raise unrestorable
        axes: dict[int, Dim] = {}
        for axis, (small, large) in enumerate(zip(at_static.shape, at_doubled.shape)):
            if small == large:
                continue
            follows = [(i, a) for i, a in self.dynamic
                       if self.static[i][a] == small == 1 and self.doubled[i][a] == large]
            if not follows:
                raise unrestorable
            axes[axis] = follows[0]
        if not np.array_equal(np.broadcast_to(at_static, at_doubled.shape), at_doubled):
            raise unrestorable
        for consumer in consumers:
            stored = self._stored(self._node(consumer).input[list(consumer.input).index(name)])
            if stored is None:
                raise unrestorable
            if stored in self.expanded:
                continue
            unexpanded = unique_name(f"{stored}_unexpanded", self.taken)
            self.initializers[stored].name = unexpanded
            self.prefix.append(helper.make_node("Expand", [unexpanded, self._expand_shape(at_static.ndim, axes)],
                                                [stored], name=f"{stored}_Expand"))
            self.expanded.add(stored)

    def _stored(self, tensor: str) -> str | None:
        """The initializer a consumer's input is: itself, or what a per-tensor DequantizeLinear reads."""
        if tensor in self.initializers:
            return tensor
        producer = self.producers.get(tensor)
        if producer is None or producer.op_type != "DequantizeLinear" or producer.input[0] not in self.initializers:
            return None
        scale = self.initializers.get(producer.input[1])
        return producer.input[0] if scale is not None and not scale.dims else None

    def _expand_shape(self, rank: int, axes: dict[int, Dim]) -> str:
        """A 1-D shape tensor: the dynamic dimension on `axes`, 1 elsewhere."""
        pieces = []
        for axis in range(rank):
            if axis in axes:
                pieces.append(self._dim(axes[axis]))
            else:
                one = unique_name("one", self.taken)
                self.graph.initializer.append(numpy_helper.from_array(np.array([1], np.int64), one))
                pieces.append(one)
        shape = unique_name("expand_shape", self.taken)
        self.prefix.append(helper.make_node("Concat", pieces, [shape], name=shape, axis=0))
        return shape

    def _dim(self, dim: Dim) -> str:
        """The dynamic dimension as a 1-D tensor: Shape of the input, Gather of the axis."""
        if dim not in self.dims:
            input_name, axis = dim
            shape = unique_name(f"{input_name}_shape", self.taken)
            value = unique_name(f"{input_name}_dim{axis}", self.taken)
            index = unique_name(f"{input_name}_axis{axis}", self.taken)
            self.graph.initializer.append(numpy_helper.from_array(np.array([axis], np.int64), index))
            self.prefix += [helper.make_node("Shape", [input_name], [shape], name=shape),
                            helper.make_node("Gather", [shape, index], [value], name=value, axis=0)]
            self.dims[dim] = value
        return self.dims[dim]

    def finish(self) -> None:
        """The computed shapes and expanded constants lead the graph (they read only graph
        inputs); the Reshape targets replaced go."""
        nodes = [*self.prefix, *self.graph.node]
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        used = {name for node in nodes for name in node.input}
        kept = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(kept)

    def _node(self, node: onnx.NodeProto) -> onnx.NodeProto:
        """The QDQ model's node that is `node` of the imported model."""
        found = self.nodes.get(node.output[0])
        if found is None or found.op_type != node.op_type:
            raise KeptStatic(f"{node.op_type} '{node.name or node.output[0]}' of the imported model is not "
                             "in the QDQ model")
        return found


def _check_agreement(static_model: onnx.ModelProto, shipped: onnx.ModelProto, static: dict[str, list[int]],
                     doubled: dict[str, list[int]], dynamic: list[Dim]) -> None:
    """onnxruntime on the shipped model against the static one at the static shapes; at the
    doubled shapes, a batch of two samples against each alone when only the batch (axis 0) is
    dynamic, else that it runs."""
    rng = np.random.default_rng(0)
    types = {i.name: helper.tensor_dtype_to_np_dtype(i.type.tensor_type.elem_type) for i in static_model.graph.input}
    varying = {name for name, _ in dynamic}  # the inputs a second sample differs in
    first = {name: _sample(rng, shape, types[name]) for name, shape in static.items()}
    second = {name: _sample(rng, shape, types[name]) if name in varying else first[name]
              for name, shape in static.items()}
    samples = [first, second]
    batch_only = all(axis == 0 for _, axis in dynamic)
    if batch_only:
        batch = {name: np.concatenate([first[name], second[name]]) if name in varying else first[name]
                 for name in static}
    else:
        batch = {name: _sample(rng, shape, types[name]) for name, shape in doubled.items()}
    try:
        expected = OnnxRuntime(static_model).run(samples)
        runtime = OnnxRuntime(shipped)
        got, batched = runtime.run([samples[0], batch])
    except FerryError as error:
        raise KeptStatic(f"onnxruntime cannot run it: {error}") from None
    except Exception as error:  # noqa: BLE001 - onnxruntime raises its own types for a run that fails
        raise KeptStatic(f"onnxruntime cannot run it at dynamic shapes: {str(error).splitlines()[0]}") from None
    pairs = [(got, expected[0])]
    if batch_only:
        pairs.append((batched, {k: np.concatenate([expected[0][k], expected[1][k]]) for k in expected[0]}))
    for got_outputs, want_outputs in pairs:
        for name, want in want_outputs.items():
            got_output = got_outputs[name]
            bound = AGREEMENT * max(float(np.max(np.abs(want), initial=0.0)), 1e-6)
            if got_output.shape != want.shape or float(np.max(np.abs(got_output - want), initial=0.0)) > bound:
                raise KeptStatic(f"onnxruntime's output '{name}' at dynamic shapes differs from the static model's")


def _sample(rng: np.random.Generator, shape: list[int], dtype: np.dtype) -> np.ndarray:
    """A deterministic input: normal values for a float input, zeros (valid indices) otherwise."""
    if np.issubdtype(dtype, np.floating):
        return rng.standard_normal(shape).astype(dtype)
    return np.zeros(shape, dtype)


def with_pruned_weights(shipped: onnx.ModelProto, before: onnx.ModelProto, after: onnx.ModelProto,
                        ) -> onnx.ModelProto | None:
    """The shipped QDQ model with the weights sparsify changed in its static import (`before`
    pruned in place is `after`); None when sparsify changed more than initializers' values."""
    if [(n.op_type, list(n.input), list(n.output)) for n in before.graph.node] != [
            (n.op_type, list(n.input), list(n.output)) for n in after.graph.node]:
        return None
    old = {t.name: t for t in before.graph.initializer}
    changed = [t for t in after.graph.initializer if old.get(t.name) != t]
    model = onnx.ModelProto()
    model.CopyFrom(shipped)
    stored = {t.name: t for t in model.graph.initializer}
    if set(old) != {t.name for t in after.graph.initializer} or any(
            t.name not in stored or (stored[t.name].dims, stored[t.name].data_type) != (t.dims, t.data_type)
            for t in changed):
        return None
    for tensor in changed:
        stored[tensor.name].CopyFrom(tensor)
    return model


def static_model(path: Path, model: onnx.ModelProto, name: str, input_shapes: dict[str, list[int]],
                 ) -> onnx.ModelProto:
    """`model` (read from `path`) at ferry's static shapes: a QDQ model ferry shipped with the
    source's dynamic dimensions is imported again (sparsify and codegen compute at static shapes)."""
    if all(static_shape(i) is not None for i in model.graph.input):
        return model
    return import_model(path, name, input_shapes)[0]
