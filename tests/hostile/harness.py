"""Running one hostile case in-process, as doit would run it, and judging the outcome.

A case passes when ferry answers with one clean line: non-zero exit, no traceback, the message
names the file (with line and column where the file has them), and nothing previously built
changed. Exit codes are doit's: 2 for a graph that cannot load (printed by dodo.py), 1 for a
failed task.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from doit.exceptions import TaskFailed

from ferry.core.errors import FerryError
from ferry.engine import guard, lock
from tests.conftest import HOST_TARGET, tiny_cnn

FAILED_TASK_EXIT = 1

SPEC = """\
pipeline: tiny
models:
  - name: a
    onnx: a.onnx
    input_shapes: {x: [2, 1, 8, 8]}
    calibration: {path: calib.npz}
    validation: {path: val.npz}
targets: [targets/host.yaml]
stages:
  - kind: import
  - kind: quantize
  - kind: codegen
  - kind: compile
    extra_flags: [-O0]
  - kind: evaluate
"""


@dataclass(frozen=True)
class Outcome:
    """What a person would have seen."""

    message: str  # '' when accepted
    exit_code: int  # 0: accepted
    traceback: bool
    unchanged: bool  # nothing previously built changed
    expected: str = ""  # a phrase the message must hold (the reason for refusing)

    def problems(self, names: str, positioned: bool) -> list[str]:
        """What is wrong with this outcome for a case whose file is `names` (a path or file name)."""
        found = []
        if self.traceback:
            found.append("traceback")
        if self.exit_code == 0:
            found.append("accepted (exit 0)")
        if not self.message or "\n" in self.message.strip():
            found.append(f"not one line: {self.message!r}")
        if names not in self.message:
            found.append(f"does not name {names}: {self.message!r}")
        if positioned and not re.search(re.escape(names) + r":\d+(:\d+)?: ", self.message):
            found.append(f"no line/column: {self.message!r}")
        if self.expected not in self.message:
            found.append(f"wrong reason (expected {self.expected!r}): {self.message!r}")
        if not self.unchanged:
            found.append("changed previous outputs")
        return found


@dataclass(frozen=True)
class Case:
    """One hostile input: `run(scratch)` plays it and returns the outcome; `names` is what the
    message must name, `positioned` whether it must give a line (and column)."""

    kind: str  # the class: spec, model, bundle, ...
    name: str
    run: Callable[[Path], Outcome]
    names: str
    positioned: bool = False

    def judge(self, scratch: Path) -> list[str]:
        """Play the case in `scratch`; what is wrong with the outcome (nothing: it passed)."""
        return self.run(scratch).problems(self.names, self.positioned)

    def tally(self, scratch: Path) -> Tally:
        """Play the case in `scratch`: what bench/hostile.py counts of it."""
        outcome = self.run(scratch)
        problems = outcome.problems(self.names, self.positioned)
        return Tally(
            self.name, problems,
            clean=not any(p.startswith(("not one line", "does not name", "no line")) for p in problems),
            exit_code=outcome.exit_code != 0, traceback=outcome.traceback, unchanged=outcome.unchanged,
            wrong=outcome.exit_code == 0 or any(p.startswith("wrong reason") for p in problems))


@dataclass(frozen=True)
class Tally:
    """One played case as the columns of bench/hostile.py's table count it: a one-line message,
    a non-zero exit, a traceback, nothing built changed, a wrong verdict (accepted, or refused for
    another reason than the case's). Tests record it (record_property) for the bench to add up."""

    name: str
    problems: list[str]
    clean: bool
    exit_code: bool
    traceback: bool
    unchanged: bool
    wrong: bool

    @classmethod
    def of_run(cls, name: str, problems: list[str]) -> Tally:
        """A whole doit run: its problems, as tests/hostile/processes.py words them."""
        return cls(name, problems, clean=not any("one line" in p for p in problems),
                   exit_code=not any(p.startswith(("exit", "the build succeeded")) for p in problems),
                   traceback="traceback" in problems, unchanged=not any("differ" in p for p in problems),
                   wrong=any(p.startswith(("the re-run failed", "the first build failed", "the build succeeded"))
                             for p in problems))


# The host's per-layer timings are measurements: any two runs differ (and the evaluate record holds
# their digest); a stage's failure record (failed.json) says why it failed. Everything else a
# build writes is deterministic, and a failed stage leaves it as it was.
UNCOMPARED = ("host/evaluate/profile.json", "host/evaluate/stage.json", "failed.json")


def digests(folder: Path) -> dict[str, str]:
    """Every file below `folder` by content, but the host's timings and failure records; hidden files at the top
    (doit's records, the lock, the memo of quantized sources) are bookkeeping, not built outputs."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")
            and not p.relative_to(folder).as_posix().endswith(UNCOMPARED)}


def make_project(folder: Path) -> Path:
    """A spec folder (tiny model, data, host target) with the import stage already built: the
    'previously built' outputs every spec and model case must leave as they are."""
    (folder / "targets").mkdir(parents=True)
    shutil.copy(HOST_TARGET, folder / "targets" / "host.yaml")
    onnx.save(tiny_cnn(0), str(folder / "a.onnx"))
    rng = np.random.default_rng(2)
    for name in ("val", "calib"):
        np.savez(folder / f"{name}.npz", x=rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
    (folder / "pipeline.yaml").write_text(SPEC)
    loaded = guard.load_for_doit(folder / "pipeline.yaml", None, "off", lock=False)
    assert not isinstance(loaded, str), loaded
    assert _run_action(loaded.tasks("import")[0]) is None
    return folder


def _run_action(task: dict) -> str | None:
    """The task's action as doit calls it: None on success, else the failure's message."""
    action, args = task["actions"][0]
    result = action(*args)
    return result.get_msg().strip() if isinstance(result, TaskFailed) else None


def play(project: Path, spec: Path, run_import: bool) -> Outcome:
    """Load `spec` as dodo.py does (a message: exit 2) and, with `run_import`, run its import
    task as doit would (a failure: exit 1); outputs/ of `project` must not change."""
    outputs = project / "outputs" / "tiny"
    before = digests(outputs)
    message, code, crashed = "", 0, False
    try:
        loaded = guard.load_for_doit(spec, project / "outputs", "off", lock=True)
        if isinstance(loaded, str):
            message, code = loaded, guard.LOAD_ERROR_EXIT
        elif run_import:
            failure = _run_action(loaded.tasks("import")[0])
            if failure is not None:
                message, code = failure, FAILED_TASK_EXIT
    except Exception:  # noqa: BLE001 - what a person would see as a traceback
        message, code, crashed = traceback.format_exc(), 1, True
    finally:
        lock.release_lock()
    return Outcome(message, code, crashed, digests(outputs) == before)


def judged(call: Callable[[], None]) -> tuple[str, bool]:
    """(the FerryError's message, crashed) of a call expected to refuse its input."""
    try:
        call()
    except FerryError as error:
        return str(error), False
    except Exception:  # noqa: BLE001 - what a person would see as a traceback
        return traceback.format_exc(), True
    return "", False
