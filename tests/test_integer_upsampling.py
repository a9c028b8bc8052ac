"""Integer paths of the decoder ops of U-Net- and FPN-style models (issue 14): ConvTranspose as
QConvTranspose (int8, per-channel weights) and Resize on int8 values, so the model keeps no float
layer; C++ bit-exact with the golden model, golden close to float."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ferry.stages.common.golden import GoldenModel
from tests.test_int8 import FLAGS, _build, _evaluate, _quantized

RNG = np.random.default_rng(5)


def _const(name: str, value: np.ndarray) -> onnx.TensorProto:
    return numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)


def _node(op: str, inputs: list[str], output: str, **attrs: object) -> onnx.NodeProto:
    return helper.make_node(op, inputs, [output], name=output, **attrs)


def unet_fpn_model() -> onnx.ModelProto:
    """Encoder: two strided convs. Decoder: a ConvTranspose (U-Net's up-convolution, fused ReLU),
    a grouped ConvTranspose with output_padding, a nearest Resize (FPN's top-down path) added to
    a lateral 1x1 conv, bilinear Resizes (align_corners by sizes, half_pixel by scales) into skip
    Concats and a head conv."""
    nodes = [
        _node("Conv", ["x", "w1"], "e1", pads=[1, 1, 1, 1], strides=[2, 2]),          # [1, 8, 8, 8]
        _node("Relu", ["e1"], "e1_r"),
        _node("Conv", ["e1_r", "w2"], "e2", pads=[1, 1, 1, 1], strides=[2, 2]),       # [1, 16, 4, 4]
        _node("Relu", ["e2"], "e2_r"),
        _node("ConvTranspose", ["e2_r", "wt", "bt"], "up", strides=[2, 2]),            # [1, 8, 8, 8]
        _node("Relu", ["up"], "up_r"),
        _node("Resize", ["e2_r", "", "", "sizes8"], "top_lin", mode="linear",
              coordinate_transformation_mode="align_corners"),                          # [1, 16, 8, 8]
        _node("Concat", ["up_r", "e1_r", "top_lin"], "skip", axis=1),                  # [1, 32, 8, 8]
        _node("ConvTranspose", ["skip", "wg"], "up2", strides=[2, 2], pads=[1, 1, 1, 1],
              output_padding=[1, 1], group=2),                                          # [1, 4, 16, 16]
        _node("Resize", ["e2_r", "", "scales4"], "top", mode="nearest"),                # [1, 16, 16, 16]
        _node("Conv", ["top", "w_lat"], "lateral"),                                     # [1, 4, 16, 16]
        _node("Add", ["up2", "lateral"], "merged"),
        _node("Resize", ["e1_r", "", "scales2"], "fine", mode="linear"),                # [1, 8, 16, 16]
        _node("Concat", ["merged", "fine"], "features", axis=1),                       # [1, 12, 16, 16]
        _node("Conv", ["features", "w_head"], "y", pads=[1, 1, 1, 1]),                  # [1, 2, 16, 16]
    ]
    initializers = [
        _const("w1", RNG.standard_normal((8, 3, 3, 3)) * 0.3),
        _const("w2", RNG.standard_normal((16, 8, 3, 3)) * 0.15),
        _const("wt", RNG.standard_normal((16, 8, 2, 2)) * 0.2), _const("bt", RNG.standard_normal(8) * 0.1),
        _const("wg", RNG.standard_normal((32, 2, 3, 3)) * 0.15),
        _const("scales4", np.array([1, 1, 4, 4])), _const("scales2", np.array([1, 1, 2, 2])),
        numpy_helper.from_array(np.array([1, 16, 8, 8], np.int64), "sizes8"),
        _const("w_lat", RNG.standard_normal((4, 16, 1, 1)) * 0.2),
        _const("w_head", RNG.standard_normal((2, 12, 3, 3)) * 0.2),
    ]
    graph = helper.make_graph(nodes, "unet_fpn",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 16, 16])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])


@pytest.fixture(scope="module")
def unet_package(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("unet_fpn")
    samples = RNG.standard_normal((16, 3, 16, 16)).astype(np.float32)
    qdq = _quantized(tmp, unet_fpn_model(), samples)
    manifest, runner = _build(tmp, qdq)
    return tmp, manifest, runner


def test_decoder_ops_are_int8_and_bit_exact(unet_package) -> None:
    tmp, manifest, runner = unet_package
    int8 = _evaluate(tmp, manifest, runner).int8
    assert int8 is not None and int8.float_layers == {}
    assert int8.cpp_vs_golden_mismatches == 0 and all(layer.cpp_mismatches == 0 for layer in int8.layers)
    program = {node.name: node.op_type for node in GoldenModel(tmp / "integer.onnx").model.graph.node}
    assert program["up"] == program["up2"] == "QConvTranspose"
    assert program["top"] == "Resize" and program["top_lin"] == program["fine"] == "QResize"
    assert "up_r" not in program  # the ReLU is the ConvTranspose's clamp
    assert int8.sqnr_db_min > 20 and int8.output_sqnr_db > 25
    layers = {layer.node: layer for layer in int8.layers}
    # measured 33.5-36 dB: the decoder layers are as close to float as the convolutions
    assert all(layers[name].sqnr_db > 30 for name in ("up", "up2", "top", "top_lin", "fine"))


def test_simulator_counts_equal_the_counting_build(unet_package, tmp_path: Path) -> None:
    from tests.test_simulate import _assert_counts_equal

    package, _, _ = unet_package
    assert _assert_counts_equal(package / "package", tmp_path) >= 8


def test_gpnpu_target_runs_the_whole_decoder(unet_package) -> None:
    """The GPNPU targets have no float unit: the model simulates, every layer in int8."""
    from ferry.schemas.artifacts import MemoryPlanRecord
    from ferry.stages.simulate import simulate
    from tests.test_simulate import _target

    package, _, _ = unet_package
    plan = MemoryPlanRecord.model_validate_json((package / "package" / "memory_plan.json").read_text())
    result = simulate("unet_fpn", _target("gpnpu_1tops"), plan, None)
    assert {layer.precision for layer in result.layers} == {"int8"}
    assert result.macs > 0


def test_decoder_kernels_use_no_floating_point(unet_package, tmp_path: Path) -> None:
    package, manifest, _ = unet_package
    for source in manifest.sources:
        subprocess.run(["g++", *FLAGS, "-mgeneral-regs-only", "-I", str(package / "package"), "-c",
                        str(package / "package" / source), "-o", str(tmp_path / "out.o")], check=True)
