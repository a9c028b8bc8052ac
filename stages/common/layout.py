"""Where a generated package keeps its files, and what the build of one is called: what the task
graph declares as the codegen and compile stages' outputs and later stages' inputs. Kept apart
from the code that writes them, so that loading the task graph imports none of it."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

KERNELS_DIR = Path(__file__).resolve().parents[1] / "codegen" / "kernels"
PLAN_FILE = "memory_plan.json"
REPORT_FILES = ("report.json", "report.md", "report.html", "layers.csv")  # the report stage's outputs


def header_file(prefix: str) -> str:
    """The package's public C header: named for the model, so that any number of packages share
    one include path (and one firmware) without one's header hiding another's."""
    return f"{prefix}_model.h"


def weights_header_file(prefix: str) -> str:
    return f"{prefix}_weights.h"


def package_config_file(prefix: str) -> str:
    """The CMake package configuration that makes `find_package(<prefix>)` work once installed."""
    return f"cmake/{prefix}Config.cmake"


def source_files(prefix: str) -> tuple[str, ...]:
    """The generated sources, headers and build file, in the order the emitter renders them."""
    return (header_file(prefix), "model.cpp", weights_header_file(prefix), "weights.cpp", "runner.cpp",
            "CMakeLists.txt", "counting.cpp", "profile.cpp")


WEIGHTS_BLOB = "weights.bin"  # every constant, binary; weights.cpp links it in (.incbin)
WEIGHTS_SOURCE = "weights.cpp"


def toolchain_file(target: str) -> str:
    """Where a target's toolchain file sits in the package (target names are safe file names)."""
    return f"cmake/{target}.cmake"


@cache
def kernels_digest() -> str:
    """SHA-256 over the names and contents of the kernel headers that every package carries: part
    of codegen's config, so that a changed kernel re-runs codegen (and what reads its package)
    within one stage version, rather than leave an older copy in the package or the stage cache."""
    digest = hashlib.sha256()
    for header in sorted(KERNELS_DIR.glob("*.h")):
        digest.update(header.name.encode() + b"\0" + header.read_bytes() + b"\0")
    return digest.hexdigest()


def package_files(prefix: str, toolchains: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every file a package holds, relative to its folder: what later stages depend on."""
    kernels = sorted(f"kernels/{h.name}" for h in KERNELS_DIR.glob("*.h"))
    return [*source_files(prefix), WEIGHTS_BLOB, "package.json", PLAN_FILE, "README.md",
            package_config_file(prefix), *kernels, *(toolchain_file(name) for name in toolchains)]


def library_name(prefix: str) -> str:
    """The static library of a package whose C prefix is `prefix`."""
    return f"lib{prefix}.a"
