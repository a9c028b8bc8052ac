"""The sweep report of one model: every point on every target in a table (sweep.json, sweep.md)
and in plots of accuracy against latency, flash and energy (sweep.html), with the Pareto front
and the points that meet the budget marked.

A row is one point on one target: choosing a design means choosing both, so each front is taken
over all rows that have the figure (host targets have no simulated latency, energy or flash).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from ferry.core.errors import VerdictFailed
from ferry.core.files import write_json_atomic, write_text_atomic
from ferry.engine.contracts import Figures, StageCall, SweepFiles, SweepParams
from ferry.schemas.pipeline import Point, SweepValue
from ferry.schemas.report import Report
from ferry.schemas.simulation import format_figure
from ferry.schemas.sweep import COSTS, Cost, SweepReport, SweepRow
from ferry.stages.charts import PALETTE, SVG_STYLE, data_attrs, number, svg, text_px

COST_LABELS = {"latency_ms": "latency", "flash_bytes": "flash", "energy_uj": "energy"}
PLOT_HEIGHT = 300
PLOT_SPAN = 560  # the x axis
MARGIN_BOTTOM, MARGIN_TOP = 40, 14
DODGE = 12  # pixels between marks of different rows on one spot
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PointReport:
    """One point's report on one target, as the sweep task reads it."""

    point: str
    params: Point
    target: str
    path: Path  # its report.json
    report: Report


def pareto_front(points: list[tuple[float, float]]) -> list[bool]:
    """(accuracy, cost) pairs -> whether each is Pareto-optimal: no other pair is at least as
    accurate and at most as costly, and better in one of the two. Equal pairs are both optimal."""
    return [not any(a >= accuracy and c <= cost and (a, c) != (accuracy, cost) for a, c in points)
            for accuracy, cost in points]


def _row(entry: PointReport, out_dir: Path) -> SweepRow:
    report = entry.report
    budget = report.budget
    return SweepRow(
        point=entry.point, params=entry.params, target=entry.target,
        report=Path(os.path.relpath(entry.path, out_dir)).as_posix(),
        accuracy=report.accuracy.cpp_top1 if report.accuracy else None,
        latency_ms=report.sim.latency_ms if report.sim else None,
        energy_uj=report.sim.energy_uj if report.sim else None,
        flash_bytes=report.memory.flash_bytes, weights_bytes=report.memory.weights_bytes,
        arena_bytes=report.memory.arena_bytes, verdict=budget.verdict if budget else None,
        enforced=bool(budget and budget.enforce and budget.verdict != "none"), pareto=[])


def _point(row: SweepRow, cost: Cost) -> tuple[float, float] | None:
    """(cost, top-1) of a row that has both figures; None for a row that cannot be plotted."""
    value = getattr(row, cost)
    return None if row.accuracy is None or value is None else (value, row.accuracy)


def with_fronts(rows: list[SweepRow]) -> list[SweepRow]:
    """The rows with `pareto` naming each front (accuracy against one cost) they are on."""
    fronts: list[list[Cost]] = [[] for _ in rows]
    for cost in COSTS:
        measured = {i: point for i, row in enumerate(rows) if (point := _point(row, cost)) is not None}
        optimal = pareto_front([(accuracy, value) for value, accuracy in measured.values()])
        for i, on_front in zip(measured, optimal):
            if on_front:
                fronts[i].append(cost)
    return [row.model_copy(update={"pareto": front}) for row, front in zip(rows, fronts)]


def build_sweep_report(pipeline: str, model: str, axes: dict[str, list[SweepValue]],
                       entries: list[PointReport], out_dir: Path) -> SweepReport:
    return SweepReport(pipeline=pipeline, model=model, axes=axes,
                       rows=with_fronts([_row(entry, out_dir) for entry in entries]))


def _value(value: SweepValue) -> str:
    if isinstance(value, list):
        return " ".join(_value(item) for item in value)
    return "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _cells(report: SweepReport, row: SweepRow) -> list[str]:
    """A row's table cells as text (escaped by the HTML writer)."""
    figures = [format_figure(cost, value) if (value := getattr(row, cost)) is not None else "n/a"
               for cost in COSTS]
    return [*(_value(row.params[axis]) for axis in report.axes), row.target,
            "n/a" if row.accuracy is None else f"{row.accuracy:.4f}", *figures,
            f"{row.weights_bytes:,} B", f"{row.arena_bytes:,} B", row.verdict or "n/a",
            ", ".join(COST_LABELS[c] for c in row.pareto) or "-"]


def _head(report: SweepReport) -> list[str]:
    return [*report.axes, "target", "top-1", *(COST_LABELS[c] for c in COSTS), "weights", "arena",
            "budget", "Pareto-optimal in"]


def _summary(report: SweepReport) -> str:
    points = len({row.point for row in report.rows})
    targets = len({row.target for row in report.rows})
    passing = sum(row.verdict == "pass" for row in report.rows)
    return (f"Pipeline `{report.pipeline}`: {points} points x {targets} targets. {passing} of "
            f"{len(report.rows)} rows meet their target's budget. Top-1: the C++ on the validation "
            "labels. Pareto-optimal: no other row (any point, any target) is at least as accurate "
            "and at most as costly in that figure.")


