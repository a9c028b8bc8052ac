"""The arena planner: no two simultaneously live tensors overlap; reuse happens."""

from __future__ import annotations

import itertools
import random

from stages.common.memory_plan import ALIGNMENT, BufferRequest, plan_greedy_by_size


def test_chain_reuses_memory() -> None:
    # a -> b -> c -> d: each tensor lives from its producer to its one consumer.
    requests = [BufferRequest(n, 1000, i, i + 1) for i, n in enumerate("abcd")]
    plan = plan_greedy_by_size(requests)
    assert plan.naive_bytes == 4 * 1008
    assert plan.lower_bound_bytes == 2 * 1008
    assert plan.arena_bytes == 2 * 1008


def test_random_plans_are_valid() -> None:
    rng = random.Random(7)
    for _ in range(50):
        requests = []
        for i in range(20):
            first = rng.randrange(30)
            requests.append(BufferRequest(f"t{i}", rng.randrange(1, 5000), first, first + rng.randrange(6)))
        plan = plan_greedy_by_size(requests)
        for a, b in itertools.combinations(requests, 2):
            if a.first_use <= b.last_use and b.first_use <= a.last_use:
                a0, b0 = plan.offsets[a.name], plan.offsets[b.name]
                assert a0 + a.size <= b0 or b0 + b.size <= a0
        assert all(offset % ALIGNMENT == 0 for offset in plan.offsets.values())
        assert plan.lower_bound_bytes <= plan.arena_bytes <= plan.naive_bytes
