"""The int8 numerics contract: C++ equals the golden model on every layer, with no floating point."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
import yaml
from onnx import TensorProto, helper, numpy_helper

from ferry.schemas.artifacts import Comparison, PackageManifest
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.common.quant import quantize_multiplier, requantize
from ferry.stages.evaluate import Int8Artifacts, evaluate_int8
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.quantize.accuracy_budget import check_budget, describe_failure, measure_float, quantize_within_budget
from ferry.toolchain.hostrun import run_samples
from tests.conftest import HOST_TARGET, ROOT, executed, run_doit
from tests.kernel_cases import CONV_CASES, DEPTHWISE_CASES, cases_source

FLAGS = ["-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror"]


def test_requantize_rounds_half_up_with_one_rounding() -> None:
    multiplier, shift = quantize_multiplier(0.5)
    assert (multiplier, shift) == (1 << 30, 0)
    acc = np.array([-3, -2, -1, 0, 1, 2, 3])
    assert requantize(acc, multiplier, shift).tolist() == [-1, -1, 0, 0, 1, 1, 2]  # x/2, .5 up
    multiplier, shift = quantize_multiplier(3.0)
    assert requantize(np.array([7]), multiplier, shift).tolist() == [21]
    assert quantize_multiplier(1e-12) == (0, 0)



def test_requantize_saturates_alike_in_cpp_and_golden(tmp_path: Path) -> None:
    """A multiplier above 1 can carry acc * m past int32: both saturate at +-2^30 before the zero
    point and the int8 clamp, so C++ and golden agree where a plain narrowing would wrap."""
    cases = [(1 << 25, 1 << 30, 10), (-(1 << 25), 1 << 30, 10), (1 << 31, (1 << 31) - 1, 30), (12345, 1 << 30, 0),
             (-7, 1 << 30, 0)]
    calls = "\n".join(f"  std::printf(\"%d\\n\", ferry::q::requantize({acc}ll, {m}, {s}));" for acc, m, s in cases)
    (tmp_path / "harness.cpp").write_text(f'#include <cstdio>\n#include "ferry_int8.h"\nint main() {{\n{calls}\n}}\n')
    subprocess.run(["g++", *FLAGS, "-I", str(KERNELS_DIR), str(tmp_path / "harness.cpp"), "-o", str(tmp_path / "h")],
                   check=True)
    printed = [int(v) for v in subprocess.run([str(tmp_path / "h")], capture_output=True, text=True,
                                              check=True).stdout.split()]
    golden = [int(requantize(np.array([acc]), m, s)[0]) for acc, m, s in cases]
    assert printed == golden == [1 << 30, -(1 << 30), 1 << 30, 6173, -3]

# -- a model with every op that has an int8 path --------------------------------------------------


def _every_int8_op_model() -> onnx.ModelProto:
    rng = np.random.default_rng(7)

    def weight(name: str, *shape: int, scale: float = 0.3) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["a"], name="relu"),
        helper.make_node("Conv", ["a", "w2"], ["c2"], name="depthwise", group=8, strides=[2, 2],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["c2", "zero", "six"], ["b"], name="relu6"),
        helper.make_node("HardSwish", ["b"], ["hs"], name="hardswish"),
        # Sigmoid reads b through a Transpose: of b alone, Mul, Add and Sub would be one table chain
        helper.make_node("Transpose", ["b"], ["bt"], name="swap", perm=[0, 1, 3, 2]),
        helper.make_node("Sigmoid", ["bt"], ["sg"], name="sigmoid"),
        helper.make_node("Mul", ["hs", "sg"], ["m"], name="mul"),
        helper.make_node("Add", ["m", "b"], ["ad"], name="add"),
        helper.make_node("Sub", ["ad", "hs"], ["sb"], name="sub"),
        helper.make_node("Pad", ["sb", "pads"], ["pd"], name="pad"),
        helper.make_node("AveragePool", ["pd"], ["ap"], name="avgpool", kernel_shape=[2, 2]),
        helper.make_node("MaxPool", ["ap"], ["mp"], name="maxpool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Transpose", ["mp"], ["tp"], name="transpose", perm=[0, 1, 3, 2]),
        helper.make_node("Flatten", ["tp"], ["f1"], name="flatten"),
        helper.make_node("GlobalAveragePool", ["sb"], ["gp"], name="gap"),
        helper.make_node("Reshape", ["gp", "shape"], ["f2"], name="reshape"),
        helper.make_node("Concat", ["f1", "f2"], ["cat"], name="concat", axis=1),
        helper.make_node("Gemm", ["cat", "w3", "b3"], ["g"], name="fc", transB=1),
        helper.make_node("LeakyRelu", ["g"], ["lr"], name="leaky", alpha=0.1),
        helper.make_node("Tanh", ["lr"], ["th"], name="tanh"),
        helper.make_node("MatMul", ["th", "w4"], ["mm"], name="matmul"),
        helper.make_node("Softmax", ["mm"], ["y"], name="softmax"),
    ]
    initializers = [
        weight("w1", 8, 3, 3, 3), weight("b1", 8, scale=0.1), weight("w2", 8, 1, 3, 3, scale=0.5),
        numpy_helper.from_array(np.array(0, np.float32), "zero"),
        numpy_helper.from_array(np.array(6, np.float32), "six"),
        numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads"),
        numpy_helper.from_array(np.array([1, 8], np.int64), "shape"),
        weight("w3", 16, 40, scale=0.2), weight("b3", 16, scale=0.1), weight("w4", 16, 10),
    ]
    graph = helper.make_graph(nodes, "every_int8_op",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _quantized(tmp: Path, model: onnx.ModelProto, samples: np.ndarray, **params: object) -> Path:
    """Import, calibrate on `samples` and quantize with ferry's own quantize stage."""
    source = tmp / "float.onnx"
    onnx.save(model, str(source))
    imported, _ = import_model(source, "m", {})
    onnx.save(imported, str(tmp / "imported.onnx"))
    np.savez(tmp / "data.npz", x=samples)
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp})
    stats = collect_statistics(tmp / "imported.onnx", model_batches(data, imported, None), 512)
    qdq, _ = quantize_model(imported, stats, QuantizeStage.model_validate({"kind": "quantize", **params}))
    onnx.save(qdq, str(tmp / "model.qdq.onnx"))
    return tmp / "model.qdq.onnx"


def _build(tmp: Path, qdq: Path, flags: list[str] = FLAGS) -> tuple[PackageManifest, Path]:
    manifest = generate_package(qdq, "m", tmp / "package", tmp / "integer.onnx")
    runner = build_host(tmp / "package", tmp / "build", "g++", flags)
    return manifest, runner


