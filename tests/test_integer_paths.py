"""Integer paths for the ops exporters write around int8 layers (issue 14): no float layer left.

Graphs are written the way exporters write them (PyTorch's hard-swish `x * relu6(x + 3) / 6`,
attention's `/ sqrt(d)`, mean pooling over tokens, onnxruntime's `quantize_static` QDQ); each is
quantized, lowered, compiled and compared layer by layer with the golden model.
"""

from __future__ import annotations

import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from ferry.stages.codegen import generate_package
from ferry.stages.codegen.qdq_lowering import lower_qdq
from ferry.stages.common.golden import DOMAIN, GoldenModel, QDiv, float_layers
from ferry.stages.common.quant import dequantize
from ferry.stages.importer import import_model
from tests.test_int8 import FLAGS, _build, _evaluate, _quantized

RNG = np.random.default_rng(11)


def _const(name: str, value: float | np.ndarray) -> onnx.TensorProto:
    return numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)


def _node(op: str, inputs: list[str], output: str, **attrs: object) -> onnx.NodeProto:
    return helper.make_node(op, inputs, [output], name=output, **attrs)


# The forms of hard-swish and hard-sigmoid exporters write, each of conv output `c`, each one table.
HARD_FORMS = {
    "hs_div": [_node("Add", ["c", "three"], "hs_div_a"), _node("Clip", ["hs_div_a", "zero", "six"], "hs_div_r"),
               _node("Mul", ["c", "hs_div_r"], "hs_div_m"), _node("Div", ["hs_div_m", "six"], "hs_div")],
    "hs_mul": [_node("Add", ["c", "three"], "hs_mul_a"), _node("Clip", ["hs_mul_a", "zero", "six"], "hs_mul_r"),
               _node("Mul", ["c", "hs_mul_r"], "hs_mul_m"), _node("Mul", ["hs_mul_m", "sixth"], "hs_mul")],
    "hs_relu": [_node("Add", ["c", "three"], "hs_relu_a"), _node("Relu", ["hs_relu_a"], "hs_relu_r"),
                _node("Clip", ["hs_relu_r", "", "six"], "hs_relu_c"), _node("Mul", ["hs_relu_c", "c"], "hs_relu_m"),
                _node("Div", ["hs_relu_m", "six"], "hs_relu")],
    "hs_op": [_node("HardSwish", ["c"], "hs_op")],
    "hs_op_sigmoid": [_node("HardSigmoid", ["c"], "hs_op_g", alpha=1 / 6),
                      _node("Mul", ["c", "hs_op_g"], "hs_op_sigmoid")],
    "hsig_div": [_node("Add", ["c", "three"], "hsig_a"), _node("Clip", ["hsig_a", "zero", "six"], "hsig_r"),
                 _node("Div", ["hsig_r", "six"], "hsig_div")],
    "silu": [_node("Sigmoid", ["c"], "silu_s"), _node("Mul", ["c", "silu_s"], "silu")],
    "square_root": [_node("Pow", ["c", "two"], "sq_p"), _node("Add", ["sq_p", "one"], "sq_a"),
                    _node("Sqrt", ["sq_a"], "square_root")],
}


