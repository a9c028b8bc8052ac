"""The transformer in integers: every attention op has an int8 kernel equal to its golden twin,
the simulator costs them as the counting build counts, and both ViT exports run fully integer."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from ferry.core.errors import FerryError
from ferry.core.names import quoted
from ferry.schemas.artifacts import Comparison, PlannedLayer
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.simulation import SimulationResult
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.codegen.integer_program import MAX_LAYER_NORM_CHANNELS
from ferry.stages.codegen.lowering.integer import QMATMUL_MAX_DEPTH
from ferry.stages.codegen.qdq_lowering import lower_qdq
from ferry.stages.common.golden import DOMAIN, FLOAT_LAYERS_KEY, GoldenModel, QLayerNorm, QMatMul, isqrt, metadata
from ferry.stages.common.golden import OPS as GOLDEN_OPS
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.common.quant import quantize_multiplier
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.stages.simulate import simulate
from ferry.stages.simulate.kernels import ISQRT_STEPS, LAYER_NORM_PASSES, layer_work
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools, run_doit
from tests.test_int8 import FLAGS, _build, _evaluate, _quantized, break_output_zero_point
from tests.test_simulate import _assert_counts_equal, _operand, _plan, _target

TOKENS, WIDTH, HEADS = 5, 8, 2


def _attention_block() -> onnx.ModelProto:
    """A pre-norm encoder block with a class token, written with every op the ViT needs in int8:
    Concat of a constant, LayerNormalization (with and without bias), Split, Reshape, Transpose,
    Mul by a constant, MatMul of two activations (4-D, batched), Softmax on the last axis, Add
    and Mul of activations with broadcasting, Slice, Gelu and Gather."""
    rng = np.random.default_rng(11)
    head = WIDTH // HEADS

    def const(name: str, values: np.ndarray) -> onnx.TensorProto:
        return numpy_helper.from_array(np.asarray(values), name)

    def node(op: str, inputs: list[str], output: str, **attrs: object) -> onnx.NodeProto:
        return helper.make_node(op, inputs, [output], name=output, **attrs)

    nodes = [
        node("Concat", ["cls_token", "x"], "tokens", axis=1),
        node("LayerNormalization", ["tokens", "g1", "b1"], "norm1", axis=-1, epsilon=1e-5),
        node("MatMul", ["norm1", "w_qkv"], "qkv"),
        helper.make_node("Split", ["qkv", "split"], ["q", "k", "v"], name="split", axis=2),
        node("Reshape", ["q", "heads"], "q_heads"),
        node("Transpose", ["q_heads"], "q_t", perm=[0, 2, 1, 3]),
        node("Mul", ["q_t", "scale"], "q_scaled"),
        node("Reshape", ["k", "heads"], "k_heads"),
        node("Transpose", ["k_heads"], "k_t", perm=[0, 2, 3, 1]),
        node("Reshape", ["v", "heads"], "v_heads"),
        node("Transpose", ["v_heads"], "v_t", perm=[0, 2, 1, 3]),
        node("MatMul", ["q_scaled", "k_t"], "scores"),
        node("Softmax", ["scores"], "attention", axis=-1),
        node("MatMul", ["attention", "v_t"], "context"),
        node("Transpose", ["context"], "context_t", perm=[0, 2, 1, 3]),
        node("Reshape", ["context_t", "merged"], "context_flat"),
        node("Add", ["tokens", "context_flat"], "residual"),
        node("Slice", ["residual", "zero", "one", "one"], "first"),
        node("Add", ["residual", "first"], "broadcast_add"),
        node("LayerNormalization", ["broadcast_add", "g2"], "norm2", axis=-1, epsilon=1e-5),
        node("MatMul", ["norm2", "w_mlp"], "hidden"),
        node("Gelu", ["hidden"], "gelu"),
        node("Slice", ["gelu", "zero", "one", "one"], "gate"),
        node("Mul", ["gelu", "gate"], "gated"),
        node("Gather", ["gated", "index"], "class_out", axis=1),
        node("Gemm", ["class_out", "w_head", "b_head"], "y", transB=1),
    ]
    initializers = [
        const("cls_token", rng.standard_normal((1, 1, WIDTH)).astype(np.float32)),
        const("g1", rng.uniform(0.5, 1.5, WIDTH).astype(np.float32)),
        const("b1", (rng.standard_normal(WIDTH) * 0.2).astype(np.float32)),
        const("g2", rng.uniform(-1.5, 1.5, WIDTH).astype(np.float32)),  # negative gains too
        const("w_qkv", (rng.standard_normal((WIDTH, 3 * WIDTH)) * 0.4).astype(np.float32)),
        const("split", np.array([WIDTH] * 3, np.int64)),
        const("heads", np.array([1, TOKENS, HEADS, head], np.int64)),
        const("merged", np.array([1, TOKENS, WIDTH], np.int64)),
        const("scale", np.array(head**-0.5, np.float32)),
        const("zero", np.array([0], np.int64)), const("one", np.array([1], np.int64)),
        const("w_mlp", (rng.standard_normal((WIDTH, 2 * WIDTH)) * 0.4).astype(np.float32)),
        const("index", np.array(0, np.int64)),
        const("w_head", (rng.standard_normal((3, 2 * WIDTH)) * 0.4).astype(np.float32)),
        const("b_head", (rng.standard_normal(3) * 0.1).astype(np.float32)),
    ]
    graph = helper.make_graph(
        nodes, "attention_block",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, TOKENS - 1, WIDTH])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])


@pytest.fixture(scope="module")
def attention_package(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("attention")
    samples = np.random.default_rng(4).standard_normal((32, TOKENS - 1, WIDTH)).astype(np.float32)
    manifest, runner = _build(tmp, _quantized(tmp, _attention_block(), samples))
    return tmp, manifest, runner


def test_every_transformer_op_is_integer_and_bit_exact(attention_package) -> None:
    tmp, manifest, runner = attention_package
    int8 = _evaluate(tmp, manifest, runner).int8
    assert int8 is not None
    assert int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    layers = {layer.node: layer for layer in int8.layers}
    assert all(layer.exact and layer.cpp_mismatches == 0 for layer in int8.layers)
    ops = {node.name: node.op_type for node in GoldenModel(tmp / "integer.onnx").model.graph.node}
    assert {name: ops[name] for name in ("norm1", "norm2", "scores", "context", "attention", "gelu",
                                         "split", "class_out", "first", "tokens", "broadcast_add",
                                         "gated")} == {
        "norm1": "QLayerNorm", "norm2": "QLayerNorm", "scores": "QMatMul", "context": "QMatMul",
        "attention": "QSoftmax", "gelu": "QLookup", "split": "Split", "class_out": "Gather",
        "first": "Slice", "tokens": "Concat", "broadcast_add": "QAdd", "gated": "QMul"}
    # the integer kernels stay close to float: each of these layers above 25 dB on its own tensor
    for name in ("norm1", "scores", "attention", "context", "norm2", "gelu"):
        assert layers[name].sqnr_db > 25, (name, layers[name].sqnr_db)


def test_a_layer_norm_the_kernel_cannot_take_runs_in_float_and_says_why(tmp_path: Path) -> None:
    """LayerNorm over two axes has no int8 kernel: a float layer between int8 ones, with the
    reason; the tanh GELU after it is a table."""
    graph = helper.make_graph(
        [helper.make_node("LayerNormalization", ["x", "g"], ["n"], name="norm", axis=1),
         helper.make_node("Gelu", ["n"], ["y"], name="gelu", approximate="tanh")],
        "norm_two_axes", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 4])],
        [numpy_helper.from_array(np.linspace(0.5, 1.5, 12, dtype=np.float32).reshape(3, 4), "g")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    samples = np.random.default_rng(6).standard_normal((16, 3, 4)).astype(np.float32)
    manifest, runner = _build(tmp_path, _quantized(tmp_path, model, samples))
    comparison = _evaluate(tmp_path, manifest, runner)
    int8 = comparison.int8
    assert int8 is not None and comparison.within_tolerance and int8.cpp_vs_golden_mismatches == 0
    assert int8.float_layers == {"norm": "quantized, but int8 LayerNormalization over the last axis only"}
    ops = {node.name: node.op_type for node in GoldenModel(tmp_path / "integer.onnx").model.graph.node}
    assert ops["norm"] == "LayerNormalization" and ops["gelu"] == "QLookup"
    assert {layer.node: layer.sqnr_db for layer in int8.layers}["gelu"] > 30


def test_transformer_library_has_no_floating_point(attention_package, tmp_path: Path) -> None:
    tmp, manifest, _ = attention_package
    for source in manifest.sources:
        subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(tmp / "package"), "-c",
                        str(tmp / "package" / source), "-o", str(tmp_path / "out.o")], check=True)


def test_counting_build_equals_simulator_on_attention(attention_package, tmp_path: Path) -> None:
    tmp, _, _ = attention_package
    assert _assert_counts_equal(tmp / "package", tmp_path) >= 25


@pytest.mark.parametrize(("node", "op"), [("norm2", "QLayerNorm"), ("scores", "QMatMul")])
def test_a_wrong_transformer_layer_is_named(attention_package, tmp_path: Path, node: str, op: str) -> None:
    """The trace comparison has teeth on the new kernels: one output zero point off by one is
    named as the first differing layer."""
    source, manifest, _ = attention_package
    runner = break_output_zero_point(source, tmp_path, f'// {op} "{node}"')
    int8 = _evaluate(tmp_path, manifest, runner).int8
    assert int8 is not None and int8.first_mismatch is not None
    assert int8.first_mismatch.startswith(f"{node} ({op})")


def test_transformer_ops_run_bit_exact_on_cortex_m55_in_qemu(attention_package, tmp_path: Path) -> None:
    """int64 sums, the bit-by-bit square root and the batched MatMul on a 32-bit core (-Werror)."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    source, _, _ = attention_package
    m55 = load_model(ROOT / "targets" / "cortex_m55.yaml", TargetSpec)
    assert m55.emulator is not None
    manifest = generate_package(source / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx",
                                {"cortex_m55": m55.compiler})
    build_cross(tmp_path / "package", tmp_path / "m55", m55, [])
    data = DataSpec.model_validate({"path": str(source / "data.npz")}, context={"base_dir": source})
    run = evaluate_on_emulator(tmp_path / "m55" / "firmware.elf", tmp_path / "m55" / "host" / "runner",
                               tmp_path / "integer.onnx", manifest, data, 16, m55.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (16, 0, 0)


# -- the integer kernels against their golden twins, and at their overflow bounds ---------------

_HARNESS = """
#include <cstdio>
#include "ferry_int8.h"
static const uint64_t kValues[] = {%(values)s};
static const int8_t kX[] = {%(x)s};
static const int32_t kGamma[] = {%(gamma)s};
static const int32_t kBeta[] = {%(beta)s};
int main() {
  for (uint64_t v : kValues) std::printf("%%lld\\n", static_cast<long long>(ferry::q::isqrt(v)));
  constexpr ferry::q::LayerNormParams p{%(rows)d, %(channels)d, %(epsilon)d, %(shift)d, %(zx)d, %(zy)d};
  static int8_t y[sizeof(kX)];
  ferry::q::layer_norm(p, kGamma, kBeta, kX, y);
  for (int8_t v : y) std::printf("%%d\\n", v);
}
"""

# one [m, k] x [k, n] product per (a, b) zero point pair; output zero point 0, the whole int8 range
_MATMUL_HARNESS = """
#include <cstdio>
#include "ferry_int8.h"
static const int8_t kA[] = {%(a)s};
static const int8_t kB[] = {%(b)s};
static const int32_t kZeroPoints[][2] = {%(zero_points)s};
int main() {
  for (const auto& z : kZeroPoints) {
    ferry::q::MatMulParams p{};
    p.shape.batch = 1;
    p.shape.m = %(m)d;
    p.shape.k = %(k)d;
    p.shape.n = %(n)d;
    p.a_zero_point = z[0];
    p.b_zero_point = z[1];
    p.multiplier = %(multiplier)d;
    p.shift = %(shift)d;
    p.output_min = -128;
    p.output_max = 127;
    int8_t y[%(m)d * %(n)d];
    ferry::q::matmul(p, kA, kB, y);
    for (int8_t v : y) std::printf("%%d\\n", v);
  }
}
"""


def _listed(values: np.ndarray) -> str:
    return ", ".join(map(str, np.asarray(values).reshape(-1).tolist()))


def _run_harness(tmp_path: Path, source: str) -> list[int]:
    """Compile `source` against the int8 kernels (no floating point) and run it: the integers it printed."""
    (tmp_path / "harness.cpp").write_text(source)
    subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(KERNELS_DIR), str(tmp_path / "harness.cpp"),
                    "-o", str(tmp_path / "harness")], check=True)
    return [int(line) for line in subprocess.run([str(tmp_path / "harness")], capture_output=True,
                                                 text=True, check=True).stdout.split()]


