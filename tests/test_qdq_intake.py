"""Models quantized by onnxruntime's `quantize_static` and by PyTorch's PT2E flow (QDQ): codegen
lowers them, the C++ equals the golden model, and each int8 op means what the QDQ model means
(docs/numerics.md).

The float models are the exporter's own files (models/train_qdq_models.py: a ViT with separate
Q/K/V projections at opsets 17 and 13, a MobileNetV3-style net with hard-swish, squeeze-excite
and a softmax output) and the example CNN; quantize_static runs here, as a user would run it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import helper, numpy_helper
from onnx.reference import ReferenceEvaluator

from ferry.core.errors import FerryError
from ferry.schemas.pipeline import DataSpec
from ferry.stages.codegen import generate_package
from ferry.stages.codegen.qdq_lowering import lower_qdq
from ferry.stages.common.golden import OPS, GoldenModel, float_layers
from ferry.stages.common.reference import onnxruntime_tensors
from ferry.stages.evaluate import Int8Artifacts, evaluate_int8
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from tests.conftest import ROOT

FLAGS = ["-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror"]
INPUT_SHAPES = {"input": [1, 1, 8, 8]}


def quantize_with_onnxruntime(source: Path, out: Path, activations: str, per_channel: bool,
                              samples: int = 32, **extra: object) -> Path:
    """quantize_static (QDQ, int8 weights) calibrated on the first digits calibration samples."""
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    calibration = np.load(ROOT / "models/digits_calib.npz")["x"][:samples]

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.samples = iter([{"input": calibration[i:i + 1]} for i in range(len(calibration))])

        def get_next(self) -> dict | None:
            return next(self.samples, None)

    quantize_static(str(source), str(out), Reader(), quant_format=QuantFormat.QDQ, per_channel=per_channel,
                    activation_type=getattr(QuantType, activations), weight_type=QuantType.QInt8,
                    extra_options=extra)
    return out


def _int8(values: np.ndarray) -> np.ndarray:
    """A uint8 tensor as the int8 codes the integer program uses (zero point - 128)."""
    return (values.astype(np.int16) - 128).astype(np.int8) if values.dtype == np.uint8 else values


def per_op_lsb(qdq: onnx.ModelProto, program: onnx.ModelProto, samples: np.ndarray) -> dict[str, Counter]:
    """Each int8 node of the program run alone on onnxruntime's own int8 inputs (the QDQ model's
    QuantizeLinear outputs) against onnxruntime's int8 output: |difference| in steps, per node."""
    outputs = {o.name for o in qdq.graph.output}
    program_name = {}  # QuantizeLinear output -> the program tensor it becomes
    for node in qdq.graph.node:
        if node.op_type == "QuantizeLinear":
            readers = [n for n in qdq.graph.node if node.output[0] in n.input and n.output[0] in outputs]
            program_name[node.output[0]] = readers[0].output[0] if readers else node.input[0]
    batches = onnxruntime_tensors(qdq, [{"input": samples[i:i + 1]} for i in range(len(samples))],
                                  list(program_name))
    constants = {t.name for t in program.graph.initializer}
    differences: dict[str, Counter] = {}
    for node in program.graph.node:
        if node.op_type in ("Quantize", "Dequantize") or node.domain != "ai.ferry":
            continue
        activations = [name for name in node.input if name and name not in constants]
        single = helper.make_model(
            helper.make_graph([node], "one", [helper.make_tensor_value_info(n, onnx.TensorProto.INT8, None)
                                              for n in activations],
                              [helper.make_empty_tensor_value_info(node.output[0])],
                              [t for t in program.graph.initializer if t.name in node.input]),
            opset_imports=program.opset_import)
        evaluator = ReferenceEvaluator(single, new_ops=list(OPS))
        counts = differences.setdefault(node.name, Counter())
        for batch in batches:
            values = {program_name[q]: _int8(v) for q, v in batch.items()}
            if not all(n in values for n in [*activations, node.output[0]]):
                break  # an input or the output is not an int8 tensor of the QDQ model
            got = evaluator.run(None, {n: values[n] for n in activations})[0]
            counts.update(np.abs(got.astype(np.int64) - values[node.output[0]]).reshape(-1).tolist())
    return {name: counts for name, counts in differences.items() if counts}


