"""What a person sees while doit runs: stages per model as they run, a summary table at the end.

On a terminal, rich prints each stage as it starts and ends and a table at the end. When piped
(CI logs, scripts), it stays quiet: failures in full, and one closing line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from schemas.simulation import BudgetVerdict, format_figure


@dataclass
class _Row:
    model: str
    target: str
    stage: str
    status: str
    out_dir: str


def _budget(out_dir: str) -> BudgetVerdict | None:
    """The budget verdict in a report folder's report.json (None: no report, or no silicon)."""
    try:
        budget = json.loads((Path(out_dir) / "report.json").read_text()).get("budget")
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


class FerryReporter:
    """A doit reporter (see doit.reporter.ConsoleReporter for the protocol)."""

    desc = "ferry: rich progress on a terminal, quiet when piped"

    def __init__(self, outstream: Any, options: dict[str, Any]) -> None:
        # emoji=False: task names such as 'codegen:a' end in ':a', which rich would read as ':a:' 🅰
        self.console = Console(file=outstream if outstream is not None else sys.stdout,
                               highlight=False, emoji=False)
        self.interactive = self.console.is_terminal
        self.rows: list[_Row] = []
        self.failures: list[tuple[str, str]] = []
        self.runtime_errors: list[str] = []

    # -- doit protocol ----------------------------------------------------------------------

    def initialize(self, tasks: dict, selected_tasks: list) -> None:
        notes = sorted({note for task in tasks.values() for note in (task.meta or {}).get("notes", [])})
        for note in notes:
            self.console.print(f"[yellow]note:[/] {note}")

    def get_status(self, task: Any) -> None:
        pass

    def execute_task(self, task: Any) -> None:
        if self.interactive and task.actions and not task.name.startswith("_"):
            self.console.print(f"[cyan]▸[/] {task.name}")

    def add_success(self, task: Any) -> None:
        cached = (task.values or {}).get("cache") == "restored"  # run_stage's return value
        self._add(task, "cached" if cached else "ran")
        if self.interactive:
            figures = _figures((task.meta or {}).get("out_dir", ""))
            mark = "[blue]↺[/]" if cached else "[green]✓[/]"
            self.console.print(f"{mark} {task.name}" + ("  [blue](from cache)[/]" if cached else "")
                               + (f"  [dim]{figures}[/]" if figures else ""))

    def add_failure(self, task: Any, fail: Any) -> None:
        self._add(task, "FAILED")
        message = fail.get_msg().rstrip()
        self.failures.append((task.name, message))
        if self.interactive:
            self.console.print(f"[red]✗ {escape(task.name)}[/]\n{escape(message)}", highlight=False,
                               soft_wrap=True)
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
        for message in self.runtime_errors:
            self.console.print(f"error: {message}", markup=False)
        ran = sum(r.status == "ran" for r in self.rows)
        cached = sum(r.status == "cached" for r in self.rows)
        fresh = sum(r.status == "up to date" for r in self.rows)
        failed = sum(r.status == "FAILED" for r in self.rows)
        if self.interactive and self.rows:
            self.console.print(self._table())
            verdicts = self._verdicts()
            if verdicts.row_count:
                self.console.print(verdicts)
        self.console.print(f"ferry: {ran} ran, {cached} from cache, {fresh} up to date, {failed} failed",
                           markup=False)

    # -- helpers ----------------------------------------------------------------------------

    def _add(self, task: Any, status: str) -> None:
        meta = task.meta or {}
        if "stage" in meta:
            self.rows.append(_Row(meta["model"], meta.get("target") or "-", meta["stage"], status,
                                  meta["out_dir"]))

    def _table(self) -> Table:
        table = Table(title="ferry summary", show_lines=False)
        for column in ("model", "target", "stage", "status", "key figures", "artifacts"):
            table.add_column(column)
        style = {"ran": "green", "cached": "blue", "up to date": "dim", "FAILED": "red"}
        for row in self.rows:
            table.add_row(row.model, row.target, row.stage,
                          f"[{style.get(row.status, '')}]{row.status}[/]",
                          _figures(row.out_dir), _short(row.out_dir))
        return table


    def _verdicts(self) -> Table:
        """One row per model and simulated target: the verdict and every budget item, in colour."""
        table = Table(title="budget verdicts", show_lines=False)
        for column in ("model", "target", "verdict", "figure / limit"):
            table.add_column(column)
        for row in self.rows:
            budget = _budget(row.out_dir) if row.stage == "report" else None
            if budget is None:
                continue
            items = ", ".join(
                f"[{'green' if i.passed else 'red'}]{i.name} {format_figure(i.name, i.figure)} / "
                f"{format_figure(i.name, i.limit)}[/]" for i in budget.items)
            table.add_row(row.model, row.target, _verdict_text(budget), items)
        return table


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
