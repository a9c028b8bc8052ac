"""The manifest of a bundle (its files, a model card) and its in-toto / SLSA provenance.

Nothing here depends on where the build ran: paths are relative to the spec's folder and there
are no timestamps, so two builds of the same inputs in different folders give the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ferry.core.files import canonical_json, sha256_file
from ferry.schemas.artifacts import StageRecord
from ferry.schemas.bundle import (
    BuildDefinition,
    Builder,
    BundleManifest,
    Digest,
    ExternalParameters,
    InternalParameters,
    ModelCard,
    Provenance,
    ResourceDescriptor,
    RunDetails,
    ShippedModel,
    StageParams,
    Statement,
    Subject,
)
from ferry.schemas.report import Report
from ferry.stages.bundle import MANIFEST, file_entries, manifest_bytes

FERRY_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BundleSources:
    files: dict[str, Path]  # member path -> file to bundle
    model: str  # the member path of the shipped model
    quantized: bool  # the shipped model is an int8 (QDQ) program
    spec_path: Path
    dependencies: dict[str, Path]  # model, calibration, validation, target -> file
    records: list[Path]  # stage.json of every stage that made the bundled files
    report: Path  # report.json
    cxx: str  # the target's compiler
    source_date_epoch: int


def _run_first_line(command: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = done.stdout.splitlines()
    return lines[0].strip() if done.returncode == 0 and lines else "unknown"


def git_commit() -> str:
    """ferry's commit, '+dirty' when tracked files differ from it; 'unknown' outside a checkout."""
    commit = _run_first_line(["git", "rev-parse", "HEAD"], FERRY_ROOT)
    if commit == "unknown":
        return commit
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=FERRY_ROOT,
                           capture_output=True, text=True).stdout.strip()
    return commit + ("+dirty" if dirty else "")


def compiler_version(cxx: str) -> str:
    return _run_first_line([cxx, "--version"])


@cache
def library_versions() -> dict[str, str]:
    """The Python packages that compute or check ferry's outputs (and the stage cache's key)."""
    return {module: _distribution_version(module) for module in ("onnx", "onnxruntime", "numpy", "pydantic", "doit")}


def _distribution_version(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:  # installed under another name: onnxruntime-gpu, ...
        # packages_distributions scans every installed package (0.2 s): only when needed
        return importlib.metadata.version(importlib.metadata.packages_distributions()[module][0])


def tool_versions(cxx: str) -> dict[str, str]:
    return {"ferry": importlib.metadata.version("ferry"), "git_commit": git_commit(),
            "compiler": compiler_version(cxx), "python": platform.python_version(), **library_versions()}


def canonical_spec(spec_path: Path) -> dict[str, object]:
    """The spec as parsed (already validated by the loader), key order and formatting dropped."""
    return yaml.safe_load(spec_path.read_text(encoding="utf-8"))


def model_card(report: Report) -> ModelCard:
    accuracy = report.accuracy
    return ModelCard(
        accuracy={} if accuracy is None else {"fp32_top1": accuracy.fp32_top1, "cpp_top1": accuracy.cpp_top1,
                                              "int8_top1": accuracy.int8_top1},
        stage_figures={s.stage: s.figures for s in report.stages},
        arena_bytes=report.memory.arena_bytes, weights_bytes=report.memory.weights_bytes,
        flash_bytes=report.memory.flash_bytes, peak_sram_bytes=report.memory.peak_sram_bytes,
        latency_ms=report.sim.latency_ms if report.sim else None,
        energy_uj=report.sim.energy_uj if report.sim else None,
        budget=report.budget.verdict if report.budget else None,
    )


def build_manifest(sources: BundleSources) -> tuple[BundleManifest, Statement]:
    """The manifest, and the statement whose subjects are every file and the manifest itself."""
    spec_dir = sources.spec_path.parent
    files = file_entries(sources.files)
    spec = canonical_spec(sources.spec_path)
    report = Report.model_validate_json(sources.report.read_text())
    records = [StageRecord.model_validate_json(p.read_text()) for p in sources.records]
    definition = BuildDefinition(
        externalParameters=ExternalParameters(
            pipeline=spec, pipeline_sha256=hashlib.sha256(canonical_json(spec).encode()).hexdigest(),
            model=report.model, target=report.target),
        internalParameters=InternalParameters(
            stages={r.stage: StageParams(version=r.version, params=r.params) for r in records},
            source_date_epoch=sources.source_date_epoch),
        resolvedDependencies=[
            ResourceDescriptor(name=name, uri=Path(os.path.relpath(path, spec_dir)).as_posix(),
                               digest=Digest(sha256=sha256_file(path)))
            for name, path in sorted(sources.dependencies.items())],
    )
    shipped = ShippedModel(path=sources.model, quantized=sources.quantized, stages=[r.stage for r in records])
    manifest = BundleManifest(files=files, model=shipped, card=model_card(report))
    subjects = {f.path: f.sha256 for f in files} | {MANIFEST: hashlib.sha256(manifest_bytes(manifest)).hexdigest()}
    statement = Statement(
        subject=[Subject(name=name, digest=Digest(sha256=subjects[name])) for name in sorted(subjects)],
        predicate=Provenance(buildDefinition=definition,
                             runDetails=RunDetails(builder=Builder(version=tool_versions(sources.cxx)))))
    return manifest, statement
