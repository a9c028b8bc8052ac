"""The two companies of the hand-off and the tampered bundles B's intake must reject.

Shared by tests/test_bundle.py, tests/test_intake.py and tests/hostile/bundles.py: A's and B's
folders (their specs are docs/handoff/*.yaml, which bench/handoff.py builds too), `doit keygen` as
a user runs it, and one builder per tampering case, each writing the archive an attacker would
hand over.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.stages.bundle import ENVELOPE, Limits, archive_bytes, extract_bundle
from tests.conftest import ROOT, doit_command

MODEL = "digits_cnn"
ARCHIVE = f"outputs/company_a/{MODEL}/host/bundle/{MODEL}@host.tar.gz"
# The two companies' specs as docs/handoff.md shows them (bench/handoff.py builds them too)
EXAMPLE = ROOT / "docs" / "handoff"
SPEC_A = (EXAMPLE / "company_a.yaml").read_text()
SPEC_B = (EXAMPLE / "company_b.yaml").read_text()
B_TRUST = "    pubkey: a.pub"
B_TARGETS = "targets: [targets/host.yaml, targets/b_npu.yaml]"


def keygen(folder: Path, name: str) -> subprocess.CompletedProcess:
    """`doit keygen` in a folder without a spec: a key is made before the spec that names it."""
    return subprocess.run(doit_command(folder, "keygen", f"key={name}"), capture_output=True, text=True,
                          cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)})


def company_a(folder: Path) -> Path:
    """A's folder: the example model and data, the host target and A's spec (no key yet)."""
    (folder / "models").mkdir(parents=True)
    (folder / "targets").mkdir()
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(ROOT / "models" / name, folder / "models")
    shutil.copy(ROOT / "targets" / "host.yaml", folder / "targets")
    (folder / "pipeline.yaml").write_text(SPEC_A)
    return folder


def company_b(folder: Path, archive: Path, trust: str, targets: tuple[str, ...] = ("host", "b_npu")) -> Path:
    """B's folder: the received bundle, its own validation data, targets and spec."""
    (folder / "incoming").mkdir(parents=True)
    shutil.copy(archive, folder / "incoming" / archive.name)
    (folder / "models").mkdir()
    shutil.copy(ROOT / "models" / "digits_val.npz", folder / "models")
    (folder / "targets").mkdir()
    for target in ("host.yaml", "gpnpu_1tops.yaml"):
        shutil.copy(ROOT / "targets" / target, folder / "targets")
    shutil.copy(EXAMPLE / "b_npu.yaml", folder / "targets")
    listed = ", ".join(f"targets/{name}.yaml" for name in targets)
    assert B_TRUST in SPEC_B and B_TARGETS in SPEC_B, f"{EXAMPLE / 'company_b.yaml'} changed its trust or targets"
    (folder / "pipeline.yaml").write_text(SPEC_B.replace(B_TRUST, trust).replace(B_TARGETS, f"targets: [{listed}]"))
    return folder


# -- tampered bundles ---------------------------------------------------------------------------

def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def unsigned(contents: dict[str, bytes], edit: Callable[[dict], None] | None = None) -> dict[str, bytes]:
    """The members with the provenance envelope's signatures removed and, with `edit`, its
    statement edited: what a bundle taken with allow_unsigned may hold."""
    envelope = json.loads(contents[ENVELOPE])
    statement = json.loads(base64.b64decode(envelope["payload"]))
    if edit is not None:
        edit(statement)
    envelope |= {"payload": base64.b64encode(json.dumps(statement).encode()).decode(), "signatures": []}
    return {**contents, ENVELOPE: json.dumps(envelope).encode()}


def repack(archive: Path, contents: dict[str, bytes], extra: tarfile.TarInfo | None = None) -> Path:
    """A bundle with the given members (and one hand-made entry), as an attacker would write it."""
    if extra is None:
        archive.write_bytes(archive_bytes(contents, 0))
        return archive
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        tar.addfile(extra, io.BytesIO(b"evil") if extra.isfile() else None)
    archive.write_bytes(gzip.compress(raw.getvalue()))
    return archive


@dataclass(frozen=True)
class Keys:
    public: Path  # the sender's: what the receiver was given
    wrong_public: Path  # someone else's


@dataclass(frozen=True)
class Tampered:
    archive: Path
    public_key: Path | None
    reason: str  # what the one-line rejection must say
    limits: Limits = Limits()


