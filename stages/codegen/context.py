"""What a lowering function may ask about its node: shapes, attributes, constants, pointers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import onnx

from ferry.stages.common.graph import GraphView, TensorInfo, attribute
from ferry.stages.common.ops import Unsupported

C_TYPES: dict[np.dtype, str] = {
    np.dtype(np.float32): "float",
    np.dtype(np.float64): "double",
    np.dtype(np.int8): "int8_t",
    np.dtype(np.uint8): "uint8_t",
    np.dtype(np.int16): "int16_t",
    np.dtype(np.uint16): "uint16_t",
    np.dtype(np.int32): "int32_t",
    np.dtype(np.uint32): "uint32_t",
    np.dtype(np.int64): "int64_t",
    np.dtype(np.uint64): "uint64_t",
}


def c_type(dtype: np.dtype) -> str:
    if np.dtype(dtype) not in C_TYPES:
        raise Unsupported(f"element type {np.dtype(dtype).name} is not supported")
    return C_TYPES[np.dtype(dtype)]


class LoweringContext:
    """The view of one node that its lowering function gets.

    `pointer` and `table` are callbacks into the emitter, which decides where each tensor lives
    (a function argument, the arena, or a const array in weights.bin).
    """

    def __init__(
        self,
        node: onnx.NodeProto,
        graph: GraphView,
        pointer: Callable[[str], str],
        table: Callable[[str, np.ndarray], str],
    ) -> None:
        self.node = node
        self.graph = graph
        self._pointer = pointer
        self._table = table

    @staticmethod
    def planning(node: onnx.NodeProto, graph: GraphView) -> LoweringContext:
        """A context that only reads the node (attributes, shapes, constants): for the plans the
        integer program computes before any C++ exists (stages/codegen/integer_program.py)."""
        def refuse(*_: object) -> str:
            raise RuntimeError(f"planning context of '{node.name}' cannot emit C++")

        return LoweringContext(node, graph, refuse, refuse)

    @property
    def opset(self) -> int:
        return self.graph.opset

    def attr(self, name: str, default: Any = None) -> Any:
        return attribute(self.node, name, default)

    def has_input(self, index: int) -> bool:
        return index < len(self.node.input) and self.node.input[index] != ""

    def input(self, index: int) -> TensorInfo:
        return self.graph.tensor(self.node.input[index])

    def output(self, index: int = 0) -> TensorInfo:
        return self.graph.tensor(self.node.output[index])

    def const_input(self, index: int) -> np.ndarray | None:
        """The value of an optional constant input (None when absent); computed ones are refused."""
        if not self.has_input(index):
            return None
        name = self.node.input[index]
        if not self.graph.is_constant(name):
            raise Unsupported(f"input {index} ('{name}') must be a constant")
        return self.graph.constant(name)

    def required_const(self, index: int) -> np.ndarray:
        """The value of a constant input the op cannot do without."""
        value = self.const_input(index)
        if value is None:
            raise Unsupported(f"{self.node.op_type} without its input {index}")
        return value

    def in_ptr(self, index: int) -> str:
        return self._pointer(self.node.input[index])

    def out_ptr(self, index: int = 0) -> str:
        return self._pointer(self.node.output[index])

    def with_input(self, index: int, expression: str) -> LoweringContext:
        """The same node with input `index` passed as `expression` (e.g. weights in a sparse
        format): its tensor is not emitted."""
        name = self.node.input[index]
        return LoweringContext(self.node, self.graph,
                               lambda tensor: expression if tensor == name else self._pointer(tensor),
                               self._table)

    def table(self, hint: str, values: np.ndarray) -> str:
        """Emit a const array computed at codegen time (index or weight tables); returns its name."""
        return self._table(hint, values)

    def c_type(self, tensor: TensorInfo) -> str:
        return c_type(tensor.dtype)
