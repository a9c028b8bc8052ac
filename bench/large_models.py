"""ResNet-50 and VGG-19 through the whole pipeline, fp32 and int8: the build's time and memory.

The models come from models/large_models.py (random weights, warmed BatchNorm; made once with
torch and cached in ~/.cache/ferry/large). For each model and precision the bench writes a spec
(host target; import, [calibrate, quantize,] codegen, compile, evaluate on 2 samples) into a
fresh work folder and runs the stages one doit call at a time, so that each stage is one child
process: its wall and CPU time and its peak resident memory (os.wait4: the largest of the process and
every process it waited for, so g++ and the assembler count) are measured, cold (no stage cache
entry). VGG-19 runs through compile (`--through`). Targets (issue 14): codegen + compile under
120 s and under 2 GB peak on this machine. It also prints the bytes the outputs folder and the
stage cache take, counting each inode once (the cache links large artifacts, see ferry/engine/cache.py).

    python -m bench.large_models [--models resnet50,vgg19] [--precisions fp32,int8] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from models.large_models import DEFAULT_OUT, make

ROOT = Path(__file__).resolve().parents[1]

TARGET_SECONDS = 120.0  # codegen + compile
TARGET_BYTES = 2 * 1024**3  # peak of any codegen or compile process
THROUGH = {"resnet50": "evaluate", "vgg19": "compile"}


@dataclass(frozen=True)
class StageRun:
    stage: str
    seconds: float  # wall
    cpu_seconds: float  # user + system of the process and its children: what load does not inflate
    peak_bytes: int


def write_spec(folder: Path, model: str, source: Path, int8: bool, through: str) -> None:
    data = source.parent
    stages = ["  - kind: import"]
    if int8:
        stages += ["  - kind: quantize", "    samples: 8", "    min_output_sqnr_db: 0"]
    stages += ["  - kind: codegen", "  - kind: compile"]
    if through == "evaluate":
        stages += ["  - kind: evaluate", "    max_samples: 2"]
    folder.mkdir(parents=True)
    (folder / "pipeline.yaml").write_text("\n".join([
        f"pipeline: large_{'int8' if int8 else 'fp32'}",
        "models:",
        f"  - name: {model}",
        f"    onnx: {source}",
        "    input_shapes: {input: [1, 3, 224, 224]}",
        f"    calibration: {{path: {data / f'{model}_calib.npz'}, inputs: {{input: x}}}}",
        f"    validation: {{path: {data / f'{model}_val.npz'}, inputs: {{input: x}}}}",
        f"targets: [{ROOT / 'targets' / 'host.yaml'}]",
        "stages:",
        *stages,
        "",
    ]))


def run_stage(folder: Path, task: str) -> StageRun:
    """One doit call that runs `task` (its dependencies are up to date): wall time, peak RSS."""
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(folder), task,
               f"pipeline={folder / 'pipeline.yaml'}"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{task} failed in {folder}:\n{output}")
    return StageRun(task.split(":")[0], seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def evaluation(folder: Path, model: str) -> str:
    """What evaluate measured: the fp32 C++ against onnxruntime, or the int8 C++ against the golden model."""
    compare = json.loads(next((folder / "outputs").glob(f"*/{model}/host/evaluate/compare.json")).read_text())
    text = (f"{compare['samples']} samples, C++ outputs vs onnxruntime on the float model: max |err| "
            f"{compare['fp32']['max_abs_err']:.3g}, top-1 agreement {compare['fp32']['top1_agreement']:.2f}")
    if compare["int8"] is not None:
        text += (f"; int8 C++ vs golden model: {compare['int8']['cpp_vs_golden_mismatches']} mismatches, "
                 f"{len(compare['int8']['float_layers'])} float layers")
    return text


def unique_bytes(*folders: Path) -> int:
    """Bytes of every file under the folders, each inode counted once."""
    seen, total = set(), 0
    for folder in folders:
        for path in folder.rglob("*"):
            info = path.lstat()
            if path.is_file() and (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_size
    return total


def apparent_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file())


def bench(model: str, int8: bool, work: Path, through: str) -> list[StageRun]:
    source = DEFAULT_OUT / f"{model}.onnx"
    if not source.is_file():
        make(model, DEFAULT_OUT)
    folder = work / f"{model}_{'int8' if int8 else 'fp32'}"
    shutil.rmtree(folder, ignore_errors=True)
    write_spec(folder, model, source, int8, through)
    tasks = [f"import:{model}"]
    tasks += [f"calibrate:{model}", f"quantize:{model}"] if int8 else []
    tasks += [f"codegen:{model}", f"compile:{model}@host"]
    tasks += [f"evaluate:{model}@host"] if through == "evaluate" else []
    runs = [run_stage(folder, task) for task in tasks]
    if through == "evaluate":
        print(f"  evaluate: {evaluation(folder, model)}")
    outputs, cache = folder / "outputs", folder / "outputs" / ".cache"
    print(f"  outputs + cache: {apparent_bytes(outputs) / 1e6:,.0f} MB as listed, "
          f"{unique_bytes(outputs) / 1e6:,.0f} MB on disk (each inode once; the cache alone lists "
          f"{apparent_bytes(cache) / 1e6:,.0f} MB)")
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="resnet50,vgg19")
    parser.add_argument("--precisions", default="fp32,int8")
    parser.add_argument("--work", type=Path, default=DEFAULT_OUT / "work")
    parser.add_argument("--through", choices=("compile", "evaluate"),
                        help="last stage (default: evaluate for resnet50, compile for vgg19)")
    args = parser.parse_args()
    failed = 0
    for model in args.models.split(","):
        for precision in args.precisions.split(","):
            print(f"{model} {precision}", flush=True)
            runs = bench(model, precision == "int8", args.work, args.through or THROUGH[model])
            for run in runs:
                print(f"  {run.stage:<10} {run.seconds:>8.1f} s wall {run.cpu_seconds:>8.1f} s CPU  "
                      f"peak {run.peak_bytes / 1e6:>8,.0f} MB", flush=True)
            build = [r for r in runs if r.stage in ("codegen", "compile")]
            seconds, peak = sum(r.seconds for r in build), max(r.peak_bytes for r in build)
            cpu = sum(r.cpu_seconds for r in build)
            ok = seconds < TARGET_SECONDS and peak < TARGET_BYTES
            failed += not ok
            print(f"  codegen + compile: {seconds:.1f} s wall, {cpu:.1f} s CPU (target {TARGET_SECONDS:.0f} s), peak "
                  f"{peak / 1e6:,.0f} MB (target {TARGET_BYTES / 1e6:,.0f} MB): {'PASS' if ok else 'FAIL'}",
                  flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
