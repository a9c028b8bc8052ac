"""doit entry point: `doit` builds pipeline.yaml; `doit pipeline=PATH` builds another spec.

Thin on purpose: the graph lives in ferry/engine/graph.py.
"""

import sys
from pathlib import Path

from ferry.engine import guard

guard.handle_interrupts()  # first: a Ctrl-C while the graph loads is one line too

from doit import get_var  # noqa: E402

from ferry.engine.graph import PipelineGraph, keygen_action, verify_action  # noqa: E402
from ferry.engine.registry import STAGES  # noqa: E402

# Commands that need no spec: a key is made before the spec that names it can load.
TOOLS = ("keygen", "verify")
# doit's "always execute": the tasks it runs compute their outputs, past the stage cache too.
RECOMPUTE = bool({"-a", "--always-execute"} & set(sys.argv[1:]))

guard.guard_dependency_records()
_outputs = get_var("outputs", None)
_loaded = guard.load_for_doit(Path(get_var("pipeline", "pipeline.yaml")), Path(_outputs) if _outputs else None,
                              get_var("cache", None), lock=guard.writes_outputs(sys.argv),
                              recompute=RECOMPUTE)
GRAPH: PipelineGraph | None = None if isinstance(_loaded, str) else _loaded
if isinstance(_loaded, str) and not set(TOOLS) & set(sys.argv[1:]):  # a person reads errors, not tracebacks
    print(_loaded, file=sys.stderr)
    sys.exit(guard.LOAD_ERROR_EXIT)
# with only the tools to run, their dependency records need not outlive the run

DOIT_CONFIG = GRAPH.doit_config if GRAPH else {"dep_file": ":memory:", "backend": "sqlite3", "verbosity": 0}


# Each stage's task group, defined only when the spec has tasks of it: `doit list` and the
# terminal show the stages this pipeline has, not every stage ferry knows.
def _stage_group(stage: str, doc: str):
    def task() -> object:
        yield from GRAPH.tasks(stage)
    task.__doc__ = doc
    return task


for _stage in STAGES:
    if GRAPH is not None and GRAPH.tasks(_stage.name):
        globals()[f"task_{_stage.name}"] = _stage_group(_stage.name, _stage.doc)


def task_verify():
    """Check a bundle's digests and signature: `doit verify bundle=PATH [pubkey=PATH]`."""
    return {"actions": [(verify_action, [get_var("bundle", ""), get_var("pubkey", None)])],
            "uptodate": [False], "verbosity": 2}


def task_keygen():
    """Make an Ed25519 signing key: `doit keygen key=PATH` writes PATH (0600) and PATH.pub."""
    return {"actions": [(keygen_action, [get_var("key", "")])], "uptodate": [False], "verbosity": 2}