# The x86 variant of the int8 conv kernels (kernels/ferry_int8_conv_x86.h) needs these CPU flags.
X86_VNNI_FLAGS = ("avx512_vnni", "avx512vbmi", "avx512_vbmi2", "avx512bw", "avx512vl")


def _cpu_has(flags: tuple[str, ...]) -> bool:
    cpuinfo = Path("/proc/cpuinfo")
    words = set(cpuinfo.read_text().split()) if cpuinfo.is_file() else set()
    return set(flags) <= words


# -march=native builds the x86 variant where the CPU has AVX-512 VNNI (targets/host_native.yaml)
NATIVE = pytest.param([*FLAGS, "-march=native"], id="native", marks=pytest.mark.skipif(
    not _cpu_has(X86_VNNI_FLAGS), reason="the CPU lacks AVX-512 VNNI / VBMI: no x86 variant to test"))
# -march=x86-64-v3 builds the AVX2 variant (targets/host_avx2.yaml), on any CPU of that level
X86_64_V3_FLAGS = ("avx2", "fma", "bmi2", "movbe", "f16c", "abm")
AVX2 = pytest.param([*FLAGS, "-march=x86-64-v3"], id="avx2", marks=pytest.mark.skipif(
    not _cpu_has(X86_64_V3_FLAGS), reason="the CPU is not x86-64-v3 (AVX2, FMA, BMI2): no AVX2 variant to test"))


def _evaluate(tmp: Path, manifest: PackageManifest, runner: Path):
    artifacts = Int8Artifacts(runner, runner.parent / "runner_trace", tmp / "integer.onnx",
                              tmp / "imported.onnx", tmp / "model.qdq.onnx")
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp})
    return evaluate_int8(artifacts, manifest, data, None)


@pytest.fixture(scope="module")
def every_op_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PackageManifest, Path]:
    tmp = tmp_path_factory.mktemp("every_op")
    samples = np.random.default_rng(3).standard_normal((24, 3, 8, 8)).astype(np.float32)
    qdq = _quantized(tmp, _every_int8_op_model(), samples)
    manifest, runner = _build(tmp, qdq)
    return tmp, manifest, runner


def test_every_int8_op_is_bit_exact_on_every_layer(every_op_package) -> None:
    tmp, manifest, runner = every_op_package
    comparison = _evaluate(tmp, manifest, runner)
    assert comparison.int8 is not None
    assert comparison.int8.cpp_vs_golden_mismatches == 0
    assert comparison.int8.first_mismatch is None
    assert all(layer.cpp_mismatches == 0 for layer in comparison.int8.layers)
    ops = {node.op_type for node in GoldenModel(tmp / "integer.onnx").model.graph.node}
    assert ops == {"QConv", "QLookup", "QMul", "QAdd", "Pad", "QAveragePool", "MaxPool", "Transpose",
                   "Flatten", "Reshape", "Concat", "QGemm", "QSoftmax"}
    # the fused ReLU and ReLU6 left no node of their own
    assert {"relu", "relu6"}.isdisjoint(n.name for n in GoldenModel(tmp / "integer.onnx").model.graph.node)
    assert comparison.int8.sqnr_db_min > 30  # every layer close to float (a wrong pad value gave -12 dB)


@pytest.mark.parametrize("flags", [AVX2, NATIVE])
def test_every_int8_op_is_bit_exact_with_the_x86_kernels(tmp_path: Path, flags: list[str]) -> None:
    """The same model built with -march=x86-64-v3 (the AVX2 conv and depthwise conv) and with
    -march=native (AVX-512 VNNI: the x86 conv, depthwise conv and residual add)."""
    samples = np.random.default_rng(3).standard_normal((24, 3, 8, 8)).astype(np.float32)
    manifest, runner = _build(tmp_path, _quantized(tmp_path, _every_int8_op_model(), samples), flags)
    comparison = _evaluate(tmp_path, manifest, runner)
    assert comparison.int8 is not None and comparison.int8.first_mismatch is None
    assert all(layer.cpp_mismatches == 0 for layer in comparison.int8.layers)
    assert "ferry::q::add(" in (tmp_path / "package" / "model.cpp").read_text()


def test_int8_library_has_no_floating_point(every_op_package, tmp_path: Path) -> None:
    """docs/design.md, principle 6: on x86-64, -mgeneral-regs-only refuses any float or double."""
    package, manifest, _ = every_op_package
    for source in manifest.sources:
        subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(package / "package"), "-c",
                        str(package / "package" / source), "-o", str(tmp_path / "out.o")], check=True)
    # and the check has teeth: the fp32 library of the same model does not compile that way
    float_package = generate_package(package / "imported.onnx", "f", tmp_path / "fp32", tmp_path / "none.onnx")
    result = subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(tmp_path / "fp32"), "-c",
                             str(tmp_path / "fp32" / float_package.sources[0]), "-o", str(tmp_path / "f.o")],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "SSE" in result.stderr


# SSE/AVX floating-point arithmetic and conversions, scalar and packed (float-domain moves and
# logic, vmovups or vxorps, carry integers too and are not listed)
X86_FLOAT_INSTRUCTION = re.compile(
    r"\b(v?(add|sub|mul|div|min|max|sqrt|rcp\w*|rsqrt\w*|round|hadd|hsub|dp|f\w*m(add|sub)\w*)(ss|sd|ps|pd)"
    r"|v?cvt\w*|v?u?comis[sd])\b")
# what shows that each x86 variant of the int8 kernels was built
X86_SIGNATURES = {"avx2": {"vpmaddwd", "vpmovsxbw"}, "native": {"vpdpbusd", "vpermb"}}


def _mnemonics(objects: list[Path]) -> set[str]:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", *map(str, objects)], capture_output=True,
                             text=True, check=True).stdout
    return {line.split("\t")[1].split()[0] for line in listing.splitlines() if line.count("\t") >= 1
            and re.match(r"\s+[0-9a-f]+:\t", line)}


