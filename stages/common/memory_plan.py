"""Static placement of activation tensors in one arena, by lifetime (docs/design.md, principle 7).

Three steps, each checkable on its own:

1. Buffers. Every computed tensor that is not a model input, output or constant needs arena space
   from the step that writes it to the last step that reads it. Two kinds of node let tensors share
   a buffer: views (Reshape, Flatten, Squeeze, Unsqueeze keep the bytes in order, so the output
   *is* the input and codegen emits no copy), and elementwise ops whose kernels compute y[i] from
   the i-th element of a same-shaped input only, which may then write over that input when no
   later step reads it (in place).
2. Placement. Greedy by size, as TFLite Micro's GreedyMemoryPlanner (largest buffer first, at the
   lowest offset clear of every placed buffer whose lifetime overlaps), is the baseline. Several
   other placement orders, first- and best-fit, and then a seeded local search over the order
   (swap two buffers, keep the swap unless the arena grows) improve on it; the best plan wins, so
   the result is never above the baseline.
3. Figures. The lower bound is the largest aligned total of simultaneously live buffers: no
   placement of these buffers can use less. The naive plan gives every tensor its own buffer.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ferry.stages.common.graph import GraphView

ALIGNMENT = 16
SEARCH_SEED = 0
SEARCH_STEPS_PER_BUFFER = 40  # local search budget: steps = this x buffers, capped below
SEARCH_STEPS_MAX = 4000

# Same bytes in the same order: the output aliases the input and no code runs.
VIEW_OPS = frozenset({"Reshape", "Flatten", "Squeeze", "Unsqueeze"})
# Kernels (kernels/ferry_elementwise.h, ferry_int8.h) that read x[i] of every same-shaped operand
# before writing y[i] and read nothing else of it: the output may take such an input's buffer.
IN_PLACE_OPS = frozenset({
    "Relu", "Clip", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish",
    "Add", "Sub", "Mul", "Div", "QAdd", "QMul", "QLookup",
})


@dataclass(frozen=True)
class BufferRequest:
    name: str
    size: int  # bytes
    first_use: int  # index of the step that writes it
    last_use: int  # index of the last step that reads it


@dataclass(frozen=True)
class MemoryPlan:
    offsets: dict[str, int]  # buffer name -> byte offset in the arena
    arena_bytes: int
    lower_bound_bytes: int  # the largest total of simultaneously live buffers
    naive_bytes: int  # one buffer per tensor
    greedy_bytes: int  # the greedy-by-size baseline on the same buffers


def aligned(size: int) -> int:
    return (size + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def _overlaps_in_time(a: BufferRequest, b: BufferRequest) -> bool:
    return a.first_use <= b.last_use and b.first_use <= a.last_use


def lower_bound(requests: Sequence[BufferRequest]) -> int:
    """The largest aligned total of buffers live at one step (the peak is at some buffer's start)."""
    starts = {r.first_use for r in requests}
    return max((sum(aligned(r.size) for r in requests if r.first_use <= step <= r.last_use)
                for step in starts), default=0)


class _Placer:
    """Places buffers in a given order; each at the lowest (first fit) or tightest (best fit) gap
    between the buffers already placed that overlap it in time."""

    def __init__(self, requests: Sequence[BufferRequest]) -> None:
        self.requests = list(requests)
        self.sizes = [aligned(r.size) for r in self.requests]
        self.conflicts = [[j for j, other in enumerate(self.requests)
                           if j != i and _overlaps_in_time(r, other)]
                          for i, r in enumerate(self.requests)]

    def place(self, order: Sequence[int], best_fit: bool) -> tuple[list[int], int]:
        offsets = [-1] * len(self.requests)
        for i in order:
            size = self.sizes[i]
            busy = sorted((offsets[j], offsets[j] + self.sizes[j])
                          for j in self.conflicts[i] if offsets[j] >= 0)
            chosen, tightest, top = -1, None, 0
            for start, end in busy:
                gap = start - top
                if gap >= size:
                    if not best_fit:
                        chosen = top
                        break
                    if tightest is None or gap < tightest:
                        chosen, tightest = top, gap
                top = max(top, end)
            offsets[i] = chosen if chosen >= 0 else top
        arena = max((o + s for o, s in zip(offsets, self.sizes)), default=0)
        return offsets, arena


def _by(key: Callable[[BufferRequest], tuple]) -> Callable[[list[BufferRequest]], list[int]]:
    return lambda requests: sorted(range(len(requests)), key=lambda i: (*key(requests[i]), requests[i].name))


# Placement orders tried before the local search; the first is the greedy-by-size baseline.
_ORDERS = (
    _by(lambda r: (-r.size, r.first_use)),
    _by(lambda r: (-(r.last_use - r.first_use), -r.size)),
    _by(lambda r: (-r.size * (r.last_use - r.first_use + 1),)),
    _by(lambda r: (r.first_use, -r.size)),
)


def plan_greedy_by_size(requests: Sequence[BufferRequest]) -> MemoryPlan:
    """The baseline alone: largest first, lowest offset."""
    placer = _Placer(requests)
    offsets, arena = placer.place(_ORDERS[0](placer.requests), best_fit=False)
    return _plan(placer.requests, offsets, arena, arena)


def plan_buffers(requests: Sequence[BufferRequest], naive_bytes: int | None = None) -> MemoryPlan:
    """The best plan found: never above greedy by size, stopping early at the lower bound."""
    placer = _Placer(requests)
    bound = lower_bound(placer.requests)
    order = _ORDERS[0](placer.requests)
    offsets, greedy = placer.place(order, best_fit=False)
    best = (greedy, order, offsets)
    for make_order in _ORDERS:
        for best_fit in (False, True):
            if best[0] <= bound:
                break
            candidate = make_order(placer.requests)
            placed, arena = placer.place(candidate, best_fit)
            if arena < best[0]:
                best = (arena, candidate, placed)
    best = _local_search(placer, best, bound)
    return _plan(placer.requests, best[2], best[0], greedy, naive_bytes)


def _local_search(placer: _Placer, start: tuple[int, list[int], list[int]],
                  bound: int) -> tuple[int, list[int], list[int]]:
    """Swap two buffers of the placement order; keep the swap unless the arena grows (sideways
    moves let it cross plateaus). Seeded, so the same buffers always give the same plan."""
    arena, order, offsets = start
    count = len(order)
    if count < 2:
        return start
    rng = random.Random(SEARCH_SEED)
    order = list(order)
    best = (arena, list(order), offsets)
    for _ in range(min(SEARCH_STEPS_MAX, SEARCH_STEPS_PER_BUFFER * count)):
        if best[0] <= bound:
            break
        i, j = rng.sample(range(count), 2)
        order[i], order[j] = order[j], order[i]
        placed, size = placer.place(order, best_fit=False)
        if size <= arena:
            arena = size
            if size < best[0]:
                best = (size, list(order), placed)
        else:
            order[i], order[j] = order[j], order[i]
    return best


def _plan(requests: list[BufferRequest], offsets: list[int], arena: int, greedy: int,
          naive_bytes: int | None = None) -> MemoryPlan:
    return MemoryPlan(
        offsets={r.name: o for r, o in zip(requests, offsets)},
        arena_bytes=arena,
        lower_bound_bytes=lower_bound(requests),
        naive_bytes=naive_bytes if naive_bytes is not None else sum(aligned(r.size) for r in requests),
        greedy_bytes=greedy,
    )


# -- a program's tensors ----------------------------------------------------------------------


@dataclass(frozen=True)
class TensorPlacement:
    name: str
    size: int  # bytes
    first_use: int  # node index that writes it
    last_use: int  # last node index that reads it
    buffer: str  # the tensor whose buffer it occupies: itself, or the one it shares
    offset: int


@dataclass(frozen=True)
class ProgramPlan:
    tensors: dict[str, TensorPlacement]  # arena tensors, in order of production
    views: frozenset[int]  # node indexes whose output is their input (no code)
    in_place: frozenset[int]  # node indexes that write over an input
    memory: MemoryPlan


class _Groups:
    """Tensors sharing one buffer (union by the first member), with their last use."""

    def __init__(self, last_use: dict[str, int]) -> None:
        self.root: dict[str, str] = {}
        self.last: dict[str, int] = {}
        self._last_use = last_use

    def add(self, name: str) -> None:
        self.root[name] = name
        self.last[name] = self._last_use[name]

    def join(self, member: str, buffer: str) -> None:
        root = self.root[buffer]
        self.root[member] = root
        self.last[root] = max(self.last[root], self._last_use[member])


def _uses(graph: GraphView) -> tuple[dict[str, int], dict[str, int]]:
    first_use: dict[str, int] = {}
    last_use: dict[str, int] = {}
    for index, node in enumerate(graph.nodes):
        for name in node.input:
            last_use[name] = index
        for name in node.output:
            if name:
                first_use.setdefault(name, index)
    return first_use, {name: max(last_use.get(name, first), first) for name, first in first_use.items()}


def _in_place_input(graph: GraphView, index: int, groups: _Groups) -> str | None:
    """The input node `index` may overwrite: in the arena, shaped as the output, read by no later
    step (nor is any tensor sharing its buffer), and every other input sharing that buffer read
    element for element too."""
    node = graph.nodes[index]
    output = graph.tensor(node.output[0])
    inputs = [name for name in node.input if name in groups.root]
    for name in inputs:
        info = graph.tensor(name)
        if info.shape != output.shape or info.dtype.itemsize != output.dtype.itemsize:
            continue
        root = groups.root[name]
        if groups.last[root] != index:
            continue
        if all(graph.tensor(other).shape == output.shape for other in inputs
               if groups.root[other] == root):
            return name
    return None


def plan_program(graph: GraphView, scratch: dict[str, tuple[int, int]] | None = None) -> ProgramPlan:
    """Buffers for every arena tensor of a graph (step 1), placed (step 2), with the figures (3).
    `scratch`: kernel working buffers, name -> (bytes, the index of the one node they live in);
    their offsets are in the plan's `memory.offsets`."""
    first_use, last_use = _uses(graph)
    external = set(graph.inputs) | set(graph.outputs) | set(graph.constants)
    groups = _Groups(last_use)
    views, in_place = set(), set()
    for index, node in enumerate(graph.nodes):
        outputs = [name for name in node.output if name and name not in external]
        for name in outputs:
            groups.add(name)
        if len(node.output) != 1 or not outputs:
            continue
        output = outputs[0]
        if node.op_type in VIEW_OPS and node.input[0] in groups.root:
            groups.join(output, node.input[0])
            views.add(index)
        elif node.op_type in IN_PLACE_OPS:
            shared = _in_place_input(graph, index, groups)
            if shared is not None:
                groups.join(output, shared)
                in_place.add(index)
    members: dict[str, list[str]] = {}
    for name, root in groups.root.items():
        members.setdefault(root, []).append(name)
    requests = [
        BufferRequest(root, max(graph.tensor(n).nbytes for n in names),
                      min(first_use[n] for n in names), max(last_use[n] for n in names))
        for root, names in members.items()
    ]
    requests += [BufferRequest(name, size, index, index) for name, (size, index) in (scratch or {}).items()]
    naive = (sum(aligned(graph.tensor(name).nbytes) for name in groups.root)
             + sum(aligned(size) for size, _ in (scratch or {}).values()))
    memory = plan_buffers(requests, naive)
    tensors = {
        name: TensorPlacement(name, graph.tensor(name).nbytes, first_use[name], last_use[name],
                              root, memory.offsets[root])
        for name, root in groups.root.items()
    }
    return ProgramPlan(tensors, frozenset(views), frozenset(in_place), memory)
