"""doit entry point: `doit` builds pipeline.yaml; `doit pipeline=PATH` builds another spec.

Thin on purpose: the graph lives in stages/taskgraph.py.
"""

import sys
from pathlib import Path

from stages import guard

guard.handle_interrupts()  # first: a Ctrl-C while the graph loads is one line too

from doit import get_var  # noqa: E402

from stages.taskgraph import PipelineGraph, keygen_action, verify_action  # noqa: E402

# Commands that need no spec: a key is made before the spec that names it can load.
TOOLS = ("keygen", "verify")

guard.guard_dependency_records()
_outputs = get_var("outputs", None)
_loaded = guard.load_for_doit(Path(get_var("pipeline", "pipeline.yaml")), Path(_outputs) if _outputs else None,
                              get_var("cache", None), lock=guard.writes_outputs(sys.argv))
GRAPH: PipelineGraph | None = None if isinstance(_loaded, str) else _loaded
if isinstance(_loaded, str) and not set(TOOLS) & set(sys.argv[1:]):  # a person reads errors, not tracebacks
    print(_loaded, file=sys.stderr)
    sys.exit(guard.LOAD_ERROR_EXIT)
# with only the tools to run, their dependency records need not outlive the run

DOIT_CONFIG = GRAPH.doit_config if GRAPH else {"dep_file": ":memory:", "backend": "sqlite3", "verbosity": 0}


def _tasks(stage: str) -> list[dict]:
    return GRAPH.tasks(stage) if GRAPH else []


def task_intake():
    """Verify each bundle a model names (signature, digests, admission rules); extract it afresh."""
    yield from _tasks("intake")


def task_import():
    """Check each model, fix its input shapes, fold constants and BatchNorm (imported.onnx)."""
    yield from _tasks("import")


def task_sparsify():
    """Prune each model (magnitude, N:M or channels), refit the remaining weights (sparse.onnx)."""
    yield from _tasks("sparsify")


def task_calibrate():
    """Run each float model over its calibration data once; save activation statistics."""
    yield from _tasks("calibrate")


def task_quantize():
    """Quantize each model to int8 from its statistics: model.qdq.onnx and calibration.json."""
    yield from _tasks("quantize")


def task_codegen():
    """Generate each model's C++ package (model.h, model.cpp, weights, kernels, CMake)."""
    yield from _tasks("codegen")


def task_compile():
    """Build each package for each target: static library and host runner."""
    yield from _tasks("compile")


def task_evaluate():
    """Run the C++ on the validation data against onnxruntime and, for int8, the golden model."""
    yield from _tasks("evaluate")


def task_simulate():
    """Run each program on each described silicon: cycles, memory, energy per layer; the budget verdict."""
    yield from _tasks("simulate")


def task_report():
    """Write report.json, report.md and report.html per model and target; fail when over budget."""
    yield from _tasks("report")


def task_bundle():
    """Pack each model's package, QDQ model and reports per target into a reproducible, signed .tar.gz."""
    yield from _tasks("bundle")


def task_sweep():
    """With a `sweep:` section: every point on every target in one table and plot (sweep.html)."""
    yield from _tasks("sweep")


def task_verify():
    """Check a bundle's digests and signature: `doit verify bundle=PATH [pubkey=PATH]`."""
    return {"actions": [(verify_action, [get_var("bundle", ""), get_var("pubkey", None)])],
            "uptodate": [False], "verbosity": 2}


def task_keygen():
    """Make an Ed25519 signing key: `doit keygen key=PATH` writes PATH (0600) and PATH.pub."""
    return {"actions": [(keygen_action, [get_var("key", "")])], "uptodate": [False], "verbosity": 2}