@pytest.mark.parametrize("flags", [AVX2, NATIVE])
def test_x86_int8_kernels_have_no_floating_point(every_op_package, tmp_path: Path, flags: list[str]) -> None:
    """-mgeneral-regs-only refuses vector registers, so SIMD builds are checked as the Arm ones are
    (tests/test_kernels.py): the int8 library built with the x86 variant's flags holds its signature
    instructions and no floating-point arithmetic or conversion."""
    package, manifest, _ = every_op_package
    variant = "avx2" if "-march=x86-64-v3" in flags else "native"
    objects = []
    for i, source in enumerate(manifest.sources):
        objects.append(tmp_path / f"{i}.o")
        subprocess.run(["g++", *flags, "-I", str(package / "package"), "-c", str(package / "package" / source),
                        "-o", str(objects[-1])], check=True)
    mnemonics = _mnemonics(objects)
    assert X86_SIGNATURES[variant] <= mnemonics
    assert sorted(m for m in mnemonics if X86_FLOAT_INSTRUCTION.fullmatch(m)) == []
    # and the check has teeth: the fp32 library of the same model, built alike, is full of them
    float_package = generate_package(package / "imported.onnx", "f", tmp_path / "fp32", tmp_path / "none.onnx")
    float_source = tmp_path / "fp32" / float_package.sources[0]
    subprocess.run(["g++", *flags, "-I", str(tmp_path / "fp32"), "-c", str(float_source), "-o", str(tmp_path / "f.o")],
                   check=True)
    found = {m for m in _mnemonics([tmp_path / "f.o"]) if X86_FLOAT_INSTRUCTION.fullmatch(m)}
    assert {"vaddss", "vaddps", "vfmadd231ss", "vfmadd231ps"} & found and any(m.startswith("vcvt") for m in found)


def break_output_zero_point(source: Path, tmp: Path, call: str) -> Path:
    """A copy of `source`'s package in `tmp` whose `call` (e.g. '// QAdd "add"') writes its output
    zero point plus one; returns the runner built from it."""
    shutil.copytree(source / "package", tmp / "package")
    for name in ("integer.onnx", "imported.onnx", "model.qdq.onnx", "data.npz"):
        shutil.copy(source / name, tmp / name)
    model_cpp = tmp / "package" / "model.cpp"
    text = model_cpp.read_text()
    start = text.index(call)
    broken = re.sub(r"/\*output_zero_point=\*/(-?\d+)", lambda m: f"/*output_zero_point=*/{int(m[1]) + 1}",
                    text[start:], count=1)
    model_cpp.write_text(text[:start] + broken)
    return build_host(tmp / "package", tmp / "build", "g++", FLAGS)


def test_a_wrong_layer_is_named(every_op_package, tmp_path: Path) -> None:
    """Break one constant of the generated C++: the evaluation names that layer first."""
    source, manifest, _ = every_op_package
    runner = break_output_zero_point(source, tmp_path, '// QAdd "add"')
    comparison = _evaluate(tmp_path, manifest, runner)
    assert comparison.int8 is not None and not comparison.within_tolerance
    assert comparison.int8.first_mismatch is not None and comparison.int8.first_mismatch.startswith("add (QAdd)")
    assert next(layer.node for layer in comparison.int8.layers if layer.cpp_mismatches) == "add"


# -- layers kept in float inside an int8 program ------------------------------------------------------


def test_layers_kept_in_float_run_between_int8_layers(tmp_path: Path) -> None:
    """keep_float on a Gemm (float sums: not bit-exact) and the final Softmax (a float output)."""
    samples = np.random.default_rng(3).standard_normal((24, 3, 8, 8)).astype(np.float32)
    qdq = _quantized(tmp_path, _every_int8_op_model(), samples, keep_float=["fc", "soft*"])
    manifest, runner = _build(tmp_path, qdq)
    comparison = _evaluate(tmp_path, manifest, runner)
    int8 = comparison.int8
    assert int8 is not None and comparison.within_tolerance
    assert int8.float_layers == {"fc": "keep_float glob 'fc'", "softmax": "keep_float glob 'soft*'"}
    program = GoldenModel(tmp_path / "integer.onnx").model.graph
    ops = [node.op_type for node in program.node]
    assert ops[ops.index("Gemm") - 1:ops.index("Gemm") + 2] == ["Dequantize", "Gemm", "Quantize"]
    assert ops[-2:] == ["Dequantize", "Softmax"]
    assert manifest.outputs[0].dtype == "float32" and manifest.outputs[0].scale is None
    layers = {layer.node: layer for layer in int8.layers}
    assert all(layers[n].exact and layers[n].cpp_mismatches == 0 for n in ("conv", "mul", "concat"))
    # downstream of the float Gemm (LeakyRelu and Tanh: one table, the layer of its output)
    assert not layers["tanh"].exact and not layers["softmax"].exact
    assert int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    assert layers["softmax"].sqnr_db > 30 and int8.sqnr_db_min > 30


