"""The `ferry` command: doit's own command line (`DoitMain`) over a task loader that builds the
spec's graph, so doit's commands and conventions work as they do with `doit` in the repository
(`-n 2`, `-a`, task names, `list`, `info`, `clean`, `forget`, `ignore`), plus `build`, `status`,
and the commands that need no spec: `keygen`, `verify`, `init`.

Paths on the command line are the user's: relative to the current folder (ferry never changes
folder); paths in a spec are relative to the spec's folder.
"""

from __future__ import annotations

import getopt
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from doit.cmd_base import Command, DoitCmdBase, NamespaceTaskLoader
from doit.cmd_clean import Clean
from doit.cmd_dumpdb import DumpDB
from doit.cmd_forget import Forget
from doit.cmd_help import Help
from doit.cmd_ignore import Ignore
from doit.cmd_info import Info
from doit.cmd_list import List
from doit.cmd_resetdep import ResetDep
from doit.cmd_run import Run
from doit.doit_cmd import DoitMain
from doit.exceptions import InvalidCommand
from doit.plugin import PluginDict

from ferry.core.errors import FerryError, describe_os_error
from ferry.engine import guard

SPEC_SUFFIXES = (".yaml", ".yml")

OPT_SPEC = {"name": "spec", "short": "f", "long": "spec", "type": str, "default": "pipeline.yaml",
            "help": "the pipeline spec [default: ./pipeline.yaml]"}
OPT_OUTPUTS = {"name": "outputs", "long": "outputs", "type": str, "default": "",
               "help": "where the artifacts go [default: outputs/ beside the spec]"}
OPT_CACHE = {"name": "cache", "long": "cache", "type": str, "default": "",
             "help": "the stage cache's folder, or 'off' [default: $FERRY_CACHE, else <outputs>/.cache]"}
OPT_PUBKEY = {"name": "pubkey", "long": "pubkey", "type": str, "default": "",
              "help": "the sender's public key (KEY.pub): check the signature too"}


def _display(path: str) -> str:
    """A path as the user would type it: relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _options_first(parser: Any, args: list[str]) -> list[str]:
    """The arguments with every option before the positional ones (GNU order: `ferry build
    spec.yaml --outputs DIR`), for doit's parser, which stops at the first positional one. An
    argument the options do not know is left where it is, for doit to report."""
    short, long = parser.get_short(), parser.get_long()
    try:
        options, positional = getopt.gnu_getopt(args, short, long)
    except getopt.GetoptError:
        return args
    words: list[str] = []
    for option, value in options:
        takes_value = f"{option[2:]}=" in long if option.startswith("--") else f"{option[1]}:" in short
        words += [option, value] if takes_value else [option]
    return [*words, "--", *positional]


class SpecLoader(NamespaceTaskLoader):
    """The task loader: the spec's graph (ferry/engine/guard.py, shared with dodo.py), its tasks as
    doit's namespace loader reads them from a dodo file."""

    cmd_options = (OPT_SPEC, OPT_OUTPUTS, OPT_CACHE)

    def __init__(self) -> None:
        super().__init__()
        self.lock = False  # set by a command that writes into the outputs folder
        self.options: dict[str, Any] = {}

    def setup(self, opt_values: dict[str, Any]) -> None:
        self.options = opt_values

    def load_doit_config(self) -> dict[str, Any]:
        spec = Path(self.options["spec"])
        if not spec.exists():
            _exit_with(f"{spec}: pipeline spec not found; name one (ferry build SPEC, or --spec SPEC) "
                       "or write one (ferry init MODEL.onnx)", guard.LOAD_ERROR_EXIT)
        outputs = self.options["outputs"]
        loaded = guard.load_for_doit(spec, Path(outputs) if outputs else None, self.options["cache"] or None,
                                     lock=self.lock, recompute=bool(self.options.get("always")))
        if isinstance(loaded, str):  # a person reads errors, not tracebacks
            _exit_with(loaded, guard.LOAD_ERROR_EXIT)
        self.namespace = guard.task_namespace(loaded)
        return super().load_doit_config()

    def load_tasks(self, cmd: Any, pos_args: list[str]) -> list[Any]:
        tasks = super().load_tasks(cmd, pos_args)
        # An output named by its path relative to the current folder selects the task that makes it
        # (the graph registers absolute targets). doit's commands read this same list.
        names = {task.name for task in tasks}
        targets = {target for task in tasks for target in task.targets}
        pos_args[:] = [str(Path(arg).resolve()) if arg not in names and str(Path(arg).resolve()) in targets
                       else arg for arg in pos_args]
        return tasks


def _exit_with(message: str, code: int) -> NoReturn:
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(code)


class OptionsAnywhere:
    """A command's options before or after its arguments, and `--help` (mixed in first)."""

    cmdparser: Any

    def parse_execute(self, in_args: list[str]) -> Any:
        if {"-h", "--help"} & set(in_args):
            print(self.help())  # type: ignore[attr-defined]
            return 0
        return super().parse_execute(_options_first(self.cmdparser, in_args))  # type: ignore[misc]


