"""Hand-off bundles: byte-identical rebuilds, signatures, and an intake that rejects tampering."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey

from ferry.core.errors import FerryError
from ferry.schemas.bundle import BundleManifest, Statement
from ferry.stages.bundle import archive_bytes, extract_bundle, verify_bundle
from tests.conftest import ROOT, executed, run_doit
from tests.handoff import TAMPERING, Keys, attempt

ARCHIVE = "outputs/tiny/a/host/bundle/a@host.tar.gz"


def _write_keys(folder: Path, seed: int) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.from_private_bytes(bytes([seed]) * 32)
    private, public = folder / f"key{seed}.pem", folder / f"key{seed}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public


def _with_bundle(project: Path, key: Path) -> Path:
    """A signed bundle stage after evaluate."""
    spec = project / "pipeline.yaml"
    spec.write_text(spec.read_text() + f"  - kind: bundle\n    key: {key.name}\n")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny project built twice, in two folders, with the same key; plus a second key."""
    import numpy as np
    import onnx

    from tests.conftest import HOST_TARGET, MODEL, SPEC, tiny_cnn  # the fixture is function-scoped

    paths = {}
    for run in ("first", "second"):
        project = tmp_path_factory.mktemp(run)
        (project / "targets").mkdir()
        shutil.copy(HOST_TARGET, project / "targets" / "host.yaml")
        onnx.save(tiny_cnn(0), str(project / "a.onnx"))
        rng = np.random.default_rng(2)
        np.savez(project / "val.npz", x=rng.standard_normal((6, 1, 8, 8)).astype(np.float32))
        (project / "pipeline.yaml").write_text(SPEC.format(models=MODEL.format(name="a")))
        private, public = _write_keys(project, 7)
        _, results = run_doit(_with_bundle(project, private))
        assert "bundle:a@host" in executed(results)
        paths[run] = project / ARCHIVE
        paths[f"{run}_project"] = project
    paths["public"] = public
    paths["wrong_public"] = _write_keys(tmp_path_factory.mktemp("other"), 9)[1]
    return paths


def test_two_builds_in_different_folders_are_byte_identical(built: dict[str, Path]) -> None:
    first, second = built["first"].read_bytes(), built["second"].read_bytes()
    assert first == second
    assert first[4:8] == b"\0\0\0\0"  # gzip header mtime
    with tarfile.open(built["first"]) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname, m.mode) for m in members} == {(0, 0, 0, "", "", 0o644)}
    assert {"manifest.json", "provenance.dsse.json", "model/imported.onnx", "package/model.cpp",
            "reports/report.json", "reports/report.md", "reports/report.html"} <= set(names)


def test_manifest_lists_every_file_with_provenance(built: dict[str, Path]) -> None:
    with tarfile.open(built["first"]) as tar:
        manifest = BundleManifest.model_validate_json(tar.extractfile("manifest.json").read())
        contents = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    assert {f.path for f in manifest.files} == set(contents) - {"manifest.json", "provenance.dsse.json"}
    for entry in manifest.files:
        assert entry.size == len(contents[entry.path])
        assert entry.sha256 == hashlib.sha256(contents[entry.path]).hexdigest()
    envelope = json.loads(contents["provenance.dsse.json"])
    assert envelope["payloadType"] == "application/vnd.in-toto+json"
    statement = json.loads(base64.b64decode(envelope["payload"]))
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == "https://slsa.dev/provenance/v1"
    subjects = {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}  # every file and the manifest
    assert subjects == {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()
                        if name != "provenance.dsse.json"}
    provenance = Statement.model_validate(statement)
    definition = provenance.predicate.buildDefinition
    project = built["first_project"]
    deps = {d.name: d for d in definition.resolvedDependencies}
    assert set(deps) == {"model", "validation", "target", "pipeline"}
    assert deps["model"].uri == "a.onnx"
    assert deps["model"].digest.sha256 == hashlib.sha256((project / "a.onnx").read_bytes()).hexdigest()
    assert definition.externalParameters.pipeline["pipeline"] == "tiny"
    assert definition.internalParameters.stages["compile"].params == {"extra_flags": ["-O0"]}
    versions = provenance.predicate.runDetails.builder.version
    assert versions["compiler"].startswith("g++") and len(versions["git_commit"]) >= 40
    assert manifest.card.arena_bytes > 0 and manifest.card.stage_figures["evaluate"]["top1_agreement"] == 1.0