def _golden(op: type, inputs: dict[str, np.ndarray], constants: dict[str, np.ndarray],
            **attrs: int) -> np.ndarray:
    """One `ai.ferry` node of the golden model on int8 `inputs` (and constant inputs)."""
    node = helper.make_node(op.__name__, [*inputs, *constants], ["y"], domain=DOMAIN, **attrs)
    graph = helper.make_graph(
        [node], "one_op",
        [helper.make_tensor_value_info(name, TensorProto.INT8, list(v.shape)) for name, v in inputs.items()],
        [helper.make_tensor_value_info("y", TensorProto.INT8, None)],
        [numpy_helper.from_array(values, name) for name, values in constants.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20), helper.make_opsetid(DOMAIN, 1)])
    return ReferenceEvaluator(model, new_ops=[op]).run(None, inputs)[0]


def _layer_norm_harness(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, values: list[int],
                        **attrs: int) -> str:
    return _HARNESS % {
        "values": ", ".join(f"{v}ull" for v in values), "x": _listed(x), "gamma": _listed(gamma),
        "beta": _listed(beta), "rows": x.shape[0], "channels": x.shape[1], "epsilon": attrs["epsilon"],
        "shift": attrs["shift"], "zx": attrs["x_zero_point"], "zy": attrs["y_zero_point"]}


