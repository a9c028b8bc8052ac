"""A Linear exported as MatMul(x, W) then Add(·, bias): one fully connected layer in int8.

PyTorch writes `nn.Linear` on a 3-D input as a MatMul by the constant weight followed by an Add
of the constant bias, because ONNX Gemm takes 2-D inputs only. Quantized as written, the product
would be rounded to int8 and then added to an int8 bias in a second layer (QAdd). TFLite's
FullyConnected, and ferry's Conv and Gemm, instead add an int32 bias in the accumulator's scale
(input scale × weight scale) and round once.

The fusion is decided where the rounding is decided, in the quantize stage, and not at import:
the imported model is the float reference (onnxruntime on it is what the data scientist's model
computes), and rewriting the 3-D MatMul + Add as standard ONNX would take a Reshape, a Gemm and
a Reshape, which sums in another order and adds two layers to the int8 program. The quantize
stage instead leaves the product without Q/DQ and stores the bias as an int32 DequantizeLinear in
the accumulator's scale, so the QDQ model itself says "one rounding"; codegen recognises that
form in any QDQ model and emits one QGemm with the bias (stages/codegen/integer_program.py). Both stages ask
`bias_add` below, so they agree on what fuses.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import onnx

from ferry.stages.common.graph import GraphView


def bias_add(view: GraphView, node: onnx.NodeProto, is_constant: Callable[[str], bool],
             ) -> tuple[onnx.NodeProto, int] | None:
    """(the Add, the index of its bias input) when `node` is a MatMul by a constant 2-D weight
    whose output is read only by an Add of a constant bias with one value per output column
    (shape [N] or [1, ..., 1, N], not widening the product); else None. `is_constant` says
    whether a tensor is a constant (in a QDQ model: also a DequantizeLinear of one)."""
    if node.op_type != "MatMul" or not is_constant(node.input[1]):
        return None
    product = node.output[0]
    readers = view.consumers.get(product, [])
    if product in view.outputs or len(readers) != 1 or readers[0].op_type != "Add":
        return None
    add = readers[0]
    if len(add.input) != 2 or list(add.input).count(product) != 1:
        return None
    index = 1 - list(add.input).index(product)
    if not is_constant(add.input[index]) or len(view.tensor(node.input[1]).shape) != 2:
        return None
    shape = view.tensor(product).shape
    bias = view.tensor(add.input[index]).shape
    fits = (len(bias) <= len(shape) and int(np.prod(bias, dtype=np.int64)) == shape[-1]
            and all(d == 1 for d in bias[:-1]))
    return (add, index) if fits and view.tensor(add.output[0]).shape == shape else None


def output_scaling(view: GraphView, name: str, constant_of: Callable[[str], np.ndarray | None],
                   ) -> tuple[onnx.NodeProto, float] | None:
    """(the node, its factor f) when the only reader of `name` multiplies it by a positive
    scalar constant (Mul by c: f = c; Div by c: f = 1/c), as attention's `scores / sqrt(d)` or
    `q * scale`. A linear layer folds f into its requantization (output scale / f), so the
    product is rounded once. `constant_of` gives a constant's values (None: computed)."""
    readers = view.consumers.get(name, [])
    if name in view.outputs or len(readers) != 1 or readers[0].op_type not in ("Mul", "Div"):
        return None
    node = readers[0]
    if len(node.input) != 2 or list(node.input).count(name) != 1 or (node.op_type == "Div" and node.input[0] != name):
        return None
    value = constant_of(node.input[1 - list(node.input).index(name)])
    if value is None or value.size != 1:
        return None
    c = float(np.asarray(value, dtype=np.float64).reshape(-1)[0])
    if not (c > 0 and np.isfinite(c)):
        return None
    return node, (c if node.op_type == "Mul" else 1.0 / c)
