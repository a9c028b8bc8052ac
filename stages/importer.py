"""Import stage: from whatever an exporter wrote to one clean, static, checked ONNX graph.

PyTorch, tf2onnx and paddle2onnx differ (weights as initializers or Constant nodes, opset 11 to
25, dynamic batch and spatial dimensions, Shape->Gather->Concat->Reshape chains); after import
every model looks the same to the later stages: an opset in [MIN_OPSET, MAX_OPSET], static shapes
on every tensor, constants folded into initializers, BatchNorm folded into the Conv or Gemm before
it, no Identity or Dropout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, version_converter
from onnx.reference import ReferenceEvaluator
from pydantic import PositiveInt, TypeAdapter, ValidationError

from ferry.core.errors import FerryError
from ferry.core.files import write_bytes_atomic, write_json_atomic
from ferry.engine.contracts import Figures, ModelFile, StageCall
from ferry.schemas.artifacts import ImportSummary, NodeSummary
from ferry.schemas.pipeline import ImportStage
from ferry.stages.common.graph import GraphView, attribute, default_opset, infer_shapes, static_shape, unique_name
from ferry.stages.common.ops import (
    MAX_OPSET,
    MIN_OPSET,
    QDQ_OPS,
    count_macs,
    count_params,
    format_unsupported,
    unsupported_nodes,
)
from ferry.stages.import_patterns import fuse_patterns, required_opset

# One generated array per tensor: the kernels index with int32 and a static array of 2 GiB or more
# does not link in the default code model ("relocation truncated to fit"); 2^29 float32 elements
# are 2 GiB. A target's own memory is checked against the package before its build.
MAX_TENSOR_ELEMENTS = 1 << 29
# QDQ model metadata: input name -> the static shape ferry computed a shipped model at
INPUT_SHAPES_KEY = "ferry.input_shapes"
_RECORDED_SHAPES = TypeAdapter(dict[str, list[PositiveInt]])
# Random ops must not become constants; a quantized weight (DequantizeLinear of an int8 constant)
# must stay int8 for codegen. A QuantizeLinear of a constant (another tool's QDQ of a computed
# constant, e.g. a class token's Expand) folds to the int8 constant its DequantizeLinear reads.
_NOT_FOLDED = ("RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial",
               "Bernoulli", *(op for op in QDQ_OPS if op != "QuantizeLinear"))


def load_model(path: Path) -> onnx.ModelProto:
    """Parse an untrusted ONNX file; external data (files named by the model) is refused."""
    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as error:  # noqa: BLE001 - protobuf raises several types for a corrupt file
        raise FerryError(f"{path}: not a readable ONNX model ({error})") from None
    for what, tensor in _stored_tensors(model.graph):
        if tensor.data_location == TensorProto.EXTERNAL:
            raise FerryError(
                f"{path}: {what} keeps its data in an external file; "
                "save the model with its weights inside (onnx.save(..., save_as_external_data=False))"
            )
    return model


def _stored_tensors(graph: onnx.GraphProto) -> Iterator[tuple[str, onnx.TensorProto]]:
    """(description, tensor) for every tensor the graph stores: initializers and the tensor
    attributes of its nodes (Constant values), in subgraphs too."""
    for tensor in graph.initializer:
        yield f"initializer '{tensor.name}'", tensor
    for sparse in graph.sparse_initializer:
        yield f"sparse initializer '{sparse.values.name}'", sparse.values
        yield f"sparse initializer '{sparse.values.name}'", sparse.indices
    for node in graph.node:
        for attr in node.attribute:
            what = f"attribute '{attr.name}' of node '{node.name or node.op_type}'"
            tensors = [*([attr.t] if attr.HasField("t") else []), *attr.tensors]
            if attr.HasField("sparse_tensor"):
                tensors += [attr.sparse_tensor.values, attr.sparse_tensor.indices]
            tensors += [t for sparse in attr.sparse_tensors for t in (sparse.values, sparse.indices)]
            for tensor in tensors:
                yield what, tensor
            for subgraph in [*([attr.g] if attr.HasField("g") else []), *attr.graphs]:
                yield from _stored_tensors(subgraph)


def is_quantized(path: Path) -> bool:
    """A QDQ model (quantized by the data scientist's own tool) skips the quantize stage."""
    return any(node.op_type in QDQ_OPS for node in load_model(path).graph.node)


def check(model: onnx.ModelProto, where: str) -> None:
    try:
        onnx.checker.check_model(model)
    except (onnx.checker.ValidationError, ValueError) as error:  # undecodable names are a UnicodeDecodeError
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise FerryError(f"{where}: the ONNX checker rejects the model: {first_line}") from None


def convert_opset(model: onnx.ModelProto, where: str) -> onnx.ModelProto:
    opset = default_opset(model)
    if opset > MAX_OPSET:
        raise FerryError(f"{where}: opset {opset} is newer than ferry supports ({MIN_OPSET}..{MAX_OPSET})")
    if opset >= MIN_OPSET:
        return model
    try:
        return version_converter.convert_version(model, MIN_OPSET)
    except Exception as error:  # noqa: BLE001 - protobuf raises several types for a corrupt file
        raise FerryError(f"{where}: cannot convert opset {opset} to {MIN_OPSET}: {error}") from None


def constants_to_initializers(model: onnx.ModelProto) -> int:
    """Constant nodes (paddle2onnx, tf2onnx) become initializers; returns how many."""
    graph = model.graph
    kept, moved = [], 0
    for node in graph.node:
        if node.op_type == "Constant" and node.domain in ("", "ai.onnx"):
            value = _constant_node_value(node)
            graph.initializer.append(numpy_helper.from_array(value, node.output[0]))
            moved += 1
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
    # Older exporters also list initializers as graph inputs; they are weights, not inputs. Below
    # IR version 4 an initializer must be a graph input, so the model moves to the IR version of
    # its opset (the one the checker and shape inference then apply).
    names = {t.name for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in names]
    if len(inputs) < len(graph.input):
        model.ir_version = max(model.ir_version, helper.find_min_ir_version_for(list(model.opset_import)))
    del graph.input[:]
    graph.input.extend(inputs)
    return moved


def _constant_node_value(node: onnx.NodeProto) -> np.ndarray:
    for name in ("value", "value_float", "value_floats", "value_int", "value_ints"):
        value = attribute(node, name)
        if value is None:
            continue
        if name in ("value_float", "value_floats"):
            return np.array(value, dtype=np.float32)
        if name in ("value_int", "value_ints"):
            return np.array(value, dtype=np.int64)
        return np.asarray(value)
    raise FerryError(f"Constant node '{node.name}' has a sparse or string value, which is not supported")


def recorded_input_shapes(model: onnx.ModelProto, where: str) -> dict[str, list[int]]:
    """The static shapes a QDQ model ferry shipped with dynamic dimensions was computed at
    (stages/quantize/shipped.py records them in the model's metadata), or {}."""
    for prop in model.metadata_props:
        if prop.key == INPUT_SHAPES_KEY:
            try:
                return _RECORDED_SHAPES.validate_json(prop.value)
            except ValidationError:
                raise FerryError(f"{where}: metadata '{INPUT_SHAPES_KEY}' is not a map of input names to "
                                 "lists of positive integers") from None
    return {}


def fix_input_shapes(model: onnx.ModelProto, shapes: dict[str, list[int]], where: str) -> None:
    """Give every dynamic input dimension the spec's value (else the one the model recorded when
    ferry shipped it) and forget all inferred shapes."""
    graph = model.graph
    names = {i.name for i in graph.input}
    for name in shapes:
        if name not in names:
            raise FerryError(f"{where}: input_shapes names '{name}', but the model's inputs are "
                             f"{sorted(names)}")
    unset = [i.name for i in graph.input if i.name not in shapes and static_shape(i) is None]
    recorded = recorded_input_shapes(model, where) if unset else {}
    shapes = {**{name: recorded[name] for name in unset if name in recorded}, **shapes}
    missing = []
    for value_info in graph.input:
        dims = value_info.type.tensor_type.shape.dim
        wanted = shapes.get(value_info.name)
        if wanted is None:
            if static_shape(value_info) is None:
                missing.append(f"{value_info.name}{_dims_text(dims)}")
            continue
        if not all(isinstance(size, (int, np.integer)) and size > 0 for size in wanted):
            raise FerryError(f"{where}: input_shapes gives {wanted} for input '{value_info.name}'; "
                             "every dimension must be a positive integer")
        if len(wanted) != len(dims):
            raise FerryError(f"{where}: input '{value_info.name}' has rank {len(dims)}, "
                             f"input_shapes gives {wanted}")
        for dim, size in zip(dims, wanted):
            if dim.HasField("dim_value") and dim.dim_value > 0 and dim.dim_value != size:
                raise FerryError(f"{where}: input '{value_info.name}' has fixed shape "
                                 f"{_dims_text(dims)}, input_shapes gives {wanted}")
            dim.Clear()
            dim.dim_value = size
        require_addressable(value_info.name, wanted, where)  # before anything is computed at that size
    if missing:
        raise FerryError(f"{where}: dynamic input dimensions need a value in input_shapes: "
                         + ", ".join(missing))
    del graph.value_info[:]
    for output in graph.output:
        for dim in output.type.tensor_type.shape.dim:
            dim.Clear()


def _dims_text(dims: Iterable[onnx.TensorShapeProto.Dimension]) -> str:
    return "[" + ",".join(d.dim_param or str(d.dim_value) if d.HasField("dim_value") or d.dim_param
                          else "?" for d in dims) + "]"


def _evaluate_node(node: onnx.NodeProto, inputs: dict[str, np.ndarray], opset: int) -> list[np.ndarray]:
    values = [inputs[name] for name in node.input if name]
    graph = helper.make_graph(
        [node],
        "fold",
        [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(inputs[n].dtype), inputs[n].shape)
         for n in node.input if n],
        [helper.make_empty_tensor_value_info(n) for n in node.output if n],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    outputs = ReferenceEvaluator(model).run(None, dict(zip([n for n in node.input if n], values)))
    return [np.asarray(o) for o in outputs]


def compute_constant_outputs(model: onnx.ModelProto) -> None:
    """A graph output that is an initializer gets a node writing it: a Reshape of the value."""
    graph = model.graph
    initializers = {t.name: t for t in graph.initializer}
    for output in graph.output:
        tensor = initializers.get(output.name)
        if tensor is None:
            continue
        value_name = _unused_name(graph, f"{output.name}_value")
        shape_name = _unused_name(graph, f"{output.name}_shape")
        tensor.name = value_name
        graph.initializer.append(numpy_helper.from_array(np.array(tensor.dims, np.int64),
                                                         shape_name))
        graph.node.append(helper.make_node("Reshape", [value_name, shape_name], [output.name],
                                           name=output.name))
        for node in graph.node[:-1]:
            node.input[:] = [value_name if name == output.name else name for name in node.input]


def _try_evaluate(node: onnx.NodeProto, inputs: dict[str, np.ndarray],
                  opset: int) -> list[np.ndarray] | None:
    """The node's outputs, or None when the reference evaluator cannot compute them (the node
    then stays in the graph and later checks say what is wrong with it)."""
    try:
        return _evaluate_node(node, inputs, opset)
    except Exception:  # noqa: BLE001 - any failure means "not foldable", never a crash
        return None


def fold_constants(model: onnx.ModelProto) -> int:
    """Replace every node computable from constants and static shapes by its value.

    Nodes that write a graph output stay: the generated code must write every output.
    """
    view = GraphView(model)
    constants = dict(view.constants)
    outputs = set(view.outputs)
    kept, folded = [], 0
    for node in model.graph.node:
        value = None
        if outputs.intersection(node.output):
            pass
        elif node.op_type == "Shape" and view.has_static_shape(node.input[0]):
            shape = np.array(view.tensor(node.input[0]).shape, dtype=np.int64)
            start, end = attribute(node, "start", 0), attribute(node, "end", None)
            value = [shape[start:end]]
        elif node.op_type == "Size" and view.has_static_shape(node.input[0]):
            value = [np.array(view.tensor(node.input[0]).size, dtype=np.int64)]
        elif (node.op_type not in _NOT_FOLDED and node.domain in ("", "ai.onnx")
              and all(not name or name in constants for name in node.input)
              and any(node.input)) or (node.op_type == "ConstantOfShape" and node.input[0] in constants):
            value = _try_evaluate(node, constants, view.opset)
        if value is None:
            kept.append(node)
            continue
        for name, array in zip(node.output, value):
            if name:
                constants[name] = array
                model.graph.initializer.append(numpy_helper.from_array(array, name))
        folded += 1
    del model.graph.node[:]
    model.graph.node.extend(kept)
    _drop_unused_initializers(model)
    return folded


def _drop_unused_initializers(model: onnx.ModelProto) -> None:
    used = {name for node in model.graph.node for name in node.input}
    used |= {o.name for o in model.graph.output}
    kept = [t for t in model.graph.initializer if t.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)


def remove_passthrough(model: onnx.ModelProto) -> int:
    """Drop Identity, a Sum of one input and inference-mode Dropout by wiring their consumers
    to their input."""
    graph = model.graph
    outputs = {o.name for o in graph.output}
    initializers = {t.name: t for t in graph.initializer}
    removed = 0
    for node in list(graph.node):
        one_term_sum = node.op_type == "Sum" and len([name for name in node.input if name]) == 1
        if node.op_type not in ("Identity", "Dropout") and not one_term_sum:
            continue
        if node.op_type == "Dropout" and len(node.output) > 1 and node.output[1]:
            used = any(node.output[1] in n.input for n in graph.node) or node.output[1] in outputs
            if used:
                continue  # the mask is consumed: not a pass-through
        if node.op_type == "Dropout" and len(node.input) > 2 and node.input[2]:
            training = initializers.get(node.input[2])
            if training is None or bool(numpy_helper.to_array(training).any()):
                continue  # training mode (or unknown): it drops, it is not a pass-through
        source, result = node.input[0], node.output[0]
        if result in outputs:
            producers = [n for n in graph.node if source in n.output]
            if not producers or source in outputs:
                # It keeps a graph input or output distinct, so renaming cannot remove it: it
                # becomes a Reshape to its own shape (a copy), the Shape folds away later.
                _passthrough_to_copy(graph, node)
                continue
            _rename(graph, source, result)
        else:
            _rename(graph, result, source)
        graph.node.remove(node)
        removed += 1
    return removed


def _passthrough_to_copy(graph: onnx.GraphProto, node: onnx.NodeProto) -> None:
    shape_name = _unused_name(graph, f"{node.output[0]}_shape")
    shape = helper.make_node("Shape", [node.input[0]], [shape_name],
                             name=f"{node.name or node.output[0]}_shape")
    copy = helper.make_node("Reshape", [node.input[0], shape_name], [node.output[0]], name=node.name)
    index = list(graph.node).index(node)
    graph.node.remove(node)
    graph.node.insert(index, copy)
    graph.node.insert(index, shape)


def _rename(graph: onnx.GraphProto, old: str, new: str) -> None:
    for node in graph.node:
        node.input[:] = [new if name == old else name for name in node.input]
        node.output[:] = [new if name == old else name for name in node.output]


def fold_batchnorm(model: onnx.ModelProto) -> int:
    """BatchNormalization after a Conv or Gemm (sole consumer) is folded into its weights."""
    view = GraphView(model)
    graph = model.graph
    outputs = {o.name for o in graph.output}
    folded = 0
    for bn in list(graph.node):
        if (bn.op_type != "BatchNormalization" or len([o for o in bn.output if o]) != 1
                or attribute(bn, "training_mode", 0)):
            continue
        producer = view.producer.get(bn.input[0])
        if (producer is None or producer.op_type not in ("Conv", "Gemm")
                or len(view.consumers[bn.input[0]]) != 1 or bn.input[0] in outputs
                or not all(view.is_constant(n) for n in bn.input[1:5])
                or not view.is_constant(producer.input[1])
                or (len(producer.input) > 2 and producer.input[2]
                    and not view.is_constant(producer.input[2]))):
            continue
        gamma, beta, mean, var = (view.constant(n).astype(np.float64) for n in bn.input[1:5])
        scale = gamma / np.sqrt(var + float(attribute(bn, "epsilon", 1e-5)))
        weight = view.constant(producer.input[1]).astype(np.float64)
        has_bias = len(producer.input) > 2 and bool(producer.input[2])
        if producer.op_type == "Conv":
            weight = weight * scale.reshape(-1, *([1] * (weight.ndim - 1)))
            bias = view.constant(producer.input[2]).astype(np.float64) if has_bias else 0.0
        else:  # Gemm: Y = alpha * A @ op(B) + beta * C, features along axis 1
            weight = weight * (scale[:, None] if attribute(producer, "transB", 0) else scale[None, :])
            c = view.constant(producer.input[2]).astype(np.float64) if has_bias else 0.0
            bias = float(attribute(producer, "beta", 1.0)) * c
            kept = [a for a in producer.attribute if a.name != "beta"]
            del producer.attribute[:]  # a repeated message field takes no slice assignment
            producer.attribute.extend(kept)
        new_bias = (bias - mean) * scale + beta
        dtype = view.constant(producer.input[1]).dtype
        weight_name = _unused_name(graph, f"{producer.input[1]}_bn_folded")
        bias_name = _unused_name(graph, f"{bn.name or bn.output[0]}_bias_folded")
        graph.initializer.extend([numpy_helper.from_array(weight.astype(dtype), weight_name),
                                  numpy_helper.from_array(new_bias.astype(dtype), bias_name)])
        producer.input[:] = [producer.input[0], weight_name, bias_name]
        producer.output[0] = bn.output[0]
        graph.node.remove(bn)
        folded += 1
    _drop_unused_initializers(model)
    return folded


def _spatial_pads(view: GraphView, pad: onnx.NodeProto, rank: int) -> list[int] | None:
    """A constant-mode Pad by zeros on the spatial axes only, as Conv's [begins..., ends...] over
    those axes; None for any other Pad (reflect/edge modes, a non-zero value, padding of the batch
    or the channels, negative pads that crop)."""
    if attribute(pad, "mode", "constant") != "constant" or len(pad.input) < 2 or not view.is_constant(pad.input[1]):
        return None
    value = pad.input[2] if len(pad.input) > 2 else ""
    if value and (not view.is_constant(value) or np.any(view.constant(value) != 0)):
        return None
    amounts = view.constant(pad.input[1]).astype(np.int64).reshape(2, -1)
    axes = list(range(amounts.shape[1]))
    if len(pad.input) > 3 and pad.input[3]:  # opset 18's axes input
        if not view.is_constant(pad.input[3]):
            return None
        axes = [int(a) % rank for a in view.constant(pad.input[3]).reshape(-1)]
    full = np.zeros((2, rank), dtype=np.int64)
    full[:, axes] = amounts
    if np.any(full < 0) or np.any(full[:, :2] != 0):
        return None
    return [int(v) for v in full[:, 2:].reshape(-1)]


def fold_pad_into_conv(model: onnx.ModelProto) -> int:
    """A zero Pad of the spatial axes whose sole consumer is a Conv becomes that Conv's padding
    (TensorFlow converters write `same` padding of a strided conv this way): the same values, one
    copy of the feature map fewer, and the int8 conv pads with the input's zero point, which is
    real 0 as the Pad's value."""
    view = GraphView(model)
    graph = model.graph
    folded = 0
    for pad in list(graph.node):
        if pad.op_type != "Pad" or pad.output[0] in view.outputs:
            continue
        consumers = view.consumers.get(pad.output[0], [])
        if len(consumers) != 1 or consumers[0].op_type != "Conv" or consumers[0].input[0] != pad.output[0]:
            continue
        conv = consumers[0]
        rank = len(view.tensor(pad.input[0]).shape)
        extra = _spatial_pads(view, pad, rank)
        if extra is None or attribute(conv, "auto_pad", "NOTSET") != "NOTSET":
            continue
        pads = [int(a) + b for a, b in zip(attribute(conv, "pads", [0] * len(extra)), extra)]
        kept = [a for a in conv.attribute if a.name != "pads"]
        del conv.attribute[:]
        conv.attribute.extend([*kept, helper.make_attribute("pads", pads)])
        conv.input[0] = pad.input[0]
        graph.node.remove(pad)
        kept_info = [v for v in graph.value_info if v.name != pad.output[0]]
        del graph.value_info[:]
        graph.value_info.extend(kept_info)
        folded += 1
    _drop_unused_initializers(model)
    return folded


def conv1d_as_conv2d(model: onnx.ModelProto) -> int:
    """A 1-D Conv (a 3-D constant weight) becomes a 2-D Conv over a height of 1 between an
    Unsqueeze and a Squeeze of axis 2. The int8 kernels, the quantizer's fusions, the simulator
    and the cost models know 2-D convolutions; the two reshapes are views (no copy, no
    arithmetic), so the program computes the same values. Runs after BatchNorm folding, which
    needs the Conv and its BatchNormalization adjacent. Returns the number rewritten."""
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    axis = _unused_name(graph, "conv1d_height_axis")
    unsqueezed: dict[str, str] = {}  # 1-D tensor -> its 2-D view: one Unsqueeze however many Convs read it
    rewritten: list[onnx.NodeProto] = []
    count = 0
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "Conv" and len(node.input) > 1 else None
        if weight is None or len(weight.dims) != 3:
            rewritten.append(node)
            continue
        weight_2d = _unused_name(graph, f"{weight.name}_2d")
        graph.initializer.append(numpy_helper.from_array(numpy_helper.to_array(weight)[:, :, None, :], weight_2d))
        source = node.input[0]
        if source not in unsqueezed:
            unsqueezed[source] = _unused_name(graph, f"{source}_as_2d")
            rewritten.append(helper.make_node("Unsqueeze", [source, axis], [unsqueezed[source]],
                                              name=f"{source}_unsqueeze"))
        output = node.output[0]
        convolved = _unused_name(graph, f"{output}_conv2d")  # never an `_as_2d` name above
        _as_conv2d(node)
        node.input[0], node.input[1], node.output[0] = unsqueezed[source], weight_2d, convolved
        rewritten.extend([node, helper.make_node("Squeeze", [convolved, axis], [output], name=f"{output}_squeeze")])
        count += 1
    if count:
        graph.initializer.append(numpy_helper.from_array(np.array([2], dtype=np.int64), axis))
        del graph.node[:]
        graph.node.extend(rewritten)
        _drop_unused_initializers(model)
    return count


def _as_conv2d(node: onnx.NodeProto) -> None:
    """A 1-D Conv's attributes over (1, length): the new height axis has kernel 1, stride 1,
    dilation 1 and no padding."""
    kept = []
    for attr in node.attribute:
        if attr.name in ("kernel_shape", "strides", "dilations"):
            kept.append(helper.make_attribute(attr.name, [1, *attr.ints]))
        elif attr.name == "pads":  # [begin, end] -> [height begin, begin, height end, end]
            kept.append(helper.make_attribute("pads", [0, attr.ints[0], 0, attr.ints[1]]))
        else:
            kept.append(attr)
    del node.attribute[:]  # a repeated message field takes no slice assignment
    node.attribute.extend(kept)


def _unused_name(graph: onnx.GraphProto, base: str) -> str:
    """`base`, or `base_2`, `base_3`...: a tensor name nothing in the graph uses yet."""
    taken = {t.name for t in graph.initializer} | {i.name for i in graph.input}
    taken |= {o.name for o in graph.output}
    taken |= {name for node in graph.node for name in [*node.input, *node.output]}
    return unique_name(base, taken)


def fuse_chains(model: onnx.ModelProto, where: str) -> tuple[onnx.ModelProto, dict[str, int]]:
    """Decomposed LayerNorm and GELU become one op each (stages/import_patterns.py), the opset
    raised to the fused op's first when it is older. Returns the model and the counts fused."""
    opset = required_opset(model)
    if opset > default_opset(model):
        try:
            model = version_converter.convert_version(model, opset)
        except Exception as error:  # noqa: BLE001 - onnx's converter raises any type
            raise FerryError(f"{where}: cannot convert opset {default_opset(model)} to {opset} "
                             f"(needed by the fused LayerNorm/GELU): {error}") from None
        constants_to_initializers(model)
        model = infer_shapes(model, where)
    counts = fuse_patterns(model)
    _drop_unused_initializers(model)
    return model, {"layer_norms_fused": counts.get("LayerNormalization", 0),
                   "gelus_fused": counts.get("Gelu", 0)}


def require_computation(model: onnx.ModelProto, where: str) -> None:
    """A program computes its outputs from its inputs: say so plainly when a graph does not
    (these would otherwise surface as tensors with no static shape)."""
    graph = model.graph
    if not graph.output:
        raise FerryError(f"{where}: the graph has no outputs: there is nothing to compute")
    if not graph.node:
        raise FerryError(f"{where}: the graph has no nodes (after removing Identity and Dropout): "
                         "there is nothing to compute")
    inputs = {i.name for i in graph.input}
    through = [o.name for o in graph.output if o.name in inputs]
    if through:
        raise FerryError(f"{where}: graph output '{through[0]}' is also a graph input: the model "
                         "passes it through unchanged, and a generated program computes every output")


def require_addressable(name: str, shape: list[int] | tuple[int, ...], where: str) -> None:
    """Every tensor must fit one generated array (docs/limits.md)."""
    elements = math.prod(shape)
    if elements > MAX_TENSOR_ELEMENTS:
        raise FerryError(f"{where}: tensor '{name}' has {elements} elements {list(shape)}, over the limit of "
                         f"{MAX_TENSOR_ELEMENTS} for one generated array")


def require_static(model: onnx.ModelProto, where: str) -> None:
    view = GraphView(model)
    names = sorted({name for node in view.nodes for name in [*node.input, *node.output] if name})
    dynamic = [name for name in names if not view.has_static_shape(name)]
    if dynamic:
        shown = ", ".join(dynamic[:10]) + (" ..." if len(dynamic) > 10 else "")
        raise FerryError(f"{where}: {len(dynamic)} tensor(s) have no static shape after import "
                         f"(set input_shapes for the dynamic inputs): {shown}")
    for name in names:
        require_addressable(name, view.tensor(name).shape, where)


def summarize(model: onnx.ModelProto, name: str, removed: dict[str, int]) -> ImportSummary:
    view = GraphView(model)
    nodes = []
    for index, node in enumerate(view.nodes):
        nodes.append(NodeSummary(
            name=node.name or f"{node.op_type}_{index}",
            op=node.op_type,
            inputs=[list(view.tensor(n).shape) for n in node.input if n],
            outputs=[list(view.tensor(n).shape) for n in node.output if n],
            params=count_params(node, view),
            macs=count_macs(node, view),
        ))
    ops: dict[str, int] = {}
    for node in view.nodes:
        ops[node.op_type] = ops.get(node.op_type, 0) + 1
    return ImportSummary(
        model=name,
        opset=view.opset,
        inputs={n: list(view.tensor(n).shape) for n in view.inputs},
        outputs={n: list(view.tensor(n).shape) for n in view.outputs},
        nodes=nodes,
        total_params=sum(n.params for n in nodes),
        total_macs=sum(n.macs for n in nodes),
        ops=dict(sorted(ops.items())),
        removed=removed,
    )


def import_model(source: Path, name: str, input_shapes: dict[str, list[int]],
                 fold_bn: bool = True) -> tuple[onnx.ModelProto, ImportSummary]:
    where = str(source)
    model = load_model(source)
    check(model, where)
    model = convert_opset(model, where)
    removed = {"constant_nodes": constants_to_initializers(model)}
    fix_input_shapes(model, input_shapes, where)
    removed["passthrough"] = remove_passthrough(model)
    require_computation(model, where)
    compute_constant_outputs(model)
    folded, total_folded = 1, 0
    while folded:  # a folded Shape makes the Gather, Concat and Reshape after it foldable
        del model.graph.value_info[:]  # shapes inferred before a fold may be symbolic (a QDQ pair keeps them)
        model = infer_shapes(model, where)
        folded = fold_constants(model)
        total_folded += folded
    removed["folded_nodes"] = total_folded
    removed["batchnorm_folded"] = fold_batchnorm(model) if fold_bn else 0
    removed["pad_folded_into_conv"] = fold_pad_into_conv(model)
    removed["conv1d_as_conv2d"] = conv1d_as_conv2d(model)
    model, fused = fuse_chains(model, where)
    removed.update(fused)
    model = infer_shapes(model, where)
    missing = unsupported_nodes(model)
    if missing:
        raise FerryError(f"{where}: {format_unsupported(missing)}")
    require_static(model, where)
    check(model, f"{where} (after import)")
    return model, summarize(model, name, removed)


def run_import(call: StageCall[ImportStage, ModelFile]) -> Figures:
    """The import stage's entry point (ferry/engine/registry.py): imported.onnx and summary.json."""
    model, summary = import_model(call.files.model, call.model.name, call.model.input_shapes,
                                  call.params.fold_batchnorm)
    write_bytes_atomic(call.out_dir / "imported.onnx", model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "summary.json", summary.model_dump(mode="json"))
    return {"nodes": len(summary.nodes), "params": summary.total_params, "macs": summary.total_macs}
