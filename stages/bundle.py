"""Hand-off bundles: a reproducible, optionally signed .tar.gz and its verified, safe intake.

Writing: members sorted, owner 0:0 with no names, mode 0644, one mtime (SOURCE_DATE_EPOCH or 0),
gzip header without name or timestamp; Ed25519 signatures are deterministic, so a signed bundle
is reproducible too. provenance.dsse.json is a DSSE v1 envelope (the format in-toto and SLSA
verifiers read) of the in-toto statement, whose subjects are every file and manifest.json; with a
key it carries one Ed25519 signature over DSSE's pre-authentication encoding, without one none.

Reading treats the archive as hostile: it is read into memory once (both passes see the same
bytes), scanned and every digest checked before anything is written, then extracted into a
folder that must not exist yet, with no name from the archive used before it passed the
MemberPath pattern, and every written file re-checked against the manifest.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, TypeAdapter, ValidationError

from ferry.core.errors import FerryError
from ferry.core.files import canonical_json, sha256_file, write_bytes_atomic, write_new_file
from ferry.schemas.bundle import (
    FORMAT,
    PAYLOAD_TYPE,
    BundleManifest,
    DsseEnvelope,
    DsseSignature,
    FileEntry,
    MemberPath,
    Statement,
)

K = TypeVar("K")  # a key type of cryptography's
M = TypeVar("M", bound=BaseModel)

MANIFEST = "manifest.json"
ENVELOPE = "provenance.dsse.json"
_CHUNK = 1 << 20
_MEMBER_PATH = TypeAdapter(MemberPath)


@dataclass(frozen=True)
class Limits:
    """What an intake accepts; beyond these a bundle is refused, not truncated."""

    archive_bytes: int = 512 << 20  # compressed
    members: int = 10_000
    member_bytes: int = 256 << 20
    total_bytes: int = 1 << 30  # uncompressed: bounds a decompression bomb
    manifest_bytes: int = 16 << 20
    # tar header blocks (512 B each) plus PAX and GNU long-name/long-link records, which tarfile
    # reads whole into memory before any member limit applies
    header_bytes: int = 8 << 20
    padding_bytes: int = 1 << 20  # zeros after the end-of-archive blocks (a tar record is 10 KiB)


# -- writing ------------------------------------------------------------------------------------

def file_entries(files: dict[str, Path]) -> list[FileEntry]:
    return [FileEntry(path=name, sha256=sha256_file(files[name]), size=files[name].stat().st_size)
            for name in sorted(files)]


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = _load_key(path, serialization.load_pem_private_key, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise FerryError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    key = _load_key(path, serialization.load_pem_public_key)
    if not isinstance(key, Ed25519PublicKey):
        raise FerryError(f"{path}: not an Ed25519 public key")
    return key


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """sha256 of the raw 32-byte public key, hex: what the two companies compare out of band."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def generate_keypair(path: Path) -> str:
    """A new Ed25519 key: `path` (PEM PKCS#8, mode 0600) and `path`.pub (PEM); never overwrites
    either. Returns the public key's fingerprint."""
    public_path = path.with_name(path.name + ".pub")
    existing = [str(p) for p in (path, public_path) if p.exists()]
    if existing:
        raise FerryError(f"{', '.join(existing)}: exists; keygen never overwrites a key")
    key = Ed25519PrivateKey.generate()
    write_new_file(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()), 0o600)
    public = key.public_key()
    write_new_file(public_path, public.public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo), 0o644)
    return key_fingerprint(public)


def _load_key(path: Path, loader: Callable[..., K], **kwargs: Any) -> K:
    try:
        return loader(path.read_bytes(), **kwargs)
    except OSError as error:
        raise FerryError(f"{path}: cannot read the key: {error.strerror}") from None
    except (ValueError, TypeError) as error:
        raise FerryError(f"{path}: not a PEM key ({error})") from None


