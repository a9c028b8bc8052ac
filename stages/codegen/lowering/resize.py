"""Resize: nearest / linear / cubic, every coordinate transformation, antialias, axes, roi.

All the arithmetic happens here at codegen time, following the ONNX reference implementation:
for every resized axis and every output coordinate, which source rows are read (the taps) and
with which weights. The kernel then only gathers and sums (ferry_resize.h).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ferry.stages.codegen.context import LoweringContext
from ferry.stages.codegen.kernel_call import KernelCall, Params, lowers
from ferry.stages.common.ops import Unsupported

KERNEL_RANK = 4  # ferry::kResizeRank

TRANSFORMS = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
              "asymmetric", "tf_crop_and_resize")
NEAREST_MODES = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")

Coefficients = Callable[[float, float], np.ndarray]  # (ratio in (0, 1], scale) -> tap weights


# -- filter coefficients (ratio: position of the source coordinate past the tap on its left) ---

def _nearest(nearest_mode: str) -> Coefficients:
    def coefficients(ratio: float, scale: float) -> np.ndarray:
        del scale
        if float(ratio).is_integer():
            return np.array([0.0, 1.0])
        if nearest_mode == "round_prefer_floor":
            return np.array([ratio <= 0.5, ratio > 0.5], dtype=np.float64)
        if nearest_mode == "round_prefer_ceil":
            return np.array([ratio < 0.5, ratio >= 0.5], dtype=np.float64)
        if nearest_mode == "floor":
            return np.array([1.0, 0.0])
        return np.array([0.0, 1.0])  # ceil

    return coefficients


def _linear(antialias: bool) -> Coefficients:
    def coefficients(ratio: float, scale: float) -> np.ndarray:
        if not antialias:
            return np.array([1.0 - ratio, ratio])
        scale = min(scale, 1.0)  # antialiasing widens the filter when downsampling
        start = int(np.floor(-1 / scale) + 1)
        args = (np.arange(start, 2 - start) - ratio) * scale
        weights = np.clip(1 - np.abs(args), 0, 1)
        return weights / weights.sum()

    return coefficients


def _cubic(a: float, antialias: bool) -> Coefficients:
    def kernel(x: float) -> float:
        x = abs(x)
        if x <= 1:
            return (a + 2) * x**3 - (a + 3) * x**2 + 1
        if x < 2:
            return a * x**3 - 5 * a * x**2 + 8 * a * x - 4 * a
        return 0.0

    def coefficients(ratio: float, scale: float) -> np.ndarray:
        if not antialias:
            return np.array([kernel(ratio + 1), kernel(ratio), kernel(1 - ratio),
                             kernel(2 - ratio)])
        scale = min(scale, 1.0)
        start = int(np.floor(-2 / scale) + 1)
        weights = np.array([kernel(scale * (i - ratio)) for i in range(start, 2 - start)])
        return weights / weights.sum()

    return coefficients


# -- per-axis tap tables ---------------------------------------------------------------------

@dataclass
class AxisTaps:
    """How one axis is resized: per output coordinate, `taps` source indices and weights."""

    in_size: int
    out_size: int
    index: np.ndarray  # [out_size, taps] source indices, clamped into the input
    weight: np.ndarray  # [out_size, taps]
    outside: np.ndarray  # [out_size] bool: the output is extrapolation_value (tf_crop_and_resize)
    identity: bool = False

    @staticmethod
    def unchanged(size: int) -> AxisTaps:
        return AxisTaps(size, size, np.arange(size).reshape(size, 1), np.ones((size, 1)),
                        np.zeros(size, dtype=bool), identity=True)


def _source_coordinates(transform: str, out_size: int, in_size: int, scale: float,
                        roi: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The input coordinate of every output coordinate, and whether it lies outside the crop."""
    y = np.arange(out_size, dtype=np.float64)
    length = scale * in_size  # the output length before rounding to an integer
    outside = np.zeros(out_size, dtype=bool)
    if transform == "align_corners":
        x = np.zeros(out_size) if length == 1 else y * (in_size - 1) / (length - 1)
    elif transform == "asymmetric":
        x = y / scale
    elif transform == "tf_crop_and_resize":
        if length == 1:
            x = np.full(out_size, (roi[1] - roi[0]) * (in_size - 1) / 2)
        else:
            x = y * (roi[1] - roi[0]) * (in_size - 1) / (length - 1)
        x = x + roi[0] * (in_size - 1)
        outside = (x < 0) | (x > in_size - 1)
    elif transform == "pytorch_half_pixel":
        x = np.full(out_size, -0.5) if length == 1 else (y + 0.5) / scale - 0.5
    elif transform == "half_pixel":
        x = (y + 0.5) / scale - 0.5
    else:  # half_pixel_symmetric
        offset = in_size / 2 * (1 - out_size / length)
        x = offset + (y + 0.5) / scale - 0.5
    return x, outside


