"""Builds the example sweep (pipeline_sweep.yaml: sparsity 0 / 0.5 / 0.75 on three GPNPU classes)
cold with one and with two doit workers, checks that both builds wrote the same sweep report, and
prints its table.

    python -m bench.sweep [--spec pipeline_sweep.yaml]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.pipeline_time import ROOT, timed_run
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import PipelineSpec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "pipeline_sweep.yaml")
    args = parser.parse_args()
    spec_path = args.spec.resolve()
    spec = load_model(spec_path, PipelineSpec, {"base_dir": spec_path.parent})
    builds = []  # per build: each model's (sweep.json, sweep.md)
    for workers in ("1", "2"):
        with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
            run = timed_run(spec_path, Path(scratch), "-n", workers)
            print(f"{spec_path.name}: {len(spec.points())} points x {len(spec.targets)} targets, cold, "
                  f"doit -n {workers}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.counts['ran']} tasks ran")
            folders = [Path(scratch) / spec.pipeline / m.name / "sweep" for m in spec.models]
            builds.append([((f / "sweep.json").read_bytes(), (f / "sweep.md").read_text()) for f in folders])
    print(f"sweep.json and sweep.md byte-identical across the two builds: {builds[0] == builds[1]}\n")
    print("\n".join(markdown for _, markdown in builds[-1]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
