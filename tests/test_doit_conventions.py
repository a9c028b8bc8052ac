"""doit as its users expect it: one target's failure does not hide the other targets' reports,
`-a` recomputes past the stage cache, piped output has a line per finished stage with its time,
`info` names the param that changed, a failing tool says so, and only the stage groups the spec
has are listed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import HOST_TARGET, ROOT
from tests.test_cache import clean, run_ferry


def _doit(spec_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec_dir), *args,
               f"pipeline={spec_dir / 'pipeline.yaml'}"]
    return subprocess.run(command, capture_output=True, text=True, cwd=spec_dir,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_one_failing_target_leaves_the_other_targets_reports(tiny_project: Path) -> None:
    (tiny_project / "targets" / "broken.yaml").write_text(
        HOST_TARGET.read_text().replace("name: host", "name: broken").replace("cxx: g++", "cxx: g++-absent"))
    spec = tiny_project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("targets: [targets/host.yaml]",
                                             "targets: [targets/host.yaml, targets/broken.yaml]"))
    done = _doit(tiny_project)
    assert done.returncode != 0, done.stdout + done.stderr
    for model in ("a", "b"):  # the host builds and reports both models
        assert (tiny_project / f"outputs/tiny/{model}/host/report.html").is_file()
        assert not (tiny_project / f"outputs/tiny/{model}/broken/report.json").exists()
    assert "FAILED compile:a@broken:\ncompiler 'g++-absent' not found on PATH" in done.stdout
    closing = done.stdout.strip().splitlines()[-1]
    assert closing.startswith("ferry: 10 ran, 0 from cache, 0 up to date, 2 failed; 4 not run because a task "
                              "they need failed (evaluate:a@broken, "), closing
    assert closing.endswith("fix the failure and build again")


def test_always_execute_recomputes_past_the_stage_cache(tiny_project: Path) -> None:
    run_ferry(tiny_project)
    clean(tiny_project)
    assert run_ferry(tiny_project) == {"ran": 2, "cached": 8, "fresh": 0, "failed": 0}  # reports render
    assert run_ferry(tiny_project, "-a") == {"ran": 10, "cached": 0, "fresh": 0, "failed": 0}


def test_piped_output_has_a_line_per_finished_stage_and_info_names_a_changed_param(tiny_project: Path) -> None:
    done = _doit(tiny_project)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    finished = [line for line in lines if line.startswith("ran ")]
    assert len(finished) == 10 and lines[-1] == "ferry: 10 ran, 0 from cache, 0 up to date, 0 failed"
    assert all(re.fullmatch(r"ran \S+:\S+ \d+\.\d s( .*)?", line) for line in finished), finished
    assert any(line.startswith("ran evaluate:a@host ") and "max_abs_err" in line for line in finished)
    assert _doit(tiny_project).stdout.strip().splitlines() == ["ferry: 0 ran, 0 from cache, 10 up to date, 0 failed"]
    spec = tiny_project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("    extra_flags: [-O0]\n", "    extra_flags: [-O1]\n"))
    info = _doit(tiny_project, "info", "compile:a@host").stdout
    assert 'params changed: params.extra_flags: ["-O0"] -> ["-O1"]' in info
    assert "runner_bytes" not in info.split("status")[1].split("file_dep")[0]  # not the whole config


def test_a_failing_tool_is_not_reported_as_zero_failed(tiny_project: Path) -> None:
    key = tiny_project / "k.pem"
    assert _doit(tiny_project, "keygen", f"key={key}").returncode == 0
    again = _doit(tiny_project, "keygen", f"key={key}")
    assert again.returncode != 0
    assert "exists; keygen never overwrites a key" in again.stdout + again.stderr
    assert again.stdout.strip().splitlines()[-1] == "ferry: keygen failed"
    assert "0 failed" not in again.stdout


def test_only_the_stages_of_the_spec_are_listed(tiny_project: Path) -> None:
    listed = [line.split()[0] for line in _doit(tiny_project, "list").stdout.splitlines()]
    assert listed == ["codegen", "compile", "evaluate", "import", "keygen", "report", "verify"]

