"""LRN in int8 (AlexNet, GoogLeNet, ZFNet): QLrn's golden twin and the C++ kernel agree bit for bit,
and both stay within one output step of the float LRN on the same int8 input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.stages.common.golden import LRN_INDEX_BITS, GoldenModel, lrn_factor, lrn_table_sums
from ferry.stages.common.layout import KERNELS_DIR
from ferry.stages.common.quant import dequantize, quantize
from tests.test_int8 import FLAGS, _build, _evaluate, _quantized


def _lrn_model(size: int, alpha: float, beta: float, bias: float, channels: int) -> onnx.ModelProto:
    """A Conv and ReLU (AlexNet's order), the LRN, and a 1x1 Conv reading it."""
    rng = np.random.default_rng(size)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c"], ["r"], name="relu"),
         helper.make_node("LRN", ["r"], ["n"], name="norm", size=size, alpha=alpha, beta=beta, bias=bias),
         helper.make_node("Conv", ["n", "w2"], ["y"], name="head")],
        "lrn", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 6, 6])],
        [numpy_helper.from_array(rng.standard_normal((channels, 3, 3, 3)).astype(np.float32), "w"),
         numpy_helper.from_array(rng.standard_normal((4, channels, 1, 1)).astype(np.float32) * 0.3, "w2")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _float_lrn(x: np.ndarray, size: int, alpha: float, beta: float, bias: float) -> np.ndarray:
    """ONNX LRN in float64."""
    squares = np.pad(x.astype(np.float64) ** 2, [(0, 0), ((size - 1) // 2, size // 2), (0, 0), (0, 0)])
    window = sum(squares[:, k:k + x.shape[1]] for k in range(size))
    return x / (bias + alpha / size * window) ** beta


# (size, alpha, beta, bias, channels): AlexNet's and GoogLeNet's LRN with a strong alpha, so the
# factor spans a wide range; a window wider than the channels; bias 2 and beta 0.5
LRNS = [(5, 0.1, 0.75, 1.0, 8), (9, 0.5, 0.75, 1.0, 6), (3, 0.02, 0.5, 2.0, 8)]


@pytest.mark.parametrize("size, alpha, beta, bias, channels", LRNS)
def test_lrn_is_int8_bit_exact_and_within_one_step_of_float(tmp_path: Path, size: int, alpha: float, beta: float,
                                                             bias: float, channels: int) -> None:
    samples = np.random.default_rng(0).standard_normal((12, 3, 6, 6)).astype(np.float32) * 2
    qdq = _quantized(tmp_path, _lrn_model(size, alpha, beta, bias, channels), samples)
    manifest, runner = _build(tmp_path, qdq)
    int8 = _evaluate(tmp_path, manifest, runner).int8
    assert int8 is not None and not int8.float_layers
    assert int8.cpp_vs_golden_mismatches == 0 and int8.first_mismatch is None
    golden = GoldenModel(tmp_path / "integer.onnx")
    norm = next(n for n in golden.model.graph.node if n.name == "norm")
    assert norm.op_type == "QLrn"
    (x_name, table_name), y_name = norm.input, norm.output[0]
    table = next(numpy_helper.to_array(t) for t in golden.model.graph.initializer if t.name == table_name)
    assert table.size == (1 << LRN_INDEX_BITS) + (table.size - (1 << LRN_INDEX_BITS) - 1) // 64 * 64 + 1
    steps = []
    for i in range(len(samples)):
        layers = golden.run(golden.feeds({"x": samples[i:i + 1]}), intermediate=True)
        x = dequantize(layers[x_name], *golden.qparams[x_name]).astype(np.float64)
        exact = quantize(_float_lrn(x, size, alpha, beta, bias), *golden.qparams[y_name])
        steps.append(np.abs(layers[y_name].astype(np.int64) - exact).reshape(-1))
    steps = np.concatenate(steps)
    assert steps.max() <= 1 and np.mean(steps == 0) > 0.98
    assert int8.output_sqnr_db > 25
    if size == 5:  # the simulator's model of ferry::q::lrn reads and writes what the C++ does
        from tests.test_simulate import _assert_counts_equal

        assert _assert_counts_equal(tmp_path / "package", tmp_path) == 3


def test_lrn_factor_interpolates_between_the_entries_of_each_octave(tmp_path: Path) -> None:
    """Entries stand for S below 2^7, then 64 per octave; S between two entries interpolates
    linearly, rounding half up, and S on an entry reads it; the C++ `ferry::q::lrn_factor` gives
    the golden model's value for every S up to 2^10."""
    sums = lrn_table_sums(128 + 3 * 64 + 1)
    assert sums[:130].tolist() == [*range(128), 128, 130] and sums[128 + 64].tolist() == 256
    assert sums[-1] == 1 << 10
    table = (1_000_000 // (1 + sums)).astype(np.int32)  # decreasing, like (bias + c·S)^-beta
    assert (lrn_factor(table, sums) == table).all()
    between = np.array([129, 131, 257, 258, 259, 1023])
    low = np.searchsorted(sums, between, side="right") - 1
    weight = (between - sums[low]) / (sums[low + 1] - sums[low])
    expected = np.floor(table[low] + (table[low + 1].astype(np.int64) - table[low]) * weight + 0.5)
    assert lrn_factor(table, between).tolist() == expected.astype(np.int64).tolist()
    every = np.arange(1 << 10)
    source = (f'#include <cstdio>\n#include "ferry_int8.h"\nstatic const int32_t table[] = {{'
              f'{", ".join(map(str, table))}}};\nint main() {{\n  for (int32_t s = 0; s < {every.size}; ++s) '
              'std::printf("%d\\n", ferry::q::lrn_factor(table, s));\n}\n')
    (tmp_path / "harness.cpp").write_text(source)
    subprocess.run(["g++", *FLAGS, "-I", str(KERNELS_DIR), str(tmp_path / "harness.cpp"), "-o", str(tmp_path / "h")],
                   check=True)
    printed = subprocess.run([str(tmp_path / "h")], capture_output=True, text=True, check=True).stdout.split()
    assert [int(v) for v in printed] == lrn_factor(table, every).tolist()
