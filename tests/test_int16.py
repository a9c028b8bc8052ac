"""int16 activations, the precision fallback (docs/int16.md): the 16x8 kernels bit-exact with the
golden model on the host and in QEMU, their sums beyond int32, and `fallback: auto` reaching a
SQNR budget on a target without a float unit with int16 layers and no float layer."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from bench.calibrate_q16 import measure, q16_layers
from ferry.engine.contracts import allows_float
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.common.golden import GoldenModel, int16_layers
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.common.quant import requantize_wide
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.quantize.accuracy_budget import describe_failure, quantize_within_budget
from ferry.stages.simulate import simulate
from ferry.stages.simulate.mcu_cost import family
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import FLAGS, _evaluate
from tests.test_simulate import _assert_counts_equal


def _target(name: str) -> TargetSpec:
    return load_model(ROOT / "targets" / f"{name}.yaml", TargetSpec)


def test_requantize_wide_is_the_exact_formula() -> None:
    """(acc·M + 2^(r-1)) >> r saturated to ±2^30, for int64 sums up to 2^61, against Python integers."""
    rng = random.Random(7)
    accs = [rng.randint(-(1 << 61), 1 << 61) for _ in range(400)] + [rng.randint(-4000, 4000) for _ in range(400)]
    multipliers = [rng.randint(1 << 30, (1 << 31) - 1) for _ in accs]
    shifts = [rng.randint(-31, 30) for _ in accs]
    want = [max(-(1 << 30), min(1 << 30, (a * m + (1 << (30 - s))) >> (31 - s)))
            for a, m, s in zip(accs, multipliers, shifts)]
    got = requantize_wide(np.array(accs), np.array(multipliers), np.array(shifts))
    assert got.tolist() == want


def test_cpp_requantize_wide_is_the_exact_formula(tmp_path: Path) -> None:
    """ferry::q16::requantize_wide on sums up to 2^61 and every shift, against Python integers."""
    rng = random.Random(8)
    cases = [(rng.randint(-(1 << 61), 1 << 61), rng.randint(1 << 30, (1 << 31) - 1), rng.randint(-31, 30))
             for _ in range(60)] + [(-1, 1 << 30, 0), (-(1 << 31), (1 << 31) - 1, -31), ((1 << 40) + 1, 1 << 30, 30)]
    calls = "\n".join(f'  std::printf("%ld\\n", static_cast<long>(ferry::q16::requantize_wide({a}ll, {m}, {s})));'
                      for a, m, s in cases)
    (tmp_path / "h.cpp").write_text(f'#include <cstdio>\n#include "ferry_int16.h"\nint main() {{\n{calls}\n}}\n')
    subprocess.run(["g++", *FLAGS, "-I", str(KERNELS_DIR), str(tmp_path / "h.cpp"), "-o", str(tmp_path / "h")],
                   check=True)
    printed = [int(v) for v in subprocess.run([str(tmp_path / "h")], capture_output=True, text=True,
                                              check=True).stdout.split()]
    assert printed == [max(-(1 << 30), min(1 << 30, (a * m + (1 << (30 - s))) >> (31 - s))) for a, m, s in cases]


def test_float_fallback_only_where_every_target_computes_float() -> None:
    assert allows_float([_target("host"), _target("cortex_m55"), _target("cortex_m7")])
    assert not allows_float([_target("host"), _target("gpnpu_1tops")])


# -- the int16 kernels on odd shapes ------------------------------------------------------------


def _wide_model() -> tuple[onnx.ModelProto, np.ndarray]:
    """A dense 3x3 conv over 128 channels (K = 1152) with positive weights on near-full-scale
    inputs, so that its sums pass 2^31; a depthwise and a grouped conv, max pooling, a concat, a
    standalone ReLU, an add and a mul of two activations, a Gemm and a MatMul by a constant."""
    rng = np.random.default_rng(11)
    w_dense = rng.uniform(0.2, 1.0, (6, 128, 3, 3)).astype(np.float32) * 0.01
    w_depthwise = rng.standard_normal((6, 1, 3, 3)).astype(np.float32) * 0.3
    w_grouped = rng.standard_normal((4, 3, 1, 2)).astype(np.float32) * 0.3
    w_gemm = rng.standard_normal((5, 120)).astype(np.float32) * 0.2
    w_matmul = rng.standard_normal((5, 3)).astype(np.float32) * 0.5
    nodes = [
        helper.make_node("Conv", ["x", "w_dense"], ["dense"], name="dense", pads=[1, 0, 1, 2]),
        helper.make_node("Conv", ["dense", "w_depthwise"], ["depthwise"], name="depthwise", group=6,
                         pads=[1, 1, 1, 1], strides=[1, 2]),
        helper.make_node("Relu", ["depthwise"], ["depthwise_relu"], name="relu"),
        helper.make_node("Conv", ["depthwise_relu", "w_grouped"], ["grouped"], name="grouped", group=2),
        helper.make_node("MaxPool", ["dense"], ["pooled"], name="pool", kernel_shape=[1, 2], strides=[1, 2]),
        helper.make_node("Slice", ["pooled", "starts", "ends", "axes"], ["pooled_cut"], name="cut"),
        helper.make_node("Add", ["grouped", "pooled_cut"], ["summed"], name="add"),
        helper.make_node("Mul", ["summed", "grouped"], ["product"], name="mul"),
        helper.make_node("Concat", ["summed", "product"], ["joined"], name="concat", axis=1),
        helper.make_node("Flatten", ["joined"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "w_gemm"], ["gemm"], name="gemm", transB=1),
        helper.make_node("Relu", ["gemm"], ["gemm_relu"], name="gemm_relu"),
        helper.make_node("MatMul", ["gemm_relu", "w_matmul"], ["y"], name="matmul"),
    ]
    initializers = [numpy_helper.from_array(v, n) for n, v in (
        ("w_dense", w_dense), ("w_depthwise", w_depthwise), ("w_grouped", w_grouped), ("w_gemm", w_gemm),
        ("w_matmul", w_matmul), ("starts", np.array([0], np.int64)), ("ends", np.array([4], np.int64)),
        ("axes", np.array([1], np.int64)))]
    graph = helper.make_graph(nodes, "wide", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 128, 5, 7])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], initializers)
    samples = rng.uniform(0.9, 1.0, (6, 128, 5, 7)).astype(np.float32)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), samples


def _calibrated(tmp: Path, model: onnx.ModelProto, samples: np.ndarray) -> tuple[onnx.ModelProto, DataSpec, object]:
    onnx.save(model, str(tmp / "float.onnx"))
    imported, _ = import_model(tmp / "float.onnx", "m", {})
    onnx.save(imported, str(tmp / "imported.onnx"))
    np.savez(tmp / "data.npz", x=samples)
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp})
    return imported, data, collect_statistics(tmp / "imported.onnx", model_batches(data, imported, None), 512)


class WideProgram:
    """_wide_model with every layer asked for int16: its QDQ model, package and host runners."""

    def __init__(self, tmp: Path) -> None:
        model, samples = _wide_model()
        imported, self.data, stats = _calibrated(tmp, model, samples)
        names = {node.name: "test: every layer" for node in imported.graph.node}
        qdq, self.report = quantize_model(imported, stats, QuantizeStage(kind="quantize"), int16=names)
        onnx.save(qdq, str(tmp / "model.qdq.onnx"))
        self.tmp = tmp
        self.manifest = generate_package(tmp / "model.qdq.onnx", "m", tmp / "package", tmp / "integer.onnx")
        self.runner = build_host(tmp / "package", tmp / "build", "g++", FLAGS)
        self.golden = GoldenModel(tmp / "integer.onnx")


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> WideProgram:
    return WideProgram(tmp_path_factory.mktemp("wide"))


def test_int16_kernels_are_bit_exact_with_the_golden_model(wide: WideProgram) -> None:
    comparison = _evaluate(wide.tmp, wide.manifest, wide.runner)
    int8 = comparison.int8
    assert int8 is not None and int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    assert all(layer.cpp_mismatches == 0 for layer in int8.layers) and len(int8.layers) == 11
    assert int8.float_layers == {}
    assert set(int8.int16_layers) == {"dense", "depthwise", "grouped", "add", "mul", "gemm", "matmul"}
    assert set(int16_layers(wide.golden.model)) == set(int8.int16_layers)
    graph = wide.golden.model.graph
    types = {v.name: v.type.tensor_type.elem_type for v in [*graph.input, *graph.value_info, *graph.output]}
    computed = {node.name: (node.op_type, types[node.input[0]]) for node in graph.node}
    assert computed["dense"] == computed["depthwise"] == computed["grouped"] == ("QConv", TensorProto.INT16)
    assert computed["gemm"] == computed["matmul"] == ("QGemm", TensorProto.INT16)
    assert computed["pool"] == ("MaxPool", TensorProto.INT16) and computed["concat"][1] == TensorProto.INT16
    # the standalone ReLU of the depthwise conv is fused; Gemm's too: y and x stay int16 at the ports
    assert types["x"] == types["y"] == TensorProto.INT16
    assert int8.output_sqnr_db is not None and int8.output_sqnr_db > 40  # int8 weights bound it


def test_the_dense_convolution_sums_pass_int32(wide: WideProgram) -> None:
    """The int64 accumulators matter: int32 sums of this layer would wrap."""
    x = wide.golden.feeds({"x": np.load(wide.tmp / "data.npz")["x"][:1]})["x"].astype(np.int64)
    weights = next(numpy_helper.to_array(t) for t in wide.golden.model.graph.initializer
                   if t.name.startswith("dense_weight")).astype(np.int64)
    patch = x[0, :, 0:3, 0:3]  # output (1, 0): a window without padding (pads top 1, left 0)
    assert int((weights[0] * patch).sum()) > 2**31


def test_int16_library_has_no_floating_point(wide: WideProgram, tmp_path: Path) -> None:
    for source in wide.manifest.sources:
        subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(wide.tmp / "package"), "-c",
                        str(wide.tmp / "package" / source), "-o", str(tmp_path / "out.o")], check=True)


def test_counting_build_equals_simulator_and_gpnpu_prices_int16(wide: WideProgram, tmp_path: Path) -> None:
    _assert_counts_equal(wide.tmp / "package", tmp_path)
    plan = MemoryPlanRecord.model_validate_json((wide.tmp / "package" / "memory_plan.json").read_text())
    result = simulate("m", _target("gpnpu_1tops"), plan, None)
    precision = {layer.node: layer.precision for layer in result.layers}
    assert precision["dense"] == precision["gemm"] == "int16"
    dense = next(layer for layer in result.layers if layer.node == "dense")
    # in-bounds taps: 2 + 3 + 3 + 3 + 2 down the rows (pad 1 each side), 3 x 5 + 2 + 1 along (pads 0, 2)
    assert dense.counts.macs == 6 * 128 * 13 * 18


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_int16_program_is_bit_exact_in_qemu(wide: WideProgram, target_name: str) -> None:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    target = _target(target_name)
    assert target.emulator is not None
    build = wide.tmp / target_name
    build_cross(wide.tmp / "package", build, target, [])
    run = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner", wide.tmp / "integer.onnx",
                               wide.manifest, wide.data, 6, target.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (6, 0, 0)


# -- fallback: auto on a target without a float unit ---------------------------------------------


def _loud_channel_model() -> tuple[onnx.ModelProto, np.ndarray]:
    """conv1 writes one channel 300 times louder than the others, which conv2 ignores: one int8
    scale for that activation rounds the quiet channels away; int16 has 256 times finer steps."""
    rng = np.random.default_rng(0)
    w1 = (rng.standard_normal((8, 3, 3, 3)) * 0.3).astype(np.float32)
    w1[0] *= 300
    w2 = (rng.standard_normal((6, 8, 3, 3)) * 0.3).astype(np.float32)
    w2[:, 0] = 0
    w3 = (rng.standard_normal((6 * 6 * 6, 5)) * 0.1).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c1"], ["r"], name="relu"),
         helper.make_node("Conv", ["r", "w2"], ["c2"], name="conv2"),
         helper.make_node("Softmax", ["c2"], ["p"], name="softmax", axis=1),
         helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
         helper.make_node("MatMul", ["f", "w3"], ["y"], name="fc")],
        "loud", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2"), numpy_helper.from_array(w3, "w3")])
    return (helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]),
            rng.standard_normal((24, 3, 8, 8)).astype(np.float32))


@pytest.fixture(scope="module")
def loud(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DataSpec, object]:
    tmp = tmp_path_factory.mktemp("loud")
    _, data, stats = _calibrated(tmp, *_loud_channel_model())
    return tmp, data, stats


def test_fallback_auto_reaches_the_budget_with_int16_and_no_float_on_gpnpu(loud, tmp_path: Path) -> None:
    folder, data, stats = loud
    gpnpu = allows_float([_target("gpnpu_1tops")])
    budget = {"kind": "quantize", "min_output_sqnr_db": 25}
    _, _, int8 = quantize_within_budget(folder / "imported.onnx", stats, data, QuantizeStage(**budget), gpnpu)
    assert not int8.passed and int8.value < 15  # int8 alone: the quiet channels are rounded away
    qdq, report, check = quantize_within_budget(folder / "imported.onnx", stats, data,
                                                QuantizeStage(**budget, fallback="auto"), gpnpu)
    assert check.passed and check.value > 25 and check.kept_float == [] and report.kept_float == {}
    assert check.int16 == ["conv1", "conv2"]  # conv2 asked; conv1 writes its int16 input
    assert report.int16 == {"conv1": "its output is an int16 layer's input",
                            "conv2": "fallback: auto (over the accuracy budget)"}
    assert report.activations["r"].precision == "int16" and report.activations["r"].zero_point == 0
    assert report.activations["p"].precision == "int8"  # Softmax reads c2 through a border
    # onnxruntime runs the QDQ model (opset 21: int16 QuantizeLinear) within 1 dB of the program
    assert check.onnxruntime_value is not None and abs(check.onnxruntime_value - check.value) < 1
    assert next(o.version for o in qdq.opset_import if o.domain == "") == 21
    onnx.save(qdq, str(tmp_path / "model.qdq.onnx"))
    for name in ("imported.onnx", "data.npz"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    comparison = _evaluate(tmp_path, manifest, build_host(tmp_path / "package", tmp_path / "build", "g++", FLAGS))
    assert comparison.int8 is not None and comparison.int8.cpp_vs_golden_mismatches == 0
    assert comparison.int8.first_mismatch is None and comparison.int8.float_layers == {}
    assert set(comparison.int8.int16_layers) == {"conv1", "conv2"}
    ops = [node.op_type for node in GoldenModel(tmp_path / "integer.onnx").model.graph.node]
    assert ops.count("QRequantize") == 1  # c2 into int8 for the Softmax; x arrives as int16
    assert manifest.inputs[0].dtype == "int16"


def test_fallback_fails_naming_the_int16_layers_when_they_are_not_enough(loud) -> None:
    folder, data, stats = loud
    params = QuantizeStage(kind="quantize", min_output_sqnr_db=80, fallback="auto")
    _, _, check = quantize_within_budget(folder / "imported.onnx", stats, data, params, float_fallback=False)
    assert not check.passed and check.kept_float == [] and {"conv1", "conv2"} <= set(check.int16)
    message = describe_failure("m", check, float_fallback=False)
    assert f"gave {len(check.int16)} layer(s) int16 activations" in message and "conv1" in message
    assert "No layer may stay float here" in message
    # where every target computes float, the fallback goes on to float layers
    _, _, with_float = quantize_within_budget(folder / "imported.onnx", stats, data, params, float_fallback=True)
    assert with_float.passed and with_float.kept_float


def test_the_graph_tells_quantize_whether_its_targets_compute_float(tmp_path: Path) -> None:
    """The example's targets include gpnpu_1tops (no float32 MAC rate): its fallback gets no float."""
    from ferry.engine.contracts import QuantizeParams
    from ferry.engine.graph import load_graph

    graph = load_graph(ROOT / "pipeline.yaml", outputs_root=tmp_path, cache="off")
    quantize = next(call for call in graph.calls() if call.stage == "quantize")
    assert isinstance(quantize.params, QuantizeParams) and quantize.params.float_fallback is False
    assert quantize.settings["float_fallback"] is False  # in its cache key: a target change re-runs it


