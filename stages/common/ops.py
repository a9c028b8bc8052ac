"""What ferry supports, and what each node costs: shared by import (summary) and codegen."""

from __future__ import annotations

import numpy as np
import onnx

from ferry.stages.common.golden import DOMAIN as INTEGER_DOMAIN
from ferry.stages.common.golden import OP_TYPES as INTEGER_OPS
from ferry.stages.common.graph import GraphView, attribute


class Unsupported(Exception):
    """This node uses a feature ferry's kernels do not implement; the message says which."""


# The opset range the lowerings understand; older models are converted up to MIN_OPSET.
MIN_OPSET = 13
MAX_OPSET = 25

# ONNX op types (default domain) that codegen lowers; a test keeps this equal to the registry.
SUPPORTED_OPS = frozenset(
    """
    Add AveragePool BatchNormalization Clip Concat Conv ConvTranspose Div Erf Exp Flatten Gather
    Gelu Gemm GlobalAveragePool HardSigmoid HardSwish LayerNormalization LeakyRelu Log LRN MatMul
    MaxPool Mul Pad Pow Reciprocal ReduceMean ReduceSum Relu Reshape Resize Sigmoid Slice Softmax
    Split Sqrt Squeeze Sub Sum Tanh Transpose Unsqueeze
    """.split()
)

# QDQ models (docs/design.md: "arrives already quantized") mark quantization with these two ops; codegen
# lowers the pattern around them (stages/codegen/integer_program.py), never the ops alone.
QDQ_OPS = frozenset({"QuantizeLinear", "DequantizeLinear"})

# Ops with an integer path (codegen lowers their QDQ form to int8 kernels). The quantize stage
# quantizes exactly these; every other supported op is kept in float between a Dequantize and a
# Quantize, with a note in the report.
# Element-wise chains of one activation (Div or Mul by a constant, Pow, Sqrt, Erf, hard-swish
# written out op by op) are quantized as one table each, whatever their ops (stages/common/tables.py).
INT8_OPS = frozenset(
    """
    Add AveragePool Clip Concat Conv ConvTranspose Div Flatten Gather Gelu Gemm GlobalAveragePool
    HardSigmoid HardSwish LayerNormalization LeakyRelu LRN MatMul MaxPool Mul Pad ReduceMean
    ReduceSum Relu Reshape Resize Sigmoid Slice Softmax Split Squeeze Sub Sum Tanh Transpose Unsqueeze
    """.split()
)
# Ops that move or select data: every int8 output keeps the input's scale and zero point. Resize
# interpolates (linear) or selects (nearest) inside the input's range, so it keeps it too.
SCALE_PRESERVING_OPS = frozenset(
    "Concat Flatten Gather MaxPool Pad Reshape Resize Slice Split Squeeze Transpose Unsqueeze".split())
# Ops whose int8 output range is fixed by the function (TFLite int8 spec): (scale, zero point).
FIXED_OUTPUT_QPARAMS = {"Sigmoid": (1.0 / 256, -128), "Softmax": (1.0 / 256, -128), "Tanh": (1.0 / 128, 0)}


def unsupported_nodes(model: onnx.ModelProto) -> dict[str, list[str]]:
    """Op type -> names of the nodes using it, for every op ferry cannot lower."""
    missing: dict[str, list[str]] = {}
    for index, node in enumerate(model.graph.node):
        if node.domain in ("", "ai.onnx") and node.op_type in SUPPORTED_OPS | QDQ_OPS:
            continue
        if node.domain == INTEGER_DOMAIN and node.op_type in INTEGER_OPS:
            continue
        op = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
        missing.setdefault(op, []).append(node.name or f"#{index}")
    return missing


def format_unsupported(missing: dict[str, list[str]]) -> str:
    """One line: every unsupported op type with the nodes that use it."""
    listed = [f"{op} ({', '.join(names)})" for op, names in sorted(missing.items())]
    return f"{len(missing)} unsupported op type(s): " + "; ".join(listed)


def count_macs(node: onnx.NodeProto, graph: GraphView) -> int:
    """Multiply-accumulates of a dense execution of the node (0 for ops without a reduction)."""
    op = node.op_type
    if op in ("Conv", "QConv"):
        out = graph.tensor(node.output[0])
        w = graph.tensor(node.input[1])
        return out.size * int(np.prod(w.shape[1:]))
    if op == "ConvTranspose":
        x = graph.tensor(node.input[0])
        w = graph.tensor(node.input[1])
        return x.size * int(np.prod(w.shape[1:]))  # each input element meets Cout/group filters
    if op == "Gemm":
        out = graph.tensor(node.output[0])
        a = graph.tensor(node.input[0])
        k = a.shape[0] if attribute(node, "transA", 0) else a.shape[1]
        return out.size * k
    if op == "QGemm":  # input [rows, K] x filter [N, K]
        return graph.tensor(node.output[0]).size * graph.tensor(node.input[1]).shape[1]
    if op in ("MatMul", "QMatMul"):
        out = graph.tensor(node.output[0])
        a = graph.tensor(node.input[0])
        return out.size * a.shape[-1]
    return 0


def count_params(node: onnx.NodeProto, graph: GraphView) -> int:
    """Elements of the node's constant inputs that are learned weights (not shapes or axes)."""
    if node.op_type not in ("Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization",
                            "Add", "Sub", "Mul", "Div"):
        return 0
    stored = (_stored(graph, name) for name in node.input)
    return sum(graph.constant(name).size for name in stored if name is not None)


def _stored(graph: GraphView, name: str) -> str | None:
    """The constant an input reads: itself, or the quantized constant a DequantizeLinear restores
    (the weights of a model that arrived quantized)."""
    if name and graph.is_constant(name):
        return name
    producer = graph.producer.get(name) if name else None
    if producer is not None and producer.op_type == "DequantizeLinear" and graph.is_constant(producer.input[0]):
        return producer.input[0]
    return None
