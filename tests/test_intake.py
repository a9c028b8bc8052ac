"""Two companies: A quantizes and bundles the example with a key made by `doit keygen`; B's spec
names the bundle and A's public key, and builds, evaluates and simulates it for its own targets.
A tampered bundle fails B's intake with one line, writes nothing, and keeps what B built before."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import pytest
from cryptography.hazmat.primitives import serialization

from ferry.schemas.loader import SpecError, load_model
from ferry.schemas.pipeline import PipelineSpec
from ferry.schemas.report import Report
from ferry.stages.bundle import ENVELOPE, archive_bytes
from tests.conftest import ROOT, declared_dims, doit_command, executed, onnxruntime_output, run_doit
from tests.handoff import ARCHIVE, MODEL, company_a, company_b, keygen, members, unsigned

# doit's records and the outputs-folder lock (it holds the pid of the last build)
BOOKKEEPING = {".doit.db", ".ferry.lock"}

B_STAGES = {"intake", "import", "codegen", "compile", "evaluate", "simulate", "report"}


@dataclass(frozen=True)
class Companies:
    a: Path  # A's folder, built
    b: Path  # B's folder, built from A's bundle
    keygen_output: str  # what `doit keygen` printed for A's key
    b_results: dict[str, str]  # B's first build: task -> result


@pytest.fixture(scope="module")
def companies(tmp_path_factory: pytest.TempPathFactory) -> Companies:
    a = company_a(tmp_path_factory.mktemp("company_a"))
    made = keygen(a, "signing.pem")
    assert made.returncode == 0, made.stdout + made.stderr
    _, results = run_doit(a)
    assert f"bundle:{MODEL}@host" in executed(results)
    b = tmp_path_factory.mktemp("company_b")
    shutil.copy(a / "signing.pem.pub", b / "a.pub")  # the public key travels, the private key stays
    company_b(b, a / ARCHIVE, "    pubkey: a.pub")
    _, results = run_doit(b)
    return Companies(a, b, made.stdout, results)


def _fingerprint(public_pem: Path) -> str:
    key = serialization.load_pem_public_key(public_pem.read_bytes())
    return hashlib.sha256(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(b: Path, target: str) -> Report:
    return Report.model_validate_json((b / f"outputs/company_b/{MODEL}/{target}/report.json").read_text())


@pytest.mark.slow
def test_b_builds_the_program_a_quantized(companies: Companies) -> None:
    a, b = companies.a / "outputs/company_a" / MODEL, companies.b / "outputs/company_b" / MODEL
    results = companies.b_results
    ran = executed(results)
    assert {name.split(":")[0] for name in ran} == B_STAGES and set(results.values()) == {"success"}
    assert {f"simulate:{MODEL}@b_npu", f"report:{MODEL}@host", f"report:{MODEL}@b_npu"} <= ran
    assert not (b / "calibrate").exists() and not (b / "quantize").exists()  # arrived quantized
    # the same int8 program: every generated file and the lowered integer model, byte for byte
    assert _files(b / "codegen/package") == _files(a / "codegen/package")
    assert (b / "codegen/integer.onnx").read_bytes() == (a / "codegen/integer.onnx").read_bytes()
    sent = Report.model_validate_json((a / "host/report.json").read_text())
    for target in ("host", "b_npu"):
        received = _report(companies.b, target)
        assert received.compare.int8 is not None and received.compare.int8.cpp_vs_golden_mismatches == 0
        assert received.accuracy is not None and sent.accuracy is not None
        assert received.accuracy.int8_top1 == sent.accuracy.int8_top1 > 0.95


@pytest.mark.slow
def test_the_bundled_qdq_model_keeps_the_exported_batch(companies: Companies) -> None:
    """A data scientist runs the bundle's model on 8 samples at once; B's spec gives no
    input_shapes, and B built at the static shape the model records (the test above)."""
    model = onnx.load_from_string(members(companies.a / ARCHIVE)["model/model.qdq.onnx"])
    assert declared_dims(model.graph.input[0]) == ["batch", 1, 8, 8]
    assert declared_dims(model.graph.output[0]) == ["batch", 10]
    samples = np.load(ROOT / "models/digits_val.npz")["x"][:8].astype(np.float32)
    batched = onnxruntime_output(model.SerializeToString(), "input", samples)
    assert batched.shape == (8, 10)
    np.testing.assert_array_equal(batched, onnxruntime_output(model.SerializeToString(), "input", samples, True))
    assert "input_shapes" not in (companies.b / "pipeline.yaml").read_text()


@pytest.mark.slow
def test_b_report_has_its_simulation_budget_and_a_provenance(companies: Companies) -> None:
    b = companies.b
    report = _report(b, "b_npu")
    assert report.sim is not None and report.sim.macs == 99_936
    assert report.budget is not None and report.budget.verdict == "pass"
    assert {i.name: i.limit for i in report.budget.items}["latency_ms"] == 0.01  # B's budget, not A's
    origin = report.origin
    assert origin is not None
    archive = b / "incoming" / f"{MODEL}@host.tar.gz"
    assert origin.sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    fingerprint = _fingerprint(companies.a / "signing.pem.pub")
    assert origin.signer == fingerprint and fingerprint in companies.keygen_output
    assert (origin.pipeline, origin.model, origin.target) == ("company_a", MODEL, "host")
    assert origin.stages == ["import", "calibrate", "quantize", "codegen", "compile", "evaluate"]
    assert origin.card.accuracy["int8_top1"] == report.accuracy.int8_top1
    assert report.stages[0].stage == "intake"
    assert report.stages[0].figures["bundle_sha256"] == origin.sha256
    markdown = (b / f"outputs/company_b/{MODEL}/b_npu/report.md").read_text()
    assert f"signature verified with key {fingerprint}" in markdown
    assert "stages import -> calibrate -> quantize -> codegen -> compile -> evaluate" in markdown
    html = (b / f"outputs/company_b/{MODEL}/b_npu/report.html").read_text()
    assert "<h2>Received bundle</h2>" in html and origin.sha256 in html


@pytest.mark.slow  # the companies fixture builds both companies
def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(companies: Companies) -> None:
    a = companies.a
    private, public = a / "signing.pem", a / "signing.pem.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    before = private.read_bytes(), public.read_bytes()
    again = keygen(a, "signing.pem")
    assert again.returncode != 0 and "Traceback" not in again.stdout + again.stderr
    assert "signing.pem, signing.pem.pub: exists; keygen never overwrites a key" in again.stdout
    assert (private.read_bytes(), public.read_bytes()) == before


def _flip_member_byte(archive: Path, key: Path, scratch: Path) -> None:
    contents = members(archive)
    code = bytearray(contents["package/model.cpp"])
    code[200] ^= 0x01
    archive.write_bytes(archive_bytes({**contents, "package/model.cpp": bytes(code)}, 0))


def _flip_archive_byte(archive: Path, key: Path, scratch: Path) -> None:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))


def _wrong_key(archive: Path, key: Path, scratch: Path) -> None:
    assert keygen(scratch, "other.pem").returncode == 0
    shutil.copy(scratch / "other.pem.pub", key)


TAMPERING = {
    "flipped byte in a file": (_flip_member_byte, "differ from the manifest: package/model.cpp"),
    "flipped byte in the archive": (_flip_archive_byte, "rejected: "),
    "wrong key": (_wrong_key, "the signature does not verify with"),
}


def _rejected(folder: Path, reason: str) -> None:
    """doit fails on the intake, with the reason on one line and no traceback."""
    process = subprocess.run(doit_command(folder), capture_output=True, text=True, cwd=folder,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    output = process.stdout + process.stderr
    assert process.returncode != 0 and "Traceback" not in output
    archive = folder / "incoming" / f"{MODEL}@host.tar.gz"
    lines = [line for line in output.splitlines() if line.startswith(f"{archive}: rejected")]
    assert len(lines) == 1 and reason in lines[0], output
    assert f"FAILED intake:{MODEL}" in output


@pytest.mark.slow
@pytest.mark.parametrize("case", TAMPERING)
def test_tampered_bundle_fails_intake_and_keeps_what_was_built(companies: Companies, case: str,
                                                               tmp_path: Path) -> None:
    b = companies.b
    archive, key = b / "incoming" / f"{MODEL}@host.tar.gz", b / "a.pub"
    good_archive, good_key = archive.read_bytes(), key.read_bytes()
    outputs = b / "outputs/company_b"
    built = {k: v for k, v in _files(outputs).items() if k not in BOOKKEEPING}
    tamper, reason = TAMPERING[case]
    try:
        tamper(archive, key, tmp_path)
        _rejected(b, reason)
        # the intake's failure record (failed.json, the reason) beside what the good bundle built
        assert {k: v for k, v in _files(outputs).items()
                if k not in BOOKKEEPING and Path(k).name != "failed.json"} == built
        assert sorted(p.name for p in (outputs / MODEL / "intake").iterdir()) == ["bundle", "failed.json",
                                                                                  "origin.json", "stage.json"]
        assert reason in (outputs / MODEL / "intake" / "failed.json").read_text()
    finally:
        archive.write_bytes(good_archive)
        key.write_bytes(good_key)
    # the good bundle again: its intake comes back (from the stage cache) and nothing after it
    # changes. (doit's `continue` drops the records of the tasks a failure blocked: they run again,
    # restored from the stage cache byte for byte; the reports render afresh.)
    _, results = run_doit(b)
    assert f"intake:{MODEL}" in executed(results)
    assert _without_reports(_files(outputs)) == _without_reports(built)


def _without_reports(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items()
            if k not in BOOKKEEPING and not Path(k).name.startswith("report.") and Path(k).name != "layers.csv"}


@pytest.mark.slow  # the companies fixture builds both companies
def test_tampered_bundle_in_a_new_project_extracts_nothing(companies: Companies, tmp_path: Path) -> None:
    b = company_b(tmp_path, companies.a / ARCHIVE, "    pubkey: a.pub")
    shutil.copy(companies.a / "signing.pem.pub", b / "a.pub")
    _flip_member_byte(b / "incoming" / f"{MODEL}@host.tar.gz", b / "a.pub", tmp_path)
    _rejected(b, "differ from the manifest: package/model.cpp")
    assert sorted(p.name for p in (b / "outputs").rglob("*") if not p.is_dir()) == sorted(BOOKKEEPING | {"failed.json"})


@pytest.mark.slow  # the companies fixture builds both companies
def test_unsigned_bundle_needs_allow_unsigned_in_the_spec(companies: Companies, tmp_path: Path) -> None:
    contents = unsigned(members(companies.a / ARCHIVE))
    archive = tmp_path / "unsigned" / f"{MODEL}@host.tar.gz"
    archive.parent.mkdir()
    archive.write_bytes(archive_bytes(contents, 0))
    with_key = company_b(tmp_path / "with_key", archive, "    pubkey: a.pub")
    shutil.copy(companies.a / "signing.pem.pub", with_key / "a.pub")
    _rejected(with_key, "unsigned (provenance.dsse.json has no signature) but a public key was given")
    accepted = company_b(tmp_path / "accepted", archive, "    allow_unsigned: true")
    run_doit(accepted, f"intake:{MODEL}")
    origin = json.loads((accepted / f"outputs/company_b/{MODEL}/intake/origin.json").read_text())
    assert origin["signer"] is None and origin["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    extracted = accepted / f"outputs/company_b/{MODEL}/intake/bundle"
    assert _files(extracted) == {k: v for k, v in contents.items() if k not in ("manifest.json", ENVELOPE)}


SOURCES = {
    "both": ("    onnx: m.onnx\n    bundle: b.tar.gz\n    pubkey: k.pub\n",
             "name exactly one of 'onnx' (a model file) or 'bundle' (a hand-off archive)"),
    "neither": ("", "name exactly one of 'onnx' (a model file) or 'bundle' (a hand-off archive)"),
    "no key": ("    bundle: b.tar.gz\n", "a bundle needs the sender's public key ('pubkey: FILE'), or "
                                          "'allow_unsigned: true' to accept it unchecked"),
    "key and unsigned": ("    bundle: b.tar.gz\n    pubkey: k.pub\n    allow_unsigned: true\n",
                         "'pubkey' and 'allow_unsigned: true' exclude each other"),
    "key for onnx": ("    onnx: m.onnx\n    pubkey: k.pub\n", "'pubkey' and 'allow_unsigned' apply to a 'bundle' only"),
}


@pytest.mark.parametrize("case", SOURCES)
def test_a_model_names_one_source_and_how_to_trust_a_bundle(tmp_path: Path, case: str) -> None:
    for name in ("m.onnx", "b.tar.gz", "k.pub", "val.npz"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "targets").mkdir()
    shutil.copy(ROOT / "targets" / "host.yaml", tmp_path / "targets")
    entry, message = SOURCES[case]
    spec = tmp_path / "pipeline.yaml"
    spec.write_text(f"pipeline: p\nmodels:\n  - name: m\n{entry}    validation: {{path: val.npz}}\n"
                    "targets: [targets/host.yaml]\nstages:\n  - kind: import\n")
    with pytest.raises(SpecError) as error:
        load_model(spec, PipelineSpec, {"base_dir": tmp_path})
    assert str(error.value) == f"{spec}:3:5: models[0]: {message}"


def test_a_float_bundle_resumes_before_quantize(tiny_project: Path, tmp_path: Path) -> None:
    """The bundle of a float program: B's graph resumes at import and B quantizes it itself."""
    spec = tiny_project / "pipeline.yaml"
    spec.write_text(spec.read_text() + "  - kind: bundle\n")
    run_doit(tiny_project, "bundle:a@host")
    sent = tiny_project / "outputs/tiny/a/host/bundle/a@host.tar.gz"
    b = tmp_path / "b"
    (b / "targets").mkdir(parents=True)
    shutil.copy(ROOT / "targets" / "host.yaml", b / "targets")
    shutil.copy(sent, b)
    shutil.copy(tiny_project / "val.npz", b)
    (b / "pipeline.yaml").write_text(
        "pipeline: tiny_b\nmodels:\n  - name: a\n    bundle: a@host.tar.gz\n    allow_unsigned: true\n"
        "    calibration: {path: val.npz}\n    validation: {path: val.npz}\ntargets: [targets/host.yaml]\n"
        "stages:\n  - kind: import\n  - kind: quantize\n  - kind: codegen\n  - kind: compile\n"
        "    extra_flags: [-O0]\n  - kind: evaluate\n")
    _, results = run_doit(b)
    assert executed(results) == {"intake:a", "import:a", "calibrate:a", "quantize:a", "codegen:a",
                                 "compile:a@host", "evaluate:a@host", "report:a@host"}
    received = Report.model_validate_json((b / "outputs/tiny_b/a/host/report.json").read_text())
    assert received.origin is not None and received.origin.stages == ["import", "codegen", "compile", "evaluate"]
    assert received.compare.int8 is not None and received.compare.int8.cpp_vs_golden_mismatches == 0
    assert [s.stage for s in received.stages][:4] == ["intake", "import", "calibrate", "quantize"]


