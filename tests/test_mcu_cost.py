"""The MCU cost model's loop counts (stages/simulate/mcu_cost.py) against the loops the kernels run,
and the Helium depthwise pricing against instructions QEMU measures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from bench.calibrate_mcu import MARKER, write_costs
from bench.calibrate_q16 import q16_lines, write_q16
from ferry.schemas.artifacts import MemoryPlanRecord, Operand, PlannedLayer
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.embedded.build import build_cross
from ferry.stages.evaluate import quantize_inputs
from ferry.stages.profile import profile_on_emulator
from ferry.stages.simulate import simulate
from ferry.stages.simulate.isa import compiles_helium
from ferry.stages.simulate.kernels import layer_work
from ferry.stages.simulate.mcu_cost import layer_units
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import _quantized

M55 = ROOT / "targets" / "cortex_m55.yaml"


def _depthwise(out_h: int, out_w: int, kernel: int, channels: int = 64) -> PlannedLayer:
    shape = {"batch": 1, "in_channels": channels, "out_channels": channels, "groups": channels,
             "in_h": out_h, "in_w": out_w, "out_h": out_h, "out_w": out_w, "kernel_h": kernel,
             "kernel_w": kernel, "stride_h": 1, "stride_w": 1, "dilation_h": 1, "dilation_w": 1,
             "pad_top": kernel // 2, "pad_left": kernel // 2}
    return PlannedLayer(index=0, node="dw", op="QConv", kernel="ferry::q::depthwise_conv", params={"shape": shape},
                        inputs=[Operand(name="x", shape=[1, channels, out_h, out_w], dtype="int8", place="arena"),
                                Operand(name="w", shape=[channels, 1, kernel, kernel], dtype="int8", place="flash")],
                        outputs=[Operand(name="y", shape=[1, channels, out_h, out_w], dtype="int8", place="arena")],
                        weights={"w": channels * kernel * kernel})


def test_depthwise_units_follow_the_lines_the_kernel_chooses() -> None:
    # DS-CNN's 25x5 map, 64 channels: Helium's kernel takes them four at a time (16 quads). Rows of 5
    # would be a pass of 4 and one of 2 (5 * 6 lanes for 5 outputs); down the 5 columns of 25 it
    # is 6 passes of 4 and one of 2 (28 lanes for 25): the lines are the columns
    layer = _depthwise(25, 5, 3)
    work = layer_work(layer, None)
    helium = layer_units(layer, work, helium=True)
    quads, lines = 16, 16 * 5
    assert (helium["plane"], helium["row"], helium["block"]) == (quads, lines, lines * 7)
    # the first and last columns skip their tap column in the padding: 3 of their 9 taps, which
    # their starts add up instead ("tail")
    line_taps = 3 * 9 + 2 * 6
    assert (helium["tap"], helium["step"], helium["element"]) == (quads * 6 * line_taps, quads * line_taps, lines * 25)
    assert helium["tail"] == quads * 2 * 3
    # the tile: four padded 27x7 planes interleaved and room for three pixels a stride further on,
    # 16 bytes per store; each input row of 5 gathered as two pairs of pixels and a last one
    assert helium["patch"] == quads * -(-4 * (27 * 7 + 3) // 16)
    # the weights: a gather per two taps
    assert (helium["input"], helium["op"], helium["run"]) == (quads * 25 * 2, quads * 25, quads * 5)
    assert "mac" not in helium
    portable = layer_units(layer, work, helium=False)  # one channel at a time, passes of four
    assert portable["tap"] == 64 * 5 * 7 * 9 and portable["element"] == 64 * 125  # requantized one by one
    assert portable["patch"] == 64 * 224 and portable["input"] == 64 * 125 and "row" not in portable
    # a square 6x6 map runs along the rows: a pass of four and one of two per row, over the rows of
    # 5x5 windows inside the input: 3, 4, 5, 5, 4, 3 of them
    square = layer_units(_depthwise(6, 6, 5), layer_work(_depthwise(6, 6, 5), None), helium=True)
    assert (square["row"], square["tap"], square["step"]) == (16 * 6, 16 * 24 * 5, 16 * 24 * 5)
    assert square["tail"] == 16 * (2 + 1 + 1 + 2) * 5


def test_average_pool_units_are_runs_of_the_windows_inside_the_input() -> None:
    pool = {"planes": 64, "in_h": 25, "in_w": 5, "out_h": 1, "out_w": 1, "kernel_h": 25, "kernel_w": 5,
            "stride_h": 1, "stride_w": 1, "pad_top": 0, "pad_left": 0}
    layer = _depthwise(25, 5, 3).model_copy(update={"kernel": "ferry::q::average_pool", "params": pool})
    work = layer_work(layer, None)
    # a global pool: one run of 125 bytes per plane (8 steps of 16 on Helium)
    assert layer_units(layer, work, helium=True) == {"op": 64 * 8, "row": 64, "element": 64, "plane": 64, "call": 1}
    assert layer_units(layer, work, helium=False)["op"] == 64 * 125
    # 3x3 windows, stride 2, padding 1 on a 4x4 map: 2x2 outputs whose windows hold 2x2, 2x3,
    # 3x2 and 3x3 taps inside, one run per window row
    small = {**pool, "in_h": 4, "in_w": 4, "out_h": 2, "out_w": 2, "kernel_h": 3, "kernel_w": 3, "stride_h": 2,
             "stride_w": 2, "pad_top": 1, "pad_left": 1}
    units = layer_units(layer.model_copy(update={"params": small}), work, helium=False)
    assert (units["op"], units["row"], units["element"]) == (64 * (4 + 6 + 6 + 9), 64 * (2 + 2 + 3 + 3), 64 * 4)


def test_conv_units_count_helium_steps_and_patch_copies() -> None:
    # DS-CNN's first layer: one input channel, a 10x4 window, stride 2, 25x5 = 125 outputs in 31
    # blocks of 4 and a last pixel alone (Helium's conv_pixel)
    shape = {"batch": 1, "in_channels": 1, "out_channels": 64, "groups": 1, "in_h": 49, "in_w": 10, "out_h": 25,
             "out_w": 5, "kernel_h": 10, "kernel_w": 4, "stride_h": 2, "stride_w": 2, "dilation_h": 1,
             "dilation_w": 1, "pad_top": 4, "pad_left": 1}
    layer = _depthwise(25, 5, 3).model_copy(update={"kernel": "ferry::q::conv", "params": {"shape": shape}})
    work = layer_work(layer, None)
    helium = layer_units(layer, work, helium=True)
    # depth 40: two 16-lane steps and a tail per filter row and block; the last pixel's dot() of
    # each filter row takes three steps, the tail included, and one requantization
    assert (helium["step"], helium["tail"], helium["row"]) == (31 * 64 * 2, 31 * 64, 31 * 64)
    assert (helium["mac"], helium["op"]) == (64 * 3, 64)
    # the band: the 53 padded rows its windows read (24 strides of 2 and a window of 10) but the 4
    # below the input, each staged once (one channel: 2 steps of 8 columns); one run of 4 bytes
    # per window row of each patch, one vector copy each
    assert (helium["input"], helium["element"]) == (53, 53 * 2)
    assert (helium["run"], helium["patch"], helium["block"]) == (125 * 10, 125 * 10, 31) and "tap" not in helium
    portable = layer_units(layer, work, helium=False)
    assert (portable["mac"], portable["run"], portable["patch"]) == (32 * 4 * 64 * 40, 125 * 10, 125 * 40)
    assert portable["element"] == 53 * 10  # transposed byte by byte
    # 24 channels, 3x3, padding 1: each window row one run of 72 bytes (5 vector copies); depth 216
    # = 13 steps + a tail
    wide = {**shape, "in_channels": 24, "kernel_h": 3, "kernel_w": 3, "pad_top": 1}
    units = layer_units(layer.model_copy(update={"params": {"shape": wide}}), work, helium=True)
    assert (units["step"], units["tail"], units["run"], units["patch"]) == (31 * 64 * 13, 31 * 64, 125 * 3, 125 * 3 * 5)
    # a pointwise conv without padding gathers its patches in place: 6 gathers of 4 channels each;
    # at a depth of 24 its last pixel stays in a block of four (conv_block_short)
    pointwise = {**wide, "kernel_h": 1, "kernel_w": 1, "pad_top": 0, "pad_left": 0}
    units = layer_units(layer.model_copy(update={"params": {"shape": pointwise}}), work, helium=True)
    assert (units["tap"], units["patch"], units["row"]) == (125, 125 * 6, 32 * 64) and "run" not in units
    assert units["mac"] == units["op"] == 0


def test_the_helium_variant_is_the_one_the_flags_compile() -> None:
    assert compiles_helium(load_model(M55, TargetSpec).compiler.flags)
    assert not compiles_helium(load_model(ROOT / "targets" / "cortex_m7.yaml", TargetSpec).compiler.flags)
    assert not compiles_helium(["-mcpu=cortex-m55+nomve", "-mthumb"])
    assert compiles_helium(["-march=armv8.1-m.main+mve", "-mthumb"])
    assert not compiles_helium(["-march=armv8.1-m.main", "-mthumb"])


def _depthwise_model() -> onnx.ModelProto:
    """Depthwise layers of the shapes the cost model tells apart: a 25x5 map (down the columns),
    a 5x5 window, a stride of 2 (13x3), a 12x13 map (three full passes down each column)."""
    rng = np.random.default_rng(17)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.4).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["a"], name="dw3", group=16, pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["a"], ["ar"], name="relu1"),
        helper.make_node("Conv", ["ar", "w2"], ["b"], name="dw5", group=16, pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["b"], ["br"], name="relu2"),
        helper.make_node("Conv", ["br", "w3"], ["c"], name="dw3s2", group=16, strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Reshape", ["c", "wide"], ["d"], name="wide"),
        helper.make_node("Conv", ["d", "w4"], ["y"], name="dw3sq", group=4, pads=[1, 1, 1, 1]),
    ]
    initializers = [weight("w1", 16, 1, 3, 3), weight("w2", 16, 1, 5, 5), weight("w3", 16, 1, 3, 3),
                    numpy_helper.from_array(np.array([1, 4, 12, 13], np.int64), "wide"),
                    weight("w4", 4, 1, 3, 3)]
    graph = helper.make_graph(nodes, "depthwise_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16, 25, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 12, 13])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("name", ["cortex_m55", "cortex_m7"])
def test_depthwise_estimate_matches_qemu(tmp_path: Path, name: str) -> None:
    """The calibrated depthwise costs (bench/calibrate_mcu.py never saw these shapes) against the
    instructions each layer executes under qemu -icount, within 15% per layer: the Helium variant
    on the M55, the portable one on the M7. Priced per output row, as before the Helium kernels,
    DS-CNN's 25x5 layers came out 1.7x their measurement on the M55."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    samples = np.random.default_rng(2).standard_normal((4, 16, 25, 5)).astype(np.float32)
    _quantized(tmp_path, _depthwise_model(), samples)
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx", {})
    plan = MemoryPlanRecord.model_validate_json((tmp_path / "package" / "memory_plan.json").read_text())
    target = load_model(ROOT / "targets" / f"{name}.yaml", TargetSpec)
    assert target.emulator is not None
    build_cross(tmp_path / "package", tmp_path / name, target, [], host_reference=False, profile=True)
    profile = profile_on_emulator(tmp_path / name / "firmware_profile.elf", target.emulator, manifest, plan,
                                  quantize_inputs([{"x": s[None]} for s in samples[:1]], manifest))
    estimated = {result.index: result.instructions for result in simulate("m", target, plan, None).layers}
    depthwise = [layer for layer in plan.layers if layer.kernel == "ferry::q::depthwise_conv"]
    assert [layer.params["shape"]["kernel_h"] for layer in depthwise] == [3, 5, 3, 3]
    for layer in depthwise:
        measured = profile.layers[layer.index].instructions
        assert measured is not None and measured > 10_000
        assert estimated[layer.index] == pytest.approx(measured, rel=0.15), layer.node