def render_markdown(report: SweepReport) -> str:
    head = _head(report)
    lines = [f"# {report.model}: sweep", "", _summary(report), "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cells(report, row)) + " |" for row in report.rows]
    return "\n".join(lines) + "\n"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) inside [low, high], about `count` of them."""
    span = high - low
    raw = span / count if span > 0 else abs(high) or 1.0
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks: list[float] = []
    while first + len(ticks) * step <= high + step * 1e-9:
        ticks.append(round(first + len(ticks) * step, 12))
    return ticks


def _scale(values: list[float], low: float, high: float) -> tuple[float, float, Callable[[float], float]]:
    """A linear map of the values' range (padded by 5%, or by 1 when they are all equal) onto
    [low, high]; returns the padded range and the map."""
    smallest, largest = min(values), max(values)
    pad = (largest - smallest) * 0.05 or max(abs(largest) * 0.05, 1e-3)
    lo, hi = smallest - pad, largest + pad
    return lo, hi, lambda v: low + (v - lo) / (hi - lo) * (high - low)


def point_label(report: SweepReport, row: SweepRow) -> str:
    """The point's values on the sweep's axes, e.g. `0.5` or `0.5, percentile`."""
    return ", ".join(_value(row.params[axis]) for axis in report.axes)


def _dodged(at: list[tuple[float, float]], labels: list[str]) -> list[tuple[float, str]]:
    """Per mark (drawn `at` x, y) a horizontal offset and the label it carries: marks drawn on one
    spot (e.g. one library on several targets: the same flash) sit side by side instead of on top
    of one another, and the rightmost carries the spot's point labels."""
    spots: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(at):
        spots.setdefault((round(x / 6), round(y / 6)), []).append(i)
    placed = [(0.0, "")] * len(at)
    for members in spots.values():
        for rank, i in enumerate(members):
            last = rank == len(members) - 1
            text = " / ".join(dict.fromkeys(labels[m] for m in members)) if last else ""
            placed[i] = ((rank - (len(members) - 1) / 2) * DODGE, text)
    return placed


def _label(label: str, x: float, y: float, boxes: list[tuple[float, float, float, str]]) -> str:
    """A mark's point label above it; below it when another label is in the way there, and left
    out when the label in the way says the same."""
    width = text_px(label)
    for top in (y - 6, y + 15):
        clash = [b for b in boxes if abs(b[1] - top) < 11 and x < b[0] + b[2] + 4 and b[0] < x + width + 4]
        if any(b[3] == label for b in clash):
            return ""
        if not clash:
            boxes.append((x, top, width, label))
            return f'<text x="{number(x)}" y="{number(top)}">{escape(label)}</text>'
    return ""


