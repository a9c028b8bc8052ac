"""Arm's CMSIS-NN on exactly the layers of a ferry program: the yardstick of bench/kernels.py.

A benchmark comparator only, never part of ferry's generated code: the vendored CMSIS-NN sources
(vendor/, Apache-2.0) are compiled into a firmware of their own. For every conv, depthwise conv
and gemm layer of the program, CMSIS-NN's s8 wrapper runs on the same quantized weights and
requantization and on the golden model's input tensor of one sample (layers.py); its output is
compared with the golden model's bit for bit, and its instructions are counted in QEMU as ferry's
profiling firmware counts a node (firmware.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx

from bench.cmsis_nn.firmware import build_firmware, run_layers
from bench.cmsis_nn.layers import cmsis_layers
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.target import TargetSpec
from ferry.stages.common.reference import Batch


@dataclass(frozen=True)
class CmsisFigure:
    """One layer under CMSIS-NN: the instructions of its wrapper call (the mean over the samples),
    and its output elements that differ from the golden model's (of `elements`, all samples)."""

    node: str
    instructions: float
    mismatches: int
    elements: int


def measure(program: Path, plan: MemoryPlanRecord, samples: list[Batch], target: TargetSpec,
            firmware: Path) -> dict[int, CmsisFigure]:
    """CMSIS-NN on every conv, depthwise conv and gemm layer of `program` (integer.onnx) for each
    of `samples` (the program's int8 inputs), on `target`'s emulator with `firmware`
    (build_firmware's ELF); by node index."""
    model = onnx.load(str(program))
    instructions: dict[int, list[float]] = defaultdict(list)
    mismatches: dict[int, int] = defaultdict(int)
    elements: dict[int, int] = defaultdict(int)
    nodes: dict[int, str] = {}
    for feeds in samples:
        layers = cmsis_layers(model, plan, feeds)
        run = run_layers(firmware, target, layers, plan, harness_slot=len(model.graph.node))
        counted = {m.index: m.instructions or 0.0 for m in run.profile.layers}
        for layer, output in zip(layers, run.outputs):
            nodes[layer.index] = layer.node
            instructions[layer.index].append(counted[layer.index])
            mismatches[layer.index] += int(np.count_nonzero(output != layer.expected))
            elements[layer.index] += layer.expected.size
    return {index: CmsisFigure(node, sum(instructions[index]) / len(instructions[index]), mismatches[index],
                               elements[index])
            for index, node in nodes.items()}


__all__ = ["CmsisFigure", "build_firmware", "measure"]
