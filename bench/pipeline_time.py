"""Times the whole pipeline on the bundled example as a model's life goes: cold (empty outputs and
cache), no-op (nothing changed), a new model version (every stage runs), back to the previous
version (every stage restored from the stage cache, none run).

    python -m bench.pipeline_time [--spec pipeline.yaml] [--repeat 3]

Each repeat works on a copy of the spec's folder (spec, targets, models), so the new model
version, the example's ONNX with every float weight scaled by 1.001, never touches the repository.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import onnx
from onnx import numpy_helper

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("cold", "no-op", "new model", "back to the old model")


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of doit and its children: less sensitive to a busy machine
    counts: dict[str, int]  # the closing line's: ran, from cache, up to date


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(spec: Path, outputs: Path, *doit_args: str) -> Run:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT), *doit_args,
               f"pipeline={spec}", f"outputs={outputs}", f"cache={outputs / '.cache'}"]  # not FERRY_CACHE's
    cpu, start = _children_cpu(), time.perf_counter()
    process = subprocess.run(command, check=True, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    counts = re.search(r"ferry: (\d+) ran, (\d+) from cache, (\d+) up to date", process.stdout)
    assert counts, process.stdout
    return Run(wall, cpu, dict(zip(("ran", "from cache", "up to date"), map(int, counts.groups()))))


def new_version(model: onnx.ModelProto) -> onnx.ModelProto:
    """The same network with every float initializer scaled by 1.001: another model's bytes."""
    changed = onnx.ModelProto()
    changed.CopyFrom(model)
    for tensor in changed.graph.initializer:
        if tensor.data_type == onnx.TensorProto.FLOAT:
            tensor.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(tensor) * 1.001, tensor.name))
    return changed


def one_life(spec: Path, scratch: Path) -> dict[str, Run]:
    """The four steps on a copy of the spec's folder."""
    folder = scratch / "spec"
    folder.mkdir()
    for name in ("targets", "models"):
        shutil.copytree(spec.parent / name, folder / name)
    shutil.copy(spec, folder / spec.name)
    copy, outputs = folder / spec.name, scratch / "outputs"
    model_path = folder / "models" / "digits_cnn.onnx"
    original = model_path.read_bytes()
    times = {"cold": timed_run(copy, outputs), "no-op": timed_run(copy, outputs)}
    onnx.save(new_version(onnx.load_from_string(original)), str(model_path))
    times["new model"] = timed_run(copy, outputs)
    model_path.write_bytes(original)
    times["back to the old model"] = timed_run(copy, outputs)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "pipeline.yaml")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lives = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
            lives.append(one_life(args.spec.resolve(), Path(scratch)))
    print(f"pipeline {args.spec.name}: {args.repeat} runs each; median (min-max) seconds, wall and CPU; "
          f"tasks of the last run; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for step in STEPS:
        runs = [life[step] for life in lives]
        counts = ", ".join(f"{n} {what}" for what, n in runs[-1].counts.items())
        print(f"  {step + ':':23}wall {_spread([r.wall for r in runs])}  cpu {_spread([r.cpu for r in runs])}  "
              f"{counts}")
    return 0


def _spread(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):5.2f} ({min(seconds):.2f}-{max(seconds):.2f})"


if __name__ == "__main__":
    sys.exit(main())
