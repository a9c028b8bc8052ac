"""sweep.json: one model's sweep points on every target, side by side (stages/sweep_report.py)."""

from __future__ import annotations

from typing import Literal

from ferry.schemas.artifacts import Contract
from ferry.schemas.pipeline import SweepValue

# The costs a point is weighed by against its accuracy (the names of the budget items).
Cost = Literal["latency_ms", "flash_bytes", "energy_uj"]
COSTS: tuple[Cost, ...] = ("latency_ms", "flash_bytes", "energy_uj")


class SweepRow(Contract):
    """One point on one target, its figures read from that point's report.json."""

    point: str  # the point's folder name
    params: dict[str, SweepValue]  # axis -> value
    target: str
    report: str  # its report.json, relative to the sweep folder
    accuracy: float | None  # top-1 of the C++ (int8 when quantized) on the validation labels
    latency_ms: float | None  # simulated targets only
    energy_uj: float | None
    flash_bytes: int | None  # weights and code, measured on the compiled library
    weights_bytes: int
    arena_bytes: int
    verdict: Literal["pass", "fail", "none"] | None  # None: no silicon described, no budget
    enforced: bool  # a failing verdict would fail the build outside a sweep
    pareto: list[Cost]  # the fronts it is on: no other row is at least as accurate and cheaper


class SweepReport(Contract):
    pipeline: str
    model: str
    axes: dict[str, list[SweepValue]]
    rows: list[SweepRow]  # points in grid order, each on the targets in the spec's order