class TaskCommand(OptionsAnywhere):
    """A doit command over the spec's tasks (mixed in first), holding the outputs folder while it
    may write into it."""

    loader: SpecLoader

    def execute(self, params: Any, args: list[str]) -> Any:
        self.loader.lock = self.get_name() not in guard.READ_ONLY_COMMANDS  # type: ignore[attr-defined]
        return super().execute(params, args)  # type: ignore[misc]


class BuildCommand(TaskCommand, Run):
    name = "build"
    doc_purpose = "build the spec (default: ./pipeline.yaml), or the tasks or outputs named"
    doc_usage = "[SPEC.yaml] [TASK|OUTPUT ...]"
    doc_description = ("Runs what changed since the last build. SPEC.yaml (first) names the spec; tasks "
                       "are stage:model[@target] (ferry list); an output file selects the task that makes it.")

    def execute(self, params: Any, args: list[str]) -> Any:
        if args and args[0].endswith(SPEC_SUFFIXES):
            if "spec" in params._non_default_keys:
                raise InvalidCommand(msg="name the spec once: ferry build SPEC, or --spec SPEC")
            params["spec"], args = args[0], args[1:]
        if not isinstance(params["outfile"], str):  # doit's default is sys.stdout when doit was imported
            params.set_default("outfile", sys.stdout)
        return super().execute(params, args)


class StatusCommand(TaskCommand, DoitCmdBase):
    name = "status"
    doc_purpose = "what a build would re-run and why (the param or file that changed); runs nothing"
    doc_usage = "[TASK ...]"
    doc_description = None
    cmd_options = ()

    def _execute(self, pos_args: list[str]) -> int:
        selected = [task for task in self.task_list if task.actions and _selected(task.name, pos_args)]
        lines = _status_lines(self.dep_manager, self.task_list, selected)
        self.dep_manager.close()
        print("\n".join(lines))
        return 0


# doit's own commands over the spec's tasks, under doit's names
DOIT_COMMANDS = tuple(type(f"Ferry{command.__name__}", (TaskCommand, command), {"name": command.get_name()})
                      for command in (Info, List, Clean, Forget, Ignore, DumpDB, ResetDep))


class ToolCommand(OptionsAnywhere, Command):
    """A command that needs no spec, of one argument: a problem is one line and exit 1."""

    def execute(self, opt_values: dict[str, Any], pos_args: list[str]) -> int:
        if len(pos_args) != 1:
            print(f"ferry {self.get_name()}: expected {self.doc_usage} (ferry help {self.get_name()})", file=sys.stderr)
            return guard.LOAD_ERROR_EXIT
        try:
            return self.run(pos_args[0], opt_values)
        except FerryError as error:
            message = str(error)
        except OSError as error:  # a folder that cannot be written
            message = describe_os_error(error)
        print(f"ferry: {message}", file=sys.stderr)
        return 1

    def run(self, argument: str, options: dict[str, Any]) -> int:
        raise NotImplementedError


class KeygenCommand(ToolCommand):
    name = "keygen"
    doc_purpose = "make an Ed25519 signing key pair: PATH (mode 0600) and PATH.pub"
    doc_usage = "PATH"
    doc_description = None

    def run(self, argument: str, options: dict[str, Any]) -> int:
        from ferry.engine.doit_actions import keygen_action
        return _tool_result(keygen_action(argument))


class VerifyCommand(ToolCommand):
    name = "verify"
    doc_purpose = "check a bundle's files against its manifest and, with --pubkey, its signature"
    doc_usage = "BUNDLE [--pubkey KEY.pub]"
    doc_description = None
    cmd_options = (OPT_PUBKEY,)

    def run(self, argument: str, options: dict[str, Any]) -> int:
        from ferry.engine.doit_actions import verify_action
        return _tool_result(verify_action(argument, options["pubkey"] or None))


class InitCommand(ToolCommand):
    name = "init"
    doc_purpose = "write a starter ./pipeline.yaml for a model (never overwrites)"
    doc_usage = "MODEL.onnx"
    doc_description = None

    def run(self, argument: str, options: dict[str, Any]) -> int:
        from ferry.starter import write_starter
        spec = write_starter(Path(argument), Path.cwd())
        print(f"{_display(str(spec))}: written; replace each FILL_IN (the comment on its line says with what), "
              "then run `ferry`")
        return 0


class HelpCommand(Help):
    name = "help"

    def print_usage(self, cmds: dict[str, Any]) -> None:
        print("ferry: float ONNX models to integer C++ for embedded targets, as an incremental build\n")
        print("Commands")
        for name in sorted(cmds):
            if name != "run":  # `build` under doit's name
                print(f"  ferry {name:9s} {cmds[name].doc_purpose}")
        print("\n  ferry           is `ferry build`: builds ./pipeline.yaml (options: ferry help build)")
        print("  ferry help COMMAND   the command's options")
        print("Paths on the command line are relative to the current folder; in a spec, to the spec's folder.")


COMMANDS: tuple[Any, ...] = (HelpCommand, BuildCommand, StatusCommand, *DOIT_COMMANDS, KeygenCommand, VerifyCommand,
                             InitCommand)


