"""The quantize stage: calibration statistics, range methods, and the QDQ model they give.

onnxruntime runs the QDQ models with graph optimizations off, i.e. with the exact semantics of
QuantizeLinear/DequantizeLinear (it then equals onnx.reference). With optimizations on, its fused
int8 kernels on x86 CPUs without VNNI use u8s8 products that can saturate (onnxruntime #12088;
the session option session.x64quantprecision=1 avoids it), so they are not the reference here.
"""

from __future__ import annotations

import ctypes
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.core.errors import FerryError
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.common.data import model_batches
from ferry.stages.common.quant import choose_qparams, dequantize, quantize
from ferry.stages.importer import import_model
from ferry.stages.quantize import (
    TensorStatistics,
    activation_range,
    collect_statistics,
    load_statistics,
    quantize_model,
    save_statistics,
)
from ferry.stages.quantize import calibration_pass as one_pass
from ferry.stages.quantize.calibrate import StreamingHistogram
from ferry.stages.quantize.calibration_pass import Window, calibration_pass, native_available, numpy_pass
from tests.conftest import ROOT

METHODS = ("minmax", "percentile", "entropy", "mse")


def params(**changes) -> QuantizeStage:
    return QuantizeStage(kind="quantize", **changes)


def stats_of(values: np.ndarray, chunks: int = 1, bins: int = 2048):
    histogram = StreamingHistogram(bins)
    for chunk in np.array_split(values, chunks):
        histogram.add(chunk, None)
    return histogram.stats()


def session(model: onnx.ModelProto) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 1
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def run(model: onnx.ModelProto, x: np.ndarray, output: str = "logits") -> np.ndarray:
    runner = session(model)
    return np.concatenate([runner.run([output], {"input": x[i:i + 1]})[0] for i in range(len(x))])


def initializer(model: onnx.ModelProto, name: str) -> np.ndarray:
    return next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == name)


def node_named(model: onnx.ModelProto, name: str) -> onnx.NodeProto:
    return next(n for n in model.graph.node if n.name == name)


def qparams(model: onnx.ModelProto, tensor: str) -> tuple[float, int]:
    """Scale and zero point of the QuantizeLinear reading `tensor`."""
    q = next(n for n in model.graph.node if n.op_type == "QuantizeLinear" and n.input[0] == tensor)
    return float(initializer(model, q.input[1])), int(initializer(model, q.input[2]))


def dq_of(model: onnx.ModelProto, output: str) -> onnx.NodeProto:
    return next(n for n in model.graph.node if n.op_type == "DequantizeLinear" and n.output[0] == output)


# -- range methods and the streamed histogram ------------------------------------------------


@pytest.fixture(scope="module")
def gaussian_with_outliers() -> np.ndarray:
    rng = np.random.default_rng(0)
    values = rng.standard_normal(200_000).astype(np.float32)
    values[:4] = [60.0, -50.0, 45.0, -40.0]
    return rng.permutation(values)


def test_methods_clip_outliers_that_minmax_covers(gaussian_with_outliers: np.ndarray) -> None:
    stats = stats_of(gaussian_with_outliers)
    assert activation_range(stats, "minmax", 99.99, False) == (-50.0, 60.0)
    for method in ("percentile", "entropy", "mse"):
        low, high = activation_range(stats, method, 99.99, False)
        assert 3.0 < high < 45.0 and -45.0 < low < -3.0, (method, low, high)  # not the outliers
    # |x| percentile of a standard gaussian: 99.99 % lies within 3.89
    assert activation_range(stats, "percentile", 99.99, False)[1] == pytest.approx(3.89, abs=0.1)
    assert activation_range(stats, "percentile", 99.9, False)[1] < 3.89 - 0.3


@pytest.mark.parametrize("method", METHODS)
def test_non_negative_tensors_keep_low_zero(gaussian_with_outliers: np.ndarray, method: str) -> None:
    stats = stats_of(np.maximum(gaussian_with_outliers, 0))
    low, high = activation_range(stats, method, 99.99, False)
    assert low == 0.0 and 3.0 < high <= 60.0
    assert (high == 60.0) == (method == "minmax")


