"""The model zoo's first generation: opset 9, IR version 3 (tests/onnx_builders.model_zoo_opset9)
and the onnx package's light models (all nine run by bench/onnx_light.py; two here, through it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

from ferry.stages.codegen import generate_package
from ferry.stages.common.reference import onnxruntime_tensors
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.toolchain.hostrun import run_samples
from tests import onnx_builders as builders
from tests.conftest import ROOT

FLAGS = ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror"]


def _imported(original: onnx.ModelProto, folder: Path) -> onnx.ModelProto:
    onnx.save(original, str(folder / "zoo.onnx"))
    model, summary = import_model(folder / "zoo.onnx", "zoo", {})
    # the initializers left the inputs and the IR version went up with them: the checker accepts it
    assert [i.name for i in model.graph.input] == ["data_0"] and model.ir_version >= 7
    assert summary.opset == 13
    assert summary.ops == {"BatchNormalization": 1, "Conv": 1, "LRN": 1, "Mul": 1, "Relu": 1,
                           "Resize": 2, "Sum": 1}  # Upsample became Resize, Dropout went
    return model


@pytest.mark.parametrize("opset", [7, 8])
def test_opset7_and_8_forms_import(opset: int, tmp_path: Path) -> None:
    model = _imported(builders.model_zoo_first_generation(opset), tmp_path)
    resize = next(n for n in model.graph.node if n.op_type == "Resize")
    scales = next(t for t in model.graph.initializer if t.name == resize.input[2])
    assert onnx.numpy_helper.to_array(scales).tolist() == [1.0, 1.0, 2.0, 2.0]  # the attribute's


def test_opset9_forms_import_and_run_as_onnxruntime(tmp_path: Path) -> None:
    original = builders.model_zoo_first_generation(9)
    model = _imported(original, tmp_path)
    onnx.save(model, str(tmp_path / "imported.onnx"))
    manifest = generate_package(tmp_path / "imported.onnx", "zoo", tmp_path / "package")
    runner = build_host(tmp_path / "package", tmp_path / "build", "g++", FLAGS)
    rng = np.random.default_rng(0)
    samples = [{"data_0": rng.standard_normal((1, 3, 6, 6)).astype(np.float32)} for _ in range(3)]
    for got, want in zip(run_samples(runner, manifest, samples), onnxruntime_tensors(original, samples)):
        assert got["prob"].shape == want["prob"].shape == (1, 4, 12, 12)
        np.testing.assert_allclose(got["prob"], want["prob"], rtol=1e-5, atol=1e-6)


def _light(name: str, weights: str, folder: Path) -> dict:
    """bench/onnx_light.py's row for one model, run as the program (the bench owns the runner)."""
    rows = folder / "rows.json"
    done = subprocess.run([sys.executable, "-m", "bench.onnx_light", "--models", name, "--weights", weights,
                           "--json", str(rows)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert rows.is_file(), f"bench.onnx_light wrote no rows:\n{done.stdout}{done.stderr[-2000:]}"
    (row,) = json.loads(rows.read_text())
    assert "error" not in row, row
    return row


@pytest.mark.slow
def test_a_light_model_runs_fp32_as_shipped(tmp_path: Path) -> None:
    shipped = _light("squeezenet", "shipped", tmp_path)  # IR 3, Dropout, Concat
    assert shipped["output_range"] == 0.0 and shipped["relative_error"] < 1e-5  # every class equal


@pytest.mark.slow
@pytest.mark.parametrize("name", ["squeezenet", "shufflenet"])  # Dropout, Concat; Sum, Transpose
def test_light_models_with_random_weights_run_fp32_as_onnxruntime(name: str, tmp_path: Path) -> None:
    randomized = _light(name, "random", tmp_path)
    assert randomized["output_range"] > 0 and randomized["relative_error"] < 1e-4
