"""Tampered and malformed bundles: the 11 of tests/handoff.py and every other way an archive can
lie about its size, its framing or its members. Each is extracted as an intake does; it must be
refused with one line naming the archive, writing nothing."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
import traceback
import zlib
from collections.abc import Callable
from pathlib import Path

from ferry.stages.bundle import ENVELOPE, MANIFEST, Limits, archive_bytes
from tests.handoff import TAMPERING, Keys, Tampered, attempt, members
from tests.hostile.harness import Case, Outcome, digests

Builder = Callable[[Path, Path, Keys], Tampered]


def _tar(entries: list[tuple[tarfile.TarInfo, bytes | None]], fmt: int = tarfile.PAX_FORMAT) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return raw.getvalue()


def _file(name: str, data: bytes, **pax: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.pax_headers = pax
    return info, data


def _good_entries(good: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    return [_file(name, data) for name, data in sorted(members(good).items())]


def _write(scratch: Path, data: bytes) -> Path:
    path = scratch / "hostile.tar.gz"
    path.write_bytes(data)
    return path


def _bytes_case(make: Callable[[bytes], bytes], reason: str, limits: Limits = Limits()) -> Builder:
    """A case made from the good archive's bytes."""
    def build(good: Path, scratch: Path, keys: Keys) -> Tampered:
        return Tampered(_write(scratch, make(good.read_bytes())), keys.public, reason, limits)
    return build


def _tar_case(make: Callable[[list[tuple[tarfile.TarInfo, bytes]]], bytes], reason: str,
              limits: Limits = Limits()) -> Builder:
    """A case made from the good archive's members (tar bytes), gzip-compressed."""
    def build(good: Path, scratch: Path, keys: Keys) -> Tampered:
        return Tampered(_write(scratch, gzip.compress(make(_good_entries(good)), mtime=0)), keys.public,
                        reason, limits)
    return build


def _members_case(change: Callable[[dict[str, bytes]], dict[str, bytes]], reason: str) -> Builder:
    """A case with the members changed, repacked as ferry packs (names, content)."""
    def build(good: Path, scratch: Path, keys: Keys) -> Tampered:
        return Tampered(_write(scratch, archive_bytes(change(members(good)), 0)), keys.public, reason)
    return build


def _with_first(entry: tuple[tarfile.TarInfo, bytes | None]) -> Callable[[list], bytes]:
    return lambda entries: _tar([entry, *entries])


def _header_patched(offset: int, value: bytes, fix_checksum: bool = True) -> Callable[[list], bytes]:
    """The tar with the first header's bytes at `offset` replaced (checksum recomputed)."""
    def make(entries: list) -> bytes:
        data = bytearray(_tar(entries, tarfile.USTAR_FORMAT))
        data[offset:offset + len(value)] = value
        if fix_checksum:
            data[148:156] = b" " * 8
            data[148:156] = b"%06o\0 " % sum(data[:512])
        return bytes(data)
    return make


def _typed(kind: bytes) -> Callable[[list], bytes]:
    return _header_patched(156, kind)


def _truncated_tar(entries: list) -> bytes:
    data = _tar(entries)
    return data[:len(data) // 2]


def _tar_without_end(entries: list) -> bytes:
    data = _tar(entries).rstrip(b"\0")
    return data + b"\0" * (-len(data) % 512)


def _garbage_after_end(entries: list) -> bytes:
    return _tar(entries) + b"evil" * 128


def _dir_and_file(entries: list) -> bytes:
    folder = tarfile.TarInfo("package/model.cpp")
    folder.type = tarfile.DIRTYPE
    return _tar([*entries, (folder, None)])


def _hardlink(good: Path, scratch: Path, keys: Keys) -> Tampered:
    link = tarfile.TarInfo("package/hard.h")
    link.type, link.linkname = tarfile.LNKTYPE, "package/model.cpp"
    return Tampered(_write(scratch, gzip.compress(_tar([*_good_entries(good), (link, None)]))), keys.public,
                    "is a hard link")


def _fifo(good: Path, scratch: Path, keys: Keys) -> Tampered:
    fifo = tarfile.TarInfo("package/fifo")
    fifo.type = tarfile.FIFOTYPE
    return Tampered(_write(scratch, gzip.compress(_tar([*_good_entries(good), (fifo, None)]))), keys.public,
                    "is a FIFO")


def _second_stream(data: bytes) -> bytes:
    return data + gzip.compress(_tar([_file("package/backdoor.cpp", b"int evil;\n")]), mtime=0)


def _flip(position: int) -> Callable[[bytes], bytes]:
    return lambda data: data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]


def _deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(gzip.decompress(data)) + compressor.flush()


