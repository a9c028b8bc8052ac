"""The import stage on models shaped like what PyTorch, tf2onnx and paddle2onnx write.

Each exporter-style model must import to a static, opset >= 13 graph without Constant, Identity,
Dropout or Shape nodes, compute what the original computes (onnxruntime on both), and then go
through codegen, g++ and the host runner to the same numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from ferry.core.errors import FerryError
from ferry.stages.codegen import generate_package
from ferry.stages.codegen.kernel_call import LOWERINGS
from ferry.stages.common.graph import GraphView, default_opset, static_shape
from ferry.stages.common.ops import MIN_OPSET
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.toolchain.hostrun import run_samples
from tests import onnx_builders as builders

FLAGS = ["-std=c++17", "-O0", "-Wall", "-Wextra", "-Werror"]


# -- helpers ------------------------------------------------------------------------------------


def ort_run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(model.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, feeds)))


def random_feeds(model: onnx.ModelProto, seed: int = 0) -> dict[str, np.ndarray]:
    """Random float32 inputs for every graph input of an imported (static) model."""
    rng = np.random.default_rng(seed)
    initializers = {t.name for t in model.graph.initializer}
    return {
        i.name: rng.standard_normal(static_shape(i)).astype(np.float32)
        for i in model.graph.input if i.name not in initializers
    }


def require_lowerings(model: onnx.ModelProto) -> None:
    """Skip (while the op lowerings are being written) when one of the model's ops has none."""
    missing = sorted({n.op_type for n in model.graph.node} - set(LOWERINGS))
    if missing:
        pytest.skip(f"no lowering yet for {', '.join(missing)}")


def build_and_run(model: onnx.ModelProto, name: str, work: Path,
                  samples: list[dict[str, np.ndarray]]) -> list[dict[str, np.ndarray]]:
    """codegen -> g++ -> runner on an imported model."""
    require_lowerings(model)
    onnx.save(model, str(work / "imported.onnx"))
    manifest = generate_package(work / "imported.onnx", name, work / "package")
    runner = build_host(work / "package", work / "build", "g++", FLAGS)
    return run_samples(runner, manifest, samples)


def save(model: onnx.ModelProto, path: Path) -> Path:
    onnx.save(model, str(path))
    return path


# -- exporter styles ----------------------------------------------------------------------------

# builder, input_shapes, BatchNorms after a Conv that must be folded, expected output shape
EXPORTERS = {
    "pytorch": (builders.pytorch_style, {"input": [2, 3, 8, 8]}, 1, {"output": [2, 5]}),
    "tf2onnx": (builders.tf2onnx_style, {"input_1:0": [3, 6, 6, 3]}, 0, {"dense:0": [3, 4]}),
    "paddle2onnx": (builders.paddle2onnx_style, {"x": [2, 3, 7, 5]}, 1,
                    {"linear_0.tmp_1": [2, 5]}),
}


@pytest.fixture(params=sorted(EXPORTERS))
def exported(request, tmp_path):
    build, shapes, batchnorms, outputs = EXPORTERS[request.param]
    original = build()
    model, summary = import_model(save(original, tmp_path / "model.onnx"), request.param, shapes)
    return request.param, original, model, summary, shapes, batchnorms, outputs


def test_exporter_import_is_static_and_clean(exported):
    style, _original, model, summary, shapes, batchnorms, outputs = exported
    assert default_opset(model) >= MIN_OPSET >= 13
    assert summary.opset == default_opset(model)
    ops = [n.op_type for n in model.graph.node]
    for banned in ("Constant", "Identity", "Dropout", "Shape", "Gather", "Concat",
                   "BatchNormalization"):
        assert banned not in ops, f"{style}: {banned} left after import: {ops}"
    # every tensor of the graph has a static shape, inputs and outputs as fixed by input_shapes
    view = GraphView(model)
    for node in model.graph.node:
        for name in [*node.input, *node.output]:
            if name:
                assert view.has_static_shape(name), f"{style}: '{name}' is not static"
    assert {i.name: list(static_shape(i)) for i in model.graph.input} == shapes
    assert {o.name: list(static_shape(o)) for o in model.graph.output} == outputs
    assert summary.inputs == shapes and summary.outputs == outputs
    # weights live in initializers, not graph inputs
    assert [i.name for i in model.graph.input] == list(shapes)
    assert summary.removed["batchnorm_folded"] == batchnorms
    # the Conv that absorbed the BatchNorm now has a bias
    if batchnorms:
        conv = next(n for n in model.graph.node if n.op_type == "Conv")
        assert len(conv.input) == 3 and view.is_constant(conv.input[2])
    # Reshapes take a constant target shape: the Shape->Gather->Concat chain is folded
    for node in model.graph.node:
        if node.op_type == "Reshape":
            assert view.is_constant(node.input[1])
    onnx.checker.check_model(model, full_check=True)


