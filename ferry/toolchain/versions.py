"""The versions of what computes ferry's outputs: they are part of the stage cache's key and of a
bundle's provenance (an upgrade must not restore outputs the old versions made)."""

from __future__ import annotations

import importlib.metadata
import subprocess
from functools import cache
from pathlib import Path


def first_line(command: list[str], cwd: Path | None = None) -> str:
    """The first line a command prints, or 'unknown' when it cannot run or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = done.stdout.splitlines()
    return lines[0].strip() if done.returncode == 0 and lines else "unknown"


def compiler_version(cxx: str) -> str:
    return first_line([cxx, "--version"])


@cache
def library_versions() -> dict[str, str]:
    """The Python packages that compute or check ferry's outputs (and the stage cache's key)."""
    return {module: _distribution_version(module) for module in ("onnx", "onnxruntime", "numpy", "pydantic", "doit")}


def _distribution_version(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:  # installed under another name: onnxruntime-gpu, ...
        # packages_distributions scans every installed package (0.2 s): only when needed
        return importlib.metadata.version(importlib.metadata.packages_distributions()[module][0])
