"""A QDQ model (a float graph with QuantizeLinear / DequantizeLinear pairs, from ferry's quantize
stage or another tool) lowered to the integer program codegen writes as C++: each node through its
int8 lowering (stages/codegen/integer_program.py; Div, ReduceMean, ReduceSum, Sum in
stages/codegen/lowering/integer_paths.py), a lookup table for an elementwise chain, or float.

An op that only moves data and that the other tool left without Q/DQ on one side takes its
neighbour's scale and zero point (`neighbour_scales`): moving int8 values and quantizing moved
float values give the same codes, so the program stays int8 and means what the QDQ model means.
An op that computes values needs its own output scale; left without one it runs in float, and the
report names it with the reason.
"""

from __future__ import annotations

import onnx
from onnx import helper, numpy_helper

from ferry.core.errors import FerryError
from ferry.core.names import quoted
from ferry.stages.codegen.integer_program import (
    INTEGER_LOWERINGS,
    IntegerProgram,
    elementwise_island,
    lowerelementwise_island,
)
from ferry.stages.codegen.lowering.integer_paths import QDQ_LOWERINGS, lower_table_chain
from ferry.stages.common.golden import KEEP_FLOAT_KEY, metadata
from ferry.stages.common.graph import GraphView, unique_name
from ferry.stages.common.ops import QDQ_OPS, Unsupported

# Ops that only move (or select, MaxPool) values, their data inputs by index (None: every input):
# the same codes in int8 as quantizing the moved float values (quantization is monotonic).
MOVEMENT_INPUTS: dict[str, tuple[int, ...] | None] = {
    "Reshape": (0,), "Flatten": (0,), "Squeeze": (0,), "Unsqueeze": (0,), "Transpose": (0,),
    "Slice": (0,), "Gather": (0,), "MaxPool": (0,), "Split": (0,), "Concat": None,
}


def is_qdq(model: onnx.ModelProto) -> bool:
    return any(node.op_type in QDQ_OPS for node in model.graph.node)


def lower_qdq(qdq: onnx.ModelProto) -> onnx.ModelProto:
    """The integer program of a QDQ model: int8 layers where the model quantizes a node and
    ferry has its int8 kernel, a lookup table for a chain of elementwise ops it leaves in float
    between int8 tensors, float layers elsewhere (listed with the reason). Nodes that fit
    neither are listed at once."""
    program = IntegerProgram(neighbour_scales(qdq))
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
        program.lower_float(node, _float_reason(program.graph, node))
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


def _float_reason(graph: GraphView, node: onnx.NodeProto) -> str:
    """Why the QDQ model leaves `node` in float, in the words of the report."""
    inputs = [n for n in node.input if n and not graph.is_constant(n)]
    if not inputs or any(graph.producer.get(n) is None or graph.producer[n].op_type != "DequantizeLinear"
                         for n in inputs):
        return "left in float by the QDQ model"
    return "left in float by the QDQ model (int8 inputs, but no QuantizeLinear gives its output a scale)"


class _Wiring:
    """Who produces and who reads each tensor, over editable copies of a graph's nodes (the
    initializers are looked up, never converted nor copied: a model's weights can be large)."""

    def __init__(self, graph: onnx.GraphProto, nodes: list[onnx.NodeProto]) -> None:
        self.nodes = nodes
        self.initializers = {t.name: t for t in graph.initializer}
        self.outputs = {o.name for o in graph.output}
        self.producer = {name: node for node in nodes for name in node.output if name}
        self.consumers: dict[str, list[onnx.NodeProto]] = {}
        for node in nodes:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)

    def is_constant(self, name: str) -> bool:
        return name in self.initializers


def neighbour_scales(qdq: onnx.ModelProto) -> onnx.ModelProto:
    """`qdq` with a QuantizeLinear/DequantizeLinear pair, in its neighbour's scale and zero point,
    on each side of a data-movement op the model leaves in float next to an int8 tensor: after
    it when its data inputs are dequantized int8 (one scale) and its outputs are read in float;
    before it when its outputs all go to QuantizeLinear (one scale) and an input is float. A node
    ferry's quantizer kept in float on purpose (keep_float, fallback) stays as it is. `qdq`
    itself when there is none."""
    kept = metadata(qdq, KEEP_FLOAT_KEY)
    nodes = [onnx.NodeProto.FromString(node.SerializeToString()) for node in qdq.graph.node]
    taken = {*(t.name for t in qdq.graph.initializer), *(i.name for i in qdq.graph.input),
             *(name for node in nodes for name in [node.name, *node.output])}
    changed = False
    while True:  # one pair at a time, then the wiring is read again
        wiring = _Wiring(qdq.graph, nodes)
        for index, node in enumerate(nodes):
            before = [] if node.name in kept else _quantize_inputs(wiring, node, taken)
            after = [] if before or node.name in kept else _quantize_outputs(wiring, node, taken)
            if before or after:
                nodes = [*nodes[:index], *before, node, *after, *nodes[index + 1:]]
                changed = True
                break
        else:
            break
    if not changed:
        return qdq
    model = onnx.ModelProto()
    model.CopyFrom(qdq)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return model