def test_q16_conv_units_count_the_in_bounds_taps() -> None:
    # test_int16's dense layer: 128 channels 5x7, 3x3 window, pads top/bottom 1, left 0, right 2:
    # in-bounds rows 2+3+3+3+2 = 13 down the outputs, columns 3x5+2+1 = 18 along them
    shape = {"batch": 1, "in_channels": 128, "out_channels": 6, "groups": 1, "in_h": 5, "in_w": 7, "out_h": 5,
             "out_w": 7, "kernel_h": 3, "kernel_w": 3, "stride_h": 1, "stride_w": 1, "dilation_h": 1,
             "dilation_w": 1, "pad_top": 1, "pad_left": 0}
    layer = _depthwise(5, 7, 3).model_copy(update={"kernel": "ferry::q16::conv", "params": {"shape": shape}})
    units = layer_units(layer, layer_work(layer, None), helium=True)  # plain loops on Helium too
    assert units == {"mac": 6 * 13 * 18 * 128, "tap": 6 * 13 * 18, "run": 6 * 13 * 7 * 3, "row": 6 * 35 * 3,
                     "element": 6 * 35, "plane": 6, "call": 1}
    # a 2-group conv with dilation 2: the taps of one group's 3 channels
    grouped = {**shape, "in_channels": 6, "out_channels": 4, "groups": 2, "dilation_w": 2, "pad_left": 2}
    units = layer_units(layer.model_copy(update={"params": {"shape": grouped}}), layer_work(layer, None), False)
    # columns ox - 2 + 2k in [0, 7): 2, 2, 3, 3, 3, 2, 2 in bounds along the 7 outputs = 17
    assert units["mac"] == 4 * 13 * 17 * 3 and units["tap"] == 4 * 13 * 17


def test_calibrate_mcu_keeps_the_q16_entries(tmp_path: Path) -> None:
    """bench/calibrate_mcu.py rewrites the calibrated block; the q16 lines, fitted by
    bench/calibrate_q16.py on a program of its own, survive it, and write_q16 replaces only them."""
    q16 = '    "ferry::q16::add": {element: 27, call: 99}  # 2 layers (bench/calibrate_q16.py)'
    target = tmp_path / "t.yaml"
    target.write_text(f'cost_model:\n{MARKER}\n  kernels:\n    "ferry::q::add": {{op: 1}}\n{q16}\n')
    write_costs(target, f'{MARKER}\n  kernels:\n    "ferry::q::add": {{op: 2}}\n')
    assert target.read_text() == f'cost_model:\n{MARKER}\n  kernels:\n    "ferry::q::add": {{op: 2}}\n{q16}\n'
    write_q16(target, [q16.replace("27", "30")])
    assert q16_lines(target.read_text()) == [q16.replace("27", "30")]
    assert '"ferry::q::add": {op: 2}' in target.read_text()