def test_ops_without_an_int8_path_become_float_layers(tmp_path: Path) -> None:
    """A cubic Resize has no int8 kernel: the C++ computes it in float between int8 layers (the
    ConvTranspose before it is int8), and the report says so; the ReduceMean and the Div by a
    constant after it are int8."""
    rng = np.random.default_rng(5)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("ConvTranspose", ["c", "wt"], ["up"], name="deconv", strides=[2, 2]),
         helper.make_node("Resize", ["up", "", "scales"], ["big"], name="resize", mode="cubic"),
         helper.make_node("Conv", ["big", "w2"], ["d"], name="conv2", strides=[2, 2]),
         helper.make_node("ReduceMean", ["d", "axes"], ["m"], name="mean", keepdims=0),
         helper.make_node("Div", ["m", "two"], ["y"], name="div")],
        "no_int8_path", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        [numpy_helper.from_array(rng.standard_normal((4, 2, 3, 3)).astype(np.float32), "w"),
         numpy_helper.from_array(rng.standard_normal((4, 4, 2, 2)).astype(np.float32) * 0.3, "wt"),
         numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales"),
         numpy_helper.from_array(rng.standard_normal((3, 4, 3, 3)).astype(np.float32) * 0.3, "w2"),
         numpy_helper.from_array(np.array([2, 3], np.int64), "axes"),
         numpy_helper.from_array(np.array(2, np.float32), "two")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    samples = rng.standard_normal((16, 2, 4, 4)).astype(np.float32)
    manifest, runner = _build(tmp_path, _quantized(tmp_path, model, samples))
    comparison = _evaluate(tmp_path, manifest, runner)
    int8 = comparison.int8
    assert int8 is not None and comparison.within_tolerance and int8.cpp_vs_golden_mismatches == 0
    assert int8.float_layers == {"resize": "no int8 path (Resize mode 'cubic')"}
    ops = {node.name: node.op_type for node in GoldenModel(tmp_path / "integer.onnx").model.graph.node}
    assert ops["conv"] == "QConv" and ops["conv2"] == "QConv" and ops["deconv"] == "QConvTranspose"
    assert ops["mean"] == "QReduce" and ops["div"] == "QLookup"
    assert int8.output_sqnr_db > 25


def test_a_gather_by_a_scalar_index_drops_its_axis_in_int8(tmp_path: Path) -> None:
    """Attention's `q, k, v = qkv[0], qkv[1], qkv[2]` (Swin, TorchScript): a Gather by a 0-d index
    removes the axis. The integer program keeps the index 0-d (stored as [1] it kept the axis, and
    the golden model crashed on the 5-D tensor that followed)."""
    rng = np.random.default_rng(11)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("Reshape", ["c", "split"], ["r"], name="reshape"),
         helper.make_node("Transpose", ["r"], ["t"], name="move", perm=[1, 0, 2, 3, 4]),
         helper.make_node("Gather", ["t", "index"], ["g"], name="pick", axis=0),
         helper.make_node("Transpose", ["g"], ["y"], name="swap", perm=[0, 1, 3, 2])],
        "gather_scalar", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 4])],
        [numpy_helper.from_array(rng.standard_normal((6, 2, 3, 3)).astype(np.float32), "w"),
         numpy_helper.from_array(np.array([1, 3, 2, 4, 4], np.int64), "split"),
         numpy_helper.from_array(np.array(1, np.int64), "index")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    samples = rng.standard_normal((8, 2, 4, 4)).astype(np.float32)
    manifest, runner = _build(tmp_path, _quantized(tmp_path, model, samples))
    comparison = _evaluate(tmp_path, manifest, runner)
    int8 = comparison.int8
    assert int8 is not None and int8.cpp_vs_golden_mismatches == 0 and not int8.float_layers
    program = GoldenModel(tmp_path / "integer.onnx").model.graph
    index = next(t for t in program.initializer if t.name == next(n for n in program.node if n.name == "pick").input[1])
    assert list(index.dims) == []
    assert int8.output_sqnr_db > 30


def _outlier_model() -> tuple[onnx.ModelProto, np.ndarray]:
    """conv1's per-tensor weight scale is set by one weight on a near-silent input channel: int8
    rounds its other weights away. Only conv1 is to blame; conv2 ignores the loud channel."""
    rng = np.random.default_rng(0)
    w1 = (rng.standard_normal((8, 3, 3, 3)) * 0.3).astype(np.float32)
    w1[0, 0] *= 1000
    w2 = (rng.standard_normal((4, 8, 3, 3)) * 0.3).astype(np.float32)
    w2[:, 0] = 0
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c1"], ["r"], name="relu"),
         helper.make_node("Conv", ["r", "w2"], ["y"], name="conv2")],
        "outlier", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 6, 6])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2")])
    samples = rng.standard_normal((32, 3, 8, 8)).astype(np.float32)
    samples[:, 0] *= 1e-3
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), samples


@pytest.mark.parametrize("fallback", ["none", "auto"])
def test_fallback_auto_keeps_the_damaging_layer_in_float(tmp_path: Path, fallback: str) -> None:
    model, samples = _outlier_model()
    _quantized(tmp_path, model, samples)
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp_path})
    stats = collect_statistics(tmp_path / "imported.onnx", model_batches(data, model, None), 512)
    params = QuantizeStage.model_validate({"kind": "quantize", "weights": "per_tensor",
                                           "min_output_sqnr_db": 20, "fallback": fallback})
    qdq, report, check = quantize_within_budget(tmp_path / "imported.onnx", stats, data, params)
    if fallback == "none":
        assert not check.passed and check.value < 1 and check.kept_float == []
        message = describe_failure("m", check)
        assert "has output SQNR 0.0 dB, below min_output_sqnr_db 20" in message and "conv1 (r)" in message
        return
    assert check.passed and check.value > 30 and check.kept_float == ["conv1"]
    assert report.kept_float == {"conv1": "fallback: auto (over the accuracy budget)"}
    onnx.save(qdq, str(tmp_path / "model.qdq.onnx"))
    manifest, runner = _build(tmp_path, tmp_path / "model.qdq.onnx")
    comparison = _evaluate(tmp_path, manifest, runner)
    assert comparison.int8 is not None and comparison.within_tolerance
    assert comparison.int8.float_layers == {"conv1": "fallback: auto (over the accuracy budget)"}
    assert comparison.int8.output_sqnr_db > 30


def _bit_exact(tmp: Path, model: onnx.ModelProto, samples: np.ndarray,
               flags: list[str]) -> tuple[PackageManifest, Comparison]:
    """Quantize `model` on `samples`, build it with `flags`: the C++ equals the golden model on
    every layer. The manifest and the comparison."""
    manifest, runner = _build(tmp, _quantized(tmp, model, samples), flags)
    comparison = _evaluate(tmp, manifest, runner)
    assert comparison.int8 is not None and comparison.int8.first_mismatch is None
    assert [layer.cpp_mismatches for layer in comparison.int8.layers] == [0] * len(comparison.int8.layers)
    return manifest, comparison


