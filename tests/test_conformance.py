"""The ONNX project's backend node tests for every supported op, through ferry's whole chain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ferry.stages.codegen.kernel_call import LOWERINGS
from ferry.stages.common.ops import INTEGER_OPS, SUPPORTED_OPS
from tests.conftest import ROOT


def test_supported_ops_are_exactly_the_lowered_ops() -> None:
    assert set(LOWERINGS) == SUPPORTED_OPS | INTEGER_OPS  # ONNX ops, and the ai.ferry int8 ops


@pytest.mark.slow
def test_onnx_node_tests_pass_rate(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "bench.onnx_conformance", "--json", str(results)], cwd=ROOT, check=True,
                   capture_output=True, text=True, timeout=1200)
    data = json.loads(results.read_text())
    assert set(data["per_op"]) == SUPPORTED_OPS  # every listed op has node tests and ran
    assert data["passed"] / data["total"] >= 0.90, data["failures"]
    crashes = [f for f in data["failures"] if "Error:" in f["reason"] and "FerryError" not in f["reason"]]
    assert not crashes, crashes  # a failure is a clear 'unsupported' reason, never a crash
