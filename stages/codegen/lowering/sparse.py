"""QConv and QGemm whose weights take fewer bytes stored sparse (stages/common/sparse.py): the
format's arrays go to weights.bin instead of the dense weights, and the call goes to
ferry::sparse (kernels/ferry_sparse.h), which visits the stored weights only. Layers that stay
dense keep the lowering of integer.py: this module imports it first, then takes the two op
types over and hands dense layers back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import onnx

from ferry.schemas.artifacts import WeightStorage
from ferry.stages.codegen.context import LoweringContext, c_type
from ferry.stages.codegen.kernel_call import KernelCall, lowers
from ferry.stages.codegen.lowering import integer
from ferry.stages.common import sparse
from ferry.stages.common.graph import GraphView, attribute

WEIGHTED = ("QConv", "QGemm")


def _meets(node: onnx.NodeProto, graph: GraphView) -> np.ndarray:
    """Per reduction index k: the output positions weight k meets, padding taps skipped."""
    x, w, y = (graph.tensor(n).shape for n in (node.input[0], node.input[1], node.output[0]))
    if node.op_type == "QGemm":
        return np.full(w[1], int(np.prod(x)) // w[1], np.int64)
    strides, dilations, pads = (attribute(node, a) for a in ("strides", "dilations", "pads"))
    rows, columns = (sparse.valid_positions(x[2 + i], y[2 + i], w[2 + i], strides[i], dilations[i], pads[i])
                     for i in (0, 1))
    return np.tile(np.outer(rows, columns).reshape(-1) * x[0], w[1])


def storage(node: onnx.NodeProto, graph: GraphView) -> tuple[sparse.Storage, WeightStorage]:
    """The smallest format of a QConv / QGemm node's weights, and its record for the manifest."""
    weights = graph.constant(node.input[1])
    matrix = weights.reshape(weights.shape[0], -1)
    rows, depth = matrix.shape
    # int16 layers have dense kernels only (kernels/ferry_int16.h)
    chosen = sparse.dense(matrix) if graph.tensor(node.input[0]).dtype == np.int16 else sparse.smallest(matrix)
    meets = _meets(node, graph)
    dense = sparse.dense(matrix)
    return chosen, WeightStorage(
        node=node.name, format=chosen.format, pattern=f"{chosen.n}:{chosen.m}" if chosen.m else None,
        bytes=chosen.nbytes, dense_bytes=dense.nbytes,
        macs=sparse.executed_macs(chosen, rows, depth, meets),
        dense_macs=sparse.executed_macs(dense, rows, depth, meets))


def storage_records(graph: GraphView) -> list[WeightStorage]:
    """Every int8 weighted layer of a program, in graph order."""
    return [storage(node, graph)[1] for node in graph.nodes if node.op_type in WEIGHTED]


def _format_argument(ctx: LoweringContext, chosen: sparse.Storage, depth: int) -> str:
    """The format struct, built in the call from the arrays it points to."""
    arrays = {field: ctx.table(f"{ctx.node.name}_{field}", values) for field, values in chosen.arrays}
    if chosen.format == "bitmask":
        return f"ferry::sparse::Bitmask{{{arrays['mask']}, {arrays['values']}, /*depth=*/{depth}}}"
    if chosen.format == "csr":
        index, start = (c_type(chosen.array(f).dtype) for f in ("index", "row_start"))
        return (f"ferry::sparse::Csr<{index}, {start}>{{{arrays['values']}, {arrays['index']}, "
                f"{arrays['row_start']}}}")
    bits = {2: 1, 4: 2}.get(chosen.m, 4)
    return (f"ferry::sparse::NM{{{arrays['values']}, {arrays['positions']}, /*depth=*/{depth}, "
            f"/*n=*/{chosen.n}, /*m=*/{chosen.m}, /*bits=*/{bits}}}")


def _lower(ctx: LoweringContext, call_of: Callable[[LoweringContext, bool], KernelCall]) -> KernelCall:
    chosen, record = storage(ctx.node, ctx.graph)
    if chosen.format == "dense":
        return call_of(ctx, True)
    depth = int(np.prod(ctx.input(1).shape[1:]))
    call = call_of(ctx.with_input(1, _format_argument(ctx, chosen, depth)), False)
    pattern = f" {record.pattern}" if record.pattern else ""
    note = (f"weights {chosen.format}{pattern}: {record.bytes:,} B (dense {record.dense_bytes:,} B); "
            f"MACs executed {record.macs:,} of {record.dense_macs:,}")
    return replace(call, function=call.function.replace("ferry::q::", "ferry::sparse::"),
                   notes=(*call.notes, note))


@lowers("QConv")
def lower_qconv(ctx: LoweringContext) -> KernelCall:
    return _lower(ctx, integer.conv_call)


@lowers("QGemm")
def lower_qgemm(ctx: LoweringContext) -> KernelCall:
    return _lower(ctx, integer.gemm_call)
