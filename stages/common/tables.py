"""Element-wise chains of one int8 tensor become one 256-entry table (docs/design.md, principle 6).

Exporters write many functions of a single activation as chains of small ops: hard-swish as
x * relu6(x + 3) / 6 or x * clip(x + 3, 0, 6) * (1/6), hard-sigmoid as relu6(x + 3) / 6, SiLU as
x * sigmoid(x), GELU as x * 0.5 * (1 + erf(x / sqrt 2)), attention's scores / sqrt(d), a lone
Pow, Sqrt, Erf or Reciprocal. Every output of such a chain is a function of the one int8 input x,
so it takes one of 256 values: the table of those values is its exact int8 path, one rounding
and no intermediate tensor. The quantize stage leaves the chain's inner tensors without Q/DQ
(stages/quantize/qdq_writer.py) and codegen evaluates the chain on the 256 codes
(stages/codegen/lowering/integer_paths.py); both ask `table_op` what a chain may contain.

The table is computed by the ONNX reference evaluator on the dequantized codes in float32, i.e.
the QDQ model's own meaning (DequantizeLinear, the float ops, QuantizeLinear), code for code.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from ferry.stages.common.quant import QMAX, QMIN, dequantize, quantize

# Element-wise float ops whose output is a function of their one non-constant input (every other
# input a scalar constant, or the same tensor again).
TABLE_OPS = frozenset(
    """
    Abs Add Clip Div Elu Erf Exp Gelu HardSigmoid HardSwish LeakyRelu Log Mul Neg Pow
    Reciprocal Relu Selu Sigmoid Softplus Softsign Sqrt Sub Tanh
    """.split()
)
# Ops that a table alone serves better than their own int8 path (which they lack, or which
# would quantize a scalar constant): a chain of only one of these still becomes a table.
TABLE_ALONE_OPS = frozenset("Div Erf Exp Log Pow Reciprocal Sqrt Abs Neg Elu Selu Softplus Softsign".split())
CLAMP_OPS = ("Relu", "Clip")


def table_op(node: onnx.NodeProto, constant_of: Callable[[str], np.ndarray | None]) -> bool:
    """Whether `node` may be part of a table chain: a TABLE_OPS op of the default domain whose
    constant inputs (`constant_of` gives a constant's float values, None for a computed tensor)
    are scalars, so that its output has its non-constant input's shape."""
    if node.domain not in ("", "ai.onnx") or node.op_type not in TABLE_OPS or len(node.output) != 1:
        return False
    computed = 0
    for name in node.input:
        if not name:
            continue
        value = constant_of(name)
        if value is None:
            computed += 1
        elif value.size != 1:
            return False
    return computed >= 1


def scalar_operand(node: onnx.NodeProto, constant_of: Callable[[str], np.ndarray | None]) -> bool:
    """A binary op with a scalar constant operand (x / 6, x * 0.125, x + 3)."""
    return node.op_type in ("Add", "Sub", "Mul", "Div") and any(
        name and constant_of(name) is not None for name in node.input)


def chain_values(nodes: list[onnx.NodeProto], source: str, outputs: list[str],
                 constants: dict[str, np.ndarray], opset: int, scale: float, zero_point: int,
                 ) -> dict[str, np.ndarray]:
    """Each output of the chain on the 256 codes: chain(DequantizeLinear(q)) for q in -128..127,
    in float32, `source` being the chain's float input."""
    codes = np.arange(QMIN, QMAX + 1, dtype=np.int64)
    graph = helper.make_graph(
        list(nodes), "table",
        [helper.make_tensor_value_info(source, onnx.TensorProto.FLOAT, [QMAX - QMIN + 1])],
        [helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None) for name in outputs],
        [numpy_helper.from_array(np.asarray(value, dtype=np.float32).reshape(()), name)
         for name, value in constants.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    with np.errstate(all="ignore"):  # sqrt, log, x/0 of codes outside the function's domain
        values = ReferenceEvaluator(model).run(None, {source: dequantize(codes, scale, zero_point)})
    return {name: np.asarray(real, dtype=np.float32).reshape(-1) for name, real in zip(outputs, values)}


def int8_table(real: np.ndarray, scale: float, zero_point: int) -> np.ndarray:
    """QuantizeLinear of the 256 values. It saturates infinities (x / 0); NaN (0 / 0, the square
    root of a negative code) has no int8 value: ferry maps it to the zero point, i.e. to 0."""
    beyond = np.float32(2 * (QMAX - QMIN + 1) * scale)  # saturates either way
    real = np.nan_to_num(real, nan=0.0, posinf=beyond, neginf=-beyond)
    return quantize(np.clip(real, -beyond, beyond), scale, zero_point).astype(np.int8)
