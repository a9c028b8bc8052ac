"""targets/*.yaml: the silicon a model is built for, and the budget it must fit.

In the spirit of Arm Vela's `vela.ini`, but for a general-purpose NPU: a 2-D array of processing
elements, an on-chip SRAM, an external memory (DRAM or flash), DMA engines, energy per operation,
and the toolchain that builds for it. A file may `extends:` another file of the same folder and
override a few of its fields (mappings merge key by key; lists and values replace).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, NonNegativeFloat, NonNegativeInt, PositiveFloat, PositiveInt, model_validator

from ferry.schemas.pipeline import Flag, Name, SpecModel

# A program looked up on PATH: no folders, no shell syntax (the target file comes from company B).
Program = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.+-]+$")]
# `extends:` names a sibling file: no folders, so a target can never reach outside its folder.
SiblingFile = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+\.ya?ml$")]
Precision = Literal["int8", "int16", "float32"]


class Compiler(SpecModel):
    cxx: Program = "g++"
    ar: Program = "ar"
    size: Program = Field(default="size", description="prints text/data/bss of the built objects")
    objdump: Program = Field(default="objdump", description="disassembles the library (the MAC rate it reaches)")
    flags: list[Flag] = Field(
        default_factory=lambda: ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror"]
    )


class Emulator(SpecModel):
    """How to run a cross-compiled program: QEMU system emulation with semihosting."""

    program: Program = "qemu-system-arm"
    machine: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] = Field(
        description="QEMU board: mps3-an547 (Cortex-M55), mps2-an500 (Cortex-M7)")
    cpu: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] = Field(description="QEMU -cpu, e.g. cortex-m55")
    flash_origin: NonNegativeInt = Field(description="address of the code memory the board boots from")
    flash_bytes: PositiveInt
    ram_origin: NonNegativeInt = Field(description="address of the data memory")
    ram_bytes: PositiveInt


class MacRate(SpecModel):
    """Multiply-accumulates one processing element completes per cycle, by precision (absent: the
    precision is not supported by the array and runs elsewhere)."""

    int8: PositiveInt
    int16: PositiveInt | None = None
    float32: PositiveInt | None = None


class ProcessingArray(SpecModel):
    """A rows x columns grid of processing elements. Output channels map to columns and output
    pixels to rows; a layer with fewer leaves elements idle (the simulator reports utilization)."""

    rows: PositiveInt
    columns: PositiveInt
    macs_per_cycle: MacRate
    register_bytes: PositiveInt = Field(description="local register memory per processing element")


class OnChipMemory(SpecModel):
    bytes: PositiveInt = Field(description="SRAM size: the arena and the staging buffers live here")
    bandwidth_bytes_per_cycle: PositiveFloat
    staging_bytes: PositiveInt | None = Field(
        default=None,
        description="size of each of the two SRAM buffers that weights stream through from DRAM "
                    "(double buffering); absent: as large as the largest layer's weights")


class ExternalMemory(SpecModel):
    kind: Literal["dram", "flash"]
    bandwidth_bytes_per_cycle: PositiveFloat
    latency_cycles: NonNegativeInt = Field(description="first-byte latency of one DMA transfer")


class MacEnergy(SpecModel):
    int8: NonNegativeFloat
    int16: NonNegativeFloat | None = None
    float32: NonNegativeFloat | None = None


class Energy(SpecModel):
    """Picojoules per operation; each target file says where its figures come from."""

    mac_pj: MacEnergy
    register_pj_per_byte: NonNegativeFloat = 0.0
    sram_read_pj_per_byte: NonNegativeFloat
    sram_write_pj_per_byte: NonNegativeFloat
    external_read_pj_per_byte: NonNegativeFloat
    external_write_pj_per_byte: NonNegativeFloat


class KernelCost(SpecModel):
    """Instructions per execution of each loop body of one kernel (the units are defined in
    stages/simulate/mcu_cost.py); fitted by bench/calibrate_mcu.py on measured profiles."""

    mac: NonNegativeFloat = 0.0
    step: NonNegativeFloat = 0.0
    tail: NonNegativeFloat = 0.0
    tap: NonNegativeFloat = 0.0
    run: NonNegativeFloat = 0.0
    patch: NonNegativeFloat = 0.0
    row: NonNegativeFloat = 0.0
    block: NonNegativeFloat = 0.0
    plane: NonNegativeFloat = 0.0
    op: NonNegativeFloat = 0.0
    element: NonNegativeFloat = 0.0
    input: NonNegativeFloat = 0.0
    call: NonNegativeFloat = 0.0


class McuCostModel(SpecModel):
    """A microcontroller's cost model: instructions from the kernels' loop structure, cycles from
    a stated cycles-per-instruction figure."""

    cycles_per_instruction: PositiveFloat = Field(
        description="ASSUMED unless measured on silicon: QEMU counts instructions, not cycles")
    source: str = Field(description="where the kernel costs come from (script, models, commit)")
    kernels: dict[str, KernelCost] = Field(
        description="kernel function (e.g. ferry::q::conv) -> instructions per loop unit; 'default' "
                    "prices kernels without an entry of their own")

    @model_validator(mode="after")
    def _has_default(self) -> McuCostModel:
        if "default" not in self.kernels:
            raise ValueError("cost_model.kernels needs a 'default' entry for kernels without their own")
        return self


class Budget(SpecModel):
    latency_ms: PositiveFloat | None = None
    sram_bytes: PositiveInt | None = None
    flash_bytes: PositiveInt | None = None
    energy_uj: PositiveFloat | None = None
    enforce: bool = Field(default=True, description="false: report an over-budget verdict without failing")


class TargetSpec(SpecModel):
    name: Name
    kind: Literal["host", "mcu", "gpnpu"]
    description: str = ""
    extends: SiblingFile | None = Field(
        default=None, description="a target file of the same folder whose fields this one overrides")
    clock_hz: PositiveFloat | None = None
    array: ProcessingArray | None = None
    sram: OnChipMemory | None = None
    external: ExternalMemory | None = None
    dma_engines: PositiveInt = 1
    layer_overhead_cycles: NonNegativeInt = Field(
        default=0, description="fixed cycles per layer: configuration, synchronisation")
    energy: Energy | None = None
    cost_model: McuCostModel | None = Field(
        default=None, description="mcu: cycles from instructions the kernels execute (calibrated), "
                                  "instead of the array model")
    compiler: Compiler = Field(default_factory=Compiler)
    emulator: Emulator | None = None
    budget: Budget = Field(default_factory=Budget)

    @model_validator(mode="after")
    def _silicon_described(self) -> TargetSpec:
        """mcu and gpnpu targets are simulated: they must describe their silicon."""
        if self.kind != "host":
            missing = [name for name in ("clock_hz", "array", "sram", "external", "energy")
                       if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a {self.kind} target needs {', '.join(missing)}")
        return self

    @property
    def simulated(self) -> bool:
        return self.kind != "host"

    @property
    def cross_compiled(self) -> bool:
        """Built into a bare-metal library (and, with an emulator, a firmware image run in QEMU):
        every mcu target, any target that names an emulator, and any whose compiler is a bare-metal
        GNU toolchain (arm-none-eabi-g++, riscv64-unknown-elf-g++, aarch64-none-elf-g++)."""
        bare_metal = re.search(r"-(elf|eabi|eabihf)-[^-]+$", self.compiler.cxx) is not None
        return self.kind == "mcu" or self.emulator is not None or bare_metal
