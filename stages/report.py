"""Report stage: gathers the stage records of one (model, target) into report.json and report.md."""

from __future__ import annotations

from schemas.artifacts import Comparison, ImportSummary, PackageManifest, StageRecord
from schemas.report import CompareSection, Memory, ModelFigures, Report, StageEntry

VERSION = 1


def build_report(pipeline: str, target: str, records: list[StageRecord], summary: ImportSummary,
                 manifest: PackageManifest, comparison: Comparison) -> Report:
    return Report(
        pipeline=pipeline,
        model=summary.model,
        target=target,
        stages=[StageEntry(stage=r.stage, version=r.version, params=r.params,
                           artifacts=sorted(r.outputs), figures=r.figures) for r in records],
        summary=ModelFigures(nodes=len(summary.nodes), params=summary.total_params,
                             macs=summary.total_macs, ops=summary.ops),
        memory=Memory(arena_bytes=manifest.arena_bytes,
                      arena_lower_bound_bytes=manifest.arena_lower_bound_bytes,
                      arena_naive_bytes=manifest.arena_naive_bytes,
                      weights_bytes=manifest.weights_bytes),
        compare=CompareSection(samples=comparison.samples, reference=comparison.reference,
                               within_tolerance=comparison.within_tolerance,
                               max_abs_err_limit=comparison.max_abs_err_limit,
                               fp32=comparison.fp32, outputs=comparison.outputs),
        accuracy=comparison.accuracy,
    )


def render_markdown(report: Report) -> str:
    verdict = "within" if report.compare.within_tolerance else "OUTSIDE"
    lines = [
        f"# {report.model} on {report.target}",
        "",
        f"Pipeline `{report.pipeline}`. {report.summary.nodes} nodes, "
        f"{report.summary.params:,} parameters, {report.summary.macs:,} MACs per inference.",
        "",
        "## C++ versus the float reference",
        "",
        f"{report.compare.samples} validation samples against {report.compare.reference}: "
        f"{verdict} tolerance (max abs err {report.compare.max_abs_err_limit:g}).",
        "",
        "| output | max abs err | max rel err | min cosine | top-1 agreement |",
        "|---|---|---|---|---|",
    ]
    for name, out in report.compare.outputs.items():
        agreement = "n/a" if out.top1_agreement is None else f"{out.top1_agreement:.4f}"
        lines.append(f"| `{name}` | {out.max_abs_err:.3g} | {out.max_rel_err:.3g} | "
                     f"{out.cosine_min:.6f} | {agreement} |")
    if report.accuracy is not None:
        lines += ["", f"Top-1 accuracy: reference {report.accuracy.reference_top1:.4f}, "
                      f"C++ {report.accuracy.cpp_top1:.4f}."]
    memory = report.memory
    lines += [
        "",
        "## Memory",
        "",
        f"- activation arena: {memory.arena_bytes:,} B (lower bound {memory.arena_lower_bound_bytes:,} B, "
        f"one buffer per tensor {memory.arena_naive_bytes:,} B)",
        f"- weights: {memory.weights_bytes:,} B",
        "",
        "## Stages",
        "",
        "| stage | version | key figures | artifacts |",
        "|---|---|---|---|",
    ]
    for stage in report.stages:
        figures = ", ".join(f"{k} {v}" for k, v in stage.figures.items())
        lines.append(f"| {stage.stage} | {stage.version} | {figures} | "
                     f"{'<br>'.join(f'`{a}`' for a in stage.artifacts)} |")
    return "\n".join(lines) + "\n"
