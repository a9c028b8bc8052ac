"""Where a generated package keeps its files, and what the build of one is called: what the task
graph declares as the codegen and compile stages' outputs and later stages' inputs. Kept apart
from the code that writes them, so that loading the task graph imports none of it."""

from __future__ import annotations

from pathlib import Path

KERNELS_DIR = Path(__file__).resolve().parents[1] / "codegen" / "kernels"
SOURCE_FILES = ("model.h", "model.cpp", "weights.h", "weights.cpp", "runner.cpp", "CMakeLists.txt",
                "counting.cpp", "profile.cpp")
PLAN_FILE = "memory_plan.json"


def toolchain_file(target: str) -> str:
    """Where a target's toolchain file sits in the package (target names are safe file names)."""
    return f"cmake/{target}.cmake"


def package_files(toolchains: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every file a package holds, relative to its folder: what later stages depend on."""
    kernels = sorted(f"kernels/{h.name}" for h in KERNELS_DIR.glob("*.h"))
    return [*SOURCE_FILES, "package.json", PLAN_FILE, "README.md", *kernels,
            *(toolchain_file(name) for name in toolchains)]


def library_name(prefix: str) -> str:
    """The static library of a package whose C prefix is `prefix`."""
    return f"lib{prefix}.a"
