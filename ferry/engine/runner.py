"""Running one stage: restore its outputs from the stage cache, or run its entry point and store
them; publish its outputs together; write its stage.json; remember a failure.

`run_stage(call)` is the whole contract of an executor: it takes a StageCall (picklable, built by
ferry/engine/graph.py), runs in any process that can import ferry and reach the call's files, and
returns a StageOutcome; it knows nothing of doit. doit's local executor reaches it through
ferry/engine/doit_actions.py, which turns the outcome into what doit expects. Another executor (a
cluster engine running a sweep's points on other machines) would take the graph's calls in the
order of their files (each task's `file_dep` and `targets`), ship each to a worker that calls
`run_stage`, and give the stage cache's folder (`call.cache`) a file system every worker shares.

Imported when a task runs, never when the graph loads: the stage code comes in here, one stage at
a time, through the entry point its declaration names (ferry/engine/registry.py).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ferry.core.errors import FerryError, VerdictFailed, describe_os_error
from ferry.core.files import atomic_directory, content_key, sha256_file, write_json_atomic
from ferry.engine.cache import CachedRun, StageCache
from ferry.engine.contracts import Figures, StageCall
from ferry.engine.registry import BY_NAME
from ferry.schemas.artifacts import StageRecord
from ferry.schemas.target import Compiler
from ferry.toolchain.versions import compiler_version, library_versions

FAILURE_RECORD = "failed.json"  # in the stage's folder: the key of the run that failed, and why


@dataclass(frozen=True)
class StageOutcome:
    """How a run of a stage ended: restored from the cache or computed, or failed and why."""

    restored: bool = False
    failure: str | None = None  # one line (or a verdict's few): what a person reads


def run_stage(call: StageCall[Any, Any]) -> StageOutcome:
    """Restore the stage's outputs from the stage cache, or run it and store them; a FerryError
    or a file-system error becomes a failure of a line or so, not a traceback.

    An executor runs a failed task again on every invocation; a stage that failed on exactly these
    inputs, settings and versions fails again at once with the recorded reason (still a failure,
    so the build stays red) instead of repeating minutes of work to reach the same verdict."""
    try:
        key = task_key(call)  # reads every input: one that is missing (its stage failed) fails this one
    except OSError as error:
        return StageOutcome(failure=f"{call.stage} {call.model.name}: {describe_os_error(error)}")
    record = call.out_dir / FAILURE_RECORD
    repeated = None if call.recompute else _recorded_failure(record, key)  # `doit -a` runs it anyway
    if repeated is not None:
        return StageOutcome(failure=f"{repeated}\n(not run again: its inputs, settings and versions are those of "
                                    f"the failed run; change one, or delete {record} to run it anyway)")
    record.unlink(missing_ok=True)  # stale: not among the outputs a success stores
    declaration = BY_NAME[call.stage]
    try:
        cached = _cached_run(call, key)
        figures = cached.restore() if cached and not call.recompute else None
        restored = figures is not None
        if figures is None:
            figures = _run_staged(call)
            if cached:
                cached.store(figures)
        if declaration.owns_folder:
            _record(call, figures)  # the spec-relative paths in it are this spec's
    except FerryError as error:
        with suppress(OSError):  # the record only saves time
            write_json_atomic(record, {"key": key, "message": str(error)})
        return StageOutcome(failure=str(error))
    except OSError as error:  # a read-only folder, a full disk: the stage did not complete
        return StageOutcome(failure=f"{call.stage} {call.model.name}: {describe_os_error(error)}")
    return StageOutcome(restored=restored)


def _record(call: StageCall[Any, Any], figures: Figures) -> None:
    """stage.json, written last: its presence means every output before it is complete."""
    record = StageRecord(
        stage=call.stage, version=BY_NAME[call.stage].version, model=call.model.name,
        target=call.target_name, params=call.settings,
        inputs={os.path.relpath(p, call.spec_dir): sha256_file(p) for p in call.inputs},
        outputs={os.path.relpath(p, call.spec_dir): sha256_file(p) for p in call.outputs
                 if p.name != "stage.json"},
        figures=figures,
    )
    write_json_atomic(call.out_dir / "stage.json", record.model_dump(mode="json"))


def _run_staged(call: StageCall[Any, Any]) -> Figures:
    """Run the stage into a staging folder and publish its outputs together, so that a stage
    that fails or is killed leaves its previous outputs as they were, consistent with each other
    (a new budget.json never sits beside the previous model.qdq.onnx). A stage whose outputs are
    complete but fail a verdict (VerdictFailed) publishes them, then fails."""
    declaration = BY_NAME[call.stage]
    entry = declaration.entry()
    if declaration.owns_folder:
        with atomic_directory(call.out_dir) as staging:
            try:
                return entry(_relocated(call, staging))
            except VerdictFailed as failure:
                verdict = failure  # leaving the block normally publishes the folder
        raise verdict
    call.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{call.stage}.", dir=call.out_dir) as staging:
        staged = _relocated(call, Path(staging))
        try:
            return entry(staged)
        finally:  # on success or VerdictFailed: every output was written; else nothing is published
            published = sys.exc_info()[0] in (None, VerdictFailed)
            for written, final in zip(staged.outputs, call.outputs):
                if published and written.exists():
                    os.replace(written, final)


def _relocated(call: StageCall[Any, Any], staging: Path) -> StageCall[Any, Any]:
    """The call writing into `staging` instead of its folder (what it reads stays where it is;
    published_dir names the folder, where the report finds the previous run's report)."""
    def moved(path: Path) -> Path:
        return staging / path.relative_to(call.out_dir) if path.is_relative_to(call.out_dir) else path
    return replace(call, out_dir=staging, outputs=tuple(moved(p) for p in call.outputs),
                   published_dir=call.out_dir)


def _recorded_failure(record: Path, key: str) -> str | None:
    try:
        failure = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return failure.get("message") if isinstance(failure, dict) and failure.get("key") == key else None


def _cached_run(call: StageCall[Any, Any], key: str) -> CachedRun | None:
    if call.cache is None:
        return None
    return CachedRun(StageCache(call.cache), key, call.out_dir, call.outputs)


def task_key(call: StageCall[Any, Any]) -> str:
    """What a stage's outputs depend on: the model and target (their names appear in the
    outputs), the whole resolved target (what runs it: emulator, compiler), the config, the
    inputs' contents and the versions of what computes the outputs (an upgrade must not restore
    the old ones). The stage cache's key, and the failure record's."""
    context: dict[str, Any] = {
        "config": call.config, "model": call.model.name,
        "target": call.target and call.target.model_dump(mode="json", exclude={"extends", "description"}),
        "libraries": library_versions()}
    if BY_NAME[call.stage].compiler_versions:  # the target's compiler, and the host's for the reference build
        target = call.require_target()
        context["compilers"] = {cxx: compiler_version(cxx) for cxx in sorted({target.compiler.cxx, Compiler().cxx})}
    return content_key(call.stage, context, call.inputs)