class FerryMain(DoitMain):
    """doit's command line with ferry's commands; `run` (doit's default) is `build`."""

    BIN_NAME = "ferry"

    def get_cmds(self) -> PluginDict:
        table = PluginDict()
        table.update({command.get_name(): command for command in COMMANDS})
        table["run"] = BuildCommand
        return table


def _selected(name: str, patterns: Sequence[str]) -> bool:
    return not patterns or any(name == p or name.startswith(f"{p}:") for p in patterns)


def _tool_result(failed: Any) -> int:
    if failed is None:
        return 0
    print(f"ferry: {failed.get_msg().strip()}", file=sys.stderr)
    return 1


NOT_BUILT = "not built yet"


def _own_reason(dep_manager: Any, task: Any, by_name: dict[str, Any], by_target: dict[str, str]) -> str | None:
    """Why a task would run on account of its own params, inputs or outputs; None: up to date."""
    from ferry.engine.graph import ConfigChanged

    status = dep_manager.get_status(task, by_name, get_log=True)
    if status.status == "up-to-date":
        return None
    if not dep_manager.get_values(task.name):  # no record of a run: nothing to compare with
        return NOT_BUILT
    reasons = status.reasons
    why = [repr(u) for u, _, _ in reasons.get("uptodate_false", []) if isinstance(u, ConfigChanged)]
    why += [f"file changed: {_display(f)}" for f in reasons.get("changed_file_dep", [])]
    # a missing input that a task makes is that task's to run (the task then runs after it)
    why += [f"input missing: {_display(f)}" for f in reasons.get("missing_file_dep", []) if f not in by_target]
    why += [f"input added: {_display(f)}" for f in reasons.get("added_file_dep", [])]
    why += [f"input removed: {_display(f)}" for f in reasons.get("removed_file_dep", [])]
    if reasons.get("missing_target"):
        why.append("missing: " + ", ".join(_display(f) for f in reasons["missing_target"]))
    if reasons.get("checker_changed"):
        why.append("the way file changes are detected changed")
    return "; ".join(why) or None


def _status_lines(dep_manager: Any, tasks: list[Any], selected: list[Any]) -> list[str]:
    """One line per task a build would run, with why, then a closing count. A task whose own
    inputs are unchanged but that reads what a re-running task writes runs after it (when that
    task's outputs come out different)."""
    by_target = {target: task.name for task in tasks for target in task.targets}
    by_name = {task.name: task for task in tasks}
    runnable = [task for task in selected if not dep_manager.status_is_ignore(task)]  # `ferry ignore`
    why = {task.name: reason for task in runnable
           if (reason := _own_reason(dep_manager, task, by_name, by_target)) is not None}
    changed = len(why)
    grew = True
    while grew:  # what reads the outputs of a task that runs, to a fixed point
        grew = False
        for task in runnable:
            upstream = sorted({by_target[f] for f in task.file_dep if by_target.get(f) in why})
            if task.name not in why and upstream:
                why[task.name] = "after " + ", ".join(upstream)
                grew = True
    width = max((len(name) for name in why), default=0)
    lines = [f"{task.name:{width}s}  {why[task.name]}" for task in selected if task.name in why]
    ignored = len(selected) - len(runnable)
    new = sum(reason == NOT_BUILT for reason in why.values())
    lines.append(f"ferry: {len(why)} of {len(selected)} tasks would run ({changed - new} changed, "
                 f"{f'{new} not built yet, ' if new else ''}{len(why) - changed} after them), "
                 f"{len(runnable) - len(why)} up to date"
                 f"{f', {ignored} ignored' if ignored else ''}; nothing was run")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """The console script `ferry`."""
    guard.handle_interrupts()  # first: a Ctrl-C while doit or the graph loads is one line too
    args = list(sys.argv[1:] if argv is None else argv)
    variables = [a for a in args if not a.startswith("-") and "=" in a]
    if variables:  # doit would take them as variables, silently: ferry has none
        print(f"ferry: {variables[0]}: ferry takes options, not NAME=VALUE (ferry build SPEC --outputs DIR "
              "--cache DIR|off; ferry help)", file=sys.stderr)
        return guard.LOAD_ERROR_EXIT
    if args[:1] == ["--version"]:
        print(f"ferry {importlib.metadata.version('ferry')} (doit {importlib.metadata.version('doit')})")
        return 0
    guard.guard_dependency_records()
    if args[:1] in (["--help"], ["-h"]):
        args = ["help"]
    try:  # no doit.cfg or [tool.doit] of the user's folder configures ferry
        return int(FerryMain(SpecLoader(), config_filenames=()).run(args) or 0)
    except BrokenPipeError:  # `ferry list | head`: the reader has gone; Python's own recipe, no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except SystemExit as stop:  # a spec that cannot load, an interrupt: said in one line already
        return stop.code if isinstance(stop.code, int) else 1
    finally:
        guard.release_lock()  # a caller in the same process may build into the folder next


if __name__ == "__main__":
    sys.exit(main())