@pytest.mark.parametrize("activation_type, symmetric", [("QInt16", True), ("QUInt16", False)])
def test_onnxruntime_int16_qdq_models_lower_to_int16_layers(loud, tmp_path: Path, activation_type: str,
                                                            symmetric: bool) -> None:
    """Another tool's 16-bit QDQ model (onnxruntime's quantize_static, opset 21): int16 layers,
    uint16 stored as int16 with the zero point shifted by 32768, a zero point other than 0 kept;
    the Softmax without an int16 kernel and without a border runs in float."""
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    folder, _, _ = loud
    samples = np.load(folder / "data.npz")["x"]

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.batches = iter([{"x": samples[i:i + 1]} for i in range(len(samples))])

        def get_next(self) -> dict | None:
            return next(self.batches, None)

    quantize_static(str(folder / "imported.onnx"), str(tmp_path / "model.qdq.onnx"), Reader(),
                    quant_format=QuantFormat.QDQ, activation_type=QuantType[activation_type],
                    weight_type=QuantType.QInt8, per_channel=True, extra_options={"ActivationSymmetric": symmetric})
    for name in ("imported.onnx", "data.npz"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    comparison = _evaluate(tmp_path, manifest, build_host(tmp_path / "package", tmp_path / "build", "g++", FLAGS))
    int8 = comparison.int8
    assert int8 is not None and int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    assert set(int8.int16_layers) == {"conv1", "conv2", "fc"}
    assert int8.float_layers == {"softmax": "quantized, but no int16 kernel for QSoftmax"}
    assert (manifest.inputs[0].dtype, manifest.inputs[0].zero_point == 0) == ("int16", symmetric)
    assert int8.output_sqnr_db is not None and int8.output_sqnr_db > 30


def test_attention_products_of_two_int16_activations(tmp_path: Path) -> None:
    """Q·K^T of two int16 activations (ferry::q16::matmul, products up to 2^30 summed in int64),
    after Linear layers whose bias Add is fused, all int16: bit-exact with the golden model."""
    rng = np.random.default_rng(3)
    weights = {name: rng.standard_normal(shape).astype(np.float32) * 0.4
               for name, shape in (("wq", (6, 5)), ("bq", (5,)), ("wk", (6, 5)), ("bk", (5,)))}
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "wq"], ["q_raw"], name="q"),
         helper.make_node("Add", ["q_raw", "bq"], ["q_out"], name="q_bias"),
         helper.make_node("MatMul", ["x", "wk"], ["k_raw"], name="k"),
         helper.make_node("Add", ["k_raw", "bk"], ["k_out"], name="k_bias"),
         helper.make_node("Transpose", ["k_out"], ["k_t"], name="k_t", perm=[0, 2, 1]),
         helper.make_node("MatMul", ["q_out", "k_t"], ["y"], name="scores")],
        "attention", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4])],
        [numpy_helper.from_array(v, n) for n, v in weights.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    imported, _, stats = _calibrated(tmp_path, model, rng.standard_normal((12, 4, 6)).astype(np.float32))
    every = {node.name: "test: every layer" for node in imported.graph.node}
    qdq, report = quantize_model(imported, stats, QuantizeStage(kind="quantize"), int16=every)
    assert set(report.int16) == {"q", "k", "scores"}  # each Linear one layer with its bias Add
    onnx.save(qdq, str(tmp_path / "model.qdq.onnx"))
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    comparison = _evaluate(tmp_path, manifest, build_host(tmp_path / "package", tmp_path / "build", "g++", FLAGS))
    int8 = comparison.int8
    assert int8 is not None and int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    ops = {node.name: node.op_type for node in GoldenModel(tmp_path / "integer.onnx").model.graph.node}
    assert (ops["q"], ops["k"], ops["scores"]) == ("QGemm", "QGemm", "QMatMul")
    assert set(int8.int16_layers) == {"q", "k", "scores"} and int8.float_layers == {}
    assert "ferry::q16::matmul(" in (tmp_path / "package" / "model.cpp").read_text()
    assert int8.output_sqnr_db is not None and int8.output_sqnr_db > 40  # int8 weights bound it


def test_fallback_int16_never_chooses_float_even_where_targets_compute_it(loud) -> None:
    folder, data, stats = loud
    params = QuantizeStage(kind="quantize", min_output_sqnr_db=80, fallback="int16")
    _, report, check = quantize_within_budget(folder / "imported.onnx", stats, data, params, float_fallback=True)
    assert not check.passed and check.kept_float == [] and report.kept_float == {}
    assert set(check.int16) == {"conv1", "conv2", "fc"}  # every compute layer: as far as int16 goes


def test_cost_model_prices_the_int16_layers_as_qemu_measures_them(wide: WideProgram) -> None:
    """The q16 kernels' costs (bench/calibrate_q16.py, fitted on a program of its own) against the
    instructions each int16 layer of this held-out program executes under qemu -icount on the
    M55, within 15% per layer of more than 10,000 instructions and 2% over all of them. Priced
    by the `default` entry before, DS-CNN's two int16 layers came out 10x below their measurement."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    target = _target("cortex_m55")
    plan = MemoryPlanRecord.model_validate_json((wide.tmp / "package" / "memory_plan.json").read_text())
    sample = np.load(wide.tmp / "data.npz")["x"][0]
    profile = measure(wide.tmp, wide.manifest, plan, target, sample)
    simulated = simulate("m", target, plan, None).layers
    estimated = {layer.index: (layer.instructions, layer.cost_entry) for layer in simulated}
    layers = q16_layers(plan)
    assert {family(layer) for layer in layers} == {
        "ferry::q16::conv", "ferry::q16::add", "ferry::q16::mul", "ferry::q16::gemm"}
    measured = {layer.index: profile.layers[layer.index].instructions or 0 for layer in layers}
    for layer in layers:
        assert estimated[layer.index][1] == family(layer)  # its own entry, not the default
        if measured[layer.index] > 10_000:
            assert estimated[layer.index][0] == pytest.approx(measured[layer.index], rel=0.15), layer.node
    assert sum(estimated[i][0] for i in measured) == pytest.approx(sum(measured.values()), rel=0.02)
