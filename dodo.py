"""doit entry point: `doit` builds pipeline.yaml; `doit pipeline=PATH` builds another spec.

Thin on purpose: the graph lives in stages/taskgraph.py.
"""

import sys
from pathlib import Path

from doit import get_var

from stages.common.errors import FerryError
from stages.taskgraph import load_graph

try:
    _outputs = get_var("outputs", None)
    GRAPH = load_graph(Path(get_var("pipeline", "pipeline.yaml")),
                       Path(_outputs) if _outputs else None)
except FerryError as error:  # a person reads errors, not tracebacks
    print(error, file=sys.stderr)
    sys.exit(2)

DOIT_CONFIG = GRAPH.doit_config


def task_ferry():
    """Every stage of every model and target in the spec."""
    yield from GRAPH.tasks()
