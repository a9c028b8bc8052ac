"""The microcontroller cost model: instructions of one kernel call from the loop structure the
kernel has, times the target's calibrated instructions per unit of that structure.

A Cortex-M runs the kernels of kernels/*.h as compiled code, one instruction stream: what a layer
costs is how many times each loop body runs times what one pass of it executes. The units below
are those loop counts, per kernel (`layer_units`); the instructions per unit come from the target
file (`cost_model.kernels`), fitted by `bench/calibrate_mcu.py` on per-layer instruction counts
measured in QEMU (stages/profile.py), so they follow the kernels as they change: re-run the script
after a kernel changes. Cycles are instructions times the target's stated cycles per instruction,
an assumption that the report names.

Units (each counts executions of one loop body or call):
- ferry::q::conv (im2col in blocks of kConvPixels output pixels, ferry_int8.h):
  `mac` the inner products' steps, the block's padded pixels included (blocks x 4 x filters x
  depth); `patch` patch elements copied as int16 (blocks x 4 x depth); `edge` those of them copied
  by conv_patch's tested path (windows that reach into the padding); `row` conv_block calls
  (one per filter per block: loop setup, 4 requantizations, stores); `block` pixel blocks per
  group (4 conv_patch calls); `call` 1.
- ferry::q::depthwise_conv (one padded plane per channel, then the windows): `mac` outputs x
  window taps, padding included; `patch` padded-plane elements copied; `row` output rows;
  `element` outputs (requantized); `block` channel planes; `call` 1.
- ferry::q::gemm: `mac` rows x cols x depth; `patch` rows x depth (the input row as int16);
  `row` rows x cols (one dot product and one requantization each); `call` 1.
- ferry::q::matmul: `mac` batch x m x n x k; `row` batch x m x n; `call` 1.
- any other kernel: `mac` MACs executed, `op` element operations (pooling taps, softmax passes:
  stages/simulate/kernels.py), `element` output elements, `input` input elements, `call` 1.
"""

from __future__ import annotations

from math import ceil, prod

import numpy as np

from ferry.schemas.artifacts import PlannedLayer
from ferry.schemas.target import KernelCost, McuCostModel
from ferry.stages.simulate.kernels import Work

CONV_PIXELS = 4  # kConvPixels of ferry_int8.h: output pixels per im2col block
DEFAULT = "default"  # the cost entry of kernels without their own calibrated entry
UNITS = ("mac", "patch", "edge", "row", "block", "op", "element", "input", "call")


def family(layer: PlannedLayer) -> str | None:
    """The kernel a layer calls, without template arguments; None for a view (no code)."""
    return layer.kernel.split("<")[0] if layer.kernel else None


def _inside(size: int, out: int, kernel: int, stride: int, dilation: int, pad: int) -> int:
    """Outputs along one axis whose whole window lies inside the input."""
    return sum(1 for o in range(out) if o * stride - pad >= 0 and o * stride - pad + (kernel - 1) * dilation < size)


def _conv_units(p: dict) -> dict[str, float]:
    s = p["shape"]
    groups = s["groups"]
    depth = s["in_channels"] // groups * s["kernel_h"] * s["kernel_w"]
    filters = s["out_channels"] // groups
    pixels = s["out_h"] * s["out_w"]
    blocks = s["batch"] * groups * ceil(pixels / CONV_PIXELS)
    inside = (_inside(s["in_h"], s["out_h"], s["kernel_h"], s["stride_h"], s["dilation_h"], s["pad_top"])
              * _inside(s["in_w"], s["out_w"], s["kernel_w"], s["stride_w"], s["dilation_w"], s["pad_left"]))
    return {"mac": blocks * CONV_PIXELS * filters * depth, "patch": blocks * CONV_PIXELS * depth,
            "edge": s["batch"] * groups * (pixels - inside) * depth, "row": blocks * filters,
            "block": blocks, "call": 1}