def test_signed_bundle_verifies_and_extracts(built: dict[str, Path], tmp_path: Path) -> None:
    verified = extract_bundle(built["first"], tmp_path / "in", built["public"])
    assert verified.signed
    package = built["first_project"] / "outputs/tiny/a/codegen/package"
    assert (tmp_path / "in/package/model.cpp").read_bytes() == (package / "model.cpp").read_bytes()
    assert not (tmp_path / "in/manifest.json").exists()
    with pytest.raises(FerryError, match="fresh folder"):
        extract_bundle(built["first"], tmp_path / "in", built["public"])


@pytest.mark.parametrize("case", TAMPERING)
def test_tampered_bundle_is_rejected_and_nothing_is_written(built: dict[str, Path], tmp_path: Path,
                                                            case: str) -> None:
    tampered = TAMPERING[case](built["first"], tmp_path, Keys(built["public"], built["wrong_public"]))
    outcome = attempt(tampered, tmp_path / "intake", tmp_path.parent)
    assert outcome.reason is not None, "accepted"
    assert "\n" not in outcome.reason and outcome.reason.startswith(f"{tampered.archive}: rejected")
    assert tampered.reason in outcome.reason
    assert outcome.written == [] and not outcome.dest_exists  # nothing in it, nothing beside it


def test_doit_verify_prints_one_verdict_line(built: dict[str, Path]) -> None:
    project = built["first_project"]
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(project),
               f"pipeline={project / 'pipeline.yaml'}", "verify", f"bundle={built['first']}"]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    good = subprocess.run([*command, f"pubkey={built['public']}"], capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stderr
    assert "files match the manifest; signature valid" in good.stdout
    bad = subprocess.run([*command, f"pubkey={built['wrong_public']}"], capture_output=True, text=True, env=env)
    assert bad.returncode != 0
    assert "signature does not verify" in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


def _sslib_key(public: Path) -> SSlibKey:
    """The signer's public key as securesystemslib holds it (its own Ed25519 verification)."""
    key = serialization.load_pem_public_key(public.read_bytes())
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SSlibKey(keyid=hashlib.sha256(raw).hexdigest(), keytype="ed25519", scheme="ed25519",
                    keyval={"public": raw.hex()})


def test_the_dsse_envelope_verifies_with_an_independent_library(built: dict[str, Path]) -> None:
    """securesystemslib's DSSE implementation (not ferry's) accepts the envelope with A's key and
    gives back the in-toto statement; a wrong key and an altered payload are refused."""
    with tarfile.open(built["first"]) as tar:
        raw = tar.extractfile("provenance.dsse.json").read()
        manifest = tar.extractfile("manifest.json").read()
    envelope = Envelope.from_dict(json.loads(raw))
    key = _sslib_key(built["public"])
    assert list(envelope.verify([key], 1)) == [key.keyid]
    statement = json.loads(envelope.payload)
    assert {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}["manifest.json"] == \
        hashlib.sha256(manifest).hexdigest()
    with pytest.raises(VerificationError):
        envelope.verify([_sslib_key(built["wrong_public"])], 1)
    altered = json.loads(envelope.payload)
    altered["predicate"]["buildDefinition"]["externalParameters"]["model"] = "other"
    envelope.payload = json.dumps(altered).encode()
    with pytest.raises(VerificationError):
        envelope.verify([key], 1)


def test_a_bundle_of_the_previous_format_is_refused_in_one_line(built: dict[str, Path], tmp_path: Path) -> None:
    with tarfile.open(built["first"]) as tar:
        contents = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    manifest = json.loads(contents.pop("manifest.json"))
    manifest["format"] = "ferry-bundle/2"
    del contents["provenance.dsse.json"]
    contents |= {"manifest.json": json.dumps(manifest).encode(), "manifest.sig": b"00\n"}
    old = tmp_path / "old.tar.gz"
    old.write_bytes(archive_bytes(contents, 0))
    with pytest.raises(FerryError) as error:
        verify_bundle(old, built["public"])
    assert str(error.value) == (f"{old}: rejected: manifest.json: format 'ferry-bundle/2'; this ferry reads "
                                "'ferry-bundle/3' (provenance in a DSSE envelope): ask the sender to rebuild "
                                "the bundle with this version")


def test_unsigned_verify_reports_no_signature(built: dict[str, Path]) -> None:
    assert not verify_bundle(built["first"]).signed


def test_rerun_keeps_the_bundle_and_bad_epoch_is_one_line(built: dict[str, Path]) -> None:
    project = built["second_project"]
    _, results = run_doit(project)
    assert results["bundle:a@host"] == "up-to-date"
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(project),
               f"pipeline={project / 'pipeline.yaml'}"]
    bad = subprocess.run(command, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 2
    assert bad.stderr.strip() == "SOURCE_DATE_EPOCH: expected whole seconds since 1970, got 'yesterday'"
