"""The sparsify stage: masks, channel surgery through residual Add and Concat, the refit, the
sensitivity allocation, pruning int8 weights of a QDQ model, and both stage orders in doit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.schemas.loader import SpecError, load_model
from ferry.schemas.pipeline import DataSpec, PipelineSpec, QuantizeStage, SparsifyStage
from ferry.stages.common.data import model_batches
from ferry.stages.common.graph import GraphView
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.sparsify import sparsify_model
from ferry.stages.sparsify.layers import Weights, find_layers
from ferry.stages.sparsify.masks import Choice
from ferry.stages.sparsify.prune import prune
from ferry.stages.sparsify.refit import stacked
from tests.conftest import HOST_TARGET, ROOT, run_doit

DIGITS = ROOT / "models"


def params(**changes) -> SparsifyStage:
    return SparsifyStage(kind="sparsify", **changes)


def matrices(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    weights = Weights(model)
    return {layer.name: weights.matrix(layer) for layer in find_layers(GraphView(model))[0]}


@pytest.fixture(scope="module")
def digits() -> tuple[onnx.ModelProto, DataSpec, DataSpec]:
    model, _ = import_model(DIGITS / "digits_cnn.onnx", "digits", {"input": [1, 1, 8, 8]})
    data = [DataSpec(path=DIGITS / f"digits_{kind}.npz", inputs={"input": "x"}, labels="y")
            for kind in ("calib", "val")]
    return model, data[0], data[1]


def residual_model(seed: int = 0, add_input: bool = False) -> onnx.ModelProto:
    """stem -> relu -> [convA -> relu -> convB] + stem -> relu -> concat(convC 1x1, convD 3x3)
    -> relu -> maxpool -> flatten -> fc. With add_input, the stem's output is also added to the
    model input (a coupling with no layer on the other side)."""
    rng = np.random.default_rng(seed)
    channels = 8 if add_input else 3
    shapes = {"stem": (8, channels, 3, 3), "convA": (8, 8, 3, 3), "convB": (8, 8, 3, 3),
              "convC": (6, 8, 1, 1), "convD": (6, 8, 3, 3), "fc": (10, 12 * 16)}
    inits = []
    for name, shape in shapes.items():
        weights = rng.standard_normal(shape) / np.sqrt(np.prod(shape[1:]))
        inits += [numpy_helper.from_array(weights.astype(np.float32), f"{name}.w"),
                  numpy_helper.from_array((rng.standard_normal(shape[0]) * 0.1).astype(np.float32), f"{name}.b")]

    def conv(name: str, x: str, y: str) -> onnx.NodeProto:
        pads = [shapes[name][2] // 2] * 4
        return helper.make_node("Conv", [x, f"{name}.w", f"{name}.b"], [y], name=name, pads=pads)

    nodes = [conv("stem", "x", "s"),
             *([helper.make_node("Add", ["s", "x"], ["s2"], name="input_add")] if add_input else []),
             helper.make_node("Relu", ["s2" if add_input else "s"], ["r0"], name="relu0"),
             conv("convA", "r0", "a"), helper.make_node("Relu", ["a"], ["ra"], name="reluA"),
             conv("convB", "ra", "b"), helper.make_node("Add", ["b", "r0"], ["sum"], name="residual"),
             helper.make_node("Relu", ["sum"], ["r1"], name="relu1"),
             conv("convC", "r1", "c"), conv("convD", "r1", "d"),
             helper.make_node("Concat", ["c", "d"], ["cat"], name="concat", axis=1),
             helper.make_node("Relu", ["cat"], ["rc"], name="reluC"),
             helper.make_node("MaxPool", ["rc"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
             helper.make_node("Flatten", ["p"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["logits"], name="fc", transB=1)]
    graph = helper.make_graph(nodes, "residual",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, channels, 8, 8])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return onnx.shape_inference.infer_shapes(model)


@pytest.fixture(scope="module")
def residual(tmp_path_factory: pytest.TempPathFactory) -> tuple[onnx.ModelProto, DataSpec, DataSpec, Path]:
    folder = tmp_path_factory.mktemp("residual")
    model = residual_model()
    onnx.save(model, str(folder / "residual.onnx"))
    rng = np.random.default_rng(7)
    for kind, count in (("calib", 256), ("val", 64)):
        np.savez(folder / f"{kind}.npz", x=rng.standard_normal((count, 3, 8, 8)).astype(np.float32))
    return model, DataSpec(path=folder / "calib.npz"), DataSpec(path=folder / "val.npz"), folder


# -- masks -------------------------------------------------------------------------------------


def test_magnitude_prunes_each_layer_to_its_target_and_leaves_the_rest(digits) -> None:
    model, calibration, validation = digits
    rules = [{"match": "/classifier/classifier.1/*", "sparsity": 0.8}]
    sparse, report = sparsify_model(model, calibration, validation,
                                    params(sparsity=0.5, layers=rules, exclude=["*features.7*"], refit=False,
                                           samples=32))
    rows = {row.node: row for row in report.layers}
    assert rows["/features/features.3/Conv"].sparsity == pytest.approx(0.5, abs=1e-3)
    assert rows["/classifier/classifier.1/Gemm"].sparsity == pytest.approx(0.8, abs=1e-3)
    assert rows["/features/features.7/Conv"].method == "dense"
    assert rows["/features/features.7/Conv"].reason == "excluded by '*features.7*'"
    assert rows["/features/features.0/Conv"].reason == "72 weights < min_params 128"
    before, after = matrices(model), matrices(sparse)
    np.testing.assert_array_equal(before["/features/features.7/Conv"], after["/features/features.7/Conv"])
    w, kept = before["/features/features.3/Conv"], after["/features/features.3/Conv"] != 0
    assert np.abs(w[~kept]).max() <= np.abs(w[kept]).min()  # the smallest went
    np.testing.assert_array_equal(after["/features/features.3/Conv"][kept], w[kept])  # no refit: unchanged


def test_global_allocation_uses_one_threshold(digits) -> None:
    model, calibration, validation = digits
    sparse, report = sparsify_model(model, calibration, validation,
                                    params(allocation="global", refit=False, samples=32))
    before, after = matrices(model), matrices(sparse)
    pruned = [np.abs(before[n][after[n] == 0]) for n in before if n != "/features/features.0/Conv"]
    kept = [np.abs(before[n][after[n] != 0]) for n in before if n != "/features/features.0/Conv"]
    assert max(p.max() for p in pruned) <= min(k.min() for k in kept)
    considered = [r for r in report.layers if r.method == "magnitude"]
    assert sum(r.zeros for r in considered) / sum(r.weights for r in considered) == pytest.approx(0.5, abs=1e-4)
    assert len({round(r.sparsity, 2) for r in considered}) > 1  # layers reach different levels


def test_n_m_keeps_n_of_every_m_along_the_reduction_axis(digits) -> None:
    model, calibration, validation = digits
    sparse, report = sparsify_model(model, calibration, validation,
                                    params(method="n_m", pattern={"n": 1, "m": 4}, min_params=0, samples=32))
    rows = {row.node: row for row in report.layers}
    assert rows["/features/features.0/Conv"].reason == "reduction length 9 is not a multiple of 4"
    for name, matrix in matrices(sparse).items():
        if rows[name].method == "n_m":
            groups = matrix.reshape(matrix.shape[0], -1, 4)
            assert (np.count_nonzero(groups, axis=-1) <= 1).all(), name
            assert rows[name].sparsity >= 0.75 and rows[name].target == 0.75


# -- the refit ---------------------------------------------------------------------------------


def test_refit_lowers_every_layer_error_and_recovers_accuracy(digits) -> None:
    model, calibration, validation = digits
    refit_model, report = sparsify_model(model, calibration, validation, params(sparsity=0.6))
    pruned_only, report_off = sparsify_model(model, calibration, validation, params(sparsity=0.6, refit=False))
    for row in report.layers:
        if row.method != "dense":
            assert row.error_refit < 0.6 * row.error_masked, row
    assert report.accuracy == report_off.accuracy  # both are measured whichever is written
    assert report.accuracy.refit >= report.accuracy.pruned + 0.03  # measured: 0.9111 -> 0.9611
    assert report.accuracy.dense - report.accuracy.refit <= 0.015
    # the refit keeps the mask: exactly the same zeros
    for name, matrix in matrices(refit_model).items():
        np.testing.assert_array_equal(matrix == 0, matrices(pruned_only)[name] == 0)


def test_the_same_inputs_give_the_same_bytes(residual) -> None:
    model, calibration, validation, _ = residual
    runs = [sparsify_model(model, calibration, validation, params(method="channels", min_params=0, samples=32))
            for _ in range(2)]
    assert runs[0][0].SerializeToString(deterministic=True) == runs[1][0].SerializeToString(deterministic=True)
    assert runs[0][1] == runs[1][1]


# -- channels ----------------------------------------------------------------------------------


def _outputs(model: onnx.ModelProto, data: DataSpec) -> np.ndarray:
    batches = list(model_batches(data, model, None))
    return stacked(model, batches, ["logits"])["logits"]


def test_channels_are_removed_through_residual_add_and_concat(residual) -> None:
    model, calibration, _, _ = residual
    batches = list(model_batches(calibration, model, None))
    choices = {name: Choice("channels", level=0.25) for name in ("stem", "convA", "convB", "convC", "convD")}
    result = prune(model, choices, batches)
    assert result.coupled == [["stem", "convB"]]
    np.testing.assert_array_equal(result.kept_rows["stem"], result.kept_rows["convB"])
    assert result.channels_removed == {"stem": 2, "convB": 2, "convA": 2, "convC": 2, "convD": 2}
    assert result.inputs_removed == {"convA": 2, "convB": 2, "convC": 2, "convD": 2, "fc": 4 * 16}
    shapes = {t.name: tuple(t.dims) for t in result.model.graph.initializer}
    assert shapes["stem.w"] == (6, 3, 3, 3) and shapes["convB.w"] == (6, 6, 3, 3)
    assert shapes["convD.w"] == (4, 6, 3, 3) and shapes["fc.w"] == (10, 8 * 16)
    onnx.checker.check_model(result.model, full_check=True)
    # removing a channel = zeroing its filter and bias in the dense model (ReLU(0) = 0 downstream)
    zeroed = onnx.ModelProto()
    zeroed.CopyFrom(model)
    for tensor in zeroed.graph.initializer:
        source = tensor.name.split(".")[0]
        if source in result.kept_rows:
            values = numpy_helper.to_array(tensor).copy()
            values[np.setdiff1d(np.arange(values.shape[0]), result.kept_rows[source])] = 0
            tensor.CopyFrom(numpy_helper.from_array(values, tensor.name))
    np.testing.assert_allclose(_outputs(result.model, calibration), _outputs(zeroed, calibration),
                               rtol=1e-5, atol=1e-5)


def test_channels_refit_and_report(residual) -> None:
    model, calibration, validation, _ = residual
    _sparse, report = sparsify_model(model, calibration, validation,
                                    params(method="channels", sparsity=0.25, min_params=0))
    assert report.coupled == [["stem", "convB"]]
    assert report.params_after < 0.75 * report.params_before
    assert report.macs_after < 0.7 * report.macs_before
    rows = {row.node: row for row in report.layers}
    assert rows["fc"].reason == "channels not removed: its channels reach the model output 'logits'"
    assert rows["fc"].inputs_removed == 64 and rows["fc"].error_refit < rows["fc"].error_masked
    assert report.accuracy.metric == "output_sqnr_db"
    assert report.accuracy.refit > report.accuracy.pruned + 1.5  # dB; measured 10.5 -> 12.3 (a random network)


def test_a_coupling_that_cannot_be_pruned_is_refused_with_its_name(residual) -> None:
    model, calibration, validation, _ = residual
    _, report = sparsify_model(model, calibration, validation,
                               params(method="channels", min_params=0, exclude=["convB"]))
    rows = {row.node: row for row in report.layers}
    assert rows["stem"].method == "dense"
    assert rows["stem"].reason == ("channels not removed: coupled with 'convB' through Add 'residual', "
                                   "which is not pruned by channels (excluded by 'convB')")
    assert rows["convA"].channels_removed == 4  # its own group is unaffected (default level 0.5)
    with_input = residual_model(add_input=True)
    rng = np.random.default_rng(0)
    folder = Path(calibration.path).parent
    np.savez(folder / "calib8.npz", x=rng.standard_normal((8, 8, 8, 8)).astype(np.float32))
    data = DataSpec(path=folder / "calib8.npz")
    _, report = sparsify_model(with_input, data, data, params(method="channels", min_params=0))
    rows = {row.node: row for row in report.layers}
    assert rows["stem"].reason == ("channels not removed: coupled with the model input 'x' through Add "
                                   "'input_add'")


# -- sensitivity -------------------------------------------------------------------------------


def test_sensitivity_table_and_allocation(digits) -> None:
    model, calibration, validation = digits
    _, report = sparsify_model(model, calibration, validation,
                               params(allocation="sensitivity", sparsity=0.6, samples=64,
                                      sensitivity={"levels": [0.5, 0.75, 0.9]}))
    table = {row.node: row for row in report.sensitivity}
    assert set(table) == {"/features/features.3/Conv", "/features/features.7/Conv",
                          "/classifier/classifier.1/Gemm", "/classifier/classifier.4/Gemm"}
    for row in table.values():
        assert row.levels == [0.5, 0.75, 0.9]
        assert row.sqnr_db[0] > row.sqnr_db[-1]  # more pruning, more damage
    considered = [r for r in report.layers if r.node in table]
    reached = sum(r.zeros for r in considered) / sum(r.weights for r in considered)
    assert 0.6 <= reached < 0.7
    # the big, tolerant classifier layer is pruned harder than the most sensitive conv
    assert table["/classifier/classifier.1/Gemm"].chosen > table["/features/features.3/Conv"].chosen
    assert {r.node: r.target for r in considered} == {n: t.chosen or None for n, t in table.items()}


# -- pruning int8 weights (sparsify after quantize) ----------------------------------------------


def test_int8_weights_are_pruned_on_their_grid(digits, tmp_path: Path) -> None:
    model, calibration, validation = digits
    path = tmp_path / "imported.onnx"
    onnx.save(model, str(path))
    stats = collect_statistics(path, model_batches(calibration, model, 64), 2048)
    qdq, _ = quantize_model(model, stats, QuantizeStage(kind="quantize"))
    sparse, report = sparsify_model(qdq, calibration, validation, params(method="n_m"))
    assert report.quantized and report.accuracy.refit >= report.accuracy.dense - 0.015
    before = {t.name: numpy_helper.to_array(t) for t in qdq.graph.initializer}
    after = {t.name: numpy_helper.to_array(t) for t in sparse.graph.initializer}
    layers = find_layers(GraphView(sparse))[0]
    for layer in layers:
        values = after[layer.weight]
        assert values.dtype == np.int8 and np.abs(values).max() <= 127
        np.testing.assert_array_equal(after[layer.weight_scale], before[layer.weight_scale])  # same scales
        if layer.name != "/features/features.0/Conv":
            rows = values.T if layer.transposed else values.reshape(values.shape[0], -1)
            assert (np.count_nonzero(rows.reshape(rows.shape[0], -1, 4), axis=-1) <= 2).all()
    assert sum(1 for layer in layers if layer.bias_scale is not None) == 5  # int32 biases refit too


# -- the spec and the task graph ---------------------------------------------------------------


SPEC = """\
pipeline: res
models:
  - name: residual
    onnx: residual.onnx
    calibration: {{path: calib.npz}}
    validation: {{path: val.npz}}