def _conv_shapes_model() -> onnx.ModelProto:
    """Convolutions whose im2col blocks are not the example's: dilation, stride, asymmetric pads,
    groups, a depthwise conv (strided, dilated, rows of 2 outputs: a short block), a 1x1 kernel,
    pixel counts that are not a multiple of the block, and a MatMul with several rows."""
    rng = np.random.default_rng(11)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="dilated", dilations=[2, 2],
                         strides=[1, 2], pads=[2, 1, 2, 2]),  # 9x5 output: 45 pixels
        helper.make_node("Relu", ["c1"], ["r1"], name="relu"),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="grouped", group=2, kernel_shape=[3, 1],
                         pads=[1, 0, 1, 0]),
        helper.make_node("Conv", ["c2", "w5", "b5"], ["d"], name="depthwise", group=4, strides=[2, 2],
                         dilations=[1, 2], pads=[1, 1, 1, 1]),  # 5x2
        helper.make_node("Conv", ["d", "w3", "b3"], ["c3"], name="pointwise"),  # 5x2: 10
        helper.make_node("Reshape", ["c3", "shape"], ["rows"], name="rows"),
        helper.make_node("MatMul", ["rows", "w4"], ["y"], name="matmul"),
    ]
    initializers = [
        weight("w1", 6, 3, 3, 3), weight("b1", 6), weight("w2", 4, 3, 3, 1),
        weight("w5", 4, 1, 3, 3), weight("b5", 4), weight("w3", 5, 4, 1, 1), weight("b3", 5),
        numpy_helper.from_array(np.array([5, 10], np.int64), "shape"), weight("w4", 10, 7),
    ]
    graph = helper.make_graph(nodes, "conv_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 11])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [5, 7])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("flags", [pytest.param(FLAGS, id="portable"), AVX2, NATIVE])
def test_pointwise_convs_strided_or_padded_are_bit_exact(tmp_path: Path, flags: list[str]) -> None:
    # 1x1 convs read their patches in one strided gather when no padding is involved (stride 1:
    # the pixel itself; stride 2: every other row and column), and through conv_patch when an
    # end padding adds outputs beyond the input (they read the zero point)
    rng = np.random.default_rng(11)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["a"], name="strided", strides=[2, 2]),  # 7x9 -> 4x5
             helper.make_node("Conv", ["a", "w2", "b2"], ["b"], name="padded", pads=[0, 0, 1, 1]),  # -> 5x6
             helper.make_node("Conv", ["b", "w3", "b3"], ["y"], name="dense")]
    graph = helper.make_graph(nodes, "pointwise", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 7, 9])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5, 5, 6])],
                              [weight("w1", 8, 6, 1, 1), weight("b1", 8), weight("w2", 7, 8, 1, 1), weight("b2", 7),
                               weight("w3", 5, 7, 1, 1), weight("b3", 5)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    _, comparison = _bit_exact(tmp_path, model, rng.standard_normal((8, 6, 7, 9)).astype(np.float32), flags)
    assert comparison.int8 is not None and len(comparison.int8.layers) == 3


def test_average_pools_with_windows_in_the_padding_are_bit_exact(tmp_path: Path) -> None:
    # average_pool sums the rectangle of each window inside the input as runs of bytes: windows
    # clipped on every side (padding 1, stride 2), the padding counted or not, a 2x3 window with
    # asymmetric pads, and a global pool (one run over whole rows)
    nodes = [helper.make_node("AveragePool", ["x"], ["a"], name="clipped", kernel_shape=[3, 3], strides=[2, 2],
                              pads=[1, 1, 1, 1]),
             helper.make_node("AveragePool", ["a"], ["b"], name="counted", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                              count_include_pad=1),
             helper.make_node("AveragePool", ["b"], ["c"], name="oblong", kernel_shape=[2, 3], pads=[0, 2, 1, 0]),
             helper.make_node("GlobalAveragePool", ["c"], ["y"], name="global")]
    graph = helper.make_graph(nodes, "pools", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 11])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 1, 1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    samples = np.random.default_rng(13).standard_normal((8, 3, 9, 11)).astype(np.float32)
    qdq = _quantized(tmp_path, model, samples)
    manifest, runner = _build(tmp_path, qdq)
    comparison = _evaluate(tmp_path, manifest, runner)
    assert comparison.int8 is not None and comparison.int8.first_mismatch is None
    assert [layer.cpp_mismatches for layer in comparison.int8.layers] == [0, 0, 0, 0]


@pytest.mark.parametrize("flags", [pytest.param(FLAGS, id="portable"), AVX2, NATIVE])
def test_conv_blocks_of_every_shape_are_bit_exact(tmp_path: Path, flags: list[str]) -> None:
    samples = np.random.default_rng(5).standard_normal((12, 3, 9, 11)).astype(np.float32)
    manifest, comparison = _bit_exact(tmp_path, _conv_shapes_model(), samples, flags)
    assert comparison.int8 is not None and len(comparison.int8.layers) >= 4
    # each conv got a scratch buffer in the arena, sized as the kernel computes it; gemm reads
    # its input in place
    model_cpp = (tmp_path / "package" / "model.cpp").read_text()
    assert model_cpp.count("static_assert(ferry::q::conv_scratch_size(") == 3
    assert model_cpp.count("ferry::q::depthwise_conv(") == 1
    # the depthwise plane with its padding, 11 x 7 bytes as its 5x2 outputs read it (stride 2,
    # dilation 1x2), and room for three more windows a step (2 rows and 2 columns) further on for
    # the idle lanes of a line's last pass: 77 + 48 bytes, padded to 128 (the portable and DSP
    # variants); Helium's tile of four such planes interleaved, with room for three more pixels a
    # stride of 2 further on, 4 * (77 + 6) bytes padded to 336, is the larger; then Helium's
    # weights (four bytes per tap) and tap offsets (an int32 each), both in blocks of four taps
    # (48 + 48), the weight gathers' offsets, 16 bytes per two taps (80), one line's sums, an int32
    # vector per output in passes of four down a column of 5 (128), and for each of the 5 lines at
    # most an edge line's start and taps (28 each)
    assert "static_assert(ferry::q::depthwise_scratch_size(p_depthwise) == 780" in model_cpp
    assert "gemm_scratch_size" not in model_cpp
    # the first conv's scratch: its 3x3x3 patches, four int16 ones in 7 groups of 4 elements (the
    # DSP variant's), and one int8 patch (27 bytes: more than the x86 variant's 6 int32), rounded up
    # to 16 bytes, and 16 more (Helium's whole-vector copies write past the last patch); then the
    # band of input rows, channels-last: rows for the windows of a block over two output rows of 5
    # (stride 1, a dilated 3-row window: 1 + 2 * 2 + 1 = 6), each 13 columns (4 strides of 2 and a
    # dilated 3-column window, 4 * 2 + 2 * 2 + 1) of 3 channels, and 16 bytes read past the last
    conv_scratch = (4 * 2 * 4 * 7 + 27 + 5) + 16 + 6 * 13 * 3 + 16
    assert f"static_assert(ferry::q::conv_scratch_size(p_dilated) == {conv_scratch}" in model_cpp
    # the largest scratch is the depthwise conv's
    assert conv_scratch < 780 and manifest.arena_scratch_bytes == 780
    # packed weights and folded biases replace the node's own arrays, byte for byte (the
    # Reshape's int64 shape is not emitted: a view runs no code)
    program = onnx.load(str(tmp_path / "integer.onnx"))
    constants = [numpy_helper.to_array(i) for i in program.graph.initializer]
    assert manifest.weights_bytes == sum(c.nbytes for c in constants if c.dtype != np.int64)
    # all of them in weights.bin, declared in the weights header
    weights_h = next((tmp_path / "package").glob("*_weights.h")).read_text()
    assert len(re.findall(r"extern const int8_t \w*packed_weights\w*\[", weights_h)) == 3  # the dense convs
    assert len(re.findall(r"extern const int32_t \w*folded_bias\w*\[", weights_h)) == 5  # and depthwise, gemm



