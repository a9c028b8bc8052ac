"""What a person sees while doit runs.

On a terminal: the stages running now, each with its elapsed time (rich), a line per finished
stage with its duration and key figures, then a summary table that fits 80 columns (task, status,
time, key figures) and the budget verdicts. Piped (CI logs, `doit | tee log`): one plain line per
finished stage, failures in full, and one closing line. Notes about the spec are printed once per
run, before the first stage that runs, unwrapped.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doit.exceptions import UnmetDependency
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ferry.engine.registry import BY_NAME
from ferry.schemas.simulation import LABELS, BudgetVerdict, format_figure


@dataclass
class _Row:
    task: str
    model: str
    target: str
    point: str | None
    stage: str
    status: str
    seconds: float | None
    out_dir: str


def _budget(report: Path) -> BudgetVerdict | None:
    """The budget verdict in a report (None: no report, or no silicon)."""
    try:
        budget = json.loads(report.read_text()).get("budget")
        return None if budget is None else BudgetVerdict.model_validate(budget)
    except (OSError, ValueError):
        return None


def _verdict_text(budget: BudgetVerdict) -> str:
    if budget.verdict == "pass":
        return "[bold green]PASS[/]"
    if budget.verdict == "none":
        return "[dim]no budget[/]"
    return "[bold red]FAIL[/]" if budget.enforce else "[bold yellow]FAIL (not enforced)[/]"


def _figures(out_dir: str) -> str:
    record = Path(out_dir) / "stage.json"
    try:
        figures = json.loads(record.read_text()).get("figures", {})
    except (OSError, ValueError):
        return ""
    return ", ".join(f"{k} {v}" for k, v in figures.items() if v is not None)


def duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {seconds % 60:02.0f} s"


class FerryReporter:
    """A doit reporter (see doit.reporter.ConsoleReporter for the protocol)."""

    desc = "ferry: rich progress on a terminal, one line per stage when piped"

    def __init__(self, outstream: Any, options: dict[str, Any]) -> None:
        # emoji=False: task names such as 'codegen:a' end in ':a', which rich would read as ':a:' 🅰
        self.console = Console(file=outstream if outstream is not None else sys.stdout,
                               highlight=False, emoji=False)
        self.interactive = self.console.is_terminal
        self.rows: list[_Row] = []
        self.failures: list[tuple[str, str]] = []
        self.blocked: list[str] = []  # not run: a task they need failed
        self.runtime_errors: list[str] = []
        self.notes: list[str] = []
        self.started: dict[str, float] = {}
        self.progress: Progress | None = None
        self.bars: dict[str, Any] = {}

    # -- doit protocol ----------------------------------------------------------------------

    def initialize(self, tasks: dict, selected_tasks: list) -> None:
        self.notes = sorted({note for task in tasks.values() for note in (task.meta or {}).get("notes", [])})

    def get_status(self, task: Any) -> None:
        pass

    def execute_task(self, task: Any) -> None:
        if not task.actions or task.name.startswith("_"):
            return
        self._print_notes()
        self.started[task.name] = time.monotonic()
        if self.interactive:
            if self.progress is None:
                self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                         console=self.console, transient=True)
                self.progress.start()
            self.bars[task.name] = self.progress.add_task(escape(task.name))

    def add_success(self, task: Any) -> None:
        cached = (task.values or {}).get("cache") == "restored"  # run_stage's return value
        row = self._add(task, "cached" if cached else "ran")
        if row is None:
            return
        figures = _figures(row.out_dir)
        if self.interactive:
            mark = "[blue]↺[/]" if cached else "[green]✓[/]"
            self.console.print(f"{mark} {escape(task.name)}  [dim]{duration(row.seconds)}"
                               + ("  from cache" if cached else "") + (f"  {escape(figures)}" if figures else "")
                               + "[/]", overflow="ellipsis", no_wrap=True)
        else:
            self.console.print(f"{'cached' if cached else 'ran'} {task.name} {duration(row.seconds)}"
                               + (f"  {figures}" if figures else ""), markup=False, soft_wrap=True)

    def add_failure(self, task: Any, fail: Any) -> None:
        if isinstance(fail, UnmetDependency):  # doit's `continue`: a task it needs failed
            if self._add(task, "not run") is not None:  # a stage's task, not a group of them
                self.blocked.append(task.name)
            return
        self._add(task, "FAILED")
        message = fail.get_msg().rstrip()
        self.failures.append((task.name, message))
        if self.interactive:
            self.console.print(f"[red]✗ {escape(task.name)}[/]\n{escape(message)}", highlight=False, soft_wrap=True)
        else:
            self.console.print(f"FAILED {task.name}:\n{message}", markup=False, soft_wrap=True)

    def skip_uptodate(self, task: Any) -> None:
        self._add(task, "up to date")

    def skip_ignore(self, task: Any) -> None:
        self._add(task, "ignored")

    def cleanup_error(self, exception: Any) -> None:
        self.console.print(exception.get_msg(), markup=False)

    def runtime_error(self, msg: str) -> None:
        self.runtime_errors.append(msg)

    def teardown_task(self, task: Any) -> None:
        pass

    def complete_run(self) -> None:
        if self.progress is not None:
            self.progress.stop()
        for message in self.runtime_errors:
            self.console.print(f"error: {message}", markup=False)
        count = {status: sum(r.status == status for r in self.rows)
                 for status in ("ran", "cached", "up to date", "FAILED")}
        worked = count["ran"] + count["cached"] + count["FAILED"] + len(self.blocked)
        if self.interactive and worked:
            self.console.print(self._table())
        verdicts = self._verdicts()
        if self.interactive and verdicts.row_count:
            self.console.print(verdicts)
        if not self.rows and self.failures:  # a tool (verify, keygen) failed: no stage was asked for
            for name, _ in self.failures:
                self.console.print(f"ferry: {name} failed", markup=False)
            return
        line = (f"ferry: {count['ran']} ran, {count['cached']} from cache, {count['up to date']} up to date, "
                f"{len(self.failures)} failed")
        if self.blocked:
            line += (f"; {len(self.blocked)} not run because a task they need failed "
                     f"({', '.join(self.blocked[:3])}{', ...' if len(self.blocked) > 3 else ''}): "
                     "fix the failure and build again")
        self.console.print(line, markup=False, soft_wrap=True)

    # -- helpers ----------------------------------------------------------------------------

    def _print_notes(self) -> None:
        for note in self.notes:
            self.console.print(f"[yellow]note:[/] {escape(note)}", soft_wrap=True)
        self.notes = []

    def _add(self, task: Any, status: str) -> _Row | None:
        meta = task.meta or {}
        start = self.started.pop(task.name, None)
        if task.name in self.bars and self.progress is not None:
            self.progress.remove_task(self.bars.pop(task.name))
        if "stage" not in meta:
            return None
        row = _Row(task.name, meta["model"], meta.get("target") or "-", meta.get("point"), meta["stage"], status,
                   None if start is None else time.monotonic() - start, meta["out_dir"])
        self.rows.append(row)
        return row

    def _table(self) -> Table:
        """What ran: at 80 columns the task, its status and time stay whole; figures are cut."""
        table = Table(title="ferry summary", show_lines=False, expand=False)
        task = min(max((len(row.task) for row in self.rows), default=4), 40)
        figures = max(self.console.width - task - 10 - 9 - 13, 10)  # status, time, borders and padding
        table.add_column("task", no_wrap=True, overflow="fold", width=task)
        table.add_column("status", no_wrap=True, width=10)
        table.add_column("time", no_wrap=True, justify="right", width=9)
        table.add_column("key figures", no_wrap=True, overflow="ellipsis", max_width=figures)
        style = {"ran": "green", "cached": "blue", "up to date": "dim", "ignored": "dim", "FAILED": "red",
                 "not run": "yellow"}
        for row in self.rows:
            table.add_row(escape(row.task), f"[{style.get(row.status, '')}]{row.status}[/]", duration(row.seconds),
                          escape(_figures(row.out_dir)) if row.status in ("ran", "cached") else "")
        return table

    def _verdicts(self) -> Table:
        """One row per model, sweep point and simulated target: the verdict and each budget item."""
        table = Table(title="budget verdicts", show_lines=False)
        points = any(row.point for row in self.rows)
        for column in ("model", *(["point"] if points else []), "target", "verdict", "figure / limit"):
            table.add_column(column, overflow="fold")
        for row in self.rows:
            verdict = BY_NAME[row.stage].verdict
            budget = _budget(Path(row.out_dir) / verdict) if verdict else None
            if budget is None:
                continue
            items = ", ".join(
                f"[{'green' if i.passed else 'red'}]{LABELS[i.name]} {format_figure(i.name, i.figure)} / "
                f"{format_figure(i.name, i.limit)}[/]" for i in budget.items)
            table.add_row(escape(row.model), *([escape(row.point or "-")] if points else []), escape(row.target),
                          _verdict_text(budget), items)
        return table
