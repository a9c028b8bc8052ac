"""Contracts of the embedded side: what a cross build weighs and what the emulated target computed."""

from __future__ import annotations

from ferry.schemas.artifacts import Contract


class SectionSizes(Contract):
    """`size` in Berkeley format: text holds code and read-only data (the const weights among
    them), data the initialised variables (in flash, copied to RAM at reset), bss the zeroed
    variables (RAM only: the activation arena)."""

    text_bytes: int
    data_bytes: int
    bss_bytes: int

    @property
    def flash_bytes(self) -> int:
        return self.text_bytes + self.data_bytes

    @property
    def sram_bytes(self) -> int:
        return self.data_bytes + self.bss_bytes


class CrossBuild(Contract):
    """sizes.json of the compile stage of a cross-compiled target."""

    compiler: str
    flags: list[str]
    library: SectionSizes  # the model alone: code, weights, arena (what it adds to a firmware)
    firmware: SectionSizes | None  # the emulator image: the library, startup, runner, libc parts


class EmulatorRun(Contract):
    """embedded.json of the evaluate stage: the firmware image run in the emulator."""

    command: str  # how the emulator was started (the image path left out)
    samples: int
    qemu_mismatches: int  # output elements that differ from the host C++ build, bit for bit
    golden_mismatches: int | None  # against the golden model (int8 programs)
    max_abs_diff: float  # largest finite |emulated - host| over every output element
    nonfinite: int = 0  # elements NaN or infinite on one side, not the same on the other
    beyond_tolerance: int = 0  # float programs: elements outside the fp32 tolerance against the host


class EmbeddedSection(Contract):
    """report.json `embedded`: the cross-compiled library and, with an emulator, its run."""

    compiler: str
    flags: list[str]
    text_bytes: int
    data_bytes: int
    bss_bytes: int
    flash_bytes: int  # text + data (the budget verdict, in report.json `budget`, judges it)
    sram_bytes: int  # data + bss, stack not included
    firmware: SectionSizes | None
    emulator: str | None
    samples: int  # 0 without an emulator
    qemu_mismatches: int | None  # must be 0 for int8 programs
    golden_mismatches: int | None
    max_abs_diff: float | None  # float programs: within evaluate's max_abs_err (libms differ)
