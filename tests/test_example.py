"""The bundled example end to end: README's first command must give these numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools


def test_digits_example_int8_is_bit_exact_and_accurate(tmp_path: Path) -> None:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)  # the example also runs on the Cortex-M55 in QEMU
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
               f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={tmp_path}"]
    process = subprocess.run(command, capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "ferry: 10 ran, 0 up to date, 0 failed" in process.stdout  # quiet when piped
    report = json.loads((tmp_path / "digits/digits_cnn/host/report.json").read_text())
    int8 = report["compare"]["int8"]
    assert int8["cpp_vs_golden_mismatches"] == 0 and int8["first_mismatch"] is None
    assert all(layer["cpp_mismatches"] == 0 for layer in int8["layers"])
    assert len(int8["layers"]) == 7 and int8["sqnr_db_min"] > 30
    assert report["compare"]["samples"] == 360
    accuracy = report["accuracy"]
    assert accuracy["int8_top1"] == accuracy["cpp_top1"]
    assert accuracy["fp32_top1"] - accuracy["cpp_top1"] <= 0.005  # issue 3: within 0.5 points
    assert accuracy["fp32_top1"] > 0.95
    # BatchNorm folded, Dropout gone: what codegen sees is Conv/Relu/MaxPool/Flatten/Gemm only.
    assert set(report["summary"]["ops"]) == {"Conv", "Relu", "MaxPool", "Flatten", "Gemm"}
    assert report["memory"]["arena_bytes"] <= report["memory"]["arena_naive_bytes"]
    model_cpp = (tmp_path / "digits/digits_cnn/codegen/package/model.cpp").read_text()
    assert model_cpp.count("ferry::q::conv(") == 3 and "new " not in model_cpp
    # int8 weights: about one byte per parameter (plus int32 bias, multiplier, shift per channel)
    channels = 8 + 16 + 16 + 32 + 10
    assert report["memory"]["weights_bytes"] <= 1.05 * report["summary"]["params"] + 12 * channels

    m55 = json.loads((tmp_path / "digits/digits_cnn/cortex_m55/report.json").read_text())
    embedded = m55["embedded"]
    assert (embedded["samples"], embedded["qemu_mismatches"], embedded["golden_mismatches"]) == (20, 0, 0)
    assert m55["compare"]["int8"]["cpp_vs_golden_mismatches"] == 0
    weights = m55["memory"]["weights_bytes"]
    image = embedded["firmware"]  # the whole QEMU image: library, startup, runner, libc parts
    assert weights < embedded["text_bytes"] <= image["text_bytes"] + image["data_bytes"] <= weights + 24 * 1024
    assert embedded["flash"]["within"] and embedded["sram"]["within"]
    assert embedded["bss_bytes"] == m55["memory"]["arena_bytes"]