def test_exporter_import_keeps_numbers(exported):
    style, original, model, *_ = exported
    for seed in range(3):
        feeds = random_feeds(model, seed)
        want = ort_run(original, feeds)
        got = ort_run(model, feeds)
        assert set(got) == set(want)
        for name in want:
            assert got[name].shape == want[name].shape
            np.testing.assert_allclose(got[name], want[name], rtol=0, atol=1e-5,
                                       err_msg=f"{style}: output '{name}'")


def test_exporter_model_runs_as_cpp(exported, tmp_path):
    style, original, model, *_ = exported
    samples = [random_feeds(model, seed) for seed in (10, 11)]
    results = build_and_run(model, style, tmp_path, samples)
    for sample, got in zip(samples, results):
        want = ort_run(original, sample)
        assert set(got) == set(want)
        for name in want:
            np.testing.assert_allclose(got[name], want[name], rtol=0, atol=1e-4,
                                       err_msg=f"{style}: output '{name}'")


def test_batchnorm_kept_when_not_folding(tmp_path):
    original = builders.pytorch_style()
    model, summary = import_model(save(original, tmp_path / "m.onnx"), "pt",
                                  {"input": [1, 3, 8, 8]}, fold_bn=False)
    assert [n.op_type for n in model.graph.node].count("BatchNormalization") == 1
    assert summary.removed["batchnorm_folded"] == 0
    feeds = random_feeds(model)
    np.testing.assert_allclose(ort_run(model, feeds)["output"], ort_run(original, feeds)["output"],
                               rtol=0, atol=1e-5)


def test_batchnorm_folds_into_gemm(tmp_path):
    """Gemm (transB 0 and 1, alpha, beta, C) followed by BatchNormalization."""
    rng = np.random.default_rng(7)
    for trans_b in (0, 1):
        w = builders.weights(rng, *((6, 5) if trans_b else (5, 6)))
        inits = [numpy_helper.from_array(w, "w"),
                 numpy_helper.from_array(builders.weights(rng, 6), "c")]
        inits += [numpy_helper.from_array(v, n) for v, n in
                  zip(builders.batchnorm_params(rng, 6), ("g", "b", "m", "v"))]
        graph = helper.make_graph(
            [helper.make_node("Gemm", ["x", "w", "c"], ["z"], name="fc", transB=trans_b,
                              alpha=0.7, beta=1.3),
             helper.make_node("BatchNormalization", ["z", "g", "b", "m", "v"], ["y"], name="bn",
                              epsilon=1e-3)],
            "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 5])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 6])], inits)
        original = builders.make(graph, 15, "test", "0")
        model, summary = import_model(save(original, tmp_path / "g.onnx"), "g", {})
        assert [n.op_type for n in model.graph.node] == ["Gemm"]
        assert summary.removed["batchnorm_folded"] == 1
        feeds = random_feeds(model)
        np.testing.assert_allclose(ort_run(model, feeds)["y"], ort_run(original, feeds)["y"],
                                   rtol=0, atol=1e-5)


def test_two_convs_sharing_a_weight_fold_separately(tmp_path):
    """Each Conv+BN gets its own folded weight; the shared original is not modified twice."""
    rng = np.random.default_rng(8)
    inits = [numpy_helper.from_array(builders.weights(rng, 3, 3, 1, 1), "w")]
    nodes = []
    for i in (1, 2):
        inits += [numpy_helper.from_array(v, f"{n}{i}") for v, n in
                  zip(builders.batchnorm_params(rng, 3), ("g", "b", "m", "v"))]
        nodes += [helper.make_node("Conv", ["x", "w"], [f"c{i}"], name=f"conv{i}"),
                  helper.make_node("BatchNormalization", [f"c{i}", f"g{i}", f"b{i}", f"m{i}",
                                                          f"v{i}"], [f"y{i}"], name="")]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 2, 2])],
        [helper.make_tensor_value_info(f"y{i}", TensorProto.FLOAT, [1, 3, 2, 2]) for i in (1, 2)],
        inits)
    original = builders.make(graph, 17, "test", "0")
    model, summary = import_model(save(original, tmp_path / "s.onnx"), "s", {})
    assert summary.removed["batchnorm_folded"] == 2
    assert [n.op_type for n in model.graph.node] == ["Conv", "Conv"]
    feeds = random_feeds(model)
    want, got = ort_run(original, feeds), ort_run(model, feeds)
    for name in want:
        np.testing.assert_allclose(got[name], want[name], rtol=0, atol=1e-5)


