"""Fit the Cortex-M targets' costs of the int16 kernels (ferry::q16::*, kernels/ferry_int16.h) on
per-layer instructions measured in QEMU, print estimate against measurement, and write them
into the target files.

    python -m bench.calibrate_q16 [--work DIR] [--targets NAME ...] [--dry-run]

The calibration program (random, seeded weights, written with onnx.helper) is quantized with
every layer in int16 but two Sigmoids (no int16 kernel), so it has borders (ferry::q16::convert)
and the kernels' loop counts apart: dense, pointwise, depthwise, grouped, dilated and strided
convolutions with windows mostly out of bounds (5x5 on a 6x5 map) or none, adds and muls,
Gemms of depths 40 to 1920 and a MatMul by a constant (ferry::q16::gemm) and MatMuls of two
activations of depths 8, 30 and 120 (ferry::q16::matmul). It is built with the stage functions
(no pipeline), profiled with the profiling firmware under `qemu -icount`, and each q16 kernel
fitted as bench/calibrate_mcu.py fits the others (stages/simulate/mcu_cost.py `fit_costs`).
bench/calibrate_mcu.py keeps these entries when it rewrites the rest; tests/test_int16.py checks
them on a program the fit never saw.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from bench.mcu_models import MCU_TARGETS
from ferry.core.files import write_text_atomic
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest, PlannedLayer
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.schemas.profile import Profile
from ferry.schemas.target import KernelCost, TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.embedded.build import build_cross
from ferry.stages.evaluate import quantize_inputs
from ferry.stages.importer import import_model
from ferry.stages.profile import profile_on_emulator
from ferry.stages.quantize import collect_statistics, quantize_model
from ferry.stages.simulate import mcu_cost
from ferry.stages.simulate.isa import compiles_helium
from ferry.stages.simulate.kernels import layer_work

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "ferry::q16::"
SHAPE = (1, 8, 12, 10)


def _model() -> onnx.ModelProto:
    rng = np.random.default_rng(29)
    initializers: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def conv(name: str, x: str, out: int, depth: int, kernel: tuple[int, int], **attributes: Any) -> str:
        w = (rng.standard_normal((out, depth, *kernel)) * 0.3).astype(np.float32)
        initializers.append(numpy_helper.from_array(w, f"{name}_w"))
        nodes.append(helper.make_node("Conv", [x, f"{name}_w"], [f"{name}_c"], name=name, **attributes))
        nodes.append(helper.make_node("Relu", [f"{name}_c"], [name], name=f"{name}_relu"))
        return name

    def constant(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(value, name))
        return name

    c0 = conv("c0", "x", 8, 8, (3, 3), pads=[1, 1, 1, 1])
    nodes.append(helper.make_node("Sigmoid", [c0], ["s0"], name="s0"))  # int8 (no int16 kernel): two borders
    c1 = conv("c1", "s0", 16, 8, (3, 3), pads=[1, 1, 1, 1])
    c2 = conv("c2", c1, 16, 16, (1, 1))
    nodes.append(helper.make_node("Add", [c1, c2], ["wide_sum"], name="wide_add"))
    nodes.append(helper.make_node("Mul", [c1, c2], ["wide_product"], name="wide_mul"))
    dw = conv("dw", "wide_sum", 16, 1, (3, 3), group=16, strides=[2, 2], pads=[1, 1, 1, 1])  # 6x5
    grouped = conv("grouped", dw, 8, 4, (3, 3), group=4, pads=[1, 1, 1, 1])
    c5 = conv("c5", grouped, 12, 8, (5, 5), pads=[2, 2, 2, 2])
    c6 = conv("c6", c5, 8, 12, (3, 3), dilations=[2, 2], pads=[2, 2, 2, 2])
    nodes.append(helper.make_node("Sigmoid", [c6], ["s6"], name="s6"))
    c7 = conv("c7", "s6", 8, 8, (1, 1))
    c8 = conv("c8", c7, 8, 8, (3, 1), pads=[1, 0, 1, 0])
    c9 = conv("c9", c8, 8, 1, (5, 5), group=8, pads=[2, 2, 2, 2])
    nodes += [
        helper.make_node("Add", [c9, grouped], ["summed"], name="add"),
        helper.make_node("Mul", ["summed", c7], ["product"], name="mul"),
        helper.make_node("Flatten", ["product"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", constant("w_gemm", (rng.standard_normal((40, 240)) * 0.1)
                                                   .astype(np.float32))], ["gemm"], name="gemm", transB=1),
        helper.make_node("Relu", ["gemm"], ["gemm_relu"], name="gemm_relu"),
        helper.make_node("MatMul", ["gemm_relu", constant("w_matmul", (rng.standard_normal((40, 10)) * 0.3)
                                                          .astype(np.float32))], ["y"], name="matmul_const"),
        helper.make_node("Reshape", ["product", constant("rows", np.array([1, 8, 30], np.int64))], ["a"],
                         name="rows"),
        helper.make_node("Transpose", ["a"], ["a_t"], name="a_t", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["a", "a_t"], ["z"], name="gram"),
        helper.make_node("MatMul", ["a_t", "a"], ["u"], name="outer"),  # depth 8
        helper.make_node("Flatten", ["wide_sum"], ["wide_flat"], name="wide_flatten"),
        helper.make_node("Gemm", ["wide_flat", constant("w_deep", (rng.standard_normal((6, 1920)) * 0.05)
                                                        .astype(np.float32))], ["t"], name="deep", transB=1),
        helper.make_node("Gemm", ["gemm_relu", constant("w_fc", (rng.standard_normal((24, 40)) * 0.3)
                                                        .astype(np.float32))], ["s"], name="fc", transB=1),
        helper.make_node("Reshape", ["wide_product", constant("wide_rows", np.array([1, 16, 120], np.int64))],
                         ["b"], name="wide_rows"),
        helper.make_node("Transpose", ["b"], ["b_t"], name="b_t", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["b", "b_t"], ["v"], name="wide_gram"),
    ]
    graph = helper.make_graph(nodes, "q16_calibration", [helper.make_tensor_value_info("x", TensorProto.FLOAT, SHAPE)],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10]),
                               helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 8, 8]),
                               helper.make_tensor_value_info("v", TensorProto.FLOAT, [1, 16, 16]),
                               helper.make_tensor_value_info("u", TensorProto.FLOAT, [1, 30, 30]),
                               helper.make_tensor_value_info("t", TensorProto.FLOAT, [1, 6]),
                               helper.make_tensor_value_info("s", TensorProto.FLOAT, [1, 24])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def build_program(folder: Path, model: onnx.ModelProto, samples: np.ndarray, int16: set[str] | None = None,
                  ) -> tuple[PackageManifest, MemoryPlanRecord]:
    """Quantize `model` on `samples` with the nodes `int16` (None: every node) in int16 and
    generate its package in `folder`."""
    onnx.save(model, str(folder / "float.onnx"))
    imported, _ = import_model(folder / "float.onnx", "m", {})
    onnx.save(imported, str(folder / "imported.onnx"))
    np.savez(folder / "data.npz", x=samples)
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": folder})
    stats = collect_statistics(folder / "imported.onnx", model_batches(data, imported, None), 512)
    names = {n.name for n in imported.graph.node} if int16 is None else int16
    qdq, _ = quantize_model(imported, stats, QuantizeStage(kind="quantize"), int16=dict.fromkeys(names, "calibration"))
    onnx.save(qdq, str(folder / "model.qdq.onnx"))
    manifest = generate_package(folder / "model.qdq.onnx", "m", folder / "package", folder / "integer.onnx")
    plan = MemoryPlanRecord.model_validate_json((folder / "package" / "memory_plan.json").read_text())
    return manifest, plan


def measure(folder: Path, manifest: PackageManifest, plan: MemoryPlanRecord, target: TargetSpec,
            sample: np.ndarray) -> Profile:
    """Per-layer instructions of the package under qemu -icount (the profiling firmware, one sample)."""
    assert target.emulator is not None
    build = folder / target.name
    build_cross(folder / "package", build, target, [], host_reference=False, profile=True)
    return profile_on_emulator(build / "firmware_profile.elf", target.emulator, manifest, plan,
                               quantize_inputs([{"x": sample[None]}], manifest))


def q16_layers(plan: MemoryPlanRecord) -> list[PlannedLayer]:
    return [layer for layer in plan.layers if (mcu_cost.family(layer) or "").startswith(PREFIX)]


def fit(plan: MemoryPlanRecord, profile: Profile, helium: bool) -> dict[str, KernelCost]:
    """Per q16 kernel, the instructions per unit that fit the measured layers."""
    rows: dict[str, list[tuple[dict[str, float], float]]] = defaultdict(list)
    for layer in q16_layers(plan):
        measured = profile.layers[layer.index].instructions
        assert measured is not None
        kernel = mcu_cost.family(layer) or ""
        rows[kernel].append((mcu_cost.layer_units(layer, layer_work(layer, None), helium), measured))
    return {kernel: mcu_cost.fit_costs(kernel_rows) for kernel, kernel_rows in rows.items()}


def _cost_line(kernel: str, cost: KernelCost, layers: int) -> str:
    fields = ", ".join(f"{name}: {value:g}" for name, value in cost.model_dump().items() if value)
    return f"    \"{kernel}\": {{{fields}}}  # {layers} layers (bench/calibrate_q16.py)"


def q16_lines(text: str) -> list[str]:
    """The q16 kernels' cost lines of a target file (bench/calibrate_mcu.py carries them over)."""
    return [line for line in text.splitlines() if line.startswith(f"    \"{PREFIX}")]


