"""The microcontroller cost model: instructions of one kernel call from the loop structure the
kernel has, times the target's calibrated instructions per unit of that structure.

A Cortex-M runs the kernels of kernels/*.h as compiled code, one instruction stream: what a layer
costs is how many times each loop body runs times what one pass of it executes. The units below
are those loop counts, per kernel and per variant the target compiles (`layer_units`; the Helium
variant of kernels/ferry_int8_conv.h on an MVE core, stages/simulate/isa.py `compiles_helium`,
else the DSP or portable one: those two run loops of the same trip counts); the instructions per unit
come from the target file (`cost_model.kernels`), fitted by `bench/calibrate_mcu.py` on per-layer
instruction counts measured in QEMU (stages/profile.py), so they follow the kernels as they
change: re-run the script after a kernel changes. Cycles are instructions times the target's
stated cycles per instruction, an assumption that the report names.

Units (each counts executions of one loop body or call):
- ferry::q::conv (im2col in blocks of kConvPixels output pixels, dot4 of each filter row with the
  block's four patches, store4 of the four outputs):
  - DSP and portable: `mac` the inner products' steps, the short block's unused pixels included
    (blocks x 4 x filters x depth); `tap` conv_patch's copies of one window tap's channels (a
    strided byte loop); `run` its copies of one window row of a one-channel input (fill, copy,
    fill: three byte loops); `patch` the patch bytes copied (and widened by the DSP variant);
    `row` dot4 and store4 calls (one per filter per block); `block` pixel blocks per group;
    `call` 1.
  - Helium: `step` dot4's 16-lane steps (blocks x filters x depth // 16: five loads, four
    VMLADAVA); `tail` its tail-predicated steps (blocks x filters when depth % 16 != 0); `row`
    dot4 and store4 calls; `tap` conv_patch's gathers (or fills) of one window tap's channels;
    `run` its predicated copies of one window row of a one-channel input; `patch` the vector
    steps of both (4 channels a gather, 16 bytes a row copy); `block` pixel blocks; `call` 1.
- ferry::q::depthwise_conv:
  - DSP and portable (one padded plane per channel, then lines of outputs along the rows, or
    down the columns when that wastes fewer lanes, four outputs per depthwise4 pass, a line's
    last pass computing all four lanes as well): `tap` window taps of the passes (lines x passes
    x taps, four MACs each); `block` passes; `element` outputs (requantized one by one); `patch`
    pad_plane's fill (bytes of the plane and the room after it); `input` its row copies (bytes);
    `plane` channel planes (no per-call unit: the kernel's setup is a few dozen instructions, and
    a fitted one absorbed what the others missed, 11% of a small layer).
  - Helium (four channels at a time, lines skipping their tap rows in the padding): see
    `_helium_depthwise_units`.
- ferry::q::gemm: DSP and portable: `mac` rows x cols x depth; Helium: `step` and `tail`, the
  16-lane steps of dot() (as conv's); both: `row` rows x cols (one dot product and one
  requantization each); `call` 1.
- ferry::q::matmul: `mac` batch x m x n x k; `row` batch x m x n; `call` 1.
- ferry::q::average_pool: `op` the bytes of the windows inside the input (portable) or their
  16-byte steps (Helium), summed as runs; `row` the runs (sum_bytes calls: one per window row
  inside the input, one per window spanning whole input rows); `element` outputs (a 64-bit
  division and requantization each), `plane` planes, `call` 1.
- the int16 kernels (kernels/ferry_int16.h, plain loops on every core, Helium or not):
  - ferry::q16::conv (one direct loop for every grouping: per output, the window rows, the
    in-bounds taps, the channels of a tap): `mac` in-bounds MACs; `tap` in-bounds taps (a
    channel loop each); `run` window columns visited in in-bounds rows (out-of-bounds ones
    skipped after the test); `row` window rows visited (the same);
    `element` outputs (an int64 requantization each); `plane` output channels; `call` 1.
  - ferry::q16::gemm and ferry::q16::matmul: as the portable q::gemm (`mac`, `row`, `call`).
  - ferry::q16::add and mul (one element loop): `element` outputs, `call` 1.
  - ferry::q16::convert<In, Out>: `element` outputs into int16, `op` outputs into int8 (the two
    instantiations compile apart: 33 and 11 instructions an element fitted on the M55).
- any other kernel: `mac` MACs executed, `op` element operations (pooling taps, softmax passes:
  stages/simulate/kernels.py), `element` output elements, `input` input elements, `call` 1.
"""

from __future__ import annotations

from math import ceil, prod

import numpy as np

