"""A QDQ model (a float graph with QuantizeLinear / DequantizeLinear pairs, from ferry's quantize
stage or another tool) lowered to the integer program codegen writes as C++: each node through its
int8 lowering (stages/codegen/integer_program.py; Div, ReduceMean, ReduceSum, Sum in
stages/codegen/lowering/integer_paths.py), a lookup table for an elementwise chain, or float."""

from __future__ import annotations

import onnx

from ferry.core.errors import FerryError
from ferry.core.names import quoted
from ferry.stages.codegen.integer_program import (
    INT16_OPS,
    INTEGER_LOWERINGS,
    IntegerProgram,
    elementwise_island,
    lowerelementwise_island,
)
from ferry.stages.codegen.lowering.integer_paths import QDQ_LOWERINGS, lower_table_chain
from ferry.stages.common.golden import DOMAIN
from ferry.stages.common.ops import QDQ_OPS, Unsupported


def is_qdq(model: onnx.ModelProto) -> bool:
    return any(node.op_type in QDQ_OPS for node in model.graph.node)


def lower_qdq(qdq: onnx.ModelProto) -> onnx.ModelProto:
    """The integer program of a QDQ model: int8 layers where the model quantizes a node and
    ferry has its int8 kernel, a lookup table for a chain of elementwise ops it leaves in float
    between int8 tensors, float layers elsewhere (listed with the reason). Nodes that fit
    neither are listed at once."""
    program = IntegerProgram(qdq)
    islands = {id(island[-1]): island for node in program.graph.nodes
               if (island := elementwise_island(program, node)) is not None}
    inside = {id(n) for island in islands.values() for n in island[:-1]}
    refused = []
    for index, node in enumerate(program.graph.nodes):
        if node.op_type == "QuantizeLinear" and program.border_source(node) is not None:
            program.lower_border(node)
            continue
        if node.op_type in QDQ_OPS or id(node) in program.absorbed or id(node) in inside:
            continue
        if not node.name:
            node.name = program.fresh(f"{node.op_type}_{index}")
        try:
            if id(node) in islands:
                lowerelementwise_island(program, islands[id(node)])
                continue
            _lower_node(program, node)
        except Unsupported as reason:
            refused.append(f"  {node.op_type} {quoted(node.name)}: {reason}")
    if refused:
        raise FerryError(f"{len(refused)} node(s) of the QDQ model cannot be lowered:\n" + "\n".join(refused))
    model = program.model(qdq)
    onnx.checker.check_model(model)
    return model


INT16_READERS = (*INT16_OPS, "QRequantize", "Dequantize")


def _check_int16(program: IntegerProgram, first: int) -> None:
    """The nodes a lowering emitted read int16 tensors only where they have an int16 kernel
    (INT16_OPS, data movement, QRequantize); an int8-only kernel must not see one."""
    int16 = {name for name, info in program.value_info.items()
             if info.type.tensor_type.elem_type == onnx.TensorProto.INT16}
    for emitted in program.nodes[first:]:
        reads_int16 = any(name in int16 for name in emitted.input)
        if reads_int16 and emitted.domain == DOMAIN and emitted.op_type not in INT16_READERS:
            raise Unsupported(f"no int16 kernel for {emitted.op_type}")


def _lower_node(program: IntegerProgram, node: onnx.NodeProto) -> None:
    if node.name in program.kept_float:
        program.lower_float(node, program.kept_float[node.name])
        return
    if lower_table_chain(program, node):
        return
    if not program.is_quantized(node):
        program.lower_float(node, "left in float by the QDQ model")
        return
    lowering = INTEGER_LOWERINGS.get(node.op_type) or QDQ_LOWERINGS.get(node.op_type)
    emitted, absorbed = (len(program.nodes), len(program.initializers)), set(program.absorbed)
    try:
        if lowering is None:
            raise Unsupported("no int8 kernel")
        lowering(program, node)
        _check_int16(program, emitted[0])
    except Unsupported as reason:  # DQ -> float op -> Q: exactly what the QDQ model means
        del program.nodes[emitted[0]:], program.initializers[emitted[1]:]
        program.absorbed = absorbed
        program.lower_float(node, f"quantized, but {reason}")
