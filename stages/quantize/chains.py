"""Which element-wise chains of the float graph the quantizer leaves for one table each.

See stages/common/tables.py for the idea. Here, on the float graph: a chain is a connected set of
`table_op` nodes whose non-constant inputs all come, directly or through the chain, from one
source tensor. The chain's inner tensors (read only inside it, not graph outputs) get no Q/DQ;
its source and every other tensor it produces do. A chain of a single op that has an int8 path
of its own (a Sigmoid, a Mul of two activations) is left to that path; a ReLU or Clip that is the
fused clamp of a Conv, Gemm, MatMul or Add stays fused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import onnx

from ferry.stages.common.fusion import bias_add, output_scaling
from ferry.stages.common.graph import GraphView
from ferry.stages.common.tables import CLAMP_OPS, TABLE_ALONE_OPS, scalar_operand, table_op

CLAMPED_PRODUCERS = ("Conv", "ConvTranspose", "Gemm", "MatMul", "Add")


@dataclass
class Chains:
    source_of: dict[int, str] = field(default_factory=dict)  # node index -> its chain's source
    inner: set[str] = field(default_factory=set)  # tensors without Q/DQ


def _constant_of(view: GraphView) -> Callable[[str], np.ndarray | None]:
    return lambda name: view.constant(name) if view.is_constant(name) else None


def _candidate(view: GraphView, node: onnx.NodeProto) -> bool:
    constant_of = _constant_of(view)
    if not table_op(node, constant_of) or view.tensor(node.output[0]).dtype != np.float32:
        return False
    out_shape = view.tensor(node.output[0]).shape
    computed = [n for n in node.input if n and constant_of(n) is None]
    if any(view.tensor(n).dtype != np.float32 or view.tensor(n).shape != out_shape for n in computed):
        return False
    producer = view.producer.get(computed[0])
    if producer is None:
        return True
    if node.op_type == "Add" and bias_add(view, producer, view.is_constant) is not None:
        return False  # a MatMul's bias: the int32 bias of one fully connected layer
    if scaled_output(view, producer):
        return False  # folded into the layer's requantization
    # the clamp of a Conv/Gemm/MatMul/Add stays fused into it
    return not (node.op_type in CLAMP_OPS and producer.op_type in CLAMPED_PRODUCERS
                and not table_op(producer, constant_of) and len(view.consumers[computed[0]]) == 1)


def is_clamp(node: onnx.NodeProto, view: GraphView) -> bool:
    """Relu, or Clip with constant (or absent) bounds: codegen applies it as the producer's clamp."""
    return node.op_type == "Relu" or (
        node.op_type == "Clip" and all(not n or view.is_constant(n) for n in node.input[1:]))


def clamped_tensors(view: GraphView) -> dict[str, str]:
    """Pre-activation tensor -> the output of the clamp that is its only reader: a float
    Conv/Gemm/MatMul/Add output, not a graph output, read by one Relu or constant-bound Clip.
    Its int8 values are the clamp's: fused, it has no Q/DQ; when only one of the pair is
    quantized, it takes the clamp output's qparams, which lose nothing the clamp keeps (values
    the clamp cuts saturate). So calibration never needs its statistics."""
    found = {}
    for node in view.nodes:
        for name in node.output[:1]:
            readers = view.consumers.get(name, [])
            if (node.op_type in CLAMPED_PRODUCERS and name not in view.outputs and len(readers) == 1
                    and is_clamp(readers[0], view) and readers[0].input[0] == name
                    and view.tensor(name).dtype == np.float32):
                found[name] = readers[0].output[0]
    return found


def scaled_output(view: GraphView, producer: onnx.NodeProto) -> bool:
    """Whether the only reader of the Conv/Gemm/MatMul (or a MatMul's bias Add) `producer`
    scales it by a positive constant, which its requantization absorbs (output_scaling)."""
    if producer.op_type not in CLAMPED_PRODUCERS or (
            producer.op_type == "Add" and not any(
                (p := view.producer.get(n)) is not None and bias_add(view, p, view.is_constant) is not None
                for n in producer.input)):
        return False
    return output_scaling(view, producer.output[0], _constant_of(view)) is not None


def table_chains(view: GraphView, allowed: set[int]) -> Chains:
    """The chains among the nodes `allowed` (indices), grown greedily in graph order."""
    index_of = {id(node): i for i, node in enumerate(view.nodes)}
    constant_of = _constant_of(view)
    chain_of: dict[int, int] = {}  # node index -> chain id (its first node)
    members: dict[int, list[int]] = {}
    source: dict[int, str] = {}
    for index, node in enumerate(view.nodes):
        if index not in allowed or not _candidate(view, node):
            continue
        joined, sources = set(), set()
        for name in {n for n in node.input if n and constant_of(n) is None}:
            producer = view.producer.get(name)
            chain = chain_of.get(index_of[id(producer)]) if producer is not None else None
            if chain is not None and name not in view.outputs:
                joined.add(chain)
                sources.add(source[chain])
            else:
                sources.add(name)
        if len(sources) != 1:
            continue
        chain = min(joined, default=index)
        members.setdefault(chain, [])
        for other in sorted(joined - {chain}):
            for member in members.pop(other):
                chain_of[member] = chain
                members[chain].append(member)
            del source[other]
        members[chain].append(index)
        chain_of[index] = chain
        source[chain] = sources.pop()
    chains = Chains()
    for chain, nodes in members.items():
        first = view.nodes[nodes[0]]
        if len(nodes) == 1 and first.op_type not in TABLE_ALONE_OPS and not scalar_operand(first, constant_of):
            continue  # its own int8 path serves it as well
        inside = {id(view.nodes[i]) for i in nodes}
        for i in nodes:
            chains.source_of[i] = source[chain]
            name = view.nodes[i].output[0]
            if name not in view.outputs and all(id(c) in inside for c in view.consumers[name]):
                chains.inner.add(name)
    return chains
