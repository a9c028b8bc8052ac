"""The QDQ model ferry ships keeps the batch dimension the exporter declared (issue 19, item 4):
onnxruntime runs it on a batch of 8 and gets what 8 runs of one sample give, while codegen, the
golden model and the C++ keep computing at the static shapes of input_shapes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.core.errors import FerryError
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.common.data import model_batches
from ferry.stages.common.graph import GraphView
from ferry.stages.importer import INPUT_SHAPES_KEY, import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.quantize.shipped import shipped_model
from tests.conftest import HOST_TARGET, ROOT, declared_dims, onnxruntime_output, run_doit

MODELS = ROOT / "models"
DIGITS_CALIB = DataSpec(path=MODELS / "digits_calib.npz", inputs={"input": "x"})


def _static_qdq(source: Path, shapes: dict[str, list[int]], calibration: DataSpec, folder: Path) -> onnx.ModelProto:
    """ferry's own QDQ model of `source` at the static `shapes`, as the quantize stage builds it."""
    model, _ = import_model(source, "m", shapes)
    onnx.save(model, str(folder / "imported.onnx"))
    params = QuantizeStage(kind="quantize", samples=64)
    stats = collect_statistics(folder / "imported.onnx", model_batches(calibration, model, 64),
                               params.histogram_bins)
    return quantize_model(model, stats, params)[0]


@pytest.mark.parametrize("export", ["digits_vit_opset13", "digits_vit_qkv_opset17"])
def test_the_shipped_vit_runs_any_batch_and_imports_back_to_the_static_program(tmp_path: Path, export: str) -> None:
    """The ViT's folded shape arithmetic (attention Reshapes of [1, 17, 2, 16], the class token
    Expanded to the batch) is restored: a batch of 8 validation digits gives, in onnxruntime,
    exactly the 8 single runs; import at the recorded shapes gives the static program back."""
    static = _static_qdq(MODELS / f"{export}.onnx", {"input": [1, 1, 8, 8]}, DIGITS_CALIB, tmp_path)
    shipped = shipped_model(static, MODELS / f"{export}.onnx")
    assert shipped.dynamic == ["input[0]=batch"] and shipped.static_reason is None
    model = shipped.model
    assert declared_dims(model.graph.input[0]) == ["batch", 1, 8, 8]
    assert declared_dims(model.graph.output[0]) == ["batch", 10]
    assert {p.key: json.loads(p.value) for p in model.metadata_props}[INPUT_SHAPES_KEY] == {"input": [1, 1, 8, 8]}
    samples = np.load(MODELS / "digits_val.npz")["x"][:8].astype(np.float32)
    batched = onnxruntime_output(model.SerializeToString(), "input", samples)
    single = onnxruntime_output(model.SerializeToString(), "input", samples, one_by_one=True)
    assert batched.shape == (8, 10)
    np.testing.assert_array_equal(batched, single)
    # one sample at a time: what the static model computes
    np.testing.assert_array_equal(single, onnxruntime_output(static.SerializeToString(), "input", samples, True))
    onnx.save(model, str(tmp_path / "shipped.onnx"))
    again, _ = import_model(tmp_path / "shipped.onnx", "m", {})  # no input_shapes: the recorded ones
    view, static_view = GraphView(again), GraphView(static)
    assert [(n.op_type, n.name) for n in view.nodes] == [(n.op_type, n.name) for n in static_view.nodes]
    for node in view.nodes:
        assert [view.tensor(n).shape for n in node.output] == [static_view.tensor(n).shape for n in node.output]


def _doubling_reshape_model() -> onnx.ModelProto:
    """x[N, 4] -> Reshape to [2N, -1] -> MatMul: the target's first entry is twice the batch, and
    another entry is already -1, so no constant target can follow the batch."""
    nodes = [helper.make_node("Shape", ["x"], ["shape"]),
             helper.make_node("Gather", ["shape", "zero"], ["n"], axis=0),
             helper.make_node("Mul", ["n", "two"], ["n2"]),
             helper.make_node("Unsqueeze", ["n2", "axes"], ["n2_1d"]),
             helper.make_node("Concat", ["n2_1d", "minus_one"], ["target"], axis=0),
             helper.make_node("Reshape", ["x", "target"], ["r"], name="halves"),
             helper.make_node("MatMul", ["r", "w"], ["y"], name="matmul")]
    rng = np.random.default_rng(3)
    initializers = [numpy_helper.from_array(np.array(0, np.int64), "zero"),
                    numpy_helper.from_array(np.array(2, np.int64), "two"),
                    numpy_helper.from_array(np.array([0], np.int64), "axes"),
                    numpy_helper.from_array(np.array([-1], np.int64), "minus_one"),
                    numpy_helper.from_array(rng.standard_normal((2, 3)).astype(np.float32), "w")]
    graph = helper.make_graph(nodes, "halves", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["M", 3])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_a_batch_dependence_it_cannot_restore_ships_static_and_says_where(tmp_path: Path) -> None:
    onnx.save(_doubling_reshape_model(), str(tmp_path / "halves.onnx"))
    np.savez(tmp_path / "calib.npz", x=np.random.default_rng(4).standard_normal((16, 4)).astype(np.float32))
    static = _static_qdq(tmp_path / "halves.onnx", {"x": [1, 4]}, DataSpec(path=tmp_path / "calib.npz"), tmp_path)
    shipped = shipped_model(static, tmp_path / "halves.onnx")
    assert shipped.dynamic == [] and shipped.model is static
    assert shipped.static_reason == "Reshape 'halves': its target would need -1 in two entries to follow the batch"


