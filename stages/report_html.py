"""report.html: one self-contained page per model and target, readable offline.

No scripts and no external resources: the plots are inline SVG drawn here. Every mark carries its
figure in `data-*` attributes (and a tooltip), so that a test, or a person with the browser's
inspector, can read the numbers back. Model and tensor names come from the other company: every
one is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from schemas.artifacts import MemoryPlanRecord
from schemas.report import Report
from schemas.profile import ProfileSection
from schemas.simulation import format_figure
from stages.report import origin_summary

WIDTH = 760
LABEL_WIDTH = 250
VALUE_WIDTH = 120
ROW = 18
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac")
STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.verdict { display: inline-block; padding: .2em .8em; border-radius: .3em; color: #fff; font-weight: bold; }
.pass { background: #2e7d32; } .fail { background: #c62828; } .warn { background: #ef6c00; } .none { background: #757575; }
svg text { font: 11px system-ui, sans-serif; fill: #222; }
table { border-collapse: collapse; font-size: 12px; } td, th { padding: 2px 6px; border-bottom: 1px solid #ddd; text-align: right; }
td:nth-child(2), th:nth-child(2) { text-align: left; }
.note { color: #555; }
"""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # shown after the bar
    data: dict[str, str] = field(default_factory=dict)
    color: str = PALETTE[0]


def number(value: float) -> str:
    """Plot coordinates: short, and the same on every machine."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def data_attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())


def bar_chart(chart: str, bars: list[Bar]) -> str:
    """Horizontal bars, one per row, scaled to the largest value."""
    scale = max((b.value for b in bars), default=0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW
        length = bar.value / scale * span
        rows.append(
            f'<g class="bar"{data_attrs(bar.data)}><title>{escape(bar.label)}: {escape(bar.text)}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(_clip(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{number(length)}" height="{ROW - 6}" fill="{bar.color}"/>'
            f'<text x="{number(LABEL_WIDTH + length + 4)}" y="{y + 13}">{escape(bar.text)}</text></g>')
    height = max(len(bars) * ROW, ROW)
    return (f'<svg id="{chart}" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'role="img">{"".join(rows)}</svg>')


def _clip(label: str, length: int = 38) -> str:
    return label if len(label) <= length else "…" + label[-(length - 1):]


def _budget_chart(report: Report) -> str:
    """Each budget item: its figure as a bar, its limit as a line, both on the item's own scale."""
    assert report.budget is not None
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, item in enumerate(report.budget.items):
        y = i * 2 * ROW
        scale = max(item.figure, item.limit) * 1.1
        length = item.figure / scale * span
        limit = LABEL_WIDTH + item.limit / scale * span
        color = "#2e7d32" if item.passed else "#c62828"
        text = f"{format_figure(item.name, item.figure)} of {format_figure(item.name, item.limit)}"
        data = {"item": item.name, "figure": repr(item.figure), "limit": repr(item.limit),
                "passed": str(item.passed).lower()}
        rows.append(
            f'<g class="budget-item"{data_attrs(data)}><title>{escape(item.name)}: {escape(text)}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 17}" text-anchor="end">{escape(item.name)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 6}" width="{number(length)}" height="{ROW - 4}" fill="{color}"/>'
            f'<line x1="{number(limit)}" x2="{number(limit)}" y1="{y + 2}" y2="{y + ROW + 6}" '
            f'stroke="#222" stroke-width="2"/>'
            f'<text x="{WIDTH - VALUE_WIDTH + 4}" y="{y + 17}">{escape(text)}</text></g>')
    height = max(len(report.budget.items) * 2 * ROW, ROW)
    return (f'<svg id="budget-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{height}" role="img">{"".join(rows)}</svg>')


def _cycles_chart(report: Report) -> str:
    assert report.sim is not None
    colors = {"compute": PALETTE[0], "external": PALETTE[1], "sram": PALETTE[2], "overhead": PALETTE[7],
              "none": PALETTE[7]}
    bars = [Bar(f"[{l.index}] {l.node}", l.cycles,
                f"{l.cycles:,} ({l.bound}, array {l.array_efficiency:.0%} used)",
                {"layer": l.node, "index": str(l.index), "cycles": str(l.cycles), "bound": l.bound,
                 "array-efficiency": f"{l.array_efficiency:.4f}"}, colors[l.bound])
            for l in report.sim.layers]
    return bar_chart("cycles-chart", bars)


