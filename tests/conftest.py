"""Shared fixtures: small models built on the fly and a doit runner that reports what executed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--hostile-full", action="store_true",
                     help="tests/test_hostile.py with every seed and race bench/hostile.py counts (slower)")
HOST_TARGET = ROOT / "targets" / "host.yaml"


def doit_command(spec_dir: Path, *args: str) -> list[str]:
    """doit with ferry's dodo.py, run in spec_dir on spec_dir/pipeline.yaml."""
    return [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec_dir), *args,
            f"pipeline={spec_dir / 'pipeline.yaml'}"]


def run_doit(spec_dir: Path, *args: str, check: bool = True) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """Run doit on spec_dir/pipeline.yaml; returns the process and {task: result} of real tasks.

    Results are doit's json reporter's: 'success', 'up-to-date', 'fail'. Group tasks (no ':')
    are left out.
    """
    process = subprocess.run(doit_command(spec_dir, "--reporter=json", *args), capture_output=True, text=True,
                             cwd=spec_dir, env={**os.environ, "PYTHONPATH": str(ROOT)})
    results = {}
    if process.stdout.strip().startswith("{"):
        report = json.loads(process.stdout)
        results = {t["name"]: t["result"] for t in report["tasks"] if ":" in t["name"]}
    if check and process.returncode != 0:
        raise AssertionError(f"doit failed ({process.returncode}):\n{process.stdout}\n{process.stderr}")
    return process, results


def executed(results: dict[str, str]) -> set[str]:
    return {name for name, result in results.items() if result == "success"}


def tiny_cnn(seed: int = 0, scale: float = 1.0) -> onnx.ModelProto:
    """Two convolutions with a dynamic batch: small enough to build in a second."""
    rng = np.random.default_rng(seed)
    w1 = (rng.standard_normal((4, 1, 3, 3)) * scale).astype(np.float32)
    b1 = rng.standard_normal(4).astype(np.float32)
    w2 = rng.standard_normal((3, 4, 3, 3)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w1", "b1"], ["h"], name="conv1", pads=[1, 1, 1, 1]),
         helper.make_node("Conv", ["h", "w2"], ["y"], name="conv2", strides=[2, 2])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3, 3, 3])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
         numpy_helper.from_array(w2, "w2")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


SPEC = """\
pipeline: tiny
models:
{models}
targets: [targets/host.yaml]
stages:
  - kind: import
  - kind: codegen
  - kind: compile
    extra_flags: [-O0]
  - kind: evaluate
"""

MODEL = """\
  - name: {name}
    onnx: {name}.onnx
    input_shapes: {{x: [2, 1, 8, 8]}}
    validation: {{path: val.npz}}
"""


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A spec folder with two tiny models (a, b), their data and the host target."""
    (tmp_path / "targets").mkdir()
    shutil.copy(HOST_TARGET, tmp_path / "targets" / "host.yaml")
    onnx.save(tiny_cnn(0), str(tmp_path / "a.onnx"))
    onnx.save(tiny_cnn(1), str(tmp_path / "b.onnx"))
    rng = np.random.default_rng(2)
    np.savez(tmp_path / "val.npz", x=rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
    models = "".join(MODEL.format(name=n) for n in ("a", "b"))
    (tmp_path / "pipeline.yaml").write_text(SPEC.format(models=models))
    return tmp_path


ARM_TOOLCHAIN = ("arm-none-eabi-g++", "arm-none-eabi-ar", "arm-none-eabi-size")
QEMU_ARM = "qemu-system-arm"


def require_tools(*programs: str) -> None:
    """Embedded tests need the Arm toolchain and QEMU. Absent on a developer machine: skipped,
    with the reason; absent under CI (which installs them with .ci/setup): a failure."""
    missing = [program for program in programs if shutil.which(program) is None]
    if not missing:
        return
    message = f"{', '.join(missing)} not on PATH: install with .ci/setup"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"CI is set and {message}")
    pytest.skip(message)


def declared_dims(value_info: onnx.ValueInfoProto) -> list[str | int]:
    """A graph input's or output's dimensions as declared: a name, a size, or '?' when unknown."""
    return [d.dim_param or (d.dim_value if d.HasField("dim_value") else "?")
            for d in value_info.type.tensor_type.shape.dim]


def onnxruntime_output(model: bytes, input_name: str, samples: np.ndarray, one_by_one: bool = False) -> np.ndarray:
    """onnxruntime's first output for the samples as one batch, or for each sample alone (stacked)."""
    import onnxruntime as ort

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    if not one_by_one:
        return session.run(None, {input_name: samples})[0]
    return np.concatenate([session.run(None, {input_name: samples[i:i + 1]})[0] for i in range(len(samples))])
