"""Sweeps: the points of a spec's `sweep:` grid, their names, and which tasks each point owns.

The tasks of one model form a chain (import, the compression stages in the spec's order, codegen,
then per target compile, simulate, evaluate, report, bundle). A point owns every task from the
first one that reads a swept param onwards: those run once per point, in the point's folder
(`outputs/<pipeline>/<model>/<point>/...`, tasks `stage:model@point[@target]`). The tasks before
it read nothing that differs between points: they are the common prefix, one task and one folder
shared by all points. Sweeping only `quantize.calibration` thus shares import and calibrate (which
reads only `samples` and `histogram_bins`); sweeping `evaluate.max_samples` shares everything up to
compile and simulate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from schemas.pipeline import Point, PipelineSpec, SweepValue
from stages.common.errors import FerryError

# What a task reads of the spec when it is not all of its own stage's params.
_READS = {"calibrate": ("quantize", frozenset({"samples", "histogram_bins"}))}


@dataclass(frozen=True)
class SweepPoint:
    name: str  # folder name and task-name part, e.g. 'sparsify.sparsity-0.5+quantize.calibration-minmax'
    params: Point
    spec: PipelineSpec  # the spec with this point's params in its stages
    owned: frozenset[str]  # the task kinds this point builds itself; the others are shared

    def owns(self, task: str) -> bool:
        return task in self.owned


def task_chain(spec: PipelineSpec) -> list[str]:
    """A model's task kinds in dependency order (simulate reads compile, not evaluate, so it
    comes before evaluate: sweeping evaluate params leaves simulate shared)."""
    compression = [task for kind in spec.compression_order()
                   for task in (("calibrate", "quantize") if kind == "quantize" else (kind,))]
    return ["import", *compression, "codegen", "compile", "simulate", "evaluate", "report", "bundle"]


def _reads_swept(task: str, axes: list[str]) -> bool:
    kind, params = _READS.get(task, (task, None))
    return any(axis.partition(".")[0] == kind and (params is None or axis.partition(".")[2] in params)
               for axis in axes)


def _value_text(value: SweepValue) -> str:
    text = value if isinstance(value, str) else json.dumps(value)  # 0.5, true, null
    return re.sub(r"[^A-Za-z0-9.-]", "_", text)  # it becomes a folder name


def point_name(point: Point) -> str:
    return "+".join(f"{axis}-{_value_text(value)}" for axis, value in point.items())


def expand(spec: PipelineSpec) -> list[SweepPoint]:
    """The spec's points in grid order; empty without a sweep."""
    if not spec.sweep:
        return []
    chain = task_chain(spec)
    first = next(i for i, task in enumerate(chain) if _reads_swept(task, list(spec.sweep)))
    owned = frozenset(chain[first:])
    points = [SweepPoint(point_name(p), p, spec.at_point(p), owned) for p in spec.points()]
    names = [p.name for p in points]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise FerryError(f"sweep: values that differ only in characters outside [A-Za-z0-9.-] give the "
                         f"same folder name: {', '.join(clashes)}")
    return points
