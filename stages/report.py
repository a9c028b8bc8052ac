"""Report stage: gathers the stage records of one (model, target) into report.json and report.md."""

from __future__ import annotations

from schemas.artifacts import Accuracy, Comparison, ImportSummary, PackageManifest, StageRecord
from schemas.report import CompareSection, Memory, ModelFigures, Report, StageEntry

VERSION = 3


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
                      arena_scratch_bytes=manifest.arena_scratch_bytes,
                      weights_bytes=manifest.weights_bytes),
        compare=CompareSection(samples=comparison.samples, reference=comparison.reference,
                               within_tolerance=comparison.within_tolerance,
                               max_abs_err_limit=comparison.max_abs_err_limit,
                               fp32=comparison.fp32, outputs=comparison.outputs,
                               int8=comparison.int8),
        accuracy=comparison.accuracy,
    )


def _compare_lines(report: Report) -> list[str]:
    compare = report.compare
    if compare.int8 is None:
        verdict = "within" if compare.within_tolerance else "OUTSIDE"
        head = (f"{compare.samples} validation samples against {compare.reference}: "
                f"{verdict} tolerance (max abs err {compare.max_abs_err_limit:g}).")
    else:
        head = (f"{compare.samples} validation samples. int8 C++ vs the golden model: "
                f"{compare.int8.cpp_vs_golden_mismatches} mismatching output elements"
                + (f", first layer that differs: {compare.int8.first_mismatch}." if compare.int8.first_mismatch
                   else ", every layer bit-exact.")
                + " Dequantized outputs against the float model:")
    lines = ["## C++ versus the float reference", "", head, "",
             "| output | max abs err | max rel err | min cosine | top-1 agreement |",
             "|---|---|---|---|---|"]
    for name, out in compare.outputs.items():
        agreement = "n/a" if out.top1_agreement is None else f"{out.top1_agreement:.4f}"
        lines.append(f"| `{name}` | {out.max_abs_err:.3g} | {out.max_rel_err:.3g} | "
                     f"{out.cosine_min:.6f} | {agreement} |")
    return lines


def _int8_lines(report: Report) -> list[str]:
    int8 = report.compare.int8
    if int8 is None:
        return []
    lsb = ", ".join(f"{k} LSB: {v}" for k, v in int8.lsb_vs_onnxruntime.items())
    lines = ["", "## int8 layers against the float model", "",
             f"Worst layer SQNR {int8.sqnr_db_min:.1f} dB, output SQNR {int8.output_sqnr_db:.1f} dB. "
             f"Outputs against onnxruntime running the QDQ model: {lsb}.", "",
             "| node | op | tensor | SQNR dB | cosine | max abs err | C++ mismatches |",
             "|---|---|---|---|---|---|---|"]
    for layer in int8.layers:
        measured = ("n/a | n/a | n/a" if layer.sqnr_db is None else
                    f"{layer.sqnr_db:.1f} | {layer.cosine:.5f} | {layer.max_abs_err:.3g}")
        lines.append(f"| `{layer.node}` | {layer.op} | `{layer.tensor}` | {measured} | {layer.cpp_mismatches} |")
    return lines


def _accuracy_line(accuracy: Accuracy) -> str:
    parts = [f"fp32 {accuracy.fp32_top1:.4f}"]
    if accuracy.int8_top1 is not None:
        parts.append(f"int8 golden {accuracy.int8_top1:.4f}")
    if accuracy.qdq_onnxruntime_top1 is not None:
        parts.append(f"QDQ in onnxruntime {accuracy.qdq_onnxruntime_top1:.4f}")
    parts.append(f"C++ {accuracy.cpp_top1:.4f}")
    return "Top-1 accuracy: " + ", ".join(parts) + "."


def render_markdown(report: Report) -> str:
    lines = [
        f"# {report.model} on {report.target}",
        "",
        f"Pipeline `{report.pipeline}`. {report.summary.nodes} nodes, "
        f"{report.summary.params:,} parameters, {report.summary.macs:,} MACs per inference.",
        "",
        *_compare_lines(report),
    ]
    if report.accuracy is not None:
        lines += ["", _accuracy_line(report.accuracy)]
    lines += _int8_lines(report)
    memory = report.memory
    lines += [
        "",
        "## Memory",
        "",
        f"- activation arena: {memory.arena_bytes:,} B (lower bound {memory.arena_lower_bound_bytes:,} B, "
        f"one buffer per tensor {memory.arena_naive_bytes:,} B); it holds the kernels' scratch buffers too "
        f"(largest {memory.arena_scratch_bytes:,} B), each live during its node only",
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
