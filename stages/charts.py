"""The inline SVG plots of report.html and sweep.html: no scripts, no external resources.

Every mark carries its figure in `data-*` attributes (and a tooltip), so that a test, or a person
with the browser's inspector, can read the numbers back. Text is set in a monospace font, whose
advance is a fixed fraction of its size, so each plot is laid out wide enough for its longest
label and value: no text runs past the plot's edge. Names come from the other company: every one
is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.simulation import LABELS, BudgetVerdict, LayerSim, format_figure

FONT_PX = 11
CHAR_PX = 0.62 * FONT_PX  # DejaVu Sans Mono and Liberation Mono advance 0.60 em; a margin for others
BAR_SPAN = 360  # the longest bar
ROW = 18
MAX_LABEL_CHARS = 40
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#bab0ac")
SVG_STYLE = f"svg text {{ font: {FONT_PX}px monospace; fill: #222; }}"


def text_px(text: str) -> float:
    """The width a label takes in the plots' font."""
    return len(text) * CHAR_PX


def number(value: float) -> str:
    """Plot coordinates: short, and the same on every machine."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def data_attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())


def clip(label: str, length: int = MAX_LABEL_CHARS) -> str:
    """A long name keeps its end (the layer's own part of a module path)."""
    return label if len(label) <= length else "…" + label[-(length - 1):]


def svg(chart: str, width: float, height: float, body: str, data: dict[str, str] | None = None) -> Markup:
    """An SVG of its own size that scales down with the page (CSS max-width) rather than clip."""
    return Markup(f'<svg id="{chart}" xmlns="http://www.w3.org/2000/svg" width="{number(width)}" '
                  f'height="{number(height)}" viewBox="0 0 {number(width)} {number(height)}" role="img"'
                  f'{data_attrs(data or {})}>{body}</svg>')


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # shown after the bar
    data: dict[str, str] = field(default_factory=dict)
    color: str = PALETTE[0]


def bar_chart(chart: str, bars: list[Bar]) -> Markup:
    """Horizontal bars, one per row, scaled to the largest value; the label column and the value
    column as wide as their longest text."""
    scale = max((b.value for b in bars), default=0) or 1.0
    label_width = max((text_px(clip(b.label)) for b in bars), default=0) + 8
    value_width = max((text_px(b.text) for b in bars), default=0) + 8
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW
        length = bar.value / scale * BAR_SPAN
        rows.append(
            f'<g class="bar"{data_attrs(bar.data)}><title>{escape(bar.label)}: {escape(bar.text)}</title>'
            f'<text x="{number(label_width - 4)}" y="{y + 13}" text-anchor="end">{escape(clip(bar.label))}</text>'
            f'<rect x="{number(label_width)}" y="{y + 3}" width="{number(length)}" height="{ROW - 6}" '
            f'fill="{bar.color}"/>'
            f'<text x="{number(label_width + length + 4)}" y="{y + 13}">{escape(bar.text)}</text></g>')
    return svg(chart, label_width + BAR_SPAN + value_width, max(len(bars) * ROW, ROW), "".join(rows))


def budget_chart(budget: BudgetVerdict) -> Markup:
    """Each budget item: its figure as a bar, its limit as a line, both on the item's own scale."""
    texts = [f"{format_figure(i.name, i.figure)} of {format_figure(i.name, i.limit)}" for i in budget.items]
    label_width = max((text_px(LABELS[i.name]) for i in budget.items), default=0) + 8
    value_width = max((text_px(t) for t in texts), default=0) + 8
    rows = []
    for i, (item, text) in enumerate(zip(budget.items, texts)):
        y = i * 2 * ROW
        scale = max(item.figure, item.limit) * 1.1 or 1.0
        length = item.figure / scale * BAR_SPAN
        limit = label_width + item.limit / scale * BAR_SPAN
        color = "#2e7d32" if item.passed else "#c62828"
        data = {"item": item.name, "figure": repr(item.figure), "limit": repr(item.limit),
                "passed": str(item.passed).lower()}
        rows.append(
            f'<g class="budget-item"{data_attrs(data)}><title>{escape(LABELS[item.name])}: {escape(text)}</title>'
            f'<text x="{number(label_width - 4)}" y="{y + 17}" text-anchor="end">{escape(LABELS[item.name])}</text>'
            f'<rect x="{number(label_width)}" y="{y + 6}" width="{number(length)}" height="{ROW - 4}" fill="{color}"/>'
            f'<line x1="{number(limit)}" x2="{number(limit)}" y1="{y + 2}" y2="{y + ROW + 6}" '
            f'stroke="#222" stroke-width="2"/>'
            f'<text x="{number(label_width + BAR_SPAN + 8)}" y="{y + 17}">{escape(text)}</text></g>')
    return svg("budget-chart", label_width + BAR_SPAN + 8 + value_width, max(len(budget.items) * 2 * ROW, ROW),
               "".join(rows))


BOUND_COLORS = {"compute": PALETTE[0], "external": PALETTE[1], "sram": PALETTE[2], "overhead": PALETTE[7],
                "none": PALETTE[7]}


def cycles_chart(layers: list[LayerSim]) -> Markup:
    bars = [Bar(f"[{sim.index}] {sim.node}", sim.cycles,
                f"{sim.cycles:,} ({sim.bound}, array {sim.array_efficiency:.0%} used)",
                {"layer": sim.node, "index": str(sim.index), "cycles": str(sim.cycles), "bound": sim.bound,
                 "array-efficiency": f"{sim.array_efficiency:.4f}"}, BOUND_COLORS[sim.bound])
            for sim in layers]
    return bar_chart("cycles-chart", bars)


def arena_chart(plan: MemoryPlanRecord) -> Markup:
    """Time (node index) across, arena offset down: one rectangle per tensor while it lives."""
    steps = max(len(plan.layers), 1)
    height = 320
    arena = max(plan.arena_bytes, 1)
    axis_label = f"{plan.arena_bytes:,} B"
    left = text_px(axis_label) + 10
    span = 700
    marks = []
    for i, tensor in enumerate(plan.tensors):
        x = left + tensor.first / steps * span
        width = (tensor.last - tensor.first + 1) / steps * span
        y = tensor.offset / arena * height
        h = max(tensor.bytes / arena * height, 1)
        data = {"tensor": tensor.name, "offset": str(tensor.offset), "bytes": str(tensor.bytes),
                "first": str(tensor.first), "last": str(tensor.last)}
        shares = f", shares {tensor.shares}" if tensor.shares else ""
        room = int((width - 6) // CHAR_PX)
        label = (f'<text x="{number(x + 3)}" y="{number(y + 12)}">{escape(clip(tensor.name, room))}</text>'
                 if room >= 8 and h > 14 else "")  # named where the rectangle has room
        marks.append(
            f'<g class="tensor"{data_attrs(data)}><title>{escape(tensor.name)}: {tensor.bytes:,} B at '
            f'{tensor.offset:,}, nodes {tensor.first}..{tensor.last}{escape(shares)}</title>'
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" height="{number(h)}" '
            f'fill="{PALETTE[i % len(PALETTE)]}" fill-opacity="0.75" stroke="#fff"/>{label}</g>')
    bound = plan.arena_lower_bound_bytes / arena * height
    axis = (f'<text x="{number(left - 4)}" y="10" text-anchor="end">0 B</text>'
            f'<text x="{number(left - 4)}" y="{height}" text-anchor="end">{axis_label}</text>'
            f'<line class="lower-bound" data-bytes="{plan.arena_lower_bound_bytes}" x1="{number(left)}" '
            f'x2="{number(left + span)}" y1="{number(bound)}" y2="{number(bound)}" stroke="#c62828" '
            f'stroke-dasharray="4 3"/>'
            f'<text x="{number(left + span)}" y="{height + 16}" text-anchor="end">node index: 0 .. {steps - 1}</text>')
    return svg("arena-chart", left + span + 6, height + 20, axis + "".join(marks),
               {"arena": str(plan.arena_bytes)})