def write_q16(target_file: Path, lines: list[str]) -> None:
    """Replace the target file's q16 cost lines (at the end of its calibrated kernels) by `lines`."""
    text = target_file.read_text()
    kept = [line for line in text.splitlines() if line not in q16_lines(text)]
    write_text_atomic(target_file, "\n".join(kept + lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=None, help="build folder (default: a temporary one)")
    parser.add_argument("--targets", nargs="+", default=list(MCU_TARGETS))
    parser.add_argument("--dry-run", action="store_true", help="print the fitted costs, write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.work or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        samples = np.random.default_rng(5).standard_normal((8, *SHAPE[1:])).astype(np.float32)
        manifest, plan = build_program(folder, _model(), samples)
        for name in args.targets:
            target_file = ROOT / "targets" / f"{name}.yaml"
            target = load_model(target_file, TargetSpec)
            helium = compiles_helium(target.compiler.flags)
            profile = measure(folder, manifest, plan, target, samples[0])
            costs = fit(plan, profile, helium)
            print(f"{name}:")
            for layer in q16_layers(plan):
                kernel = mcu_cost.family(layer) or ""
                estimated = mcu_cost.instructions(mcu_cost.layer_units(layer, layer_work(layer, None), helium),
                                                  costs[kernel])
                measured = profile.layers[layer.index].instructions or 0
                print(f"  {layer.node[-28:]:28} {kernel:22} {estimated:12,.0f} {measured:12,.0f} "
                      f"{estimated / measured:6.3f}")
            counts = {k: sum(mcu_cost.family(la) == k for la in q16_layers(plan)) for k in costs}
            lines = [_cost_line(k, costs[k], counts[k]) for k in sorted(costs)]
            print("\n".join(lines))
            if not args.dry_run:
                write_q16(target_file, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
