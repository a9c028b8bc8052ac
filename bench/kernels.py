"""Speed of ferry's int8 kernels on MLPerf-Tiny-style networks.

    python -m bench.kernels [--models ds_cnn ...] [--targets cortex_m55 cortex_m7 host]
                            [--rounds 7] [--work DIR] [--layers]

For each network (models/corpus/build.py: ResNet-8, DS-CNN, MobileNetV2-0.35 at 96x96, a
MobileNetV3-small-style net; seeded random weights, synthetic calibration data), ferry imports,
calibrates, quantizes and generates the package, then:

- cortex_m55 / cortex_m7: the firmware runs in QEMU (mps3-an547 with Helium / mps2-an500 without)
  on 2 validation samples and every output is compared bit for bit with the host build and the
  golden model; the profiling firmware counts the instructions of every layer (SysTick under
  -icount shift=0, stages/profile.py), printed per layer type and for the whole model as
  instructions per MAC (MACs of a dense execution, padding taps included, as CMSIS-NN counts).
  Beside it, the yardstick: Arm's CMSIS-NN (bench/cmsis_nn, vendored) on exactly the same conv,
  depthwise and fully connected layers (shapes, quantized weights, requantization, the golden
  model's input tensors of the same 2 samples), built with the same compiler and the target's
  flags (-O2), counted the same way: its Helium kernels on the M55, its DSP kernels on the M7. Its
  outputs are compared with the golden model's bit for bit too (a mismatch is printed). PASS/FAIL
  against issue 17's limits: the whole DS-CNN at most 0.7 instructions per MAC on the M55 and 2.8
  on the M7, every layer type on the M55 at or below CMSIS-NN on the same layers. `--layers`
  prints every layer's row (ferry and CMSIS-NN instructions per MAC).
- host: the int8 runner built with the host target's flags (-O3, portable loops), with
  `-march=x86-64-v3` (targets/host_avx2.yaml: the AVX2 kernels, what a CPU without AVX-512 gets)
  and with `-march=native` (targets/host_native.yaml: AVX-512 VNNI kernels where the CPU has them)
  against onnxruntime on the same model.qdq.onnx, and the fp32 runner (the package of the imported float model) against
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from bench.cmsis_nn import CmsisFigure, build_firmware
from bench.cmsis_nn import measure as measure_cmsis
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
from ferry.toolchain.sizes import section_sizes

ROOT = Path(__file__).resolve().parents[1]



MODELS = ("resnet8", "ds_cnn", "mobilenet_v2_vww", "mobilenet_v3_small")
MCU_TARGETS = ("cortex_m55", "cortex_m7")
# Issue 17's "done when", instructions per MAC: the whole DS-CNN on each core, and on the Cortex-M55
# every layer type at or below CMSIS-NN on the same layers.
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


@dataclass(frozen=True)
class LayerRow:
    """One layer on one core: ferry's instructions and, for a layer CMSIS-NN has a kernel for,
    CMSIS-NN's on the same layer (bench/cmsis_nn)."""

    index: int
    node: str
    kind: str
    macs: int
    instructions: float
    cmsis: CmsisFigure | None


def mcu_figures(name: str, work: Path, manifest: PackageManifest, data: DataSpec, target_name: str,
                cmsis_firmware: Path) -> dict:
    """Bit-exactness in QEMU and instructions per layer, ferry's and CMSIS-NN's on the same layers
    and samples (`cmsis_firmware`: bench/cmsis_nn's build for the target)."""
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build = work / target_name
    build_cross(work / "package", build, target, [], profile=True)
    run = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner", work / "integer.onnx",
                               manifest, data, EMULATED_SAMPLES, target.emulator)
    batches, _, _ = load_samples(data, manifest, EMULATED_SAMPLES)
    samples = quantize_inputs(batches, manifest)
    plan = MemoryPlanRecord.model_validate_json((work / "package" / PLAN_FILE).read_text())
    profile = profile_on_emulator(build / "firmware_profile.elf", target.emulator, manifest, plan, samples)
    cmsis = measure_cmsis(work / "integer.onnx", plan, samples, target, cmsis_firmware)
    graph = GraphView(onnx.load(str(work / "integer.onnx")))
    macs = {i: count_macs(node, graph) for i, node in enumerate(graph.nodes)}
    rows = [LayerRow(layer.index, layer.node, layer_type(layer.kernel, layer.params), macs[layer.index],
                     measured.instructions or 0.0, cmsis.get(layer.index))
            for layer, measured in zip(plan.layers, profile.layers)]
    code = section_sizes(target.compiler.size, [build / "model.o"], build).text_bytes  # kernels and calls, no weights
    return {"mismatches": (run.qemu_mismatches, run.golden_mismatches), "samples": run.samples,
            "instructions": profile.total_instructions, "macs": sum(macs.values()), "layers": rows,
            "code_bytes": code}


def _verdict(per_mac: float, limit: float | None) -> str:
    return "" if limit is None else ("PASS" if per_mac <= limit else "FAIL")


