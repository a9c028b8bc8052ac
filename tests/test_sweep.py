"""Sweeps: the grid's expansion into shared and per-point tasks, spec errors at their lines, the
Pareto fronts, and an end-to-end sweep whose report equals its points' report.json figures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
import yaml

from ferry.core.errors import FerryError
from ferry.engine.graph import load_graph
from ferry.engine.sweep import point_name
from ferry.schemas.loader import SpecError
from ferry.schemas.report import Report
from ferry.schemas.sweep import SweepReport, SweepRow
from ferry.stages.sweep_report import pareto_front, render_html, render_markdown, scatter_plot, with_fronts
from tests.conftest import ROOT, executed, run_doit, tiny_cnn

TINY = """\
pipeline: tiny
models:
  - name: a
    onnx: a.onnx
    input_shapes: {x: [2, 1, 8, 8]}
    calibration: {path: val.npz}
    validation: {path: val.npz}
targets: [targets/host.yaml, targets/gpnpu_1tops.yaml]
stages:
  - kind: import
  - kind: sparsify
    min_params: 0
  - kind: quantize
  - kind: codegen
  - kind: compile
    extra_flags: [-O0]
  - kind: evaluate
sweep:
  quantize.calibration: [minmax, percentile]
  evaluate.max_samples: [2, 4]