def _tar_info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def archive_bytes(members: dict[str, bytes], mtime: int) -> bytes:
    """A deterministic .tar.gz of `members` (member path -> content)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(members):
            tar.addfile(_tar_info(name, len(members[name]), mtime), io.BytesIO(members[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=packed, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def manifest_bytes(manifest: BundleManifest) -> bytes:
    return canonical_json(manifest.model_dump(mode="json", by_alias=True)).encode()


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1's pre-authentication encoding: the bytes a signature covers (type and payload,
    each preceded by its length, so that neither can be shifted into the other)."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def envelope(statement: Statement, key: Path | None) -> DsseEnvelope:
    payload = canonical_json(statement.model_dump(mode="json", by_alias=True)).encode()
    signatures = []
    if key is not None:
        private = load_private_key(key)
        signatures.append(DsseSignature(keyid=key_fingerprint(private.public_key()),
                                        sig=base64.b64encode(private.sign(pae(PAYLOAD_TYPE, payload))).decode()))
    return DsseEnvelope(payload=base64.b64encode(payload).decode(), signatures=signatures)


def write_bundle(path: Path, files: dict[str, Path], manifest: BundleManifest, statement: Statement, mtime: int,
                 key: Path | None) -> None:
    """The archive: `files`, manifest.json and provenance.dsse.json (signed with a key)."""
    members = {name: source.read_bytes() for name, source in files.items()}
    members[MANIFEST] = manifest_bytes(manifest)
    members[ENVELOPE] = canonical_json(envelope(statement, key).model_dump(mode="json")).encode()
    write_bytes_atomic(path, archive_bytes(members, mtime))


# -- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verified:
    manifest: BundleManifest
    statement: Statement  # the provenance, whose subjects are the files and manifest.json
    signer: str | None  # the fingerprint of the key the signature verified with; None: not checked

    @property
    def signed(self) -> bool:
        return self.signer is not None


def _shown(name: str) -> str:
    """An untrusted name, printable and short, for a one-line message."""
    return ascii(name[:120])


def _checked_member(member: tarfile.TarInfo, limits: Limits) -> str:
    """The member's path when it is a safe regular file or folder; else the reason it is not."""
    kind = ("a symlink" if member.issym() else "a hard link" if member.islnk() else
            "a device" if member.ischr() or member.isblk() else "a FIFO" if member.isfifo() else
            None if member.isfile() or member.isdir() else "not a regular file or folder")
    if kind is not None:
        raise FerryError(f"member {_shown(member.name)} is {kind}: only regular files and folders are admitted")
    name = member.name.rstrip("/") if member.isdir() else member.name
    try:
        _MEMBER_PATH.validate_python(name)
    except ValidationError:
        raise FerryError(f"member {_shown(member.name)} has an unsafe path (absolute, '..', or outside "
                         "[A-Za-z0-9._+-] components)") from None
    if member.size > limits.member_bytes:
        raise FerryError(f"member {_shown(name)} is {member.size} bytes, over the limit of "
                         f"{limits.member_bytes}")
    return name


def _read_archive(path: Path, limits: Limits) -> bytes:
    """The archive's bytes, once its gzip stream and tar headers are proven within `limits`."""
    try:
        if path.is_dir():
            raise FerryError(f"{path}: rejected: a folder, not a bundle")
        size = path.stat().st_size
        if size > limits.archive_bytes:
            raise FerryError(f"{path}: rejected: {size} bytes, over the limit of {limits.archive_bytes}")
        data = path.read_bytes()
    except OSError as error:
        raise FerryError(f"{path}: cannot read the bundle: {error.strerror}") from None
    with _rejecting(path):
        _walk_stream(data, limits)
    return data


# tar header types: with data that is a member's content / with no data (tarfile skips nothing
# for them) / records that describe the next header (PAX, GNU long name and long link)
_DATA_TYPES = frozenset(b"07\0")
_NO_DATA_TYPES = frozenset(b"123456")
_EXTENDED_TYPES = frozenset(b"xgLK")
_BLOCK = 512


