"""report.md and report.html from one report model: the sections below are built once, from
report.json's model, and rendered by two Jinja2 templates (stages/templates/), so the page and the
Markdown hold the same text, tables and links; the page adds the plots.

The HTML environment autoescapes: every name from the other company (nodes, tensors, the
sender's pipeline) is escaped by the template, never by hand. The Markdown environment puts names
in code spans and escapes table pipes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from ferry.schemas.artifacts import Int8Comparison, MemoryPlanRecord
from ferry.schemas.bundle import BundleOrigin
from ferry.schemas.report import LayerRow, Report
from ferry.schemas.simulation import LABELS, format_figure
from ferry.stages import charts
from ferry.stages.charts import PALETTE, Bar

TEMPLATES = Path(__file__).parent / "templates"


class Code(str):
    """Text shown as code: a name, a path, a command."""


@dataclass(frozen=True)
class Link:
    label: str
    href: str  # relative to the report's folder


Piece = str | Code | Link


@dataclass(frozen=True)
class Paragraph:
    pieces: tuple[Piece, ...]
    kind: str = "p"


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Piece, ...], ...]
    kind: str = "ul"


@dataclass(frozen=True)
class Table:
    id: str
    head: tuple[str, ...]
    rows: tuple[tuple[Piece, ...], ...]
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    svg: Markup  # HTML only
    kind: str = "chart"


Block = Paragraph | Bullets | Table | Chart


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def p(self, *pieces: Piece) -> None:
        self.blocks.append(Paragraph(pieces))


@dataclass(frozen=True)
class Verdict:
    css: str  # pass | fail | warn | none
    text: str


def _p(*pieces: Piece) -> Paragraph:
    return Paragraph(pieces)


def _opt(value: float | None, form: str) -> str:
    return "n/a" if value is None else format(value, form)


def _shapes(shapes: list[list[int]]) -> str:
    return ", ".join("x".join(str(d) for d in shape) for shape in shapes) or "-"


def verdict(report: Report) -> Verdict | None:
    budget = report.budget
    if budget is None:
        return None
    css, text = {"pass": ("pass", "PASS"), "fail": ("fail", "FAIL"), "none": ("none", "no budget")}[budget.verdict]
    if budget.verdict == "fail" and not budget.enforce:
        css, text = "warn", "FAIL (not enforced)"
    return Verdict(css, text)


def _summary(report: Report) -> Section:
    section = Section("summary", "Summary")
    section.p("Pipeline ", Code(report.pipeline), f": {report.summary.nodes} nodes, "
              f"{report.summary.params:,} parameters, {report.summary.macs:,} MACs per inference (dense).")
    if report.budget is None:
        section.p("No silicon described for this target: no simulation, no budget verdict.")
    return section


def _verification(report: Report) -> Section:
    """What was checked, and how: exact or within a tolerance, integer or float, where it ran."""
    section = Section("verification", "Verification")
    compare = report.compare
    int8 = compare.int8
    if int8 is None:
        state = "within" if compare.within_tolerance else "OUTSIDE"
        bound = ("" if compare.tolerance is None else
                 f" (each element: |C++ - reference| <= max({compare.tolerance.range:g} x the output's range, "
                 f"{compare.tolerance.relative:g} x |reference|))")
        beyond = sum(o.beyond_tolerance for o in compare.outputs.values())
        section.p(f"Float program: the C++ outputs on {compare.samples} validation samples against "
                  f"{compare.reference}, {state} the tolerance{bound}; {beyond} element(s) beyond it.")
    else:
        exact = sum(1 for layer in int8.layers if layer.exact)
        equal = (f"first layer that differs: {int8.first_mismatch}" if int8.first_mismatch is not None else
                 "every layer bit-exact" if exact == len(int8.layers) else
                 "every layer equal to it, bit for bit or within its tolerance")
        section.p(f"int8 program, {compare.samples} validation samples. The C++ against the integer golden model: "
                  f"{int8.cpp_vs_golden_mismatches} mismatching output elements, {equal} (trace build, "
                  f"every layer compared). {_verified(int8)}.")
        if int8.float_layers:
            section.blocks.append(_p("Layers computed in float (the program is not float-free):"))
            section.blocks.append(Bullets(tuple((Code(node), f": {reason}")
                                                for node, reason in int8.float_layers.items())))
        if int8.int16_layers:
            section.blocks.append(_p(f"Layers computed on int16 activations ({len(int8.int16_layers)}; int8 "
                                     "weights, int64 sums, bit-exact like the rest: docs/int16.md):"))
            section.blocks.append(Bullets(tuple((Code(node), f": {reason}")
                                                for node, reason in int8.int16_layers.items())))
        histogram = sorted(int8.lsb_vs_onnxruntime.items(), key=lambda kv: int(kv[0]))
        total = sum(count for _, count in histogram) or 1
        section.p("Golden model outputs against onnxruntime running the QDQ model (measured, per output "
                  "element): difference in LSB.")
        section.blocks.append(Table("lsb-table", ("difference", "elements", "share"),
                                    tuple((f"{k} LSB", f"{v:,}", f"{v / total:.2%}") for k, v in histogram)))
        section.blocks.append(Chart(charts.bar_chart("lsb-chart", [
            Bar(f"{k} LSB", v, f"{v:,}", {"lsb": k, "elements": str(v)}, PALETTE[min(int(k), 7)])
            for k, v in histogram])))
    against = compare.reference if int8 is None else compare.reference.split(";")[0]
    section.p(("Outputs" if int8 is None else "Dequantized outputs") + f" against {against}:")
    rows = tuple((Code(name), f"{o.max_abs_err:.3g}", f"{o.max_rel_err:.3g}", f"{o.cosine_min:.6f}",
                  _opt(o.top1_agreement, ".4f")) for name, o in compare.outputs.items())
    section.blocks.append(Table("outputs-table",
                                ("output", "max abs err", "max rel err", "min cosine", "top-1 agreement"), rows))
    embedded = report.embedded
    if embedded is not None and embedded.emulator is not None:
        against = (f"from the golden model {embedded.golden_mismatches}" if embedded.golden_mismatches is not None
                   else f"largest difference {_opt(embedded.max_abs_diff, '.3g')}")
        section.p("Emulated: ", Code(embedded.emulator), f" ran {embedded.samples} validation samples; output "
                  f"elements differing from the host C++ {embedded.qemu_mismatches}, {against}.")
    return section


def _verified(int8: Int8Comparison) -> str:
    """What the layer check established, counted: bit for bit, within a tolerance (and why), in float."""
    exact = sum(1 for layer in int8.layers if layer.exact)
    return (f"Layers compared bit for bit: {exact}; within a stated tolerance (computed in float or downstream "
            f"of a float layer: 1 LSB in int8, 1e-4 of the range in float): {len(int8.layers) - exact}; "
            f"computed in float: {len(int8.float_layers)}; on int16 activations: {len(int8.int16_layers)}")


def _accuracy(report: Report) -> Section | None:
    accuracy, int8 = report.accuracy, report.compare.int8
    if accuracy is None and int8 is None:
        return None
    section = Section("accuracy", "Accuracy")
    if accuracy is not None:
        figures = [("fp32 (onnxruntime)", accuracy.fp32_top1), ("int8 golden model", accuracy.int8_top1),
                   ("QDQ in onnxruntime", accuracy.qdq_onnxruntime_top1), ("C++", accuracy.cpp_top1)]
        present = [(name, value) for name, value in figures if value is not None]
        section.p("Top-1 accuracy on the validation labels (measured): "
                  + ", ".join(f"{name} {value:.4f}" for name, value in present) + ".")
        section.blocks.append(Chart(charts.bar_chart("accuracy-chart", [
            Bar(name, value, f"{value:.4f}", {"name": name, "top1": f"{value:.6f}"}, PALETTE[i])
            for i, (name, value) in enumerate(present)])))
    if int8 is not None and (int8.sqnr_db_min is None or int8.output_sqnr_db is None):
        section.p("There is no float reference: the model arrived quantized and no float_onnx names the float model, "
                  "so the QDQ model in onnxruntime is the reference and no SQNR is shown.")
    elif int8 is not None:
        section.p(f"Worst layer SQNR {int8.sqnr_db_min:.1f} dB, output SQNR {int8.output_sqnr_db:.1f} dB "
                  "(int8 golden model against the float model, per layer below).")
        layers = [layer for layer in int8.layers if layer.sqnr_db is not None]
        section.blocks.append(Chart(charts.bar_chart("sqnr-chart", [
            Bar(layer.node, max(layer.sqnr_db or 0.0, 0.0), f"{layer.sqnr_db:.1f} dB",
                {"layer": layer.node, "sqnr-db": f"{layer.sqnr_db:.3f}"}) for layer in layers])))
    return section


def _budget(report: Report) -> Section | None:
    budget = report.budget
    if budget is None:
        return None
    section = Section("budget", "Budget")
    if not budget.items:
        section.p("The target sets no budget.")
        return section
    section.p("Each figure against its limit; the basis column says how each was obtained.")
    section.blocks.append(Table("budget-table", ("item", "figure", "limit", "verdict", "basis"), tuple(
        (LABELS[i.name], format_figure(i.name, i.figure), format_figure(i.name, i.limit),
         "pass" if i.passed else f"FAIL by {format_figure(i.name, i.excess)}", i.basis) for i in budget.items)))
    error = report.profile.error if report.profile is not None else None
    if error is not None:
        correlation = "n/a" if error.correlation is None else f"{error.correlation:.3f}"
        section.p(f"Cost model against QEMU's measurement: estimated {error.estimated_instructions:,.0f} / "
                  f"measured {error.measured_instructions:,.0f} instructions = {error.total_ratio:.3f} "
                  f"(error {error.total_error:+.1%}), correlation across layers {correlation}; cycles = "
                  f"instructions x {error.cycles_per_instruction:g} (ASSUMED). {error.calibration}.")
    section.blocks.append(Chart(charts.budget_chart(budget)))
    for item in budget.items:
        if item.causes:
            section.p(f"{LABELS[item.name]} over budget by {format_figure(item.name, item.excess)}:")
            section.blocks.append(Bullets(tuple((cause,) for cause in item.causes)))
    return section


def _simulation(report: Report) -> Section | None:
    sim = report.sim
    if sim is None:
        return None
    section = Section("simulation", f"On {report.target} (simulated)")
    section.p(f"{sim.array} at {sim.clock_hz / 1e6:g} MHz: {sim.cycles:,} cycles, "
              f"{format_figure('latency_ms', sim.latency_ms)} ({sim.inferences_per_s:,.0f} inferences/s), "
              f"{format_figure('energy_uj', sim.energy_uj)} per inference, {sim.macs:,} MACs executed, "
              f"array utilization {sim.utilization:.1%}. Estimated by the simulator from the target file; "
              "colour: what bounds the layer (blue compute, orange external memory, green SRAM).")
    section.blocks.append(Chart(charts.cycles_chart(sim.layers)))
    section.blocks.append(Table("simulated-layers", (
        "#", "node", "op", "grid", "tiles", "array used", "compute", "external", "SRAM", "cycles", "bound",
        "energy"), tuple(
        (str(layer.index), Code(layer.node), layer.op, f"{layer.grid[0]}x{layer.grid[1]}", f"{layer.tiles:,}",
         f"{layer.array_efficiency:.0%}", f"{layer.compute_cycles:,}", f"{layer.external_cycles:,}",
         f"{layer.sram_cycles:,}", f"{layer.cycles:,}", layer.bound,
         format_figure("energy_uj", layer.energy.total_pj / 1e6)) for layer in sim.layers)))
    return section


def _layer_cells(row: LayerRow, columns: list[str]) -> tuple[Piece, ...]:
    cells: dict[str, Piece] = {
        "#": str(row.index), "node": Code(row.node), "op": row.op, "in": _shapes(row.inputs),
        "out": _shapes(row.outputs), "MACs": _opt(row.macs, ","), "weights B": f"{row.weight_bytes:,}",
        "written B": f"{row.activation_bytes:,}", "est. cycles": _opt(row.estimated_cycles, ","),
        "meas. instr.": _opt(row.measured_instructions, ",.0f"), "meas. us": _opt(row.measured_time_us, ".3g"),
        "SQNR dB": _opt(row.sqnr_db, ".1f"), "cosine": _opt(row.cosine, ".5f"),
        "exact": "n/a" if row.exact is None else ("bit-exact" if row.exact else
                                                  f"tolerance ({row.cpp_mismatches} differ)"),
    }
    return tuple(cells[c] for c in columns)


def _layers(report: Report) -> Section:
    section = Section("layers", "Layers")
    rows = report.layers
    columns = ["#", "node", "op", "in", "out", "MACs", "weights B", "written B"]
    optional = {"est. cycles": "estimated_cycles", "meas. instr.": "measured_instructions",
                "meas. us": "measured_time_us", "SQNR dB": "sqnr_db", "cosine": "cosine", "exact": "exact"}
    columns += [name for name, attr in optional.items() if any(getattr(r, attr) is not None for r in rows)]
    section.blocks.append(_p("One row per call of the generated C++, in graph order: shapes read and written, "
                             "MACs executed (simulated targets), const bytes read, bytes written, estimated "
                             "cycles, measured counts where the target was profiled, and the int8 layer "
                             "against the float model. The same table: ", Link("layers.csv", "layers.csv"), "."))
    section.blocks.append(Table("layers-table", tuple(columns), tuple(_layer_cells(r, columns) for r in rows)))
    return section


def _memory(report: Report, plan: MemoryPlanRecord) -> Section:
    memory = report.memory
    section = Section("memory", "Memory")
    items: list[tuple[Piece, ...]] = [
        (f"activation arena: {memory.arena_bytes:,} B (lower bound {memory.arena_lower_bound_bytes:,} B, greedy "
         f"by size {memory.arena_greedy_bytes:,} B, one buffer per tensor {memory.arena_naive_bytes:,} B); it holds "
         f"the kernels' scratch buffers too (largest {memory.arena_scratch_bytes:,} B), "
         "each live during its node only",),
        (f"the caller's input and output buffers: {memory.io_bytes:,} B",),
        (f"weights: {memory.weights_bytes:,} B (stored dense: {memory.weights_bytes_dense:,} B)",)]
    if memory.peak_sram_bytes is not None:
        items.append((f"peak SRAM (arena, buffers, weight staging): {memory.peak_sram_bytes:,} B",))
    if memory.flash_bytes is not None:
        items.append((f"flash (weights and code, measured): {memory.flash_bytes:,} B",))
    section.blocks.append(Bullets(tuple(items)))
    storage = memory.weight_storage
    if storage:
        section.blocks.append(Table("storage-table", ("layer", "weights stored", "bytes (dense)",
                                                      "MACs executed (dense)"), tuple(
            (Code(stored.node), stored.format + (f" {stored.pattern}" if stored.pattern else ""),
             f"{stored.bytes:,} ({stored.dense_bytes:,})", f"{stored.macs:,} ({stored.dense_macs:,})")
            for stored in storage)))
        macs, dense = sum(layer.macs for layer in storage), sum(layer.dense_macs for layer in storage)
        section.p(f"MACs executed by the weighted layers: {macs:,} of {dense:,} dense ({macs / dense:.2f}x); "
                  "padding taps are skipped by every kernel.")
    section.p("The arena over time: each rectangle is a tensor, from the node that writes it to the last "
              "node that reads it; the dashed line is the lower bound.")
    section.blocks.append(Chart(charts.arena_chart(plan)))
    return section


def _embedded(report: Report) -> Section | None:
    embedded = report.embedded
    if embedded is None:
        return None
    section = Section("embedded", "Sizes and flags")
    section.p("Cross-compiled with ", Code(f"{embedded.compiler} {' '.join(embedded.flags)}"),
              "; section sizes measured with the target's size program:")
    section.blocks.append(Table("sections-table", ("library section", "bytes"), (
        ("text (code and const weights)", f"{embedded.text_bytes:,}"), ("data", f"{embedded.data_bytes:,}"),
        ("bss (activation arena)", f"{embedded.bss_bytes:,}"), ("flash = text + data", f"{embedded.flash_bytes:,}"),
        ("SRAM = data + bss", f"{embedded.sram_bytes:,}"))))
    if embedded.firmware is not None:
        image = embedded.firmware
        section.p(f"Emulator image (library, startup, semihosting runner, libc parts, 16 KiB stack): text "
                  f"{image.text_bytes:,} B, data {image.data_bytes:,} B, bss {image.bss_bytes:,} B.")
    return section


def _sparsity(report: Report) -> Section | None:
    sparsity = report.sparsity
    if sparsity is None:
        return None
    section = Section("sparsity", "Sparsity")
    accuracy = sparsity.accuracy
    metric = "top-1" if accuracy.metric == "top1" else "output SQNR (dB)"
    where = "int8 weights of the QDQ model" if sparsity.quantized else "float weights"
    section.p("Method ", Code(sparsity.method), " (allocation ", Code(sparsity.allocation), f") on the {where}: "
              f"{sparsity.zeros:,} of {sparsity.weights:,} layer weights removed ({100 * sparsity.sparsity:.1f}%); "
              f"parameters {sparsity.params_before:,} -> {sparsity.params_after:,}, dense MACs "
              f"{sparsity.macs_before:,} -> {sparsity.macs_after:,}. {metric}: dense {accuracy.dense:.4f}, "
              f"pruned {accuracy.pruned:.4f}, pruned and refit {accuracy.refit:.4f} "
              f"(sparse.onnx is {'refit' if sparsity.refit else 'not refit'}).")
    section.blocks.append(Table("sparsity-table", (
        "node", "method", "sparsity", "channels removed", "inputs removed", "error masked", "error refit", "note"),
        tuple((Code(r.node), r.method, f"{100 * r.sparsity:.1f}%", str(r.channels_removed), str(r.inputs_removed),
               _opt(r.error_masked, ".4f"), _opt(r.error_refit, ".4f"), r.reason or "") for r in sparsity.layers)))
    if sparsity.coupled:
        groups = "; ".join(", ".join(group) for group in sparsity.coupled)
        section.p(f"Pruned together (channels coupled through Add): {groups}.")
    if sparsity.sensitivity:
        levels = sorted({level for row in sparsity.sensitivity for level in row.levels})
        section.p("Sensitivity: output SQNR (dB) against the dense model with each layer pruned alone.")
        rows = []
        for row in sparsity.sensitivity:
            by_level = dict(zip(row.levels, row.sqnr_db))
            rows.append((Code(row.node), f"{row.weights:,}",
                         *(f"{by_level[level]:.1f}" if level in by_level else "" for level in levels),
                         "" if row.chosen is None else f"{100 * row.chosen:.0f}%"))
        header = ("node", "weights", *(f"{100 * level:.0f}%" for level in levels), "chosen")
        section.blocks.append(Table("sensitivity-table", header, tuple(rows)))
    return section


def _figure_text(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,}" if float(value).is_integer() else f"{value:.6g}"


def _previous(report: Report) -> Section:
    section = Section("previous", "Compared with the previous run")
    previous = report.previous
    if previous is None:
        section.p("No earlier report of this model and target in this outputs folder.")
        return section
    if not previous.params and not previous.figures:
        section.p("The previous run had the same stage parameters and the same headline figures.")
        return section
    if previous.params:
        section.p("What changed in the stages (parameters and versions):")
        section.blocks.append(Bullets(tuple((Code(change),) for change in previous.params)))
    if previous.figures:
        rows = []
        for change in previous.figures:
            delta = ("n/a" if change.previous is None or change.current is None else
                     f"{change.current - change.previous:+.6g}"
                     + (f" ({(change.current - change.previous) / abs(change.previous):+.1%})"
                        if change.previous else ""))
            rows.append((change.name, _figure_text(change.previous), _figure_text(change.current), delta))
        section.blocks.append(Table("previous-table", ("figure", "previous", "now", "change"), tuple(rows)))
    else:
        section.p("The headline figures are unchanged.")
    return section


def _written(artifacts: list[str]) -> Code:
    """A stage's outputs in a table cell: the files, or their folder and count (report.json lists
    every one)."""
    if len(artifacts) <= 2:
        return Code(", ".join(artifacts))
    return Code(f"{os.path.commonpath(artifacts)}/ ({len(artifacts)} files)")


def _stages(report: Report) -> Section:
    section = Section("stages", "Stages")
    section.blocks.append(Table("stages-table", ("stage", "version", "key figures", "written"), tuple(
        (stage.stage, str(stage.version), ", ".join(f"{k} {v}" for k, v in stage.figures.items()),
         _written(stage.artifacts)) for stage in report.stages)))
    return section


def _artifacts(report: Report) -> Section:
    section = Section("artifacts", "Artifacts")
    section.blocks.append(Bullets(tuple(
        (Link(link.label, link.path), *((f" ({link.note})",) if link.note else ())) for link in report.artifacts)))
    return section


def _origin(report: Report) -> Section | None:
    if report.origin is None:
        return None
    section = Section("origin", "Received bundle")
    section.p(origin_summary(report.origin))
    return section


def sections(report: Report, plan: MemoryPlanRecord) -> list[Section]:
    built = [_summary(report), _origin(report), _verification(report), _accuracy(report), _budget(report),
             _layers(report), _simulation(report), _memory(report, plan), _embedded(report), _sparsity(report),
             _previous(report), _stages(report), _artifacts(report)]
    return [section for section in built if section is not None]


def _markdown_code(text: str) -> str:
    """A code span that holds any text: a fence longer than any run of backticks inside."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_piece(piece: Piece) -> str:
    if isinstance(piece, Link):
        return f"[{piece.label}]({piece.href})"
    if isinstance(piece, Code):
        return _markdown_code(str(piece))
    return str(piece)