def _unsigned_with_provenance(companies: Companies, folder: Path, edit: Callable[[dict], None]) -> Path:
    """B's folder with A's bundle, its provenance edited and unsigned, taken with allow_unsigned."""
    contents = unsigned(members(companies.a / ARCHIVE), edit)
    archive = folder / "edited" / f"{MODEL}@host.tar.gz"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(archive_bytes(contents, 0))
    return company_b(folder / "b", archive, "    allow_unsigned: true")


@pytest.mark.slow  # the companies fixture builds both companies
def test_sender_text_reaches_the_report_on_one_printable_line(companies: Companies, tmp_path: Path) -> None:
    def commit(statement: dict) -> None:
        statement["predicate"]["runDetails"]["builder"]["version"]["git_commit"] = "abc\n<b>\u00e9"

    b = _unsigned_with_provenance(companies, tmp_path, commit)
    run_doit(b, f"intake:{MODEL}")
    origin = json.loads((b / f"outputs/company_b/{MODEL}/intake/origin.json").read_text())
    assert origin["ferry"] == "0.1.0 (commit abc??b??)"


@pytest.mark.slow  # the companies fixture builds both companies
def test_a_manifest_naming_no_model_is_rejected(companies: Companies, tmp_path: Path) -> None:
    def rename(statement: dict) -> None:
        statement["predicate"]["buildDefinition"]["externalParameters"]["model"] = "x\ny"

    b = _unsigned_with_provenance(companies, tmp_path, rename)
    _rejected(b, "provenance.dsse.json payload is not a ferry Statement: predicate.buildDefinition."
                 "externalParameters.model: String should match pattern")
