"""Hostile and broken input: the standing corpus of tests/hostile/ played in full, with the counts
per class the docs quote (docs/limits.md).

    python -m bench.hostile

The corpus and its judge belong to the test suite: this runs tests/test_hostile.py's corpus tests
through pytest with --hostile-full (every interrupt seed and race) and adds up the tally each case
records in pytest's JUnit XML. Classes: malformed specs and target files, hostile model files,
tampered or malformed bundles (each played in-process as doit would run it), and whole doit runs:
SIGINT and SIGKILL at seeded random moments then a re-run compared byte for byte with a clean
build, two builds into one outputs folder, a full and a read-only file system (tmpfs; needs root,
else reported as not run). Columns: tried; clean message (one line naming the file, with line and
column for specs); a non-zero exit; a traceback; nothing previously built changed; wrong verdicts
(accepted, or refused for another reason than the case's). Exits 1 on any traceback, wrong verdict
or a test that could not run its cases.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ("test_malformed_spec", "test_hostile_model", "test_tampered_bundles",
         "test_interrupted_build_then_rerun_is_byte_identical",
         "test_second_build_into_one_folder_is_told_who_holds_it", "test_full_and_read_only_file_systems")
RECORD = "hostile"  # tests/test_hostile.py's record_property name
COLUMNS = ("clean", "exit_code", "traceback", "unchanged", "wrong")


@dataclass
class Counts:
    tried: int = 0
    clean: int = 0
    exit_code: int = 0
    traceback: int = 0
    unchanged: int = 0
    wrong: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, tally: dict) -> None:
        self.tried += 1
        for column in COLUMNS:
            setattr(self, column, getattr(self, column) + bool(tally[column]))
        if tally["problems"]:
            self.failures.append(f"{tally['name']}: {tally['problems'][0][:200]}")


def run_tests(junit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "tests/test_hostile.py", "--hostile-full", "-q",
                           "-p", "no:cacheprovider", f"--junitxml={junit}", "-k", " or ".join(TESTS)],
                          cwd=ROOT, capture_output=True, text=True)


def read_tallies(junit: Path) -> tuple[dict[str, Counts], list[str]]:
    """The recorded tallies per class, and the notes: tests skipped (with why) or errored."""
    table: dict[str, Counts] = {}
    notes = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        for prop in case.iter("property"):
            if prop.get("name") == RECORD:
                tally = json.loads(prop.get("value", "{}"))
                table.setdefault(tally["class"], Counts()).add(tally)
        for kind in ("skipped", "error"):
            for element in case.iter(kind):
                notes.append(f"{case.get('name')}: {kind}: {element.get('message', '')[:300]}")
    return table, notes


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ferry-hostile-") as temporary:
        junit = Path(temporary) / "hostile.xml"
        done = run_tests(junit)
        if not junit.is_file():
            print(f"pytest wrote no results:\n{done.stdout[-3000:]}{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        table, notes = read_tallies(junit)
    print(f"{'class':<26} {'tried':>5} {'clean message':>13} {'exit != 0':>9} {'traceback':>9} "
          f"{'nothing changed':>15} {'wrong verdict':>13}")
    for name, c in table.items():
        print(f"{name:<26} {c.tried:>5} {c.clean:>13} {c.exit_code:>9} {c.traceback:>9} {c.unchanged:>15} "
              f"{c.wrong:>13}")
    total = Counts(**{key: sum(getattr(c, key) for c in table.values()) for key in ("tried", *COLUMNS)})
    print(f"{'all':<26} {total.tried:>5} {total.clean:>13} {total.exit_code:>9} {total.traceback:>9} "
          f"{total.unchanged:>15} {total.wrong:>13}")
    for note in notes:
        print(note)
    for name, c in table.items():
        for failure in c.failures:
            print(f"  {name}: {failure}")
    errored = any(": error: " in note for note in notes)
    return 1 if total.traceback or total.wrong or errored or not table else 0


if __name__ == "__main__":
    sys.exit(main())