def test_mse_threshold_minimises_the_measured_error(gaussian_with_outliers: np.ndarray) -> None:
    """The chosen range gives a lower actual quantization MSE than ranges 20 % narrower or wider."""
    x = gaussian_with_outliers

    def error(low: float, high: float) -> float:
        scale, zero_point = choose_qparams(low, high, symmetric=False, power_of_two=False)
        return float(np.mean((dequantize(quantize(x, scale, zero_point), scale, zero_point) - x) ** 2))

    low, high = activation_range(stats_of(x), "mse", 99.99, False)
    assert error(low, high) < error(low * 0.8, high * 0.8)
    assert error(low, high) < error(low * 1.2, high * 1.2)


def test_streamed_histogram_equals_one_chunk(gaussian_with_outliers: np.ndarray) -> None:
    # sorted by magnitude, so that the range keeps growing and bins keep merging
    values = gaussian_with_outliers[np.argsort(np.abs(gaussian_with_outliers))]
    whole, streamed = stats_of(values, chunks=1), stats_of(values, chunks=300)
    assert streamed.counts.size == whole.counts.size == 2048  # bounded whatever the data
    assert streamed.counts.sum() == values.size
    assert (streamed.minimum, streamed.maximum) == (whole.minimum, whole.maximum)
    tolerance = max(streamed.width, whole.width)
    for percentile in (99.0, 99.9, 99.99):
        a = activation_range(streamed, "percentile", percentile, False)
        b = activation_range(whole, "percentile", percentile, False)
        assert a == pytest.approx(b, abs=tolerance)
        exact = np.percentile(np.abs(values), percentile)
        assert a[1] == pytest.approx(exact, abs=tolerance)


def test_native_pass_equals_its_numpy_definition() -> None:
    """The C helper's range, counts and run sums are numpy_pass's, bit for bit: runs of every
    length modulo 8, values below and above the window (clamped into the guard bins), zeros of
    both signs, huge values."""
    assert native_available() == (shutil.which("cc") is not None)  # built wherever a C compiler is
    if not native_available():
        pytest.skip("no C compiler: calibration uses numpy_pass itself")
    rng = np.random.default_rng(3)
    for runs, length in ((1, 1), (3, 7), (5, 8), (4, 13), (2, 4099)):
        values = (rng.standard_normal((runs, length)) * 10).astype(np.float32)
        values.reshape(-1)[::5] = 0.0
        values.reshape(-1)[1::7] = -0.0
        values.reshape(-1)[-1] = 3e38
        windows = (None, Window(np.float32(-8.5), np.float32(3.0), 65), Window(np.float32(0), np.float32(1e-3), 2049))
        for window in windows:
            for sums in (False, True):
                got, want = calibration_pass(values, window, sums), numpy_pass(values, window, sums)
                exact = (float(values.min()), float(np.float32(3e38)), False)
                assert (got.low, got.high, got.nan) == (want.low, want.high, want.nan) == exact
                if window is not None:
                    assert got.counts is not None and want.counts is not None
                    assert np.array_equal(got.counts, want.counts) and got.counts.sum() == values.size
                    assert got.counts[window.last] >= 1  # 3e38, clamped into the last bin
                if sums:
                    assert got.sums is not None and want.sums is not None
                    assert got.sums.tobytes() == want.sums.tobytes()
                    assert np.allclose(got.sums, values.astype(np.float64).sum(axis=1), rtol=1e-12)
    zeros = np.array([[-0.0, 1.0, 0.0, 2.0]], dtype=np.float32)  # a zero minimum is +0.0, whichever comes first
    assert not np.signbit(calibration_pass(zeros, None, False).low)
    assert not np.signbit(numpy_pass(zeros, None, False).low)
    values[0, 3] = np.nan
    assert calibration_pass(values, None, True).nan and numpy_pass(values, None, True).nan


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_a_native_helper_is_built_once_per_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ferry.toolchain import native

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "answer.c"
    folder = tmp_path / "cache/ferry/native"

    def build(value: int) -> None:
        source.write_text(f"int answer(void) {{ return {value}; }}\n")
        native.load_library.cache_clear()
        library = native.load_library(source)
        assert library is not None and library.answer() == value

    for value in (42, 43):  # an edited source is another library
        build(value)
    assert len(list(folder.glob("answer-*.so"))) == 2
    build(42)  # used again: now the most recent
    for value in range(44, 44 + native.KEPT_BUILDS - 1):
        build(value)  # the folder stays bounded: the least recently used build (43) goes
    kept = sorted(folder.glob("answer-*.so"))
    assert len(kept) == native.KEPT_BUILDS
    answers = {ctypes.CDLL(str(path)).answer() for path in kept}
    assert answers == {42, *range(44, 44 + native.KEPT_BUILDS - 1)}
    source.write_text("int answer(void) { return }\n")  # does not compile: the caller's numpy twin runs
    native.load_library.cache_clear()
    assert native.load_library(source) is None
    native.load_library.cache_clear()


