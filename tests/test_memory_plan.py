"""The arena planner: no two simultaneously live tensors overlap; reuse happens; the figures hold."""

from __future__ import annotations

import itertools
import random

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from ferry.stages.common.graph import GraphView
from ferry.stages.common.memory_plan import (
    ALIGNMENT,
    BufferRequest,
    lower_bound,
    plan_buffers,
    plan_greedy_by_size,
    plan_program,
)


def test_chain_reuses_memory() -> None:
    # a -> b -> c -> d: each tensor lives from its producer to its one consumer.
    requests = [BufferRequest(n, 1000, i, i + 1) for i, n in enumerate("abcd")]
    plan = plan_buffers(requests)
    assert plan.naive_bytes == 4 * 1008
    assert plan.lower_bound_bytes == 2 * 1008
    assert plan.arena_bytes == plan.greedy_bytes == 2 * 1008


def test_lower_bound_is_the_largest_live_total() -> None:
    requests = [BufferRequest("a", 100, 0, 2), BufferRequest("b", 30, 1, 1),
                BufferRequest("c", 50, 2, 3), BufferRequest("d", 500, 4, 4)]
    # step 1: a + b = 112 + 32; step 2: a + c = 112 + 64; step 4: d = 512
    assert lower_bound(requests) == 512
    assert lower_bound(requests[:3]) == 176


def test_improvement_beats_greedy_where_greedy_fragments() -> None:
    requests = [BufferRequest("t0", 48, 2, 4), BufferRequest("t1", 48, 1, 1),
                BufferRequest("t2", 64, 3, 4), BufferRequest("t3", 16, 0, 2),
                BufferRequest("t4", 32, 1, 2)]
    greedy = plan_greedy_by_size(requests)
    plan = plan_buffers(requests)
    assert greedy.arena_bytes == 144
    assert plan.arena_bytes == plan.lower_bound_bytes == 112
    assert plan.greedy_bytes == 144


def _assert_valid(requests: list[BufferRequest], offsets: dict[str, int]) -> None:
    for a, b in itertools.combinations(requests, 2):
        if a.first_use <= b.last_use and b.first_use <= a.last_use:
            a0, b0 = offsets[a.name], offsets[b.name]
            assert a0 + a.size <= b0 or b0 + b.size <= a0
    assert all(offset % ALIGNMENT == 0 for offset in offsets.values())


def test_random_plans_are_valid_and_never_above_greedy() -> None:
    rng = random.Random(7)
    improved = 0
    for _ in range(60):
        requests = []
        for i in range(20):
            first = rng.randrange(30)
            requests.append(BufferRequest(f"t{i}", rng.randrange(1, 5000), first, first + rng.randrange(6)))
        plan = plan_buffers(requests)
        _assert_valid(requests, plan.offsets)
        assert plan.lower_bound_bytes <= plan.arena_bytes <= plan.greedy_bytes <= plan.naive_bytes
        assert plan.greedy_bytes == plan_greedy_by_size(requests).arena_bytes
        improved += plan.arena_bytes < plan.greedy_bytes
    assert improved >= 10  # the search does find better plans than greedy by size


def _graph(nodes: list[onnx.NodeProto], channels: int = 4) -> GraphView:
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((channels, channels, 3, 3)).astype(np.float32), "w")
    fc = numpy_helper.from_array(rng.standard_normal((channels * 64, 10)).astype(np.float32), "fc")
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, channels, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], [w, fc])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return GraphView(onnx.shape_inference.infer_shapes(model))


def _conv(x: str, y: str) -> onnx.NodeProto:
    return helper.make_node("Conv", [x, "w"], [y], name=f"conv_{y}", pads=[1, 1, 1, 1])


def test_in_place_elementwise_and_views_share_buffers() -> None:
    graph = _graph([
        _conv("x", "a"),
        helper.make_node("Relu", ["a"], ["b"], name="relu"),  # a is not read again: in place
        _conv("b", "c"),
        helper.make_node("Add", ["b", "c"], ["d"], name="add"),  # b and c end here: in place
        helper.make_node("Flatten", ["d"], ["e"], name="flatten"),  # a view: no copy
        helper.make_node("MatMul", ["e", "fc"], ["y"], name="fc"),
    ])
    plan = plan_program(graph)
    assert plan.in_place == {1, 3} and plan.views == {4}
    tensors = plan.tensors
    assert tensors["b"].offset == tensors["a"].offset and tensors["b"].buffer == "a"
    assert tensors["d"].buffer == "a" and tensors["e"].buffer == "a"
    # two 1 KiB buffers: {a, b, d, e} and c; without sharing, five tensors of 1 KiB each
    assert plan.memory.arena_bytes == plan.memory.lower_bound_bytes == 2 * 1024
    assert plan.memory.naive_bytes == 5 * 1024


def test_no_in_place_over_a_tensor_read_later() -> None:
    graph = _graph([
        _conv("x", "a"),
        helper.make_node("Relu", ["a"], ["b"], name="relu"),  # a is read again by the Add
        helper.make_node("Add", ["a", "b"], ["d"], name="add"),
        helper.make_node("Flatten", ["d"], ["e"], name="flatten"),
        helper.make_node("MatMul", ["e", "fc"], ["y"], name="fc"),
    ])
    plan = plan_program(graph)
    assert 1 not in plan.in_place and 2 in plan.in_place
    tensors = plan.tensors
    assert tensors["a"].offset != tensors["b"].offset  # both live at the Add
    assert plan.memory.lower_bound_bytes == 2 * 1024 == plan.memory.arena_bytes
