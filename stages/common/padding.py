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