def _one_node_qdq(op: str, inputs: dict[str, list[int]], output: list[int], scales: dict[str, tuple[float, int]],
                  constants: list[onnx.TensorProto], **attrs: object) -> onnx.ModelProto:
    """A QDQ model of one float node `op` named "node": each input quantized and dequantized
    (its scale and zero point from `scales`), then `constants`, the output "y" likewise."""
    nodes, initializers = [], list(constants)

    def quantize_dequantize(name: str, source: str, target: str) -> None:
        scale, zero_point = scales[name]
        initializers.extend([numpy_helper.from_array(np.array(scale, np.float32), f"{name}_scale"),
                             numpy_helper.from_array(np.array(zero_point, np.int8), f"{name}_zero")])
        nodes.append(helper.make_node("QuantizeLinear", [source, f"{name}_scale", f"{name}_zero"],
                                      [f"{name}_q"], name=f"{name}_q"))
        nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_scale", f"{name}_zero"],
                                      [target], name=f"{name}_dq"))

    for name in inputs:
        quantize_dequantize(name, name, f"{name}_dq")
    nodes.append(helper.make_node(op, [f"{name}_dq" for name in inputs] + [c.name for c in constants],
                                  ["y_float"], name="node", **attrs))
    quantize_dequantize("y", "y_float", "y")
    graph = helper.make_graph(
        nodes, "one_node",
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, shape) for name, shape in inputs.items()],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, output)], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])