def _exporter_style_model() -> onnx.ModelProto:
    """Conv -> every hard-swish form -> summed; tokens: MatMul / sqrt(d), Div of two activations,
    ReduceMean over tokens, Flatten, Gemm."""
    nodes = [_node("Conv", ["x", "w"], "c", pads=[1, 1, 1, 1])]
    for chain in HARD_FORMS.values():
        nodes += chain
    nodes += [
        # concatenated (a sum of them all would be one table of c)
        _node("Concat", list(HARD_FORMS), "forms", axis=1),
        _node("Conv", ["forms", "w_mix"], "mix"),
        _node("Reshape", ["mix", "tokens_shape"], "tokens"),              # [1, 8, 16]: 8 channels as tokens
        _node("Transpose", ["tokens"], "tokens_t", perm=[0, 2, 1]),      # [1, 16, 8]
        _node("MatMul", ["tokens_t", "wq"], "q"),
        _node("MatMul", ["tokens_t", "wk"], "k"),
        _node("Transpose", ["k"], "k_t", perm=[0, 2, 1]),
        _node("MatMul", ["q", "k_t"], "scores"),
        _node("Div", ["scores", "sqrt_d"], "scaled"),                    # attention's / sqrt(d)
        _node("Softmax", ["scaled"], "attention", axis=-1),
        _node("MatMul", ["attention", "tokens_t"], "mixed"),
        _node("ReduceMean", ["mixed", "token_axis"], "pooled", keepdims=0),  # mean over tokens
        _node("ReduceMean", ["mixed", "token_axis"], "pooled_k", keepdims=1),
        _node("Relu", ["pooled_k"], "pooled_r"),
        _node("Add", ["pooled_r", "one"], "pooled_p"),
        _node("Div", ["mixed", "pooled_p"], "ratio"),                    # Div of two activations
        _node("Flatten", ["ratio"], "flat"),
        _node("Gemm", ["flat", "wg", "bg"], "logits", transB=1),
        _node("Concat", ["logits", "pooled"], "y", axis=1),
    ]
    initializers = [
        _const("w", RNG.standard_normal((8, 3, 3, 3)) * 0.4), _const("three", 3.0), _const("zero", 0.0),
        _const("w_mix", RNG.standard_normal((8, 8 * len(HARD_FORMS), 1, 1)) * 0.1),
        _const("six", 6.0), _const("sixth", 1 / 6), _const("two", 2.0), _const("one", 1.0),
        numpy_helper.from_array(np.array([1, 8, 16], np.int64), "tokens_shape"),
        _const("wq", RNG.standard_normal((8, 8)) * 0.4), _const("wk", RNG.standard_normal((8, 8)) * 0.4),
        _const("sqrt_d", np.sqrt(8.0)), numpy_helper.from_array(np.array([1], np.int64), "token_axis"),
        _const("wg", RNG.standard_normal((4, 128)) * 0.1), _const("bg", RNG.standard_normal(4) * 0.1),
    ]
    graph = helper.make_graph(nodes, "exporter_style",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 12])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])


@pytest.fixture(scope="module")
def exporter_package(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("exporter_style")
    samples = RNG.standard_normal((32, 3, 4, 4)).astype(np.float32)
    qdq = _quantized(tmp, _exporter_style_model(), samples)
    manifest, runner = _build(tmp, qdq)
    return tmp, manifest, runner


def test_every_op_has_an_integer_path_bit_exact(exporter_package) -> None:
    tmp, manifest, runner = exporter_package
    comparison = _evaluate(tmp, manifest, runner)
    int8 = comparison.int8
    assert int8 is not None and int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0 and all(layer.cpp_mismatches == 0 for layer in int8.layers)
    nodes = GoldenModel(tmp / "integer.onnx").model.graph.node
    program = {node.name: node.op_type for node in nodes}
    # every hard-swish / hard-sigmoid / SiLU form is one table of the conv output, named for its output
    for name in HARD_FORMS:
        assert program[name] == "QLookup", name
    inner = {node.output[0] for chain in HARD_FORMS.values() for node in chain} - set(HARD_FORMS)
    assert inner.isdisjoint(program)
    # / sqrt(d) folded into the QMatMul's requantization: it writes the divided scores, one rounding
    assert [(n.op_type, list(n.output)) for n in nodes if n.name == "scores"] == [("QMatMul", ["scaled"])]
    assert "scaled" not in program
    assert program["pooled"] == program["pooled_k"] == "QReduce" and program["ratio"] == "QDiv"
    assert program["pooled_p"] == "QLookup"  # ReLU then + 1: one table
    assert int8.sqnr_db_min > 20 and int8.output_sqnr_db > 25  # every layer close to float


def test_integer_paths_use_no_floating_point(exporter_package, tmp_path: Path) -> None:
    package, manifest, _ = exporter_package
    for source in manifest.sources:
        subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(package / "package"), "-c",
                        str(package / "package" / source), "-o", str(tmp_path / "out.o")], check=True)


def _exact_division(a: int, b: int, za: int, zb: int, real: Fraction, zy: int) -> int:
    """The int8 result QDiv promises: y_zp + the quotient rounded half away from zero, saturated."""
    if b == zb:
        return 127 if a > za else -128 if a < za else zy
    q = Fraction(a - za, b - zb) * real
    rounded = int(abs(q) + Fraction(1, 2)) * (1 if q >= 0 else -1)
    return max(-128, min(127, rounded + zy))


