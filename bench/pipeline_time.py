"""Times the whole pipeline on the bundled example: cold (empty outputs) and warm (nothing changed).

    python bench/pipeline_time.py [--spec pipeline.yaml] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed_run(spec: Path, outputs: Path, *doit_args: str) -> float:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT), *doit_args,
               f"pipeline={spec}", f"outputs={outputs}"]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "pipeline.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
            cold.append(timed_run(args.spec.resolve(), Path(scratch)))
            warm.append(timed_run(args.spec.resolve(), Path(scratch)))
    print(f"pipeline {args.spec.name}: {args.repeat} runs each, median (min-max) seconds")
    print(f"  cold (empty outputs):   {statistics.median(cold):.2f} ({min(cold):.2f}-{max(cold):.2f})")
    print(f"  warm (nothing changed): {statistics.median(warm):.2f} ({min(warm):.2f}-{max(warm):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
