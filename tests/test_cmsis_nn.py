"""bench/cmsis_nn, the yardstick of bench/kernels.py: Arm's CMSIS-NN on the conv, depthwise and
fully connected layers of a ferry program, in QEMU on the Cortex-M55 (Helium) and the Cortex-M7
(DSP), equals the golden model bit for bit on every layer, and each layer's instructions are
counted on their own; bench/kernels.py's table compares them with ferry's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import onnx
import pytest

from bench.cmsis_nn import CmsisFigure, build_firmware, measure
from bench.cmsis_nn.firmware import run_layers
from bench.cmsis_nn.layers import KINDS, cmsis_layers
from bench.kernels import LayerRow, mcu_table, package
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.layout import PLAN_FILE
from ferry.stages.evaluate import load_samples, quantize_inputs
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import _conv_shapes_model, _quantized

CORPUS_CI = ROOT / "models" / "corpus" / "ci"


@pytest.fixture(scope="module", params=["cortex_m55", "cortex_m7"])
def firmware(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[TargetSpec, Path]:
    """A Cortex-M target and the CMSIS-NN firmware built for it (Helium kernels on the M55, DSP
    kernels on the M7)."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    target = load_model(ROOT / "targets" / f"{request.param}.yaml", TargetSpec)
    return target, build_firmware(target, tmp_path_factory.mktemp(f"cmsis_nn_{request.param}"))


def _plan(package_dir: Path) -> MemoryPlanRecord:
    return MemoryPlanRecord.model_validate_json((package_dir / PLAN_FILE).read_text())


@pytest.mark.slow
def test_ds_cnn_layers_equal_the_golden_model_and_are_counted_per_layer(
        firmware: tuple[TargetSpec, Path], tmp_path: Path) -> None:
    """DS-CNN (the corpus's CI copy): a 10x4 strided conv, 3x3 depthwise convs (Helium's opt
    path, the DSP's 3x3 one), pointwise convs (the 1x1 fast path) and the fully connected layer."""
    target, elf = firmware
    package_dir, manifest, data = package("ds_cnn", CORPUS_CI, tmp_path)
    plan = _plan(package_dir)
    batches, _, _ = load_samples(data, manifest, 2)
    figures = measure(tmp_path / "integer.onnx", plan, quantize_inputs(batches, manifest), target, elf)
    wanted = {layer.index: layer for layer in plan.layers if layer.kernel in KINDS}
    assert sorted(figures) == sorted(wanted) and len(wanted) == 10
    for index, figure in figures.items():
        assert figure.node == wanted[index].node
        assert figure.elements == 2 * int(np.prod(wanted[index].outputs[0].shape)), figure
        assert figure.mismatches == 0, figure
        assert figure.instructions > 0, figure
    # each layer has its own count: the four identical depthwise layers (and the four pointwise
    # ones) cost the same within 0.1%, the pointwise layers (7x more MACs) more than the depthwise ones
    depthwise = [figures[i].instructions for i, layer in wanted.items() if layer.kernel == "ferry::q::depthwise_conv"]
    pointwise = [figures[i].instructions for i, layer in wanted.items()
                 if layer.params.get("shape", {}).get("kernel_h") == 1 and layer.kernel == "ferry::q::conv"]
    assert len(depthwise) == len(pointwise) == 4
    assert max(depthwise) / min(depthwise) < 1.001 and max(pointwise) / min(pointwise) < 1.001
    assert min(pointwise) > max(depthwise)


@pytest.mark.slow
def test_odd_conv_shapes_equal_the_golden_model_and_a_wrong_layer_is_caught(
        firmware: tuple[TargetSpec, Path], tmp_path: Path) -> None:
    """test_int8's conv-shapes model: dilation, asymmetric padding, a grouped conv, a strided and
    dilated depthwise conv, a pointwise conv and a gemm of several rows. Then the same layers with
    one output offset changed by one: that layer's outputs, and only its, differ."""
    target, elf = firmware
    samples = np.random.default_rng(5).standard_normal((2, 3, 9, 11)).astype(np.float32)
    _quantized(tmp_path, _conv_shapes_model(), samples)
    manifest: PackageManifest = generate_package(tmp_path / "model.qdq.onnx", "m", tmp_path / "package",
                                                 tmp_path / "integer.onnx")
    feeds = quantize_inputs([{"x": samples[:1]}], manifest)
    plan = _plan(tmp_path / "package")
    figures = measure(tmp_path / "integer.onnx", plan, feeds, target, elf)
    kernels = sorted(layer.kernel or "" for layer in plan.layers if layer.index in figures)
    assert kernels == ["ferry::q::conv"] * 3 + ["ferry::q::depthwise_conv", "ferry::q::gemm"]
    assert all(f.mismatches == 0 and f.elements > 0 and f.instructions > 0 for f in figures.values()), figures

    program = onnx.load(str(tmp_path / "integer.onnx"))
    layers = cmsis_layers(program, plan, feeds[0])
    header = layers[1].header.copy()
    header[22] += 1  # the output offset (the output zero point)
    wrong = [layers[0], dataclasses.replace(layers[1], header=header), *layers[2:]]
    run = run_layers(elf, target, wrong, plan, harness_slot=len(program.graph.node))
    differing = [int(np.count_nonzero(out != layer.expected)) for out, layer in zip(run.outputs, wrong)]
    assert differing[1] > 0 and differing[:1] + differing[2:] == [0] * (len(wrong) - 1), differing


def test_the_table_compares_each_layer_type_with_cmsis_nn_and_reports_a_mismatch() -> None:
    """The verdict per layer type on the M55 is ferry at or below CMSIS-NN on the same layers;
    a CMSIS-NN output that differs from the golden model is printed, not hidden."""
    rows = [LayerRow(0, "a", "pointwise 1x1", 1000, 400.0, CmsisFigure("a", 500.0, 0, 10)),
            LayerRow(1, "b", "depthwise 3x3", 100, 300.0, CmsisFigure("b", 200.0, 3, 10)),
            LayerRow(2, "c", "other", 0, 50.0, None)]
    figures = {"mismatches": (0, 0), "samples": 2, "instructions": 750.0, "macs": 1100, "layers": rows,
               "code_bytes": 9300}
    lines = mcu_table("m", "cortex_m55", figures, per_layer=True)
    assert lines[0].endswith("model.o code 9,300 bytes (kernels and their calls, not the weights)")
    by_type = {line.split()[0] + " " + line.split()[1]: line for line in lines if line.startswith("    ")}
    assert by_type["pointwise 1x1"].split()[-2:] == ["0.500", "PASS"]
    assert by_type["depthwise 3x3"].split()[-2:] == ["2.000", "FAIL"]
    assert "CMSIS-NN outputs differing from the golden model: 3 of 20  MISMATCH" in lines[1]
    assert [line.split()[-2] for line in lines if line.split()[0] in ("0", "1")] == ["0.80", "1.50"]
    # the Cortex-M7 prints CMSIS-NN's figure without a verdict
    m7 = mcu_table("m", "cortex_m7", figures)
    assert not any("PASS" in line or "FAIL" in line for line in m7)