def test_identity_between_outputs_becomes_a_copy(tmp_path):
    """A model returning one tensor twice (torch writes an Identity) still imports and runs."""
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu"),
         helper.make_node("Identity", ["y"], ["y_again"], name="alias"),
         helper.make_node("Identity", ["x"], ["x_again"], name="echo")],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 4])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["n", 4])
         for n in ("y", "y_again", "x_again")])
    model, _ = import_model(save(builders.make(graph, 17, "test", "0"), tmp_path / "i.onnx"),
                            "i", {"x": [2, 4]})
    ops = [n.op_type for n in model.graph.node]
    assert "Identity" not in ops and "Shape" not in ops
    feeds = random_feeds(model)
    got = build_and_run(model, "i", tmp_path, [feeds])[0]
    np.testing.assert_array_equal(got["y"], np.maximum(feeds["x"], 0))
    np.testing.assert_array_equal(got["y_again"], np.maximum(feeds["x"], 0))
    np.testing.assert_array_equal(got["x_again"], feeds["x"])


def test_constant_outputs_are_still_written(tmp_path):
    """Outputs computable at import time (an initializer, an op or an Identity of constants)
    are written by the generated code, not folded away from it."""
    table = np.array([[1.0, -2.0, 3.0, -4.0]], np.float32)
    inits = [numpy_helper.from_array(table, "table"), numpy_helper.from_array(table, "bias")]
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "bias"], ["y"], name="add"),
         helper.make_node("Relu", ["bias"], ["relu_of_const"], name="relu"),
         helper.make_node("Identity", ["bias"], ["alias_of_const"], name="alias")],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 4])
         for n in ("y", "table", "relu_of_const", "alias_of_const")],
        inits)
    model, _ = import_model(save(builders.make(graph, 17, "test", "0"), tmp_path / "k.onnx"),
                            "k", {})
    produced = {name for node in model.graph.node for name in node.output}
    assert {"y", "table", "relu_of_const", "alias_of_const"} <= produced
    feeds = random_feeds(model)
    got = build_and_run(model, "k", tmp_path, [feeds])[0]
    np.testing.assert_array_equal(got["y"], feeds["x"] + table)
    np.testing.assert_array_equal(got["table"], table)
    np.testing.assert_array_equal(got["relu_of_const"], np.maximum(table, 0))
    np.testing.assert_array_equal(got["alias_of_const"], table)


def test_dropout_in_training_mode_is_not_removed(tmp_path):
    inits = [numpy_helper.from_array(np.array(0.5, np.float32), "ratio"),
             numpy_helper.from_array(np.array(True), "training")]
    graph = helper.make_graph(
        [helper.make_node("Dropout", ["x", "ratio", "training"], ["y"], name="drop")],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], inits)
    path = save(builders.make(graph, 17, "test", "0"), tmp_path / "d.onnx")
    with pytest.raises(FerryError, match=r"Dropout \(drop\)"):
        import_model(path, "d", {})


# -- refusals -----------------------------------------------------------------------------------


def test_unsupported_ops_listed_in_one_error(tmp_path):
    path = save(builders.unsupported_ops_model(), tmp_path / "bad.onnx")
    with pytest.raises(FerryError) as caught:
        import_model(path, "bad", {})
    message = str(caught.value)
    assert str(path) in message
    assert "4 unsupported op type(s)" in message
    assert "\n" not in message
    assert message.split("unsupported op type(s): ")[1].split("; ") == [
        "LSTM (encoder/lstm_1, encoder/lstm_2)", "NonMaxSuppression (head/nms)", "TopK (head/topk)",
        "com.example.FancyNorm (custom/fancy, custom/fancy_again)"]
    # supported nodes of the same model are not mentioned
    assert "relu_in" not in message and "squeeze" not in message


