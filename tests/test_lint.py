"""The linter and the type checker, run as CI runs them, with the settings of pyproject.toml: ruff
over the whole repository, mypy over the ferry package and dodo.py. A failure shows their output."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m module args` in the repository. Without the tool (no test extra installed) the
    test is skipped, except under CI, which installs it: there it fails."""
    if importlib.util.find_spec(module) is None:
        message = f"{module} is not installed: pip install -e '.[test]'"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI is set and {message}")
        pytest.skip(message)
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, f"ruff check .:\n{done.stdout}{done.stderr}"


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    # A cache of its own: a stale one left by another checkout cannot hide an error.
    done = _run("mypy", "--cache-dir", str(tmp_path / "mypy_cache"))
    assert done.returncode == 0, f"mypy:\n{done.stdout}{done.stderr}"
    assert "Success: no issues found" in done.stdout