def test_isqrt_and_layer_norm_kernels_equal_their_golden_twins(tmp_path: Path) -> None:
    """Rows at the int8 extremes, a constant row (zero variance, epsilon 0: the root of 0 is
    taken as 1), negative gains, square roots at and around perfect squares up to 2^64 - 1."""
    rng = np.random.default_rng(2)
    rows, channels = 6, 32
    x = rng.integers(-128, 128, (rows, channels)).astype(np.int8)
    x[0] = 7  # constant
    x[1] = np.where(np.arange(channels) % 2, -128, 127)  # the widest spread
    x[2, 0], x[2, 1:] = 127, -128  # one outlier
    gamma = rng.integers(-(2**20), 2**20, channels).astype(np.int32)
    beta = rng.integers(-(2**24), 2**24, channels).astype(np.int32)
    attrs = {"epsilon": 0, "shift": 22, "x_zero_point": -3, "y_zero_point": 5}
    values = np.array([0, 1, 2, 3, 4, 15, 16, 17, 2**32 - 1, 2**32, (2**31 - 1) ** 2,
                       (2**31 - 1) ** 2 - 1, 2**62 - 1, 2**62, 2**63 - 1], dtype=np.uint64)
    printed = _run_harness(tmp_path, _layer_norm_harness(x, gamma, beta, [*values.tolist(), 2**64 - 1], **attrs))
    roots = [math.isqrt(int(v)) for v in values.tolist()] + [2**32 - 1]
    assert printed[:len(roots)] == roots
    assert isqrt(values[:13].astype(np.int64)).tolist() == roots[:13]
    expected = _golden(QLayerNorm, {"x": x}, {"gamma": gamma, "beta": beta}, **attrs)
    assert printed[len(roots):] == expected.reshape(-1).tolist()
    # the constant row normalizes to 0: y = beta in output steps, rounded, plus the zero point
    half = 1 << (attrs["shift"] - 1)
    assert expected[0].tolist() == np.clip(((beta.astype(np.int64) + half) >> attrs["shift"]) + 5,
                                           -128, 127).tolist()


