"""The incremental build: doit runs exactly what changed, and never trusts a half-built artifact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import onnx

from tests.conftest import ROOT, doit_command, executed, run_doit, tiny_cnn

ALL_A = {"import:a", "codegen:a", "compile:a@host", "evaluate:a@host", "report:a@host"}
ALL_B = {n.replace(":a", ":b") for n in ALL_A}


def test_second_run_executes_nothing(tiny_project: Path) -> None:
    _, first = run_doit(tiny_project)
    assert executed(first) == ALL_A | ALL_B
    _, second = run_doit(tiny_project)
    assert executed(second) == set()
    assert set(second.values()) == {"up-to-date"}


def test_changing_one_stage_param_reruns_that_stage_and_what_follows(tiny_project: Path) -> None:
    run_doit(tiny_project)
    spec = tiny_project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("extra_flags: [-O0]", "extra_flags: [-O1]"))
    _, results = run_doit(tiny_project)
    assert executed(results) == {"compile:a@host", "evaluate:a@host", "report:a@host",
                                 "compile:b@host", "evaluate:b@host", "report:b@host"}


def test_evaluate_param_reruns_only_evaluate_and_report(tiny_project: Path) -> None:
    run_doit(tiny_project)
    spec = tiny_project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("  - kind: evaluate\n", "  - kind: evaluate\n    max_samples: 4\n"))
    _, results = run_doit(tiny_project)
    assert executed(results) == {"evaluate:a@host", "report:a@host", "evaluate:b@host", "report:b@host"}


def test_replaced_model_same_size_and_mtime_reruns_that_model(tiny_project: Path) -> None:
    run_doit(tiny_project)
    model = tiny_project / "a.onnx"
    before = model.stat()
    replacement = tiny_cnn(0, scale=2.0).SerializeToString()
    assert len(replacement) == before.st_size  # same size, different weights
    model.write_bytes(replacement)
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert model.stat().st_mtime_ns == before.st_mtime_ns
    _, results = run_doit(tiny_project)
    assert executed(results) == ALL_A


def test_failed_stage_leaves_nothing_taken_as_up_to_date(tiny_project: Path) -> None:
    spec = tiny_project / "pipeline.yaml"
    good = spec.read_text()
    spec.write_text(good.replace("extra_flags: [-O0]", "extra_flags: [-fno-such-option]"))
    process, results = run_doit(tiny_project, check=False)
    assert process.returncode != 0
    assert results["compile:a@host"] == "fail"
    assert not (tiny_project / "outputs/tiny/a/host/compile/build/runner").exists()
    assert "-fno-such-option" in process.stdout  # the compiler's own message reaches the user
    spec.write_text(good)
    _, results = run_doit(tiny_project)
    assert {"compile:a@host", "evaluate:a@host", "report:a@host"} <= executed(results)


def test_killed_run_is_resumed_correctly(tiny_project: Path) -> None:
    run_doit(tiny_project, "import:a", "codegen:a")
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(tiny_project),
               f"pipeline={tiny_project / 'pipeline.yaml'}"]
    process = subprocess.Popen(command, cwd=tiny_project, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    build = tiny_project / "outputs/tiny/a/host"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(build.glob(".compile.*.tmp/.build.*")):
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # mid-compile: the stage's staging folder exists
    process.wait()
    _, results = run_doit(tiny_project)
    assert "compile:a@host" in executed(results)
    assert (build / "report.json").is_file()
    assert not list(build.glob(".compile.*"))  # nothing half-built is left beside it


def test_parallel_run(tiny_project: Path) -> None:
    _, results = run_doit(tiny_project, "-n", "2")
    assert executed(results) == ALL_A | ALL_B
    _, again = run_doit(tiny_project)
    assert executed(again) == set()


def test_list_info_clean(tiny_project: Path) -> None:
    run_doit(tiny_project)
    base = [sys.executable, "-m", "doit"]
    where = ["-f", str(ROOT / "dodo.py"), "-d", str(tiny_project), f"pipeline={tiny_project / 'pipeline.yaml'}"]
    listing = subprocess.run([*base, "list", "--all", *where], capture_output=True, text=True, check=True)
    for name in ALL_A | ALL_B:
        assert name in listing.stdout
    info = subprocess.run([*base, "info", *where, "compile:a@host"], capture_output=True, text=True,
                          check=True)
    assert "up-to-date" in info.stdout and "model.cpp" in info.stdout
    subprocess.run([*base, "clean", *where], capture_output=True, text=True, check=True)
    assert not (tiny_project / "outputs/tiny/a/import/imported.onnx").exists()
    assert not (tiny_project / "outputs/tiny/a/host/report.json").exists()
    _, results = run_doit(tiny_project)
    assert executed(results) == ALL_A | ALL_B


def test_report_numbers(tiny_project: Path) -> None:
    import json

    run_doit(tiny_project)
    report = json.loads((tiny_project / "outputs/tiny/a/host/report.json").read_text())
    assert report["model"] == "a"
    assert report["compare"]["fp32"]["max_abs_err"] < 1e-4
    assert report["compare"]["fp32"]["cosine_min"] > 0.999999
    assert report["compare"]["samples"] == 6
    assert [s["stage"] for s in report["stages"]] == ["import", "codegen", "compile", "evaluate"]
    assert report["summary"]["macs"] == 2 * 8 * 8 * 4 * 9 + 2 * 3 * 3 * 3 * 36
    imported = onnx.load(str(tiny_project / "outputs/tiny/a/import/imported.onnx"))
    assert [d.dim_value for d in imported.graph.input[0].type.tensor_type.shape.dim] == [2, 1, 8, 8]


# What the graph reads of the stages while it loads: the package layout (file names) and a bundle's
# manifest (intake.peek); never a stage's entry point, the toolchain or the runner.
GRAPH_TIME_STAGE_CODE = {"ferry.stages", "ferry.stages.common", "ferry.stages.common.layout", "ferry.stages.intake",
                         "ferry.stages.bundle"}


def test_no_op_run_loads_no_stage_code(tiny_project: Path) -> None:
    """A no-op run is doit's start and the graph's load: the stage code and its numerics
    libraries stay unloaded (that is what keeps it well under a second)."""
    run_doit(tiny_project)
    process = subprocess.run(doit_command(tiny_project), capture_output=True, text=True, cwd=tiny_project,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPROFILEIMPORTTIME": "1"})
    assert process.returncode == 0, process.stderr
    assert "0 ran, 0 from cache, 10 up to date" in process.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in process.stderr.splitlines()
                if line.startswith("import time:")}
    assert "ferry.engine.graph" in imported  # the profile is there
    assert not imported & {"onnx", "onnxruntime", "numpy", "ferry.engine.runner", "ferry.toolchain.tools"}
    assert not {name for name in imported if name.startswith("ferry.stages.")} - GRAPH_TIME_STAGE_CODE
