"""Whole doit runs under attack: interrupted (SIGINT, SIGKILL) at seeded random moments, two builds
into one outputs folder, a file system that fills up or is read-only. Each returns what went
wrong (nothing: the case passed)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT, doit_command
from tests.hostile.harness import SPEC, digests, make_project

# No quantize: the full build (import, codegen, compile, evaluate, report) takes ~3 s.
FAST_SPEC = SPEC.replace("  - kind: quantize\n", "")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# When a signal arrives, in seconds after the start: from once ferry's dodo.py has installed its
# handler (Python and doit take ~0.2 s CPU to start; a Ctrl-C before that is Python's own) to
# within the build.
INTERRUPT_WINDOW_S = (1.0, 4.0)


def fast_project(folder: Path) -> Path:
    project = make_project(folder)
    (project / "pipeline.yaml").write_text(FAST_SPEC)
    return project


def start(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(doit_command(project, "cache=off", *args), cwd=project, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    process = start(project, *args)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _clean_failure(process: subprocess.CompletedProcess, code: int | None, phrase: str) -> list[str]:
    """What is wrong with a run that had to stop with one line (and `code`, when given)."""
    problems = []
    if code is not None and process.returncode != code:
        problems.append(f"exit {process.returncode}, expected {code}")
    if process.returncode == 0:
        problems.append("exit 0")
    if "Traceback" in process.stderr + process.stdout:
        problems.append("traceback")
    lines = [line for line in process.stderr.splitlines() if line.strip()]
    if len(lines) != 1 or phrase not in lines[0]:
        problems.append(f"stderr is not one line with {phrase!r}: {process.stderr[-500:]!r}")
    return problems


def interrupted(project: Path, reference: dict[str, str], signum: int, seed: int) -> list[str]:
    """Build from nothing, send `signum` after a seeded random delay within the build, then build
    again: the outputs must equal `reference` byte for byte."""
    shutil.rmtree(project / "outputs", ignore_errors=True)
    process = start(project)
    time.sleep(random.Random(seed).uniform(*INTERRUPT_WINDOW_S))
    process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    problems = []
    if signum == signal.SIGINT and process.returncode is not None and process.returncode != 0:
        problems += _clean_failure(subprocess.CompletedProcess([], process.returncode, out, err), 130,
                                   "interrupted (Ctrl-C)")
    resumed = build(project)
    if resumed.returncode != 0:
        problems.append(f"the re-run failed: {resumed.stderr[-300:]!r}")
    found = digests(project / "outputs" / "tiny")
    if found != reference:
        differing = sorted(k for k in found.keys() | reference.keys() if found.get(k) != reference.get(k))
        problems.append(f"outputs differ from a clean build: {differing[:5]}")
    return problems


def race(project: Path) -> list[str]:
    """A second build while the first holds the outputs folder: it must say so and stop; the
    first completes."""
    shutil.rmtree(project / "outputs", ignore_errors=True)
    first = start(project)
    lock = project / "outputs" / "tiny" / ".ferry.lock"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.02)
    second = build(project)
    _out, err = first.communicate(timeout=120)
    problems = _clean_failure(second, 2, f"another ferry build holds {project / 'outputs' / 'tiny'} (pid {first.pid})")
    if first.returncode != 0:
        problems.append(f"the first build failed: {err[-300:]!r}")
    return problems


@contextmanager
def small_file_system(folder: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` (needs root; raises PermissionError otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        raise PermissionError(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def disk_full(project: Path, mount: Path) -> list[str]:
    """A build into a file system too small for its outputs: one line, no traceback."""
    with small_file_system(mount, "100k") as outputs:
        process = build(project, f"outputs={outputs}")
    problems = []
    if process.returncode == 0:
        problems.append("the build succeeded in 100 KiB")
    if "Traceback" in process.stdout + process.stderr:
        problems.append("traceback")
    said = (process.stdout + process.stderr).lower()
    if "no space left on device" not in said and "database or disk is full" not in said:
        problems.append(f"no word of the full disk: {said[-500:]!r}")
    return problems


def read_only(project: Path, mount: Path) -> list[str]:
    """outputs= on a read-only file system: one line at load, exit 2."""
    with small_file_system(mount, "1m", read_only=True) as outputs:
        process = build(project, f"outputs={outputs}")
    return _clean_failure(process, 2, "Read-only file system")
