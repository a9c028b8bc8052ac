"""The bundled example end to end: README's first command must give these numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_digits_example_matches_onnxruntime(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
               f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={tmp_path}"]
    process = subprocess.run(command, capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "ferry: 5 ran, 0 up to date, 0 failed" in process.stdout  # quiet when piped
    report = json.loads((tmp_path / "digits/digits_cnn/host/report.json").read_text())
    assert report["compare"]["fp32"]["max_abs_err"] < 1e-4
    assert report["compare"]["fp32"]["top1_agreement"] == 1.0
    assert report["compare"]["samples"] == 360
    assert report["accuracy"]["cpp_top1"] == report["accuracy"]["fp32_top1"]
    assert report["accuracy"]["fp32_top1"] > 0.95
    # BatchNorm folded, Dropout gone: what codegen sees is Conv/Relu/MaxPool/Flatten/Gemm only.
    assert set(report["summary"]["ops"]) == {"Conv", "Relu", "MaxPool", "Flatten", "Gemm"}
    assert report["memory"]["arena_bytes"] <= report["memory"]["arena_naive_bytes"]
    model_cpp = (tmp_path / "digits/digits_cnn/codegen/package/model.cpp").read_text()
    assert model_cpp.count("ferry::conv(") == 3 and "new " not in model_cpp
