"""One build at a time per outputs folder: an advisory lock the kernel releases however the
process ends (a kill -9 leaves no stale lock)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ferry.core.errors import FerryError

LOCK_FILE = ".ferry.lock"

_held: list[int] = []  # the lock's file descriptor, open for the life of the process


def lock_outputs(folder: Path) -> None:
    """Hold `folder` for this process (an advisory flock on folder/.ferry.lock holding the pid),
    or raise FerryError naming the build that holds it."""
    path = folder / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(descriptor)
        raise FerryError(f"another ferry build holds {folder} (pid {holder}); wait for it to finish, "
                         "or build into another folder (ferry --outputs DIR; doit outputs=DIR)") from None
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
    _held.append(descriptor)


def release_lock() -> None:
    """Give up the outputs folder before the process ends (a process that loads several graphs)."""
    while _held:
        os.close(_held.pop())
