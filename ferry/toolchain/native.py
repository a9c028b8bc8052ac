"""A stage's small C helper, compiled once per user with the host C compiler and loaded with ctypes.

The library is cached under $XDG_CACHE_HOME/ferry/native (else ~/.cache/ferry/native), named
after the digest of its source, the compiler's path and the flags, and written atomically, so
concurrent runs share one build and an edited source is rebuilt. A new build removes all but the
KEPT_BUILDS most recently used builds of the same source file (other ferry versions), so the folder
stays bounded; a process that has one of them loaded keeps its mapping. There is no C compiler, or the
build fails: `load_library` returns None and the caller uses its numpy twin (same results, slower).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

# No -ffast-math, no FMA contraction: the helpers' float arithmetic must round as numpy's does.
FLAGS = ("-O2", "-std=c99", "-shared", "-fPIC", "-ffp-contract=off")
BUILD_TIMEOUT_S = 120
KEPT_BUILDS = 4


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ferry" / "native"


@cache
def load_library(source: Path) -> ctypes.CDLL | None:
    """The shared library built from the C file `source`, or None without a working C compiler."""
    compiler = shutil.which(os.environ.get("CC") or "cc")
    if compiler is None:
        return None
    digest = hashlib.sha256(b"\0".join([source.read_bytes(), compiler.encode(), *(f.encode() for f in FLAGS)]))
    library = cache_folder() / f"{source.stem}-{digest.hexdigest()[:16]}.so"
    try:
        if not library.exists():
            library.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.TemporaryDirectory(dir=library.parent) as scratch:
                built = Path(scratch) / library.name
                result = subprocess.run([compiler, *FLAGS, str(source), "-o", str(built)], capture_output=True,
                                        check=False, timeout=BUILD_TIMEOUT_S)
                if result.returncode != 0:
                    return None
                os.replace(built, library)
            _prune(source.stem, library.parent)
        else:
            os.utime(library)  # its use, which _prune keeps by
        return ctypes.CDLL(str(library))
    except (OSError, subprocess.TimeoutExpired):
        return None


def _prune(stem: str, folder: Path) -> None:
    """Removes the builds of `stem` beyond the KEPT_BUILDS most recently used (best effort: a
    concurrent run may be pruning too)."""
    try:
        builds = sorted(folder.glob(f"{stem}-*.so"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for stale in builds[KEPT_BUILDS:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
