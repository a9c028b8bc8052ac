"""Report stage: gathers the stage records of one (model, target) into report.json and report.md
(report.html: stages/report_html.py)."""

from __future__ import annotations

from schemas.artifacts import (
    Accuracy, Comparison, ImportSummary, MemoryPlanRecord, PackageManifest, StageRecord, WeightStorage,
)
from schemas.bundle import BundleOrigin
from schemas.embedded import EmbeddedSection
from schemas.report import CompareSection, Memory, ModelFigures, Report, SimSection, StageEntry
from schemas.simulation import SimulationResult, format_figure
from schemas.sparsity import SparsityReport
from schemas.profile import Profile
from stages.embedded.report import embedded_lines
from stages.profile_report import measured_budget, profile_lines, profile_section


def build_report(pipeline: str, target: str, records: list[StageRecord], summary: ImportSummary,
                 manifest: PackageManifest, plan: MemoryPlanRecord, comparison: Comparison,
                 sim: SimulationResult | None = None, embedded: EmbeddedSection | None = None,
                 sparsity: SparsityReport | None = None, origin: BundleOrigin | None = None,
                 measured: Profile | None = None) -> Report:
    """`measured`: the profile of the code where it runs; the latency verdict then uses it."""
    budget = None if sim is None else sim.budget
    if sim is not None and budget is not None and measured is not None:
        budget = measured_budget(budget, sim, measured)
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
                               max_abs_err_limit=comparison.max_abs_err_limit,
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
        profile=None if measured is None else profile_section(sim, measured),
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
        mismatches = f"{layer.cpp_mismatches}" + ("" if layer.exact else " (within tolerance)")
        lines.append(f"| `{layer.node}` | {layer.op} | `{layer.tensor}` | {measured} | {mismatches} |")
    if int8.float_layers:
        lines += ["", "Layers computed in float (the program is not float-free; layers from here on are "
                  "compared within a tolerance, not bit for bit):", ""]
        lines += [f"- `{node}`: {reason}" for node, reason in int8.float_layers.items()]
    return lines


def _sparsity_lines(sparsity: SparsityReport | None) -> list[str]:
    if sparsity is None:
        return []
    accuracy = sparsity.accuracy
    metric = "top-1" if accuracy.metric == "top1" else "output SQNR (dB)"
    where = "int8 weights of the QDQ model" if sparsity.quantized else "float weights"
    lines = ["", "## Sparsity", "",
             f"Method `{sparsity.method}` (allocation `{sparsity.allocation}`) on the {where}: "
             f"{sparsity.zeros:,} of {sparsity.weights:,} layer weights removed ({100 * sparsity.sparsity:.1f}%); "
             f"parameters {sparsity.params_before:,} -> {sparsity.params_after:,}, dense MACs "
             f"{sparsity.macs_before:,} -> {sparsity.macs_after:,}. {metric}: dense {accuracy.dense:.4f}, "
             f"pruned {accuracy.pruned:.4f}, pruned and refit {accuracy.refit:.4f} "
             f"(sparse.onnx is {'refit' if sparsity.refit else 'not refit'}).", "",
             "| node | method | sparsity | channels removed | inputs removed | error masked | error refit | note |",
             "|---|---|---|---|---|---|---|---|"]
    for row in sparsity.layers:
        errors = ("n/a | n/a" if row.error_masked is None else f"{row.error_masked:.4f} | {row.error_refit:.4f}")
        lines.append(f"| `{row.node}` | {row.method} | {100 * row.sparsity:.1f}% | {row.channels_removed} | "
                     f"{row.inputs_removed} | {errors} | {row.reason or ''} |")
    if sparsity.coupled:
        lines += ["", "Pruned together (channels coupled through Add): "
                  + "; ".join(", ".join(f"`{n}`" for n in group) for group in sparsity.coupled) + "."]
    if sparsity.sensitivity:
        levels = sorted({level for row in sparsity.sensitivity for level in row.levels})
        lines += ["", "Sensitivity: output SQNR (dB) against the dense model with each layer pruned alone.", "",
                  "| node | weights | " + " | ".join(f"{100 * l:.0f}%" for l in levels) + " | chosen |",
                  "|---|---|" + "---|" * len(levels) + "---|"]
        for row in sparsity.sensitivity:
            by_level = dict(zip(row.levels, row.sqnr_db))
            cells = " | ".join(f"{by_level[l]:.1f}" if l in by_level else "" for l in levels)
            chosen = "" if row.chosen is None else f"{100 * row.chosen:.0f}%"
            lines.append(f"| `{row.node}` | {row.weights:,} | {cells} | {chosen} |")
    return lines


def _storage_lines(storage: list[WeightStorage]) -> list[str]:
    if not storage:
        return []
    lines = ["", "| layer | weights stored | bytes (dense) | MACs executed (dense) |", "|---|---|---|---|"]
    for layer in storage:
        stored = layer.format + (f" {layer.pattern}" if layer.pattern else "")
        lines.append(f"| `{layer.node}` | {stored} | {layer.bytes:,} ({layer.dense_bytes:,}) | "
                     f"{layer.macs:,} ({layer.dense_macs:,}) |")
    macs, dense = sum(l.macs for l in storage), sum(l.dense_macs for l in storage)
    lines += ["", f"MACs executed by the weighted layers: {macs:,} of {dense:,} dense ({macs / dense:.2f}x); "
              "padding taps are skipped by every kernel."]
    return lines