def axis_taps(in_size: int, out_size: int, scale: float, roi: tuple[float, float], transform: str,
              coefficients: Coefficients, exclude_outside: bool) -> AxisTaps:
    """The taps of one resized axis, as onnx.reference's _interpolate_1d_along_axis reads them."""
    x, outside = _source_coordinates(transform, out_size, in_size, scale, roi)
    left = np.floor(x)
    ratios = np.where(x == left, 1.0, x - left)  # in (0, 1]: prefer the source on the left
    weight = np.array([coefficients(float(r), scale) for r in ratios]).reshape(out_size, -1)
    taps = weight.shape[1]
    # The `taps` source indices nearest to x (ties to the smaller), as if the input were
    # edge-padded: indices past either end are clamped below.
    pad = (taps + 1) // 2
    padded = x + pad
    base = np.floor(padded)
    frac = padded - base
    if taps % 2 == 0:
        first = np.where(frac == 0, -(taps // 2), -(taps // 2) + 1)
    else:
        first = np.where(frac <= 0.5, -((taps - 1) // 2), -((taps - 1) // 2) + 1)
    index = (base + first).astype(np.int64)[:, None] + np.arange(taps)[None, :] - pad
    if exclude_outside:
        weight = np.where((index < 0) | (index >= in_size), 0.0, weight)
        sums = weight.sum(axis=1, keepdims=True)
        weight = weight / np.where(sums == 0, 1.0, sums)
    return AxisTaps(in_size, out_size, np.clip(index, 0, in_size - 1), weight, outside)


def _only_nonzero_tap(taps: AxisTaps) -> AxisTaps:
    """Nearest mode weights are one-hot: keep just the selected source index."""
    chosen = np.argmax(taps.weight, axis=1)
    index = taps.index[np.arange(taps.out_size), chosen][:, None]
    return AxisTaps(taps.in_size, taps.out_size, index, np.ones_like(index, dtype=np.float64),
                    taps.outside, taps.identity)


# -- shapes, scales, roi -----------------------------------------------------------------------

def _optional_values(ctx: LoweringContext, index: int) -> np.ndarray | None:
    value = ctx.const_input(index)
    return None if value is None or value.size == 0 else value.reshape(-1)


def _plan_axes(ctx: LoweringContext, in_shape: tuple[int, ...], out_shape: tuple[int, ...],
               ) -> tuple[list[int], list[float], list[int], list[tuple[float, float]]]:
    """(resized axes, scale per axis, output size per axis, roi per axis) over the whole rank."""
    rank = len(in_shape)
    axes = ctx.attr("axes")
    axes = list(range(rank)) if axes is None else [a + rank if a < 0 else a for a in axes]
    roi_in = _optional_values(ctx, 1)
    scales_in = _optional_values(ctx, 2)
    sizes_in = _optional_values(ctx, 3)
    if (scales_in is None) == (sizes_in is None):
        raise Unsupported("exactly one of scales and sizes must be given")
    scales = [1.0] * rank
    sizes = list(in_shape)
    roi = [(0.0, 1.0)] * rank
    if roi_in is not None:
        if roi_in.size != 2 * len(axes):
            raise Unsupported(f"roi has {roi_in.size} values for {len(axes)} axes")
        for i, axis in enumerate(axes):
            roi[axis] = (float(roi_in[i]), float(roi_in[len(axes) + i]))
    if scales_in is not None:
        if scales_in.size != len(axes):
            raise Unsupported(f"scales has {scales_in.size} values for {len(axes)} axes")
        for i, axis in enumerate(axes):
            scales[axis] = float(scales_in[i])
            # floor(scale * size), as shape inference resolved it (float32 vs float64 rounding
            # of the product may differ at exact integers; the inferred shape is what exists)
            sizes[axis] = out_shape[axis]
    elif sizes_in is not None:  # exactly one of the two, checked above
        if sizes_in.size != len(axes):
            raise Unsupported(f"sizes has {sizes_in.size} values for {len(axes)} axes")
        for i, axis in enumerate(axes):
            sizes[axis] = int(sizes_in[i])
            scales[axis] = sizes[axis] / in_shape[axis]
        policy = ctx.attr("keep_aspect_ratio_policy", "stretch")
        if policy in ("not_larger", "not_smaller"):
            pick = min if policy == "not_larger" else max
            scale = pick(scales[a] for a in axes)
            for axis in axes:
                scales[axis] = scale
                sizes[axis] = int(scale * in_shape[axis] + 0.5)
        elif policy != "stretch":
            raise Unsupported(f"keep_aspect_ratio_policy '{policy}'")
    if tuple(sizes) != tuple(out_shape):
        raise Unsupported(f"output shape {list(out_shape)} disagrees with the computed {sizes}")
    return axes, scales, sizes, roi


def _merge_for_kernel(taps: list[AxisTaps], in_shape: tuple[int, ...]
                      ) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(output size, offsets [out, taps], weights [out, taps]) per kernel axis, at most 4.

    Offsets are source indices times the input stride of the axis; runs of unchanged axes
    collapse into one, and leading size-1 axes fill the kernel's rank.
    """
    strides = [int(np.prod(in_shape[i + 1 :], dtype=np.int64)) for i in range(len(in_shape))]
    merged: list[tuple[int, np.ndarray, np.ndarray]] = []
    run = 1  # elements of the current run of unchanged axes
    for axis, t in enumerate(taps):
        if t.identity:
            run *= t.in_size
            if axis + 1 < len(taps) and taps[axis + 1].identity:
                continue
            offsets = (np.arange(run) * strides[axis]).reshape(run, 1)
            merged.append((run, offsets, np.ones((run, 1))))
            run = 1
            continue
        offsets = t.index * strides[axis]
        offsets[t.outside, 0] = -1  # the kernel writes extrapolation_value there
        merged.append((t.out_size, offsets, t.weight))
    if len(merged) > KERNEL_RANK:
        raise Unsupported(
            f"{len(merged)} axis groups after merging neighbouring unchanged axes "
            f"(the resize kernel handles {KERNEL_RANK})")
    padding = [(1, np.zeros((1, 1), dtype=np.int64), np.ones((1, 1)))] * (KERNEL_RANK - len(merged))
    return padding + merged


def _taps_text(taps: AxisTaps) -> str:
    count = taps.index.shape[1]
    return f"{count} tap" + ("s" if count != 1 else "")


@dataclass
class ResizePlan:
    """What a Resize node asks for, resolved: the filter, the taps of every axis, the notes."""

    mode: str
    taps: list[AxisTaps]
    notes: list[str]
    extrapolation: float


def resize_plan(ctx: LoweringContext) -> ResizePlan:
    """The taps of every axis of a Resize node (ONNX semantics), and notes describing them."""
    x, y = ctx.input(0), ctx.output()
    mode = ctx.attr("mode", "nearest")
    transform = ctx.attr("coordinate_transformation_mode", "half_pixel")
    nearest_mode = ctx.attr("nearest_mode", "round_prefer_floor")
    antialias = bool(ctx.attr("antialias", 0))
    exclude_outside = bool(ctx.attr("exclude_outside", 0))
    cubic_a = float(ctx.attr("cubic_coeff_a", -0.75))
    extrapolation = float(ctx.attr("extrapolation_value", 0.0))
    if transform not in TRANSFORMS:
        raise Unsupported(f"coordinate_transformation_mode '{transform}'")
    if mode == "nearest":
        if nearest_mode not in NEAREST_MODES:
            raise Unsupported(f"nearest_mode '{nearest_mode}'")
        if antialias:
            raise Unsupported("antialias with mode 'nearest'")
        coefficients = _nearest(nearest_mode)
    elif mode == "linear":
        coefficients = _linear(antialias)
    elif mode == "cubic":
        coefficients = _cubic(cubic_a, antialias)
    else:
        raise Unsupported(f"mode '{mode}'")
    if y.size == 0:
        raise Unsupported(f"empty output {list(y.shape)}")
    axes, scales, sizes, roi = _plan_axes(ctx, x.shape, y.shape)
    taps = []
    for axis, size in enumerate(x.shape):
        unchanged = (math.isclose(scales[axis], 1.0) and sizes[axis] == size
                     and math.isclose(roi[axis][0], 0.0) and math.isclose(roi[axis][1], 1.0))
        if axis not in axes or unchanged:
            taps.append(AxisTaps.unchanged(size))
            continue
        t = axis_taps(size, sizes[axis], scales[axis], roi[axis], transform, coefficients,
                      exclude_outside)
        taps.append(_only_nonzero_tap(t) if mode == "nearest" else t)
    resized = [a for a in range(len(x.shape)) if not taps[a].identity]
    filter_text = f"mode {mode}"
    if mode == "nearest":
        filter_text += f" ({nearest_mode})"
    if mode == "cubic":
        filter_text += f", cubic_coeff_a {cubic_a:g}"
    if antialias:
        filter_text += ", antialias"
    if exclude_outside:
        filter_text += ", exclude_outside"
    notes = [f"{filter_text}, coordinates {transform}", _resized_axes_note(taps)]
    if transform == "tf_crop_and_resize":
        boxes = ", ".join(f"{a}: [{roi[a][0]:.4g}, {roi[a][1]:.4g}]" for a in resized)
        notes.append(f"roi {boxes}, extrapolation_value {extrapolation:g}")
    return ResizePlan(mode, taps, notes, extrapolation)


def _resized_axes_note(taps: list[AxisTaps]) -> str:
    return "resized axes " + ", ".join(f"{a}: {t.in_size}->{t.out_size} ({_taps_text(t)})"
                                       for a, t in enumerate(taps) if not t.identity)


def kernel_tables(taps: list[AxisTaps], in_shape: tuple[int, ...]
                  ) -> tuple[tuple[tuple[str, tuple[int, ...]], ...], np.ndarray, np.ndarray]:
    """(ResizeParams shape fields, int32 offsets, weights) of the kernel's 4 merged axes."""
    kernel_axes = _merge_for_kernel(taps, in_shape)
    row_start, start = [], 0
    for _, axis_offsets, _ in kernel_axes:
        row_start.append(start)
        start += axis_offsets.size
    offsets = np.concatenate([o.reshape(-1) for _, o, _ in kernel_axes]).astype(np.int32)
    weights = np.concatenate([w.reshape(-1) for _, _, w in kernel_axes])
    fields = (("out_shape", tuple(size for size, _, _ in kernel_axes)),
              ("taps", tuple(int(o.shape[1]) for _, o, _ in kernel_axes)),
              ("row_start", tuple(row_start)))
    return fields, offsets, weights


@lowers("Resize")
def lower_resize(ctx: LoweringContext) -> KernelCall:
    x = ctx.input(0)
    plan = resize_plan(ctx)
    if plan.mode != "nearest" and x.dtype.kind != "f":
        raise Unsupported(f"{x.dtype.name} Resize in mode '{plan.mode}' (floating point only; "
                          "int8 linear Resize is ai.ferry QResize)")
    fields, offsets, weights = kernel_tables(plan.taps, x.shape)
    params = Params("ferry::ResizeParams", (*fields, ("extrapolation_value", plan.extrapolation)))
    offsets_name = ctx.table("resize_offsets", offsets)
    if plan.mode == "nearest":
        return KernelCall(
            function=f"ferry::resize_nearest<{ctx.c_type(x)}>",
            args=(offsets_name, ctx.in_ptr(0), ctx.out_ptr()),
            params=params,
            notes=tuple(plan.notes),
        )
    return KernelCall(
        function=f"ferry::resize<{ctx.c_type(x)}>",
        args=(offsets_name, ctx.table("resize_weights", weights.astype(np.float32)), ctx.in_ptr(0),
              ctx.out_ptr()),
        params=params,
        notes=tuple(plan.notes),
    )


# -- int8 linear resize (ai.ferry QResize) -----------------------------------------------------

# Fraction bits of each axis' fixed-point weights: with at most 4 resized axes the product of the
# weights is below 2^(4 * 12) and the sum over the taps, times |x| <= 128, below 2^55 (int64).
RESIZE_WEIGHT_BITS = 12


def fixed_point_weights(weight: np.ndarray, bits: int) -> np.ndarray:
    """Each row of non-negative weights as integers summing exactly to 2^bits (the rounding
    residue goes to the largest tap), so that a constant input stays constant."""
    fixed = np.round(weight * 2.0**bits).astype(np.int64)
    largest = np.argmax(weight, axis=1)
    rows = np.arange(weight.shape[0])
    fixed[rows, largest] += 2**bits - fixed.sum(axis=1)
    return fixed.astype(np.int32)


@lowers("QResize")
def lower_qresize(ctx: LoweringContext) -> KernelCall:
    """Inputs: x, then (source index [out, taps], fixed-point weight [out, taps]) per resized
    axis in `axes`; y = (Σ Π weights · x + 2^(n·bits - 1)) >> n·bits for n resized axes."""
    x = ctx.input(0)
    axes = [int(a) for a in ctx.attr("axes")]
    bits = int(ctx.attr("weight_bits"))
    taps = [AxisTaps.unchanged(size) for size in x.shape]
    for i, axis in enumerate(axes):
        index, weight = ctx.required_const(1 + 2 * i), ctx.required_const(2 + 2 * i)
        taps[axis] = AxisTaps(x.shape[axis], index.shape[0], index.astype(np.int64), weight,
                              np.zeros(index.shape[0], dtype=bool))
    fields, offsets, weights = kernel_tables(taps, x.shape)
    shift = bits * len(axes)
    return KernelCall(
        function="ferry::q::resize",
        args=(ctx.table("resize_offsets", offsets), ctx.table("resize_weights", weights.astype(np.int32)),
              ctx.in_ptr(0), ctx.out_ptr()),
        params=Params("ferry::q::ResizeParams", (*fields, ("shift", shift))),
        notes=(_resized_axes_note(taps), f"weights in Q{bits} per axis, one rounding: >> {shift}, half up"),
    )