# (model, activations, per-channel weights, quantize_static extra options)
CASES = {
    "vit_opset17_s8_channel": ("digits_vit_qkv_opset17.onnx", "QInt8", True, {}),
    "vit_opset17_u8_tensor": ("digits_vit_qkv_opset17.onnx", "QUInt8", False, {}),
    "vit_opset13_u8_channel": ("digits_vit_qkv_opset13.onnx", "QUInt8", True, {}),
    "mnv3_s8_channel_symmetric": ("digits_mnv3.onnx", "QInt8", True, {"ActivationSymmetric": True}),
    "mnv3_u8_tensor": ("digits_mnv3.onnx", "QUInt8", False, {}),
    "cnn_u8_channel_float_bias": ("digits_cnn.onnx", "QUInt8", True, {"QuantizeBias": False}),
    "cnn_s8_tensor": ("digits_cnn.onnx", "QInt8", False, {}),
}


# QDQ files PyTorch wrote (models/export_pt2e_qdq.py: the example CNN through torchao's PT2E flow
# with the X86InductorQuantizer, post-training and quantization-aware, dynamo exporter)
EXPORTED = {
    "cnn_pt2e_u8_channel": "digits_cnn_pt2e.onnx",
    "cnn_qat_u8_channel": "digits_cnn_qat.onnx",
}


def qdq_model(case: str, tmp_path: Path) -> Path:
    """The QDQ file of a case: quantized here by onnxruntime, or as PyTorch exported it."""
    if case in EXPORTED:
        return ROOT / "models" / EXPORTED[case]
    model, activations, per_channel, extra = CASES[case]
    return quantize_with_onnxruntime(ROOT / "models" / model, tmp_path / "qdq.onnx", activations, per_channel,
                                     **extra)


@pytest.mark.parametrize("case", sorted(CASES | EXPORTED))
def test_each_int8_op_is_within_one_step_of_onnxruntime(tmp_path: Path, case: str) -> None:
    """docs/numerics.md: every int8 op is 0 or 1 step from onnxruntime running the QDQ model on
    the same int8 inputs; the 1-step cases are rare (ties of the rounding, float32 sums)."""
    qdq, _ = import_model(qdq_model(case, tmp_path), "m", INPUT_SHAPES)
    program = lower_qdq(qdq)
    samples = np.load(ROOT / "models/digits_val.npz")["x"][:6]
    differences = per_op_lsb(qdq, program, samples)
    compared = sum(1 for n in program.graph.node if n.domain == "ai.ferry" and n.name in differences)
    assert compared >= 4  # every int8 layer of the CNN (PT2E keeps its last Linear in float), most of the others'
    worst = {name: max(counts) for name, counts in differences.items()}
    assert max(worst.values()) <= 1, {n: w for n, w in worst.items() if w > 1}
    total = sum(sum(c.values()) for c in differences.values())
    off = sum(c[1] for c in differences.values())
    assert off / total < 0.005, f"{off} of {total} values one step off"


@pytest.mark.parametrize("case", ["vit_opset17_u8_tensor", "mnv3_s8_channel_symmetric", *EXPORTED])
def test_quantized_by_another_tool_cpp_equals_golden(tmp_path: Path, case: str) -> None:
    """Through codegen and g++: the C++ equals the golden model on every layer; its outputs are
    within the end-to-end bound of docs/numerics.md of onnxruntime on the QDQ model."""
    imported, _ = import_model(qdq_model(case, tmp_path), "m", INPUT_SHAPES)
    onnx.save(imported, str(tmp_path / "model.qdq.onnx"))
    manifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package", tmp_path / "integer.onnx")
    runner = build_host(tmp_path / "package", tmp_path / "build", "g++", FLAGS)
    np.savez(tmp_path / "data.npz", input=np.load(ROOT / "models/digits_val.npz")["x"][:40])
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp_path})
    artifacts = Int8Artifacts(runner, runner.parent / "runner_trace", tmp_path / "integer.onnx",
                              tmp_path / "model.qdq.onnx", tmp_path / "model.qdq.onnx")
    int8 = evaluate_int8(artifacts, manifest, data, None).int8
    assert int8 is not None and int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    histogram = {int(lsb): n for lsb, n in int8.lsb_vs_onnxruntime.items()}
    if case in EXPORTED:  # PT2E keeps the last Linear in float: float logits, no int8 output to count
        assert not histogram and int8.output_sqnr_db is not None and int8.output_sqnr_db >= 45, int8.output_sqnr_db
    else:
        assert max(histogram) <= 2 and histogram[0] / sum(histogram.values()) >= 0.9, histogram