def test_statistics_are_the_same_without_the_native_pass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    model, _ = import_model(ROOT / "models/digits_cnn.onnx", "digits_cnn", {"input": [1, 1, 8, 8]})
    onnx.save(model, str(tmp_path / "imported.onnx"))
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    files = []
    for native in (True, False):
        if not native:
            monkeypatch.setattr(one_pass, "_native", lambda: None)
        stats = collect_statistics(tmp_path / "imported.onnx", model_batches(data, model, 64), 2048)
        save_statistics(stats, tmp_path / f"{native}.npz")
        with np.load(tmp_path / f"{native}.npz") as archive:
            files.append({key: archive[key].tobytes() for key in archive.files})
    assert files[0] == files[1]


def test_a_nan_in_calibration_is_one_clear_error(tmp_path: Path) -> None:
    """NaN met by the statistics (in the worker thread, after onnxruntime ran) stops calibration
    with one message."""
    graph = helper.make_graph([helper.make_node("Log", ["x"], ["y"], name="log")], "log",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(tmp_path / "log.onnx"))
    samples = [{"x": np.array([[1.0, 2.0, 3.0, v]], dtype=np.float32)} for v in (4.0, 5.0, -1.0, 6.0)]
    with pytest.raises(FerryError, match="computes NaN or infinity on the calibration data"):
        collect_statistics(tmp_path / "log.onnx", iter(samples), 256)


# -- the example model ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits(tmp_path_factory: pytest.TempPathFactory) -> tuple[onnx.ModelProto, TensorStatistics, Path]:
    model, _ = import_model(ROOT / "models/digits_cnn.onnx", "digits_cnn", {"input": [1, 1, 8, 8]})
    folder = tmp_path_factory.mktemp("digits")
    onnx.save(model, str(folder / "imported.onnx"))
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    stats = collect_statistics(folder / "imported.onnx", model_batches(data, model, None), 2048)
    save_statistics(stats, folder / "stats.npz")
    return model, load_statistics(folder / "stats.npz"), folder


@pytest.fixture(scope="module")
def validation() -> tuple[np.ndarray, np.ndarray]:
    with np.load(ROOT / "models/digits_val.npz") as data:
        return data["x"], data["y"]


def test_statistics_file_rederives_the_same_ranges(digits) -> None:
    model, loaded, folder = digits
    assert loaded.samples == 200
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    fresh = collect_statistics(folder / "imported.onnx", model_batches(data, model, None), 2048)
    assert fresh.tensors.keys() == loaded.tensors.keys()
    for name, stats in fresh.tensors.items():
        for method in METHODS:
            again = activation_range(loaded.tensors[name], method, 99.9, False)
            assert activation_range(stats, method, 99.9, False) == again
        assert np.array_equal(stats.channel_mean, loaded.tensors[name].channel_mean)
    relu = loaded.tensors["/features/features.2/Relu_output_0"]
    assert relu.minimum == 0.0 and relu.channel_mean.shape == (8,) and np.all(relu.channel_mean >= 0)


def test_minmax_statistics_without_a_histogram_give_the_same_ranges(digits) -> None:
    """bins 0 (every point uses minmax): the same range and channel means, no counts; a method
    that reads the histogram is refused with a message."""
    model, loaded, folder = digits
    data = DataSpec(path=ROOT / "models/digits_calib.npz", inputs={"input": "x"})
    ranges_only = collect_statistics(folder / "imported.onnx", model_batches(data, model, None), 0)
    assert ranges_only.tensors.keys() == loaded.tensors.keys()
    for name, stats in ranges_only.tensors.items():
        full = loaded.tensors[name]
        assert stats.counts.size == 0 and (stats.minimum, stats.maximum) == (full.minimum, full.maximum)
        assert np.array_equal(stats.channel_mean, full.channel_mean)
        assert activation_range(stats, "minmax", 99.9, False) == activation_range(full, "minmax", 99.9, False)
    save_statistics(ranges_only, folder / "ranges_only.npz")
    first = next(iter(loaded.tensors))
    with pytest.raises(FerryError, match="'entropy' reads a histogram, and these statistics have none"):
        activation_range(load_statistics(folder / "ranges_only.npz").tensors[first], "entropy", 99.9, False)
    qdq, _ = quantize_model(model, ranges_only, params())
    reference, _ = quantize_model(model, loaded, params())
    assert qdq.SerializeToString() == reference.SerializeToString()


