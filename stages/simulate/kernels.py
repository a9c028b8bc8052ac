"""What one kernel call of the generated program does: the simulator's model of kernels/*.h.

Input: one layer of the package's memory_plan.json (the kernel, its parameter struct as emitted,
its operands and where they live). Output: the layer's `LayerCounts`, the figures a counting build
of the same C++ measures (stages/simulate/counting.py; a test holds them equal), plus how the
work is shaped for the array model (stages/simulate/machine.py).

Conventions, the same as the kernels':
- MACs are the multiply-accumulates executed: convolutions skip the taps that fall into the
  padding (a 3x3 conv with pad 1 on an 8x8 map runs 8*8*9 - 60 taps per channel pair, not 8*8*9).
- Activation bytes are distinct bytes: a byte read by several taps counts once (the array keeps
  it in its registers, and the counting build marks bytes, not accesses). A strided conv or a
  slice reads only the rows and columns it uses.
- Const arrays (weights, bias, requantization multipliers and shifts, lookup tables) count whole
  whenever the call reads from them: a DMA moves a layer's weights as one block.
- Gather is counted as reading what it writes: exact when its indices are distinct (a class
  token, a head), an upper bound when they repeat.
- Resize (linear and cubic) is counted as reading its whole input, which is exact when upsampling
  (every input is a neighbour of some output) and an upper bound when downsampling.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from ferry.schemas.artifacts import Operand, PlannedLayer
from ferry.schemas.simulation import LayerCounts

# Kernels that only move bytes: no arithmetic, transfers alone set their cycles.
MOVEMENT = frozenset({"ferry::copy", "ferry::slice", "ferry::transpose", "ferry::pad", "ferry::concat",
                      "ferry::split", "ferry::gather"})
# ferry::q::layer_norm per row: the integer square root of a 64-bit sum takes 32 steps (one
# result bit each), which every element of the row waits for.
ISQRT_STEPS = 32
# ... and per element: add to the sum, square, divide by the root, scale and offset.
LAYER_NORM_PASSES = 4
# Kernels that read back what they wrote (softmax divides its stored exponentials by their sum;
# reduce_mean and reduce_sum accumulate into their output).
READS_OUTPUT = frozenset({"ferry::softmax", "ferry::reduce_mean", "ferry::reduce_sum"})


@dataclass(frozen=True)
class Work:
    counts: LayerCounts
    ops: int  # element operations of kernels without MACs
    reduction: int  # taps per output element
    grid: tuple[int, int]  # the output plane: the first output's last two axes
    planes: int  # the first output's leading axes
    precision: str


@dataclass(frozen=True)
class Axis:
    """One spatial axis of a window: `size` inputs, `out` outputs, output o reading taps
    o * stride - pad + k * dilation for k < kernel, skipped when outside the input."""

    size: int
    out: int
    kernel: int
    stride: int
    dilation: int
    pad: int

    def _positions(self) -> np.ndarray:
        o = np.arange(self.out)[:, None]
        k = np.arange(self.kernel)[None, :]
        return o * self.stride - self.pad + k * self.dilation

    def taps(self) -> int:
        """(output, tap) pairs inside the input."""
        positions = self._positions()
        return int(((positions >= 0) & (positions < self.size)).sum())

    def touched(self) -> int:
        """Input positions some tap reads."""
        positions = self._positions()
        return int(np.unique(positions[(positions >= 0) & (positions < self.size)]).size)


def _transposed(size: int, out: int, kernel: int, stride: int, dilation: int, pad: int) -> tuple[int, int]:
    """(valid (output, tap) pairs, input positions read) of a transposed convolution axis:
    output o takes tap k from input (o + pad - k * dilation) / stride when that is whole and inside."""
    t = np.arange(out)[:, None] + pad - np.arange(kernel)[None, :] * dilation
    valid = (t >= 0) & (t % stride == 0) & (t // stride < size)
    return int(valid.sum()), int(np.unique(t[valid] // stride).size)


def nbytes(operand: Operand) -> int:
    return prod(operand.shape) * np.dtype(operand.dtype).itemsize


def _precision(operand: Operand) -> str:
    dtype = np.dtype(operand.dtype)
    if dtype.kind == "f":
        return "float32"
    return "int16" if dtype.itemsize == 2 else "int8"


def _conv(p: dict, itemsize: int) -> tuple[int, int, int]:
    """(MACs, input bytes read, dense taps per output) of ferry::conv / ferry::q::conv."""
    h = Axis(p["in_h"], p["out_h"], p["kernel_h"], p["stride_h"], p["dilation_h"], p["pad_top"])
    w = Axis(p["in_w"], p["out_w"], p["kernel_w"], p["stride_w"], p["dilation_w"], p["pad_left"])
    per_group = p["in_channels"] // p["groups"]
    macs = p["batch"] * p["out_channels"] * per_group * h.taps() * w.taps()
    read = p["batch"] * p["in_channels"] * h.touched() * w.touched() * itemsize
    return macs, read, per_group * p["kernel_h"] * p["kernel_w"]


def _conv_transpose(p: dict, itemsize: int) -> tuple[int, int]:
    axes = [_transposed(p[f"in_{a}"], p[f"out_{a}"], p[f"kernel_{a}"], p[f"stride_{a}"],
                        p[f"dilation_{a}"], p[f"pad_{b}"])
            for a, b in (("d", "front"), ("h", "top"), ("w", "left"))]
    per_group = p["in_channels"] // p["groups"]
    macs = p["batch"] * p["out_channels"] * per_group * prod(pairs for pairs, _ in axes)
    read = p["batch"] * p["in_channels"] * prod(touched for _, touched in axes) * itemsize
    return macs, read


def _pool_axes(p: dict) -> list[Axis]:
    """ferry::PoolParams (3-D) or ferry::q::AveragePoolParams (2-D, no dilation)."""
    names = (("d", "front"), ("h", "top"), ("w", "left")) if "in_d" in p else (("h", "top"), ("w", "left"))
    return [Axis(p[f"in_{a}"], p[f"out_{a}"], p[f"kernel_{a}"], p[f"stride_{a}"],
                 p.get(f"dilation_{a}", 1), p[f"pad_{b}"]) for a, b in names]


def _pad_read(p: dict) -> int:
    """Input elements ferry::pad copies: per axis the distinct sources of pad_source()."""
    count, mode = 1, p["mode"]
    for n, out, begin in zip(p["in_dims"], p["out_dims"], p["pad_begin"]):
        x = np.arange(out) - begin
        if mode == 2:  # edge
            source = np.clip(x, 0, n - 1)
        elif mode == 3:  # wrap
            source = x % n
        elif mode == 1:  # reflect, period 2 (n - 1)
            period = max(2 * (n - 1), 1)
            r = np.abs(x) % period
            source = np.where(r < n, r, period - r) if n > 1 else np.zeros_like(x)
        else:  # constant
            source = x[(x >= 0) & (x < n)]
        count *= int(np.unique(source).size)
    return count


def layer_work(layer: PlannedLayer, sparse_macs: int | None = None) -> Work:
    """What one kernel call does. A sparse conv or gemm (ferry::sparse::) has the shape of its
    dense twin but executes only `sparse_macs` (the stored weights' taps)."""
    activations_in = [o for o in layer.inputs if o.place != "flash"]
    out = layer.outputs[0]
    outputs = prod(out.shape)
    shape = out.shape or [1]
    grid = (shape[-2] if len(shape) > 1 else 1, shape[-1])
    planes = prod(shape[:-2])
    precision = _precision(out)
    if layer.kernel is None:  # a view: no code runs
        return Work(LayerCounts(macs=0, weight_bytes=0, read_bytes=0, write_bytes=0), 0, 0,
                    grid, planes, precision)
    kernel = layer.kernel.split("<")[0].replace("ferry::sparse::", "ferry::q::")
    p = layer.params
    itemsize = np.dtype(out.dtype).itemsize
    read = sum(nbytes(o) for o in activations_in)
    write = sum(nbytes(o) for o in layer.outputs)
    macs, ops, reduction = 0, outputs, 1
    if kernel in ("ferry::conv", "ferry::q::conv", "ferry::q::depthwise_conv", "ferry::q16::conv"):
        in_itemsize = np.dtype(activations_in[0].dtype).itemsize
        macs, read, reduction = _conv(p.get("shape", p), in_itemsize)
    elif kernel in ("ferry::conv_transpose", "ferry::q::conv_transpose"):
        macs, read = _conv_transpose(p.get("shape", p), np.dtype(activations_in[0].dtype).itemsize)
        reduction = -(-macs // max(outputs, 1))
    elif kernel in ("ferry::gemm", "ferry::q::gemm", "ferry::matmul", "ferry::q::matmul", "ferry::q16::gemm",
                    "ferry::q16::matmul"):
        s = p.get("shape", p)  # q::matmul: the batched product's ferry::MatMulParams
        m, n, k = (s["rows"], s["cols"], s["depth"]) if "rows" in s else (s["m"], s["n"], s["k"])
        macs, reduction = s.get("batch", 1) * m * n * k, k
    elif kernel == "ferry::q::layer_norm":
        ops = LAYER_NORM_PASSES * outputs + ISQRT_STEPS * p["rows"]
        reduction = LAYER_NORM_PASSES + ISQRT_STEPS
    elif kernel in ("ferry::max_pool", "ferry::average_pool", "ferry::q::average_pool"):
        axes = _pool_axes(p)
        read = p["planes"] * prod(a.touched() for a in axes) * np.dtype(activations_in[0].dtype).itemsize
        ops = p["planes"] * prod(a.taps() for a in axes)
        reduction = prod(a.kernel for a in axes)
    elif kernel in ("ferry::slice", "ferry::transpose", "ferry::gather"):
        read = outputs * itemsize  # gather: exact for distinct indices, an upper bound otherwise
    elif kernel == "ferry::pad":
        read = _pad_read(p) * itemsize if outputs else 0
    elif kernel in ("ferry::softmax", "ferry::q::softmax"):
        ops, reduction = 3 * outputs, 3
    elif kernel in ("ferry::reduce_mean", "ferry::reduce_sum", "ferry::global_average_pool",
                    "ferry::q::reduce_sum"):
        ops = sum(prod(o.shape) for o in activations_in)
        reduction = -(-ops // max(outputs, 1))
    if sparse_macs is not None:
        macs = sparse_macs
    if kernel in READS_OUTPUT:
        read += write
    if macs or kernel in MOVEMENT:
        ops = 0
    counts = LayerCounts(macs=macs, weight_bytes=sum(layer.weights.values()), read_bytes=read,
                         write_bytes=write)
    return Work(counts, ops, reduction if kernel not in MOVEMENT else 0, grid, planes, precision)
