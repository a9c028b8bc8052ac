"""Re-running the example after a change of the target's budget only: which tasks run, how long.

    python -m bench.budget_rerun [--repeat 3]

Copies the example (pipeline.yaml, models/, targets/) to a scratch folder, builds it once, then
changes gpnpu_1tops.yaml's latency budget and times `doit` until it is done. Target (issue 5):
simulate and report run, nothing else, in under 2 seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def doit(spec_dir: Path) -> tuple[float, list[str]]:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec_dir),
               "--reporter=json", f"pipeline={spec_dir / 'pipeline.yaml'}"]
    start = time.perf_counter()
    process = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    ran = [t["name"] for t in json.loads(process.stdout)["tasks"]
           if t["result"] == "success" and ":" in t["name"]]
    return seconds, ran


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ferry-budget-") as scratch:
        spec_dir = Path(scratch)
        shutil.copy(ROOT / "pipeline.yaml", spec_dir)
        shutil.copytree(ROOT / "models", spec_dir / "models")
        shutil.copytree(ROOT / "targets", spec_dir / "targets")
        cold, _ = doit(spec_dir)
        target = spec_dir / "targets" / "gpnpu_1tops.yaml"
        times, ran = [], set()
        for i in range(args.repeat):
            text = target.read_text()
            target.write_text(text.replace("  latency_ms: ", f"  latency_ms: {i + 2}.0  # was ", 1))
            seconds, names = doit(spec_dir)
            times.append(seconds)
            ran |= set(names)
    print(f"cold build {cold:.2f} s; after a budget change ({args.repeat} runs): "
          f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    print(f"tasks that ran: {', '.join(sorted(ran))}")
    ok = max(times) < 2.0 and {name.split(':')[0] for name in ran} == {"simulate", "report"}
    print("target (simulate and report only, under 2 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