@pytest.mark.parametrize("shift", [1, -5, -12, -31])
def test_division_rounds_once_half_away_from_zero(shift: int) -> None:
    a = np.arange(-128, 128, dtype=np.int8).reshape(-1, 1)
    b = np.arange(-128, 128, 5, dtype=np.int8).reshape(1, -1)
    multiplier = 1518500250  # sqrt(2) / 2 · 2^31
    node = helper.make_node("QDiv", ["a", "b"], ["y"], domain=DOMAIN, a_zero_point=3, b_zero_point=-7,
                            multiplier=multiplier, shift=shift, y_zero_point=-2)
    graph = helper.make_graph([node], "div", [helper.make_tensor_value_info(n, TensorProto.INT8, None) for n in "ab"],
                              [helper.make_tensor_value_info("y", TensorProto.INT8, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid(DOMAIN, 1)])
    y = ReferenceEvaluator(model, new_ops=[QDiv]).run(None, {"a": a, "b": b})[0]
    real = Fraction(multiplier, 2**31) * Fraction(2) ** shift
    expected = [[_exact_division(int(i), int(j), 3, -7, real, -2) for j in b[0]] for i in a[:, 0]]
    assert y.tolist() == expected


def _ort_quantized(tmp: Path, model: onnx.ModelProto, samples: np.ndarray) -> onnx.ModelProto:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    onnx.save(model, str(tmp / "float.onnx"))

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.samples = iter([{"x": s[None]} for s in samples])

        def get_next(self) -> dict | None:
            return next(self.samples, None)

    quantize_static(str(tmp / "float.onnx"), str(tmp / "qdq.onnx"), Reader(), quant_format=QuantFormat.QDQ,
                    per_channel=True, activation_type=QuantType.QInt8, weight_type=QuantType.QInt8)
    return onnx.load(str(tmp / "qdq.onnx"))


def test_onnxruntime_qdq_leaves_no_float_layer(tmp_path: Path) -> None:
    """onnxruntime leaves hard-swish's Div and Mul by 1/6 unquantized around its int8 ops and
    puts a Flatten between Q/DQ pairs: each becomes a table or moves int8 data."""
    nodes = [_node("Conv", ["x", "w"], "c", pads=[1, 1, 1, 1]), *HARD_FORMS["hs_div"],
             _node("Flatten", ["hs_div"], "flat"), _node("Gemm", ["flat", "wg", "bg"], "y", transB=1)]
    graph = helper.make_graph(
        nodes, "ort_style", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
        [_const("w", RNG.standard_normal((8, 3, 3, 3)) * 0.4), _const("three", 3.0), _const("zero", 0.0),
         _const("six", 6.0), _const("wg", RNG.standard_normal((4, 128)) * 0.1), _const("bg", np.zeros(4))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    samples = RNG.standard_normal((16, 3, 4, 4)).astype(np.float32)
    qdq = _ort_quantized(tmp_path, model, samples)
    program = lower_qdq(qdq)
    assert float_layers(program) == {}
    onnx.save(program, str(tmp_path / "integer.onnx"))
    golden = GoldenModel(tmp_path / "integer.onnx")
    scale, zero_point = golden.qparams["y"]
    import onnxruntime
    session = onnxruntime.InferenceSession(str(tmp_path / "qdq.onnx"), providers=["CPUExecutionProvider"])
    for sample in samples[:4]:
        x_scale, x_zero_point = golden.qparams["x"]
        x = np.clip(np.rint(sample[None] / x_scale) + x_zero_point, -128, 127).astype(np.int8)
        ours = dequantize(golden.run({"x": x})["y"], scale, zero_point)
        theirs = session.run(None, {"x": sample[None]})[0]
        assert np.abs(ours - theirs).max() <= 2 * scale  # the QDQ model's meaning, within 2 LSB
    generate_package(tmp_path / "qdq.onnx", "m", tmp_path / "package", tmp_path / "integer2.onnx")
    model_cpp = (tmp_path / "package" / "model.cpp").read_text()
    assert "ferry::q::lookup" in model_cpp and "float" not in model_cpp.split("namespace", 1)[1]


def test_onnxruntime_float_island_gets_derived_scales(tmp_path: Path) -> None:
    """onnxruntime leaves `DQ -> Div -> ReduceMean -> Transpose -> Q` (the recognizer's height
    pooling after hard-swish) with no scale on the Div and ReduceMean outputs: the Div becomes a
    table into a scale derived from its 256 values, the mean a QReduce into the Transpose's
    scale, the Transpose moves int8 codes; the result is the QDQ model's meaning within 2 LSB."""
    nodes = [_node("Conv", ["x", "w"], "c", pads=[1, 1, 1, 1]), *HARD_FORMS["hs_div"],
             _node("ReduceMean", ["hs_div"], "pooled", axes=[2], keepdims=0),
             _node("Transpose", ["pooled"], "steps", perm=[0, 2, 1]), _node("MatMul", ["steps", "wm"], "y")]
    graph = helper.make_graph(
        nodes, "ort_island", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, 4])],
        [_const("w", RNG.standard_normal((8, 3, 3, 3)) * 0.4), _const("three", 3.0), _const("zero", 0.0),
         _const("six", 6.0), _const("wm", RNG.standard_normal((8, 4)) * 0.3)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    samples = RNG.standard_normal((16, 3, 4, 6)).astype(np.float32)
    qdq = _ort_quantized(tmp_path, model, samples)
    assert not any(n.op_type == "QuantizeLinear" and n.input[0] in ("hs_div", "pooled") for n in qdq.graph.node)
    program = lower_qdq(qdq)
    assert float_layers(program) == {}
    ops = [(n.op_type, n.name) for n in program.graph.node]
    assert ops[-4:-1] == [("QLookup", "hs_div"), ("QReduce", "pooled"), ("Transpose", "steps")]
    onnx.save(program, str(tmp_path / "integer.onnx"))
    golden = GoldenModel(tmp_path / "integer.onnx")
    x_scale, x_zero_point = golden.qparams["x"]
    scale, zero_point = golden.qparams["y"]
    import onnxruntime
    session = onnxruntime.InferenceSession(str(tmp_path / "qdq.onnx"), providers=["CPUExecutionProvider"])
    for sample in samples[:4]:
        x = np.clip(np.rint(sample[None] / x_scale) + x_zero_point, -128, 127).astype(np.int8)
        ours = dequantize(golden.run({"x": x})["y"], scale, zero_point)
        assert np.abs(ours - session.run(None, {"x": sample[None]})[0]).max() <= 2 * scale


def test_exp_log_reciprocal_reduce_sum_import_and_run_in_int8(tmp_path: Path) -> None:
    """Import accepts Exp, Log, Reciprocal and ReduceSum (fp32 kernels exist); in int8 each
    element-wise op is one table and ReduceSum a QReduce, bit-exact in C++."""
    nodes = [_node("Conv", ["x", "w"], "c", pads=[1, 1, 1, 1]), _node("Exp", ["c"], "e"),
             _node("ReduceSum", ["e", "axes"], "s", keepdims=1), _node("Log", ["s"], "l"),
             _node("Relu", ["c"], "r"), _node("Add", ["r", "one"], "r1"), _node("Reciprocal", ["r1"], "inv"),
             _node("Mul", ["inv", "l"], "y")]
    graph = helper.make_graph(
        nodes, "exp_log", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 4, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 4, 4])],
        [_const("w", RNG.standard_normal((4, 3, 3, 3)) * 0.3), _const("one", 1.0),
         numpy_helper.from_array(np.array([1], np.int64), "axes")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    samples = RNG.standard_normal((16, 3, 4, 4)).astype(np.float32)
    qdq = _quantized(tmp_path, model, samples)
    manifest, runner = _build(tmp_path, qdq)
    int8 = _evaluate(tmp_path, manifest, runner).int8
    assert int8 is not None and int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0
    program = {n.name: n.op_type for n in GoldenModel(tmp_path / "integer.onnx").model.graph.node}
    assert (program["e"], program["s"], program["l"], program["inv"]) == ("QLookup", "QReduce", "QLookup", "QLookup")
    assert int8.output_sqnr_db > 25


def _qdq_pair(name: str, scale: float, zero_point: int) -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
    """`name` -Q-> `name`_q -DQ-> `name`_dq, int8 per tensor."""
    nodes = [helper.make_node("QuantizeLinear", [name, f"{name}_s", f"{name}_z"], [f"{name}_q"], name=f"{name}_Q"),
             helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_s", f"{name}_z"], [f"{name}_dq"],
                              name=f"{name}_DQ")]
    return nodes, [_const(f"{name}_s", scale), numpy_helper.from_array(np.array(zero_point, np.int8), f"{name}_z")]