def _without_pair(model: onnx.ModelProto, quantized: str) -> onnx.ModelProto:
    """`model` without the QuantizeLinear -> DequantizeLinear pair of tensor `quantized`: its
    readers read the float tensor, as a tool that left the op there unquantized writes it."""
    stripped = onnx.ModelProto()
    stripped.CopyFrom(model)
    q = next(n for n in stripped.graph.node if n.op_type == "QuantizeLinear" and n.input[0] == quantized)
    dq = next(n for n in stripped.graph.node if n.op_type == "DequantizeLinear" and n.input[0] == q.output[0])
    for node in stripped.graph.node:
        node.input[:] = [quantized if name == dq.output[0] else name for name in node.input]
    for node in (q, dq):
        stripped.graph.node.remove(node)
    return stripped


def test_a_movement_op_left_without_qdq_takes_its_neighbours_scale() -> None:
    """PT2E's CNN without the Q/DQ after its Flatten (the Gemm reads the Reshape's float output)
    and without the Q/DQ before its MaxPool (it reads the ReLU's float output): the Reshape and
    the MaxPool still run in int8, in the scale of the int8 tensor beside them, and the program
    computes exactly what it computes with the pairs, as onnxruntime does. A layer that computes
    values and is left without a scale runs in float, named with the reason."""
    original, _ = import_model(ROOT / "models/digits_cnn_pt2e.onnx", "m", INPUT_SHAPES)
    stripped = _without_pair(_without_pair(original, "view"), "relu_1")
    samples = np.load(ROOT / "models/digits_val.npz")["x"][:20]
    batches = [{"input": samples[i:i + 1]} for i in range(len(samples))]
    programs = [lower_qdq(model) for model in (original, stripped)]
    ops = [[(n.op_type, n.domain) for n in program.graph.node] for program in programs]
    assert ops[0] == ops[1] and ("MaxPool", "") in ops[1] and ("Reshape", "") in ops[1]
    assert set(float_layers(programs[1])) == {"node_linear_1"}  # int8 MaxPool and Reshape; float logits as before
    runs = [GoldenModel(program) for program in programs]
    golden = [[run.run(run.feeds(batch))["logits"] for batch in batches] for run in runs]
    assert all(np.array_equal(a, b) for a, b in zip(*golden))
    reference = [onnxruntime_tensors(model, batches, ["logits"]) for model in (original, stripped)]
    assert all(np.array_equal(a["logits"], b["logits"]) for a, b in zip(*reference))

    computed = _without_pair(original, "relu_3")  # a Gemm + ReLU whose output has no scale
    reasons = float_layers(lower_qdq(computed))
    assert reasons["node_linear"] == ("left in float by the QDQ model (int8 inputs, but no QuantizeLinear "
                                      "gives its output a scale)")


def test_a_construct_codegen_cannot_lower_is_named_in_one_line(tmp_path: Path) -> None:
    """A QDQ model whose activation is quantized per channel: a one-line error naming the node."""
    qdq_path = quantize_with_onnxruntime(ROOT / "models/digits_cnn.onnx", tmp_path / "qdq.onnx", "QInt8", True)
    model, _ = import_model(qdq_path, "m", INPUT_SHAPES)
    node = next(n for n in model.graph.node if n.op_type == "DequantizeLinear"
                and not any(t.name == n.input[0] for t in model.graph.initializer))
    scale = next(t for t in model.graph.initializer if t.name == node.input[1])
    per_channel = np.full(4, numpy_helper.to_array(scale), np.float32)
    scale.CopyFrom(numpy_helper.from_array(per_channel, scale.name))
    with pytest.raises(FerryError) as error:
        lower_qdq(model)
    assert "cannot be lowered" in str(error.value) and "per-axis quantized activation" in str(error.value)


# -- the accuracy budget is measured on the integer program ----------------------------------------


def _average_pool_chain(tmp: Path) -> tuple[Path, DataSpec]:
    """Six 2x2 average pools: window means end in .5 a quarter of the time, where the program's
    one rounding mode (half up) and onnxruntime's QuantizeLinear (half to even) differ by one
    step; on the mean of a pool those ties all lean one way, and the chain adds them up."""
    nodes = [helper.make_node("AveragePool", [f"p{i - 1}" if i else "x"], [f"p{i}" if i < 5 else "y"],
                              name=f"pool{i}", kernel_shape=[2, 2], pads=[0, 0, 1, 1]) for i in range(6)]
    graph = helper.make_graph(nodes, "pools",
                              [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 1, 16, 16])],
                              [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 1, 16, 16])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp / "float.onnx"))
    imported, _ = import_model(tmp / "float.onnx", "pools", {})
    onnx.save(imported, str(tmp / "imported.onnx"))
    np.savez(tmp / "data.npz", x=np.random.default_rng(0).uniform(0, 1, (64, 1, 16, 16)).astype(np.float32))
    return tmp / "imported.onnx", DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp})