@pytest.mark.parametrize("method", METHODS)
def test_qdq_example_keeps_accuracy(digits, validation, method: str) -> None:
    model, stats, _ = digits
    x, y = validation
    qdq, report = quantize_model(model, stats, params(calibration=method))
    onnx.checker.check_model(qdq, full_check=True)
    float_top1 = np.mean(run(model, x).argmax(1) == y)
    qdq_top1 = np.mean(run(qdq, x).argmax(1) == y)
    assert abs(qdq_top1 - float_top1) <= 0.01, (float_top1, qdq_top1)
    assert report.method == method and report.samples == 200 and report.kept_float == {}
    assert (report.percentile is not None) == (method == "percentile")


def test_qdq_example_follows_the_conventions(digits) -> None:
    model, stats, _ = digits
    qdq, report = quantize_model(model, stats, params())
    assert [i.name for i in qdq.graph.input] == ["input"]
    assert [o.name for o in qdq.graph.output] == ["logits"]
    compute = [n.name for n in qdq.graph.node if n.op_type not in ("QuantizeLinear", "DequantizeLinear")]
    assert compute == [n.name for n in model.graph.node]
    # Conv -> Relu fused: no Q/DQ on the pre-activation, the Relu reads the Conv's float output
    conv = node_named(qdq, "/features/features.0/Conv")
    assert node_named(qdq, "/features/features.2/Relu").input[0] == conv.output[0]
    assert not any(n.op_type == "QuantizeLinear" and n.input[0] == conv.output[0] for n in qdq.graph.node)
    assert conv.input[0] == "input_dequantized"
    assert node_named(qdq, "input_QuantizeLinear").output[0] == "input_quantized"
    assert initializer(qdq, "input_zero_point").dtype == np.int8
    assert initializer(qdq, "input_scale").shape == ()
    # the graph output: the Gemm writes logits_float, the DequantizeLinear writes logits
    assert node_named(qdq, "/classifier/classifier.4/Gemm").output[0] == "logits_float"
    assert dq_of(qdq, "logits").name == "logits_DequantizeLinear"
    # ops that move data keep their input's qparams; post-ReLU tensors use the full int8 range
    relu = qparams(qdq, "/features/features.5/Relu_output_0")
    assert relu[1] == -128
    assert qparams(qdq, "/features/features.6/MaxPool_output_0") == relu
    flatten = qparams(qdq, "/classifier/classifier.0/Flatten_output_0")
    assert flatten == qparams(qdq, "/features/features.8/Relu_output_0")
    # int32 bias: scale = input scale x weight scale, values = round(bias / scale)
    bias = dq_of(qdq, "features.7.bias_dequantized")
    input_scale, _ = qparams(qdq, "/features/features.6/MaxPool_output_0")
    w_scale = initializer(qdq, "features.7.weight_scale")
    expected = np.float32(input_scale * w_scale.astype(np.float64))
    np.testing.assert_allclose(initializer(qdq, bias.input[1]), expected)
    assert initializer(qdq, bias.input[0]).dtype == initializer(qdq, bias.input[2]).dtype == np.int32
    entry = report.activations["/features/features.5/Relu_output_0"]
    assert entry.low == 0.0 and entry.max == stats.tensors["/features/features.5/Relu_output_0"].maximum
    assert (entry.scale, entry.zero_point) == (pytest.approx(relu[0]), relu[1])


def test_per_channel_and_per_tensor_weights(digits) -> None:
    model, stats, _ = digits
    per_channel, report = quantize_model(model, stats, params(weights="per_channel"))
    per_tensor, report_t = quantize_model(model, stats, params(weights="per_tensor"))
    for weight, channels, axis in [("features.3.weight_bn_folded", 16, 0), ("classifier.1.weight", 32, 0)]:
        dq = dq_of(per_channel, f"{weight}_dequantized")
        assert helper.get_attribute_value(dq.attribute[0]) == axis
        scales = initializer(per_channel, f"{weight}_scale")
        assert scales.shape == (channels,) and len(np.unique(scales)) > 1
        values = initializer(per_channel, f"{weight}_quantized")
        assert values.dtype == np.int8 and values.min() >= -127 and values.max() <= 127
        assert np.all(np.abs(values).reshape(channels, -1).max(axis=1) == 127)  # each its own range
        assert not np.any(initializer(per_channel, f"{weight}_zero_point"))
        dq_t = dq_of(per_tensor, f"{weight}_dequantized")
        assert len(dq_t.attribute) == 0 and initializer(per_tensor, f"{weight}_scale").shape == ()
        assert report.weights[weight].per_channel and not report_t.weights[weight].per_channel
        assert report.weights[weight].scale_min < report.weights[weight].scale_max


