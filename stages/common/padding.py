"""Padding of the spatial ops (Conv, ConvTranspose, pooling) as ONNX defines it: what pruning
(stages/sparsify/layers.py) and codegen both resolve."""

from __future__ import annotations

import numpy as np

from ferry.stages.common.ops import Unsupported


def pad_pairs(
    auto_pad: str,
    pads: list[int] | None,
    in_sizes: tuple[int, ...],
    out_sizes: tuple[int, ...],
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    dilations: tuple[int, ...],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(begin pads, end pads) per spatial axis, resolving auto_pad SAME_UPPER / SAME_LOWER / VALID.

    SAME pads are (out - 1) * stride + dilated kernel - in, clamped at 0 and split with the odd
    one at the end (SAME_UPPER) or at the beginning (SAME_LOWER).
    """
    rank = len(in_sizes)
    if auto_pad in ("", "NOTSET"):
        pads = list(pads) if pads else [0] * 2 * rank
        return tuple(pads[:rank]), tuple(pads[rank : 2 * rank])
    if auto_pad == "VALID":
        return (0,) * rank, (0,) * rank
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        raise Unsupported(f"auto_pad '{auto_pad}'")
    begins, ends = [], []
    for size, out, k, s, d in zip(in_sizes, out_sizes, kernel, strides, dilations):
        total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
        begin = total // 2 if auto_pad == "SAME_UPPER" else (total + 1) // 2
        begins.append(begin)
        ends.append(total - begin)
    return tuple(begins), tuple(ends)


def taps_inside(size: int, out: int, kernel: int, stride: int, dilation: int, begin: int) -> np.ndarray:
    """[kernel tap, output position] along one axis: whether the tap reads the input there (output
    o reads o·stride + k·dilation - begin), not the padding."""
    read = np.arange(out)[None, :] * stride + np.arange(kernel)[:, None] * dilation - begin
    return (read >= 0) & (read < size)


def padded_extent(shape: dict[str, int], axis: str) -> int:
    """The input rows (axis "h") or columns ("w") that a conv's windows read, padding included:
    the kernels' padded_h / padded_w (ferry_int8_conv.h), which size their scratch buffers."""
    return ((shape[f"out_{axis}"] - 1) * shape[f"stride_{axis}"]
            + (shape[f"kernel_{axis}"] - 1) * shape[f"dilation_{axis}"] + 1)


def reads_in_place(shape: dict[str, int]) -> bool:
    """A pointwise conv without padding whose windows stay inside the input: ferry::q::conv reads
    its patches from the NCHW input in place, with no band of staged rows (reads_in_place in
    ferry_int8_conv.h)."""
    return (shape["kernel_h"] == shape["kernel_w"] == 1 and shape["pad_top"] == shape["pad_left"] == 0
            and (shape["out_h"] - 1) * shape["stride_h"] < shape["in_h"]
            and (shape["out_w"] - 1) * shape["stride_w"] < shape["in_w"])