def _data_inputs(node: onnx.NodeProto) -> list[str]:
    indices = MOVEMENT_INPUTS.get(node.op_type, ()) if node.domain in ("", "ai.onnx") else ()
    return [name for i, name in enumerate(node.input) if name and (indices is None or i in indices)]


def _qparams_key(wiring: _Wiring, node: onnx.NodeProto) -> tuple[bytes, ...] | None:
    """A per-tensor (De)QuantizeLinear's constant scale and zero point, comparable by value."""
    values = [numpy_helper.to_array(wiring.initializers[n]) if n and wiring.is_constant(n) else None
              for n in node.input[1:3]]
    if any(v is None for v in values) or values[0] is None or values[0].size != 1:
        return None
    return tuple(v.tobytes() + str(v.dtype).encode() for v in values if v is not None)


def _pair(node: onnx.NodeProto, tensor: str, reader_input: str, taken: set[str]) -> list[onnx.NodeProto]:
    """Q then DQ of `tensor` with the scale and zero point inputs of `node`, into `reader_input`."""
    quantized = unique_name(f"{tensor}_quantized", taken)
    params = list(node.input[1:3])
    return [helper.make_node("QuantizeLinear", [tensor, *params], [quantized],
                             name=unique_name(f"{tensor}_QuantizeLinear", taken)),
            helper.make_node("DequantizeLinear", [quantized, *params], [reader_input],
                             name=unique_name(f"{tensor}_DequantizeLinear", taken))]


def _quantize_outputs(wiring: _Wiring, node: onnx.NodeProto, taken: set[str]) -> list[onnx.NodeProto]:
    """Q/DQ after a movement op whose data inputs are int8 of one scale and whose outputs are
    read in float; the readers (not a graph output) read the DequantizeLinear instead."""
    data = _data_inputs(node)
    producers = [wiring.producer.get(n) for n in data]
    if not data or any(o in wiring.outputs for o in node.output) or any(
            p is None or p.op_type != "DequantizeLinear" or wiring.is_constant(p.input[0]) for p in producers):
        return []  # (a graph output keeps its float type)
    keys = {_qparams_key(wiring, p) for p in producers if p is not None}
    if len(keys) != 1 or None in keys:
        return []
    dequantizer = producers[0]
    assert dequantizer is not None
    added: list[onnx.NodeProto] = []
    for output in (o for o in node.output if o):
        readers = [r for r in wiring.consumers.get(output, []) if r.op_type != "QuantizeLinear"]
        if not readers:
            continue
        restored = unique_name(f"{output}_dequantized", taken)
        added += _pair(dequantizer, output, restored, taken)
        for reader in readers:
            reader.input[:] = [restored if name == output else name for name in reader.input]
    return added


def _quantize_inputs(wiring: _Wiring, node: onnx.NodeProto, taken: set[str]) -> list[onnx.NodeProto]:
    """Q/DQ before a movement op whose outputs all go to QuantizeLinear of one scale, on each
    float data input (not a constant, not dequantized already)."""
    data = _data_inputs(node)
    readers = [r for o in node.output if o for r in wiring.consumers.get(o, [])]
    if not data or not readers or any(r.op_type != "QuantizeLinear" for r in readers) or \
            any(o in wiring.outputs for o in node.output):
        return []
    keys = {_qparams_key(wiring, r) for r in readers}
    if len(keys) != 1 or None in keys:
        return []
    added: list[onnx.NodeProto] = []
    for index, name in enumerate(node.input):
        producer = wiring.producer.get(name)
        dequantized = producer is not None and producer.op_type == "DequantizeLinear"
        if name not in data or wiring.is_constant(name) or dequantized:
            continue
        restored = unique_name(f"{name}_dequantized", taken)
        added += _pair(readers[0], name, restored, taken)
        node.input[index] = restored
    return added
