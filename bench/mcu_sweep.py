"""A calibration network for the MCU cost model: the kernel shapes the corpus networks leave out.

The corpus MobileNets run their depthwise layers on square maps, where a kernel's rows, lines and
output rows all move together, so a least-squares fit cannot tell what each of them costs. This
network (random, seeded weights, written with onnx.helper, no torch) puts the kernels' loop
counts apart: a one-channel 5x3 first layer (a window row is one run), pointwise depths of 16
and 24, depthwise 3x3 and 5x5 windows on maps that run along the rows with short passes of 2,
and down the columns (18x3, then 9x3 at a stride of 2 down them) with passes of 4 and a last one
of 2, strides of 1 and 2, a 3x2 average pool and a global one, and a fully connected layer. bench/calibrate_mcu.py
fits on it with the MobileNets and the example; DS-CNN and ResNet-8 stay held out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from ferry.core.files import write_bytes_atomic
from ferry.stages.common.data import save_npz_atomic

NAME = "mcu_sweep"
SHAPE = [1, 1, 36, 12]
SAMPLES = 16


def _model() -> onnx.ModelProto:
    rng = np.random.default_rng(23)

    def weight(name: str, *shape: int, scale: float = 0.3) -> onnx.TensorProto:
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    def conv(name: str, x: str, w: str, **attributes: Any) -> list[onnx.NodeProto]:
        return [helper.make_node("Conv", [x, w, f"{w}_b"], [f"{name}_c"], name=name, **attributes),
                helper.make_node("Relu", [f"{name}_c"], [name], name=f"{name}_relu")]

    nodes = [
        *conv("stem", "input", "w_stem", kernel_shape=[5, 3], strides=[2, 1], pads=[2, 1, 2, 1]),  # 16x18x12
        *conv("dw3", "stem", "w_dw3", group=16, pads=[1, 1, 1, 1]),                               # along rows of 12
        *conv("dw5s2", "dw3", "w_dw5s2", group=16, strides=[2, 2], pads=[2, 2, 2, 2]),             # 9x6: 4 + 2 lanes
        *conv("pw16", "dw5s2", "w_pw16"),                                                          # depth 16 -> 24
        *conv("dw3b", "pw16", "w_dw3b", group=24, pads=[1, 1, 1, 1]),
        helper.make_node("Reshape", ["dw3b", "tall"], ["tall_map"], name="tall"),                  # 24x18x3
        *conv("dw3t", "tall_map", "w_dw3t", group=24, pads=[1, 1, 1, 1]),                          # down columns of 18
        *conv("dw5t", "dw3t", "w_dw5t", group=24, strides=[2, 1], pads=[2, 2, 2, 2]),             # 9x3, down
        *conv("pw24", "dw5t", "w_pw24"),                                                           # depth 24 -> 40
        helper.make_node("AveragePool", ["pw24"], ["pool"], name="pool", kernel_shape=[3, 2]),    # 40x3x2
        helper.make_node("GlobalAveragePool", ["pool"], ["global"], name="global"),
        helper.make_node("Flatten", ["global"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "w_fc", "w_fc_b"], ["output"], name="fc", transB=1),
    ]
    initializers = [
        weight("w_stem", 16, 1, 5, 3), weight("w_stem_b", 16, scale=0.1),
        weight("w_dw3", 16, 1, 3, 3, scale=0.5), weight("w_dw3_b", 16, scale=0.1),
        weight("w_dw5s2", 16, 1, 5, 5, scale=0.3), weight("w_dw5s2_b", 16, scale=0.1),
        weight("w_pw16", 24, 16, 1, 1), weight("w_pw16_b", 24, scale=0.1),
        weight("w_dw3b", 24, 1, 3, 3, scale=0.5), weight("w_dw3b_b", 24, scale=0.1),
        numpy_helper.from_array(np.array([1, 24, 18, 3], np.int64), "tall"),
        weight("w_dw3t", 24, 1, 3, 3, scale=0.5), weight("w_dw3t_b", 24, scale=0.1),
        weight("w_dw5t", 24, 1, 5, 5, scale=0.3), weight("w_dw5t_b", 24, scale=0.1),
        weight("w_pw24", 40, 24, 1, 1), weight("w_pw24_b", 40, scale=0.1),
        weight("w_fc", 10, 40), weight("w_fc_b", 10, scale=0.1),
    ]
    graph = helper.make_graph(nodes, NAME, [helper.make_tensor_value_info("input", TensorProto.FLOAT, SHAPE)],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model, full_check=True)
    return model


def write(folder: Path) -> None:
    """NAME.onnx, NAME_calib.npz and NAME_val.npz (smooth random inputs, seeded) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(folder / f"{NAME}.onnx", _model().SerializeToString())
    rng = np.random.default_rng(29)
    for part in ("calib", "val"):
        samples = rng.standard_normal((SAMPLES, *SHAPE[1:])).cumsum(axis=2) / 4  # correlated along time
        save_npz_atomic(folder / f"{NAME}_{part}.npz", {"input": samples.astype(np.float32)})