class _TarWalk:
    """The tar headers of a decompressed stream, fed in pieces, in bounded memory: every header
    counted before tarfile would read a record of it whole."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.header = bytearray()
        self.skip = 0  # data bytes of the current member still to pass
        self.members = self.header_bytes = self.total = self.padding = 0
        self.ended = False  # the end-of-archive zero block was seen

    def feed(self, data: bytes) -> None:
        position = 0
        while position < len(data):
            if self.skip:
                step = min(self.skip, len(data) - position)
                self.skip -= step
                position += step
            elif self.ended:
                rest = data[position:]
                self.padding += len(rest)
                if rest.count(0) != len(rest) or self.padding > self.limits.padding_bytes:
                    raise FerryError("data after the end of the tar archive")
                position = len(data)
            else:
                step = min(_BLOCK - len(self.header), len(data) - position)
                self.header += data[position:position + step]
                position += step
                if len(self.header) == _BLOCK:
                    self._header(bytes(self.header))
                    self.header.clear()

    def _header(self, block: bytes) -> None:
        if block.count(0) == _BLOCK:
            self.ended = True
            return
        kind = block[156]
        try:
            # tarfile's own header-number parser (octal or base-256); undocumented, so not in typeshed
            size = tarfile.nti(block[124:136])  # type: ignore[attr-defined]
        except (tarfile.HeaderError, ValueError):
            raise FerryError("a tar header with an unreadable size") from None
        self.header_bytes += _BLOCK
        if kind in _EXTENDED_TYPES:
            self.header_bytes += size
        elif kind in _DATA_TYPES or kind in _NO_DATA_TYPES:
            self.members += 1
            if kind in _DATA_TYPES:
                self.total += size
        else:
            raise FerryError(f"a tar header of type {chr(kind)!a}: only files, folders, links, devices "
                             "and their PAX or GNU records are read")
        if size < 0:
            raise FerryError("a tar header with a negative size")
        if self.header_bytes > self.limits.header_bytes:
            raise FerryError(f"tar headers (with PAX and GNU records) over the limit of "
                             f"{self.limits.header_bytes} bytes")
        if self.members > self.limits.members:
            raise FerryError(f"more than {self.limits.members} members")
        if self.total > self.limits.total_bytes:
            raise FerryError(f"members total over the limit of {self.limits.total_bytes} bytes")
        if kind not in _NO_DATA_TYPES:
            self.skip = -(-size // _BLOCK) * _BLOCK

    def close(self) -> None:
        if not self.ended or self.skip or self.header:
            raise FerryError("the tar archive is truncated (no end-of-archive block)")


def _walk_stream(data: bytes, limits: Limits) -> None:
    """One gzip member, complete (its CRC-32 and length trailer checked by zlib) and nothing
    after it, holding a tar archive within `limits`; decompressed piecewise, never kept."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing only
    walk = _TarWalk(limits)
    try:
        for start in range(0, len(data), _CHUNK):
            pending = data[start:start + _CHUNK]
            while pending and not inflater.eof:
                walk.feed(inflater.decompress(pending, _CHUNK))
                pending = inflater.unconsumed_tail
            if inflater.eof and (inflater.unused_data or start + _CHUNK < len(data)):
                raise FerryError("data after the end of the gzip stream (a second stream, or garbage)")
    except zlib.error as error:
        raise FerryError(f"not a readable gzip stream ({error})") from None
    if not inflater.eof:
        raise FerryError("the gzip stream is truncated (no complete trailer)")
    walk.close()


def _open(data: bytes) -> tarfile.TarFile:
    return tarfile.open(fileobj=io.BytesIO(data), mode="r|gz")


def _safe_members(tar: tarfile.TarFile, limits: Limits) -> Iterator[tuple[tarfile.TarInfo, str]]:
    """Each member with its checked path, up to the member limit."""
    for count, member in enumerate(tar, start=1):
        if count > limits.members:
            raise FerryError(f"more than {limits.members} members")
        yield member, _checked_member(member, limits)


def _small_member(tar: tarfile.TarFile, member: tarfile.TarInfo, name: str, limits: Limits) -> bytes:
    """manifest.json or provenance.dsse.json, read whole (bounded: they are parsed in memory)."""
    if member.size > limits.manifest_bytes:
        raise FerryError(f"{name} is {member.size} bytes, over the limit of {limits.manifest_bytes}")
    stream = tar.extractfile(member)
    assert stream is not None  # a regular file
    return stream.read()


