"""The simulator: its counts equal a counting build's, its array and memory model, the budget
verdict (with the layers that break it) and what doit does with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

from ferry.schemas.artifacts import MemoryPlanRecord, Operand, PackageManifest, PlannedLayer, PlannedTensor
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.importer import import_model
from ferry.stages.simulate import simulate, sparse_macs
from ferry.stages.simulate.counting import build_counting_runner, count_layers, zero_sample
from ferry.stages.simulate.kernels import layer_work
from ferry.stages.simulate.silicon_budget import describe_failure
from tests.conftest import MODEL, ROOT, SPEC, executed, run_doit, tiny_cnn
from tests.test_int8 import _every_int8_op_model, _quantized

TARGETS = ROOT / "targets"


def _target(name: str, **overrides: object) -> TargetSpec:
    target = load_model(TARGETS / f"{name}.yaml", TargetSpec)
    return target.model_copy(update=overrides)


def _assert_counts_equal(package: Path, work: Path) -> int:
    manifest = PackageManifest.model_validate_json((package / "package.json").read_text())
    plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
    counted = count_layers(build_counting_runner(package, work / "count"), zero_sample(manifest), work)
    executed = sparse_macs(manifest)
    predicted = {layer.index: layer_work(layer, executed.get(layer.node)).counts for layer in plan.layers}
    sparse = {layer.index for layer in plan.layers if layer.node in executed}
    assert {i: c for i, c in counted.items() if i not in sparse} == \
        {i: c for i, c in predicted.items() if i not in sparse}
    for index in sparse:  # a sparse kernel may skip inputs no stored weight reads: the simulator
        got, want = counted[index], predicted[index]  # charges them all (an upper bound)
        assert (got.macs, got.weight_bytes, got.write_bytes) == (want.macs, want.weight_bytes, want.write_bytes)
        assert got.read_bytes <= want.read_bytes
    return len(predicted)


# -- the counting build ------------------------------------------------------------------------


def test_counting_build_equals_simulator_on_the_example(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(ROOT),
               f"pipeline={ROOT / 'pipeline.yaml'}", f"outputs={tmp_path}", "codegen"]
    subprocess.run(command, capture_output=True, text=True, check=True)
    package = tmp_path / "digits/digits_cnn/codegen/package"
    assert _assert_counts_equal(package, tmp_path) == 7
    plan = MemoryPlanRecord.model_validate_json((package / "memory_plan.json").read_text())
    first = layer_work(plan.layers[0]).counts
    assert first.macs == 8 * 22 * 22  # 3x3 pad 1 on 8x8: 22 in-bounds taps per axis, not 24
    assert first.read_bytes == 64 and first.write_bytes == 512


@pytest.mark.parametrize("program", ["float", "int8"])
def test_counting_build_equals_simulator_on_every_op(tmp_path: Path, program: str) -> None:
    """Strided and grouped convolutions, pads, pools, lookups, in-place and view nodes, softmax."""
    if program == "float":
        onnx.save(_every_int8_op_model(), str(tmp_path / "float.onnx"))
        model, _ = import_model(tmp_path / "float.onnx", "m", {})
        onnx.save(model, str(tmp_path / "program.onnx"))
        source = tmp_path / "program.onnx"
    else:
        samples = np.random.default_rng(3).standard_normal((16, 3, 8, 8)).astype(np.float32)
        source = _quantized(tmp_path, _every_int8_op_model(), samples)
    generate_package(source, "m", tmp_path / "package", tmp_path / "integer.onnx")
    assert _assert_counts_equal(tmp_path / "package", tmp_path) >= 20


# -- what one layer costs ------------------------------------------------------------------------


def _operand(name: str, shape: list[int], place: str = "arena", dtype: str = "int8") -> Operand:
    return Operand(name=name, shape=shape, dtype=dtype, place=place)


def _conv(channels: int, size: int, out_channels: int, out: int, kernel: int, stride: int,
          pad: int) -> PlannedLayer:
    shape = {"batch": 1, "in_channels": channels, "in_h": size, "in_w": size,
             "out_channels": out_channels, "out_h": out, "out_w": out, "kernel_h": kernel,
             "kernel_w": kernel, "stride_h": stride, "stride_w": stride, "dilation_h": 1,
             "dilation_w": 1, "pad_top": pad, "pad_left": pad, "groups": 1}
    return PlannedLayer(index=0, node="conv", op="QConv", kernel="ferry::q::conv", params={"shape": shape},
                        inputs=[_operand("x", [1, channels, size, size]),
                                _operand("w", [out_channels, channels, kernel, kernel], "flash")],
                        outputs=[_operand("y", [1, out_channels, out, out])],
                        weights={"w": out_channels * channels * kernel * kernel})


def test_padding_taps_are_not_macs_and_strides_skip_inputs() -> None:
    padded = layer_work(_conv(1, 8, 1, 8, 3, 1, 1)).counts
    assert padded.macs == 22 * 22 < 8 * 8 * 9
    strided = layer_work(_conv(4, 8, 2, 4, 1, 2, 0)).counts  # 1x1, stride 2: every other row, column
    assert strided.read_bytes == 4 * 4 * 4 == 4 * 8 * 8 // 4
    assert strided.macs == 2 * 4 * 16 and strided.write_bytes == 2 * 16


def _plan(*layers: PlannedLayer, tensors: list[PlannedTensor] | None = None) -> MemoryPlanRecord:
    return MemoryPlanRecord(alignment=16, arena_bytes=sum(t.bytes for t in tensors or []),
                            arena_lower_bound_bytes=0, arena_greedy_bytes=0, arena_naive_bytes=0,
                            io_bytes=0, weights_bytes=sum(sum(layer.weights.values()) for layer in layers),
                            tensors=tensors or [], layers=list(layers))


def test_a_7x7_map_wastes_most_of_a_16x16_array() -> None:
    layer = _conv(32, 7, 64, 7, 1, 1, 0)  # 1x1 conv, 32 -> 64 channels on a 7x7 map
    result = simulate("m", _target("gpnpu_1tops"), _plan(layer), None).layers[0]
    assert result.grid == (7, 7) and result.planes == 64 and result.tiles == 64
    assert result.compute_cycles == 64 * 32 // 2  # one tile per channel, 32 taps at 2 MACs per cycle
    assert result.array_efficiency == pytest.approx(49 / 256)
    big = simulate("m", _target("gpnpu_1tops"), _plan(_conv(32, 16, 64, 16, 1, 1, 0)), None).layers[0]
    assert big.array_efficiency == pytest.approx(1.0)


def test_transfers_overlap_compute_and_chunks_pay_latency() -> None:
    gemm = PlannedLayer(index=0, node="fc", op="QGemm", kernel="ferry::q::gemm",
                        params={"rows": 1, "cols": 1000, "depth": 1280},
                        inputs=[_operand("x", [1, 1280]), _operand("w", [1000, 1280], "flash")],
                        outputs=[_operand("y", [1, 1000])], weights={"w": 1_280_000})
    target = _target("gpnpu_1tops")
    layer = simulate("m", target, _plan(gemm), None).layers[0]
    chunks = -(-1_280_000 // 65536)  # 64 KiB staging buffers
    waves = -(-chunks // target.dma_engines)
    assert layer.external_cycles == waves * 120 + 1_280_000 // 8
    assert layer.bound == "external" and layer.compute_cycles < layer.external_cycles
    assert layer.cycles == layer.external_cycles + target.layer_overhead_cycles
    assert layer.sram_bytes == 1280 + 1000 + 2 * 1_280_000  # activations, and weights staged in and out
    # the array model of a flash target (an mcu without a cost model)
    m55 = _target("cortex_m55")
    mcu = simulate("m", m55.model_copy(update={"cost_model": None}), _plan(gemm), None).layers[0]
    assert mcu.sram_bytes == 1280 + 1000  # flash: weights read in place, not staged
    rate = m55.array.macs_per_cycle.int8
    assert mcu.external_cycles == 4 + 1_280_000 // 4 < mcu.compute_cycles == 1000 * 1280 // rate


def test_float_layers_need_a_float_figure() -> None:
    layer = _conv(1, 8, 1, 8, 3, 1, 1).model_copy(update={"outputs": [_operand("y", [1, 1, 8, 8], dtype="float32")]})
    with pytest.raises(Exception, match=r"no float32 figure \(array.macs_per_cycle.float32\) for layer \[0\] 'conv'"):
        simulate("m", _target("gpnpu_1tops"), _plan(layer), None)


# -- the budget verdict ------------------------------------------------------------------------


def test_budget_failure_names_the_layers_and_the_excess() -> None:
    conv = _conv(16, 32, 16, 32, 3, 1, 1)
    gemm = _conv(16, 32, 16, 32, 1, 1, 0).model_copy(update={"index": 1, "node": "pointwise"})
    tensors = [PlannedTensor(name="x", bytes=16384, offset=0, first=0, last=0),
               PlannedTensor(name="y", bytes=16384, offset=16384, first=0, last=1)]
    plan = _plan(conv.model_copy(update={"inputs": [_operand("x", [1, 16, 32, 32])]}), gemm,
                 tensors=tensors)
    budget = _target("gpnpu_1tops").budget.model_copy(update={"latency_ms": 0.001, "sram_bytes": 20000})
    result = simulate("m", _target("gpnpu_1tops", budget=budget), plan, None)
    verdict = result.budget
    assert verdict.verdict == "fail" and verdict.enforce
    items = {item.name: item for item in verdict.items}
    assert not items["latency_ms"].passed and items["flash_bytes"].passed
    assert items["sram_bytes"].excess == result.peak_sram_bytes - 20000
    message = describe_failure("m", "gpnpu_1tops", verdict)
    assert "latency_ms: " in message and "[0] 'conv'" in message  # the 3x3 conv takes most cycles
    assert message.index("[0] 'conv'") < message.index("[1] 'pointwise'")
    assert f"over by {items['sram_bytes'].excess:,.0f} B" in message
    assert "arena peak 32,768 B at [0] 'conv': live 'x' 16,384 B @0, 'y' 16,384 B @16,384" in message


# -- through doit ------------------------------------------------------------------------------

NPU = """\
extends: gpnpu_1tops.yaml
name: npu
array: {{macs_per_cycle: {{int8: 2, float32: 1}}}}
energy: {{mac_pj: {{int8: 0.23, float32: 3.7}}}}
budget: {{latency_ms: {latency}, sram_bytes: {sram}, enforce: {enforce}}}
"""


def _npu_project(folder: Path, latency: float, sram: int, enforce: str = "true") -> Path:
    """One tiny float model on a GPNPU that does float32 too (the 1-TOPS part does not)."""
    (folder / "targets").mkdir()
    shutil.copy(TARGETS / "gpnpu_1tops.yaml", folder / "targets")
    (folder / "targets" / "npu.yaml").write_text(NPU.format(latency=latency, sram=sram, enforce=enforce))
    onnx.save(tiny_cnn(0), str(folder / "a.onnx"))
    np.savez(folder / "val.npz", x=np.random.default_rng(2).standard_normal((4, 1, 8, 8)).astype(np.float32))
    spec = SPEC.format(models=MODEL.format(name="a")).replace("targets/host.yaml", "targets/npu.yaml")
    (folder / "pipeline.yaml").write_text(spec)
    return folder


def test_over_budget_fails_the_build_naming_the_layer(tmp_path: Path) -> None:
    project = _npu_project(tmp_path, latency=0.0001, sram=1024)
    process, results = run_doit(project, check=False)
    assert process.returncode != 0 and results["report:a@npu"] == "fail"
    assert "a is over budget on npu" in process.stdout
    assert "[1] 'conv2'" in process.stdout and "arena peak 2,048 B at [0] 'conv1': live 'h'" in process.stdout
    report = json.loads((project / "outputs/tiny/a/npu/report.json").read_text())  # written all the same
    assert report["budget"]["verdict"] == "fail"
    assert 'class="verdict fail">FAIL<' in (project / "outputs/tiny/a/npu/report.html").read_text()
    # the same budget, not enforced: reported, and the build passes
    target = project / "targets" / "npu.yaml"
    target.write_text(target.read_text().replace("enforce: true", "enforce: false"))
    process, results = run_doit(project)
    assert executed(results) == {"simulate:a@npu", "report:a@npu"}
    report = json.loads((project / "outputs/tiny/a/npu/report.json").read_text())
    assert report["budget"]["verdict"] == "fail" and report["budget"]["enforce"] is False


def test_budget_change_reruns_only_simulate_and_report(tmp_path: Path) -> None:
    project = _npu_project(tmp_path, latency=1.0, sram=1048576)
    _, first = run_doit(project)
    assert {"compile:a@npu", "simulate:a@npu", "report:a@npu"} <= executed(first)
    sim = json.loads((project / "outputs/tiny/a/npu/simulate/sim.json").read_text())
    assert sim["budget"]["verdict"] == "pass" and sim["macs"] == 2 * (4 * 22 * 22 + 3 * 3 * 3 * 36)
    target = project / "targets" / "npu.yaml"
    target.write_text(target.read_text().replace("latency_ms: 1.0", "latency_ms: 2.0"))
    _, second = run_doit(project)
    assert executed(second) == {"simulate:a@npu", "report:a@npu"}
    base = project / "targets" / "gpnpu_1tops.yaml"  # a silicon figure of the file it extends
    base.write_text(base.read_text().replace("latency_cycles: 120", "latency_cycles: 240"))
    _, third = run_doit(project)
    assert executed(third) == {"simulate:a@npu", "report:a@npu"}
