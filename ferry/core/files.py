"""Atomic writes and content digests (docs/design.md, principles 3, 4 and 5)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ferry.core.errors import FerryError

_CHUNK = 1 << 20
_UMASK = os.umask(0)
os.umask(_UMASK)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_temporary(path: Path, data: bytes) -> str:
    """`data` in a new temporary file beside `path` (mode 0600), flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, fsync, then rename over `path`."""
    tmp = _write_temporary(path, data)
    try:
        os.chmod(tmp, file_mode(executable=False))  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_mode(executable: bool) -> int:
    """The permissions a new file gets under the process's umask."""
    return (0o777 if executable else 0o666) & ~_UMASK


def write_new_file(path: Path, data: bytes, mode: int) -> None:
    """Write a file that must not exist yet, whole or not at all, with `mode` from its first
    byte (a private key is never readable by others, not even while written)."""
    tmp = _write_temporary(path, data)
    try:
        os.chmod(tmp, mode)
        os.link(tmp, path)  # unlike a rename, fails when `path` exists
    except FileExistsError:
        raise FerryError(f"{path}: exists; not overwritten") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def canonical_json(data: Any) -> str:
    """Sorted keys, fixed indentation, trailing newline: the same data gives the same bytes."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def content_key(kind: str, context: dict[str, Any], inputs: Sequence[Path]) -> str:
    """sha256 over a kind (a stage), its context (version, config, model, target) and its inputs'
    digests in order: the position gives each input its role, whatever its path. The stage
    cache's key (ferry/engine/cache.py)."""
    material = {"stage": kind, "context": context, "inputs": [sha256_file(path) for path in inputs]}
    return hashlib.sha256(canonical_json(material).encode()).hexdigest()


def write_json_atomic(path: Path, data: Any) -> None:
    write_text_atomic(path, canonical_json(data))


@contextmanager
def atomic_directory(final: Path) -> Iterator[Path]:
    """Build a whole folder under a temporary name, then swap it into place.

    A stage that fails or is killed leaves the previous folder (or none) untouched; the partly
    built temporary folder is removed, or after a kill, by the next build of the same folder.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}.*.tmp"):  # left by a killed run
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        yield staging
        retired = final.with_name(f".{final.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        if final.exists():
            os.replace(final, retired)
        os.replace(staging, final)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