def _flipped_byte(good: Path, scratch: Path, keys: Keys) -> Tampered:
    contents = members(good)
    code = bytearray(contents["package/model.cpp"])
    code[100] ^= 0x01
    contents["package/model.cpp"] = bytes(code)
    return Tampered(repack(scratch / "tampered.tar.gz", contents), keys.public,
                    "differ from the manifest: package/model.cpp")


def _missing_file(good: Path, scratch: Path, keys: Keys) -> Tampered:
    contents = members(good)
    del contents["reports/report.md"]
    return Tampered(repack(scratch / "tampered.tar.gz", contents), keys.public,
                    "in the manifest but not in the archive: reports/report.md")


def _extra_file(good: Path, scratch: Path, keys: Keys) -> Tampered:
    contents = members(good) | {"package/backdoor.cpp": b"int x;\n"}
    return Tampered(repack(scratch / "tampered.tar.gz", contents), keys.public,
                    "not in the manifest: 'package/backdoor.cpp'")


def _with_entry(good: Path, scratch: Path, keys: Keys, entry: tarfile.TarInfo, reason: str) -> Tampered:
    return Tampered(repack(scratch / "tampered.tar.gz", members(good), entry), keys.public, reason)


def _path_traversal(good: Path, scratch: Path, keys: Keys) -> Tampered:
    entry = tarfile.TarInfo("../escaped.txt")
    entry.size = 4
    return _with_entry(good, scratch, keys, entry, "'../escaped.txt' has an unsafe path")


def _absolute_path(good: Path, scratch: Path, keys: Keys) -> Tampered:
    entry = tarfile.TarInfo(str(scratch / "abs.txt"))
    entry.size = 4
    return _with_entry(good, scratch, keys, entry, "has an unsafe path")


def _symlink(good: Path, scratch: Path, keys: Keys) -> Tampered:
    link = tarfile.TarInfo("package/link.h")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return _with_entry(good, scratch, keys, link, "'package/link.h' is a symlink")


def _device(good: Path, scratch: Path, keys: Keys) -> Tampered:
    device = tarfile.TarInfo("package/dev")
    device.type = tarfile.CHRTYPE
    return _with_entry(good, scratch, keys, device, "'package/dev' is a device")


def _wrong_key(good: Path, scratch: Path, keys: Keys) -> Tampered:
    return Tampered(good, keys.wrong_public, "the signature does not verify with")


def _edited_manifest(good: Path, scratch: Path, keys: Keys) -> Tampered:
    contents = members(good)
    contents["manifest.json"] = contents["manifest.json"].replace(b'"arena_bytes"', b'"arena_bytes" ', 1)
    return Tampered(repack(scratch / "tampered.tar.gz", contents), keys.public,
                    "manifest.json differs from the one the provenance names (altered after signing)")


def _oversized_member(good: Path, scratch: Path, keys: Keys) -> Tampered:
    """The bundle as it is, under a member limit one byte below its largest member."""
    size, name = max((len(data), name) for name, data in members(good).items())
    return Tampered(good, keys.public, f"member {name!r} is {size} bytes, over the limit of {size - 1}",
                    Limits(member_bytes=size - 1))


def _too_many_members(good: Path, scratch: Path, keys: Keys) -> Tampered:
    return Tampered(good, keys.public, "more than 5 members", Limits(members=5))


TAMPERING: dict[str, Callable[[Path, Path, Keys], Tampered]] = {
    "flipped byte in a member": _flipped_byte,
    "missing file": _missing_file,
    "extra file": _extra_file,
    "path traversal (../x)": _path_traversal,
    "absolute path": _absolute_path,
    "symlink": _symlink,
    "device": _device,
    "wrong key": _wrong_key,
    "edited manifest": _edited_manifest,
    "oversized member": _oversized_member,
    "too many members": _too_many_members,
}


@dataclass(frozen=True)
class Outcome:
    reason: str | None  # the rejection's message; None: accepted
    written: list[str]  # paths below the watched folder that the attempt created, changed or removed
    dest_exists: bool  # the extraction folder exists afterwards

    @property
    def rejected(self) -> bool:
        return self.reason is not None


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*")}


def attempt(tampered: Tampered, dest: Path, watch: Path) -> Outcome:
    """Extract `tampered` into `dest` as an intake does; what changed below `watch` (which holds
    the archive and dest's parent) is recorded, so a rejection can be shown to write nothing."""
    before = _snapshot(watch)
    try:
        extract_bundle(tampered.archive, dest, tampered.public_key, tampered.limits)
        reason = None
    except FerryError as error:
        reason = str(error)
    after = _snapshot(watch)
    written = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    return Outcome(reason, written, dest.exists())