def _x86_shapes_model() -> onnx.ModelProto:
    """The paths of the x86 kernels (kernels/ferry_int8_conv_x86.h, ferry_conv_x86.h): a depthwise
    conv on a plane above 4 KB (filled row by row), convs with 8 and more output channels (8-row
    blocks, then pairs and a single row) on a multiple of 4 input channels at strides 2 and 3, a
    5x5 depthwise conv on a small plane (held as chunks), a strided depthwise conv whose passes take
    two output rows, a pointwise conv over the flattened plane, a linear layer (fp32: 720 products
    per output in two vector sums)."""
    rng = np.random.default_rng(17)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="dw_large", group=8, pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["c1", "w2", "b2"], ["c2"], name="stride2", strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu"),
        helper.make_node("Conv", ["r2", "w3", "b3"], ["c3"], name="stride3", strides=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["c3", "w4", "b4"], ["c4"], name="dw5x5", group=12, pads=[2, 2, 2, 2]),
        helper.make_node("Conv", ["c4", "w5", "b5"], ["c5"], name="dw_stride2", group=12, strides=[2, 2],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["c5", "w6", "b6"], ["c6"], name="pointwise"),
        helper.make_node("Flatten", ["c6"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "w7", "b7"], ["y"], name="linear", transB=1),
    ]
    initializers = [
        weight("w1", 8, 1, 3, 3), weight("b1", 8), weight("w2", 19, 8, 3, 3), weight("b2", 19),
        weight("w3", 12, 19, 3, 3), weight("b3", 12), weight("w4", 12, 1, 5, 5), weight("b4", 12),
        weight("w5", 12, 1, 3, 3), weight("b5", 12), weight("w6", 20, 12, 1, 1), weight("b6", 20),
        weight("w7", 10, 720), weight("b7", 10),
    ]
    graph = helper.make_graph(nodes, "x86_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 66, 66])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("flags", [pytest.param(FLAGS, id="portable"), AVX2, NATIVE])
def test_x86_kernel_paths_are_bit_exact(tmp_path: Path, flags: list[str]) -> None:
    samples = np.random.default_rng(6).standard_normal((4, 8, 66, 66)).astype(np.float32)
    _, comparison = _bit_exact(tmp_path, _x86_shapes_model(), samples, flags)
    assert comparison.int8 is not None and len(comparison.int8.layers) == 8  # Flatten too (a view)
    assert comparison.int8.sqnr_db_min > 25  # close to float: a wrong tap or lane would not be


def _short_rows_model() -> onnx.ModelProto:
    """DS-CNN's depthwise shapes (kernels/ferry_int8_conv_x86.h): 25x5 planes, whose passes are runs
    of 16 consecutive outputs across row ends (8 passes for 125 outputs), with a 3x3 and a 5x5
    window (two tap dwords per window row), then a pointwise conv (a short last panel)."""
    rng = np.random.default_rng(25)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="dw3x3", group=6, pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], name="dw5x5", group=6, pads=[2, 2, 2, 2]),
        helper.make_node("Conv", ["c2", "w3", "b3"], ["y"], name="pointwise"),
    ]
    initializers = [weight("w1", 6, 1, 3, 3), weight("b1", 6), weight("w2", 6, 1, 5, 5), weight("b2", 6),
                    weight("w3", 8, 6, 1, 1), weight("b3", 8)]
    graph = helper.make_graph(nodes, "short_rows",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 25, 5])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8, 25, 5])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("flags", [pytest.param(FLAGS, id="portable"), AVX2, NATIVE])
def test_short_row_depthwise_is_bit_exact(tmp_path: Path, flags: list[str]) -> None:
    samples = np.random.default_rng(7).standard_normal((4, 6, 25, 5)).astype(np.float32)
    _, comparison = _bit_exact(tmp_path, _short_rows_model(), samples, flags)
    assert comparison.int8 is not None and comparison.int8.sqnr_db_min > 25


def _fp32_conv_shapes_model() -> onnx.ModelProto:
    """The fp32 x86 conv's other paths (kernels/ferry_conv_x86.h), on an odd width (37): a grouped
    dilated conv over the flattened plane, a stride-1 conv that keeps the width but not the height
    (flattened, output planes shorter than the input's), a stride-2 conv with a 17-wide dilated
    window (taps past the first 16 worked out in the loop; 9 channels: a pass of 8, then 1), a
    dilated stride-3 depthwise conv (gathers)."""
    rng = np.random.default_rng(19)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * 0.3).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="grouped_dilated", group=2, dilations=[2, 2],
                         pads=[2, 2, 2, 2]),
        helper.make_node("Conv", ["c1", "w2", "b2"], ["c2"], name="width_kept", pads=[0, 1, 0, 1]),
        helper.make_node("Conv", ["c2", "w3", "b3"], ["c3"], name="wide_stride2", strides=[1, 2], dilations=[2, 1],
                         pads=[1, 8, 1, 8]),
        helper.make_node("Conv", ["c3", "w4", "b4"], ["y"], name="dw_dilated_stride3", group=9, strides=[3, 3],
                         dilations=[2, 2], pads=[2, 2, 2, 2]),
    ]
    initializers = [weight("w1", 10, 3, 3, 3), weight("b1", 10), weight("w2", 8, 10, 3, 3), weight("b2", 8),
                    weight("w3", 9, 8, 3, 17), weight("b3", 9), weight("w4", 9, 1, 3, 3), weight("b4", 9)]
    graph = helper.make_graph(nodes, "fp32_conv_shapes",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6, 23, 37])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 9, 7, 7])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


# what shows that each x86 variant of the fp32 conv was built: AVX2's masked loads and stores
# (AVX-512 masks VMOVUPS instead) and gathers, AVX-512's ZMM registers
X86_FP32_SIGNATURES = {"avx2": {"vmaskmovps", "vgatherdps", "vfmadd231ps", "vpermpd"},
                       "native": {"vgatherdps", "vfmadd231ps", "vpermt2ps"}}