@pytest.mark.parametrize("epsilon", [0, 2**62 - 1])
def test_layer_norm_at_its_channel_limit_equals_its_golden_twin(tmp_path: Path, epsilon: int) -> None:
    """C = MAX_LAYER_NORM_CHANNELS with zero point 127: rows of -128 and 127 alternating (the
    largest sum of squares) and one outlier, epsilon 0 and just under the 2^62 codegen allows;
    the square root of the largest sum is exact too."""
    channels, attrs = MAX_LAYER_NORM_CHANNELS, {"epsilon": epsilon, "shift": 32, "x_zero_point": 127,
                                                "y_zero_point": -1}
    x = np.full((2, channels), -128, np.int8)
    x[0, 1::2], x[1, 0] = 127, 127
    rng = np.random.default_rng(12)
    gamma = rng.integers(-(2**30), 2**30, channels).astype(np.int32)
    beta = rng.integers(-(2**30), 2**30, channels).astype(np.int32)
    values = x.astype(np.int64) - 127
    d = channels * values - values.sum(axis=1, keepdims=True)
    squares = [int((row.astype(object) ** 2).sum()) + epsilon for row in d]
    assert max(squares) < 2**63
    printed = _run_harness(tmp_path, _layer_norm_harness(x, gamma, beta, squares, **attrs))
    assert printed[:2] == [math.isqrt(s) for s in squares]
    expected = _golden(QLayerNorm, {"x": x}, {"gamma": gamma, "beta": beta}, **attrs)
    assert printed[2:] == expected.reshape(-1).tolist()
    assert len(set(printed[2:])) > 50  # not one saturated value


