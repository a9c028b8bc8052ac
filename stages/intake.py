"""Intake: a model entry that names a hand-off bundle instead of an ONNX file.

The receiving pipeline resumes from the bundle's model: its task graph is shaped when doit loads,
from the manifest read unverified (`bundle.read_manifest`: which file is the model, is it an int8
program), since nothing is extracted yet. The intake task then
verifies the whole archive (signature, digests, admission rules), extracts it into a fresh folder
swapped into place only when complete, and checks that the verified manifest says what the graph
was built from. A rejected bundle leaves the previous extraction, and everything built on it, as
it was.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.core.files import atomic_directory, sha256_file, write_json_atomic
from ferry.engine.contracts import Figures, IntakeFiles, IntakeParams, StageCall
from ferry.schemas.bundle import BundleOrigin, ShippedModel
from ferry.stages import bundle

EXTRACTED = "bundle"  # intake/bundle/: the bundle's files (package/, model/, reports/)
ORIGIN = "origin.json"  # intake/origin.json: the sender's provenance, for the report


@dataclass(frozen=True)
class Source:
    """Where a model's import reads from, as the task graph sees it before anything runs."""

    model: Path  # the ONNX file the import stage reads
    quantized: bool  # arrived as an int8 (QDQ) program: calibrate and quantize are skipped
    records: tuple[Path, ...] = ()  # stage.json of the intake
    origin: Path | None = None  # origin.json of the intake


def extracted(out_dir: Path, member: str) -> Path:
    """Where a bundle member lands (member paths passed the manifest's MemberPath pattern)."""
    return out_dir.joinpath(EXTRACTED, *member.split("/"))


def peek(archive: Path) -> ShippedModel | None:
    """The bundle's model as its unverified manifest says; None when that cannot be read. Then
    the intake task fails with the reason: loading the graph never does, so other models build."""
    try:
        return bundle.read_manifest(archive).model
    except FerryError:
        return None


def receive(archive: Path, public_key: Path | None, out_dir: Path, expected: ShippedModel | None,
            ) -> BundleOrigin:
    """Verify and extract `archive` into out_dir/bundle (replacing a previous extraction only
    once the new one is complete and checked), then write origin.json."""
    with atomic_directory(out_dir / EXTRACTED) as staging:
        staging.rmdir()  # extract_bundle creates its folder itself, so that it is surely fresh
        verified = bundle.extract_bundle(archive, staging, public_key)
        if verified.manifest.model != expected:
            raise FerryError(f"{archive}: changed during the build (its model is not the one the task "
                             "graph was made from); build again")
    origin = _origin(archive, verified)
    write_json_atomic(out_dir / ORIGIN, origin.model_dump(mode="json"))
    return origin


_PLAIN = frozenset(string.ascii_letters + string.digits + " .,:;_+-=/()@#")


def _printable(text: object, limit: int = 80) -> str:
    """Free text from the sender, made safe for one line of a Markdown or HTML report: letters,
    digits and plain punctuation (no markup: < > [ ] ` * ! &), bounded."""
    return "".join(c if c in _PLAIN else "?" for c in str(text)[:limit]) or "?"


def _origin(archive: Path, verified: bundle.Verified) -> BundleOrigin:
    manifest = verified.manifest
    sender = verified.statement.predicate.buildDefinition.externalParameters
    versions = verified.statement.predicate.runDetails.builder.version
    return BundleOrigin(
        bundle=archive.name, sha256=sha256_file(archive),
        signer=verified.signer, pipeline=_printable(sender.pipeline.get("pipeline")), model=sender.model,
        target=sender.target, stages=manifest.model.stages,
        ferry=_printable(f"{versions.get('ferry')} (commit {versions.get('git_commit')})"),
        card=manifest.card)


def figures(origin: BundleOrigin) -> Figures:
    """The intake's stage.json figures: what was received, from whom, and what the sender measured."""
    sender = {f"sender_{name}": round(value, 4) for name, value in origin.sender_accuracy().items()}
    return {"bundle_sha256": origin.sha256, "signer": origin.signer or "unsigned (allow_unsigned)",
            "sender": f"{origin.pipeline}: {origin.model}@{origin.target}",
            "sender_stages": " ".join(origin.stages), **sender}


def run_intake(call: StageCall[IntakeParams, IntakeFiles]) -> Figures:
    """The intake stage's entry point (ferry/engine/registry.py)."""
    origin = receive(call.files.bundle, call.files.pubkey, call.out_dir, call.params.model)
    return figures(origin)
