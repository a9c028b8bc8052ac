"""The bundled example end to end: README's first command must give these numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_reports import check_report_pages


def test_digits_example_int8_is_bit_exact_and_accurate(tmp_path: Path) -> None:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)  # the example also runs on the Cortex-M55 in QEMU
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
               f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={tmp_path}"]
    process = subprocess.run(command, capture_output=True, text=True)
    assert process.returncode == 0, process.stdout + process.stderr
    # per model: import, calibrate, quantize, codegen; compile, evaluate and report per target;
    # simulate on the two that describe silicon (gpnpu_1tops, cortex_m55)
    assert "ferry: 15 ran, 0 from cache, 0 up to date, 0 failed" in process.stdout  # quiet when piped
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
    assert m55["budget"]["verdict"] == "pass"  # flash and SRAM within the M55's budget, and latency
    flash = next(item for item in m55["budget"]["items"] if item["name"] == "flash_bytes")
    assert flash["figure"] == embedded["flash_bytes"]  # measured on the cross-compiled library
    assert embedded["bss_bytes"] == m55["memory"]["arena_bytes"]
    # measured per layer in QEMU; the cost model within its bounds; latency judged on the measurement
    measured, error = m55["profile"]["measured"], m55["profile"]["error"]
    assert measured["where"] == "emulator" and measured["samples"] == 3 and len(measured["layers"]) == 7
    assert abs(error["total_error"]) <= 0.25 and error["correlation"] >= 0.9
    latency = next(item for item in m55["budget"]["items"] if item["name"] == "latency_ms")
    assert latency["basis"].startswith("measured: ") and "(ASSUMED)" in latency["basis"]
    assert latency["figure"] == pytest.approx(measured["total_instructions"] * error["cycles_per_instruction"]
                                              / 160e6 * 1e3)
    # the host's clock varies from run to run: its profile stays in evaluate/, out of the reproducible report
    assert report["profile"] is None
    host = json.loads((tmp_path / "digits/digits_cnn/host/evaluate/profile.json").read_text())
    assert host["where"] == "host" and host["total_time_us"] > 0 and len(host["layers"]) == 7
    _check_simulated_report(tmp_path / "digits/digits_cnn")
    check_report_pages(tmp_path / "digits/digits_cnn", tmp_path)


class _Marks(HTMLParser):
    """The data-* attributes of every mark of every plot, by plot id."""

    def __init__(self) -> None:
        super().__init__()
        self.plots: dict[str, list[dict[str, str]]] = {}
        self.svg: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self.svg = values["id"]
            self.plots[self.svg] = []
        elif self.svg is not None and any(k.startswith("data-") for k in values):
            self.plots[self.svg].append({k[5:]: v for k, v in values.items() if k.startswith("data-")})
        if tag in ("script", "link", "img") or "src" in values:
            self.external.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg = None


def _check_simulated_report(model_dir: Path) -> None:
    report = json.loads((model_dir / "gpnpu_1tops/report.json").read_text())
    plan = json.loads((model_dir / "codegen/package/memory_plan.json").read_text())
    sim, memory, budget = report["sim"], report["memory"], report["budget"]
    assert budget["verdict"] == "pass" and {i["name"] for i in budget["items"]} == {
        "latency_ms", "sram_bytes", "flash_bytes", "energy_uj"}
    assert sim["cycles"] == sum(layer["cycles"] for layer in sim["layers"])
    assert sim["latency_ms"] == sim["cycles"] / 1e9 * 1e3
    assert sim["macs"] == 99_936 < report["summary"]["macs"]  # padding taps are not executed
    # the plan: at the lower bound, never above greedy; flash holds the weights and some code
    assert memory["arena_bytes"] == memory["arena_lower_bound_bytes"] <= memory["arena_greedy_bytes"]
    assert memory["flash_bytes"] > memory["weights_bytes"] and memory["code_bytes"] > 0
    assert memory["peak_sram_bytes"] >= memory["arena_bytes"] + memory["io_bytes"]
    page = _Marks()
    page.feed((model_dir / "gpnpu_1tops/report.html").read_text())
    assert page.external == []  # self-contained: no scripts, stylesheets or images to fetch
    cycles = page.plots["cycles-chart"]
    assert [int(m["cycles"]) for m in cycles] == [layer["cycles"] for layer in sim["layers"]]
    assert [m["layer"] for m in cycles] == [layer["node"] for layer in sim["layers"]]
    arena = page.plots["arena-chart"]
    tensors = [m for m in arena if "tensor" in m]
    assert [(m["tensor"], int(m["offset"]), int(m["bytes"])) for m in tensors] == [
        (t["name"], t["offset"], t["bytes"]) for t in plan["tensors"]]
    assert [int(m["bytes"]) for m in arena if "tensor" not in m] == [memory["arena_lower_bound_bytes"]]
    items = {m["item"]: m for m in page.plots["budget-chart"]}
    for item in budget["items"]:
        assert float(items[item["name"]]["figure"]) == item["figure"]
        assert float(items[item["name"]]["limit"]) == item["limit"]
    accuracy = {m["name"]: float(m["top1"]) for m in page.plots["accuracy-chart"]}
    assert accuracy["C++"] == pytest.approx(report["accuracy"]["cpp_top1"])
    assert len(page.plots["sqnr-chart"]) == len(report["compare"]["int8"]["layers"])
    host = (model_dir / "host/report.html").read_text()
    assert "arena-chart" in host and "cycles-chart" not in host  # no silicon described for the host