def _depthwise_units(p: dict) -> dict[str, float]:
    """ferry::q::depthwise_conv: each channel's plane copied with its padding, then the windows
    of every output summed tap by tap, row after row."""
    s = p["shape"]
    planes = s["batch"] * s["out_channels"]
    padded_h = (s["out_h"] - 1) * s["stride_h"] + (s["kernel_h"] - 1) * s["dilation_h"] + 1
    padded_w = (s["out_w"] - 1) * s["stride_w"] + (s["kernel_w"] - 1) * s["dilation_w"] + 1
    outputs = planes * s["out_h"] * s["out_w"]
    return {"mac": outputs * s["kernel_h"] * s["kernel_w"], "patch": planes * padded_h * padded_w,
            "row": planes * s["out_h"], "element": outputs, "block": planes, "call": 1}


def _generic_units(layer: PlannedLayer, work: Work) -> dict[str, float]:
    elements = sum(prod(o.shape) for o in layer.outputs)
    inputs = sum(prod(o.shape) for o in layer.inputs if o.place != "flash")
    return {"mac": work.counts.macs, "op": work.ops, "element": elements, "input": inputs, "call": 1}


def layer_units(layer: PlannedLayer, work: Work) -> dict[str, float]:
    """How many times each loop body of the layer's kernel runs (the module docstring's units);
    empty for a view."""
    kernel = family(layer)
    if kernel is None:
        return {}
    p = layer.params
    if kernel == "ferry::q::conv":
        return _conv_units(p)
    if kernel == "ferry::q::depthwise_conv":
        return _depthwise_units(p)
    if kernel == "ferry::q::gemm":
        return {"mac": p["rows"] * p["cols"] * p["depth"], "patch": p["rows"] * p["depth"],
                "row": p["rows"] * p["cols"], "call": 1}
    if kernel == "ferry::q::matmul":
        s = p["shape"]
        return {"mac": s["batch"] * s["m"] * s["n"] * s["k"], "row": s["batch"] * s["m"] * s["n"], "call": 1}
    return _generic_units(layer, work)


def generic_units(layer: PlannedLayer, work: Work) -> dict[str, float]:
    """The units every kernel has (the `default` entry's), for kernels the target has no entry for."""
    return _generic_units(layer, work) if layer.kernel else {}


def instructions(units: dict[str, float], cost: KernelCost) -> float:
    return sum(count * getattr(cost, unit) for unit, count in units.items())


def estimate(layer: PlannedLayer, work: Work, model: McuCostModel) -> tuple[float, str]:
    """(instructions, the cost entry used) of one layer on a target with a cost model."""
    kernel = family(layer)
    if kernel is None:
        return 0.0, "view"
    if kernel in model.kernels:
        return instructions(layer_units(layer, work), model.kernels[kernel]), kernel
    return instructions(generic_units(layer, work), model.kernels[DEFAULT]), DEFAULT


def fit_costs(rows: list[tuple[dict[str, float], float]]) -> KernelCost:
    """Non-negative instructions per unit that fit `rows` (units, measured instructions) best,
    each row weighted by 1/sqrt(measured) (between absolute and relative error): least squares,
    dropping units whose cost comes out negative until none does (an active-set NNLS)."""
    names = [u for u in UNITS if any(units.get(u) for units, _ in rows)]
    a = np.array([[units.get(u, 0.0) for u in names] for units, _ in rows], dtype=np.float64)
    b = np.array([measured for _, measured in rows], dtype=np.float64)
    weight = 1.0 / np.sqrt(np.maximum(b, 1.0))
    active = list(range(len(names)))
    solution = np.zeros(len(names))
    while active:
        coefficients, *_ = np.linalg.lstsq(a[:, active] * weight[:, None], b * weight, rcond=None)
        if (coefficients >= 0).all():
            solution[active] = coefficients
            break
        active = [i for i, c in zip(active, coefficients) if c > 0]
    return KernelCost(**{name: round(float(value), 4) for name, value in zip(names, solution)})
