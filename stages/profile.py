"""Per-layer profiles of the compiled program where it runs: the profiling firmware in QEMU for an
emulated microcontroller (SysTick under -icount: deterministic instruction counts), the profiling
runner on the host (steady-clock time, and instructions where perf_event_open offers a counter).

Both profiling runtimes (stages/embedded/templates/profile.cpp, stages/codegen/templates/
profile.cpp) write one format: little-endian int64 words, a header of ten then two per layer,
each summed over the samples. Every interval between two FERRY_LAYER calls also holds the
profiling call itself; its cost is measured on back-to-back calls and subtracted here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import MemoryPlanRecord, PackageManifest
from ferry.schemas.profile import LayerMeasurement, Profile
from ferry.schemas.target import Emulator
from ferry.stages.common.reference import Batch
from ferry.toolchain.hostrun import run_profiled
from ferry.toolchain.qemu import emulate, emulator_command

MAGIC, VERSION, HEADER_WORDS = 0x50595246, 1, 10
PROFILE_FILE = "profile.bin"  # what the profiling firmware writes through semihosting


class _Raw:
    """The words of a profile file, named."""

    def __init__(self, raw: bytes, what: str) -> None:
        words = np.frombuffer(raw, "<i8") if len(raw) % 8 == 0 else np.zeros(0, "<i8")
        if len(words) < HEADER_WORDS or words[0] != MAGIC or words[1] != VERSION:
            raise FerryError(f"{what}: not a ferry profile (version {VERSION}); {len(raw)} bytes")
        layers = int(words[2])
        if len(words) != HEADER_WORDS + 2 * layers:
            raise FerryError(f"{what}: {len(words)} words, expected {HEADER_WORDS + 2 * layers}")
        self.samples = int(words[3])
        self.marks, self.mark_time, self.mark_instructions = int(words[4]), int(words[5]), int(words[6])
        self.loop_instructions, self.loop_ticks = int(words[7]), int(words[8])
        self.counted = bool(words[9])
        self.time = words[HEADER_WORDS::2].astype(np.float64)
        self.instructions = words[HEADER_WORDS + 1::2].astype(np.float64)
        if self.samples < 1:
            raise FerryError(f"{what}: no inference completed")


def _per_layer(totals: np.ndarray, samples: int, overhead: float, plan: MemoryPlanRecord) -> list[float]:
    """Per inference, the profiling call's cost taken off; a layer never measures below 0 (a view
    whose interval is the call alone lands at 0 give or take one tick)."""
    values = [float(totals[layer.index]) / samples - overhead if layer.index < len(totals) else 0.0
              for layer in plan.layers]
    return [max(v, 0.0) for v in values]


def _layers(plan: MemoryPlanRecord, instructions: list[float] | None,
            time_us: list[float] | None) -> list[LayerMeasurement]:
    return [LayerMeasurement(index=layer.index, node=layer.node, op=layer.op,
                             instructions=None if instructions is None else instructions[i],
                             time_us=None if time_us is None else time_us[i])
            for i, layer in enumerate(plan.layers)]


def emulator_profile(raw: bytes, plan: MemoryPlanRecord, command: str) -> Profile:
    """The profiling firmware's file: SysTick ticks, scaled to instructions by the loop of known
    length it timed at start."""
    data = _Raw(raw, command)
    if data.loop_ticks <= 0 or data.loop_instructions <= 0:
        raise FerryError(f"{command}: the SysTick did not advance (is -icount set?)")
    scale = data.loop_instructions / data.loop_ticks
    overhead_ticks = data.mark_time / data.marks
    instructions = [v * scale for v in _per_layer(data.time, data.samples, overhead_ticks, plan)]
    return Profile(
        where="emulator", command=command, samples=data.samples,
        method=("QEMU -icount shift=0: the virtual clock advances 1 ns per instruction; SysTick read "
                "around every layer, scaled by a timed loop of known length, the profiling call's "
                "cost (back-to-back calls) subtracted; deterministic, one tick of resolution per read"),
        instructions_counter="QEMU icount (SysTick)", instructions_per_tick=scale,
        overhead_instructions=overhead_ticks * scale, overhead_ns=None,
        total_instructions=sum(instructions), total_time_us=None,
        layers=_layers(plan, instructions, None),
    )


def host_profile(raw: bytes, plan: MemoryPlanRecord, command: str) -> Profile:
    """The profiling runner's file: steady-clock nanoseconds, and perf instructions if counted."""
    data = _Raw(raw, command)
    overhead_ns = data.mark_time / data.marks
    time_us = [v / 1e3 for v in _per_layer(data.time, data.samples, overhead_ns, plan)]
    instructions = None
    overhead_instructions = None
    if data.counted:
        overhead_instructions = data.mark_instructions / data.marks
        instructions = _per_layer(data.instructions, data.samples, overhead_instructions, plan)
    counter = "perf_event_open (PERF_COUNT_HW_INSTRUCTIONS, user space)" if data.counted else None
    return Profile(
        where="host", command=command, samples=data.samples,
        method=("std::chrono::steady_clock around every layer, mean over the samples, the profiling "
                "call's cost subtracted; instructions "
                + ("from the hardware counter" if data.counted
                   else "not available (perf_event_open offers no hardware counter on this machine)")),
        instructions_counter=counter, instructions_per_tick=None,
        overhead_instructions=overhead_instructions, overhead_ns=overhead_ns,
        total_instructions=sum(instructions) if instructions is not None else None,
        total_time_us=sum(time_us), layers=_layers(plan, instructions, time_us),
    )


def profile_on_emulator(firmware: Path, emulator: Emulator, manifest: PackageManifest,
                        plan: MemoryPlanRecord, samples: list[Batch]) -> Profile:
    """The profiling firmware over `samples` in QEMU with instruction counting."""
    _, raw = emulate(firmware, emulator, manifest, samples, icount=True, collect=PROFILE_FILE)
    command = " ".join(emulator_command(emulator, icount=True))
    return emulator_profile(raw, plan, command)


def profile_on_host(runner: Path, manifest: PackageManifest, plan: MemoryPlanRecord,
                    samples: list[Batch]) -> Profile:
    """The host profiling runner over `samples`."""
    raw = run_profiled(runner, manifest, samples)
    return host_profile(raw, plan, f"{runner.name} INPUTS OUTPUTS PROFILE")
