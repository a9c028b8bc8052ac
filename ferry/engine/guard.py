"""The doit process as a person sees it: one build at a time per outputs folder, and Ctrl-C or a
file-system error in doit's own machinery as one line, never a traceback.

dodo.py and the `ferry` command (ferry/cli.py) import it first, so that its handlers are in place
before anything slow is imported; both load the spec's graph and its doit tasks through it.
"""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ferry.core.errors import FerryError, describe_os_error
from ferry.engine.lock import LOCK_FILE as LOCK_FILE  # where dodo.py, ferry/cli.py and tests find them
from ferry.engine.lock import lock_outputs as lock_outputs
from ferry.engine.lock import release_lock as release_lock

if TYPE_CHECKING:
    from ferry.engine.graph import PipelineGraph

# doit commands that only read the outputs folder: they take no lock, so `doit list` works
# while a build runs.
READ_ONLY_COMMANDS = frozenset({"list", "info", "help", "dumpdb", "tabcompletion", "status"})
FILE_SYSTEM_EXIT = 1  # as a failed task: the build did not complete
LOAD_ERROR_EXIT = 2  # the spec, or a file it names, cannot make a graph


def writes_outputs(argv: list[str]) -> bool:
    """Whether this doit command line may write into the outputs folder (it then takes the lock):
    the command is the first word that is neither an option nor a `name=value` variable."""
    words = [a for a in argv[1:] if not a.startswith("-") and "=" not in a]
    return not words or words[0] not in READ_ONLY_COMMANDS


def _interrupted(signum: int, frame: Any) -> NoReturn:
    """Stop with one line. SystemExit, not KeyboardInterrupt: doit turns an exception in an
    action into a failed task with a traceback, but lets SystemExit pass, after saving the
    records of the tasks that finished. Cleanups (temporary folders) still run on the way out."""
    signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C does not break the cleanup
    if os.getpid() == _main_process[0]:  # `doit -n` workers get the terminal's Ctrl-C too: one line
        name = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
        # sys.__stderr__: inside a python-action doit has swapped sys.stderr for its capture buffer
        print(f"ferry: interrupted ({name}); finished stages are kept and the next run continues from them",
              file=sys.__stderr__, flush=True)
    raise SystemExit(128 + signum)


_main_process = [0]


def handle_interrupts() -> None:
    _main_process[0] = os.getpid()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted)


def _one_line_exit(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except OSError as error:
            message = describe_os_error(error)
        except sqlite3.Error as error:  # "database or disk is full", "unable to open database file"
            message = f"doit's dependency records: {error}"
        print(f"ferry: {message}", file=sys.stderr, flush=True)
        raise SystemExit(FILE_SYSTEM_EXIT)
    return guarded


def guard_dependency_records() -> None:
    """doit opens, reads and commits its records (outputs/<pipeline>/.doit.db) outside any
    action, where a full disk or a read-only folder would end in doit's traceback: those calls
    end the run with one line instead."""
    from doit.dependency import SqliteDB

    for method in ("__init__", "get", "set", "remove", "remove_all", "dump"):
        original = getattr(SqliteDB, method)
        if not getattr(original, "__wrapped__", None):
            setattr(SqliteDB, method, _one_line_exit(original))


def load_for_doit(spec: Path, outputs: Path | None, cache: str | None, lock: bool,
                  recompute: bool = False) -> PipelineGraph | str:
    """The spec's graph, or the one line that says why there is none (printed, then exit
    LOAD_ERROR_EXIT: a spec error, a model that is not ONNX, an outputs folder that cannot be
    written or is held by another build)."""
    from ferry.engine.graph import load_graph  # pydantic and the schemas: after the signal handlers

    try:
        return load_graph(spec, outputs, cache, lock, recompute)
    except FerryError as error:
        return str(error)
    except OSError as error:
        return describe_os_error(error)


def task_namespace(graph: PipelineGraph) -> dict[str, Any]:
    """What doit reads from a dodo file, for `graph`: DOIT_CONFIG and a `task_<stage>` generator
    per stage the spec has (in registry order), so that `list` and the terminal show the stages
    this pipeline has, not every stage ferry knows. dodo.py's module and the `ferry` command's task
    loader are both this namespace."""
    from ferry.engine.registry import STAGES

    namespace: dict[str, Any] = {"DOIT_CONFIG": graph.doit_config}
    for stage in STAGES:
        if graph.tasks(stage.name):
            namespace[f"task_{stage.name}"] = _stage_group(graph, stage.name, stage.doc)
    return namespace


def _stage_group(graph: PipelineGraph, stage: str, doc: str) -> Callable[[], Iterator[dict[str, Any]]]:
    def task() -> Iterator[dict[str, Any]]:
        yield from graph.tasks(stage)
    task.__doc__ = doc
    return task
