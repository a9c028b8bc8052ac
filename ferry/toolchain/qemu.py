"""Running a firmware image in QEMU: semihosting reads the samples from and writes the outputs to
files in a fresh working folder, in the host runner's format (ferry/toolchain/hostrun.py)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.target import Emulator
from ferry.stages.common.reference import Batch
from ferry.toolchain.hostrun import read_outputs, write_inputs
from ferry.toolchain.tools import SETUP_HINT

# Emulation runs a few million instructions per sample; this bounds a firmware that hangs.
TIMEOUT_S = 300


# QEMU's deterministic instruction counting: the virtual clock advances 2^0 ns per instruction,
# never aligned with the host clock nor skipped ahead while idle.
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]


def emulator_command(emulator: Emulator, icount: bool = False) -> list[str]:
    """The QEMU command line without the image: semihosting may open files on the host.
    `icount`: the virtual clock counts instructions (profiling firmware)."""
    return [emulator.program, "-M", emulator.machine, "-cpu", emulator.cpu, "-nographic",
            "-semihosting-config", "enable=on,target=native", *(ICOUNT if icount else [])]


def emulate(firmware: Path, emulator: Emulator, manifest: PackageManifest, samples: list[Batch],
            icount: bool = False, collect: str | None = None) -> tuple[list[Batch], bytes]:
    """Every sample through the firmware in the emulator: the outputs of each sample, and the
    bytes of the file `collect` the firmware wrote (b"" without). The firmware opens inputs.bin
    and outputs.bin in the emulator's working folder, a fresh one."""
    with tempfile.TemporaryDirectory(prefix="ferry-qemu-") as scratch:
        folder = Path(scratch)
        write_inputs(folder / "inputs.bin", manifest, samples)
        command = [*emulator_command(emulator, icount), "-kernel", str(firmware.resolve())]
        try:
            result = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, errors="replace", check=False, timeout=TIMEOUT_S)
        except FileNotFoundError:
            raise FerryError(f"'{emulator.program}' not found on PATH ({SETUP_HINT})") from None
        except subprocess.TimeoutExpired:
            raise FerryError(f"{firmware} did not finish within {TIMEOUT_S} s in "
                             f"{emulator.program} -M {emulator.machine}") from None
        if result.returncode != 0:
            said = (result.stdout + result.stderr).strip() or "no message"
            raise FerryError(f"{firmware} failed in {emulator.program} -M {emulator.machine} "
                             f"(exit {result.returncode}): {said}")
        outputs = folder / "outputs.bin"
        raw = outputs.read_bytes() if outputs.is_file() else b""
        collected = folder / collect if collect else None
        extra = collected.read_bytes() if collected is not None and collected.is_file() else b""
    return read_outputs(raw, firmware, manifest, len(samples)), extra
