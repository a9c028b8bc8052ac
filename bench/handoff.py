"""The hand-off between two companies on the bundled example: A's signed bundle rebuilt in a
second folder is byte-identical; B's spec takes the bundle and builds the same program for its own
targets.

    python -m bench.handoff

Everything happens in a temporary folder: A's and B's folders hold the specs of docs/handoff/
(as docs/handoff.md shows them) and copies of the example model, data and targets; keys are made
by `doit keygen`, and both companies build with `doit` as a user would. Exits 1 when a figure
fails (rebuild differs, B's program differs from A's or from the golden model). The tampered
bundles (tests/handoff.py's and the rest of the hostile corpus) are counted by bench/hostile.py.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.pipeline_time import ROOT, Run, timed_run
from ferry.schemas.report import Report

EXAMPLE = ROOT / "docs" / "handoff"  # A's and B's specs and B's target
MODEL = "digits_cnn"
ARCHIVE = f"outputs/company_a/{MODEL}/host/bundle/{MODEL}@host.tar.gz"
B_TARGETS = ("host", "b_npu")


def _doit(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """doit with ferry's dodo.py in `folder`, as a user runs it there."""
    return subprocess.run([sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(folder), *args],
                          capture_output=True, text=True, cwd=folder)


def _company(folder: Path, spec: str, models: tuple[str, ...], targets: tuple[Path, ...]) -> Path:
    """A company's folder: its spec from docs/handoff/, the example files it names, its targets."""
    (folder / "models").mkdir(parents=True)
    (folder / "targets").mkdir()
    for name in models:
        shutil.copy(ROOT / "models" / name, folder / "models")
    for target in targets:
        shutil.copy(target, folder / "targets")
    shutil.copy(EXAMPLE / spec, folder / "pipeline.yaml")
    return folder



def _made_key(folder: Path, name: str) -> str:
    """`doit keygen key=NAME` in folder; the fingerprint it printed."""
    folder.mkdir(parents=True, exist_ok=True)
    made = _doit(folder, "keygen", f"key={name}")
    found = re.search(r"fingerprint ([0-9a-f]{64})", made.stdout)
    if made.returncode != 0 or not found:
        raise SystemExit(f"doit keygen failed:\n{made.stdout}{made.stderr}")
    return found.group(1)


def _build(folder: Path) -> Run:
    return timed_run(folder / "pipeline.yaml", folder / "outputs")


def _files(path: Path) -> dict[str, bytes]:
    """A file's bytes, or every file's below a folder."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _report(folder: Path, pipeline: str, target: str) -> Report:
    return Report.model_validate_json((folder / "outputs" / pipeline / MODEL / target / "report.json").read_text())


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _ran(run: Run) -> str:
    return ", ".join(f"{n} {what}" for what, n in run.counts.items())


def company_a_twice(root: Path, failures: list[str]) -> tuple[Path, Path]:
    """A's bundle built in two folders with one key; returns A's first folder and its public key."""
    files = ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz")
    first, second = (_company(root / name, "company_a.yaml", files, (ROOT / "targets" / "host.yaml",))
                     for name in ("a1", "a2"))
    fingerprint = _made_key(first, "signing.pem")
    for name in ("signing.pem", "signing.pem.pub"):
        shutil.copy2(first / name, second / name)  # the same key: Ed25519 signatures are deterministic
    runs = [_build(first), _build(second)]
    archives = [first / ARCHIVE, second / ARCHIVE]
    digests = [hashlib.sha256(a.read_bytes()).hexdigest() for a in archives]
    identical = archives[0].read_bytes() == archives[1].read_bytes()
    with tarfile.open(archives[0]) as tar:
        names = tar.getnames()
    print(f"Company A: doit keygen (fingerprint {fingerprint[:16]}...), then import, quantize, codegen, "
          "compile, evaluate, bundle (signed) on host, in two folders")
    for label, run, digest in zip(("a1", "a2"), runs, digests):
        print(f"  build {label}: {run.wall:.1f} s wall ({_ran(run)})  sha256 {digest}")
    print(f"  byte-identical: {'yes' if identical else 'NO'}; {archives[0].stat().st_size:,} B, {len(names)} "
          f"members ({len(names) - 2} files in the manifest + manifest.json + provenance.dsse.json)")
    if not identical:
        failures.append("A's two builds differ")
    return first, first / "signing.pem.pub"


def company_b_from(a: Path, public: Path, root: Path, failures: list[str]) -> None:
    b = _company(root / "b", "company_b.yaml", ("digits_val.npz",),
                 (ROOT / "targets" / "host.yaml", ROOT / "targets" / "gpnpu_1tops.yaml", EXAMPLE / "b_npu.yaml"))
    (b / "incoming").mkdir()
    archive = b / "incoming" / (a / ARCHIVE).name
    shutil.copy(a / ARCHIVE, archive)
    shutil.copy(public, b / "a.pub")
    verify = _doit(b, "verify", f"bundle={archive}", "pubkey=a.pub")
    verdict = next((line for line in verify.stdout.splitlines() if ": OK: " in line), verify.stdout.strip())
    cold, noop = _build(b), _build(b)
    same = all(_files(b / "outputs/company_b" / MODEL / "codegen" / name) ==
               _files(a / "outputs/company_a" / MODEL / "codegen" / name) for name in ("package", "integer.onnx"))
    sent = _report(a, "company_a", "host")
    print(f"\nCompany B: pubkey a.pub, targets {', '.join(B_TARGETS)}; import, codegen, compile, evaluate "
          "(+ intake, simulate, report)")
    print(f"  doit verify: {verdict.split(': ', 1)[-1]}")
    print(f"  cold: {cold.wall:.1f} s wall ({_ran(cold)}); no-op: {noop.wall:.2f} s wall ({_ran(noop)})")
    print(f"  B's codegen/package and codegen/integer.onnx equal A's byte for byte: {'yes' if same else 'NO'}")
    if verify.returncode != 0:
        failures.append(f"doit verify failed: {verify.stdout}{verify.stderr}")
    if not same:
        failures.append("B's package or integer.onnx differs from A's")
    if noop.counts.get("ran", 0):
        failures.append(f"B's no-op ran tasks ({_ran(noop)})")
    for target in B_TARGETS:
        report = _report(b, "company_b", target)
        int8 = report.compare.int8
        mismatches = int8.cpp_vs_golden_mismatches if int8 is not None else None
        top1 = report.accuracy.int8_top1 if report.accuracy is not None else None
        line = f"  {target}: C++ vs golden {mismatches} mismatches; int8 top-1 {_share(top1)} (A measured " \
               f"{_share(sent.accuracy.int8_top1 if sent.accuracy else None)})"
        if report.sim is not None:
            verdict = report.budget.verdict if report.budget is not None else "none"
            line += (f"; {report.sim.cycles:,} cycles = {report.sim.latency_ms * 1000:.1f} us, "
                     f"{report.sim.energy_uj:.2f} uJ, budget {verdict.upper()}")
        print(line)
        if mismatches != 0:
            failures.append(f"{target}: C++ vs golden mismatches: {mismatches}")


def main() -> int:
    failures: list[str] = []
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="ferry-handoff-") as scratch:
        root = Path(scratch)
        a, public = company_a_twice(root, failures)
        company_b_from(a, public, root, failures)
    print()
    for failure in failures:
        print(f"FAILED: {failure}")
    print("all figures hold" if not failures else f"{len(failures)} figure(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