def test_a_budget_onnxruntime_passes_but_the_integer_program_misses_fails(tmp_path: Path) -> None:
    from ferry.schemas.pipeline import QuantizeStage
    from ferry.stages.common.data import model_batches
    from ferry.stages.quantize import collect_statistics
    from ferry.stages.quantize.accuracy_budget import describe_failure, quantize_within_budget

    imported, data = _average_pool_chain(tmp_path)
    stats = collect_statistics(imported, model_batches(data, onnx.load(str(imported)), None), 512)
    measure = QuantizeStage.model_validate({"kind": "quantize", "min_output_sqnr_db": 0})
    _, _, measured = quantize_within_budget(imported, stats, data, measure)
    assert measured.onnxruntime_value is not None and measured.onnxruntime_value > measured.value + 3
    limit = (measured.value + measured.onnxruntime_value) / 2  # onnxruntime's QDQ figure passes it
    params = QuantizeStage.model_validate({"kind": "quantize", "min_output_sqnr_db": limit})
    _, _, check = quantize_within_budget(imported, stats, data, params)
    assert not check.passed and check.value == measured.value and check.onnxruntime_value > limit
    message = describe_failure("pools", check)
    assert (f"below min_output_sqnr_db {limit:g} (measured on the integer program; onnxruntime on the QDQ "
            "model") in message
    assert "pool5 (y)" in message and "pool4 (p4)" in message


# -- the reference of a model that arrived quantized ------------------------------------------------


def test_float_onnx_is_the_reference_and_without_it_the_report_says_so(tmp_path: Path) -> None:
    import json
    import shutil

    from tests.conftest import HOST_TARGET, run_doit

    quantize_with_onnxruntime(ROOT / "models/digits_cnn.onnx", tmp_path / "digits_qdq.onnx", "QUInt8", True)
    shutil.copy(ROOT / "models/digits_cnn.onnx", tmp_path / "digits_cnn.onnx")
    shutil.copy(ROOT / "models/digits_val.npz", tmp_path / "val.npz")
    (tmp_path / "targets").mkdir()
    shutil.copy(HOST_TARGET, tmp_path / "targets" / "host.yaml")
    twin = HOST_TARGET.read_text().replace("name: host", "name: host_twin")  # the same host build
    (tmp_path / "targets" / "host_twin.yaml").write_text(twin)
    entry = ("    onnx: digits_qdq.onnx\n    input_shapes: {input: [1, 1, 8, 8]}\n"
             "    validation: {path: val.npz, inputs: {input: x}, labels: y}\n")
    (tmp_path / "pipeline.yaml").write_text(
        "pipeline: handed_over\nmodels:\n"
        f"  - name: alone\n{entry}"
        f"  - name: referenced\n{entry}    float_onnx: digits_cnn.onnx\n"
        "targets: [targets/host.yaml, targets/host_twin.yaml]\n"
        "stages: [{kind: import}, {kind: codegen}, {kind: compile}, {kind: evaluate, max_samples: 60}]\n")
    _, results = run_doit(tmp_path)
    assert not any(name.startswith(("calibrate:", "quantize:")) for name in results)  # it arrived quantized
    # two targets that build the same host binary: one comparison per model, shared
    shared = [f.read_text() for f in (tmp_path / "outputs/handed_over/.host_comparisons").iterdir()]
    assert len(shared) == 2
    for name in ("alone", "referenced"):
        compared = [(tmp_path / f"outputs/handed_over/{name}/{target}/evaluate/compare.json").read_text()
                    for target in ("host", "host_twin")]
        assert compared[0] == compared[1] and compared[0] in shared
    reports = {name: json.loads((tmp_path / f"outputs/handed_over/{name}/host/report.json").read_text())
               for name in ("alone", "referenced")}
    markdown = (tmp_path / "outputs/handed_over/alone/host/report.md").read_text()
    alone, referenced = reports["alone"], reports["referenced"]
    assert alone["summary"]["params"] == referenced["summary"]["params"] > 12000  # weights behind DQ count
    assert alone["accuracy"]["fp32_top1"] is None and alone["compare"]["int8"]["sqnr_db_min"] is None
    assert "the QDQ model itself" in alone["compare"]["reference"]
    assert "no float reference" in markdown and "200.0" not in markdown and "0 parameters" not in markdown
    assert alone["accuracy"]["qdq_onnxruntime_top1"] == alone["accuracy"]["int8_top1"] == alone["accuracy"]["cpp_top1"]
    assert alone["compare"]["int8"]["cpp_vs_golden_mismatches"] == 0
    assert set(alone["compare"]["int8"]["lsb_vs_onnxruntime"]) <= {"0", "1"}  # docs/numerics.md
    assert referenced["accuracy"]["fp32_top1"] > 0.95
    assert "digits_cnn.onnx (float)" in referenced["compare"]["reference"]
    int8 = referenced["compare"]["int8"]
    assert 25 < int8["output_sqnr_db"] < 100 and 10 < int8["sqnr_db_min"] <= int8["output_sqnr_db"]
    measured = [layer for layer in int8["layers"] if layer["sqnr_db"] is not None]
    assert len(measured) >= 5  # tensors of the QDQ model keep the float model's names