def _per_mac(instructions: float, macs: float) -> str:
    return f"{instructions / macs:8.3f}" if macs else f"{'-':>8}"


def _type_lines(target: str, rows: list[LayerRow]) -> list[str]:
    """Per layer type: ferry's instructions, MACs, per MAC; CMSIS-NN's per MAC on the same layers,
    and on the M55 PASS when ferry is at or below it."""
    lines = []
    for kind in sorted({row.kind for row in rows}):
        chosen = [row for row in rows if row.kind == kind]
        instructions, macs = sum(r.instructions for r in chosen), sum(r.macs for r in chosen)
        measured = [r for r in chosen if r.cmsis is not None]
        cmsis, verdict = "", ""
        if measured and len(measured) == len(chosen) and macs:
            yardstick = sum(r.cmsis.instructions for r in measured if r.cmsis) / macs
            cmsis = f"{yardstick:8.3f}"
            verdict = _verdict(instructions / macs, yardstick if target in LAYERS_AT_CMSIS else None)
        lines.append(f"    {kind:<18} {instructions:>14,.0f} {macs:>12,.0f} {_per_mac(instructions, macs)} "
                     f"{cmsis:>17} {verdict}".rstrip())
    return lines


def _layer_lines(rows: list[LayerRow]) -> list[str]:
    """Every layer CMSIS-NN ran: ferry's and CMSIS-NN's instructions per MAC, and their ratio."""
    lines = [f"    {'layer':<6} {'type':<16} {'MACs':>10} {'ferry':>8} {'CMSIS-NN':>8} {'ratio':>6}  node"]
    for row in rows:
        if row.cmsis is None:
            continue
        ratio = row.instructions / row.cmsis.instructions if row.cmsis.instructions else float("inf")
        lines.append(f"    {row.index:<6} {row.kind:<16} {row.macs:>10,} {_per_mac(row.instructions, row.macs)} "
                     f"{_per_mac(row.cmsis.instructions, row.macs)} {ratio:6.2f}  {row.node}")
    return lines


def mcu_table(name: str, target: str, figures: dict, per_layer: bool = False) -> list[str]:
    """The lines printed for one model on one core: the whole model, CMSIS-NN's bit-exactness,
    then each layer type beside CMSIS-NN on the same layers (and, `per_layer`, each layer), with
    the verdicts against issue 17's limits where it sets one."""
    qemu, golden = figures["mismatches"]
    whole = figures["instructions"] / figures["macs"]
    column = "Helium" if target == "cortex_m55" else "DSP"
    limit = WHOLE_MODEL_LIMIT.get((name, target))
    rows: list[LayerRow] = figures["layers"]
    measured = [row for row in rows if row.cmsis is not None]
    differing = sum(row.cmsis.mismatches for row in measured if row.cmsis)
    elements = sum(row.cmsis.elements for row in measured if row.cmsis)
    covered_macs = sum(row.macs for row in measured)
    lines = [f"  {target}: {figures['instructions']:,.0f} instructions = {whole:.3f} per MAC"
             + (f" (limit {limit}: {_verdict(whole, limit)})" if limit is not None else "")
             + f"; outputs differing from host / golden model: {qemu} / {golden} of {figures['samples']} samples"
             + f"; model.o code {figures['code_bytes']:,} bytes (kernels and their calls, not the weights)",
             f"    on the {len(measured)} layers CMSIS-NN ran: ferry "
             f"{_per_mac(sum(r.instructions for r in measured), covered_macs).strip()}, CMSIS-NN {column} "
             f"{_per_mac(sum(r.cmsis.instructions for r in measured if r.cmsis), covered_macs).strip()} "
             f"per MAC; CMSIS-NN outputs differing from the golden model: {differing} of {elements:,}"
             + ("" if differing == 0 else "  MISMATCH"),
             f"    {'layer type':<18} {'instructions':>14} {'MACs':>12} {'per MAC':>8} {'CMSIS-NN ' + column:>17}",
             *_type_lines(target, rows)]
    return lines + (_layer_lines(rows) if per_layer else [])


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
    parser.add_argument("--layers", action="store_true",
                        help="print every conv, depthwise and fully connected layer: ferry and CMSIS-NN per MAC")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ferry-kernels-") as scratch:
        work = (args.work or Path(scratch)).resolve()
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        build_corpus(args.models, corpus)
        cmsis_firmware = {t: build_firmware(load_model(ROOT / "targets" / f"{t}.yaml", TargetSpec),
                                            work / "cmsis_nn" / t) for t in args.targets if t in MCU_TARGETS}
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
                figures = mcu_figures(name, folder, manifest, data, target_name, cmsis_firmware[target_name])
                for line in mcu_table(name, target_name, figures, args.layers):
                    print(line)
            if "host" in args.targets:
                verdicts += print_host(host_figures(folder, manifest, data, args.rounds))
        if verdicts:
            print(f"\nhost: {sum(verdicts)} of {len(verdicts)} ratios reach issue 17's goals "
                  f"(load average {os.getloadavg()[0]:.1f}: a busy machine slows both sides, not evenly)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
