"""The sources of the emulator firmware: startup code, semihosting, a runner and a linker script.

The runner follows the host runner's file protocol, rendered by the same function, so that the
two binaries read the same inputs file and write outputs files that must be identical.
"""

from __future__ import annotations

from pathlib import Path

from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.target import Emulator
from ferry.stages.codegen.emitter import render_runner

TEMPLATES = Path(__file__).parent / "templates"
SOURCES = ("startup.cpp", "runner.cpp")
PROFILE_SOURCES = (*SOURCES, "profile.cpp")  # the profiling firmware: SysTick around every node
LINKER_SCRIPT = "firmware.ld"
# Stack reserved in RAM by the linker script: the kernels keep small fixed-size locals only.
STACK_BYTES = 16 * 1024


def render_linker_script(target: str, emulator: Emulator) -> str:
    return (
        (TEMPLATES / LINKER_SCRIPT).read_text()
        .replace("@TARGET@", target)
        .replace("@MACHINE@", emulator.machine)
        .replace("@FLASH_ORIGIN@", f"0x{emulator.flash_origin:08X}")
        .replace("@FLASH_BYTES@", f"0x{emulator.flash_bytes:08X}")
        .replace("@RAM_ORIGIN@", f"0x{emulator.ram_origin:08X}")
        .replace("@RAM_BYTES@", f"0x{emulator.ram_bytes:08X}")
        .replace("@STACK_BYTES@", f"0x{STACK_BYTES:X}")
    )


def write_harness(folder: Path, manifest: PackageManifest, target: str, emulator: Emulator) -> None:
    """startup.cpp, semihosting.h, runner.cpp, profile.cpp and firmware.ld into `folder` (which
    exists)."""
    files = {
        "startup.cpp": (TEMPLATES / "startup.cpp").read_text(),
        "semihosting.h": (TEMPLATES / "semihosting.h").read_text(),
        "profile.cpp": (TEMPLATES / "profile.cpp").read_text(),
        "runner.cpp": render_runner(TEMPLATES / "runner.cpp", manifest.model, manifest.prefix,
                                    manifest.inputs, manifest.outputs),
        LINKER_SCRIPT: render_linker_script(target, emulator),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="ascii")