from ferry.schemas.artifacts import PlannedLayer
from ferry.schemas.target import KernelCost, McuCostModel
from ferry.stages.common.padding import padded_extent, reads_in_place
from ferry.stages.simulate.kernels import Work

CONV_PIXELS = 4  # kConvPixels of ferry_int8_conv.h: output pixels per im2col block
LANES = 4        # depthwise4's outputs per pass (one int32x4 vector on Helium)
VECTOR_BYTES = 16  # int8 lanes of one Helium vector
GATHER_BYTES = 4   # bytes of one Helium gather (VLDRB into int32 lanes)
DEFAULT = "default"  # the cost entry of kernels without their own calibrated entry
ELEMENTWISE_Q16 = ("ferry::q16::add", "ferry::q16::mul")
UNITS = ("mac", "step", "tail", "tap", "run", "patch", "row", "block", "plane", "op", "element", "input", "call")


def family(layer: PlannedLayer) -> str | None:
    """The kernel a layer calls, without template arguments; None for a view (no code)."""
    return layer.kernel.split("<")[0] if layer.kernel else None


def _vector_steps(count: int, rows: int, depth: int) -> dict[str, float]:
    """dot()/dot4()'s Helium loop over `depth` int8 pairs, run `count` times: 16-lane steps and
    the tail-predicated step."""
    return {"step": count * (depth // VECTOR_BYTES), "tail": count * (1 if depth % VECTOR_BYTES else 0), "row": rows}


def _conv_units(p: dict, helium: bool) -> dict[str, float]:
    """ferry::q::conv: a pointwise conv without padding gathers each patch from the NCHW input in
    place ("tap": a patch, "patch": its gathers of four bytes, or bytes); any other stages each
    input row it reads once, channels-last, into the band ("input": a row, "element": its
    transposing steps of eight bytes per channel, or bytes), then copies each patch from the band
    as runs ("run": a run, "patch": its vector copies, or bytes). Then per block of four pixels
    ("block") each filter row ("row") against the four patches: Helium's dot4 steps ("step",
    "tail") above a depth of 32, one pass without a loop at or below it; the plain loops' MACs.
    Helium computes a last block of one or two pixels at a depth above 32 a pixel at a time
    (conv_pixel): each filter row's dot() with the patch ("mac": its 16-lane steps, the
    tail-predicated one included) and a scalar requantization ("op": an output)."""
    s = p["shape"]
    groups = s["groups"]
    channels = s["in_channels"] // groups
    depth = channels * s["kernel_h"] * s["kernel_w"]
    filters = s["out_channels"] // groups
    pixels = s["out_h"] * s["out_w"]
    planes = s["batch"] * groups
    blocks = planes * ceil(pixels / CONV_PIXELS)
    patches = planes * pixels
    if reads_in_place(s):
        copies = {"tap": patches, "patch": patches * (ceil(channels / GATHER_BYTES) if helium else channels)}
    else:
        staged = min(s["in_h"] + s["pad_top"], padded_extent(s, "h"))
        runs, length = ((s["kernel_h"], s["kernel_w"] * channels) if s["dilation_w"] == 1
                        else (s["kernel_h"] * s["kernel_w"], channels))
        copies = {"input": planes * staged,
                  "element": planes * staged * channels * (ceil(s["in_w"] / 8) if helium else s["in_w"]),
                  "run": patches * runs, "patch": patches * runs * (ceil(length / VECTOR_BYTES) if helium else length)}
    if helium:
        alone = pixels % CONV_PIXELS <= 2 and depth > 32  # the last block's pixels go through conv_pixel
        single = planes * (pixels % CONV_PIXELS if alone else 0)
        blocks -= planes * (1 if alone and pixels % CONV_PIXELS else 0)
        dots = blocks * filters
        steps = _vector_steps(dots, dots, depth) if depth > 32 else {"row": dots}
        return {**steps, **copies, "block": blocks, "mac": single * filters * ceil(depth / VECTOR_BYTES),
                "op": single * filters, "call": 1}
    return {"mac": blocks * CONV_PIXELS * filters * depth, **copies, "row": blocks * filters, "block": blocks,
            "call": 1}


def _pass_lanes(outputs: int) -> int:
    """Lanes of Helium's depthwise passes over a line of `outputs`: passes of four, and a last one
    of two for a remainder of one or two (pass_lanes in ferry_int8_conv.h)."""
    rest = outputs % 4
    return outputs // 4 * 4 + (0 if rest == 0 else 4 if rest == 3 else 2)


def _inside_rows(line: int, stride: int, dilation: int, pad: int, extent: int, kernel: int) -> int:
    """Tap rows of a Helium depthwise line that read the input (inside_rows in ferry_int8_conv.h)."""
    return sum(0 <= line * stride - pad + k * dilation < extent for k in range(kernel))


def _helium_depthwise_units(s: dict, padded_h: int, padded_w: int) -> dict[str, float]:
    """Helium's depthwise_conv: four channels at a time ("plane": their set-up, "run": a weight
    gather per two taps), their padded tile filled ("patch": a vector store per 16 bytes) and
    gathered ("input": a gather of two pixels; "op": of one, a row's last odd one or every one when
    the 16-bit offsets cannot hold them), then lines of outputs ("row") in passes of four ("block",
    "tap": a tap of a pass) and a last pass of two ("step": a tap of it), over the taps of the
    line's tap rows that read the input, each output requantized and scattered ("element"); a line
    at the edges starts from the products of the taps it skips ("tail": one of them). Per call
    ("call"), the taps' offsets in the tile and in the filters and the lines at the edges."""
    quads = s["batch"] * ceil(s["out_channels"] / LANES)
    taps = s["kernel_h"] * s["kernel_w"]
    down = s["out_w"] * _pass_lanes(s["out_h"]) < s["out_h"] * _pass_lanes(s["out_w"])
    along, lines = (s["out_h"], s["out_w"]) if down else (s["out_w"], s["out_h"])
    axis = "w" if down else "h"  # across the lines
    kernel, along_kernel = (s["kernel_w"], s["kernel_h"]) if down else (s["kernel_h"], s["kernel_w"])
    line_taps = [along_kernel * _inside_rows(line, s[f"stride_{axis}"], s[f"dilation_{axis}"],
                                             s["pad_left" if down else "pad_top"], s[f"in_{axis}"], kernel)
                 for line in range(lines)]
    rest = along % 4
    passes = along // 4 + (1 if rest == 3 else 0)
    pairs = 1 if rest in (1, 2) else 0
    tile = ceil(4 * (padded_h * padded_w + 3 * max(s["stride_h"], s["stride_w"])) / VECTOR_BYTES)
    rows = min(s["in_h"], padded_h - s["pad_top"])
    columns = min(s["in_w"], padded_w - s["pad_left"])
    plane = s["in_h"] * s["in_w"]
    column_step = 4 * padded_h if down else 4
    pairs_fit = 3 * plane + 1 <= 65535 and column_step + 3 <= 65535
    paired, single = (columns // 2, columns % 2) if pairs_fit else (0, columns)
    return {"plane": quads, "run": quads * ceil(taps / 2), "patch": quads * tile, "input": quads * rows * paired,
            "op": quads * rows * single, "row": quads * lines, "block": quads * lines * (passes + pairs),
            "tap": quads * passes * sum(line_taps), "step": quads * pairs * sum(line_taps),
            "tail": quads * sum(taps - n for n in line_taps), "element": quads * lines * along, "call": 1}


def _depthwise_units(p: dict, helium: bool) -> dict[str, float]:
    """ferry::q::depthwise_conv: Helium's on four channels at a time (_helium_depthwise_units);
    the others' (depthwise_planes) per channel plane, pad_plane, then lines of outputs in passes of
    four (depthwise4), requantized per pass."""
    s = p["shape"]
    padded_h, padded_w = padded_extent(s, "h"), padded_extent(s, "w")
    if helium:
        return _helium_depthwise_units(s, padded_h, padded_w)
    planes = s["batch"] * s["out_channels"]
    filled = ceil((padded_h * padded_w + 3 * (s["stride_h"] * padded_w + s["stride_w"])) / VECTOR_BYTES) * VECTOR_BYTES
    down = s["out_w"] * ceil(s["out_h"] / LANES) < s["out_h"] * ceil(s["out_w"] / LANES)
    along, per_plane = (s["out_h"], s["out_w"]) if down else (s["out_w"], s["out_h"])
    passes = planes * per_plane * ceil(along / LANES)
    return {"tap": passes * s["kernel_h"] * s["kernel_w"], "block": passes, "plane": planes,
            "element": planes * s["out_h"] * s["out_w"], "patch": planes * filled,
            "input": planes * min(s["in_h"], padded_h - s["pad_top"]) * min(s["in_w"], padded_w - s["pad_left"])}


def _average_pool_units(p: dict, helium: bool) -> dict[str, float]:
    """ferry::q::average_pool: the rectangle of each window inside the input summed as runs of bytes."""
    runs = summed = 0
    for oy in range(p["out_h"]):
        top = oy * p["stride_h"] - p["pad_top"]
        rows = max(min(top + p["kernel_h"], p["in_h"]) - max(top, 0), 0)
        for ox in range(p["out_w"]):
            left = ox * p["stride_w"] - p["pad_left"]
            columns = max(min(left + p["kernel_w"], p["in_w"]) - max(left, 0), 0)
            lengths = [rows * columns] if columns == p["in_w"] else [columns] * rows
            runs += len(lengths)
            summed += sum(ceil(n / VECTOR_BYTES) for n in lengths) if helium else sum(lengths)
    outputs = p["planes"] * p["out_h"] * p["out_w"]
    return {"op": p["planes"] * summed, "row": p["planes"] * runs, "element": outputs, "plane": p["planes"],
            "call": 1}


def _in_bounds(outputs: int, stride: int, pad: int, kernel: int, dilation: int, size: int) -> int:
    """Window taps inside the input along one axis, summed over the outputs."""
    return sum(sum(0 <= o * stride - pad + k * dilation < size for k in range(kernel)) for o in range(outputs))


def _q16_conv_units(p: dict) -> dict[str, float]:
    """ferry::q16::conv: per output channel and pixel, the window's in-bounds taps of one group."""
    s = p["shape"]
    planes = s["batch"] * s["out_channels"]
    rows = _in_bounds(s["out_h"], s["stride_h"], s["pad_top"], s["kernel_h"], s["dilation_h"], s["in_h"])
    columns = _in_bounds(s["out_w"], s["stride_w"], s["pad_left"], s["kernel_w"], s["dilation_w"], s["in_w"])
    taps = planes * rows * columns
    return {"mac": taps * (s["in_channels"] // s["groups"]), "tap": taps,
            "run": planes * rows * s["out_w"] * s["kernel_w"],
            "row": planes * s["out_h"] * s["out_w"] * s["kernel_h"], "element": planes * s["out_h"] * s["out_w"],
            "plane": planes, "call": 1}


def _dot_units(dots: int, depth: int) -> dict[str, float]:
    """A plain loop of `dots` dot products of `depth` steps, each requantized (q::gemm's portable
    variant, q::matmul, the q16 ones)."""
    return {"mac": dots * depth, "row": dots, "call": 1}


def _generic_units(layer: PlannedLayer, work: Work) -> dict[str, float]:
    elements = sum(prod(o.shape) for o in layer.outputs)
    inputs = sum(prod(o.shape) for o in layer.inputs if o.place != "flash")
    return {"mac": work.counts.macs, "op": work.ops, "element": elements, "input": inputs, "call": 1}


def layer_units(layer: PlannedLayer, work: Work, helium: bool) -> dict[str, float]:
    """How many times each loop body of the layer's kernel runs (the module docstring's units),
    on a target that compiles the Helium variant or not; empty for a view."""
    kernel = family(layer)
    if kernel is None:
        return {}
    p = layer.params
    if kernel == "ferry::q::conv":
        return _conv_units(p, helium)
    if kernel == "ferry::q::depthwise_conv":
        return _depthwise_units(p, helium)
    if kernel == "ferry::q::gemm":
        dots = p["rows"] * p["cols"]
        if helium:
            return {**_vector_steps(dots, dots, p["depth"]), "call": 1}
        return _dot_units(dots, p["depth"])
    if kernel == "ferry::q16::gemm":
        return _dot_units(p["rows"] * p["cols"], p["depth"])
    if kernel in ("ferry::q::matmul", "ferry::q16::matmul"):
        s = p["shape"]
        return _dot_units(s["batch"] * s["m"] * s["n"], s["k"])
    if kernel == "ferry::q16::conv":
        return _q16_conv_units(p)
    if kernel in ELEMENTWISE_Q16:
        return {"element": sum(prod(o.shape) for o in layer.outputs), "call": 1}
    if kernel == "ferry::q16::convert":
        narrows = layer.outputs[0].dtype == "int8"
        return {"op" if narrows else "element": sum(prod(o.shape) for o in layer.outputs), "call": 1}
    if kernel == "ferry::q::average_pool":
        return _average_pool_units(p, helium)
    return _generic_units(layer, work)


def generic_units(layer: PlannedLayer, work: Work) -> dict[str, float]:
    """The units every kernel has (the `default` entry's), for kernels the target has no entry for."""
    return _generic_units(layer, work) if layer.kernel else {}


def instructions(units: dict[str, float], cost: KernelCost) -> float:
    return sum(count * getattr(cost, unit) for unit, count in units.items())


def estimate(layer: PlannedLayer, work: Work, model: McuCostModel, helium: bool) -> tuple[float, str]:
    """(instructions, the cost entry used) of one layer on a target with a cost model (`helium`:
    the target compiles the Helium variant of the kernels)."""
    kernel = family(layer)
    if kernel is None:
        return 0.0, "view"
    if kernel in model.kernels:
        return instructions(layer_units(layer, work, helium), model.kernels[kernel]), kernel
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
