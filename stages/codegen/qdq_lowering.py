"""A QDQ model (a float graph with QuantizeLinear / DequantizeLinear pairs, from ferry's quantize
stage or another tool) lowered to the integer program codegen writes as C++: each node through its
int8 lowering (stages/codegen/integer_program.py; Div, ReduceMean, ReduceSum, Sum in
stages/codegen/lowering/integer_paths.py), a lookup table for an elementwise chain, or float."""

from __future__ import annotations

import onnx

from ferry.core.errors import FerryError
from ferry.core.names import quoted
from ferry.stages.codegen.integer_program import (
    INTEGER_LOWERINGS,
    IntegerProgram,
    elementwise_island,
    lowerelementwise_island,
)
from ferry.stages.codegen.lowering.integer_paths import QDQ_LOWERINGS, lower_table_chain
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
    except Unsupported as reason:  # DQ -> float op -> Q: exactly what the QDQ model means
        del program.nodes[emitted[0]:], program.initializers[emitted[1]:]
        program.absorbed = absorbed
        program.lower_float(node, f"quantized, but {reason}")
