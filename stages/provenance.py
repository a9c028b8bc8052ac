"""Bundle stage: the manifest of a bundle (its files, a model card), its in-toto / SLSA provenance,
and the stage's entry point that writes the archive (stages/bundle.py: the format, signing, verifying).

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
from pathlib import Path

import yaml

from ferry.core.files import canonical_json, sha256_file
from ferry.engine.contracts import BundleFiles, BundleParams, Figures, StageCall
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
from ferry.stages.bundle import MANIFEST, file_entries, manifest_bytes, write_bundle
from ferry.targets import preset_name
from ferry.toolchain.versions import compiler_version, first_line, library_versions

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


def git_commit() -> str:
    """ferry's commit, '+dirty' when tracked files differ from it; 'unknown' outside a checkout of
    ferry (an installed ferry may sit in a virtual environment inside another project's checkout,
    whose commit is not ferry's)."""
    if first_line(["git", "rev-parse", "--show-toplevel"], FERRY_ROOT) != str(FERRY_ROOT):
        return "unknown"
    commit = first_line(["git", "rev-parse", "HEAD"], FERRY_ROOT)
    if commit == "unknown":
        return commit
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=FERRY_ROOT,
                           capture_output=True, text=True).stdout.strip()
    return commit + ("+dirty" if dirty else "")


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


def _uri(path: Path, spec_dir: Path) -> str:
    """A dependency as the spec named it: relative to the spec's folder, a preset by its place in
    ferry (the same in every installation)."""
    preset = preset_name(path)
    return f"ferry:targets/{preset}.yaml" if preset else Path(os.path.relpath(path, spec_dir)).as_posix()


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
            ResourceDescriptor(name=name, uri=_uri(path, spec_dir),
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


def run_bundle(call: StageCall[BundleParams, BundleFiles]) -> Figures:
    """The bundle stage's entry point (ferry/engine/registry.py): the signed (or unsigned) archive."""
    archive = call.outputs[0]
    params = call.params
    files = {name: Path(path) for name, path in params.files.items()}
    sources = BundleSources(
        files=files, model=params.model, quantized=params.quantized, spec_path=call.files.spec,
        dependencies={name: Path(path) for name, path in params.dependencies.items()},
        records=list(call.files.records), report=call.files.report, cxx=params.cxx,
        source_date_epoch=params.source_date_epoch)
    manifest, statement = build_manifest(sources)
    write_bundle(archive, files, manifest, statement, params.source_date_epoch, call.files.key)
    return {"files": len(files), "bytes": archive.stat().st_size, "signed": call.files.key is not None,
            "sha256": sha256_file(archive)}