@contextmanager
def _rejecting(path: Path) -> Iterator[None]:
    """Any problem found in the archive, as one line naming it."""
    try:
        yield
    except FerryError as error:
        raise FerryError(f"{path}: rejected: {error}") from None
    except (tarfile.TarError, EOFError, OSError, gzip.BadGzipFile) as error:
        raise FerryError(f"{path}: rejected: not a readable .tar.gz ({error})") from None


def _scan(data: bytes, limits: Limits) -> tuple[dict[str, FileEntry], dict[str, bytes]]:
    """Digest every regular file without writing anything; keep the manifest and signature."""
    found: dict[str, FileEntry] = {}
    kept: dict[str, bytes] = {}
    seen: set[str] = set()
    total = 0
    with _open(data) as tar:
        for member, name in _safe_members(tar, limits):
            if name in seen:
                raise FerryError(f"member {_shown(name)} appears twice")
            seen.add(name)
            if member.isdir():
                continue
            total += member.size
            if total > limits.total_bytes:
                raise FerryError(f"members total over the limit of {limits.total_bytes} bytes")
            if name in (MANIFEST, ENVELOPE):
                kept[name] = _small_member(tar, member, name, limits)
                continue
            stream = tar.extractfile(member)
            assert stream is not None  # a regular file
            digest = hashlib.sha256()
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
            found[name] = FileEntry(path=name, sha256=digest.hexdigest(), size=member.size)
    return found, kept


def _manifest(kept: dict[str, bytes], public_key: Path | None) -> Verified:
    """The signature (with a key), then the statement it covers, then the manifest the statement
    covers: each checked before the next is trusted."""
    if MANIFEST not in kept:
        raise FerryError(f"no {MANIFEST}")
    _check_format(kept[MANIFEST])
    if ENVELOPE not in kept:
        raise FerryError(f"no {ENVELOPE}")
    sealed = _parse(DsseEnvelope, kept[ENVELOPE], ENVELOPE)
    try:
        payload = base64.b64decode(sealed.payload, validate=True)
    except binascii.Error:
        raise FerryError(f"{ENVELOPE}: the payload is not base64") from None
    signer = None
    if public_key is not None:
        if not sealed.signatures:
            raise FerryError(f"unsigned ({ENVELOPE} has no signature) but a public key was given")
        key = load_public_key(public_key)
        if not any(_verifies(key, signature, pae(sealed.payloadType, payload)) for signature in sealed.signatures):
            raise FerryError(f"the signature does not verify with {public_key} (wrong key, or the "
                             f"provenance altered)")
        signer = key_fingerprint(key)
    statement = _parse(Statement, payload, f"{ENVELOPE} payload")
    manifest = _parse(BundleManifest, kept[MANIFEST], MANIFEST)
    subjects = {s.name: s.digest.sha256 for s in statement.subject}
    if subjects.get(MANIFEST) != hashlib.sha256(kept[MANIFEST]).hexdigest():
        raise FerryError(f"{MANIFEST} differs from the one the provenance names (altered after signing)")
    if {n: d for n, d in subjects.items() if n != MANIFEST} != {f.path: f.sha256 for f in manifest.files}:
        raise FerryError(f"the provenance's subjects are not the files {MANIFEST} lists")
    if set(manifest.model.stages) != set(statement.predicate.buildDefinition.internalParameters.stages):
        raise FerryError(f"{MANIFEST}: model.stages are not the stages of the provenance")
    return Verified(manifest, statement, signer)


def _verifies(key: Ed25519PublicKey, signature: DsseSignature, message: bytes) -> bool:
    try:
        key.verify(base64.b64decode(signature.sig, validate=True), message)
    except (binascii.Error, InvalidSignature):
        return False
    return True