@pytest.mark.parametrize("flags", [AVX2, NATIVE])
@pytest.mark.parametrize("model", [_x86_shapes_model, _fp32_conv_shapes_model])
def test_fp32_x86_conv_matches_onnxruntime(tmp_path: Path, flags: list[str], model) -> None:
    """The AVX-512 and AVX2 fp32 conv (kernels/ferry_conv_x86.h) sum in another order, with fused
    multiply-adds: within float rounding of onnxruntime, on every path of the models above (rows,
    strides 2 and 3, dilation, groups, flattened planes, depthwise passes of 4 rows or blocks, the
    gemm's dot products)."""
    import onnxruntime as ort

    onnx.save(model(), str(tmp_path / "float.onnx"))
    imported, _ = import_model(tmp_path / "float.onnx", "m", {})
    manifest = generate_package(imported, "m", tmp_path / "package")
    runner = build_host(tmp_path / "package", tmp_path / "build", "g++", [*FLAGS, "-O2", flags[-1]])
    variant = "avx2" if "-march=x86-64-v3" in flags else "native"
    mnemonics = _mnemonics([runner])
    assert X86_FP32_SIGNATURES[variant] <= mnemonics
    zmm = "zmm" in subprocess.run(["objdump", "-d", str(runner)], capture_output=True, text=True, check=True).stdout
    assert zmm == (variant == "native")
    inputs = model().graph.input[0].type.tensor_type.shape.dim
    shape = (3, *(d.dim_value for d in inputs))
    samples = [{"x": x} for x in np.random.default_rng(8).standard_normal(shape).astype(np.float32)]
    session = ort.InferenceSession(str(tmp_path / "float.onnx"), providers=["CPUExecutionProvider"])
    for sample, output in zip(samples, run_samples(runner, manifest, samples)):
        expected = session.run(None, sample)[0]
        assert output["y"].shape == expected.shape
        assert np.abs(output["y"] - expected).max() <= 1e-5 * np.abs(expected).max()


def _linear_layers_model() -> onnx.ModelProto:
    """Linear layers on a 3-D input as PyTorch exports them, MatMul by the weight then Add of the
    bias: l1 (bias first, [N]), l2 (product first, bias [1, 1, N], ReLU after), and l3, whose
    product is also read by the output Add, so its bias Add cannot be folded into it."""
    rng = np.random.default_rng(12)

    def weight(name: str, *shape: int, scale: float) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["p1"], name="l1"),
        helper.make_node("Add", ["b1", "p1"], ["h1"], name="l1_bias"),
        helper.make_node("MatMul", ["h1", "w2"], ["p2"], name="l2"),
        helper.make_node("Add", ["p2", "b2"], ["s2"], name="l2_bias"),
        helper.make_node("Relu", ["s2"], ["h2"], name="relu"),
        helper.make_node("MatMul", ["h2", "w3"], ["p3"], name="l3"),
        helper.make_node("Add", ["p3", "b3"], ["y3"], name="l3_bias"),
        helper.make_node("Add", ["y3", "p3"], ["y"], name="out"),
    ]
    # biases as large as the products: a lost or misplaced bias shows in the SQNR
    initializers = [weight("w1", 8, 12, scale=0.4), weight("b1", 12, scale=1.0),
                    weight("w2", 12, 6, scale=0.4), weight("b2", 1, 1, 6, scale=1.0),
                    weight("w3", 6, 5, scale=0.4), weight("b3", 5, scale=1.0)]
    graph = helper.make_graph(nodes, "linear_layers",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 7, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 7, 5])],
                              initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_matmul_and_its_bias_add_are_one_int8_layer(tmp_path: Path) -> None:
    """One rounding per Linear, as TFLite's FullyConnected: the QDQ model leaves the product
    unquantized and stores the bias int32 in the accumulator's scale; the integer program has
    one QGemm for MatMul + Add (+ ReLU), bit-exact against the golden model."""
    samples = np.random.default_rng(13).standard_normal((32, 7, 8)).astype(np.float32)
    qdq_path = _quantized(tmp_path, _linear_layers_model(), samples)
    qdq = onnx.load(str(qdq_path))
    quantized = {node.input[0] for node in qdq.graph.node if node.op_type == "QuantizeLinear"}
    assert {"p1", "p2", "s2"}.isdisjoint(quantized) and {"h1", "h2", "p3", "y3"} <= quantized
    biases = {node.name: node.input for node in qdq.graph.node if node.name.endswith("_bias")}
    stored = {t.name: t.data_type for t in qdq.graph.initializer}
    for add, index in (("l1_bias", 0), ("l2_bias", 1)):  # int32 behind a DequantizeLinear
        producer = next(n for n in qdq.graph.node if biases[add][index] in n.output)
        assert producer.op_type == "DequantizeLinear" and stored[producer.input[0]] == TensorProto.INT32
    manifest, runner = _build(tmp_path, qdq_path)
    program = GoldenModel(tmp_path / "integer.onnx").model.graph
    assert [(n.name, n.op_type, n.output[0]) for n in program.node] == [
        ("l1", "QGemm", "h1"), ("l2", "QGemm", "h2"), ("l3", "QGemm", "p3"),
        ("l3_bias", "QAdd", "y3"), ("out", "QAdd", "y")]
    clamp = {a.name: a.i for a in program.node[1].attribute}
    assert clamp["y_min"] == clamp["y_zero_point"]  # the ReLU after the bias Add is the clamp
    int8 = _evaluate(tmp_path, manifest, runner).int8
    assert int8 is not None and int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    assert all(layer.exact and layer.cpp_mismatches == 0 for layer in int8.layers)
    assert int8.sqnr_db_min > 30
    assert max(int(lsb) for lsb in int8.lsb_vs_onnxruntime) <= 1  # what the QDQ model means
    # the accuracy budget charges a folded bias Add's loss to its MatMul
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp_path})
    _, losses = check_budget(measure_float(tmp_path / "imported.onnx", data), qdq,
                             QuantizeStage.model_validate({"kind": "quantize"}))
    assert {loss.tensor: loss.node for loss in losses} == {
        "x": "x", "h1": "l1", "h2": "l2", "p3": "l3", "y3": "l3_bias", "y": "out"}

# -- the quantize stage in the task graph ------------------------------------------------------------


def _digits_project(tmp_path: Path, quantize: str) -> Path:
    (tmp_path / "targets").mkdir()
    shutil.copy(HOST_TARGET, tmp_path / "targets" / "host.yaml")
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(ROOT / "models" / name, tmp_path / name)
    (tmp_path / "pipeline.yaml").write_text(
        "pipeline: q\n"
        "models:\n"
        "  - name: digits\n"
        "    onnx: digits_cnn.onnx\n"
        "    input_shapes: {input: [1, 1, 8, 8]}\n"
        "    calibration: {path: digits_calib.npz, inputs: {input: x}, labels: y}\n"
        "    validation: {path: digits_val.npz, inputs: {input: x}, labels: y}\n"
        "targets: [targets/host.yaml]\n"
        "stages:\n"
        "  - kind: import\n"
        f"  - {{kind: quantize, {quantize}}}\n"
        "  - kind: codegen\n")
    return tmp_path


