"""profile.json of the evaluate stage: what the compiled program measurably executes, per layer,
where the code runs (QEMU for an emulated microcontroller, the machine itself for the host), and
the cost model's error against it (report.json `profile`)."""

from __future__ import annotations

from typing import Literal

from ferry.schemas.artifacts import Contract


class LayerMeasurement(Contract):
    index: int
    node: str
    op: str
    instructions: float | None  # per inference, the profiling call's own cost subtracted
    time_us: float | None  # host: steady-clock per inference; None in an emulator (virtual time)


class Profile(Contract):
    where: Literal["emulator", "host"]
    command: str  # how the profiling build ran (QEMU command line, or the host runner)
    samples: int  # inferences measured; figures are per inference (their mean)
    method: str  # one line: what the counts are and how they were taken
    instructions_counter: str | None  # None: no instruction counter on this machine (the reason in method)
    instructions_per_tick: float | None  # emulator: the SysTick scale measured on a loop of known length
    overhead_instructions: float | None  # the profiling call's cost per layer, subtracted
    overhead_ns: float | None
    total_instructions: float | None
    total_time_us: float | None
    layers: list[LayerMeasurement]


class LayerError(Contract):
    """One layer of the cost model against the measurement (cycles = instructions x CPI)."""

    index: int
    node: str
    op: str
    kernel: str | None
    estimated_instructions: float
    measured_instructions: float
    ratio: float | None  # estimated / measured; None when nothing was measured (a view)


class ModelError(Contract):
    """report.json `profile.error`: the MCU cost model (stages/simulate/mcu_cost.py) against
    what the emulator measured."""

    cycles_per_instruction: float  # the target's stated CPI: an assumption, not a measurement
    estimated_instructions: float
    measured_instructions: float
    total_ratio: float  # estimated / measured
    total_error: float  # ratio - 1
    correlation: float | None  # Pearson, across layers with code; None with fewer than 2
    calibration: str  # where the target's cost parameters come from
    layers: list[LayerError]


class ProfileSection(Contract):
    """report.json `profile`: the measurement and, on a target with a cost model, its error."""

    measured: Profile
    error: ModelError | None = None