def test_layer_norm_over_more_channels_than_the_limit_runs_in_float() -> None:
    """Codegen takes C = MAX_LAYER_NORM_CHANNELS in int8 and refuses one more, with the reason."""
    for channels in (MAX_LAYER_NORM_CHANNELS, MAX_LAYER_NORM_CHANNELS + 1):
        model = _one_node_qdq("LayerNormalization", {"x": [1, channels]}, [1, channels],
                              {"x": (0.05, 0), "y": (0.04, 0)},
                              [numpy_helper.from_array(np.ones(channels, np.float32), "gamma")], axis=-1)
        integer = lower_qdq(model)
        ops = {node.name: node.op_type for node in integer.graph.node}
        reasons = metadata(integer, FLOAT_LAYERS_KEY)
        if channels == MAX_LAYER_NORM_CHANNELS:
            assert ops["node"] == "QLayerNorm" and reasons == {}
        else:
            assert ops["node"] == "LayerNormalization"
            assert reasons == {"node": f"quantized, but int8 LayerNormalization over {channels} values "
                                       f"(int64 sums: at most {MAX_LAYER_NORM_CHANNELS})"}


def test_qmatmul_at_its_depth_limit_equals_its_golden_twin(tmp_path: Path) -> None:
    """k = QMATMUL_MAX_DEPTH - 1 with operands at -128 and 127 and zero points at the other end:
    every product 255 * 255 of one sign (the largest |sum|), of both signs, and alternating.
    The output scale maps the largest |sum| to 100 output steps, so a wrapped int32 shows."""
    k = QMATMUL_MAX_DEPTH - 1
    pattern = np.where(np.arange(k) % 2, 127, -128)
    a = np.stack([np.full(k, -128), np.full(k, 127), pattern]).astype(np.int8)  # [3, k]
    b = np.stack([np.full(k, -128), np.full(k, 127), pattern], axis=1).astype(np.int8)  # [k, 3]
    zero_points = [(127, 127), (127, -128), (-128, 127), (-128, -128)]
    multiplier, shift = quantize_multiplier(100 / (k * 255 * 255))
    printed = _run_harness(tmp_path, _MATMUL_HARNESS % {
        "a": _listed(a), "b": _listed(b), "zero_points": ", ".join(f"{{{za}, {zb}}}" for za, zb in zero_points),
        "m": 3, "k": k, "n": 3, "multiplier": multiplier, "shift": shift})
    expected = [_golden(QMatMul, {"a": a, "b": b}, {}, a_zero_point=za, b_zero_point=zb, multiplier=multiplier,
                        shift=shift, y_zero_point=0, y_min=-128, y_max=127) for za, zb in zero_points]
    assert printed == np.stack(expected).reshape(-1).tolist()
    # (-128 - 127)(-128 - 127) summed k times is +100; with b's zero point -128, -100
    assert (expected[0][0, 0], expected[1][0, 1], expected[2][1, 0], expected[3][1, 1]) == (100, -100, -100, 100)


def test_codegen_refuses_a_qmatmul_at_the_depth_limit(tmp_path: Path) -> None:
    """k = QMATMUL_MAX_DEPTH could overflow the kernel's int32 sum: codegen refuses it, one line."""
    k = QMATMUL_MAX_DEPTH
    model = _one_node_qdq("MatMul", {"a": [1, k], "b": [k, 1]}, [1, 1],
                          {"a": (0.05, 0), "b": (0.05, 0), "y": (0.5, 0)}, [])
    onnx.save(model, str(tmp_path / "model.qdq.onnx"))
    with pytest.raises(FerryError) as refused:
        generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package")
    assert str(refused.value).splitlines()[1:] == [
        f"  QMatMul {quoted('node')}: int8 MatMul of depth {k} (int32 sums: less than {k})"]


