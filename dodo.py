"""doit entry point: `doit` builds pipeline.yaml; `doit pipeline=PATH` builds another spec.

Thin on purpose: the graph lives in stages/taskgraph.py.
"""

import sys
from pathlib import Path

from doit import get_var

from stages.common.errors import FerryError
from stages.taskgraph import load_graph, verify_action

try:
    _outputs = get_var("outputs", None)
    GRAPH = load_graph(Path(get_var("pipeline", "pipeline.yaml")),
                       Path(_outputs) if _outputs else None)
except FerryError as error:  # a person reads errors, not tracebacks
    print(error, file=sys.stderr)
    sys.exit(2)

DOIT_CONFIG = GRAPH.doit_config


def task_import():
    """Check each model, fix its input shapes, fold constants and BatchNorm (imported.onnx)."""
    yield from GRAPH.tasks("import")


def task_sparsify():
    """Prune each model (magnitude, N:M or channels), refit the remaining weights (sparse.onnx)."""
    yield from GRAPH.tasks("sparsify")


def task_calibrate():
    """Run each float model over its calibration data once; save activation statistics."""
    yield from GRAPH.tasks("calibrate")


def task_quantize():
    """Quantize each model to int8 from its statistics: model.qdq.onnx and calibration.json."""
    yield from GRAPH.tasks("quantize")


def task_codegen():
    """Generate each model's C++ package (model.h, model.cpp, weights, kernels, CMake)."""
    yield from GRAPH.tasks("codegen")


def task_compile():
    """Build each package for each target: static library and host runner."""
    yield from GRAPH.tasks("compile")


def task_evaluate():
    """Run the C++ on the validation data against onnxruntime and, for int8, the golden model."""
    yield from GRAPH.tasks("evaluate")


def task_simulate():
    """Run each program on each described silicon: cycles, memory, energy per layer; the budget verdict."""
    yield from GRAPH.tasks("simulate")


def task_report():
    """Write report.json, report.md and report.html per model and target; fail when over budget."""
    yield from GRAPH.tasks("report")


def task_bundle():
    """Pack each model's package, QDQ model and reports per target into a reproducible, signed .tar.gz."""
    yield from GRAPH.tasks("bundle")


def task_sweep():
    """With a `sweep:` section: every point on every target in one table and plot (sweep.html)."""
    yield from GRAPH.tasks("sweep")


def task_verify():
    """Check a bundle's digests and signature: `doit verify bundle=PATH [pubkey=PATH]`."""
    return {"actions": [(verify_action, [get_var("bundle", ""), get_var("pubkey", None)])],
            "uptodate": [False], "verbosity": 2}