def scatter_plot(report: SweepReport, cost: Cost) -> Markup:
    """Accuracy (up) against one cost (across): a circle per row, coloured by target, filled when
    it meets the budget, labelled with its point; the Pareto front a dashed staircase with ringed
    points; round-valued ticks on both axes."""
    plotted = [(row, point) for row in report.rows if (point := _point(row, cost)) is not None]
    if not plotted:
        return Markup('<p class="note">No row has both top-1 and {}.</p>').format(COST_LABELS[cost])
    rows, points = [row for row, _ in plotted], [point for _, point in plotted]
    costs = [value for value, _ in points]
    y_lo, y_hi, y = _scale([accuracy for _, accuracy in points], PLOT_HEIGHT - MARGIN_BOTTOM, MARGIN_TOP)
    y_ticks = nice_ticks(y_lo, y_hi)
    y_digits = max(0, -math.floor(math.log10(y_ticks[1] - y_ticks[0]))) if len(y_ticks) > 1 else 4
    y_texts = [f"{t:.{y_digits}f}" for t in y_ticks]
    left = max(text_px(t) for t in [*y_texts, "top-1"]) + 12
    x_lo, x_hi, x = _scale(costs, left + DODGE, left + PLOT_SPAN)
    x_ticks = nice_ticks(x_lo, x_hi)
    placed = _dodged([(x(value), y(accuracy)) for value, accuracy in points],
                     [point_label(report, row) for row in rows])
    right = max(max(text_px(format_figure(cost, t)) / 2 for t in x_ticks),
                max(text_px(label) for _, label in placed) + DODGE + 9) + 8
    width, bottom = left + PLOT_SPAN + right, PLOT_HEIGHT - MARGIN_BOTTOM
    targets = list(dict.fromkeys(row.target for row in report.rows))
    marks = []
    boxes: list[tuple[float, float, float, str]] = []  # labels placed so far: x, y, width, text
    for row, (value, accuracy), (dx, label) in zip(rows, points, placed):
        color = PALETTE[targets.index(row.target) % len(PALETTE)]
        on_front = cost in row.pareto
        data = {"point": row.point, "target": row.target, "accuracy": repr(row.accuracy),
                "cost": repr(getattr(row, cost)), "pareto": str(on_front).lower(),
                "pass": str(row.verdict == "pass").lower()}
        cx, cy = x(value) + dx, y(accuracy)
        ring = (f'<circle cx="{number(cx)}" cy="{number(cy)}" r="8" fill="none" stroke="#222" '
                f'stroke-width="1.5"/>' if on_front else "")
        fill = color if row.verdict == "pass" else "#fff"
        text = _label(label, cx + 9, cy, boxes)
        marks.append(f'<g class="point"{data_attrs(data)}><title>{escape(row.point)} on {escape(row.target)}: '
                     f'top-1 {row.accuracy:.4f}, {escape(format_figure(cost, getattr(row, cost)))}, '
                     f'budget {row.verdict or "n/a"}</title>{ring}<circle cx="{number(cx)}" cy="{number(cy)}" '
                     f'r="5" fill="{fill}" stroke="{color}" stroke-width="2"/>{text}</g>')
    front = sorted((getattr(r, cost), r.accuracy) for r in rows if cost in r.pareto and r.accuracy is not None)
    steps = []  # cheapest first: each next point costs more and is more accurate
    for i, (c, a) in enumerate(front):
        if i:
            steps.append(f"{number(x(c))},{number(y(front[i - 1][1]))}")
        steps.append(f"{number(x(c))},{number(y(a))}")
    line = (f'<polyline class="front" points="{" ".join(steps)}" fill="none" stroke="#222" '
            f'stroke-dasharray="4 3"/>')
    axis = [f'<line x1="{number(left)}" x2="{number(left + PLOT_SPAN)}" y1="{bottom}" y2="{bottom}" stroke="#888"/>',
            f'<line x1="{number(left)}" x2="{number(left)}" y1="{MARGIN_TOP}" y2="{bottom}" stroke="#888"/>',
            f'<text x="{number(left + PLOT_SPAN / 2)}" y="{bottom + 32}" text-anchor="middle">'
            f'{COST_LABELS[cost]}</text>',
            f'<text x="{number(left - 6)}" y="{MARGIN_TOP + 4}" text-anchor="end">top-1</text>']
    for tick in x_ticks:
        at = number(x(tick))
        axis.append(f'<g class="x-tick"><line x1="{at}" x2="{at}" y1="{bottom}" y2="{bottom + 4}" stroke="#888"/>'
                    f'<text x="{at}" y="{bottom + 16}" text-anchor="middle">'
                    f'{escape(format_figure(cost, tick))}</text></g>')
    for tick, text in zip(y_ticks, y_texts):
        at = number(y(tick))
        axis.append(f'<g class="y-tick"><line x1="{number(left - 4)}" x2="{number(left)}" y1="{at}" y2="{at}" '
                    f'stroke="#888"/><text x="{number(left - 6)}" y="{number(y(tick) + 4)}" '
                    f'text-anchor="end">{text}</text></g>')
    return svg(f"sweep-{COST_LABELS[cost]}", width, PLOT_HEIGHT, "".join(axis) + line + "".join(marks))


def render_html(report: SweepReport) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    targets = list(dict.fromkeys(row.target for row in report.rows))
    return environment.get_template("sweep.html.j2").render(
        report=report, head=_head(report), points=len({row.point for row in report.rows}),
        passing=sum(row.verdict == "pass" for row in report.rows),
        rows=[(_cells(report, row), row.report[:-len(".json")] + ".html") for row in report.rows],
        legend=[(target, PALETTE[i % len(PALETTE)]) for i, target in enumerate(targets)],
        plots=[(COST_LABELS[cost], scatter_plot(report, cost)) for cost in COSTS], svg_style=SVG_STYLE)


def run_sweep(call: StageCall[SweepParams, SweepFiles]) -> Figures:
    """The sweep stage's entry point (ferry/engine/registry.py): the points side by side in
    sweep.json, sweep.md and sweep.html; fails (after writing them) when budgets are enforced and
    no point meets one."""
    entries = [PointReport(row.point, row.params, row.target, path, Report.model_validate_json(path.read_text()))
               for row, path in zip(call.params.rows, call.files.reports)]
    result = build_sweep_report(call.pipeline, call.model.name, call.params.axes, entries, call.out_dir)
    write_json_atomic(call.out_dir / "sweep.json", result.model_dump(mode="json"))
    write_text_atomic(call.out_dir / "sweep.md", render_markdown(result))
    write_text_atomic(call.out_dir / "sweep.html", render_html(result))
    enforced = [row for row in result.rows if row.enforced]
    if enforced and not any(row.verdict == "pass" for row in enforced):
        raise VerdictFailed(f"{call.model.name}: no point of the sweep meets an enforced budget "
                            f"({len(enforced)} tried; details: {call.final_dir / 'sweep.html'})")
    return {"points": len({row.point for row in result.rows}), "rows": len(result.rows),
            "pass": sum(row.verdict == "pass" for row in result.rows),
            "pareto": sum(bool(row.pareto) for row in result.rows)}