def test_integer_layer_norm_is_within_one_step_of_float() -> None:
    """A one-node QDQ LayerNormalization lowered by codegen (lower_qdq: its epsilon, gamma, beta
    and shift folding) and run by the golden model lands within 1 output step of float
    LayerNorm quantized the same way, on random int8 rows and rows one step wide (whose
    variance is comparable to epsilon)."""
    rng = np.random.default_rng(8)
    rows, channels, x_scale, x_zero, y_scale, y_zero, eps = 200, 32, 0.05, 10, 0.04, -3, 1e-3
    x = rng.integers(-128, 128, (rows, channels)).astype(np.int8)
    x[:50] = rng.integers(-3, -1, (50, channels))  # a spread of one step: epsilon matters
    gamma, beta = rng.uniform(-1.5, 1.5, channels), rng.uniform(-0.5, 0.5, channels)
    model = _one_node_qdq("LayerNormalization", {"x": [rows, channels]}, [rows, channels],
                          {"x": (x_scale, x_zero), "y": (y_scale, y_zero)},
                          [numpy_helper.from_array(gamma.astype(np.float32), "gamma"),
                           numpy_helper.from_array(beta.astype(np.float32), "beta")], axis=-1, epsilon=eps)
    integer = lower_qdq(model)
    assert [node.op_type for node in integer.graph.node] == ["QLayerNorm"]
    evaluator = ReferenceEvaluator(integer, new_ops=list(GOLDEN_OPS))
    y = evaluator.run(None, {integer.graph.input[0].name: x})[0]
    assert y.dtype == np.int8
    real = (x.astype(np.float64) - x_zero) * x_scale
    gamma, beta = gamma.astype(np.float32).astype(np.float64), beta.astype(np.float32).astype(np.float64)
    mean, var = real.mean(axis=1, keepdims=True), real.var(axis=1, keepdims=True)
    reference = np.clip(np.round(((real - mean) / np.sqrt(var + eps) * gamma + beta) / y_scale) + y_zero,
                        -128, 127)
    difference = np.abs(y.astype(np.int64) - reference)
    assert difference.max() <= 1 and (difference == 0).mean() > 0.95


# -- the simulator's model of the attention kernels ---------------------------------------------------


def test_attention_maps_onto_the_array() -> None:
    """Q·K^T of 2 heads, 17 tokens, 16 per head: each head's 17x17 scores are a plane of 4 tiles
    on the 16x16 array, 16 taps each at 2 int8 MACs per cycle; LayerNorm pays its square root."""
    shape = {"batch": 2, "batch_rank": 1, "batch_dims": [2, 1, 1, 1, 1, 1],
             "a_batch_strides": [272, 0, 0, 0, 0, 0], "b_batch_strides": [272, 0, 0, 0, 0, 0],
             "m": 17, "k": 16, "n": 17}
    scores = PlannedLayer(index=0, node="scores", op="QMatMul", kernel="ferry::q::matmul",
                          params={"shape": shape}, weights={},
                          inputs=[_operand("q", [1, 2, 17, 16]), _operand("k", [1, 2, 16, 17])],
                          outputs=[_operand("s", [1, 2, 17, 17])])
    norm = PlannedLayer(index=1, node="norm", op="QLayerNorm", kernel="ferry::q::layer_norm",
                        params={"rows": 17, "channels": 32}, weights={"gamma": 128, "beta": 128},
                        inputs=[_operand("x", [1, 17, 32]), _operand("gamma", [32], "flash", "int32"),
                                _operand("beta", [32], "flash", "int32")],
                        outputs=[_operand("y", [1, 17, 32])])
    work = layer_work(scores)
    assert work.counts.macs == 2 * 17 * 17 * 16 and work.counts.weight_bytes == 0
    assert work.counts.read_bytes == 2 * 2 * 17 * 16 and work.counts.write_bytes == 2 * 17 * 17
    result = simulate("m", _target("gpnpu_1tops"), _plan(scores, norm), None)
    matmul, layer_norm = result.layers
    assert (matmul.grid, matmul.planes, matmul.tiles) == ((17, 17), 2, 8)
    assert matmul.compute_cycles == 8 * 16 // 2 and matmul.precision == "int8"
    assert layer_norm.counts.macs == 0
    assert layer_norm.ops == LAYER_NORM_PASSES * 17 * 32 + ISQRT_STEPS * 17
    # a 17x32 output: 2x2 tiles, each element waiting for its row's passes and square root
    assert layer_norm.tiles == 4 and layer_norm.compute_cycles == 4 * (LAYER_NORM_PASSES + ISQRT_STEPS) // 2


