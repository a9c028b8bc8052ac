"""A read-only view of a shape-inferred ONNX graph: tensors, constants, producers, consumers.

The importer, the summary and codegen all ask the same questions of a model (what is the static
shape of this tensor, is this input a constant, who consumes this output); they ask them here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

from ferry.core.errors import FerryError


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    dtype: np.dtype

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize


def default_opset(model: onnx.ModelProto) -> int:
    for entry in model.opset_import:
        if entry.domain in ("", "ai.onnx"):
            return entry.version
    raise FerryError("the model imports no version of the default ONNX operator set")


def attribute(node: onnx.NodeProto, name: str, default: Any = None) -> Any:
    """The attribute's Python value (bytes decoded to str), or `default` when absent."""
    for attr in node.attribute:
        if attr.name == name:
            value = helper.get_attribute_value(attr)
            if isinstance(value, bytes):
                return value.decode("utf-8")
            if isinstance(value, onnx.TensorProto):
                return numpy_helper.to_array(value)
            return value
    return default


def static_shape(value_info: onnx.ValueInfoProto) -> tuple[int, ...] | None:
    """The shape when every dimension is a known integer, else None."""
    tensor_type = value_info.type.tensor_type
    if not tensor_type.HasField("shape"):
        return None
    dims = []
    for dim in tensor_type.shape.dim:
        if not dim.HasField("dim_value") or dim.dim_value < 0:
            return None
        dims.append(dim.dim_value)
    return tuple(dims)


def unique_name(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3`...: the first not in `taken`, which then holds it."""
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    taken.add(name)
    return name


class GraphView:
    """Answers questions about one ONNX graph whose shapes have been inferred."""

    def __init__(self, model: onnx.ModelProto) -> None:
        self.model = model
        graph = model.graph
        self.opset = default_opset(model)
        self.constants: dict[str, np.ndarray] = {
            init.name: numpy_helper.to_array(init) for init in graph.initializer
        }
        self.nodes: list[onnx.NodeProto] = list(graph.node)
        self.inputs: list[str] = [i.name for i in graph.input if i.name not in self.constants]
        self.outputs: list[str] = [o.name for o in graph.output]
        self._value_info = {
            vi.name: vi for vi in [*graph.input, *graph.value_info, *graph.output]
        }
        self.producer: dict[str, onnx.NodeProto] = {}
        self.consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
        for node in self.nodes:
            for name in node.output:
                if name:
                    self.producer[name] = node
            for name in node.input:
                if name:
                    self.consumers[name].append(node)

    def is_constant(self, name: str) -> bool:
        return name in self.constants

    def constant(self, name: str) -> np.ndarray:
        if name not in self.constants:
            raise FerryError(f"tensor '{name}' must be a constant for this op, but it is computed")
        return self.constants[name]

    def tensor(self, name: str) -> TensorInfo:
        if name in self.constants:
            array = self.constants[name]
            return TensorInfo(name, tuple(array.shape), array.dtype)
        value_info = self._value_info.get(name)
        shape = static_shape(value_info) if value_info is not None else None
        if value_info is None or shape is None:
            raise FerryError(f"tensor '{name}' has no static shape after shape inference")
        elem_type = value_info.type.tensor_type.elem_type
        return TensorInfo(name, shape, np.dtype(helper.tensor_dtype_to_np_dtype(elem_type)))

    def has_static_shape(self, name: str) -> bool:
        if name in self.constants:
            return True
        value_info = self._value_info.get(name)
        return value_info is not None and static_shape(value_info) is not None


# Initializers with more elements than this reach shape inference as typed graph inputs, without
# their values: a weight's shape is all an op's inference needs from it, while the values that
# decide shapes (Reshape targets, Slice bounds, pads) are small and keep their data.
SHAPE_VALUE_ELEMENTS = 1024


def infer_shapes(model: onnx.ModelProto, where: str) -> onnx.ModelProto:
    """Every tensor's type and shape, by onnx's strict inference with constant propagation. It
    runs on a skeleton of the model without the large initializers' data, and its value_info
    and output types are copied back: onnx's inference serializes and parses the model it gets,
    which for ResNet-50 meant two more copies of 100 MB of weights per call."""
    graph = model.graph
    large = [t for t in graph.initializer if int(np.prod(t.dims, dtype=np.int64)) > SHAPE_VALUE_ELEMENTS]
    large_names = {t.name for t in large}
    skeleton_graph = helper.make_graph(
        graph.node, graph.name,
        [*graph.input, *(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in large)],
        graph.output, [t for t in graph.initializer if t.name not in large_names])
    skeleton = helper.make_model(skeleton_graph, opset_imports=model.opset_import, functions=model.functions)
    skeleton.ir_version = model.ir_version
    try:
        inferred = shape_inference.infer_shapes(skeleton, check_type=True, strict_mode=True, data_prop=True)
    except Exception as error:  # noqa: BLE001 - protobuf raises several types for a corrupt file
        first_line = str(error).strip().splitlines()[0]
        raise FerryError(f"{where}: shape inference failed: {first_line}") from None
    del graph.value_info[:]
    graph.value_info.extend(v for v in inferred.graph.value_info if v.name not in large_names)
    del graph.output[:]
    graph.output.extend(inferred.graph.output)
    return model