def _accuracy_line(accuracy: Accuracy) -> str:
    parts = [f"fp32 {accuracy.fp32_top1:.4f}"]
    if accuracy.int8_top1 is not None:
        parts.append(f"int8 golden {accuracy.int8_top1:.4f}")
    if accuracy.qdq_onnxruntime_top1 is not None:
        parts.append(f"QDQ in onnxruntime {accuracy.qdq_onnxruntime_top1:.4f}")
    parts.append(f"C++ {accuracy.cpp_top1:.4f}")
    return "Top-1 accuracy: " + ", ".join(parts) + "."


def _sim_lines(report: Report) -> list[str]:
    sim = report.sim
    if sim is None:
        return []
    lines = ["", f"## On {report.target}", "",
             f"{sim.array} at {sim.clock_hz / 1e6:g} MHz: {sim.cycles:,} cycles, "
             f"{sim.latency_ms:.4g} ms ({sim.inferences_per_s:,.0f} inferences/s), "
             f"{sim.energy_uj:.4g} uJ per inference, {sim.macs:,} MACs executed, "
             f"array utilization {sim.utilization:.1%}.", "",
             "| # | node | op | MACs | weights B | read B | written B | tiles | array used | "
             "cycles | bound | energy uJ |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for l in sim.layers:
        lines.append(f"| {l.index} | `{l.node}` | {l.op} | {l.counts.macs:,} | {l.counts.weight_bytes:,} | "
                     f"{l.counts.read_bytes:,} | {l.counts.write_bytes:,} | {l.tiles:,} | "
                     f"{l.array_efficiency:.0%} | {l.cycles:,} | {l.bound} | {l.energy.total_pj / 1e6:.3g} |")
    return lines


def _budget_lines(report: Report) -> list[str]:
    budget = report.budget
    if budget is None:
        return []
    verdict = {"pass": "PASS", "fail": "FAIL", "none": "no budget set"}[budget.verdict]
    if budget.verdict == "fail" and not budget.enforce:
        verdict += " (not enforced)"
    lines = ["", f"## Budget: {verdict}", ""]
    if budget.items:
        lines += ["| item | figure | limit | verdict | basis |", "|---|---|---|---|---|"]
        lines += [f"| {i.name} | {format_figure(i.name, i.figure)} | {format_figure(i.name, i.limit)} | "
                  + ("pass" if i.passed else f"**FAIL** by {format_figure(i.name, i.excess)}") + f" | {i.basis} |"
                  for i in budget.items]
    for item in budget.items:
        if item.causes:
            lines += ["", f"{item.name} over budget:", *[f"- {cause}" for cause in item.causes]]
    return lines


def origin_summary(origin: BundleOrigin) -> str:
    """One paragraph on a received bundle: what, from whom, verified how, and the sender's figures."""
    signer = (f"signature verified with key {origin.signer}" if origin.signer else
              "accepted unsigned (allow_unsigned: digests checked, sender not authenticated)")
    accuracy = ", ".join(f"{name.removesuffix('_top1')} {value:.4f}" for name, value in origin.sender_accuracy().items())
    return (f"Built from the bundle {origin.bundle} (sha256 {origin.sha256}), {signer}. The sender's pipeline "
            f"{origin.pipeline} made it for {origin.model} on {origin.target} with ferry {origin.ferry}, "
            f"stages {' -> '.join(origin.stages)}" + (f"; the sender measured top-1 {accuracy}." if accuracy else "."))


def render_markdown(report: Report) -> str:
    lines = [
        f"# {report.model} on {report.target}",
        "",
        f"Pipeline `{report.pipeline}`. {report.summary.nodes} nodes, "
        f"{report.summary.params:,} parameters, {report.summary.macs:,} MACs per inference.",
        "",
    ]
    if report.origin is not None:
        lines += ["## Received bundle", "", origin_summary(report.origin), ""]
    lines += _compare_lines(report)
    if report.accuracy is not None:
        lines += ["", _accuracy_line(report.accuracy)]
    lines += _int8_lines(report)
    lines += _budget_lines(report)
    lines += _sim_lines(report)
    lines += profile_lines(report.profile) if report.profile is not None else []
    lines += _sparsity_lines(report.sparsity)
    memory = report.memory
    lines += [
        "",
        "## Memory",
        "",
        f"- activation arena: {memory.arena_bytes:,} B (lower bound {memory.arena_lower_bound_bytes:,} B, "
        f"greedy by size {memory.arena_greedy_bytes:,} B, one buffer per tensor {memory.arena_naive_bytes:,} B); "
        f"it holds the kernels' scratch buffers too (largest {memory.arena_scratch_bytes:,} B), each live "
        "during its node only",
        f"- the caller's input and output buffers: {memory.io_bytes:,} B",
        f"- weights: {memory.weights_bytes:,} B (stored dense: {memory.weights_bytes_dense:,} B)",
        *_storage_lines(memory.weight_storage),
        *([f"- peak SRAM (arena, buffers, weight staging): {memory.peak_sram_bytes:,} B"]
          if memory.peak_sram_bytes is not None else []),
        *([f"- flash (weights and code, measured): {memory.flash_bytes:,} B"]
          if memory.flash_bytes is not None else []),
        *(embedded_lines(report.embedded) if report.embedded else []),
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