def test_sum_of_three_is_two_int8_adds(tmp_path: Path) -> None:
    """Sum(x, relu(x), tanh(x)) in a QDQ model: two QAdds through a partial sum in the output's
    scale, within 2 LSB of onnxruntime running the QDQ model (n - 1 roundings)."""
    import onnxruntime

    qparams = {"x": (0.03, 5), "r": (0.02, -128), "t": (1 / 128, 0), "y": (0.05, -40)}
    initializers = [t for name, (s, z) in qparams.items() for t in _qdq_pair(name, s, z)[1]]
    nodes = _qdq_pair("x", *qparams["x"])[0]
    rest = [helper.make_node("Relu", ["x_dq"], ["r"], name="relu"), *_qdq_pair("r", *qparams["r"])[0],
            helper.make_node("Tanh", ["x_dq"], ["t"], name="tanh"), *_qdq_pair("t", *qparams["t"])[0],
            helper.make_node("Sum", ["x_dq", "r_dq", "t_dq"], ["y_float"], name="sum"),
            helper.make_node("QuantizeLinear", ["y_float", "y_s", "y_z"], ["y_q"], name="y_Q"),
            helper.make_node("DequantizeLinear", ["y_q", "y_s", "y_z"], ["y"], name="y_DQ")]
    graph = helper.make_graph(nodes + rest, "sum", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 64])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 64])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    program = lower_qdq(model)
    ops = [(n.op_type, n.name) for n in program.graph.node]
    assert ops == [("QLookup", "relu"), ("QLookup", "tanh"), ("QAdd", "sum_partial1"), ("QAdd", "sum")]
    onnx.save(program, str(tmp_path / "integer.onnx"))
    onnx.save(model, str(tmp_path / "qdq.onnx"))
    x = RNG.uniform(-3.9, 3.6, (2, 64)).astype(np.float32)
    theirs = onnxruntime.InferenceSession(str(tmp_path / "qdq.onnx"), providers=["CPUExecutionProvider"]).run(
        None, {"x": x})[0]
    golden = GoldenModel(tmp_path / "integer.onnx")
    ours = dequantize(golden.run({"x": np.clip(np.rint(x / np.float32(0.03)) + 5, -128, 127).astype(np.int8)})["y"],
                      0.05, -40)
    assert np.abs(ours - theirs).max() <= 2 * 0.05 + 1e-6