def test_power_of_two_scales(digits) -> None:
    model, stats, _ = digits
    qdq, _ = quantize_model(model, stats, params(power_of_two_scales=True, calibration="percentile"))
    scales = [initializer(qdq, n.input[1]) for n in qdq.graph.node if n.op_type == "DequantizeLinear"]
    assert len(scales) == 8 + 5 + 5  # activations (4 pre-activations are fused), weights, biases
    for scale in scales:
        exponent = np.log2(scale.astype(np.float64))
        assert np.array_equal(exponent, np.round(exponent)), scale


def test_symmetric_activations_have_zero_point_zero(digits) -> None:
    model, stats, _ = digits
    qdq, report = quantize_model(model, stats, params(activations="symmetric"))
    assert {a.zero_point for a in report.activations.values()} == {0}
    quantizers = [n for n in qdq.graph.node if n.op_type == "QuantizeLinear"]
    assert all(initializer(qdq, n.input[2]).item() == 0 for n in quantizers)


def test_keep_float_node_reads_float_and_is_not_requantized(digits, validation) -> None:
    model, stats, _ = digits
    gemm = "/classifier/classifier.4/Gemm"
    qdq, report = quantize_model(model, stats, params(keep_float=["/classifier/classifier.4/*"]))
    node = node_named(qdq, gemm)
    assert report.kept_float == {gemm: "keep_float glob '/classifier/classifier.4/*'"}
    assert node.input[0] == "/classifier/classifier.2/Relu_output_0_dequantized"  # a DQ output
    assert node.input[1] == "classifier.4.weight" and initializer(qdq, node.input[1]).dtype == np.float32
    assert node.output[0] == "logits"
    assert not any(n.op_type == "QuantizeLinear" and n.input[0] == "logits" for n in qdq.graph.node)
    assert "logits" not in report.activations and "classifier.4.weight" not in report.weights
    x, y = validation
    assert np.mean(run(qdq, x).argmax(1) == y) > 0.95
    # a float node read by a quantized one (the Relu after a kept Conv) does get a Q/DQ pair
    conv = "/features/features.3/Conv"
    qdq, _ = quantize_model(model, stats, params(keep_float=[conv]))
    output = node_named(qdq, conv).output[0]
    assert node_named(qdq, "/features/features.5/Relu").input[0] == f"{output}_dequantized"


def test_a_split_clamp_pair_takes_the_clamp_scale(digits, validation) -> None:
    """Calibration skips a fused clamp's input; when keep_float splits the pair, that tensor takes
    the clamp output's qparams, and the model computes exactly what the fused one does."""
    model, stats, _ = digits
    conv_output, relu_output = "/features/features.4/BatchNormalization_output_0", "/features/features.5/Relu_output_0"
    assert conv_output not in stats.tensors and relu_output in stats.tensors
    fused, _ = quantize_model(model, stats, params())
    x, _ = validation
    for kept in ("/features/features.3/Conv", "/features/features.5/Relu"):
        split, report = quantize_model(model, stats, params(keep_float=[kept]))
        assert report.activations[conv_output] == report.activations[relu_output]
        assert qparams(split, conv_output) == qparams(fused, relu_output)
        if kept.endswith("Relu"):  # a float Relu of dequantized int8 values: the fused model's logits
            assert np.array_equal(run(split, x[:50]), run(fused, x[:50]))


def test_bias_correction_reduces_the_mean_output_shift(digits) -> None:
    model, stats, _ = digits
    with np.load(ROOT / "models/digits_calib.npz") as data:
        x = data["x"]
    reference = run(model, x)
    shifts = {}
    for correction in (True, False):
        qdq, report = quantize_model(model, stats, params(weights="per_tensor", bias_correction=correction))
        shifts[correction] = float(np.linalg.norm((run(qdq, x) - reference).mean(axis=0)))
        assert len(report.bias_corrected) == (5 if correction else 0)
    assert shifts[True] < 0.6 * shifts[False], shifts


