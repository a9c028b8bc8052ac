"""Sweeps: the points of a spec's `sweep:` grid, their names, and where each task of a point lives.

The tasks of one model form a chain (import, the compression stages in the spec's order, codegen,
then per target compile, simulate, evaluate, report, bundle). A task depends on the swept params
it reads and on those every task before it reads: only those name its folder
(`outputs/<pipeline>/<model>/<scope>/...`) and its task (`stage:model@scope[@target]`), so points
that agree on them share the task. Tasks that depend on no swept param are the common prefix, in
the usual folders. Sweeping `sparsify.sparsity` x `evaluate.max_samples` thus runs sparsify to
compile once per sparsity (`sparsify.sparsity-0.5/...`) and evaluate and report once per point
(`sparsify.sparsity-0.5+evaluate.max_samples-100/...`); sweeping only `quantize.calibration`
shares import and calibrate (which reads only `samples` and `histogram_bins`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ferry.core.errors import FerryError
from ferry.engine.registry import STAGES, StageDeclaration
from ferry.schemas.pipeline import COMPRESSION, PipelineSpec, Point, SweepValue

MAX_NAME = 200  # a folder name; file systems stop at 255 bytes


@dataclass(frozen=True)
class SweepPoint:
    name: str  # the whole point, e.g. 'sparsify.sparsity-0.5+quantize.calibration-minmax'
    params: Point
    spec: PipelineSpec  # the spec with this point's params in its stages
    scopes: dict[str, str]  # task kind -> the part of the point it depends on; absent: shared

    def scope(self, task: str) -> str | None:
        return self.scopes.get(task)


def task_chain(spec: PipelineSpec) -> list[StageDeclaration]:
    """A model's stages in dependency order (the registry's), the compression stages in the
    order the spec lists them, those the spec lacks left out."""
    order = spec.compression_order()
    chain = [stage for stage in STAGES if stage.per != "points"
             and (stage.reads not in COMPRESSION or stage.reads in order)]
    first = next((i for i, stage in enumerate(chain) if stage.reads in COMPRESSION), len(chain))
    compression = sorted((s for s in chain if s.reads in COMPRESSION), key=lambda s: order.index(s.reads or ""))
    rest = [s for s in chain if s.reads not in COMPRESSION]
    return rest[:first] + compression + rest[first:]


def _scopes(chain: list[StageDeclaration], point: Point) -> dict[str, str]:
    """Each task kind's scope: the point restricted to the axes read by it or by a task before it."""
    scopes: dict[str, str] = {}
    read: set[str] = set()
    for stage in chain:
        read |= {axis for axis in point if stage.reads_param(axis)}
        if read:
            scopes[stage.name] = point_name({axis: value for axis, value in point.items() if axis in read})
    return scopes


def _value_text(value: SweepValue) -> str:
    """The value as a folder-name part: other characters than [A-Za-z0-9.-] as _XX (hex), so
    that different values never give the same name; a list (of a list param) comma-separated."""
    if isinstance(value, list):
        return ",".join(_value_text(item) for item in value)
    text = value if isinstance(value, str) else json.dumps(value)  # 0.5, true, null
    return re.sub(r"[^A-Za-z0-9.-]", lambda m: "".join(f"_{b:02X}" for b in m[0].encode()), text)


def point_name(point: Point) -> str:
    return "+".join(f"{axis}-{_value_text(value)}" for axis, value in point.items())


def expand(spec: PipelineSpec) -> list[SweepPoint]:
    """The spec's points in grid order; empty without a sweep."""
    chain = task_chain(spec)
    points = [SweepPoint(point_name(p), p, spec.at_point(p), _scopes(chain, p)) for p in spec.points()]
    longest = max((p.name for p in points), key=len, default="")
    if len(longest) > MAX_NAME:
        raise FerryError(f"sweep: the point {longest} names a folder of {len(longest)} characters (at most "
                         f"{MAX_NAME}): sweep fewer params at once")
    return points
