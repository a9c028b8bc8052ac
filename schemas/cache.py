"""The stage cache's entries (ferry/engine/cache.py): read back from a folder any process may write, so
every name is checked before it is joined to a path."""

from __future__ import annotations

from ferry.schemas.artifacts import Contract, Figure
from ferry.schemas.bundle import MemberPath, Sha256


class CachedFile(Contract):
    sha256: Sha256  # names the blob in the cache's blobs/ folder
    executable: bool  # runners and firmware keep their mode


class CacheEntry(Contract):
    """One stage run: its output files, by path relative to the stage's folder (safe components
    only: never absolute, '..' or hidden), and the figures its stage.json carries."""

    files: dict[MemberPath, CachedFile]
    figures: dict[str, Figure]
