"""The `embedded` section of report.json: sizes and the emulated run."""

from __future__ import annotations

from ferry.schemas.embedded import CrossBuild, EmbeddedSection, EmulatorRun


def embedded_section(build: CrossBuild, run: EmulatorRun | None) -> EmbeddedSection:
    sizes = build.library
    return EmbeddedSection(
        compiler=build.compiler, flags=build.flags, text_bytes=sizes.text_bytes,
        data_bytes=sizes.data_bytes, bss_bytes=sizes.bss_bytes, flash_bytes=sizes.flash_bytes,
        sram_bytes=sizes.sram_bytes,
        firmware=build.firmware, emulator=run.command if run else None,
        samples=run.samples if run else 0,
        qemu_mismatches=run.qemu_mismatches if run else None,
        golden_mismatches=run.golden_mismatches if run else None,
        max_abs_diff=run.max_abs_diff if run else None,
    )
