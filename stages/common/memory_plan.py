"""Static placement of activation tensors in one arena, by lifetime (DESIGN.md principle 7).

Greedy by size, as TFLite Micro's GreedyMemoryPlanner: place the largest buffer first at the
lowest aligned offset that does not overlap a placed buffer whose lifetime overlaps its own.
"""

from __future__ import annotations

from dataclasses import dataclass

ALIGNMENT = 16


@dataclass(frozen=True)
class BufferRequest:
    name: str
    size: int  # bytes
    first_use: int  # index of the step that writes it
    last_use: int  # index of the last step that reads it


@dataclass(frozen=True)
class MemoryPlan:
    offsets: dict[str, int]
    arena_bytes: int
    lower_bound_bytes: int  # the largest total of simultaneously live buffers
    naive_bytes: int  # one buffer per tensor


def _align(value: int) -> int:
    return (value + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def _overlaps_in_time(a: BufferRequest, b: BufferRequest) -> bool:
    return a.first_use <= b.last_use and b.first_use <= a.last_use


def plan_greedy_by_size(requests: list[BufferRequest]) -> MemoryPlan:
    order = sorted(requests, key=lambda r: (-r.size, r.first_use, r.name))
    placed: list[tuple[BufferRequest, int]] = []
    offsets: dict[str, int] = {}
    for request in order:
        conflicts = sorted(
            (offset, offset + _align(other.size))
            for other, offset in placed
            if _overlaps_in_time(request, other)
        )
        candidate = 0
        for start, end in conflicts:
            if candidate + _align(request.size) <= start:
                break
            candidate = max(candidate, end)
        offsets[request.name] = candidate
        placed.append((request, candidate))
    arena = max((offsets[r.name] + _align(r.size) for r in requests), default=0)
    steps = {step for r in requests for step in (r.first_use, r.last_use)}
    lower_bound = max(
        (sum(_align(r.size) for r in requests if r.first_use <= step <= r.last_use) for step in steps),
        default=0,
    )
    naive = sum(_align(r.size) for r in requests)
    return MemoryPlan(offsets, arena, lower_bound, naive)
