"""A MobileNetV2-style network with random weights, run through ferry's import, quantize (on random
calibration data) and codegen, for bench/memory_plan.py and bench/silicon.py.

The inverted residual blocks of Sandler et al. 2018 (expand 1x1, depthwise 3x3, project 1x1,
ReLU6, residual Add when the shape allows), BatchNorm folded into the convolutions' biases. The
weights are random, so only memory, MACs, cycles and energy mean anything, not the outputs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from ferry.schemas.pipeline import DataSpec, QuantizeStage
from ferry.stages.codegen import generate_package
from ferry.stages.common.data import model_batches
from ferry.stages.importer import import_model
from ferry.stages.quantize import collect_statistics, quantize_model

# (expansion t, channels c, repeats n, first stride s): the MobileNetV2 table
BLOCKS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
          (6, 320, 1, 1))


def _divisible(channels: float, by: int = 8) -> int:
    return max(by, int(channels + by / 2) // by * by)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.nodes: list[onnx.NodeProto] = []
        self.weights: list[onnx.TensorProto] = [numpy_helper.from_array(np.array(0, np.float32), "zero"),
                                                numpy_helper.from_array(np.array(6, np.float32), "six")]

    def conv(self, x: str, channels: int, out: int, kernel: int, stride: int, groups: int,
             relu6: bool, name: str) -> str:
        fan_in = channels // groups * kernel * kernel
        w = (self.rng.standard_normal((out, channels // groups, kernel, kernel)) * np.sqrt(2 / fan_in))
        self.weights += [numpy_helper.from_array(w.astype(np.float32), f"{name}.w"),
                         numpy_helper.from_array((self.rng.standard_normal(out) * 0.1).astype(np.float32),
                                                 f"{name}.b")]
        pad = kernel // 2
        self.nodes.append(helper.make_node("Conv", [x, f"{name}.w", f"{name}.b"], [f"{name}.y"],
                                           name=name, strides=[stride, stride], group=groups,
                                           pads=[pad] * 4))
        if not relu6:
            return f"{name}.y"
        self.nodes.append(helper.make_node("Clip", [f"{name}.y", "zero", "six"], [f"{name}.r"],
                                           name=f"{name}.relu6"))
        return f"{name}.r"

    def block(self, x: str, channels: int, out: int, expand: int, stride: int, name: str) -> str:
        hidden = channels * expand
        h = self.conv(x, channels, hidden, 1, 1, 1, True, f"{name}.expand") if expand != 1 else x
        h = self.conv(h, hidden, hidden, 3, stride, hidden, True, f"{name}.dw")
        h = self.conv(h, hidden, out, 1, 1, 1, False, f"{name}.project")
        if stride == 1 and channels == out:
            self.nodes.append(helper.make_node("Add", [x, h], [f"{name}.add"], name=f"{name}.add"))
            return f"{name}.add"
        return h


def mobilenet_v2(size: int = 224, width: float = 0.35, classes: int = 1000, seed: int = 0) -> onnx.ModelProto:
    b = _Builder(seed)
    channels = _divisible(32 * width)
    x = b.conv("input", 3, channels, 3, 2, 1, True, "stem")
    for i, (t, c, n, s) in enumerate(BLOCKS):
        out = _divisible(c * width)
        for j in range(n):
            x = b.block(x, channels, out, t, s if j == 0 else 1, f"block{i}_{j}")
            channels = out
    x = b.conv(x, channels, 1280, 1, 1, 1, True, "head")
    b.nodes += [helper.make_node("GlobalAveragePool", [x], ["pooled"], name="pool"),
                helper.make_node("Flatten", ["pooled"], ["features"], name="flatten"),
                helper.make_node("Gemm", ["features", "fc.w", "fc.b"], ["logits"], name="fc", transB=1)]
    b.weights += [numpy_helper.from_array((b.rng.standard_normal((classes, 1280)) * 0.03).astype(np.float32), "fc.w"),
                  numpy_helper.from_array(np.zeros(classes, np.float32), "fc.b")]
    graph = helper.make_graph(b.nodes, "mobilenet_v2",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, size, size])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, classes])],
                              b.weights)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def build_package(folder: Path, size: int, width: float, samples: int = 4) -> Path:
    """import, calibrate and quantize on random inputs, codegen: the package folder."""
    onnx.save(mobilenet_v2(size, width), str(folder / "mobilenet_v2.onnx"))
    imported, _ = import_model(folder / "mobilenet_v2.onnx", "mobilenet_v2", {})
    onnx.save(imported, str(folder / "imported.onnx"))
    data = np.random.default_rng(1).uniform(-1, 1, (samples, 3, size, size)).astype(np.float32)
    np.savez(folder / "calibration.npz", input=data)
    spec = DataSpec.model_validate({"path": "calibration.npz"}, context={"base_dir": folder})
    stats = collect_statistics(folder / "imported.onnx", model_batches(spec, imported, None), 512)
    qdq, _ = quantize_model(imported, stats, QuantizeStage.model_validate({"kind": "quantize"}))
    onnx.save(qdq, str(folder / "model.qdq.onnx"))
    generate_package(folder / "model.qdq.onnx", "mobilenet_v2", folder / "package", folder / "integer.onnx")
    return folder / "package"
