"""A content-addressed cache of stage outputs: going back to an earlier model version,
or a second spec that shares a prefix of stages, restores the artifacts instead of recomputing them.

doit decides *whether* a task runs (file_dep digests, config_changed); this cache decides whether
running it means computing or restoring. Layout of the cache folder:

    blobs/<d[:2]>/<d>           every output file once, named by its sha256 (identical outputs of
                                different stages, specs or model versions share storage)
    entries/<k[:2]>/<k>.json    one stage run (CacheEntry): relative output path -> digest, its figures

The key k covers everything that decides a stage's bytes: the stage and its version, the task's
config (what `config_changed` sees: params, data columns, compiler flags...), the model and
target, the versions of the libraries and compilers that compute the outputs (the caller's
context), and the sha256 of every input in the task's fixed input order. Input *paths* are left out: they
differ between specs and outputs folders while the bytes, and so the outputs, do not (every
stage's outputs were checked to be location-independent; stage.json, which holds paths relative
to the spec, is not cached but rewritten by the caller exactly as a run would).

Files of LINK_BYTES or more (weights.bin, the ONNX models, libraries and runners: what grows
with the parameter count) are hardlinked between the outputs and the blob when both sit on one
file system, so that the cache does not hold a second copy of every large artifact (ResNet-50:
about 100 MB per file that carries the weights); a restore links only when the blob's mode is
the one the entry records (executable or not), else copies. Smaller files are copies: a person
editing a generated model.cpp in place would otherwise change the blob under every other spec
that restored it. ferry itself never writes into an existing file (every write
is a new file renamed into place), so a linked blob changes only if someone edits an output in
place; every restored byte is hashed, a mismatch discards the entry and the stage runs: an edit
costs a cache miss, never a wrong artifact. Blobs and entries are written to a temporary name
and renamed, so `doit -n 2` workers storing the same blob or entry at once are safe.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ferry.core.files import atomic_directory, file_mode, sha256_file, write_json_atomic
from ferry.schemas.artifacts import Figure
from ferry.schemas.cache import CacheEntry

_CHUNK = 1 << 20
LINK_BYTES = 1 << 20  # from this size an output shares its blob's inode


def owned_files(out_dir: Path) -> dict[str, Path]:
    """The files a stage run owns, by path relative to out_dir: its whole folder (build trees
    and packages hold more than the declared targets; report, the one stage that shares its
    folder, is not cached). stage.json and hidden (temporary) names are left out."""
    owned = {}
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir)
        if path.is_file() and path.name != "stage.json" and not any(
                part.startswith(".") for part in relative.parts):
            owned[relative.as_posix()] = path
    return owned


class StageCache:
    """One cache folder, shared by any number of specs, outputs folders and doit workers."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _blob(self, digest: str) -> Path:
        return self.root / "blobs" / digest[:2] / digest

    def _entry(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / f"{key}.json"

    def store(self, key: str, files: dict[str, Path], figures: dict[str, Figure]) -> None:
        """Blobs first, the entry last: an entry on disk always names complete blobs."""
        entry = {}
        for relative, path in files.items():
            digest = sha256_file(path)
            executable = os.access(path, os.X_OK)
            blob = self._blob(digest)
            if not blob.is_file():
                _store_blob(path, blob, _linkable(path))
            entry[relative] = {"sha256": digest, "executable": executable}
        try:
            record = CacheEntry.model_validate({"files": entry, "figures": figures})
        except ValidationError:  # an output name an entry may not hold: that stage is not cached
            return
        write_json_atomic(self._entry(key), record.model_dump(mode="json"))

    def restore(self, key: str, out_dir: Path, required: set[str]) -> dict[str, Figure] | None:
        """Rewrite the stage's outputs from the entry under `key`; its figures, or None when
        there is no usable entry (absent, unreadable, lacking a `required` file, or a blob whose
        bytes changed: the entry is then discarded and out_dir left as it was)."""
        entry = self._load(key)
        if entry is None:
            return None
        if not required <= entry.files.keys():
            self._entry(key).unlink(missing_ok=True)
            return None
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            with atomic_directory(out_dir) as staging:
                self._write_files(entry, staging)
        except _CorruptBlob as corrupt:
            corrupt.blob.unlink(missing_ok=True)
            self._entry(key).unlink(missing_ok=True)
            return None
        return entry.figures

    def _load(self, key: str) -> CacheEntry | None:
        try:
            return CacheEntry.model_validate_json(self._entry(key).read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError):  # a damaged entry is a miss; the run rewrites it
            with suppress(OSError):
                self._entry(key).unlink(missing_ok=True)
            return None

    def _write_files(self, entry: CacheEntry, folder: Path) -> None:
        for relative, cached in entry.files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            blob = self._blob(cached.sha256)
            if not blob.is_file():
                raise _CorruptBlob(blob)
            if (_linkable(blob) and os.access(blob, os.X_OK) == cached.executable
                    and _linked(blob, target)):
                if sha256_file(target) != cached.sha256:
                    raise _CorruptBlob(blob)
                continue
            if _copy_verified(blob, target) != cached.sha256:
                raise _CorruptBlob(blob)
            os.chmod(target, file_mode(cached.executable))


@dataclass(frozen=True)
class CachedRun:
    """One task's view of the cache: its key and the files it owns."""

    cache: StageCache
    key: str
    out_dir: Path
    outputs: tuple[Path, ...]

    # The cache only saves time: a folder that cannot be read or written (permissions, a full
    # disk) is a miss, or an unstored run, never a failed stage.

    def restore(self) -> dict[str, Figure] | None:
        required = {p.relative_to(self.out_dir).as_posix() for p in self.outputs if p.name != "stage.json"}
        try:
            return self.cache.restore(self.key, self.out_dir, required)
        except OSError:
            return None

    def store(self, figures: dict[str, Figure]) -> None:
        with suppress(OSError):
            self.cache.store(self.key, owned_files(self.out_dir), figures)


class _CorruptBlob(Exception):
    def __init__(self, blob: Path) -> None:
        super().__init__(str(blob))
        self.blob = blob


def _linkable(path: Path) -> bool:
    return path.stat().st_size >= LINK_BYTES


def _linked(source: Path, target: Path) -> bool:
    """Hardlink `source` at `target`; False where the file system refuses (another device)."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _store_blob(path: Path, blob: Path, link: bool) -> None:
    """The blob of an output: its inode (link), or a copy streamed to a temporary name, renamed."""
    blob.parent.mkdir(parents=True, exist_ok=True)
    temporary = blob.with_name(f".{blob.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    if not (link and _linked(path, temporary)):
        _copy_verified(path, temporary)
        os.chmod(temporary, file_mode(executable=False))
    os.replace(temporary, blob)


def _copy_verified(source: Path, target: Path) -> str:
    """Copy and hash in one pass: the digest of the bytes actually written."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest()

