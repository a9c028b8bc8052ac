"""The CMSIS-NN yardstick firmware: built with the target's compiler and flags, run in QEMU with
instruction counting, its outputs and per-layer counts read back.

The firmware (runner.cpp) is ferry's emulator harness (startup code, semihosting, the profiling
runtime and the linker script of stages/embedded) around a loop that reads each layer from
layers.bin and calls CMSIS-NN on it. The vendored CMSIS-NN sources (vendor/) are C: they are
compiled by the C compiler beside the target's C++ compiler with the target's flags less the
C++-only ones and -Werror (their warnings are Arm's, not ferry's), at the target's optimisation
level (-O2 on both Cortex-M targets, as issue 17's CMSIS-NN column), and with
CMSIS_NN_USE_SINGLE_ROUNDING: CMSIS-NN's option for requantizing with one rounding, which is
ferry's arithmetic ((acc·M + 2^(r-1)) >> r); without it CMSIS-NN rounds twice, as TFLite does.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.cmsis_nn.layers import CmsisLayer, serialize
from ferry.core.errors import FerryError
from ferry.schemas.artifacts import MemoryPlanRecord
from ferry.schemas.profile import Profile
from ferry.schemas.target import TargetSpec
from ferry.stages.embedded.build import LINK_FLAGS
from ferry.stages.embedded.harness import LINKER_SCRIPT, STACK_BYTES, TEMPLATES, render_linker_script
from ferry.stages.profile import PROFILE_FILE, emulator_profile
from ferry.toolchain.qemu import TIMEOUT_S, emulator_command
from ferry.toolchain.tools import run_tool

HERE = Path(__file__).parent
VENDOR = HERE / "vendor"
DEFINES = ["-DCMSIS_NN_USE_SINGLE_ROUNDING"]
CXX_ONLY = ("-std=c++17", "-fno-exceptions", "-fno-rtti")
# RAM left to the startup code's data, the profiling runtime's table (4096 layers x 8 bytes) and
# the stack; the rest is the arena that holds one layer's arrays, output and scratch buffer.
RESERVED_RAM = STACK_BYTES + 64 * 1024


def c_compiler(cxx: str) -> str:
    """The C compiler of the toolchain whose C++ compiler is `cxx` (arm-none-eabi-g++ -> -gcc)."""
    if not cxx.endswith("g++"):
        raise FerryError(f"{cxx}: no C compiler known beside it for the vendored CMSIS-NN sources")
    return cxx.removesuffix("g++") + "gcc"


def c_flags(target: TargetSpec) -> list[str]:
    """The target's flags for C sources: without the C++-only ones and without -Werror."""
    return [f for f in target.compiler.flags if f not in CXX_ONLY and f != "-Werror"] + ["-std=c11", *DEFINES]


def vendor_sources() -> list[Path]:
    return sorted((VENDOR / "Source").rglob("*.c"))


def build_firmware(target: TargetSpec, folder: Path) -> Path:
    """cmsis_nn.elf in `folder` (created): CMSIS-NN and the runner for `target`'s emulator."""
    assert target.emulator is not None, f"{target.name} has no emulator"
    folder.mkdir(parents=True, exist_ok=True)
    include = ["-I", str(VENDOR / "Include")]
    objects = []
    for source in vendor_sources():
        obj = folder / f"{source.stem}.o"
        run_tool([c_compiler(target.compiler.cxx), *c_flags(target), *include, "-c", str(source), "-o", str(obj)],
                 cwd=folder)
        objects.append(obj)
    arena = target.emulator.ram_bytes - RESERVED_RAM
    cxx_flags = [*target.compiler.flags, *DEFINES, "-DFERRY_PROFILE", f"-DFERRY_CMSIS_ARENA_BYTES={arena}"]
    for source in [TEMPLATES / "startup.cpp", TEMPLATES / "profile.cpp", HERE / "runner.cpp"]:
        obj = folder / f"{source.stem}.o"
        run_tool([target.compiler.cxx, *cxx_flags, *include, "-I", str(TEMPLATES), "-c", str(source), "-o", str(obj)],
                 cwd=folder)
        objects.append(obj)
    (folder / LINKER_SCRIPT).write_text(render_linker_script(target.name, target.emulator), encoding="ascii")
    elf = folder / "cmsis_nn.elf"
    run_tool([target.compiler.cxx, *target.compiler.flags, *LINK_FLAGS, "-T", str(folder / LINKER_SCRIPT),
              *(str(o) for o in objects), "-o", str(elf)], cwd=folder)
    return elf


@dataclass(frozen=True)
class CmsisRun:
    """CMSIS-NN's outputs (in its layout) and the profile of the run: per plan layer the
    instructions of its wrapper call (0 for a layer CMSIS-NN did not run)."""

    outputs: list[np.ndarray]
    profile: Profile


def run_layers(elf: Path, target: TargetSpec, layers: list[CmsisLayer], plan: MemoryPlanRecord,
               harness_slot: int) -> CmsisRun:
    """`layers` through the firmware in QEMU under -icount shift=0."""
    assert target.emulator is not None, f"{target.name} has no emulator"
    command = [*emulator_command(target.emulator, icount=True), "-kernel", str(elf.resolve())]
    with tempfile.TemporaryDirectory(prefix="ferry-cmsis-nn-") as scratch:
        folder = Path(scratch)
        (folder / "layers.bin").write_bytes(serialize(layers, harness_slot))
        try:
            result = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                    errors="replace", check=False, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise FerryError(f"{elf} did not finish within {TIMEOUT_S} s") from None
        if result.returncode != 0:
            raise FerryError(f"{elf} failed in QEMU (exit {result.returncode}): "
                             f"{(result.stdout + result.stderr).strip() or 'no message'}")
        raw = (folder / "outputs.bin").read_bytes()
        profile = emulator_profile((folder / PROFILE_FILE).read_bytes(), plan, " ".join(command[:-2]))
    outputs, offset = [], 0
    for layer in layers:
        size = layer.expected.size
        outputs.append(np.frombuffer(raw, np.int8, size, offset).reshape(layer.expected.shape))
        offset += size
    if offset != len(raw):
        raise FerryError(f"{elf}: outputs.bin holds {len(raw)} bytes, the layers {offset}")
    return CmsisRun(outputs, profile)