def test_simulator_counts_equal_the_counting_build(exporter_package, tmp_path: Path) -> None:
    """stages/simulate's model of the new kernels (divide, reduce_sum, chain tables) equals what
    the instrumented C++ reads, writes and multiplies, layer by layer."""
    from tests.test_simulate import _assert_counts_equal

    package, _, _ = exporter_package
    assert _assert_counts_equal(package / "package", tmp_path) >= 25


def _conv1d_model() -> onnx.ModelProto:
    """A temporal network as TC-ResNet's exporters write it: 1-D convolutions (strided, padded,
    dilated, depthwise), a residual Add, mean over time, Gemm."""
    channels, length = 6, 24
    nodes = [
        _node("Conv", ["x", "w1", "b1"], "c1", kernel_shape=[3], pads=[1, 1], strides=[2]),
        _node("Relu", ["c1"], "r1"),
        _node("Conv", ["r1", "w2", "b2"], "c2", kernel_shape=[3], pads=[2, 2], dilations=[2], group=channels),
        _node("Add", ["c2", "r1"], "sum"),
        _node("Relu", ["sum"], "r2"),
        _node("ReduceMean", ["r2", "time"], "pooled", keepdims=0),
        _node("Gemm", ["pooled", "wf", "bf"], "y", transB=1),
    ]
    initializers = [
        _const("w1", RNG.standard_normal((channels, 4, 3)) * 0.4), _const("b1", RNG.standard_normal(channels) * 0.1),
        _const("w2", RNG.standard_normal((channels, 1, 3)) * 0.5), _const("b2", RNG.standard_normal(channels) * 0.1),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "time"),
        _const("wf", RNG.standard_normal((5, channels)) * 0.3), _const("bf", np.zeros(5)),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, length])]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5])]
    graph = helper.make_graph(nodes, "temporal", inputs, outputs, initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])


def test_conv1d_runs_as_a_2d_convolution_in_integers(tmp_path: Path) -> None:
    """A 1-D Conv becomes a 2-D Conv of height 1 between Unsqueeze and Squeeze at import: the same
    float values, and an int8 program with no float layer, equal to the golden model."""
    model = _conv1d_model()
    source = tmp_path / "float.onnx"
    onnx.save(model, str(source))
    imported, summary = import_model(source, "m", {})
    assert summary.removed["conv1d_as_conv2d"] == 2
    convs = [n for n in imported.graph.node if n.op_type == "Conv"]
    assert [list(helper.get_attribute_value(a)) for a in convs[1].attribute if a.name == "pads"] == [[0, 2, 0, 2]]
    samples = RNG.standard_normal((32, 1, 4, 24)).astype(np.float32)
    original, rewritten = ReferenceEvaluator(model), ReferenceEvaluator(imported)
    for sample in samples[:4]:
        expected = original.run(None, {"x": sample})[0]
        np.testing.assert_allclose(rewritten.run(None, {"x": sample})[0], expected, rtol=1e-5, atol=1e-6)
    qdq = _quantized(tmp_path, model, samples[:, 0])
    manifest, runner = _build(tmp_path, qdq)
    int8 = _evaluate(tmp_path, manifest, runner).int8
    assert int8 is not None and int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0 and all(layer.cpp_mismatches == 0 for layer in int8.layers)
    program = [node.op_type for node in GoldenModel(tmp_path / "integer.onnx").model.graph.node]
    assert program.count("QConv") == 2
