"""The `embedded` section of report.json and report.md: sizes, budget, the emulated run."""

from __future__ import annotations

from schemas.embedded import BudgetItem, CrossBuild, EmbeddedSection, EmulatorRun


def embedded_section(build: CrossBuild, run: EmulatorRun | None) -> EmbeddedSection:
    sizes = build.library
    return EmbeddedSection(
        compiler=build.compiler, flags=build.flags, text_bytes=sizes.text_bytes,
        data_bytes=sizes.data_bytes, bss_bytes=sizes.bss_bytes, flash=build.flash, sram=build.sram,
        firmware=build.firmware, emulator=run.command if run else None,
        samples=run.samples if run else 0,
        qemu_mismatches=run.qemu_mismatches if run else None,
        golden_mismatches=run.golden_mismatches if run else None,
        max_abs_diff=run.max_abs_diff if run else None,
    )


def _budget_text(item: BudgetItem) -> str:
    if item.limit is None:
        return "no budget"
    return f"budget {item.limit:,} B: {'within' if item.within else 'OVER'}"


def embedded_lines(section: EmbeddedSection) -> list[str]:
    lines = ["", "## Embedded", "",
             f"Cross-compiled with `{section.compiler} {' '.join(section.flags)}`.", "",
             "| library section | bytes |", "|---|---|",
             f"| text (code and const weights) | {section.text_bytes:,} |",
             f"| data | {section.data_bytes:,} |",
             f"| bss (activation arena) | {section.bss_bytes:,} |",
             f"| flash = text + data | {section.flash.value:,} ({_budget_text(section.flash)}) |",
             f"| SRAM = data + bss | {section.sram.value:,} ({_budget_text(section.sram)}) |"]
    if section.firmware is not None:
        image = section.firmware
        lines += ["", f"Emulator image (library, startup, semihosting runner, libc parts, 16 KiB stack): "
                      f"text {image.text_bytes:,} B, data {image.data_bytes:,} B, bss {image.bss_bytes:,} B."]
    if section.emulator is not None:
        golden = (f" (largest difference {section.max_abs_diff:.3g})" if section.golden_mismatches is None
                  else f", from the golden model {section.golden_mismatches}")
        lines += ["", f"`{section.emulator}`: {section.samples} validation samples; output elements "
                      f"differing from the host C++ {section.qemu_mismatches}{golden}."]
    return lines
