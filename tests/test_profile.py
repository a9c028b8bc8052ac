"""Per-layer profiles where the code runs (QEMU under -icount, the host), the MCU cost model, its
error against the measurement, the verdict on the measurement, and the check that a target file
claims no MAC rate the compiled library cannot reach."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.loader import load_model
from ferry.schemas.profile import LayerMeasurement, Profile
from ferry.schemas.simulation import BudgetItem, BudgetVerdict
from ferry.schemas.target import KernelCost, TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.embedded.build import build_cross
from ferry.stages.evaluate import quantize_inputs
from ferry.stages.host_build import build_host
from ferry.stages.profile import profile_on_emulator, profile_on_host
from ferry.stages.profile_report import measured_budget, model_error
from ferry.stages.simulate import simulate
from ferry.stages.simulate.isa import check_claimed_rate
from ferry.stages.simulate.mcu_cost import fit_costs
from ferry.toolchain.tools import run_tool
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import FLAGS, _every_int8_op_model, _quantized

M55, M7 = ROOT / "targets" / "cortex_m55.yaml", ROOT / "targets" / "cortex_m7.yaml"


class Built:
    """The every-op int8 model: package, M55 and M7 builds, host profiling runner, samples."""

    def __init__(self, tmp: Path) -> None:
        samples = np.random.default_rng(3).standard_normal((4, 3, 8, 8)).astype(np.float32)
        _quantized(tmp, _every_int8_op_model(), samples)
        self.tmp = tmp
        self.m55, self.m7 = load_model(M55, TargetSpec), load_model(M7, TargetSpec)
        self.package = tmp / "package"
        self.manifest = generate_package(tmp / "model.qdq.onnx", "m", self.package, tmp / "integer.onnx", {})
        self.plan = MemoryPlanRecord.model_validate_json((self.package / "memory_plan.json").read_text())
        build_cross(self.package, tmp / "m55", self.m55, [], host_reference=False, profile=True)
        build_cross(self.package, tmp / "m7", self.m7, [], host_reference=False, profile=True)
        self.inputs = quantize_inputs([{"x": s[None]} for s in samples], self.manifest)

    def qemu(self, target: TargetSpec, samples: int) -> Profile:
        assert target.emulator is not None
        folder = "m55" if target is self.m55 else "m7"
        return profile_on_emulator(self.tmp / folder / "firmware_profile.elf", target.emulator, self.manifest,
                                   self.plan, self.inputs[:samples])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    return Built(tmp_path_factory.mktemp("profile"))


def test_qemu_profile_counts_instructions_per_layer_deterministically(built: Built) -> None:
    three, again, one = built.qemu(built.m55, 3), built.qemu(built.m55, 3), built.qemu(built.m55, 1)
    assert three == again  # -icount: the same instructions every run
    assert three.samples == 3 and one.samples == 1
    # mps3-an547's SysTick counts at 32 MHz, the icount clock at 1 GHz: 31.25 instructions a tick,
    # found by the firmware on its loop of known length
    assert three.instructions_per_tick == 31.25
    assert 0 < (three.overhead_instructions or 0) < 100  # one profiling call, measured and subtracted
    tick = three.instructions_per_tick
    for mean, single, layer in zip(three.layers, one.layers, built.plan.layers):
        assert mean.instructions is not None and single.instructions is not None
        # figures are per inference (the mean), the same on one sample give or take one tick
        assert abs(mean.instructions - single.instructions) <= tick
        if layer.kernel is None:  # a view runs no code: the call's own cost, subtracted, leaves < 1 tick
            assert mean.instructions < tick
        elif layer.op == "QConv":  # a multiply-accumulate costs at least one instruction
            simulated = simulate("m", built.m55, built.plan, None).layers
            macs = next(other for other in simulated if other.index == layer.index)
            assert mean.instructions > macs.counts.macs
    assert three.total_instructions == pytest.approx(sum(layer.instructions or 0 for layer in three.layers))
    m7 = built.qemu(built.m7, 1)
    assert m7.instructions_per_tick == 40.0  # mps2-an500: 25 MHz
    # the same C++ on another core: the M55's Helium kernels do 16 int8 MACs per instruction, the
    # M7's DSP ones 2 (kernels/ferry_int8_conv.h), so the M7 executes more instructions
    assert (m7.total_instructions or 0) > (one.total_instructions or 0) > 0


def test_host_profile_times_every_layer(built: Built) -> None:
    runner = build_host(built.package, built.tmp / "host", "g++", FLAGS, profile=True)
    profile = profile_on_host(runner.parent / "runner_profile", built.manifest, built.plan, built.inputs)
    assert profile.where == "host" and profile.samples == 4 and len(profile.layers) == len(built.plan.layers)
    coded = [m for m, layer in zip(profile.layers, built.plan.layers) if layer.kernel is not None]
    assert all(m.time_us is not None and m.time_us >= 0 for m in profile.layers)
    assert sum(m.time_us or 0 for m in coded) > 0
    if profile.instructions_counter is None:  # no hardware counter here: said, not invented
        assert profile.total_instructions is None and "not available" in profile.method
    else:
        assert (profile.total_instructions or 0) > 0


def test_a_target_claiming_a_vector_rate_the_library_cannot_reach_fails(built: Built, tmp_path: Path) -> None:
    library = built.tmp / "m55" / "libm.a"
    # the M55 library's int8 kernels are Helium ones (kernels/ferry_int8_conv.h)
    assert re.search(r"libm.a: \d+ Helium \(MVE\) 8/16-bit multiply-accumulates; at most 16 int8",
                     check_claimed_rate(built.m55, library))
    helium = built.m55.model_copy(update={"array": built.m55.array.model_copy(update={  # type: ignore[union-attr]
        "macs_per_cycle": built.m55.array.macs_per_cycle.model_copy(update={"int8": 8})})})  # type: ignore[union-attr]
    # a library without them does not reach the rate
    source = tmp_path / "scalar.cpp"
    source.write_text('void dot(void) { __asm__ volatile("mla r0, r0, r0, r0" ::: "r0"); }\n')
    run_tool(["arm-none-eabi-g++", "-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard", "-c", str(source),
              "-o", str(tmp_path / "scalar.o")], cwd=tmp_path)
    run_tool(["arm-none-eabi-ar", "rcs", str(tmp_path / "libscalar.a"), str(tmp_path / "scalar.o")], cwd=tmp_path)
    with pytest.raises(FerryError, match=r"array.macs_per_cycle.int8 = 8 is not reachable by libscalar.a: "
                                         r"arm-none-eabi-objdump finds no Helium \(MVE\) and no DSP dual"):
        check_claimed_rate(helium, tmp_path / "libscalar.a")
    assert "Helium (MVE)" in check_claimed_rate(helium, library)


def test_estimate_against_measurement_and_the_verdict_on_the_measurement(built: Built) -> None:
    sim = simulate("m", built.m55, built.plan, None)
    assert sim.cycles_per_instruction == built.m55.cost_model.cycles_per_instruction  # type: ignore[union-attr]
    coded = [layer for layer in sim.layers if layer.cost_entry != "view"]
    measured = Profile(
        where="emulator", command="qemu", samples=1, method="test", instructions_counter="test",
        instructions_per_tick=1.0, overhead_instructions=0.0, overhead_ns=None,
        total_instructions=sum(2 * (layer.instructions or 0) for layer in coded), total_time_us=None,
        layers=[LayerMeasurement(index=layer.index, node=layer.node, op=layer.op,
                                 instructions=2 * (layer.instructions or 0), time_us=None) for layer in sim.layers])
    error = model_error(sim, measured)
    assert error is not None
    assert error.total_ratio == pytest.approx(0.5) and error.total_error == pytest.approx(-0.5)
    assert error.correlation == pytest.approx(1.0)
    assert all(layer.ratio == pytest.approx(0.5) for layer in error.layers if layer.kernel != "view")
    # the estimate passes a latency limit that the measured instructions exceed
    limit = 1.5 * sim.latency_ms
    budget = BudgetVerdict(verdict="pass", enforce=True, items=[
        BudgetItem(name="latency_ms", figure=sim.latency_ms, limit=limit, passed=True, excess=0.0, causes=[])])
    judged = measured_budget(budget, sim, measured)
    item = judged.items[0]
    assert judged.verdict == "fail" and not item.passed and item.basis.startswith("measured: ")
    assert "(ASSUMED)" in item.basis
    cpi = sim.cycles_per_instruction or 0.0
    assert item.figure == pytest.approx(measured.total_instructions * cpi / sim.clock_hz * 1e3)  # type: ignore[operator]
    assert item.causes and "instructions measured" in item.causes[0]


def test_the_fit_recovers_known_costs_and_never_goes_negative() -> None:
    rng = np.random.default_rng(0)
    truth = {"mac": 3.5, "row": 200.0, "call": 900.0}
    rows = []
    for _ in range(12):
        units = {"mac": float(rng.integers(1e3, 1e6)), "row": float(rng.integers(10, 1e4)), "patch": 0.0, "call": 1.0}
        rows.append((units, sum(units[k] * v for k, v in truth.items())))
    cost = fit_costs(rows)
    assert (cost.mac, cost.row, cost.call) == pytest.approx((3.5, 200.0, 900.0), rel=1e-3)
    # a unit that would fit with a negative cost is dropped, not priced below zero
    skewed = [({"mac": u["mac"], "element": u["mac"] * 1.01 + 5}, 2.0 * u["mac"]) for u, _ in rows]
    assert all(v >= 0 for v in fit_costs(skewed).model_dump().values())
    assert isinstance(cost, KernelCost)
