"""Sparse weight storage: every format decodes to the weights, the smallest is chosen, the MACs
codegen predicts equal a counting build, and the generated C++ is bit-exact in every format."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ferry.stages.common import sparse
from tests.conftest import run_doit
from tests.test_simulate import _assert_counts_equal
from tests.test_sparsify import QUANTIZE, _project, residual  # noqa: F401  (fixture)


def _sparse_matrix(rng: np.random.Generator, rows: int, depth: int, density: float) -> np.ndarray:
    values = rng.integers(-127, 128, (rows, depth))
    return (values * (rng.random((rows, depth)) < density)).astype(np.int8)


@pytest.mark.parametrize("density", [1.0, 0.8, 0.5, 0.25, 0.05, 0.0])
def test_every_format_decodes_to_the_weights(density: float) -> None:
    weights = _sparse_matrix(np.random.default_rng(int(density * 100)), 12, 40, density)
    for storage in sparse.candidates(weights):
        np.testing.assert_array_equal(sparse.decode(storage, 12, 40), weights, err_msg=storage.format)
    chosen = sparse.smallest(weights)
    assert chosen.nbytes == min(s.nbytes for s in sparse.candidates(weights))


def test_format_sizes_and_choices() -> None:
    rng = np.random.default_rng(0)
    dense = _sparse_matrix(rng, 16, 64, 1.0)
    assert sparse.smallest(dense).format == "dense" and sparse.smallest(dense).nbytes == 16 * 64
    half = _sparse_matrix(rng, 16, 64, 0.5)
    chosen = sparse.smallest(half)
    assert chosen.format == "bitmask"
    assert chosen.nbytes == 16 * 64 // 8 + np.count_nonzero(half)  # 1 bit per weight + values
    very = _sparse_matrix(rng, 16, 64, 0.04)
    chosen = sparse.smallest(very)
    nnz = np.count_nonzero(very)
    assert chosen.format == "csr" and chosen.nbytes == 2 * nnz + 2 * 17  # uint8 index, uint16 starts
    one_of_four = dense.reshape(16, 16, 4).copy()
    one_of_four[..., 1:] = 0  # at most 1 non-zero in every 4
    chosen = sparse.smallest(one_of_four.reshape(16, 64))
    assert (chosen.format, chosen.n, chosen.m) == ("n_m", 1, 4)
    assert chosen.nbytes == 16 * 16 + 16 * 16 // 4  # a value and a 2-bit position per group
    assert sparse.n_m(half, 3) is None  # 64 % 3


def test_conv_macs_skip_padding_and_zeros() -> None:
    """The count against a literal loop over a 2-D conv with padding and strides."""
    rng = np.random.default_rng(3)
    out_c, in_c, k, size, stride, pad = 5, 3, 3, 7, 2, 1
    weights = _sparse_matrix(rng, out_c, in_c * k * k, 0.4)
    out = (size + 2 * pad - k) // stride + 1
    expected = 0
    for o in range(out_c):
        for j in np.flatnonzero(weights[o]):
            ky, kx = j % (k * k) // k, j % k
            for oy in range(out):
                for ox in range(out):
                    iy, ix = oy * stride - pad + ky, ox * stride - pad + kx
                    expected += 0 <= iy < size and 0 <= ix < size
    per_axis = sparse.valid_positions(size, out, k, stride, 1, pad)
    meets = np.tile(np.outer(per_axis, per_axis).reshape(-1), in_c)
    assert sparse.executed_macs(sparse.bitmask(weights), out_c, in_c * k * k, meets) == expected
    assert sparse.executed_macs(sparse.csr(weights), out_c, in_c * k * k, meets) == expected


FORMATS = """\
  - kind: sparsify
    min_params: 0
    layers:
      - {match: convB, method: n_m, pattern: {n: 1, m: 4}}
      - {match: convD, sparsity: 0.95}"""


def test_generated_code_in_every_format_is_bit_exact_and_counts_its_macs(residual) -> None:  # noqa: F811
    _, _, _, folder = residual
    run_doit(_project(folder, f"{FORMATS}\n{QUANTIZE}"))
    base = folder / "outputs" / "res" / "residual"
    compare = json.loads((base / "host" / "evaluate" / "compare.json").read_text())
    assert compare["int8"]["cpp_vs_golden_mismatches"] == 0 and compare["int8"]["first_mismatch"] is None
    assert all(layer["cpp_mismatches"] == 0 for layer in compare["int8"]["layers"])
    package = base / "codegen" / "package"
    manifest = json.loads((package / "package.json").read_text())
    formats = {layer["node"]: (layer["format"], layer["pattern"]) for layer in manifest["weight_storage"]}
    assert formats == {"stem": ("bitmask", None), "convA": ("bitmask", None), "convB": ("n_m", "1:4"),
                       "convC": ("bitmask", None), "convD": ("csr", None), "fc": ("bitmask", None)}
    storage = manifest["weight_storage"]
    assert manifest["weights_bytes_dense"] - manifest["weights_bytes"] == \
        sum(layer["dense_bytes"] - layer["bytes"] for layer in storage)
    model_cpp = (package / "model.cpp").read_text()
    assert "ferry::sparse::Csr<uint8_t, uint16_t>{" in model_cpp and "/*n=*/1, /*m=*/4, /*bits=*/2}" in model_cpp
    # the counting build of the sparse kernels equals the simulator, layer by layer
    planned = json.loads((package / "memory_plan.json").read_text())["layers"]
    assert _assert_counts_equal(package, Path(folder)) == len(planned)
    assert sum(layer["macs"] for layer in storage) < 0.5 * sum(layer["dense_macs"] for layer in storage)
    report = json.loads((base / "host" / "report.json").read_text())
    assert report["memory"]["weight_storage"] == storage
    assert report["memory"]["weights_bytes_dense"] == manifest["weights_bytes_dense"]


def test_the_dense_shortcut_agrees_with_building_every_format() -> None:
    """sparse.dense_is_smallest decides from the non-zero count alone; on matrices around its
    bounds (K from 1 to 64, every fraction of zeros) it never skips a smaller sparse format."""
    rng = np.random.default_rng(7)
    shortcuts = 0
    for depth in (1, 2, 3, 8, 16, 17, 64):
        for zeros in np.linspace(0.0, 0.6, 25):
            weights = rng.integers(1, 127, (8, depth)).astype(np.int8)
            weights[rng.random(weights.shape) < zeros] = 0
            full = min(sparse.candidates(weights), key=lambda s: (s.nbytes, sparse.FORMAT_ORDER.index(s.format)))
            if sparse.dense_is_smallest(weights):
                shortcuts += 1
                assert full.format == "dense", (depth, zeros, full.format)
            assert sparse.smallest(weights).nbytes == full.nbytes
    assert shortcuts >= 30  # the shortcut is taken on the dense-ish matrices (39 of 175)
