"""Compile stage of a cross-compiled target: the package as a bare-metal static library, warning-
free with the target's own flags (which carry -Werror), its section sizes (the simulate stage's
budget verdict judges them, so that a budget change does not rebuild), the
firmware image for the target's emulator, and a host build of the same sources as the reference
the emulated run is compared with."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np

from ferry.core.errors import FerryError
from ferry.core.files import atomic_directory, write_json_atomic
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.embedded import CrossBuild
from ferry.schemas.target import Compiler, TargetSpec
from ferry.stages.common.layout import library_name
from ferry.stages.embedded.harness import LINKER_SCRIPT, PROFILE_SOURCES, SOURCES, write_harness
from ferry.stages.host_build import build_host
from ferry.toolchain.sizes import section_sizes
from ferry.toolchain.tools import SETUP_HINT, run_tool

# Bare metal: ferry's startup code instead of the C runtime's, newlib-nano for the few libc
# functions the compiler may call (memcpy, memset), unreferenced sections dropped.
LINK_FLAGS = ["-nostartfiles", "--specs=nano.specs", "-Wl,--gc-sections"]


def _compile(compiler: Compiler, flags: list[str], sources: list[Path], include: Path,
             out: Path) -> list[Path]:
    objects = []
    for source in sources:
        obj = out / f"{source.stem}.o"
        run_tool([compiler.cxx, *flags, "-I", str(include), "-c", str(source), "-o", str(obj)], cwd=out)
        objects.append(obj)
    return objects


def _check_tools(target: TargetSpec) -> None:
    programs = [target.compiler.cxx, target.compiler.ar, target.compiler.size]
    missing = [program for program in programs if shutil.which(program) is None]
    if missing:
        raise FerryError(f"target {target.name}: {', '.join(missing)} not found on PATH ({SETUP_HINT})")


def _firmware(compiler: Compiler, flags: list[str], package_dir: Path, harness: Path,
              sources: tuple[str, ...], model: list[Path], staging: Path, name: str) -> Path:
    """The harness `sources`, compiled with `flags` into `harness`/`name`/ and linked with
    `model` (the library, or its objects) into `name`.elf; returns the ELF."""
    out = harness / name
    out.mkdir()
    objects = _compile(compiler, flags, [harness / s for s in sources], package_dir, out)
    elf = staging / f"{name}.elf"
    run_tool([compiler.cxx, *flags, *LINK_FLAGS, "-T", str(harness / LINKER_SCRIPT),
              *(str(o) for o in [*objects, *model]), "-o", str(elf)], cwd=staging)
    return elf


def _check_memory(manifest: PackageManifest, target: TargetSpec) -> None:
    """A model larger than the emulated board's memories is told here, before the linker's
    "region overflowed" or "relocation truncated to fit"."""
    if target.emulator is None:
        return
    ports = [*manifest.inputs, *manifest.outputs]
    io_bytes = sum(math.prod(p.shape) * np.dtype(p.dtype).itemsize for p in ports)
    ram = manifest.arena_bytes + io_bytes
    if manifest.weights_bytes > target.emulator.flash_bytes or ram > target.emulator.ram_bytes:
        raise FerryError(f"{manifest.prefix} does not fit {target.name}: weights {manifest.weights_bytes} B "
                         f"(flash {target.emulator.flash_bytes} B), arena and I/O buffers {ram} B "
                         f"(RAM {target.emulator.ram_bytes} B)")


def build_cross(package_dir: Path, build_dir: Path, target: TargetSpec, extra_flags: list[str],
                host_reference: bool = True, profile: bool = False) -> CrossBuild:
    """Build into `build_dir` (replaced atomically): lib<prefix>.a, firmware/ and firmware.elf when
    the target has an emulator (and, `profile`, firmware_profile.elf: every node timed, see
    templates/profile.cpp), sizes.json, and (host_reference) host/runner and host/runner_trace."""
    package_dir, build_dir = package_dir.resolve(), build_dir.resolve()  # the tools run elsewhere
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    _check_memory(manifest, target)
    _check_tools(target)
    compiler = target.compiler
    flags = [*compiler.flags, *extra_flags]
    with atomic_directory(build_dir) as staging:
        objects = _compile(compiler, flags, [package_dir / s for s in manifest.sources], package_dir, staging)
        library = staging / library_name(manifest.prefix)
        run_tool([compiler.ar, "rcsD", str(library), *(str(o) for o in objects)], cwd=staging)
        sizes = section_sizes(compiler.size, [library], staging)
        firmware = None
        if target.emulator is not None:
            harness = staging / "firmware"
            harness.mkdir()
            write_harness(harness, manifest, target.name, target.emulator)
            elf = _firmware(compiler, flags, package_dir, harness, SOURCES, [library], staging, "firmware")
            firmware = section_sizes(compiler.size, [elf], staging)
            if profile:  # the library's sources again, with the FERRY_LAYER hooks calling the timer
                profiled = [*flags, "-DFERRY_PROFILE"]
                (harness / "model_profile").mkdir()
                model = _compile(compiler, profiled, [package_dir / s for s in manifest.sources], package_dir,
                                 harness / "model_profile")
                _firmware(compiler, profiled, package_dir, harness, PROFILE_SOURCES, model, staging,
                          "firmware_profile")
        if host_reference:
            build_host(package_dir, staging / "host", Compiler().cxx, Compiler().flags)
        build = CrossBuild(compiler=compiler.cxx, flags=flags, library=sizes, firmware=firmware)
        write_json_atomic(staging / "sizes.json", build.model_dump(mode="json"))
    return build