# -- fp32 tolerances and failed stages ------------------------------------------------------------


def test_fp32_tolerance_is_relative_to_the_output_range_and_each_element() -> None:
    from ferry.schemas.artifacts import Fp32Tolerance
    from ferry.stages.evaluate import beyond_tolerance

    tolerance = Fp32Tolerance(range=1e-4, relative=1e-3)
    probabilities = np.full((1, 6625), 0.1 / 6624, np.float32)
    probabilities[0, 7] = 0.9
    summed_elsewhere = probabilities.copy()
    summed_elsewhere[0, 7] += 2.2e-4  # a float sum in another order, on the largest element
    assert beyond_tolerance([summed_elsewhere], [probabilities], tolerance) == (0, pytest.approx(0.9, abs=1e-4))
    summed_elsewhere[0, 8] += 2e-4  # 13x a small element, 2e-4 of the range: wrong
    assert beyond_tolerance([summed_elsewhere], [probabilities], tolerance)[0] == 1
    logits = [np.array([[1000.0, -1000.0, 3.0]]), np.array([[999.0, 0.1, 2.0]])]
    shifted = [logits[0] + np.array([[0.15, 0.1, 0.1]]), logits[1]]  # range 2000: 0.2 allowed
    assert beyond_tolerance(shifted, logits, tolerance)[0] == 0
    assert beyond_tolerance([np.array([[np.nan, 1.0]])], [np.array([[0.0, 1.0]])], tolerance)[0] == 1


def test_a_failed_stage_with_unchanged_inputs_fails_again_without_running(tmp_path: Path) -> None:
    import shutil
    import time

    from tests.conftest import HOST_TARGET, run_doit

    (tmp_path / "targets").mkdir()
    shutil.copy(HOST_TARGET, tmp_path / "targets" / "host.yaml")
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(ROOT / "models" / name, tmp_path / name)
    spec = tmp_path / "pipeline.yaml"
    spec.write_text(
        "pipeline: q\nmodels:\n  - name: digits\n    onnx: digits_cnn.onnx\n"
        "    input_shapes: {input: [1, 1, 8, 8]}\n"
        "    calibration: {path: digits_calib.npz, inputs: {input: x}, labels: y}\n"
        "    validation: {path: digits_val.npz, inputs: {input: x}, labels: y}\n"
        "targets: [targets/host.yaml]\n"
        "stages: [{kind: import}, {kind: quantize, calibration: percentile, percentile: 60, "
        "max_accuracy_drop: 0.5}, {kind: codegen}]\n")
    first, results = run_doit(tmp_path, check=False)
    assert first.returncode != 0 and results["quantize:digits"] == "fail"
    record = tmp_path / "outputs/q/digits/quantize/failed.json"
    started = time.perf_counter()
    again, results = run_doit(tmp_path, check=False)
    assert again.returncode != 0 and results["quantize:digits"] == "fail"  # still red
    message = again.stdout + again.stderr
    assert "more than max_accuracy_drop 0.5" in message and f"delete {record}" in message
    assert "not run again" in message and time.perf_counter() - started < 10
    spec.write_text(spec.read_text().replace("max_accuracy_drop: 0.5", "max_accuracy_drop: 100"))
    _, results = run_doit(tmp_path)
    assert results["quantize:digits"] == "success" and not record.exists()
