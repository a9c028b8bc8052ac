"""Hostile and broken input (issue 20): the standing corpus of tests/hostile/ played in full, with
the counts per class the docs quote (docs/limits.md).

    python -m bench.hostile

Classes: malformed specs and target files, hostile model files, tampered or malformed bundles
(each played in-process as doit would run it), and whole doit runs: SIGINT and SIGKILL at seeded
random moments then a re-run compared byte for byte with a clean build, two builds into one
outputs folder, a full and a read-only file system (tmpfs; needs root, else reported as not run).
Columns: tried; clean message (one line naming the file, with line and column for specs); a
non-zero exit; a traceback; nothing previously built changed; wrong verdicts (accepted, or
refused for another reason than the case's). Exits 1 on any traceback or wrong verdict.
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile import bundles, models, processes, specs
from tests.hostile.harness import Case, Outcome, digests, make_project

SIGNAL_SEEDS = {signal.SIGINT: (1, 2, 3, 4), signal.SIGKILL: (5, 6, 7)}
RACES = 2


@dataclass
class Counts:
    tried: int = 0
    clean: int = 0
    exit_code: int = 0
    traceback: int = 0
    unchanged: int = 0
    wrong: int = 0
    failures: list[str] = field(default_factory=list)

    def add_outcome(self, case: Case, outcome: Outcome) -> None:
        problems = outcome.problems(case.names, case.positioned)
        self.tried += 1
        self.clean += not any(p.startswith(("not one line", "does not name", "no line")) for p in problems)
        self.exit_code += outcome.exit_code != 0
        self.traceback += outcome.traceback
        self.unchanged += outcome.unchanged
        self.wrong += outcome.exit_code == 0 or any(p.startswith("wrong reason") for p in problems)
        if problems:
            self.failures.append(f"{case.name}: {problems[0][:200]}")

    def add_run(self, name: str, problems: list[str]) -> None:
        """A whole doit run: its problems, as tests/hostile/processes.py words them."""
        self.tried += 1
        self.clean += not any("one line" in p for p in problems)
        self.exit_code += not any(p.startswith(("exit", "the build succeeded")) for p in problems)
        self.traceback += any(p == "traceback" for p in problems)
        self.unchanged += not any("differ" in p for p in problems)
        self.wrong += any(p.startswith(("the re-run failed", "the first build failed", "the build succeeded"))
                          for p in problems)
        if problems:
            self.failures.append(f"{name}: {problems[0][:200]}")


def _in_process(cases: list[Case], template: Path, scratch: Path, fresh: Callable[[Path, Path], Path]) -> Counts:
    counts = Counts()
    for index, case in enumerate(cases):
        folder = fresh(template, scratch / str(index))
        counts.add_outcome(case, case.run(folder))
    return counts


def main() -> int:
    table: dict[str, Counts] = {}
    notes = []
    with tempfile.TemporaryDirectory(prefix="ferry-hostile-") as temporary:
        root = Path(temporary)
        template = make_project(root / "template")
        copy = lambda source, folder: Path(shutil.copytree(source, folder))  # noqa: E731
        table["malformed specs"] = _in_process(specs.cases(), template, root / "specs", copy)
        table["hostile models"] = _in_process(models.cases(), template, root / "models", copy)
        archive, keys = bundles.make_bundle(root / "sender")

        def scratch_folder(_: Path, folder: Path) -> Path:
            folder.mkdir(parents=True)
            return folder

        table["tampered bundles"] = _in_process(bundles.cases(archive, keys), template, root / "bundles",
                                                scratch_folder)
        project = processes.fast_project(root / "process")
        if processes.build(project).returncode != 0:
            print("the clean build of the fast project failed", file=sys.stderr)
            return 1
        reference = digests(project / "outputs" / "tiny")
        kills = table["interrupted builds"] = Counts()
        for signum, seeds in SIGNAL_SEEDS.items():
            for seed in seeds:
                kills.add_run(f"{signum.name} seed {seed}", processes.interrupted(project, reference, signum, seed))
        races = table["two builds, one folder"] = Counts()
        for attempt in range(RACES):
            races.add_run(f"race {attempt}", processes.race(project))
        disks = Counts()
        try:
            disks.add_run("disk full", processes.disk_full(project, root / "full"))
            disks.add_run("read-only", processes.read_only(project, root / "ro"))
            table["full or read-only disk"] = disks
        except PermissionError as error:
            notes.append(f"full or read-only disk: not run ({error})")
    print(f"{'class':<26} {'tried':>5} {'clean message':>13} {'exit != 0':>9} {'traceback':>9} "
          f"{'nothing changed':>15} {'wrong verdict':>13}")
    for name, c in table.items():
        print(f"{name:<26} {c.tried:>5} {c.clean:>13} {c.exit_code:>9} {c.traceback:>9} {c.unchanged:>15} "
              f"{c.wrong:>13}")
    total = Counts(**{key: sum(getattr(c, key) for c in table.values())
                      for key in ("tried", "clean", "exit_code", "traceback", "unchanged", "wrong")})
    print(f"{'all':<26} {total.tried:>5} {total.clean:>13} {total.exit_code:>9} {total.traceback:>9} "
          f"{total.unchanged:>15} {total.wrong:>13}")
    for note in notes:
        print(note)
    for name, c in table.items():
        for failure in c.failures:
            print(f"  {name}: {failure}")
    return 1 if total.traceback or total.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