def test_missing_input_shape_names_the_input(tmp_path):
    path = save(builders.pytorch_style(), tmp_path / "m.onnx")
    with pytest.raises(FerryError, match=r"input\[batch_size,3,8,8\]"):
        import_model(path, "m", {})
    two = save(builders.dynamic_two_input_model(), tmp_path / "two.onnx")
    with pytest.raises(FerryError) as caught:
        import_model(two, "two", {"a": [3, 4]})
    message = str(caught.value)
    assert "b[N,4]" in message and "a[" not in message
    model, _ = import_model(two, "two", {"a": [3, 4], "b": [3, 4]})
    assert [list(static_shape(i)) for i in model.graph.input] == [[3, 4], [3, 4]]


def test_paddle_dynamic_spatial_dims_need_values(tmp_path):
    path = save(builders.paddle2onnx_style(), tmp_path / "p.onnx")
    dims = r"x\[p2o\.DynamicDimension\.0,3,p2o\.DynamicDimension\.1,-1\]"
    with pytest.raises(FerryError, match=dims):
        import_model(path, "p", {})


def test_wrong_input_shapes(tmp_path):
    path = save(builders.pytorch_style(), tmp_path / "m.onnx")
    with pytest.raises(FerryError, match=r"'inptu'.*\['input'\]"):
        import_model(path, "m", {"inptu": [1, 3, 8, 8]})
    with pytest.raises(FerryError, match="rank 4"):
        import_model(path, "m", {"input": [1, 3, 8]})
    with pytest.raises(FerryError, match="fixed shape"):
        import_model(path, "m", {"input": [1, 3, 9, 8]})
    with pytest.raises(FerryError, match="positive integer"):
        import_model(path, "m", {"input": [0, 3, 8, 8]})
    with pytest.raises(FerryError, match="positive integer"):
        import_model(path, "m", {"input": [-1, 3, 8, 8]})