targets: [targets/host.yaml]
stages:
  - kind: import
{compression}
  - kind: codegen
  - kind: compile
    extra_flags: [-O0]
  - kind: evaluate
"""

SPARSIFY_CHANNELS = """\
  - kind: sparsify
    method: channels
    sparsity: 0.25
    min_params: 0
    layers:
      - {match: convD, method: magnitude, sparsity: 0.6}"""
SPARSIFY_N_M = """\
  - kind: sparsify
    method: n_m
    exclude: [stem]"""
QUANTIZE = """\
  - kind: quantize
    samples: 32"""


def _project(folder: Path, compression: str) -> Path:
    (folder / "targets").mkdir(exist_ok=True)
    shutil.copy(HOST_TARGET, folder / "targets" / "host.yaml")
    (folder / "pipeline.yaml").write_text(SPEC.format(compression=compression))
    return folder


@pytest.mark.parametrize("order", ["sparsify_first", "quantize_first"])
def test_both_stage_orders_build_bit_exact_int8(residual, order: str) -> None:
    _, _, _, folder = residual
    compression = (f"{SPARSIFY_CHANNELS}\n{QUANTIZE}" if order == "sparsify_first"
                   else f"{QUANTIZE}\n{SPARSIFY_N_M}")
    run_doit(_project(folder, compression))
    base = folder / "outputs" / "res" / "residual"
    sparsity = json.loads((base / "sparsify" / "sparsity.json").read_text())
    compare = json.loads((base / "host" / "evaluate" / "compare.json").read_text())
    assert compare["int8"]["cpp_vs_golden_mismatches"] == 0 and compare["int8"]["first_mismatch"] is None
    program = onnx.load(str(base / "codegen" / "integer.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in program.graph.initializer}
    report = json.loads((base / "host" / "report.json").read_text())
    assert report["sparsity"] == sparsity
    assert "Pruned together (channels coupled through Add)" in (base / "host" / "report.md").read_text() \
        or order == "quantize_first"
    if order == "sparsify_first":
        assert sparsity["quantized"] is False and sparsity["coupled"] == [["stem", "convB"]]
        assert sparsity["macs_after"] < 0.8 * sparsity["macs_before"]
        assert compare["int8"]["output_sqnr_db"] > 20  # against the pruned float model
    else:
        assert sparsity["quantized"] is True
        rows = {r["node"]: r for r in sparsity["layers"]}
        assert rows["stem"]["method"] == "dense" and rows["convA"]["sparsity"] >= 0.5
    conv_a = next(n for n in program.graph.node if n.name == "convA")
    assert np.mean(weights[conv_a.input[1]] == 0) >= (0.5 if order == "quantize_first" else 0.0)


def test_spec_refuses_channels_after_quantize_and_wrong_allocations(tmp_path: Path) -> None:
    (tmp_path / "m.onnx").write_bytes(b"x")
    (tmp_path / "d.npz").write_bytes(b"x")
    bad = SPEC.replace("residual.onnx", "m.onnx").replace("calib.npz", "d.npz").replace("val.npz", "d.npz")
    _project(tmp_path, f"{QUANTIZE}\n{SPARSIFY_CHANNELS}")
    (tmp_path / "pipeline.yaml").write_text(bad.format(compression=f"{QUANTIZE}\n{SPARSIFY_CHANNELS}"))
    with pytest.raises(SpecError, match=r"pipeline.yaml:9:3: stages: .*method 'channels' changes the graph and "
                                        r"must run before quantize"):
        load_model(tmp_path / "pipeline.yaml", PipelineSpec, {"base_dir": tmp_path})
    (tmp_path / "pipeline.yaml").write_text(bad.format(compression="  - kind: sparsify\n    method: n_m\n"
                                                                   "    allocation: global"))
    with pytest.raises(SpecError, match=r"pipeline.yaml:10:5: stages\[1\]\.sparsify: allocation 'global' "
                                        r"chooses magnitude thresholds: it needs method 'magnitude', not 'n_m'"):
        load_model(tmp_path / "pipeline.yaml", PipelineSpec, {"base_dir": tmp_path})
    (tmp_path / "pipeline.yaml").write_text(bad.format(compression="  - kind: sparsify\n    pattern: {n: 4, m: 4}"))
    with pytest.raises(SpecError, match=r"pipeline.yaml:11:14: stages\[1\]\.sparsify\.pattern: .*n \(4\) must "
                                        r"be smaller than m \(4\)"):
        load_model(tmp_path / "pipeline.yaml", PipelineSpec, {"base_dir": tmp_path})


def test_sparsify_task_reruns_on_its_params_and_data_only(tmp_path: Path, residual) -> None:
    _, _, _, folder = residual
    for name in ("residual.onnx", "calib.npz", "val.npz"):
        shutil.copy(folder / name, tmp_path / name)
    spec = tmp_path / "pipeline.yaml"
    text = SPEC.format(compression=SPARSIFY_N_M).split("  - kind: codegen")[0]
    _project(tmp_path, "")
    spec.write_text(text)
    _, first = run_doit(tmp_path)
    assert first == {"import:residual": "success", "sparsify:residual": "success"}
    _, second = run_doit(tmp_path)
    assert set(second.values()) == {"up-to-date"}
    spec.write_text(text.replace("exclude: [stem]", "exclude: [stem, fc]"))
    _, third = run_doit(tmp_path)
    assert third == {"import:residual": "up-to-date", "sparsify:residual": "success"}
    np.savez(tmp_path / "calib.npz", x=np.zeros((4, 3, 8, 8), np.float32) + 1)
    _, fourth = run_doit(tmp_path)
    assert fourth == {"import:residual": "up-to-date", "sparsify:residual": "success"}
