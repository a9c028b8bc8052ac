"""Compile stage: the generated package becomes a static library and a host runner with g++."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from schemas.artifacts import PackageManifest
from stages.common.errors import FerryError
from stages.common.files import atomic_directory


TOOL_TIMEOUT_S = 600  # one compiler, archiver or size invocation
PROFILE_RUNTIME = "profile.cpp"  # the host profiling build's timer, in every package


def run_tool(command: list[str], cwd: Path) -> str:
    """Run a build tool (an argument list, never a shell); its stdout, or a FerryError with the
    command and the tool's own message."""
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                                timeout=TOOL_TIMEOUT_S)
    except FileNotFoundError:
        raise FerryError(f"'{command[0]}' not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise FerryError(f"{command[0]} did not finish within {TOOL_TIMEOUT_S} s in {cwd}") from None
    if result.returncode != 0:
        raise FerryError(
            f"{command[0]} failed in {cwd} (exit {result.returncode}):\n"
            f"  $ {' '.join(command)}\n{(result.stderr or result.stdout).rstrip()}"
        )
    return result.stdout


def _build(package_dir: Path, manifest: PackageManifest, out: Path, cxx: str, flags: list[str],
           archiver: str, runner_name: str, runtime: tuple[str, ...] = ()) -> None:
    """The library's sources into lib<prefix><suffix>.a; the runner and `runtime` (files of the
    package the runner needs, e.g. profile.cpp) linked against it."""
    suffix = runner_name.removeprefix("runner")
    objects = []
    for source in [*manifest.sources, manifest.runner, *runtime]:
        obj = out / f"{Path(source).stem}{suffix}.o"
        run_tool([cxx, *flags, "-I", str(package_dir), "-c", str(package_dir / source), "-o", str(obj)],
             cwd=out)
        objects.append(obj)
    library = out / f"lib{manifest.prefix}{suffix}.a"
    linked = len(manifest.sources)
    run_tool([archiver, "rcsD", str(library), *[str(o) for o in objects[:linked]]], cwd=out)
    run_tool([cxx, *flags, *[str(o) for o in objects[linked:]], str(library), "-o", str(out / runner_name)],
             cwd=out)


def build_host(package_dir: Path, build_dir: Path, cxx: str, flags: list[str],
               archiver: str = "ar", profile: bool = False) -> Path:
    """Compile every library source, archive them, link the runner; then the same again with
    -DFERRY_TRACE for `runner_trace`, which also writes every node's output, and (profile) with
    -DFERRY_PROFILE for `runner_profile`, which times every node (profile.cpp). Returns the runner."""
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    if shutil.which(cxx) is None:
        raise FerryError(f"compiler '{cxx}' not found on PATH")
    with atomic_directory(build_dir) as staging:
        _build(package_dir, manifest, staging, cxx, flags, archiver, "runner")
        _build(package_dir, manifest, staging, cxx, [*flags, "-DFERRY_TRACE"], archiver, "runner_trace")
        if profile:
            _build(package_dir, manifest, staging, cxx, [*flags, "-DFERRY_PROFILE"], archiver, "runner_profile",
                   (PROFILE_RUNTIME,))
    return build_dir / "runner"
