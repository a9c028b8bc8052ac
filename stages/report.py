"""Report stage: gathers the stage records of one (model, target) into one report model, written
as report.json, report.md and report.html (both rendered from it by stages/report_view.py) and the
per-layer table as layers.csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError

from ferry.core.errors import VerdictFailed
from ferry.core.files import write_json_atomic, write_text_atomic
from ferry.engine.contracts import Figures, ReportFiles, ReportParams, StageCall
from ferry.schemas.artifacts import (
    Comparison,
    ImportSummary,
    LayerComparison,
    MemoryPlanRecord,
    PackageManifest,
    StageRecord,
)
from ferry.schemas.bundle import BundleOrigin
from ferry.schemas.embedded import CrossBuild, EmbeddedSection, EmulatorRun
from ferry.schemas.profile import Profile
from ferry.schemas.report import (
    ArtifactLink,
    CompareSection,
    FigureChange,
    LayerRow,
    Memory,
    ModelFigures,
    PreviousRun,
    Report,
    SimSection,
    StageEntry,
)
from ferry.schemas.simulation import SimulationResult
from ferry.schemas.sparsity import SparsityReport
from ferry.stages.embedded.report import embedded_section
from ferry.stages.profile_report import measured_budget, profile_section
from ferry.stages.report_view import render_html, render_markdown
from ferry.stages.simulate.silicon_budget import describe_failure as describe_over_budget

Section = TypeVar("Section", bound=BaseModel)


def build_report(pipeline: str, target: str, records: list[StageRecord], summary: ImportSummary,
                 manifest: PackageManifest, plan: MemoryPlanRecord, comparison: Comparison,
                 sim: SimulationResult | None = None, embedded: EmbeddedSection | None = None,
                 sparsity: SparsityReport | None = None, origin: BundleOrigin | None = None,
                 artifacts: list[ArtifactLink] | None = None, measured: Profile | None = None) -> Report:
    """`measured`: the profile of the code where it runs; the latency verdict then uses it."""
    budget = None if sim is None else sim.budget
    if sim is not None and budget is not None and measured is not None:
        budget = measured_budget(budget, sim, measured)
    report = Report(
        pipeline=pipeline,
        model=summary.model,
        target=target,
        stages=[StageEntry(stage=r.stage, version=r.version, params=r.params,
                           artifacts=sorted(r.outputs), figures=r.figures) for r in records],
        summary=ModelFigures(nodes=len(summary.nodes), params=summary.total_params,
                             macs=summary.total_macs, ops=summary.ops),
        memory=Memory(arena_bytes=manifest.arena_bytes,
                      arena_lower_bound_bytes=manifest.arena_lower_bound_bytes,
                      arena_greedy_bytes=plan.arena_greedy_bytes,
                      arena_naive_bytes=manifest.arena_naive_bytes,
                      arena_scratch_bytes=manifest.arena_scratch_bytes,
                      weights_bytes=manifest.weights_bytes,
                      weights_bytes_dense=manifest.weights_bytes_dense,
                      weight_storage=manifest.weight_storage, io_bytes=plan.io_bytes,
                      flash_bytes=sim.flash_bytes if sim else None,
                      code_bytes=sim.code_bytes if sim else None,
                      peak_sram_bytes=sim.peak_sram_bytes if sim else None),
        compare=CompareSection(samples=comparison.samples, reference=comparison.reference,
                               within_tolerance=comparison.within_tolerance,
                               tolerance=comparison.tolerance,
                               fp32=comparison.fp32, outputs=comparison.outputs,
                               int8=comparison.int8),
        accuracy=comparison.accuracy,
        sim=None if sim is None else SimSection(
            array=sim.array, clock_hz=sim.clock_hz, macs=sim.macs, cycles=sim.cycles,
            latency_ms=sim.latency_ms, inferences_per_s=sim.inferences_per_s,
            energy_uj=sim.energy_uj, utilization=sim.utilization, layers=sim.layers),
        budget=budget,
        embedded=embedded,
        sparsity=sparsity,
        origin=origin,
        layers=layer_rows(plan, sim, comparison, measured),
        artifacts=artifacts or [],
        profile=None if measured is None else profile_section(sim, measured),
    )
    return report.model_copy(update={"figures": headline_figures(report)})


def _activation_bytes(shape: list[int], dtype: str) -> int:
    return int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize


def layer_rows(plan: MemoryPlanRecord, sim: SimulationResult | None, comparison: Comparison,
               measured: Profile | None = None) -> list[LayerRow]:
    """The per-layer table: the program's calls (memory plan), the simulator's estimate by index,
    the measured profile by index, the int8 comparison by node (its first tensor)."""
    simulated = {layer.index: layer for layer in sim.layers} if sim else {}
    profiled = {layer.index: layer for layer in measured.layers} if measured else {}
    compared: dict[str, LayerComparison] = {}
    for checked in comparison.int8.layers if comparison.int8 else []:
        compared.setdefault(checked.node, checked)
    rows = []
    for layer in plan.layers:
        estimate, check = simulated.get(layer.index), compared.get(layer.node)
        rows.append(LayerRow(
            index=layer.index, node=layer.node, op=layer.op, kernel=layer.kernel,
            inputs=[o.shape for o in layer.inputs if o.place != "flash"],
            outputs=[o.shape for o in layer.outputs],
            macs=estimate.counts.macs if estimate else None,
            weight_bytes=sum(layer.weights.values()),
            activation_bytes=sum(_activation_bytes(o.shape, o.dtype) for o in layer.outputs),
            estimated_cycles=estimate.cycles if estimate else None,
            measured_instructions=profiled[layer.index].instructions if layer.index in profiled else None,
            measured_time_us=profiled[layer.index].time_us if layer.index in profiled else None,
            sqnr_db=check.sqnr_db if check else None, cosine=check.cosine if check else None,
            exact=check.exact if check else None, cpp_mismatches=check.cpp_mismatches if check else None))
    return rows


def headline_figures(report: Report) -> dict[str, float | None]:
    """The figures a run is compared by, flat, under names the comparison shows."""
    figures: dict[str, float | None] = {"MACs per inference": report.summary.macs,
                                        "parameters": report.summary.params}
    if report.accuracy is not None:
        accuracy = report.accuracy
        figures |= {"top-1 fp32": accuracy.fp32_top1, "top-1 int8 golden model": accuracy.int8_top1,
                    "top-1 C++": accuracy.cpp_top1}
    int8 = report.compare.int8
    if int8 is not None:
        figures |= {"C++ vs golden mismatches": int8.cpp_vs_golden_mismatches,
                    "worst layer SQNR (dB)": _rounded(int8.sqnr_db_min),
                    "output SQNR (dB)": _rounded(int8.output_sqnr_db)}
    memory = report.memory
    figures |= {"weights (B)": memory.weights_bytes, "arena (B)": memory.arena_bytes,
                "flash (B)": memory.flash_bytes, "peak SRAM (B)": memory.peak_sram_bytes}
    if report.sim is not None:
        figures |= {"cycles": report.sim.cycles, "latency (ms)": report.sim.latency_ms,
                    "energy (uJ)": report.sim.energy_uj}
    if report.embedded is not None:
        figures |= {"library text (B)": report.embedded.text_bytes,
                    "QEMU mismatches": report.embedded.qemu_mismatches}
    return figures


def _rounded(value: float | None) -> float | None:
    """None when the model arrived quantized without a float reference: no SQNR then."""
    return None if value is None else round(value, 3)


def _flat_params(stages: list[dict[str, Any]]) -> dict[str, str]:
    flat = {}
    for stage in stages:
        name = stage.get("stage", "?")
        flat[f"{name} version"] = json.dumps(stage.get("version"))
        for key, value in (stage.get("params") or {}).items():
            flat[f"{name}.{key}"] = json.dumps(value, sort_keys=True)
    return flat


class _EarlierReport(BaseModel):
    """The parts of an earlier report.json the comparison reads; other fields are ignored, so a
    report written by an older ferry still compares by what it has."""

    stages: list[dict[str, Any]] = []
    figures: dict[str, float | None] = {}


def previous_run(current: Report, previous_json: str | None) -> PreviousRun | None:
    """What changed since the report.json this run replaces: the stages' params and versions,
    and the headline figures. None without one, or when it is not a report (then nothing is
    compared rather than something wrong)."""
    if previous_json is None:
        return None
    try:
        previous = _EarlierReport.model_validate_json(previous_json)
    except ValidationError:
        return None
    before = previous.figures
    old = _flat_params(previous.stages)
    new = _flat_params([s.model_dump(mode="json") for s in current.stages])
    params = [f"{key}: {old.get(key, '(absent)')} -> {new.get(key, '(absent)')}"
              for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]
    changes = [FigureChange(name=name, previous=before.get(name), current=current.figures.get(name))
               for name in current.figures if before.get(name) != current.figures.get(name)]
    return PreviousRun(params=params, figures=changes)


CSV_COLUMNS = ("index", "node", "op", "kernel", "inputs", "outputs", "macs", "weight_bytes", "activation_bytes",
               "estimated_cycles", "measured_instructions", "measured_time_us", "sqnr_db", "cosine", "exact",
               "cpp_mismatches")


def layers_csv(report: Report) -> str:
    """The per-layer table for a spreadsheet: one row per call, shapes as 1x8x8x4 joined by ';',
    absent figures empty."""
    def cell(value: object) -> object:
        if isinstance(value, list):
            return ";".join("x".join(str(d) for d in shape) for shape in value)
        return "" if value is None else value
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.layers:
        writer.writerow([cell(getattr(row, column)) for column in CSV_COLUMNS])
    return out.getvalue()


def _read(model: type[Section], path: Path | None) -> Section | None:
    return None if path is None else model.model_validate_json(path.read_text())


def run_report(call: StageCall[ReportParams, ReportFiles]) -> Figures:
    """The report stage's entry point (ferry/engine/registry.py): report.json, .md, .html and
    layers.csv; fails, once they are written, when the target's enforced budget is not met."""
    given = call.files
    records = [StageRecord.model_validate_json(p.read_text()) for p in given.records]
    summary = ImportSummary.model_validate_json(given.summary.read_text())
    manifest = PackageManifest.model_validate_json((given.package / "package.json").read_text())
    plan = MemoryPlanRecord.model_validate_json(given.plan.read_text())
    comparison = Comparison.model_validate_json(given.compare.read_text())
    sizes = _read(CrossBuild, given.sizes)
    embedded = None if sizes is None else embedded_section(sizes, _read(EmulatorRun, given.emulator_run))
    links = [ArtifactLink(label=label, path=path) for label, path in call.params.artifacts]
    target = call.target_name or ""
    result = build_report(call.pipeline, target, records, summary, manifest, plan, comparison,
                          _read(SimulationResult, given.sim), embedded, _read(SparsityReport, given.sparsity),
                          _read(BundleOrigin, given.origin), links, _read(Profile, given.profile))
    earlier = call.final_dir / "report.json"
    result = result.model_copy(update={"previous": previous_run(
        result, earlier.read_text(errors="replace") if earlier.is_file() else None)})
    write_json_atomic(call.out_dir / "report.json", result.model_dump(mode="json"))
    write_text_atomic(call.out_dir / "report.md", render_markdown(result, plan))
    write_text_atomic(call.out_dir / "report.html", render_html(result, plan))
    write_text_atomic(call.out_dir / "layers.csv", layers_csv(result))
    if (call.params.fail_over_budget and result.budget is not None and result.budget.verdict == "fail"
            and result.budget.enforce):
        raise VerdictFailed(describe_over_budget(call.model.name, target, result.budget)
                            + f"\n  details: {call.final_dir / 'report.html'}"
                            + "\n  (`enforce: false` in the target's budget reports this without failing)")
    return {}