@pytest.mark.parametrize("content", [
    b"",  # parses as an empty ModelProto: the checker refuses it
    b"this is not a protobuf \xff\xfe\x00\x01",
    b"truncated",  # replaced below by the first half of a real model
])
def test_corrupt_file(tmp_path, content):
    if content == b"truncated":
        data = builders.pytorch_style().SerializeToString()
        content = data[: len(data) // 2]
    path = tmp_path / "corrupt.onnx"
    path.write_bytes(content)
    with pytest.raises(FerryError) as caught:
        import_model(path, "c", {"input": [1, 3, 8, 8]})
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(FerryError, match="not a readable ONNX model"):
        import_model(tmp_path / "nope.onnx", "n", {})


def test_external_data_is_refused(tmp_path):
    model = builders.pytorch_style()
    path = tmp_path / "ext.onnx"
    onnx.save(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
              location="ext.onnx.data", size_threshold=0)
    assert (tmp_path / "ext.onnx.data").exists()
    with pytest.raises(FerryError, match=r"initializer '.*' keeps its data in an external file"):
        import_model(path, "ext", {"input": [1, 3, 8, 8]})


def test_external_data_in_constant_node_is_refused(tmp_path, monkeypatch):
    """A Constant node naming a file must not make import read that file."""
    (tmp_path / "secret.bin").write_bytes(np.arange(4, dtype=np.float32).tobytes())
    value = onnx.TensorProto(name="c", data_type=TensorProto.FLOAT, dims=[4],
                             data_location=TensorProto.EXTERNAL)
    value.external_data.add(key="location", value="secret.bin")
    graph = helper.make_graph(
        [helper.make_node("Constant", [], ["c"], name="k", value=value),
         helper.make_node("Add", ["x", "c"], ["y"], name="add")],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    path = tmp_path / "k.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FerryError, match="node 'k' keeps its data in an external file"):
        import_model(path, "k", {})


# -- summary ------------------------------------------------------------------------------------


def test_summary_costs_by_hand(tmp_path):
    path = save(builders.costed_model(), tmp_path / "c.onnx")
    _, summary = import_model(path, "costed", {})
    # conv: out 1*4*8*8 = 256 elements, each 3*3*3 = 27 MACs; BN folding adds a 4-element bias
    # fc: Gemm [1,256] x [256,10]^T: 10 outputs of 256 MACs; weights 2560 + bias 10
    # proj: MatMul [1,10] x [10,6]: 6 outputs of 10 MACs; proj_bias: 6 constant elements
    expected = [
        ("conv", "Conv", [[1, 3, 8, 8], [4, 3, 3, 3], [4]], [[1, 4, 8, 8]], 4 * 27 + 4, 256 * 27),
        ("relu", "Relu", [[1, 4, 8, 8]], [[1, 4, 8, 8]], 0, 0),
        ("flatten", "Flatten", [[1, 4, 8, 8]], [[1, 256]], 0, 0),
        ("fc", "Gemm", [[1, 256], [10, 256], [10]], [[1, 10]], 2570, 2560),
        ("proj", "MatMul", [[1, 10], [10, 6]], [[1, 6]], 60, 60),
        ("proj_bias", "Add", [[1, 6], [6]], [[1, 6]], 6, 0),
    ]
    got = [(n.name, n.op, n.inputs, n.outputs, n.params, n.macs) for n in summary.nodes]
    assert got == expected
    assert summary.total_params == 112 + 2570 + 60 + 6 == 2748
    assert summary.total_macs == 6912 + 2560 + 60 == 9532
    assert summary.ops == {"Add": 1, "Conv": 1, "Flatten": 1, "Gemm": 1, "MatMul": 1, "Relu": 1}
    assert summary.inputs == {"x": [1, 3, 8, 8]} and summary.outputs == {"y": [1, 6]}
    assert summary.opset == 17 and summary.model == "costed"
    assert summary.removed == {"constant_nodes": 0, "passthrough": 0, "folded_nodes": 0,
                               "batchnorm_folded": 1, "pad_folded_into_conv": 0, "conv1d_as_conv2d": 0,
                               "layer_norms_fused": 0,
                               "gelus_fused": 0}


def test_summary_without_folding_counts_batchnorm(tmp_path):
    path = save(builders.costed_model(), tmp_path / "c.onnx")
    _, summary = import_model(path, "costed", {}, fold_bn=False)
    by_name = {n.name: n for n in summary.nodes}
    assert (by_name["conv"].params, by_name["conv"].macs) == (108, 6912)
    assert (by_name["bn"].params, by_name["bn"].macs) == (4 * 4, 0)
    assert summary.total_params == 108 + 16 + 2570 + 60 + 6
    assert summary.total_macs == 9532


def test_summary_scales_with_batch(tmp_path):
    path = save(builders.pytorch_style(), tmp_path / "m.onnx")
    _, summary = import_model(path, "pt", {"input": [3, 3, 8, 8]})
    by_op = {n.op: n for n in summary.nodes}
    # Conv: 3*4*8*8 outputs x 27; Gemm: [3,64] x [64,5]^T = 15 outputs x 64
    assert by_op["Conv"].macs == 3 * 4 * 8 * 8 * 27
    assert by_op["Conv"].params == 4 * 27 + 4
    assert by_op["Gemm"].macs == 3 * 5 * 64 and by_op["Gemm"].params == 5 * 64 + 5
    assert by_op["MaxPool"].outputs == [[3, 4, 4, 4]]
    assert summary.total_macs == 3 * 4 * 8 * 8 * 27 + 3 * 5 * 64
    assert summary.removed["passthrough"] == 2


def test_manifest_macs_match_summary(tmp_path):
    model, summary = import_model(save(builders.costed_model(), tmp_path / "c.onnx"), "c", {})
    require_lowerings(model)
    manifest = generate_package(save(model, tmp_path / "i.onnx"), "c", tmp_path / "package")
    assert manifest.macs == summary.total_macs
    assert manifest.nodes == len(summary.nodes)
    assert manifest.weights_bytes == 4 * summary.total_params


def test_conv1d_branches_and_chains_import_as_valid_2d_programs(tmp_path: Path) -> None:
    """Two 1-D Convs reading one tensor share its Unsqueeze; a Conv reading another Conv's output
    directly gets names of its own: the rewritten graph is valid and computes the same values."""
    rng = np.random.default_rng(5)
    weights = [numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)
               for name, shape in (("wa", (4, 3, 3)), ("wb", (4, 3, 1)), ("wc", (4, 4, 3)))]
    nodes = [helper.make_node("Conv", ["x", "wa"], ["a"], pads=[1, 1]),
             helper.make_node("Conv", ["x", "wb"], ["b"]),
             helper.make_node("Conv", ["a", "wc"], ["c"], pads=[1, 1]),
             helper.make_node("Add", ["b", "c"], ["y"])]
    graph = helper.make_graph(nodes, "branches", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 10])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 10])], weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(tmp_path / "branches.onnx"))
    imported, summary = import_model(tmp_path / "branches.onnx", "branches", {})
    assert summary.removed["conv1d_as_conv2d"] == 3
    assert [n.op_type for n in imported.graph.node].count("Unsqueeze") == 2  # x once, a once
    x = rng.standard_normal((1, 3, 10)).astype(np.float32)
    expected = ReferenceEvaluator(model).run(None, {"x": x})[0]
    np.testing.assert_allclose(ReferenceEvaluator(imported).run(None, {"x": x})[0], expected, rtol=1e-5, atol=1e-5)


