"""Shared arithmetic of windowed ops (Conv, ConvTranspose, pooling): pads, auto_pad, 1-D as 2-D."""

from __future__ import annotations

from ferry.stages.common.ops import Unsupported


def transpose_begin_pads(pads: list[int] | None, auto_pad: str, in_sizes: tuple[int, ...],
                         out_sizes: tuple[int, ...], kernel: tuple[int, ...], strides: tuple[int, ...],
                         dilations: tuple[int, ...], output_padding: tuple[int, ...]) -> tuple[int, ...]:
    """Begin pads of a ConvTranspose (as the ONNX reference resolves them).

    Explicit pads win; auto_pad SAME_* splits the total padding implied by the output shape
    (which shape inference already resolved from output_shape / output_padding); otherwise 0.
    """
    rank = len(in_sizes)
    if pads is not None and auto_pad in ("", "NOTSET"):
        return tuple(int(v) for v in pads[:rank])
    if auto_pad not in ("", "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"):
        raise Unsupported(f"auto_pad '{auto_pad}'")
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        return (0,) * rank
    begins = []
    for size, out, k, s, d, extra in zip(in_sizes, out_sizes, kernel, strides, dilations,
                                         output_padding):
        total = s * (size - 1) + extra + (k - 1) * d + 1 - out
        begins.append(total // 2 if auto_pad == "SAME_UPPER" else total - total // 2)
    return tuple(begins)


def as_2d(values: tuple[int, ...], fill: int) -> tuple[int, int]:
    """Spatial parameters of a 1-D or 2-D op as (height, width); 1-D ops get height `fill`."""
    if len(values) == 1:
        return fill, values[0]
    if len(values) == 2:
        return values[0], values[1]
    raise Unsupported(f"{len(values)}-D spatial windows (only 1-D and 2-D are supported)")


def as_3d(values: tuple[int, ...], fill: int) -> tuple[int, int, int]:
    """Spatial parameters of a 1-D, 2-D or 3-D op as (depth, height, width), missing ones `fill`."""
    if not 1 <= len(values) <= 3:
        raise Unsupported(f"{len(values)}-D spatial windows (only 1-D, 2-D and 3-D are supported)")
    depth, height, width = (fill,) * (3 - len(values)) + tuple(int(v) for v in values)
    return depth, height, width