BIG = "x" * (9 << 20)  # PAX and GNU records over Limits.header_bytes (8 MiB)
NAME_OVER = "package/" + "n" * 200 + ".h"

BUNDLE_CASES: dict[str, Builder] = {
    **TAMPERING,
    "hard link": _hardlink,
    "FIFO": _fifo,
    # framing: gzip
    **{f"gzip trailer cut by {n} byte(s)": _bytes_case(lambda d, n=n: d[:-n], "truncated") for n in range(1, 9)},
    "gzip cut at half": _bytes_case(lambda d: d[:len(d) // 2], "truncated"),
    "gzip cut after the header": _bytes_case(lambda d: d[:10], "truncated"),
    "one byte of garbage after the gzip stream": _bytes_case(lambda d: d + b"x", "data after the end of the gzip"),
    "1 KiB of garbage after the gzip stream": _bytes_case(lambda d: d + bytes(range(256)) * 4,
                                                          "data after the end of the gzip"),
    "zeros after the gzip stream": _bytes_case(lambda d: d + b"\0" * 512, "data after the end of the gzip"),
    "a second gzip stream appended": _bytes_case(_second_stream, "data after the end of the gzip"),
    "the archive twice": _bytes_case(lambda d: d + d, "data after the end of the gzip"),
    "CRC-32 in the trailer altered": _bytes_case(lambda d: d[:-8] + bytes([d[-8] ^ 1]) + d[-7:], "gzip"),
    "length in the trailer altered": _bytes_case(lambda d: d[:-4] + bytes([d[-4] ^ 1]) + d[-3:], "gzip"),
    "a byte of the deflate data flipped": _bytes_case(_flip(200), "rejected"),
    "gzip magic altered": _bytes_case(lambda d: b"\x1f\x8c" + d[2:], "not a readable gzip"),
    "empty file": _bytes_case(lambda d: b"", "truncated"),
    "random bytes": _bytes_case(lambda d: bytes((i * 7919) % 251 for i in range(4096)), "not a readable gzip"),
    "a text file": _bytes_case(lambda d: b"not a bundle\n" * 50, "not a readable gzip"),
    "an uncompressed tar": _bytes_case(gzip.decompress, "not a readable gzip"),
    "a bzip2 tar": _bytes_case(lambda d: bz2.compress(gzip.decompress(d)), "not a readable gzip"),
    "an xz tar": _bytes_case(lambda d: lzma.compress(gzip.decompress(d)), "not a readable gzip"),
    "raw deflate, no gzip framing": _bytes_case(_deflate_raw, "not a readable gzip"),
    "a zip header": _bytes_case(lambda d: b"PK\x03\x04" + d, "not a readable gzip"),
    "over the archive size limit": _bytes_case(lambda d: d, "over the limit of 1000", Limits(archive_bytes=1000)),
    # framing: tar inside a sound gzip stream
    "tar cut at half": _tar_case(_truncated_tar, "truncated"),
    "tar without its end blocks": _tar_case(_tar_without_end, "truncated"),
    "data after the end of the tar": _tar_case(_garbage_after_end, "data after the end of the tar"),
    "a folder and a file of one name": _tar_case(_dir_and_file, "appears twice"),
    # headers: PAX and GNU records, counted before tarfile reads them whole
    "a 9 MiB PAX record": _tar_case(_with_first(_file("package/a.h", b"", comment=BIG)), "tar headers"),
    "a 9 MiB global PAX record": _tar_case(lambda e: _global_pax(e), "tar headers"),
    "a 9 MiB GNU long name": _tar_case(lambda e: _tar([_file("package/" + BIG[:9 << 20], b"")], tarfile.GNU_FORMAT),
                                       "tar headers"),
    "a 9 MiB GNU long link": _tar_case(lambda e: _tar([_gnu_link()], tarfile.GNU_FORMAT), "tar headers"),
    "many PAX records, 9 MiB in all": _tar_case(
        lambda e: _tar([_file(f"package/f{i}.h", b"", comment="y" * (1 << 16)) for i in range(150)]), "tar headers"),
    "headers over a small header limit": _tar_case(lambda e: _tar(e), "tar headers", Limits(header_bytes=2048)),
    "a long member name by PAX": _tar_case(lambda e: _tar([*e, _file(NAME_OVER, b"x")]), "unsafe path"),
    "a PAX size larger than the data": _tar_case(_with_first(_file("package/a.h", b"abc", size="99999")), "rejected"),
    "a PAX path escaping the folder": _tar_case(_with_first(_file("package/a.h", b"abc", path="../../evil.h")),
                                                "unsafe path"),
    # headers: types and fields
    **{f"a member of type {kind!r}": _tar_case(_typed(kind), "rejected") for kind in (b"S", b"V", b"M", b"Z", b"D")},
    "a negative size (base-256)": _tar_case(_header_patched(124, b"\xff" * 12), "negative size"),
    "an unreadable size": _tar_case(_header_patched(124, b"zzzzzzzzzzz\0"), "unreadable size"),
    "a bad header checksum": _tar_case(_header_patched(0, b"Q", fix_checksum=False), "rejected"),
    "a member declared over the total limit": _tar_case(
        lambda e: _tar(e), "members total over the limit of 100 bytes", Limits(total_bytes=100)),
    # names
    **{f"member name {name!r}": _members_case(lambda m, name=name: {**m, name: b"x"}, "rejected")
       for name in ("package/a b.h", "package/é.h", "package\\evil.h", "./package/x.h", "package//x.h", "/etc/x",
                    "package/..", "..", "package/.hidden/../../x")},
    # the manifest and the signed provenance (a DSSE envelope)
    "manifest not JSON": _members_case(lambda m: {**m, MANIFEST: b"{not json"}, "rejected"),
    "manifest of another schema": _members_case(lambda m: {**m, MANIFEST: b'{"schema": "other"}'}, "rejected"),
    "manifest missing": _members_case(lambda m: {k: v for k, v in m.items() if k != MANIFEST}, "no manifest.json"),
    "envelope missing": _members_case(lambda m: {k: v for k, v in m.items() if k != ENVELOPE},
                                      "no provenance.dsse.json"),
    "envelope not JSON": _members_case(lambda m: {**m, ENVELOPE: b"zz\n"}, "rejected"),
    "envelope empty": _members_case(lambda m: {**m, ENVELOPE: b""}, "rejected"),
    "envelope without signatures": _members_case(lambda m: {**m, ENVELOPE: _resigned(m[ENVELOPE], [])}, "unsigned"),
    "signature of other bytes": _members_case(
        lambda m: {**m, ENVELOPE: _resigned(m[ENVELOPE], [{"keyid": "", "sig": "AAAA" * 22}])}, "does not verify"),
    "manifest over its limit": _bytes_case(lambda d: d, "manifest.json is", Limits(manifest_bytes=64)),
}


def _resigned(envelope: bytes, signatures: list[dict[str, str]]) -> bytes:
    """The envelope with its signatures replaced (the payload kept)."""
    return json.dumps({**json.loads(envelope), "signatures": signatures}).encode()


def _global_pax(entries: list) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": BIG}) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def _gnu_link() -> tuple[tarfile.TarInfo, None]:
    link = tarfile.TarInfo("package/link.h")
    link.type, link.linkname = tarfile.SYMTYPE, BIG
    return link, None


def _bundle_case(name: str, build: Builder, good: Path, keys: Keys) -> Case:
    def run(scratch: Path) -> Outcome:
        tampered = build(good, scratch, keys)
        previous = scratch / "previous"  # an earlier extraction, which must stay as it is
        previous.mkdir(exist_ok=True)
        (previous / "model.onnx").write_bytes(b"earlier")
        before = digests(scratch)
        try:
            outcome = attempt(tampered, scratch / "dest", scratch)
        except Exception:  # noqa: BLE001 - any crash is the outcome this judges
            return Outcome(traceback.format_exc(), 1, True, False)
        changed = digests(scratch) != before
        return Outcome(outcome.reason or "", 1 if outcome.rejected else 0, False,
                       not outcome.written and not outcome.dest_exists and not changed, tampered.reason)
    return Case("bundle", name, run, ".tar.gz: rejected")


def cases(good: Path, keys: Keys) -> list[Case]:
    return [_bundle_case(name, build, good, keys) for name, build in BUNDLE_CASES.items()]


def make_bundle(folder: Path) -> tuple[Path, Keys]:
    """A signed bundle of the tiny model on the host, built by doit as company A would, and the
    receiver's keys (A's public key, someone else's)."""
    from ferry.stages.bundle import generate_keypair
    from tests.conftest import run_doit
    from tests.hostile.harness import SPEC, make_project

    project = make_project(folder)
    generate_keypair(project / "signing.pem")
    generate_keypair(project / "other.pem")
    spec = SPEC.replace("  - kind: quantize\n", "") + "  - kind: bundle\n    key: signing.pem\n"
    (project / "pipeline.yaml").write_text(spec)
    run_doit(project)
    archive = project / "outputs" / "tiny" / "a" / "host" / "bundle" / "a@host.tar.gz"
    return archive, Keys(public=project / "signing.pem.pub", wrong_public=project / "other.pem.pub")