def _padded_conv(rng: np.random.Generator, pads: list[int], value: float = 0.0, mode: str = "constant",
                 opset: int = 17, second_reader: bool = False) -> onnx.ModelProto:
    """x -> Pad(pads, value, mode) -> Conv 3x3 (pads 1, stride 2) -> y, and optionally the Pad's
    output read by a second node too."""
    inits = [numpy_helper.from_array(builders.weights(rng, 4, 3, 3, 3), "w"),
             numpy_helper.from_array(np.array(pads, dtype=np.int64), "pads"),
             numpy_helper.from_array(np.array(value, dtype=np.float32), "value")]
    nodes = [helper.make_node("Pad", ["x", "pads", "value"], ["padded"], name="pad", mode=mode),
             helper.make_node("Conv", ["padded", "w"], ["y"], name="conv", pads=[1, 1, 1, 1], strides=[2, 2])]
    padded = [1, 3 + pads[1] + pads[5], 9 + pads[2] + pads[6], 10 + pads[3] + pads[7]]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                             [1, 4, (padded[2] - 1) // 2 + 1, (padded[3] - 1) // 2 + 1])]
    if second_reader:
        nodes.append(helper.make_node("Relu", ["padded"], ["r"], name="relu"))
        outputs.append(helper.make_tensor_value_info("r", TensorProto.FLOAT, padded))
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 10])],
                              outputs, inits)
    return builders.make(graph, opset, "test", "0")


def test_a_zero_pad_before_a_conv_becomes_its_padding(tmp_path):
    """TensorFlow's `same` padding of a strided conv, as converters write it: an asymmetric zero
    Pad of H and W. Import folds it into the Conv's pads and the outputs stay the same."""
    rng = np.random.default_rng(21)
    original = _padded_conv(rng, [0, 0, 0, 1, 0, 0, 2, 3])
    model, summary = import_model(save(original, tmp_path / "p.onnx"), "p", {})
    assert summary.removed["pad_folded_into_conv"] == 1
    assert [n.op_type for n in model.graph.node] == ["Conv"]
    conv = model.graph.node[0]
    assert conv.input[0] == "x"
    assert next(a.ints for a in conv.attribute if a.name == "pads") == [1, 2, 3, 4]
    feeds = random_feeds(model)
    np.testing.assert_allclose(ort_run(model, feeds)["y"], ort_run(original, feeds)["y"], rtol=0, atol=1e-5)


@pytest.mark.parametrize("case", ["non-zero value", "reflect", "channels padded", "cropping", "second reader"])
def test_a_pad_that_is_not_conv_padding_stays(tmp_path, case):
    rng = np.random.default_rng(22)
    original = {
        "non-zero value": lambda: _padded_conv(rng, [0, 0, 1, 1, 0, 0, 1, 1], value=1.0),
        "reflect": lambda: _padded_conv(rng, [0, 0, 1, 1, 0, 0, 1, 1], mode="reflect"),
        "channels padded": lambda: _padded_conv(rng, [0, 1, 1, 1, 0, 0, 1, 1]),
        "cropping": lambda: _padded_conv(rng, [0, 0, -1, 1, 0, 0, 1, 1]),
        "second reader": lambda: _padded_conv(rng, [0, 0, 1, 1, 0, 0, 1, 1], second_reader=True),
    }[case]()
    if case == "channels padded":  # the conv then reads 4 channels
        original.graph.initializer[0].CopyFrom(numpy_helper.from_array(builders.weights(rng, 4, 4, 3, 3), "w"))
    model, summary = import_model(save(original, tmp_path / "p.onnx"), "p", {})
    assert summary.removed["pad_folded_into_conv"] == 0
    assert "Pad" in [n.op_type for n in model.graph.node]
    feeds = random_feeds(model)
    want, got = ort_run(original, feeds), ort_run(model, feeds)
    for name in want:
        np.testing.assert_allclose(got[name], want[name], rtol=0, atol=1e-5)