def _check_format(data: bytes) -> None:
    """An older bundle format gets a line saying so, not a list of schema errors."""
    try:
        found = json.loads(data).get("format")
    except (ValueError, AttributeError):
        return  # not JSON or not an object: _parse says what is wrong
    if isinstance(found, str) and found != FORMAT and found.startswith("ferry-bundle/"):
        raise FerryError(f"{MANIFEST}: format {found!r}; this ferry reads {FORMAT!r} (provenance in a DSSE "
                         "envelope): ask the sender to rebuild the bundle with this version")


def _parse(model: type[M], data: bytes, what: str) -> M:
    try:
        return model.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise FerryError(f"{what} is not a ferry {model.__name__}: {where}: {first['msg']}") from None


def read_manifest(path: Path, limits: Limits = Limits()) -> BundleManifest:
    """The manifest alone, unverified, decompressing only up to it (ferry writes it first):
    what a receiving task graph is shaped by. The intake task verifies it later."""
    data = _read_archive(path, limits)
    with _rejecting(path), _open(data) as tar:
        for member, name in _safe_members(tar, limits):
            if name == MANIFEST and member.isfile():
                data = _small_member(tar, member, name, limits)
                _check_format(data)
                return _parse(BundleManifest, data, MANIFEST)
        raise FerryError(f"no {MANIFEST}")


def _compare(manifest: BundleManifest, found: dict[str, FileEntry]) -> None:
    listed = {f.path: f for f in manifest.files}
    extra = sorted(set(found) - set(listed))
    if extra:
        raise FerryError(f"file(s) not in the manifest: {', '.join(_shown(n) for n in extra[:5])}")
    missing = sorted(set(listed) - set(found))
    if missing:
        raise FerryError(f"file(s) in the manifest but not in the archive: {', '.join(missing[:5])}")
    changed = sorted(n for n in listed if listed[n] != found[n])
    if changed:
        raise FerryError(f"file(s) whose sha256 or size differ from the manifest: {', '.join(changed[:5])}")


def verify_bundle(path: Path, public_key: Path | None = None, limits: Limits = Limits()) -> Verified:
    """Check the archive's structure, signature and every digest; write nothing."""
    return _verify(_read_archive(path, limits), path, public_key, limits)


def _verify(data: bytes, path: Path, public_key: Path | None, limits: Limits) -> Verified:
    with _rejecting(path):
        found, kept = _scan(data, limits)
        verified = _manifest(kept, public_key)
        _compare(verified.manifest, found)
    return verified


def extract_bundle(path: Path, dest: Path, public_key: Path | None = None,
                   limits: Limits = Limits()) -> Verified:
    """Verify, then extract the manifest's files into `dest`, a folder created here."""
    data = _read_archive(path, limits)
    verified = _verify(data, path, public_key, limits)
    try:
        dest.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise FerryError(f"{dest}: exists; a bundle is extracted into a fresh folder") from None
    try:
        _write_members(data, dest, verified.manifest)
    except (FerryError, OSError, tarfile.TarError) as error:
        shutil.rmtree(dest, ignore_errors=True)
        raise FerryError(f"{path}: rejected while extracting: {error}") from None
    return verified


def _write_members(data: bytes, dest: Path, manifest: BundleManifest) -> None:
    listed = {f.path: f for f in manifest.files}
    root = dest.resolve()
    with _open(data) as tar:
        for member in tar:
            if not member.isfile() or member.name not in listed:
                continue  # folders are made as needed; manifest.json and the envelope stay inside
            target = root.joinpath(*member.name.split("/"))  # passed MemberPath in _scan
            if not target.resolve().is_relative_to(root):
                raise FerryError(f"{_shown(member.name)} resolves outside {dest}")
            target.parent.mkdir(parents=True, exist_ok=True)
            stream = tar.extractfile(member)
            assert stream is not None
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(stream, out, _CHUNK)
    for entry in manifest.files:  # re-read from disk: what the next stage will read
        written = root.joinpath(*entry.path.split("/"))
        if sha256_file(written) != entry.sha256 or written.stat().st_size != entry.size:
            raise FerryError(f"{entry.path} differs from the manifest after extraction")