"""


@pytest.fixture
def tiny_sweep(tmp_path: Path) -> Path:
    (tmp_path / "targets").mkdir()
    for name in ("host.yaml", "gpnpu_1tops.yaml"):
        shutil.copy(ROOT / "targets" / name, tmp_path / "targets" / name)
    onnx.save(tiny_cnn(0), str(tmp_path / "a.onnx"))
    rng = np.random.default_rng(2)
    np.savez(tmp_path / "val.npz", x=rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
    (tmp_path / "pipeline.yaml").write_text(TINY)
    return tmp_path


def _names(graph, stage: str) -> set[str]:
    return {task["name"] for task in graph.tasks(stage)}


def test_expansion_shares_the_prefix_and_names_each_scope(tiny_sweep: Path) -> None:
    graph = load_graph(tiny_sweep / "pipeline.yaml")
    cal = [f"quantize.calibration-{c}" for c in ("minmax", "percentile")]
    points = [f"{c}+evaluate.max_samples-{n}" for c in cal for n in (2, 4)]
    assert [p.name for p in graph.points] == points  # grid order: the last axis fastest
    # nothing swept is read before quantize (calibrate reads only samples and histogram_bins)
    for stage in ("import", "sparsify", "calibrate"):
        assert _names(graph, stage) == {"a"}
    assert {t["meta"]["out_dir"] for t in graph.tasks("calibrate")} == {str(graph.out_root / "a" / "calibrate")}
    # one point reads a histogram ('percentile'): the shared calibrate task keeps one for all
    assert graph.tasks("calibrate")[0]["actions"][0][1][0].params.histogram_bins == 2048
    # quantize to simulate depend on the calibration method only: two of each, not four
    assert _names(graph, "quantize") == _names(graph, "codegen") == {f"a@{c}" for c in cal}
    assert _names(graph, "compile") == {f"a@{c}@{t}" for c in cal for t in ("host", "gpnpu_1tops")}
    assert _names(graph, "simulate") == {f"a@{c}@gpnpu_1tops" for c in cal}
    every = {f"a@{p}@{t}" for p in points for t in ("host", "gpnpu_1tops")}
    assert _names(graph, "evaluate") == _names(graph, "report") == every
    assert _names(graph, "sweep") == {"a"}
    (sweep_task,) = graph.tasks("sweep")
    assert sweep_task["file_dep"] == [str(graph.out_root / "a" / p / t / "report.json")
                                      for p in points for t in ("host", "gpnpu_1tops")]
    # each point's stages carry its params; the evaluate of a point reads its own quantize's model
    evaluate = next(t for t in graph.tasks("evaluate") if t["name"] == f"a@{points[3]}@host")
    call = evaluate["actions"][0][1][0]
    assert call.params.max_samples == 4
    qdq = graph.out_root / "a" / cal[1] / "quantize" / "model.qdq.onnx"
    assert str(qdq) in evaluate["file_dep"] and call.files.qdq_model == qdq


def test_without_a_sweep_names_and_folders_are_unchanged(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    spec.write_text(TINY.split("sweep:")[0])
    graph = load_graph(spec)
    assert graph.points == [] and graph.tasks("sweep") == []
    assert _names(graph, "report") == {"a@host", "a@gpnpu_1tops"}
    assert {t["meta"]["out_dir"] for t in graph.tasks("quantize")} == {str(graph.out_root / "a" / "quantize")}
    # 'minmax' alone reads no histogram: calibration keeps none
    assert graph.tasks("calibrate")[0]["actions"][0][1][0].params.histogram_bins == 0


@pytest.mark.parametrize("sweep, where, message", [
    ("  sparsify.sparsity: [0.0, 0.5]\n  quantise.calibration: [minmax]\n", "20:3",
     "sweep.quantise.calibration: expected '<stage>.<param>' with a stage of sparsify, quantize, compile, evaluate"),
    ("  compile.extra_flags: [[-O2], -O1]\n", "19:32",  # a list param takes lists
     "sweep.compile.extra_flags[1]: Input should be a valid list"),
    ("  sparsify.pattern: [{n: 2, m: 4}]\n", "19:22",
     "sweep.sparsify.pattern[0]: a sweep value is a finite number, a string, true, false, null or a list of those, "
     "not dict"),
    ("  quantize.calibraton: [minmax]\n", "19:3",
     "sweep.quantize.calibraton: the quantize stage has no param 'calibraton' (expected one of: activations, "
     "bias_correction, calibration, fallback, histogram_bins, keep_float, max_accuracy_drop, min_output_sqnr_db, "
     "percentile, power_of_two_scales, samples, weights); did you mean 'calibration'?"),
    ("  sparsify.sparsity:\n    - 0.0\n    - 1.5\n", "21:7",
     "sweep.sparsify.sparsity[1]: Input should be less than 1"),
    ("  quantize.calibration: [minmax, minmaxx]\n", "19:34",
     "sweep.quantize.calibration[1]: Input should be 'minmax', 'percentile', 'entropy' or 'mse'"),
    ("  evaluate.max_samples: [2, 2]\n", "19:29", "sweep.evaluate.max_samples[1]: 2 is already in this axis"),
    ("  evaluate.max_samples: [2, '2']\n", "19:29", "sweep.evaluate.max_samples[1]: 2 is already in this axis"),
    ("  targets: [targets/host.yaml]\n", "19:3",
     "sweep.targets: targets are not a sweep axis: every point runs on every target of `targets:`"),
    ("  import.fold_batchnorm: [true, false]\n", "19:3", "sweep.import.fold_batchnorm: expected '<stage>.<param>'"),
    ("  sparsify.method: [magnitude, n_m]\n  sparsify.allocation: [global]\n", "18:1",
     "sweep: the point sparsify.method=n_m, sparsify.allocation=global: allocation 'global' chooses magnitude "
     "thresholds: it needs method 'magnitude', not 'n_m'"),
])
def test_sweep_errors_point_at_the_spec_line(tiny_sweep: Path, sweep: str, where: str, message: str) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    spec.write_text(TINY.split("sweep:")[0] + "sweep:\n" + sweep)
    with pytest.raises(SpecError) as caught:
        load_graph(spec)
    (line,) = str(caught.value).splitlines()
    assert line.startswith(f"{spec}:{where}: {message}"), line


def test_every_sweep_problem_has_its_own_line(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    spec.write_text(TINY.split("sweep:")[0] + "sweep:\n  sparsify.sparsty: [0.5]\n"
                    "  quantize.calibration: [mse, minmaxx, mse]\n  bogus: [1]\n")
    with pytest.raises(SpecError) as caught:
        load_graph(spec)
    assert str(caught.value).splitlines() == [
        f"{spec}:19:3: sweep.sparsify.sparsty: the sparsify stage has no param 'sparsty' (expected one of: "
        "allocation, damping, exclude, layers, method, min_params, pattern, refit, samples, sensitivity, sparsity); "
        "did you mean 'sparsity'?",
        f"{spec}:20:31: sweep.quantize.calibration[1]: Input should be 'minmax', 'percentile', 'entropy' or 'mse'",
        f"{spec}:20:40: sweep.quantize.calibration[2]: mse is already in this axis",
        f"{spec}:21:3: sweep.bogus: expected '<stage>.<param>' with a stage of sparsify, quantize, compile, evaluate",
    ]


def test_sweep_without_evaluate_and_unknown_stage_in_spec(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    text = TINY.replace("  - kind: evaluate\n", "")
    spec.write_text(text.split("sweep:")[0] + "sweep:\n  quantize.calibration: [minmax]\n")
    with pytest.raises(SpecError, match=r"pipeline.yaml:17:1: sweep: a sweep compares the points' reports: "
                                        r"it needs codegen, compile and evaluate stages"):
        load_graph(spec)
    spec.write_text(TINY.replace("  - kind: sparsify\n    min_params: 0\n", "").replace(
        "quantize.calibration: [minmax, percentile]", "sparsify.sparsity: [0.5]"))
    with pytest.raises(SpecError, match=r"pipeline.yaml:17:3: sweep.sparsify.sparsity: no 'sparsify' stage "
                                        r"in `stages:` \(the spec has import, quantize, codegen, compile, evaluate\)"):
        load_graph(spec)


def test_doit_reports_a_sweep_error_in_one_line(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    spec.write_text(TINY.replace("[2, 4]", "[2, -4]"))
    process = subprocess.run([sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(tiny_sweep),
                              f"pipeline={spec}"], capture_output=True, text=True)
    assert process.returncode == 2
    assert process.stderr.strip() == f"{spec}:20:29: sweep.evaluate.max_samples[1]: Input should be greater than 0"
    assert not (tiny_sweep / "outputs").exists()


def test_point_names_are_safe_folder_names() -> None:
    assert point_name({"sparsify.sparsity": 0.5, "quantize.calibration": "minmax", "evaluate.max_samples": None,
                       "quantize.bias_correction": True, "x.y": "a b/../c"}) == (
        "sparsify.sparsity-0.5+quantize.calibration-minmax+evaluate.max_samples-null"
        "+quantize.bias_correction-true+x.y-a_20b_2F.._2Fc")
    assert point_name({"x.y": "a_b"}) != point_name({"x.y": "a b"})  # _ is escaped too
    assert point_name({"compile.extra_flags": ["-Os", "-march=x,y"]}) == "compile.extra_flags--Os,-march_3Dx_2Cy"


def test_a_compile_flags_axis_shares_everything_before_compile(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    spec.write_text(TINY.split("sweep:")[0] + "sweep:\n  compile.extra_flags: [[-O2], [-Os, -g]]\n")
    graph = load_graph(spec)
    for stage in ("import", "sparsify", "calibrate", "quantize", "codegen"):
        assert _names(graph, stage) == {"a"}
    points = ["compile.extra_flags--O2", "compile.extra_flags--Os,-g"]
    assert _names(graph, "simulate") == {f"a@{p}@gpnpu_1tops" for p in points}
    compile_os = next(t for t in graph.tasks("compile") if t["name"] == f"a@{points[1]}@host")
    assert compile_os["actions"][0][1][0].params.extra_flags == ["-Os", "-g"]


def test_a_point_name_too_long_for_a_folder_is_refused(tiny_sweep: Path) -> None:
    spec = tiny_sweep / "pipeline.yaml"
    axes = ("calibration: [percentile]", "percentile: [99.99]", "histogram_bins: [2048]", "weights: [per_channel]",
            "activations: [asymmetric]", "power_of_two_scales: [false]", "bias_correction: [true]")
    spec.write_text(TINY.split("sweep:")[0] + "sweep:\n" + "".join(f"  quantize.{axis}\n" for axis in axes))
    with pytest.raises(FerryError, match=r"^sweep: the point quantize.calibration-percentile\+.* names a folder "
                                         r"of 2\d\d characters \(at most 200\): sweep fewer params at once$"):
        load_graph(spec)


def test_pareto_front_on_hand_made_points() -> None:
    points = [(0.9, 10.0), (0.95, 20.0), (0.9, 12.0), (0.8, 5.0), (0.95, 20.0), (0.7, 6.0), (0.96, 30.0)]
    assert pareto_front(points) == [True, True, False, True, True, False, True]
    assert pareto_front([]) == []
    assert pareto_front([(0.5, 1.0)]) == [True]


def _row(point: str, target: str, accuracy: float | None, latency: float | None, flash: int | None,
         energy: float | None, verdict: str | None) -> SweepRow:
    return SweepRow(point=point, params={"sparsify.sparsity": float(point)}, target=target,
                    report=f"../{point}/{target}/report.json", accuracy=accuracy, latency_ms=latency,
                    energy_uj=energy, flash_bytes=flash, weights_bytes=1000, arena_bytes=100, verdict=verdict,
                    enforced=verdict is not None, pareto=[])


def test_fronts_plot_and_table_of_hand_made_rows() -> None:
    rows = with_fronts([
        _row("0.0", "t1", 0.97, 4.0, 16000, 2.5, "fail"),
        _row("0.5", "t1", 0.97, 3.5, 12000, 1.6, "pass"),
        _row("0.75", "t1", 0.84, 3.0, 9000, 1.9, "pass"),
        _row("0.75", "host", 0.84, None, None, None, None),  # no silicon: on no front
        _row("0.9", "t1", 0.50, 3.2, 9000, 1.0, "fail"),
    ])
    assert [r.pareto for r in rows] == [[], ["latency_ms", "flash_bytes", "energy_uj"],
                                        ["latency_ms", "flash_bytes"], [], ["energy_uj"]]
    report = SweepReport(pipeline="p", model="m", axes={"sparsify.sparsity": [0.0, 0.5, 0.75, 0.9]}, rows=rows)
    svg = scatter_plot(report, "latency_ms")
    assert svg.count('<g class="point"') == 4  # the host row has no latency
    assert svg.count('data-pareto="true"') == 2 and svg.count('r="8"') == 2
    assert svg.count('data-pass="true"') == 2
    assert 'data-point="0.5" data-target="t1" data-accuracy="0.97" data-cost="3.5"' in svg
    table = render_markdown(report).splitlines()
    assert table[4] == "| sparsify.sparsity | target | top-1 | latency | flash | energy | weights | arena | budget " \
                       "| Pareto-optimal in |"
    assert table[7] == "| 0.5 | t1 | 0.9700 | 3.5 ms | 12,000 B | 1.6 uJ | 1,000 B | 100 B | pass | " \
                       "latency, flash, energy |"
    assert table[9] == "| 0.75 | host | 0.8400 | n/a | n/a | n/a | 1,000 B | 100 B | n/a | - |"
    assert render_html(report) == render_html(report.model_copy())


def _example_sweep(values: list[float]) -> str:
    """pipeline_sweep.yaml made quicker: two targets (one with a tight budget), fewer samples."""
    spec = yaml.safe_load((ROOT / "pipeline_sweep.yaml").read_text())
    spec["targets"] = ["targets/gpnpu_4tops.yaml", "targets/tight.yaml"]
    stages = {stage["kind"]: stage for stage in spec["stages"]}
    stages["quantize"]["samples"] = 100
    stages["evaluate"]["max_samples"] = 60
    spec["sweep"] = {"sparsify.sparsity": values}
    return yaml.safe_dump(spec, sort_keys=False)


# the 1-TOPS part with a latency budget between the dense program (4.47 us) and the 50% one (4.07 us)
TIGHT = "extends: gpnpu_1tops.yaml\nname: tight\nbudget:\n  latency_ms: {limit}\n"


@pytest.mark.slow
def test_sweep_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(ROOT / "models" / name, tmp_path / "models" / name)
    (tmp_path / "targets").mkdir()
    for name in ("gpnpu_1tops.yaml", "gpnpu_4tops.yaml"):
        shutil.copy(ROOT / "targets" / name, tmp_path / "targets" / name)
    tight = tmp_path / "targets" / "tight.yaml"
    tight.write_text(TIGHT.format(limit=0.0042))
    spec = tmp_path / "pipeline.yaml"
    spec.write_text(_example_sweep([0.0, 0.5]))
    targets = ("gpnpu_4tops", "tight")

    def point_tasks(value: str) -> set[str]:
        point = f"digits_cnn@sparsify.sparsity-{value}"
        return ({f"{s}:{point}" for s in ("sparsify", "calibrate", "quantize", "codegen")}
                | {f"{s}:{point}@{t}" for s in ("compile", "simulate", "evaluate", "report") for t in targets})

    _, results = run_doit(tmp_path, "-n", "2")
    assert executed(results) == {"import:digits_cnn", "sweep:digits_cnn"} | point_tasks("0.0") | point_tasks("0.5")

    base = tmp_path / "outputs" / "digits_sweep" / "digits_cnn"
    sweep_dir = base / "sweep"
    report = SweepReport.model_validate_json((sweep_dir / "sweep.json").read_text())
    assert [(r.point, r.target) for r in report.rows] == [
        (f"sparsify.sparsity-{v}", t) for v in ("0.0", "0.5") for t in targets]
    for row in report.rows:
        point = Report.model_validate_json((sweep_dir / row.report).read_text())
        assert (sweep_dir / row.report).resolve() == base / row.point / row.target / "report.json"
        assert point.accuracy is not None and point.sim is not None and point.budget is not None
        assert row.accuracy == point.accuracy.cpp_top1 and row.latency_ms == point.sim.latency_ms
        assert row.energy_uj == point.sim.energy_uj and row.flash_bytes == point.memory.flash_bytes
        assert row.weights_bytes == point.memory.weights_bytes and row.verdict == point.budget.verdict
    dense, sparse = report.rows[0], report.rows[2]
    assert dense.weights_bytes == 13_024 and sparse.weights_bytes < 0.7 * dense.weights_bytes  # 0.0 is dense
    verdicts = {(r.point[-3:], r.target): r.verdict for r in report.rows}
    assert verdicts == {("0.0", "gpnpu_4tops"): "pass", ("0.0", "tight"): "fail",
                        ("0.5", "gpnpu_4tops"): "pass", ("0.5", "tight"): "pass"}  # the dense fail fails no task
    first = {kind: (sweep_dir / f"sweep.{kind}").read_bytes() for kind in ("json", "md", "html")}
    html = first["html"].decode()
    assert html.count('<g class="point"') == 3 * 4 and html.count('data-pass="false"') == 3
    assert html == render_html(report)  # the page is its JSON, drawn

    # one changed value: only the new point's tasks and the sweep run; the output is byte-identical
    spec.write_text(_example_sweep([0.0, 0.25]))
    _, results = run_doit(tmp_path)
    assert executed(results) == point_tasks("0.25") | {"sweep:digits_cnn"}
    spec.write_text(_example_sweep([0.0, 0.5]))  # back: every point is built already
    _, results = run_doit(tmp_path)
    assert executed(results) == {"sweep:digits_cnn"}
    assert first == {kind: (sweep_dir / f"sweep.{kind}").read_bytes() for kind in ("json", "md", "html")}

    # no point meets an enforced budget: the sweep fails after writing its report, naming it
    tight.write_text(TIGHT.format(limit=0.001))
    (tmp_path / "targets" / "gpnpu_4tops.yaml").write_text(
        (ROOT / "targets" / "gpnpu_4tops.yaml").read_text().replace("energy_uj: 400", "energy_uj: 0.1"))
    process, results = run_doit(tmp_path, check=False)
    assert process.returncode != 0 and results["sweep:digits_cnn"] == "fail"
    assert {name for name, result in results.items() if result == "fail"} == {"sweep:digits_cnn"}
    assert "digits_cnn: no point of the sweep meets an enforced budget (4 tried" in process.stdout
    failed = json.loads((sweep_dir / "sweep.json").read_text())
    assert [row["verdict"] for row in failed["rows"]] == ["fail"] * 4
