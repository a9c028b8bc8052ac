"""The sweep report of one model: every point on every target in a table (sweep.json, sweep.md)
and in plots of accuracy against latency, flash and energy (sweep.html), with the Pareto front
and the points that meet the budget marked.

A row is one point on one target: choosing a design means choosing both, so each front is taken
over all rows that have the figure (host targets have no simulated latency, energy or flash).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from schemas.pipeline import Point, SweepValue
from schemas.report import Report
from schemas.simulation import format_figure
from schemas.sweep import COSTS, Cost, SweepReport, SweepRow
from stages.report_html import PALETTE, STYLE, WIDTH, data_attrs, number


COST_LABELS = {"latency_ms": "latency", "flash_bytes": "flash", "energy_uj": "energy"}
PLOT_HEIGHT = 300
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_RIGHT = 70, 40, 12, 24


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


def with_fronts(rows: list[SweepRow]) -> list[SweepRow]:
    """The rows with `pareto` naming each front (accuracy against one cost) they are on."""
    fronts: list[list[Cost]] = [[] for _ in rows]
    for cost in COSTS:
        measured = [i for i, row in enumerate(rows) if row.accuracy is not None and getattr(row, cost) is not None]
        optimal = pareto_front([(rows[i].accuracy, getattr(rows[i], cost)) for i in measured])  # type: ignore[misc]
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


def _scale(values: list[float], low: int, high: int) -> tuple[float, float, Callable[[float], float]]:
    """A linear map of the values' range (padded by 5%, or by 1 when they are all equal) onto
    [low, high]; returns the padded range and the map."""
    smallest, largest = min(values), max(values)
    pad = (largest - smallest) * 0.05 or max(abs(largest) * 0.05, 1e-3)
    lo, hi = smallest - pad, largest + pad
    return lo, hi, lambda v: low + (v - lo) / (hi - lo) * (high - low)


def scatter_plot(report: SweepReport, cost: Cost) -> str:
    """Accuracy (up) against one cost (across): a circle per row, coloured by target, filled when
    it meets the budget; the Pareto front a dashed staircase with ringed points."""
    rows = [row for row in report.rows if row.accuracy is not None and getattr(row, cost) is not None]
    if not rows:
        return f'<p class="note">No row has both top-1 and {COST_LABELS[cost]}.</p>'
    bottom = PLOT_HEIGHT - MARGIN_BOTTOM
    x_lo, x_hi, x = _scale([getattr(r, cost) for r in rows], MARGIN_LEFT, WIDTH - MARGIN_RIGHT)
    y_lo, y_hi, y = _scale([r.accuracy for r in rows], bottom, MARGIN_TOP)  # type: ignore[misc]
    targets = list(dict.fromkeys(row.target for row in report.rows))
    marks = []
    for row in rows:
        color = PALETTE[targets.index(row.target) % len(PALETTE)]
        on_front = cost in row.pareto
        data = {"point": row.point, "target": row.target, "accuracy": repr(row.accuracy),
                "cost": repr(getattr(row, cost)), "pareto": str(on_front).lower(),
                "pass": str(row.verdict == "pass").lower()}
        cx, cy = number(x(getattr(row, cost))), number(y(row.accuracy))
        ring = f'<circle cx="{cx}" cy="{cy}" r="8" fill="none" stroke="#222" stroke-width="1.5"/>' if on_front else ""
        fill = color if row.verdict == "pass" else "#fff"
        marks.append(f'<g class="point"{data_attrs(data)}><title>{escape(row.point)} on {escape(row.target)}: '
                     f'top-1 {row.accuracy:.4f}, {escape(format_figure(cost, getattr(row, cost)))}, '
                     f'budget {row.verdict or "n/a"}</title>{ring}<circle cx="{cx}" cy="{cy}" r="5" '
                     f'fill="{fill}" stroke="{color}" stroke-width="2"/></g>')
    front = sorted((getattr(r, cost), r.accuracy) for r in rows if cost in r.pareto)
    steps = []  # cheapest first: each next point costs more and is more accurate
    for i, (c, a) in enumerate(front):
        if i:
            steps.append(f"{number(x(c))},{number(y(front[i - 1][1]))}")
        steps.append(f"{number(x(c))},{number(y(a))}")
    line = (f'<polyline class="front" points="{" ".join(steps)}" fill="none" stroke="#222" '
            f'stroke-dasharray="4 3"/>')
    axis = (f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#888"/>'
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT}" y1="{MARGIN_TOP}" y2="{bottom}" stroke="#888"/>'
            f'<text x="{MARGIN_LEFT}" y="{bottom + 16}">{escape(format_figure(cost, x_lo))}</text>'
            f'<text x="{WIDTH - MARGIN_RIGHT}" y="{bottom + 16}" text-anchor="end">'
            f'{escape(format_figure(cost, x_hi))}</text>'
            f'<text x="{(MARGIN_LEFT + WIDTH - MARGIN_RIGHT) // 2}" y="{bottom + 32}" text-anchor="middle">'
            f'{COST_LABELS[cost]}</text>'
            f'<text x="{MARGIN_LEFT - 6}" y="{bottom}" text-anchor="end">{y_lo:.4f}</text>'
            f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 10}" text-anchor="end">{y_hi:.4f}</text>'
            f'<text x="{MARGIN_LEFT - 6}" y="{(MARGIN_TOP + bottom) // 2}" text-anchor="end">top-1</text>')
    return (f'<svg id="sweep-{COST_LABELS[cost]}" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{PLOT_HEIGHT}" role="img">{axis}{line}{"".join(marks)}</svg>')


def _legend(report: SweepReport) -> str:
    targets = list(dict.fromkeys(row.target for row in report.rows))
    swatches = "".join(f'<span style="color:{PALETTE[i % len(PALETTE)]}">&#9679;</span> {escape(t)} '
                       for i, t in enumerate(targets))
    return (f"<p>{swatches}<br>Filled: meets the budget; hollow: fails it or has none. Ringed and joined "
            "by the dashed line: the Pareto front.</p>")


def render_html(report: SweepReport) -> str:
    title = f"{report.model}: sweep"
    head = "".join(f"<th>{escape(h)}</th>" for h in _head(report))
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _cells(report, row))
        + f'<td><a href="{escape(row.report[:-len(".json")] + ".html")}">report</a></td></tr>'
        for row in report.rows)
    body = [f"<h1>{escape(title)}</h1>", f"<p>{escape(_summary(report))}</p>",
            f"<table><tr>{head}<th></th></tr>{rows}</table>", "<h2>Accuracy against cost</h2>",
            _legend(report)]
    for cost in COSTS:
        body += [f"<h2>Top-1 against {COST_LABELS[cost]}</h2>", scatter_plot(report, cost)]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
