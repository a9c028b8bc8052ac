"""The `ferry` command, run in-process as the console script runs it (ferry.cli.main): a build
from another folder with relative paths, outputs named by their relative path, `status` naming
the param and the file that changed, target presets by name, `init` on a model with a dynamic
batch, and every refusal as one line."""

from __future__ import annotations

import io
import json
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnx
import pytest

from ferry.cli import main
from ferry.engine import guard
from ferry.targets import presets
from tests.conftest import MODEL as TINY_MODEL
from tests.conftest import SPEC as TINY_SPEC
from tests.conftest import tiny_cnn

# conftest's tiny project with one model, its target the preset named `host`
SPEC = TINY_SPEC.format(models=TINY_MODEL.format(name="a")).replace("[targets/host.yaml]", "[host]")


@pytest.fixture(autouse=True)
def _process_state() -> Iterator[None]:
    """main() installs ferry's signal handlers and holds the outputs folder: give both back."""
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    guard.release_lock()
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _ferry(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tiny_project: Path) -> Path:
    shutil.rmtree(tiny_project / "targets")  # the preset is ferry's own
    (tiny_project / "pipeline.yaml").write_text(SPEC)
    return tiny_project


def test_build_from_another_folder_with_relative_paths_then_status_names_what_changed(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    user = project / "elsewhere"  # the user's folder: neither the spec's nor ferry's
    user.mkdir()
    monkeypatch.chdir(user)
    code, out, err = _ferry(capsys, "build", "../pipeline.yaml", "--outputs", "out", "--cache", "cache")
    assert code == 0, out + err
    assert out.strip().splitlines()[-1] == "ferry: 5 ran, 0 from cache, 0 up to date, 0 failed"
    report = json.loads((user / "out/tiny/a/host/report.json").read_text())
    assert (report["model"], report["target"]) == ("a", "host")  # `host` named the preset
    assert report["compare"]["samples"] == 6 and report["compare"]["fp32"]["beyond_tolerance"] == 0
    assert report["compare"]["fp32"]["max_abs_err"] < 1e-4
    assert not (project / "outputs").exists()  # --outputs and --cache are the user's folder's
    # the cached stages: import, codegen, compile, evaluate (entries/<key[:2]>/<key>.json)
    assert len(list((user / "cache/entries").glob("*/*.json"))) == 4

    # an output named by its path relative to the current folder selects the task that makes it
    (user / "out/tiny/a/host/report.md").unlink()
    code, out, err = _ferry(capsys, "build", "--spec", "../pipeline.yaml", "--outputs", "out",
                            "out/tiny/a/host/report.md")
    assert code == 0, out + err
    assert out.startswith("ran report:a@host ")  # and only it: what it reads is up to date
    assert out.strip().splitlines()[1:] == ["ferry: 1 ran, 0 from cache, 4 up to date, 0 failed"]

    # cleaned, a build restores from the stage cache; -a computes every stage again
    assert _ferry(capsys, "clean", "-f", "../pipeline.yaml", "--outputs", "out")[0] == 0
    code, out, err = _ferry(capsys, "build", "-f", "../pipeline.yaml", "--outputs", "out", "--cache", "cache", "-a")
    assert out.strip().splitlines()[-1] == "ferry: 5 ran, 0 from cache, 0 up to date, 0 failed", out + err

    # status: the param that changed, the file that changed, what follows; nothing runs
    spec = project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("extra_flags: [-O0]", "extra_flags: [-O1]"))
    rng = np.random.default_rng(3)
    np.savez(project / "val.npz", x=rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
    before = (user / "out/tiny/a/host/report.json").stat().st_mtime_ns
    code, out, err = _ferry(capsys, "status", "-f", "../pipeline.yaml", "--outputs", "out")
    assert code == 0, out + err
    lines = [" ".join(line.split()) for line in out.strip().splitlines()]
    assert lines == [
        'compile:a@host params changed: params.extra_flags: ["-O0"] -> ["-O1"]',
        f"evaluate:a@host file changed: {project / 'val.npz'}",  # not below the current folder
        "report:a@host after compile:a@host, evaluate:a@host",
        "ferry: 3 of 5 tasks would run (2 changed, 1 after them), 2 up to date; nothing was run",
    ]
    assert (user / "out/tiny/a/host/report.json").stat().st_mtime_ns == before

    # on a terminal, the summary table shows an ignored task too
    assert _ferry(capsys, "ignore", "-f", "../pipeline.yaml", "--outputs", "out", "report:a@host")[0] == 0
    monkeypatch.setattr(sys, "stdout", _Terminal())
    code, out, err = _ferry(capsys, "build", "-f", "../pipeline.yaml", "--outputs", "out")
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", sys.stdout.getvalue())  # rich's colours
    assert code == 0, shown + err
    assert re.search(r"│ report:a@host +│ ignored +│", shown), shown
    assert shown.strip().splitlines()[-1] == "ferry: 2 ran, 0 from cache, 2 up to date, 0 failed"


def test_an_unknown_target_is_refused_with_the_presets(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pipeline.yaml").write_text(SPEC.replace("targets: [host]", "targets: [host, cortex_m99]"))
    monkeypatch.chdir(project)
    code, _, err = _ferry(capsys)  # `ferry` alone builds ./pipeline.yaml
    assert code == guard.LOAD_ERROR_EXIT
    line = next(i + 1 for i, text in enumerate(SPEC.splitlines()) if text.startswith("targets:"))
    assert err.strip() == (f"{project / 'pipeline.yaml'}:{line}:17: targets[1]: 'cortex_m99' is neither a target file "
                           f"nor a preset (presets: {', '.join(presets())})")
    assert {"host", "gpnpu_1tops", "cortex_m55"} <= set(presets())
    assert not (project / "outputs").exists() or not any((project / "outputs").rglob("*.json"))


def test_init_writes_a_starter_spec_whose_placeholders_are_refused_by_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    onnx.save(tiny_cnn(0), "net.onnx")  # input x: [N, 1, 8, 8]
    code, out, err = _ferry(capsys, "init", "net.onnx")
    assert code == 0, out + err
    text = (tmp_path / "pipeline.yaml").read_text()
    assert "      x: [FILL_IN, 1, 8, 8]  # dynamic in the model (N)" in text
    assert "targets: [host, gpnpu_1tops, cortex_m55]" in text and "  - kind: quantize" in text

    code, out, err = _ferry(capsys, "build")
    assert code == guard.LOAD_ERROR_EXIT and "Traceback" not in err
    spec = tmp_path / "pipeline.yaml"
    lines = text.splitlines()
    expected = [(i + 1, line.index("FILL_IN") + 1) for i, line in enumerate(lines) if "FILL_IN" in line and
                not line.lstrip().startswith("#")]
    assert [line.split(": ")[0] for line in err.strip().splitlines()] == [f"{spec}:{r}:{c}" for r, c in expected]
    assert err.strip().splitlines()[0].endswith("models[0].input_shapes.x[0]: FILL_IN is a placeholder from "
                                                "`ferry init`: replace it (the comment on its line says with what)")

    code, out, err = _ferry(capsys, "init", "net.onnx")
    assert code == 1
    assert err.strip() == f"ferry: {spec}: exists; ferry init never overwrites a spec (move it away, or edit it)"

    # filled in as a person would: the graph loads, the three presets resolved
    rng = np.random.default_rng(0)
    np.savez("data.npz", x=rng.standard_normal((4, 1, 8, 8)).astype(np.float32))
    filled = text.replace("[FILL_IN, 1, 8, 8]", "[1, 1, 8, 8]").replace("path: FILL_IN", "path: data.npz")
    spec.write_text(filled)
    graph = guard.load_for_doit(spec, None, "off", lock=False)
    assert not isinstance(graph, str), graph
    assert list(graph.targets) == ["host", "gpnpu_1tops", "cortex_m55"]
    assert graph.notes == []  # presets are ferry's own files, not "outside the spec's folder"
    assert [t["name"] for t in graph.tasks("calibrate")] == ["net"]


@pytest.mark.parametrize("args, code, message", [
    ((), guard.LOAD_ERROR_EXIT, "pipeline.yaml: pipeline spec not found; name one (ferry build SPEC, or --spec SPEC) "
                                "or write one (ferry init MODEL.onnx)"),
    (("build", "pipeline=other.yaml"), guard.LOAD_ERROR_EXIT,
     "ferry: pipeline=other.yaml: ferry takes options, not NAME=VALUE (ferry build SPEC --outputs DIR --cache DIR|off; "
     "ferry help)"),
    (("verify", "missing.tar.gz"), 1, "ferry: missing.tar.gz: cannot read the bundle: No such file or directory"),
    (("init", "missing.onnx"), 1, "ferry: missing.onnx: model not found"),
    (("init", "garbage.onnx"), 1, "ferry: garbage.onnx: not a readable ONNX model"),
    (("keygen",), guard.LOAD_ERROR_EXIT, "ferry keygen: expected PATH (ferry help keygen)"),
])
def test_refusals_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                               args: tuple[str, ...], code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("garbage.onnx").write_bytes(b"\x08\x07not a protobuf at all")
    got, out, err = _ferry(capsys, *args)
    assert got == code
    assert len(err.strip().splitlines()) == 1 and err.startswith(message), err
    assert out == ""


def test_help_lists_the_commands_and_keygen_works_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _ferry(capsys, "--help")
    listed = {line.split()[1] for line in out.splitlines() if line.startswith("  ferry ")}
    assert code == 0 and {"build", "status", "list", "info", "clean", "forget", "ignore", "keygen", "verify",
                          "init"} <= listed
    monkeypatch.chdir(tmp_path)
    code, out, err = _ferry(capsys, "keygen", "keys/signing.pem")
    assert code == 0, err
    assert out.startswith("keys/signing.pem: Ed25519 private key (mode 0600; keep it secret)")
    assert (tmp_path / "keys/signing.pem").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "keys/signing.pem.pub").read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