def test_recorded_input_shapes_are_checked_like_input_shapes(tmp_path: Path) -> None:
    model = _doubling_reshape_model()
    model.metadata_props.add(key=INPUT_SHAPES_KEY, value='{"x": [1, -4]}')
    onnx.save(model, str(tmp_path / "m.onnx"))
    with pytest.raises(FerryError) as error:
        import_model(tmp_path / "m.onnx", "m", {})
    assert str(error.value) == (f"{tmp_path / 'm.onnx'}: metadata '{INPUT_SHAPES_KEY}' is not a map of input "
                                "names to lists of positive integers")
    assert import_model(tmp_path / "m.onnx", "m", {"x": [2, 4]})[1].inputs == {"x": [2, 4]}  # the spec wins


SPEC = """\
pipeline: pq
models:
  - name: digits
    onnx: digits_cnn.onnx
    input_shapes: {{input: [1, 1, 8, 8]}}
    calibration: {{path: digits_calib.npz, inputs: {{input: x}}, labels: y}}
    validation: {{path: digits_val.npz, inputs: {{input: x}}, labels: y}}
targets: [targets/host.yaml]
stages:
  - kind: import
{compression}
  - kind: codegen
  - kind: compile
    extra_flags: [-O0]
  - kind: evaluate
    max_samples: 64
"""
SPARSIFY = "  - {kind: sparsify, sparsity: 0.5, samples: 64}"
QUANTIZE = "  - {kind: quantize, samples: 64}"


@pytest.mark.slow
@pytest.mark.parametrize("order", ["sparsify_first", "quantize_first"])
def test_pruned_and_quantized_ships_the_batch_and_the_cpp_still_equals_the_golden_model(
        tmp_path: Path, order: str) -> None:
    """Either order: the shipped QDQ model (quantize/model.qdq.onnx, or sparsify/sparse.onnx with
    its int8 weights pruned) declares the batch and runs 8 samples as 8 single runs, while the
    golden model and the C++ built from it stay at input_shapes and agree bit for bit."""
    (tmp_path / "targets").mkdir()
    shutil.copy(HOST_TARGET, tmp_path / "targets" / "host.yaml")
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(MODELS / name, tmp_path / name)
    stages = [SPARSIFY, QUANTIZE] if order == "sparsify_first" else [QUANTIZE, SPARSIFY]
    (tmp_path / "pipeline.yaml").write_text(SPEC.format(compression="\n".join(stages)))
    run_doit(tmp_path)
    base = tmp_path / "outputs/pq/digits"
    compare = json.loads((base / "host/evaluate/compare.json").read_text())
    assert compare["int8"]["samples"] == 64 and compare["int8"]["cpp_vs_golden_mismatches"] == 0
    assert json.loads((base / "quantize/calibration.json").read_text())["dynamic_dims"] == ["input[0]=batch"]
    shipped_file = "quantize/model.qdq.onnx" if order == "sparsify_first" else "sparsify/sparse.onnx"
    shipped = onnx.load(str(base / shipped_file))
    assert declared_dims(shipped.graph.input[0]) == ["batch", 1, 8, 8]
    assert declared_dims(shipped.graph.output[0]) == ["batch", 10]
    integer = onnx.load(str(base / "codegen/integer.onnx"))  # the golden model: static, as input_shapes
    assert declared_dims(integer.graph.input[0]) == [1, 1, 8, 8]
    weights = {t.name: numpy_helper.to_array(t) for t in integer.graph.initializer}
    conv = next(n for n in integer.graph.node if n.name == "/features/features.3/Conv")
    assert np.mean(weights[conv.input[1]] == 0) >= 0.5  # the program is the pruned one
    samples = np.load(tmp_path / "digits_val.npz")["x"][:8].astype(np.float32)
    batched = onnxruntime_output(shipped.SerializeToString(), "input", samples)
    assert batched.shape == (8, 10)
    np.testing.assert_array_equal(batched, onnxruntime_output(shipped.SerializeToString(), "input", samples, True))
