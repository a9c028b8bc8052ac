"""The engine split from the stages: no import cycle among ferry's modules, the layers import only
downwards, and the stage registry agrees with the spec's stages and with each stage's entry point."""

from __future__ import annotations

import ast
import json
import os
import typing
from pathlib import Path
from types import SimpleNamespace

import pytest

import ferry
from ferry.engine.contracts import StageCall
from ferry.engine.registry import BY_NAME, STAGES
from ferry.engine.sweep import task_chain
from ferry.schemas.pipeline import COMPRESSION, STAGE_ORDER, PipelineSpec, Stage

PACKAGE = Path(ferry.__file__).parent


def _modules() -> dict[str, Path]:
    """Every module of the installed package, by dotted name (stages/, schemas/ and targets/ come
    in through the package's links to them)."""
    modules = {}
    files = [Path(folder, name) for folder, _, names in os.walk(PACKAGE, followlinks=True) for name in names]
    for path in sorted(f for f in files if f.suffix == ".py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("ferry", *parts[:-1])) if parts[-1] == "__init__" else ".".join(("ferry", *parts))
        modules[name] = path
    return modules


def _imported(tree: ast.Module, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The ferry modules a module imports, anywhere in it (module level, functions, TYPE_CHECKING).
    `from a import b` names the module a.b when there is one, else a; a parent package that
    Python imports on the way is not counted (every package would otherwise import its children)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imported(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known)
            - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path from the component's first module back to itself, staying inside the component."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for successor in sorted(graph[node] & component):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                frontier.append(successor)
    raise AssertionError(f"no cycle through {start}")


def test_no_import_cycle() -> None:
    cycles = _cycles(_import_graph())
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert _cycles(graph) == [["a", "b", "c", "a"], ["e", "e2", "e"]]
    tree = ast.parse("import ferry.engine.graph\ndef f():\n    from ferry.engine import runner\n"
                     "from . import sweep\nfrom ferry.core.errors import FerryError\n")
    known = {"ferry.engine.graph", "ferry.engine.runner", "ferry.engine.sweep", "ferry.core.errors", "ferry.engine"}
    assert _imported(tree, "ferry.engine.cache", False, known) == {
        "ferry.engine.graph", "ferry.engine.runner", "ferry.engine.sweep", "ferry.core.errors"}


def _importing(prefix: str) -> dict[str, set[str]]:
    return {name: imports for name, imports in _import_graph().items()
            if name == prefix or name.startswith(prefix + ".")}


def _outside(imports: set[str], allowed: tuple[str, ...]) -> set[str]:
    return {name for name in imports if not any(name == a or name.startswith(a + ".") for a in allowed)}


@pytest.mark.parametrize("layer, allowed", [
    ("ferry.core", ("ferry.core",)),
    ("ferry.targets", ("ferry.targets",)),  # the presets: package data and the lookup of a name
    ("ferry.schemas", ("ferry.core", "ferry.targets", "ferry.schemas")),  # a spec names presets
    ("ferry.toolchain", ("ferry.core", "ferry.schemas", "ferry.stages.common", "ferry.toolchain")),
    ("ferry.stages.common", ("ferry.core", "ferry.schemas", "ferry.stages.common")),
])
def test_a_layer_imports_only_the_layers_below(layer: str, allowed: tuple[str, ...]) -> None:
    wrong = {name: sorted(_outside(imports, allowed)) for name, imports in _importing(layer).items()}
    assert not {name: found for name, found in wrong.items() if found}


def test_stages_know_only_the_engine_contract() -> None:
    """Stage code sees the engine through ferry/engine/contracts.py alone; the runner reaches the
    stages only through the registry's entry points, so it imports none of them."""
    wrong = {name: sorted(n for n in imports if n.startswith("ferry.engine") and n != "ferry.engine.contracts")
             for name, imports in _importing("ferry.stages").items()}
    assert not {name: found for name, found in wrong.items() if found}
    assert not {n for n in _import_graph()["ferry.engine.runner"] if n.startswith("ferry.stages")}
    assert not {n for n in _import_graph()["ferry.engine.registry"] if n.startswith("ferry.stages")}


def test_the_registry_covers_the_spec_stages_in_their_order() -> None:
    """The spec's stage kinds (the discriminated union in ferry/schemas/pipeline.py) are the ones
    the registry's stages read, and the registry lists them in the spec's order."""
    union = typing.get_args(typing.get_args(Stage)[0])
    kinds = {typing.get_args(model.model_fields["kind"].annotation)[0]: model for model in union}
    read = [stage.reads for stage in STAGES if stage.reads]
    assert set(read) == set(kinds)
    ranks = [next(i for i, entry in enumerate(STAGE_ORDER) if kind == entry or kind in entry) for kind in read]
    assert ranks == sorted(ranks)
    for stage in STAGES:  # a stage given the spec's model reads exactly that stage's params
        if stage.params in union:
            assert stage.reads == typing.get_args(stage.params.model_fields["kind"].annotation)[0]
    for name in ("calibrate", "evaluate"):  # settings the graph copies from the spec's stage
        fields, spec = BY_NAME[name].params.model_fields, kinds[BY_NAME[name].reads].model_fields
        assert fields.keys() <= spec.keys()
        optional_here = ("embedded_samples", "profile_samples")  # None where the target cannot use them
        assert all(spec[field].annotation == fields[field].annotation for field in fields if field not in optional_here)


@pytest.mark.parametrize("stage", STAGES, ids=lambda stage: stage.name)
def test_each_entry_point_takes_the_declared_contract(stage) -> None:
    """The entry point the registry names exists and is typed with the stage's params and files."""
    entry = stage.entry()
    hints = typing.get_type_hints(entry)
    call = hints[next(iter(entry.__code__.co_varnames))]
    assert typing.get_origin(call) is StageCall
    assert typing.get_args(call) == (stage.params, stage.files)
    assert hints["return"] == dict[str, float | int | str | None]


def test_the_sweep_chain_follows_the_registry_and_the_spec() -> None:
    def chain(*kinds: str) -> list[str]:
        spec = PipelineSpec.model_construct(stages=[SimpleNamespace(kind=kind) for kind in kinds])
        return [stage.name for stage in task_chain(spec)]

    tail = ["codegen", "compile", "simulate", "evaluate", "report", "bundle"]
    assert chain("import", "quantize", "sparsify") == ["intake", "import", "calibrate", "quantize", "sparsify", *tail]
    assert chain("import", "sparsify", "quantize") == ["intake", "import", "sparsify", "calibrate", "quantize", *tail]
    assert chain("import") == ["intake", "import", *tail]
    assert [stage.name for stage in STAGES if stage.reads in COMPRESSION] == ["sparsify", "calibrate", "quantize"]


def test_runner_needs_no_doit() -> None:
    """doit is one executor: the runner imports none of it (ferry/engine/doit_actions.py adapts)."""
    tree = ast.parse((PACKAGE / "engine" / "runner.py").read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m.split(".")[0] == "doit"}


def test_another_executor_runs_the_graph_through_run_stage(tiny_project: Path) -> None:
    """The simplest executor there is: the graph's calls in order, each through run_stage in this
    process, no doit. It builds what doit builds; a second pass restores every cached stage."""
    from ferry.engine.graph import load_graph
    from ferry.engine.registry import BY_NAME
    from ferry.engine.runner import StageOutcome, run_stage

    graph = load_graph(tiny_project / "pipeline.yaml", cache=str(tiny_project / "cache"))
    calls = graph.calls()
    assert [c.stage for c in calls if c.model.name == "a"] == ["import", "codegen", "compile", "evaluate", "report"]
    assert [run_stage(call) for call in calls] == [StageOutcome()] * len(calls)
    report = json.loads((tiny_project / "outputs" / "tiny" / "a" / "host" / "report.json").read_text())
    assert report["compare"]["samples"] == 6 and report["compare"]["fp32"]["max_abs_err"] < 1e-4
    again = [run_stage(call) for call in load_graph(tiny_project / "pipeline.yaml",
                                                    cache=str(tiny_project / "cache")).calls()]
    assert [outcome.restored for outcome in again] == [BY_NAME[c.stage].uncached is None for c in calls]


def test_a_failed_comparison_publishes_the_details_it_names(tiny_project: Path) -> None:
    """A comparison beyond tolerance is a verdict on complete outputs: compare.json is published where
    the message says; the stage after it, whose input is missing, fails in one line, no traceback."""
    from ferry.engine.graph import load_graph
    from ferry.engine.runner import StageOutcome, run_stage

    spec = tiny_project / "pipeline.yaml"
    tight = "  - kind: evaluate\n    range_tolerance: 1.0e-12\n    relative_tolerance: 1.0e-12\n"
    spec.write_text(spec.read_text().replace("  - kind: evaluate\n", tight))
    calls = [c for c in load_graph(spec, cache="off").calls() if c.model.name == "a"]
    outcomes = {call.stage: run_stage(call) for call in calls}
    assert [outcomes[s] for s in ("import", "codegen", "compile")] == [StageOutcome()] * 3
    failure = outcomes["evaluate"].failure or ""
    details = tiny_project / "outputs" / "tiny" / "a" / "host" / "evaluate" / "compare.json"
    assert failure.startswith("a: the C++ differs from onnxruntime beyond range_tolerance 1e-12")
    assert failure.endswith(f"(details: {details})")
    compare = json.loads(details.read_text())
    assert compare["within_tolerance"] is False and compare["fp32"]["max_abs_err"] > 1e-12
    assert outcomes["report"].failure == f"report a: {details.parent / 'stage.json'}: No such file or directory"


def test_a_changed_kernel_header_reruns_codegen_only(tiny_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel headers are codegen's input as much as the model: their digest is in its config,
    so that a kernel change within one codegen version re-runs codegen (doit's config check) and
    misses the stage cache (the config is part of its key, ferry/engine/runner.py task_key); the
    stages after it follow their inputs, the package."""
    from ferry.engine.graph import load_graph
    from ferry.stages.common import layout

    def configs() -> dict[str, dict[str, typing.Any]]:
        tasks = load_graph(tiny_project / "pipeline.yaml", cache="off")._all_tasks
        return {f"{task['meta']['stage']}:{task['name']}": task["actions"][0][1][0].config for task in tasks}

    before = configs()
    assert before["codegen:a"]["kernels"] == layout.kernels_digest()
    assert all("kernels" not in config for name, config in before.items() if not name.startswith("codegen:"))
    monkeypatch.setattr(layout, "kernels_digest", lambda: "0" * 64)
    after = configs()
    assert {name for name in before if before[name] != after[name]} == {"codegen:a", "codegen:b"}