def arena_chart(plan: MemoryPlanRecord) -> str:
    """Time (node index) across, arena offset down: one rectangle per tensor while it lives."""
    steps = max(len(plan.layers), 1)
    height = 320
    arena = max(plan.arena_bytes, 1)
    span = WIDTH - 60
    marks = []
    for i, tensor in enumerate(plan.tensors):
        x = 50 + tensor.first / steps * span
        width = (tensor.last - tensor.first + 1) / steps * span
        y = tensor.offset / arena * height
        h = max(tensor.bytes / arena * height, 1)
        data = {"tensor": tensor.name, "offset": str(tensor.offset), "bytes": str(tensor.bytes),
                "first": str(tensor.first), "last": str(tensor.last)}
        shares = f", shares {tensor.shares}" if tensor.shares else ""
        label = (f'<text x="{number(x + 3)}" y="{number(y + 12)}">{escape(_clip(tensor.name, int(width // 6)))}</text>'
                 if width > 60 and h > 14 else "")  # named where the rectangle has room
        marks.append(
            f'<g class="tensor"{data_attrs(data)}><title>{escape(tensor.name)}: {tensor.bytes:,} B at '
            f'{tensor.offset:,}, nodes {tensor.first}..{tensor.last}{escape(shares)}</title>'
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" height="{number(h)}" '
            f'fill="{PALETTE[i % len(PALETTE)]}" fill-opacity="0.75" stroke="#fff"/>{label}</g>')
    bound = plan.arena_lower_bound_bytes / arena * height
    axis = (f'<text x="46" y="10" text-anchor="end">0</text>'
            f'<text x="46" y="{height}" text-anchor="end">{plan.arena_bytes:,} B</text>'
            f'<line class="lower-bound" data-bytes="{plan.arena_lower_bound_bytes}" x1="50" x2="{WIDTH - 10}" '
            f'y1="{number(bound)}" y2="{number(bound)}" stroke="#c62828" stroke-dasharray="4 3"/>'
            f'<text x="{50 + span}" y="{height + 16}" text-anchor="end">node index: 0 .. {steps - 1}</text>')
    return (f'<svg id="arena-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{height + 20}" role="img" data-arena="{plan.arena_bytes}">{axis}{"".join(marks)}</svg>')


def _accuracy_charts(report: Report) -> list[str]:
    parts = []
    accuracy = report.accuracy
    if accuracy is not None:
        figures = [("fp32 (onnxruntime)", accuracy.fp32_top1), ("int8 golden model", accuracy.int8_top1),
                   ("QDQ in onnxruntime", accuracy.qdq_onnxruntime_top1), ("C++", accuracy.cpp_top1)]
        parts.append(bar_chart("accuracy-chart", [
            Bar(name, value, f"{value:.4f}", {"name": name, "top1": f"{value:.6f}"}, PALETTE[i])
            for i, (name, value) in enumerate(figures) if value is not None]))
    int8 = report.compare.int8
    if int8 is not None:
        layers = [layer for layer in int8.layers if layer.sqnr_db is not None]
        parts.append("<p>Signal-to-quantization-noise ratio of each int8 layer against the float model:</p>")
        parts.append(bar_chart("sqnr-chart", [
            Bar(layer.node, max(layer.sqnr_db or 0.0, 0.0), f"{layer.sqnr_db:.1f} dB",
                {"layer": layer.node, "sqnr-db": f"{layer.sqnr_db:.3f}"}) for layer in layers]))
    return parts


def _verdict(report: Report) -> str:
    budget = report.budget
    if budget is None:
        return '<p class="note">No silicon described for this target: no simulation, no budget verdict.</p>'
    css, text = {"pass": ("pass", "PASS"), "fail": ("fail", "FAIL"), "none": ("none", "no budget")}[budget.verdict]
    if budget.verdict == "fail" and not budget.enforce:
        css, text = "warn", "FAIL (not enforced)"
    causes = "".join(f"<p><b>{escape(item.name)}</b> over by {escape(format_figure(item.name, item.excess))}:</p>"
                     f"<ul>{''.join(f'<li>{escape(c)}</li>' for c in item.causes)}</ul>"
                     for item in budget.items if item.causes)
    return f'<p>Budget: <span id="verdict" class="verdict {css}">{text}</span></p>{causes}'


