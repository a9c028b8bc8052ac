"""The int8 kernel variants per instruction set (kernels/ferry_int8_conv.h): each bit-exact with the
golden model where it runs (Helium on the Cortex-M55, the DSP extension on the Cortex-M7, in
QEMU), each built from the instructions it claims, and none with a floating-point instruction."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import _conv_shapes_model, _quantized

# The variant's signature instructions, and any floating-point data-processing instruction
# (VADD.F32, VCVT, VMUL.F16, ...): the int8 kernels must have none.
SIGNATURE = {"cortex_m55": ("vmlava.s8", "vldrb.s32", "vqrdmulh.s32"), "cortex_m7": ("smlad", "sxtb16")}
FLOAT_INSTRUCTION = re.compile(r"\bv\w+\.f(16|32|64)\b|\bvcvt")
# Helium mnemonics are decoded only with the architecture named
DISASSEMBLE = {"cortex_m55": ["-m", "armv8.1-m.main"], "cortex_m7": []}


@pytest.fixture(scope="module")
def conv_shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PackageManifest]:
    """The conv-shapes model of test_int8 (dilated, grouped, depthwise down columns with short
    blocks, pointwise, several-row gemm), quantized, with its package."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    tmp = tmp_path_factory.mktemp("conv_shapes")
    samples = np.random.default_rng(5).standard_normal((8, 3, 9, 11)).astype(np.float32)
    _quantized(tmp, _conv_shapes_model(), samples)
    return tmp, generate_package(tmp / "model.qdq.onnx", "m", tmp / "package", tmp / "integer.onnx")


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_each_arm_variant_is_bit_exact_uses_its_instructions_and_no_float(
        conv_shapes: tuple[Path, PackageManifest], target_name: str) -> None:
    folder, manifest = conv_shapes
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build = folder / target_name
    build_cross(folder / "package", build, target, [])
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": folder})
    run = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner", folder / "integer.onnx",
                               manifest, data, 8, target.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (8, 0, 0)
    listing = subprocess.run(["arm-none-eabi-objdump", "-d", *DISASSEMBLE[target_name], str(build / "model.o")],
                             capture_output=True, text=True, check=True).stdout
    for mnemonic in SIGNATURE[target_name]:
        assert re.search(rf"\t{re.escape(mnemonic)}\t", listing), f"{target_name}: no {mnemonic}"
    assert FLOAT_INSTRUCTION.search(listing) is None, FLOAT_INSTRUCTION.search(listing)
    # and the scan has teeth: the same disassembly of float code shows its instructions
    assert FLOAT_INSTRUCTION.search("\tvadd.f32\ts0, s0, s1\n") is not None


def _depthwise_shapes_model() -> onnx.ModelProto:
    """Depthwise convs over 6 channels (a last group of two: Helium's idle lanes) that take each
    way through Helium's kernel: 3x3 without padding whose weights sum to about zero (on inputs
    nearly constant per channel its outputs are small: multipliers of 1/2 and more, output_value
    per lane), lines down 23x3 columns (a transposed tile, stride 1), 5x5 along rows of 2 with
    stride 2 (a pass of two), and 3x3 with stride 3 and dilation 2 (the stride known at run time)."""
    rng = np.random.default_rng(3)
    w0 = rng.standard_normal((6, 1, 3, 3))
    w0 = w0 - w0.mean(axis=(2, 3), keepdims=True) + 0.001 * rng.standard_normal((6, 1, 3, 3))

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w0"], ["d0"], name="cancelling", group=6),  # 23x3
        helper.make_node("Conv", ["d0", "w1", "b1"], ["d1"], name="columns", group=6, pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["d1"], ["r1"], name="relu"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["d2"], name="strided", group=6, strides=[2, 2],
                         pads=[2, 2, 2, 2]),  # 12x2
        helper.make_node("Conv", ["d2", "w3", "b3"], ["y"], name="dilated", group=6, strides=[3, 3],
                         dilations=[2, 2], pads=[2, 2, 2, 2]),  # 4x1
    ]
    initializers = [numpy_helper.from_array(w0.astype(np.float32), "w0"), weight("w1", 6, 1, 3, 3), weight("b1", 6),
                    weight("w2", 6, 1, 5, 5), weight("b2", 6), weight("w3", 6, 1, 3, 3), weight("b3", 6)]
    graph = helper.make_graph(nodes, "depthwise_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 25, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, 4, 1])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_depthwise_convs_of_every_way_are_bit_exact_in_qemu(tmp_path: Path, target_name: str) -> None:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    rng = np.random.default_rng(7)
    channels = rng.standard_normal((8, 6, 1, 1))
    samples = (channels + 0.002 * rng.standard_normal((8, 6, 25, 5))).astype(np.float32)
    _quantized(tmp_path, _depthwise_shapes_model(), samples)
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    model_cpp = (tmp_path / "package" / "model.cpp").read_text()
    assert model_cpp.count("ferry::q::depthwise_conv(") == 4
    # the cancelling conv's multipliers reach 1/2 (a shift of -1 or more, 31 - shift <= 32): the
    # lanes of its channels take output_value; the other convs' are below
    program = onnx.load(str(tmp_path / "integer.onnx"))
    constants = {i.name: numpy_helper.to_array(i) for i in program.graph.initializer}
    shifts = [constants[node.input[4]] for node in program.graph.node if node.op_type == "QConv"]
    assert shifts[0].max() >= -1 and all(s.max() < -1 for s in shifts[1:])
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build_cross(tmp_path / "package", tmp_path / target_name, target, [])
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp_path})
    run = evaluate_on_emulator(tmp_path / target_name / "firmware.elf", tmp_path / target_name / "host" / "runner",
                               tmp_path / "integer.onnx", manifest, data, 8, target.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (8, 0, 0)