# -- the digits ViT through the whole int8 pipeline ------------------------------------------------


def _spec(tmp_path: Path, text: str) -> None:
    """The spec with its model and target paths pointing into the repository."""
    (tmp_path / "pipeline.yaml").write_text(text.replace("models/", f"{ROOT / 'models'}/").replace(
        "targets/", f"{ROOT / 'targets'}/"))


@pytest.mark.slow
def test_both_vit_exports_run_fully_integer_within_one_point(tmp_path: Path) -> None:
    _spec(tmp_path, (ROOT / "pipeline_vit_int8.yaml").read_text())
    run_doit(tmp_path)
    for opset in (17, 13):
        folder = tmp_path / "outputs" / "digits_vit_int8" / f"digits_vit_opset{opset}"
        compare = Comparison.model_validate_json((folder / "host/evaluate/compare.json").read_text())
        accuracy, int8 = compare.accuracy, compare.int8
        assert accuracy is not None and int8 is not None and accuracy.int8_top1 is not None
        assert accuracy.fp32_top1 - accuracy.int8_top1 <= 0.01 and accuracy.cpp_top1 == accuracy.int8_top1
        assert int8.samples == 360 and int8.cpp_vs_golden_mismatches == 0 and int8.float_layers == {}
        ops = {layer.op for layer in int8.layers}
        assert {"QLayerNorm", "QMatMul", "QSoftmax", "QLookup"} <= ops
        assert not {"Quantize", "Dequantize", "LayerNormalization", "MatMul"} & ops
        # each Linear (MatMul + bias Add) is one QGemm; the QAdds left are the position
        # embedding and the 4 residual connections
        counts = {op: [layer.op for layer in int8.layers].count(op) for op in ("QGemm", "QAdd")}
        assert counts == {"QGemm": 9, "QAdd": 5}
        sim = SimulationResult.model_validate_json((folder / "gpnpu_1tops/simulate/sim.json").read_text())
        assert sim.budget.verdict == "pass" and sim.cycles == sum(layer.cycles for layer in sim.layers)
        attention = [layer for layer in sim.layers if layer.op == "QMatMul"]
        assert [layer.counts.macs for layer in attention] == [2 * 17 * 17 * 16] * 4
        report = (folder / "gpnpu_1tops/report.md").read_text()
        assert "`/blocks/blocks.1/attn/Softmax` | QSoftmax" in report
    package = tmp_path / "outputs/digits_vit_int8/digits_vit_opset13/codegen/package"
    assert _assert_counts_equal(package, tmp_path) == 52


@pytest.mark.slow
def test_fallback_auto_keeps_vit_layers_in_float_until_the_budget_holds(tmp_path: Path) -> None:
    """A budget the integer ViT misses (output SQNR 30 dB; with the bias Adds folded into their
    MatMuls it meets even a zero top-1 drop): fallback auto keeps layers in float."""
    text = (ROOT / "pipeline_vit_int8.yaml").read_text()
    text = text[:text.index("  - name: digits_vit_opset13")] + text[text.index("targets:"):]
    text = text.replace("  - targets/gpnpu_1tops.yaml", "#").replace(
        "max_accuracy_drop: 1.0", "min_output_sqnr_db: 30.0\n    fallback: auto")
    _spec(tmp_path, text)
    run_doit(tmp_path)
    folder = tmp_path / "outputs" / "digits_vit_int8" / "digits_vit_opset17"
    budget = json.loads((folder / "quantize/budget.json").read_text())
    assert budget["passed"] and budget["kept_float"] and budget["value"] >= 30.0
    int8 = Comparison.model_validate_json((folder / "host/evaluate/compare.json").read_text()).int8
    assert int8 is not None and set(int8.float_layers) == set(budget["kept_float"])
    assert int8.cpp_vs_golden_mismatches == 0