def _layer_table(report: Report) -> str:
    assert report.sim is not None
    head = ("#", "node", "op", "MACs", "weights B", "read B", "written B", "grid", "tiles",
            "array used", "compute", "external", "SRAM", "cycles", "energy uJ")
    rows = [(str(l.index), escape(l.node), escape(l.op), f"{l.counts.macs:,}", f"{l.counts.weight_bytes:,}",
             f"{l.counts.read_bytes:,}", f"{l.counts.write_bytes:,}", f"{l.grid[0]}x{l.grid[1]}",
             f"{l.tiles:,}", f"{l.array_efficiency:.0%}", f"{l.compute_cycles:,}",
             f"{l.external_cycles:,}", f"{l.sram_cycles:,}", f"{l.cycles:,}",
             f"{l.energy.total_pj / 1e6:.3g}") for l in report.sim.layers]
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            + "</table>")


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>")


def _profile_html(section: ProfileSection) -> list[str]:
    """The measured profile; with a cost model, estimate against measurement per layer."""
    m, error = section.measured, section.error
    parts = [f"<h2>Measured {'in QEMU' if m.where == 'emulator' else 'on the host'}</h2>",
             f"<p><code>{escape(m.command)}</code>, {m.samples} samples: {escape(m.method)}.</p>"]
    if error is not None:
        correlation = "n/a" if error.correlation is None else f"{error.correlation:.3f}"
        parts.append(f"<p>Cost model: estimated / measured instructions {error.total_ratio:.3f} "
                     f"(error {error.total_error:+.1%}), correlation across layers {correlation}; cycles = "
                     f"instructions x {error.cycles_per_instruction:g} (ASSUMED).</p>")
        parts.append(_table(("#", "node", "op", "cost entry", "estimated instr", "measured instr", "ratio"), [
            (str(l.index), escape(l.node), escape(l.op), escape(l.kernel or ""), f"{l.estimated_instructions:,.0f}",
             f"{l.measured_instructions:,.0f}", "n/a" if l.ratio is None else f"{l.ratio:.2f}")
            for l in error.layers]))
        return parts
    parts.append(_table(("#", "node", "op", "instructions", "time us"), [
        (str(l.index), escape(l.node), escape(l.op), "n/a" if l.instructions is None else f"{l.instructions:,.0f}",
         "n/a" if l.time_us is None else f"{l.time_us:.3f}") for l in m.layers]))
    return parts


def render_html(report: Report, plan: MemoryPlanRecord) -> str:
    title = f"{report.model} on {report.target}"
    memory = report.memory
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>Pipeline <code>{escape(report.pipeline)}</code>: {report.summary.nodes} nodes, "
            f"{report.summary.params:,} parameters, {report.summary.macs:,} MACs (dense).</p>",
            _verdict(report)]
    if report.origin is not None:  # every word of it comes from the other company: escaped
        body += ["<h2>Received bundle</h2>", f"<p>{escape(origin_summary(report.origin))}</p>"]
    if report.budget is not None and report.budget.items:
        body += ["<h2>Budget</h2>", "<p>Each figure against its limit (the black line).</p>",
                 _budget_chart(report)]
    if report.sim is not None:
        sim = report.sim
        body += ["<h2>Cycles per layer</h2>",
                 f"<p>{escape(sim.array)} at {sim.clock_hz / 1e6:g} MHz: {sim.cycles:,} cycles, "
                 f"{sim.latency_ms:.4g} ms, {sim.inferences_per_s:,.0f} inferences/s, {sim.energy_uj:.4g} uJ "
                 f"per inference; array utilization {sim.utilization:.1%}. Colour: what bounds the layer "
                 f"(blue compute, orange external memory, green SRAM).</p>",
                 _cycles_chart(report)]
    body += ["<h2>Arena over time</h2>",
             f"<p>{memory.arena_bytes:,} B: lower bound {memory.arena_lower_bound_bytes:,} B (dashed), "
             f"greedy by size {memory.arena_greedy_bytes:,} B, one buffer per tensor "
             f"{memory.arena_naive_bytes:,} B. Each rectangle is a tensor, from the node that writes it "
             f"to the last node that reads it.</p>",
             arena_chart(plan), "<h2>Accuracy</h2>", *_accuracy_charts(report)]
    if report.sim is not None:
        body += ["<h2>Layers</h2>", _layer_table(report)]
    if report.profile is not None:
        body += _profile_html(report.profile)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