def test_qemu_outputs_after_a_float_layer_are_checked_within_the_tolerance(tmp_path: Path) -> None:
    """A layer kept in float on the Cortex-M55 sums in another order than numpy: QEMU must equal
    the host C++ bit for bit and the golden model within the host evaluate's tolerance."""
    project = _digits_project(tmp_path, "keep_float: ['/classifier/classifier.4/Gemm']")
    shutil.copy(ROOT / "targets" / "cortex_m55.yaml", project / "targets" / "cortex_m55.yaml")
    spec = project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("targets: [targets/host.yaml]",
                                             "targets: [targets/host.yaml, targets/cortex_m55.yaml]")
                    + "  - kind: compile\n  - kind: evaluate\n")
    process, results = run_doit(project, check=False)
    assert results["evaluate:digits@cortex_m55"] != "fail", process.stdout + process.stderr
    run = json.loads((project / "outputs/q/digits/cortex_m55/evaluate/embedded.json").read_text())
    assert run["samples"] > 0 and (run["qemu_mismatches"], run["golden_mismatches"]) == (0, 0)


def test_changing_the_method_requantizes_without_calibrating_again(tmp_path: Path) -> None:
    """Between the methods that read the histogram, the statistics are reused. ('minmax' alone
    keeps none, so a first move from it to another method calibrates once more.)"""
    project = _digits_project(tmp_path, "calibration: percentile, percentile: 99.99")
    _, results = run_doit(project)
    assert {"calibrate:digits", "quantize:digits", "codegen:digits"} <= executed(results)
    first = json.loads((project / "outputs/q/digits/quantize/calibration.json").read_text())
    spec = project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("percentile: 99.99", "percentile: 99.0"))
    _, results = run_doit(project)
    assert results["calibrate:digits"] == "up-to-date"
    assert {"quantize:digits", "codegen:digits"} <= executed(results)
    second = json.loads((project / "outputs/q/digits/quantize/calibration.json").read_text())
    assert second["method"] == "percentile"
    ranges = [(first["activations"][n]["high"], second["activations"][n]["high"]) for n in first["activations"]]
    assert all(clipped <= full for full, clipped in ranges) and any(clipped < full for full, clipped in ranges)


def test_over_budget_fails_naming_the_worst_layers(tmp_path: Path) -> None:
    project = _digits_project(tmp_path, "calibration: percentile, percentile: 60, max_accuracy_drop: 0.5")
    process, results = run_doit(project, check=False)
    assert process.returncode != 0 and results["quantize:digits"] == "fail"
    assert "codegen:digits" not in executed(results)
    message = process.stdout + process.stderr
    assert "loses" in message and "more than max_accuracy_drop 0.5" in message
    assert "Layers that lose the most (SQNR vs float): /classifier/classifier.4/Gemm (logits)" in message
    assert "/features/features.3/Conv" in message  # a fused ReLU's loss is its convolution's
    assert not (project / "outputs/q/digits/quantize/model.qdq.onnx").exists()


# -- the portable and x86 variants, kernel by kernel (the cases: tests/kernel_cases.py) -----------

def _packed_multiplies(tmp_path: Path, flags: list[str]) -> dict[str, int]:
    """Per portable dot product (dot, dot4 of ferry_int8_conv.h, built with `flags`), the packed
    16- or 32-bit multiplies in its code (PMULLW, PMADDWD, PMULLD and their VEX forms)."""
    (tmp_path / "dots.cpp").write_text("""#include "ferry_int8_conv.h"
extern "C" int32_t one(const int8_t* x, const int8_t* w, int32_t depth) { return ferry::q::dot(x, w, depth); }
extern "C" ferry::q::Sums4 four(const int8_t* x, int32_t stride, const int8_t* w, int32_t depth) {
  return ferry::q::dot4(x, stride, w, depth);
}
""")
    obj = tmp_path / "dots.o"
    subprocess.run(["g++", *flags, "-I", str(KERNELS_DIR), "-c", str(tmp_path / "dots.cpp"), "-o", str(obj)],
                   check=True)
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(obj)], capture_output=True, text=True,
                             check=True).stdout
    counts = {}
    for name in ("one", "four"):
        body = listing.split(f"<{name}>:")[1].split("\n\n")[0]
        counts[name] = len(re.findall(r"\bv?(pmullw|pmaddwd|pmulld)\b", body))
    return counts


def test_the_portable_dot_products_are_vectorized_by_gcc(tmp_path: Path) -> None:
    """The portable variant (x86-64 below x86-64-v3, with SSE2 only; aarch64 hosts) has no
    intrinsics: its dot products rely on GCC's vectorizer (docs/kernels.md). With the host target's
    flags (-O3) dot() and dot4() compile to packed multiplies of widened int8 lanes; at -O1, which
    does not vectorize, to none, so the check tells the two apart."""
    host_flags = yaml.safe_load(HOST_TARGET.read_text())["compiler"]["flags"]
    assert "-O3" in host_flags and not any(f.startswith("-march") for f in host_flags)
    vectorized = _packed_multiplies(tmp_path, host_flags)
    assert vectorized["one"] >= 2 and vectorized["four"] >= 2, vectorized
    assert _packed_multiplies(tmp_path, [f for f in host_flags if f != "-O3"] + ["-O1"]) == {"one": 0, "four": 0}


@pytest.mark.parametrize("flags", [AVX2, NATIVE])
def test_x86_kernels_equal_the_plain_loops_on_odd_shapes(tmp_path: Path, flags: list[str]) -> None:
    """q::conv and q::depthwise_conv of the x86 variant print the plain loops' bytes (the
    definition, bit-exact with the golden model above) on every case, under AddressSanitizer."""
    (tmp_path / "cases.cpp").write_text(cases_source())
    outputs = []
    for name, build in (("plain", FLAGS), ("x86", flags)):
        binary = tmp_path / name
        subprocess.run(["g++", *build, "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-I",
                        str(KERNELS_DIR), str(tmp_path / "cases.cpp"), "-o", str(binary)], check=True)
        outputs.append(subprocess.run([str(binary)], capture_output=True, text=True, check=True).stdout.splitlines())
    plain, x86 = outputs
    assert len(plain) == len(CONV_CASES) + len(DEPTHWISE_CASES)
    for case, (expected, got) in enumerate(zip(plain, x86)):
        assert got == expected, f"case {case}"
    # the cases are not degenerate: the outputs take many values, not only the clamp's ends
    spread = [len(set(line.split())) for line in plain]
    shifts = [case[-1] for case in CONV_CASES + DEPTHWISE_CASES]
    sizes = [len(line.split()) for line in plain]
    assert min(n for n, shift, size in zip(spread, shifts, sizes) if shift == 0 and size >= 100) > 20