@pytest.mark.parametrize("conv", [dict(pads=[1, 1, 1, 1]), dict(pads=[2, 0, 1, 2], strides=[2, 1], dilations=[1, 2]),
                                  dict(auto_pad="SAME_UPPER", strides=[2, 2])])
def test_bias_correction_counts_only_the_taps_that_read_the_input(tmp_path: Path, conv: dict) -> None:
    """On an input constant per channel the mean output shift of the weight error is exactly the
    mean of conv(x, W_q - W) over the output positions, where border taps read padding (zeros):
    the correction takes that, not the whole kernel times the channel mean (on this 5x5 map up to
    twice as much)."""
    rng = np.random.default_rng(4)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["input", "w", "b"], ["logits"], name="conv", **conv)], "padded",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 5, 5])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 4, None, None])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(np.zeros(4, np.float32), "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(tmp_path / "float.onnx"))
    imported, _ = import_model(tmp_path / "float.onnx", "m", {})
    onnx.save(imported, str(tmp_path / "imported.onnx"))
    means = rng.uniform(0.5, 2.0, (16, 3, 1, 1)).astype(np.float32)
    x = np.broadcast_to(means, (16, 3, 5, 5)).copy()
    stats = collect_statistics(tmp_path / "imported.onnx", [{"input": x[i:i + 1]} for i in range(16)], 512)
    qdq, report = quantize_model(imported, stats, params(weights="per_tensor"))
    assert report.bias_corrected == ["conv"]
    bias = node_named(qdq, "conv").input[2].removesuffix("_dequantized")
    shift = -initializer(qdq, f"{bias}_quantized") * initializer(qdq, f"{bias}_scale").astype(np.float64)
    weight = node_named(qdq, "conv").input[1].removesuffix("_dequantized")
    error = initializer(qdq, f"{weight}_quantized") * initializer(qdq, f"{weight}_scale") - w
    error_model = onnx.ModelProto()
    error_model.CopyFrom(imported)
    next(t for t in error_model.graph.initializer if t.name == "w").CopyFrom(numpy_helper.from_array(error, "w"))
    exact = run(error_model, x).mean(axis=(0, 2, 3))
    whole_kernel = error.sum(axis=(2, 3)) @ means.mean(axis=0).reshape(3)
    step = float(initializer(qdq, f"{bias}_scale"))
    assert np.abs(shift - exact).max() <= step  # the int32 bias's rounding
    assert np.abs(whole_kernel - exact).max() > 100 * step


# -- a graph with the other conventions -----------------------------------------------------


def mixed_model() -> onnx.ModelProto:
    """Conv without bias + Relu, a 1x1 Conv read by a Concat and a float BatchNormalization, a depthwise Conv and
    Sigmoid into MaxPool (a graph output), Mul by a constant, GlobalAveragePool, Flatten, MatMul
    [K, N] and Gemm with transB=0 (a graph output)."""
    rng = np.random.default_rng(3)

    def const(name: str, *shape: int, scale: float = 0.5) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["x", "wa"], ["a"], name="conv_a", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["a"], ["ra"], name="relu_a"),
        helper.make_node("Conv", ["x", "wb", "bb"], ["b"], name="conv_b"),
        helper.make_node("Conv", ["ra", "wd", "bd"], ["d"], name="dw", group=4, pads=[1, 1, 1, 1]),
        helper.make_node("Sigmoid", ["d"], ["s"], name="sigmoid"),
        helper.make_node("MaxPool", ["s"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Concat", ["ra", "b"], ["c"], name="cat", axis=1),
        helper.make_node("Mul", ["c", "k"], ["e"], name="mul"),
        helper.make_node("GlobalAveragePool", ["e"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flat"),
        helper.make_node("MatMul", ["f", "wm"], ["m"], name="mm"),
        helper.make_node("Gemm", ["m", "wg", "cg"], ["y"], name="gemm", transB=0),
        helper.make_node("BatchNormalization", ["b", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["z"], name="bn"),
    ]
    initializers = [const("wa", 4, 3, 3, 3), const("wb", 4, 3, 1, 1), const("bb", 4),
                    const("wd", 4, 1, 3, 3), const("bd", 4), const("k", 1, 8, 1, 1, scale=1.0),
                    const("wm", 8, 6), const("wg", 6, 5), const("cg", 5),
                    *(numpy_helper.from_array(np.full(4, v, dtype=np.float32), f"bn_{n}")
                      for n, v in (("scale", 2.0), ("bias", 0.5), ("mean", 0.1), ("var", 1.0)))]
    graph = helper.make_graph(
        nodes, "mixed", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5]),
         helper.make_tensor_value_info("p", TensorProto.FLOAT, [1, 4, 4, 4]),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 4, 8, 8])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return onnx.shape_inference.infer_shapes(model, strict_mode=True)


def test_conventions_on_a_mixed_graph(tmp_path: Path) -> None:
    model = mixed_model()
    onnx.save(model, str(tmp_path / "mixed.onnx"))
    x = np.random.default_rng(4).uniform(0, 1, (64, 1, 3, 8, 8)).astype(np.float32)
    stats = collect_statistics(tmp_path / "mixed.onnx", ({"x": sample} for sample in x), 512)
    qdq, report = quantize_model(model, stats, params())
    onnx.checker.check_model(qdq, full_check=True)
    assert [o.name for o in qdq.graph.output] == ["y", "p", "z"]
    # outputs of quantized nodes are rewired through Q/DQ; the float BatchNormalization's output is not
    assert node_named(qdq, "gemm").output[0] == "y_float" and node_named(qdq, "pool").output[0] == "p_float"
    assert node_named(qdq, "bn").output[0] == "z" and node_named(qdq, "bn").input[0] == "b_dequantized"
    assert report.kept_float == {"bn": "no int8 path"}
    # Concat: both inputs and the output share the union range's qparams
    assert qparams(qdq, "ra") == qparams(qdq, "b") == qparams(qdq, "c")
    cat = report.activations["c"]
    assert cat.low <= stats.tensors["b"].minimum and cat.high >= stats.tensors["ra"].maximum
    # fixed Sigmoid qparams, kept by the MaxPool after it
    assert qparams(qdq, "s") == (1 / 256, -128) and qparams(qdq, "p_float") == (1 / 256, -128)
    # weight axes: depthwise Conv 0, MatMul [K, N] 1, Gemm transB=0 1
    for weight, axis, count in [("wd", 0, 4), ("wm", 1, 6), ("wg", 1, 5)]:
        dq = dq_of(qdq, f"{weight}_dequantized")
        assert helper.get_attribute_value(dq.attribute[0]) == axis
        assert initializer(qdq, f"{weight}_scale").shape == (count,)
    # the constant of Mul is stored quantized per tensor
    assert initializer(qdq, "k_quantized").dtype == np.int8 and report.weights["k"].per_channel is False
    # the Conv without bias got one from bias correction (its input, x, has a non-zero mean)
    assert "conv_a" in report.bias_corrected and len(node_named(qdq, "conv_a").input) == 3
    assert initializer(qdq, dq_of(qdq, node_named(qdq, "conv_a").input[2]).input[0]).dtype == np.int32
    # and it still computes the float model's function
    float_run, qdq_run = session(model), session(qdq)
    for sample in x[:8]:
        for expected, actual in zip(float_run.run(None, {"x": sample}), qdq_run.run(None, {"x": sample})):
            assert np.abs(actual - expected).max() <= 0.05 * np.abs(expected).max() + 0.02


def test_concat_of_a_fixed_scale_output_with_another_range_stays_float(tmp_path: Path) -> None:
    graph = helper.make_graph(
        [helper.make_node("Sigmoid", ["x"], ["s"], name="sigmoid"),
         helper.make_node("Concat", ["s", "x"], ["c"], name="cat", axis=1)],
        "concat", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4])],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, [1, 4, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model = onnx.shape_inference.infer_shapes(model)
    onnx.save(model, str(tmp_path / "concat.onnx"))
    x = np.random.default_rng(5).normal(0, 4, (16, 1, 2, 4)).astype(np.float32)
    stats = collect_statistics(tmp_path / "concat.onnx", ({"x": sample} for sample in x), 256)
    qdq, report = quantize_model(model, stats, params())
    onnx.checker.check_model(qdq, full_check=True)
    assert report.kept_float == {"cat": "no int8 path (joins a fixed-scale output with others)"}
    assert qparams(qdq, "s") == (1 / 256, -128)  # the Sigmoid keeps its fixed qparams
    assert node_named(qdq, "cat").input[:] == ["s_dequantized", "x"] and "c" not in report.activations