def _markdown_cell(piece: Piece) -> str:
    return _markdown_piece(piece).replace("|", "\\|").replace("\n", " ")


def _html_piece(piece: Piece) -> Markup:
    if isinstance(piece, Link):
        return Markup('<a href="{}">{}</a>').format(piece.href, piece.label)
    if isinstance(piece, Code):
        return Markup("<code>{}</code>").format(str(piece))
    return Markup.escape(piece)


def _environment(autoescape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=True)
    environment.filters["piece"] = _html_piece if autoescape else _markdown_piece
    environment.filters["cell"] = _html_piece if autoescape else _markdown_cell
    return environment


def render_markdown(report: Report, plan: MemoryPlanRecord) -> str:
    return _environment(False).get_template("report.md.j2").render(
        report=report, sections=sections(report, plan), verdict=verdict(report))


def render_html(report: Report, plan: MemoryPlanRecord) -> str:
    return _environment(True).get_template("report.html.j2").render(
        report=report, sections=sections(report, plan), verdict=verdict(report), svg_style=charts.SVG_STYLE)


def origin_summary(origin: BundleOrigin) -> str:
    """One paragraph on a received bundle: what, from whom, verified how, and the sender's figures."""
    signer = (f"signature verified with key {origin.signer}" if origin.signer else
              "accepted unsigned (allow_unsigned: digests checked, sender not authenticated)")
    accuracy = ", ".join(f"{name.removesuffix('_top1')} {value:.4f}"
                         for name, value in origin.sender_accuracy().items())
    return (f"Built from the bundle {origin.bundle} (sha256 {origin.sha256}), {signer}. The sender's pipeline "
            f"{origin.pipeline} made it for {origin.model} on {origin.target} with ferry {origin.ferry}, "
            f"stages {' -> '.join(origin.stages)}" + (f"; the sender measured top-1 {accuracy}." if accuracy else "."))
