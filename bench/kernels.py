"""Speed of ferry's int8 kernels on MLPerf-Tiny-style networks.

    python -m bench.kernels [--models ds_cnn ...] [--targets cortex_m55 cortex_m7 host]
                            [--rounds 7] [--work DIR]

For each network (models/corpus/build.py: ResNet-8, DS-CNN, MobileNetV2-0.35 at 96x96, a
MobileNetV3-small-style net; seeded random weights, synthetic calibration data), ferry imports,
calibrates, quantizes and generates the package, then:

- cortex_m55 / cortex_m7: the firmware runs in QEMU (mps3-an547 with Helium / mps2-an500 without)
  on 2 validation samples and every output is compared bit for bit with the host build and the
  golden model; the profiling firmware counts the instructions of every layer (SysTick under
  -icount shift=0, stages/profile.py), printed per layer type and for the whole model as
  instructions per MAC (MACs of a dense execution, padding taps included, as CMSIS-NN counts),
  beside CMSIS-NN's figures for the same layer types (issue 17: its Helium kernels on the M55, its
  DSP kernels on the M7) and PASS/FAIL against the issue's limits: the whole DS-CNN at most 0.7
  instructions per MAC on the M55 and 2.8 on the M7, every layer type on the M55 at or below
  CMSIS-NN's figure (the high end of its range).
- host: the int8 runner built with the host target's flags (-O3, portable loops), with
  `-march=x86-64-v3` (targets/host_avx2.yaml: the AVX2 kernels, what a CPU without AVX-512 gets)
  and with `-march=native` (targets/host_native.yaml: AVX-512 VNNI kernels where the CPU has them)
  against onnxruntime on
  the same model.qdq.onnx, and the fp32 runner (the package of the imported float model) against
  onnxruntime on imported.onnx; one thread, batch 1, rounds taken in turns, the median; ratio =
  onnxruntime time / C++ time (above 1: ferry is faster), PASS or FAIL against issue 17's targets
  (int8 at least 1.0, fp32 at least 0.5, with host_native). The C++ time is the runner's, process
  start subtracted, its file reads included; onnxruntime's is session.run's, its Python call
  included. Each timing repeats the 16 samples until it lasts at least 50 ms. onnxruntime picks
  its own kernels from the CPU at run time (MLAS: AVX-512 VNNI where the CPU has it), so the
  host_avx2 row compares ferry's AVX2 build with onnxruntime at its best on this CPU, not with
  onnxruntime on an AVX2-only CPU; the output says which.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx

from bench.quantization import cpp_timer, onnxruntime_timer
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.common.graph import GraphView
from ferry.stages.common.layout import PLAN_FILE
from ferry.stages.common.ops import count_macs
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.stages.evaluate import load_samples, quantize_inputs
from ferry.stages.host_build import build_host
from ferry.stages.importer import import_model
from ferry.stages.profile import profile_on_emulator
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.toolchain.hostrun import write_inputs

ROOT = Path(__file__).resolve().parents[1]



MODELS = ("resnet8", "ds_cnn", "mobilenet_v2_vww", "mobilenet_v3_small")
MCU_TARGETS = ("cortex_m55", "cortex_m7")
# Arm's CMSIS-NN on the same layer shapes and quantized weights, built with the same compiler at
# -O2, instructions per MAC in QEMU (issue 17's table): the Helium column on the Cortex-M55, the
# DSP column on the Cortex-M7; (low, high) over the layers of each type.
CMSIS_NN = {
    "cortex_m55": {"conv 3x3": (0.26, 0.34), "depthwise 3x3": (2.34, 2.34), "pointwise 1x1": (0.40, 0.40),
                   "fully connected": (0.96, 1.86), "ds_cnn": (0.68, 0.68)},
    "cortex_m7": {"conv 3x3": (1.86, 2.06), "depthwise 3x3": (7.41, 7.41), "pointwise 1x1": (2.07, 2.07),
                  "fully connected": (2.99, 4.20), "ds_cnn": (2.83, 2.83)},
}
# Issue 17's "done when", instructions per MAC: the whole DS-CNN on each core, and on the Cortex-M55
# every layer type at or below CMSIS-NN's Helium figure (the high end of its range).
WHOLE_MODEL_LIMIT = {("ds_cnn", "cortex_m55"): 0.7, ("ds_cnn", "cortex_m7"): 2.8}
LAYERS_AT_CMSIS = ("cortex_m55",)
EMULATED_SAMPLES = 2  # bit-exactness in QEMU, and the profile's mean
HOST_SAMPLES = 16
RUN_SECONDS = 0.05  # each timing runs this long at least: a process start's jitter is then below 2%


def build_corpus(names: list[str], folder: Path) -> None:
    """The corpus networks not yet in `folder` (models/corpus/build.py, seeded: the same bytes)."""
    missing = [n for n in names if not (folder / f"{n}.onnx").is_file()]
    if missing:
        subprocess.run([sys.executable, "-m", "models.corpus.build", "--out", str(folder.resolve()), *missing],
                       cwd=ROOT, check=True)


def package(name: str, corpus: Path, work: Path) -> tuple[Path, PackageManifest, DataSpec]:
    """import, calibrate and quantize (ferry's defaults), codegen: the int8 package folder (and the
    fp32 one, of imported.onnx, in `package_fp32`)."""
    source = onnx.load(str(corpus / f"{name}.onnx"))
    shapes = {i.name: [1, *(d.dim_value for d in i.type.tensor_type.shape.dim[1:])] for i in source.graph.input}
    imported, _ = import_model(corpus / f"{name}.onnx", name, shapes)  # batch 1
    onnx.save(imported, str(work / "imported.onnx"))
    calibration = DataSpec.model_validate({"path": f"{name}_calib.npz"}, context={"base_dir": corpus})
    stats = collect_statistics(work / "imported.onnx", model_batches(calibration, imported, None), 2048)
    qdq, _ = quantize_model(imported, stats, QuantizeStage.model_validate({"kind": "quantize"}))
    onnx.save(qdq, str(work / "model.qdq.onnx"))
    manifest = generate_package(work / "model.qdq.onnx", name, work / "package", work / "integer.onnx")
    generate_package(work / "imported.onnx", name, work / "package_fp32")
    validation = DataSpec.model_validate({"path": f"{name}_val.npz"}, context={"base_dir": corpus})
    return work / "package", manifest, validation


def layer_type(kernel: str | None, params: dict) -> str:
    """The layer types of the kernel table, from the kernel and its parameters."""
    if kernel == "ferry::q::depthwise_conv":
        shape = params["shape"]
        return f"depthwise {shape['kernel_h']}x{shape['kernel_w']}"
    if kernel == "ferry::q::conv":
        shape = params["shape"]
        if shape["kernel_h"] == shape["kernel_w"] == 1:
            return "pointwise 1x1"
        return f"conv {shape['kernel_h']}x{shape['kernel_w']}"
    if kernel == "ferry::q::gemm":
        return "fully connected"
    return "other"


def mcu_figures(name: str, work: Path, manifest: PackageManifest, data: DataSpec, target_name: str) -> dict:
    """Bit-exactness in QEMU and instructions per MAC per layer type and for the whole model."""
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build = work / target_name
    build_cross(work / "package", build, target, [], profile=True)
    run = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner", work / "integer.onnx",
                               manifest, data, EMULATED_SAMPLES, target.emulator)
    batches, _, _ = load_samples(data, manifest, EMULATED_SAMPLES)
    plan = MemoryPlanRecord.model_validate_json((work / "package" / PLAN_FILE).read_text())
    profile = profile_on_emulator(build / "firmware_profile.elf", target.emulator, manifest, plan,
                                  quantize_inputs(batches, manifest))
    graph = GraphView(onnx.load(str(work / "integer.onnx")))
    macs = {i: count_macs(node, graph) for i, node in enumerate(graph.nodes)}
    by_type: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for layer, measured in zip(plan.layers, profile.layers):
        kind = layer_type(layer.kernel, layer.params)
        by_type[kind][0] += measured.instructions or 0.0
        by_type[kind][1] += macs[layer.index]
    total_macs = sum(macs.values())
    return {"mismatches": (run.qemu_mismatches, run.golden_mismatches), "samples": run.samples,
            "instructions": profile.total_instructions, "macs": total_macs,
            "per_type": {k: (v[0], v[1]) for k, v in sorted(by_type.items())}}


def _cmsis(target: str, kind: str) -> str:
    low, high = CMSIS_NN[target].get(kind, (None, None))
    if low is None:
        return ""
    return f"{low:.2f}" if low == high else f"{low:.2f}-{high:.2f}"


def _verdict(per_mac: float, limit: float | None) -> str:
    return "" if limit is None else ("PASS" if per_mac <= limit else "FAIL")


def mcu_table(name: str, target: str, figures: dict) -> list[str]:
    """The lines printed for one model on one core: the whole model, then each layer type, with
    CMSIS-NN's figure and the verdict against issue 17's limits where it sets one."""
    qemu, golden = figures["mismatches"]
    whole = figures["instructions"] / figures["macs"]
    column = "Helium" if target == "cortex_m55" else "DSP"
    limit = WHOLE_MODEL_LIMIT.get((name, target))
    lines = [f"  {target}: {figures['instructions']:,.0f} instructions = {whole:.3f} per MAC"
             + (f" (CMSIS-NN {column}: {_cmsis(target, name)}; limit {limit}: {_verdict(whole, limit)})"
                if limit is not None else "")
             + f"; outputs differing from host / golden model: {qemu} / {golden} of {figures['samples']} samples",
             f"    {'layer type':<18} {'instructions':>14} {'MACs':>12} {'per MAC':>8} {'CMSIS-NN ' + column:>17}"]
    for kind, (instructions, macs) in figures["per_type"].items():
        per_mac = instructions / macs if macs else None
        cmsis = _cmsis(target, kind)
        at_cmsis = CMSIS_NN[target][kind][1] if cmsis and target in LAYERS_AT_CMSIS else None
        shown = f"{per_mac:8.3f}" if per_mac is not None else f"{'-':>8}"
        lines.append(f"    {kind:<18} {instructions:>14,.0f} {macs:>12,.0f} {shown} {cmsis:>17} "
                     f"{_verdict(per_mac, at_cmsis) if per_mac is not None else ''}".rstrip())
    return lines


def interleaved_median(timers: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """The median of `rounds` timings of each, taken in turns, so that a busy spell of the shared
    machine slows every contestant rather than one."""
    times: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(rounds):
        for name, timer in timers.items():
            times[name].append(timer())
    return {name: statistics.median(values) for name, values in times.items()}


HOST_TARGETS = ("host", "host_avx2", "host_native")
# issue 17's Done-when: onnxruntime time / C++ time on host_native, per precision
HOST_GOALS = {"int8": 1.0, "fp32": 0.5}


def repeats(timer: Callable[[int], Callable[[], float]]) -> Callable[[], float]:
    """`timer(repeat)` with the repeat that makes one timing last RUN_SECONDS, from a first timing
    of 8 passes (at least 1 us per inference: a process start's jitter can exceed a short run)."""
    per_inference_us = max(timer(8)(), 1.0)
    return timer(max(1, min(256, math.ceil(RUN_SECONDS * 1e6 / (per_inference_us * HOST_SAMPLES)))))


def runner_timers(package_dir: Path, build: Path, manifest: PackageManifest,
                  inputs: list[dict[str, np.ndarray]], label: str) -> dict[str, Callable[[], float]]:
    """The package's runner built for each host target, timed over `inputs`."""
    per_sample = []
    for i, sample in enumerate(inputs):
        write_inputs(build / f"{label}_sample{i}.bin", manifest, [sample])
        per_sample.append((build / f"{label}_sample{i}.bin").read_bytes())
    timers: dict[str, Callable[[], float]] = {}
    for target_name in HOST_TARGETS:
        target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
        runner = build_host(package_dir, build / f"{label}_{target_name}", target.compiler.cxx, target.compiler.flags)
        timers[f"{label} C++ {target_name}"] = repeats(
            lambda repeat, runner=runner: cpp_timer(runner, per_sample, repeat, build))
    return timers


def host_figures(work: Path, manifest: PackageManifest, data: DataSpec, rounds: int) -> dict[str, float]:
    """Microseconds per inference: int8 and fp32 C++ (each of HOST_TARGETS) and onnxruntime
    on model.qdq.onnx and on imported.onnx, all taken in turns."""
    batches, _, _ = load_samples(data, manifest, HOST_SAMPLES)
    fp32_manifest = PackageManifest.model_validate_json((work / "package_fp32" / "package.json").read_text())
    floats = [{port.onnx_name: batch[port.onnx_name].astype(np.float32) for port in manifest.inputs}
              for batch in batches]
    timers = {**runner_timers(work / "package", work, manifest, quantize_inputs(batches, manifest), "int8"),
              **runner_timers(work / "package_fp32", work, fp32_manifest, floats, "fp32"),
              "int8 onnxruntime": repeats(lambda repeat: onnxruntime_timer(work / "model.qdq.onnx", floats, repeat)),
              "fp32 onnxruntime": repeats(lambda repeat: onnxruntime_timer(work / "imported.onnx", floats, repeat))}
    return interleaved_median(timers, rounds)


def onnxruntime_isa() -> str:
    """What onnxruntime's MLAS runs on this CPU (it dispatches on CPUID at run time, whatever the
    C++ build's flags), from /proc/cpuinfo's flags."""
    cpuinfo = Path("/proc/cpuinfo")
    flags = set(cpuinfo.read_text().split()) if cpuinfo.is_file() else set()
    if "avx512_vnni" in flags:
        return "AVX-512 VNNI"
    if "avx_vnni" in flags:
        return "AVX-VNNI"
    return "AVX2" if "avx2" in flags else "its portable or SSE kernels"


def print_host(times: dict[str, float]) -> list[bool]:
    """The ratios per precision and host target; PASS or FAIL of host_native against HOST_GOALS."""
    verdicts = []
    for precision, goal in HOST_GOALS.items():
        ort = times[f"{precision} onnxruntime"]
        print(f"  host {precision}, us per inference (median of interleaved rounds): onnxruntime {ort:.1f}, "
              + ", ".join(f"C++ {t} {times[f'{precision} C++ {t}']:.1f}" for t in HOST_TARGETS))
        for target_name in HOST_TARGETS:
            ratio = ort / times[f"{precision} C++ {target_name}"]
            verdict = ""
            if target_name == "host_native":
                verdicts.append(ratio >= goal)
                verdict = f"  {'PASS' if ratio >= goal else 'FAIL'} (goal >= {goal})"
            print(f"    onnxruntime / C++ {target_name} = {ratio:.2f}{verdict}")
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--targets", nargs="+", default=[*MCU_TARGETS, "host"], choices=[*MCU_TARGETS, "host"])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the corpus and builds here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ferry-kernels-") as scratch:
        work = (args.work or Path(scratch)).resolve()
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        build_corpus(args.models, corpus)
        verdicts: list[bool] = []
        if "host" in args.targets:
            print(f"host: onnxruntime runs its {onnxruntime_isa()} kernels on this CPU (MLAS dispatches on "
                  "CPUID) in every row; C++ host = portable loops, host_avx2 = -march=x86-64-v3, "
                  "host_native = -march=native")
        for name in args.models:
            folder = work / name
            folder.mkdir(exist_ok=True)
            _, manifest, data = package(name, corpus, folder)
            print(f"\n{name}: {manifest.macs:,} MACs, {manifest.nodes} nodes")
            for target_name in [t for t in args.targets if t in MCU_TARGETS]:
                figures = mcu_figures(name, folder, manifest, data, target_name)
                for line in mcu_table(name, target_name, figures):
                    print(line)
            if "host" in args.targets:
                verdicts += print_host(host_figures(folder, manifest, data, args.rounds))
        if verdicts:
            print(f"\nhost: {sum(verdicts)} of {len(verdicts)} ratios reach issue 17's goals "
                  f"(load average {os.getloadavg()[0]:.1f}: a busy machine slows both sides, not evenly)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
