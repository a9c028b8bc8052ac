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
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.embedded.build import LINK_FLAGS, build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.stages.embedded.harness import LINKER_SCRIPT, TEMPLATES, render_linker_script
from ferry.toolchain.qemu import emulator_command
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.kernel_cases import CONV_CASES, DEPTHWISE_CASES, cases_source
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


def _elementwise_model() -> onnx.ModelProto:
    """Adds and a Sub of operands at unlike scales: a Relu's (zero point -128), a conv's 80 times
    smaller, and the difference of two nearly equal convs (input scale over output scale near
    2^6, so a shift of 23), over 105 elements (a short last vector); then a product of two maps,
    a table (LeakyRelu) and a squeeze-excite product by a table's (HardSigmoid) one value per
    channel, broadcast along the rows."""
    rng = np.random.default_rng(17)
    w1 = rng.standard_normal((3, 3, 3, 3)).astype(np.float32) * 2
    weights = {"w1": w1, "w2": w1 / 80 + rng.standard_normal(w1.shape).astype(np.float32) * 0.01,
               "w3": w1 + rng.standard_normal(w1.shape).astype(np.float32) * 0.03}
    nodes = [helper.make_node("Conv", ["x", name], [f"c{name[1]}"], name=f"conv{name[1]}", pads=[1, 1, 1, 1])
             for name in weights]
    nodes += [helper.make_node("Relu", ["c2"], ["r2"], name="relu"),
              helper.make_node("Add", ["c1", "r2"], ["s1"], name="add"),
              helper.make_node("Sub", ["c3", "c1"], ["d"], name="sub"),
              helper.make_node("Add", ["s1", "d"], ["sum"], name="add_difference"),
              helper.make_node("Mul", ["sum", "c3"], ["product"], name="mul"),
              helper.make_node("LeakyRelu", ["product"], ["leaky"], name="leaky", alpha=0.2),
              helper.make_node("GlobalAveragePool", ["c2"], ["pooled"], name="pool"),
              helper.make_node("HardSigmoid", ["pooled"], ["gate"], name="gate"),
              helper.make_node("Mul", ["leaky", "gate"], ["y"], name="excite")]
    graph = helper.make_graph(nodes, "elementwise",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 5, 7])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 5, 7])],
                              [numpy_helper.from_array(v, k) for k, v in weights.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _depthwise_shapes_model() -> onnx.ModelProto:
    """Depthwise convs over 6 channels (a last group of two: Helium's idle lanes) that take each
    way through Helium's kernel: 3x3 without padding whose weights sum to about zero (on inputs
    nearly constant per channel its outputs are small: multipliers of 1/2 and more, output_value
    per lane), lines down 23x3 columns (a transposed tile, stride 1), 5x5 along rows of 2 with
    stride 2 (a pass of two), 3x3 with stride 3 and dilation 2 (the stride known at run time), and
    a 1x1 window padded by 1 (its lines at the edges read only padding). Lines at the edges skip
    their tap rows in the padding: two of five, one of three, a line with none left."""
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
        helper.make_node("Conv", ["d2", "w3", "b3"], ["d3"], name="dilated", group=6, strides=[3, 3],
                         dilations=[2, 2], pads=[2, 2, 2, 2]),  # 4x1
        helper.make_node("Conv", ["d3", "w4", "b4"], ["y"], name="bordered", group=6, pads=[1, 1, 1, 1]),  # 6x3
    ]
    initializers = [numpy_helper.from_array(w0.astype(np.float32), "w0"), weight("w1", 6, 1, 3, 3), weight("b1", 6),
                    weight("w2", 6, 1, 5, 5), weight("b2", 6), weight("w3", 6, 1, 3, 3), weight("b3", 6),
                    weight("w4", 6, 1, 1, 1), weight("b4", 6)]
    graph = helper.make_graph(nodes, "depthwise_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 25, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, 6, 3])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _bit_exact_in_qemu(folder: Path, manifest: PackageManifest, target_name: str) -> None:
    """The package in `folder` on the target's QEMU board: 8 samples, equal to the host build and
    the golden model."""
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build_cross(folder / "package", folder / target_name, target, [])
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": folder})
    run = evaluate_on_emulator(folder / target_name / "firmware.elf", folder / target_name / "host" / "runner",
                               folder / "integer.onnx", manifest, data, 8, target.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (8, 0, 0)


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_adds_and_products_are_bit_exact_in_qemu(tmp_path: Path, target_name: str) -> None:
    """QAdd's 64-bit sum: Helium computes it in two int32 halves (ferry_int8.h add_same_shape),
    the M7 in the plain loop; QMul's rows four lanes at a time on Helium (mul_row). Both equal the
    golden model on adds and subtractions of unlike scales and on plain and broadcast products."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    samples = np.random.default_rng(6).standard_normal((8, 3, 5, 7)).astype(np.float32)
    _quantized(tmp_path, _elementwise_model(), samples)
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    program = onnx.load(str(tmp_path / "integer.onnx")).graph.node
    assert sum(n.op_type == "QMul" for n in program) == 2 and sum(n.op_type == "QLookup" for n in program) >= 2
    adds = [n for n in program if n.op_type == "QAdd"]
    shifts = sorted(next(a.i for a in n.attribute if a.name == "shift") for n in adds)
    assert len(adds) == 3 and 17 <= shifts[0] <= 26 and shifts[-1] <= 46  # Helium's split covers them all
    assert any(next(a.i for a in n.attribute if a.name == "b_multiplier") < 0 for n in adds)  # the Sub
    _bit_exact_in_qemu(tmp_path, manifest, target_name)


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
    assert model_cpp.count("ferry::q::depthwise_conv(") == 5
    # the cancelling conv's multipliers reach 1/2 (a shift of -1 or more, 31 - shift <= 32): the
    # lanes of its channels take output_value; the other convs' are below
    program = onnx.load(str(tmp_path / "integer.onnx"))
    constants = {i.name: numpy_helper.to_array(i) for i in program.graph.initializer}
    shifts = [constants[node.input[4]] for node in program.graph.node if node.op_type == "QConv"]
    assert shifts[0].max() >= -1 and all(s.max() < -1 for s in shifts[1:])
    _bit_exact_in_qemu(tmp_path, manifest, target_name)


def _plain_case_bytes(folder: Path) -> list[bytes]:
    """The plain loops' outputs of each kernel case (tests/kernel_cases.py), built for the host."""
    (folder / "cases.cpp").write_text(cases_source())
    subprocess.run(["g++", "-std=c++17", "-O1", "-I", str(KERNELS_DIR), str(folder / "cases.cpp"), "-o",
                    str(folder / "plain")], check=True)
    lines = subprocess.run([str(folder / "plain")], capture_output=True, text=True, check=True).stdout.splitlines()
    return [np.array([int(v) for v in line.split()], np.int8).tobytes() for line in lines]


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_conv_kernels_equal_the_plain_loops_on_odd_shapes_in_qemu(tmp_path: Path, target_name: str) -> None:
    """q::conv and q::depthwise_conv of the Helium (M55) and DSP (M7) variants on every kernel case:
    channels not multiples of the blocks, strides 1 to 3, dilation, uneven padding, groups, 3x3
    to 9x9 depthwise windows (lines at the edges skipping 1 to 4 tap rows), a 1x1 output,
    multipliers above 1. Built with the target's compiler and flags around the emulator harness's
    startup code, run in QEMU: every output byte equals the plain loops' on the host."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    expected = _plain_case_bytes(tmp_path)
    assert len(expected) == len(CONV_CASES) + len(DEPTHWISE_CASES)
    flags = [*target.compiler.flags, "-DFERRY_CASES_FIRMWARE", "-I", str(KERNELS_DIR), "-I", str(TEMPLATES)]
    objects = []
    for source in (tmp_path / "cases.cpp", TEMPLATES / "startup.cpp"):
        objects.append(tmp_path / f"{source.stem}.o")
        subprocess.run([target.compiler.cxx, *flags, "-c", str(source), "-o", str(objects[-1])], check=True)
    (tmp_path / LINKER_SCRIPT).write_text(render_linker_script(target.name, target.emulator), encoding="ascii")
    elf = tmp_path / "cases.elf"
    subprocess.run([target.compiler.cxx, *target.compiler.flags, *LINK_FLAGS, "-T", str(tmp_path / LINKER_SCRIPT),
                    *map(str, objects), "-o", str(elf)], check=True)
    run = tmp_path / "run"
    run.mkdir()
    result = subprocess.run([*emulator_command(target.emulator), "-kernel", str(elf)], cwd=run,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    got = (run / "outputs.bin").read_bytes()
    assert len(got) == sum(len(case) for case in expected)
    offset = 0
    for case, want in enumerate(expected):
        assert got[offset:offset + len(want)] == want, f"case {case}"
        offset += len(want)
