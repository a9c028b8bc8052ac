"""The transformer example in float: import fuses LayerNorm and GELU; the C++ matches onnxruntime."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.stages.importer import import_model
from tests.conftest import ROOT, run_doit

MODELS = ROOT / "models"
EXPORTS = {17: MODELS / "digits_vit_opset17.onnx", 13: MODELS / "digits_vit_opset13.onnx"}


def _ops(model: onnx.ModelProto) -> Counter:
    return Counter(node.op_type for node in model.graph.node)


def _run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})[0]


@pytest.mark.parametrize("opset", [17, 13])
def test_both_exports_import_to_one_layer_norm_and_one_gelu_op_each(opset: int) -> None:
    model, summary = import_model(EXPORTS[opset], "vit", {"input": [1, 1, 8, 8]})
    ops = _ops(model)
    assert ops["LayerNormalization"] == 5 and ops["Gelu"] == 2
    assert not {"Erf", "Pow", "Sqrt", "ReduceMean", "Div", "Sub"} & set(ops)
    assert summary.removed["gelus_fused"] == 2
    assert summary.removed["layer_norms_fused"] == (5 if opset == 13 else 0)
    assert model.opset_import[0].version == 20  # Gelu's first opset
    names = {n.name for n in model.graph.node}
    assert "/blocks/blocks.0/norm1/LayerNormalization" in names
    assert "/blocks/blocks.1/mlp/mlp.1/Gelu" in names
    x = np.load(MODELS / "digits_val.npz")["x"][:8]
    original = onnx.load(str(EXPORTS[opset]))
    for sample in x:
        np.testing.assert_allclose(_run(model, sample[None]), _run(original, sample[None]),
                                   rtol=0, atol=1e-5)


def _gelu_graph(order: str) -> onnx.ModelProto:
    """GELU written out as exporters do, in one of three orders of the final products."""
    nodes = [helper.make_node("Div", ["x", "sqrt2"], ["s"], name="/act/Div")
             if order != "mul_inverse" else
             helper.make_node("Mul", ["x", "inv_sqrt2"], ["s"], name="/act/Mul_0"),
             helper.make_node("Erf", ["s"], ["e"], name="/act/Erf"),
             helper.make_node("Add", ["e", "one"], ["a"], name="/act/Add")]
    if order == "half_first":  # (x * 0.5) * (1 + erf)
        nodes += [helper.make_node("Mul", ["x", "half"], ["h"], name="/act/Mul_1"),
                  helper.make_node("Mul", ["h", "a"], ["y"], name="/act/Mul_2")]
    else:  # (x * (1 + erf)) * 0.5
        nodes += [helper.make_node("Mul", ["x", "a"], ["m"], name="/act/Mul_1"),
                  helper.make_node("Mul", ["m", "half"], ["y"], name="/act/Mul_2")]
    constants = {"sqrt2": np.sqrt(2.0), "inv_sqrt2": 1 / np.sqrt(2.0), "one": 1.0, "half": 0.5}
    graph = helper.make_graph(
        nodes, "gelu", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 5])],
        [numpy_helper.from_array(np.array(v, np.float32), k) for k, v in constants.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


@pytest.mark.parametrize("order", ["div_then_half", "mul_inverse", "half_first"])
def test_gelu_chains_fuse_and_keep_their_values(order: str, tmp_path: Path) -> None:
    source = _gelu_graph(order)
    onnx.save(source, str(tmp_path / "gelu.onnx"))
    model, _ = import_model(tmp_path / "gelu.onnx", "gelu", {})
    assert [(n.op_type, n.name) for n in model.graph.node] == [("Gelu", "/act/Gelu")]
    x = np.linspace(-4, 4, 10, dtype=np.float32).reshape(2, 5)
    np.testing.assert_allclose(_run(model, x), _run(source, x), rtol=0, atol=1e-6)


def test_a_chain_whose_intermediate_is_read_elsewhere_is_not_fused(tmp_path: Path) -> None:
    source = _gelu_graph("div_then_half")
    source.graph.output.append(helper.make_tensor_value_info("e", TensorProto.FLOAT, [2, 5]))
    onnx.save(source, str(tmp_path / "gelu.onnx"))
    model, summary = import_model(tmp_path / "gelu.onnx", "gelu", {})
    assert summary.removed["gelus_fused"] == 0
    assert _ops(model) == Counter({"Mul": 2, "Div": 1, "Erf": 1, "Add": 1})


def test_layer_norm_without_affine_and_with_a_squaring_mul_fuses(tmp_path: Path) -> None:
    nodes = [helper.make_node("ReduceMean", ["x"], ["mean"], axes=[-2, -1], name="/ln/ReduceMean"),
             helper.make_node("Sub", ["x", "mean"], ["d"], name="/ln/Sub"),
             helper.make_node("Mul", ["d", "d"], ["sq"], name="/ln/Mul"),
             helper.make_node("ReduceMean", ["sq"], ["var"], axes=[1, 2], name="/ln/ReduceMean_1"),
             helper.make_node("Add", ["var", "eps"], ["v"], name="/ln/Add"),
             helper.make_node("Sqrt", ["v"], ["s"], name="/ln/Sqrt"),
             helper.make_node("Div", ["d", "s"], ["y"], name="/ln/Div")]
    graph = helper.make_graph(
        nodes, "ln", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3, 4])],
        [numpy_helper.from_array(np.array(1e-3, np.float32), "eps")])
    source = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(source, str(tmp_path / "ln.onnx"))
    model, _ = import_model(tmp_path / "ln.onnx", "ln", {})
    (node,) = model.graph.node
    assert node.op_type == "LayerNormalization" and node.name == "/ln/LayerNormalization"
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    assert attrs["axis"] == 1 and attrs["epsilon"] == pytest.approx(1e-3)
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    np.testing.assert_allclose(_run(model, x), _run(source, x), rtol=0, atol=1e-5)


_NEW_OP_CASES = ["test_layer_normalization_3d_axis1_epsilon", "test_gelu_default_2",
                 "test_gelu_tanh_2", "test_erf", "test_sqrt", "test_pow_bcast_array",
                 "test_split_variable_parts_2d_opset18", "test_gather_negative_indices",
                 "test_gather_2d_indices"]


def test_new_ops_pass_their_onnx_node_tests_through_the_cpp(tmp_path: Path) -> None:
    """The node tests run by the conformance bench, as a program: the bench owns the runner."""
    results = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "bench.onnx_conformance", "--ops",
                    "LayerNormalization,Gelu,Erf,Sqrt,Pow,Split,Gather", "--cases", ",".join(_NEW_OP_CASES),
                    "--json", str(results)], cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    data = json.loads(results.read_text())
    assert data["cases"] == sorted(_NEW_OP_CASES) and data["failures"] == []


@pytest.mark.slow
def test_both_exports_run_through_the_float_pipeline(tmp_path: Path) -> None:
    spec = (ROOT / "pipeline_vit.yaml").read_text().replace("models/", f"{MODELS}/").replace(
        "targets/", f"{ROOT / 'targets'}/")
    (tmp_path / "pipeline.yaml").write_text(spec)
    run_doit(tmp_path)
    for opset in (17, 13):
        folder = tmp_path / "outputs" / "digits_vit" / f"digits_vit_opset{opset}" / "host"
        compare = json.loads((folder / "evaluate" / "compare.json").read_text())
        assert compare["samples"] == 360 and compare["within_tolerance"]
        assert compare["fp32"]["max_abs_err"] < 1e-4
        assert compare["fp32"]["top1_agreement"] == 1.0
        assert compare["accuracy"]["cpp_top1"] == compare["accuracy"]["fp32_top1"] > 0.95
