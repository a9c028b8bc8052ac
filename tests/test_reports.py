"""The report pages as a person sees them: every section present and no text clipped, measured in
headless Chromium; the page and the Markdown hold the per-layer table, the evidence and the links;
the comparison with the previous run; layers.csv; sweep.html's plots."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.report import Report
from ferry.schemas.sweep import SweepReport
from ferry.stages.report import layers_csv, previous_run
from ferry.stages.report_view import render_html, render_markdown
from ferry.stages.sweep_report import nice_ticks, with_fronts
from ferry.stages.sweep_report import render_html as render_sweep_html
from tests.conftest import ROOT, require_tools
from tests.test_sweep import _row

# The sections of each example page, in order (README's three targets).
SECTIONS = {
    "host": ["summary", "verification", "accuracy", "layers", "memory", "previous", "stages", "artifacts"],
    "gpnpu_1tops": ["summary", "verification", "accuracy", "budget", "layers", "simulation", "memory", "previous",
                    "stages", "artifacts"],
    "cortex_m55": ["summary", "verification", "accuracy", "budget", "layers", "simulation", "memory", "embedded",
                   "previous", "stages", "artifacts"],
}


def measure_layout(page: Path, scratch: Path) -> dict[str, list]:
    """The page's sections, charts and layout problems as headless Chromium lays it out, measured by
    the bench's browser tool run as a program (python -m bench.browser)."""
    done = subprocess.run([sys.executable, "-m", "bench.browser", str(page.resolve()), "--scratch",
                           str(scratch.resolve())], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"bench.browser failed on {page}:\n{done.stderr[-2000:]}"
    return json.loads(done.stdout)


def check_report_pages(model_dir: Path, scratch: Path) -> None:
    """Called by the example's end-to-end test on its fresh build (tests/test_example.py)."""
    require_tools("chromium")
    plan = MemoryPlanRecord.model_validate_json((model_dir / "codegen/package/memory_plan.json").read_text())
    for target, sections in SECTIONS.items():
        folder = model_dir / target
        report = Report.model_validate_json((folder / "report.json").read_text())
        layout = measure_layout(folder / "report.html", scratch)
        assert layout["sections"] == sections, target
        assert layout["problems"] == [], (target, layout["problems"])
        html = (folder / "report.html").read_text()
        markdown = (folder / "report.md").read_text()
        assert html == render_html(report, plan) and markdown == render_markdown(report, plan)
        # the per-layer table: every call, in both renderings, and in the CSV with the same figures
        assert [r.node for r in report.layers] == [planned.node for planned in plan.layers] and len(report.layers) == 7
        for row in report.layers:
            assert f"<td><code>{row.node}</code></td><td>{row.op}</td>" in html
            assert f"| {row.index} | `{row.node}` | {row.op} |" in markdown
        rows = list(csv.DictReader((folder / "layers.csv").read_text().splitlines()))
        assert [r["node"] for r in rows] == [layer.node for layer in report.layers]
        assert [int(r["weight_bytes"]) for r in rows] == [layer.weight_bytes for layer in report.layers]
        assert sum(layer.weight_bytes for layer in report.layers) >= report.memory.weights_bytes
        assert all(r["exact"] == "True" for r in rows)
        assert all(layer.sqnr_db and layer.sqnr_db > 30 for layer in report.layers)
        # the evidence: C++ = golden model, the LSB histogram against onnxruntime
        assert "0 mismatching output elements, every layer bit-exact" in html
        assert "Layers compared bit for bit: 7; within a stated tolerance" in html
        histogram = report.compare.int8.lsb_vs_onnxruntime  # type: ignore[union-attr]
        # within one step of the QDQ model (docs/numerics.md): a value on a half step may round
        # the other way (the digits example has one since bias correction skips padded taps)
        assert set(histogram) <= {"0", "1"} and sum(histogram.values()) == 3600 and histogram["0"] >= 3582
        assert f"<td>0 LSB</td><td>{histogram['0']:,}</td>" in html
        # every artifact link resolves (the bundle is written after the report, by its own stage)
        links = re.findall(r'<li><a href="([^"]+)">', html[html.index('id="artifacts"'):])
        assert len(links) == len(report.artifacts) >= 7
        assert all((folder / link).exists() for link in links), links
        if report.sim is not None:
            assert f"<td>{report.sim.layers[1].cycles:,}</td>" in html
            assert all(r.estimated_cycles is not None for r in report.layers)
            budget = html[html.index('<section id="budget">'):html.index('<section id="layers">')]
            shown = re.sub(r"<[^>]+>", " ", budget)  # the text, not the data-* keys
            # a unit a person reads (the M55's latency, measured in QEMU, is milliseconds)
            assert "<td>latency</td><td>" in budget and "latency_ms" not in shown and re.search(r" [um]s\b", shown)
        else:
            assert "est. cycles" not in html and "cycles-chart" not in html
    m55 = (model_dir / "cortex_m55" / "report.html").read_text()
    assert "ran 20 validation samples; output elements differing from the host C++ 0, from the golden model 0" in m55
    # the library's sizes as the target's size program measured them (they move with the kernels)
    sizes = Report.model_validate_json((model_dir / "cortex_m55" / "report.json").read_text()).embedded
    assert sizes is not None and sizes.flash_bytes == sizes.text_bytes + sizes.data_bytes > plan.weights_bytes
    assert f"<td>flash = text + data</td><td>{sizes.flash_bytes:,}</td>" in m55 and "-mcpu=cortex-m55" in m55
    assert '<a href="../codegen/package/digits_cnn_model.h">C header</a>' in m55


def test_the_layout_check_sees_clipped_text(tmp_path: Path) -> None:
    """The measurement can fail: text past an SVG's viewBox, a cell that hides its overflow and a
    page wider than the window are each reported."""
    require_tools("chromium")
    page = tmp_path / "clipped.html"
    page.write_text(
        '<!DOCTYPE html><html><body><section id="a">'
        '<svg id="c" width="100" height="20" viewBox="0 0 100 20">'
        '<text x="60" y="14">19,338 B of 1,048,576 B</text></svg>'
        '<div style="width: 50px; overflow: hidden; white-space: nowrap">a label much longer than fifty pixels</div>'
        '<div style="width: 3000px">wide</div></section></body></html>')
    layout = measure_layout(page, tmp_path)
    assert layout["sections"] == ["a"] and layout["charts"] == ["c"]
    assert [p["kind"] for p in layout["problems"]] == [
        "svg text outside the viewBox", "clipped element", "page wider than the window"]
    assert layout["problems"][0]["text"] == "19,338 B of 1,048,576 B"


def _example_report() -> Report:
    return Report.model_validate({
        "pipeline": "p", "model": "m", "target": "t",
        "stages": [{"stage": "quantize", "version": 4, "params": {"calibration": "minmax", "samples": 200},
                    "artifacts": [], "figures": {}}],
        "summary": {"nodes": 1, "params": 10, "macs": 100, "ops": {"Conv": 1}},
        "memory": {"arena_bytes": 64, "arena_lower_bound_bytes": 64, "arena_greedy_bytes": 64, "arena_naive_bytes": 64,
                   "arena_scratch_bytes": 0, "weights_bytes": 10, "weights_bytes_dense": 10, "weight_storage": [],
                   "io_bytes": 8},
        "compare": {"samples": 4, "reference": "onnxruntime", "within_tolerance": True,
                    "tolerance": {"range": 1e-4, "relative": 1e-3},
                    "fp32": {"max_abs_err": 0, "max_rel_err": 0, "cosine_min": 1, "top1_agreement": None},
                    "outputs": {"y|`x`": {"max_abs_err": 0, "max_rel_err": 0, "cosine_min": 1,
                                          "top1_agreement": None}}},
        "accuracy": {"fp32_top1": 0.9, "cpp_top1": 0.9},
        "figures": {"top-1 C++": 0.9, "weights (B)": 10},
        "layers": [{"index": 0, "node": "<script>alert(1)</script>|x", "op": "Conv", "kernel": "ferry::conv",
                    "inputs": [[1, 1, 4, 4]], "outputs": [[1, 2, 2, 2]], "macs": None, "weight_bytes": 10,
                    "activation_bytes": 32, "measured_instructions": 1234.0}],
    })


def test_previous_run_names_changed_params_and_figures() -> None:
    before = _example_report()
    after = before.model_copy(update={
        "stages": [before.stages[0].model_copy(update={"params": {"calibration": "entropy", "samples": 200},
                                                       "version": 5})],
        "figures": {"top-1 C++": 0.85, "weights (B)": 10}})
    change = previous_run(after, before.model_dump_json())
    assert change is not None
    assert change.params == ['quantize version: 4 -> 5', 'quantize.calibration: "minmax" -> "entropy"']
    assert [(f.name, f.previous, f.current) for f in change.figures] == [("top-1 C++", 0.9, 0.85)]
    assert previous_run(after, None) is None and previous_run(after, "not json") is None
    assert previous_run(after, json.dumps({"figures": {"x": "text"}})) is None  # not a report: nothing compared
    same = previous_run(before, before.model_dump_json())
    assert same is not None and same.params == [] and same.figures == []
    plan = MemoryPlanRecord(alignment=16, arena_bytes=64, arena_lower_bound_bytes=64, arena_greedy_bytes=64,
                            arena_naive_bytes=64, io_bytes=8, weights_bytes=10, tensors=[], layers=[])
    page = render_html(after.model_copy(update={"previous": change}), plan)
    assert "<td>top-1 C++</td><td>0.9</td><td>0.85</td><td>-0.05 (-5.6%)</td>" in page


def test_hostile_names_are_escaped_in_every_rendering(tmp_path: Path) -> None:
    report = _example_report()
    plan = MemoryPlanRecord(alignment=16, arena_bytes=64, arena_lower_bound_bytes=64, arena_greedy_bytes=64,
                            arena_naive_bytes=64, io_bytes=8, weights_bytes=10, tensors=[], layers=[])
    html = render_html(report, plan)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;|x" in html
    assert "<td>1,234</td>" in html and "meas. instr." in html  # the profile's measured figures slot in
    markdown = render_markdown(report, plan)
    assert "| 0 | `<script>alert(1)</script>\\|x` | Conv |" in markdown  # a pipe cannot break the table
    assert "| `` y\\|`x` `` |" in markdown  # a backtick in a name gets a longer fence
    rows = list(csv.reader(layers_csv(report).splitlines()))
    assert rows[1][:6] == ["0", "<script>alert(1)</script>|x", "Conv", "ferry::conv", "1x1x4x4", "1x2x2x2"]


def test_nice_ticks() -> None:
    assert nice_ticks(3.2, 4.6) == [3.5, 4.0, 4.5]
    assert nice_ticks(8500, 16500) == [10000, 12000, 14000, 16000]
    assert nice_ticks(0.83, 0.98) == [0.85, 0.9, 0.95]


def test_sweep_page_labels_points_and_clips_nothing(tmp_path: Path) -> None:
    """Two targets with the same flash (one library) sit side by side, each spot labelled with
    its point; axes have round ticks; no text outside a plot; no Markdown in the page."""
    require_tools("chromium")
    rows = with_fronts([_row("0.0", "gpnpu_1tops", 0.9722, 0.004468, 16721, 2.506, "pass"),
                        _row("0.0", "gpnpu_16tops", 0.9722, 0.004229, 16721, 2.612, "pass"),
                        _row("0.5", "gpnpu_1tops", 0.9722, 0.004068, 12288, 1.653, "pass"),
                        _row("0.5", "gpnpu_16tops", 0.9722, 0.0041, 12288, 1.727, "fail"),
                        _row("0.75", "host", 0.8444, None, None, None, None)])
    report = SweepReport(pipeline="p", model="m", axes={"sparsify.sparsity": [0.0, 0.5, 0.75]}, rows=rows)
    page = tmp_path / "sweep.html"
    page.write_text(render_sweep_html(report))
    html = page.read_text()
    assert "`" not in html and "<code>p</code>" in html
    flash = html[html.index('id="sweep-flash"'):].split("</svg>")[0]
    labels = re.findall(r"<text x=\"[\d.]+\" y=\"[\d.]+\">([^<]+)</text>", flash)
    assert sorted(labels) == ["0.0", "0.5"]  # one label per spot of two targets
    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="5"', flash)
    assert len(centres) == 4 and len(set(centres)) == 4  # side by side, not on top of one another
    assert flash.count('class="x-tick"') >= 3 and flash.count('class="y-tick"') >= 2
    assert "4.468 us" in html  # human units, not 0.004468 ms
    layout = measure_layout(page, tmp_path)
    assert layout["problems"] == [] and layout["charts"] == ["sweep-latency", "sweep-flash", "sweep-energy"]
