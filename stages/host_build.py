"""The host build of a generated package: a static library and a runner, with the target's own
compiler (the compile stage of host and simulated targets) or the host's (the reference a cross
build's emulated run is compared with)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.core.files import atomic_directory
from ferry.schemas.artifacts import PackageManifest
from ferry.stages.common.layout import WEIGHTS_SOURCE
from ferry.toolchain.tools import run_tool

PROFILE_RUNTIME = "profile.cpp"  # the host profiling build's timer, in every package


def _compile(package_dir: Path, source: str, obj: Path, cxx: str, flags: list[str]) -> Path:
    run_tool([cxx, *flags, "-I", str(package_dir), "-c", str(package_dir / source), "-o", str(obj)],
             cwd=obj.parent)
    return obj


def _build(package_dir: Path, manifest: PackageManifest, out: Path, cxx: str, flags: list[str],
           archiver: str, runner_name: str, weights: Path, runtime: tuple[str, ...] = ()) -> None:
    """One library and its runner; `weights` is the object of weights.cpp, built once for all;
    `runtime` are files of the package the runner needs beside the library (e.g. profile.cpp)."""
    suffix = runner_name.removeprefix("runner")
    objects = [weights if source == WEIGHTS_SOURCE else
               _compile(package_dir, source, out / f"{Path(source).stem}{suffix}.o", cxx, flags)
               for source in manifest.sources]
    runner = [_compile(package_dir, source, out / f"{Path(source).stem}{suffix}.o", cxx, flags)
              for source in (manifest.runner, *runtime)]
    library = out / f"lib{manifest.prefix}{suffix}.a"
    run_tool([archiver, "rcsD", str(library), *[str(o) for o in objects]], cwd=out)
    run_tool([cxx, *flags, *[str(o) for o in runner], str(library), "-o", str(out / runner_name)], cwd=out)


def build_host(package_dir: Path, build_dir: Path, cxx: str, flags: list[str],
               archiver: str = "ar", profile: bool = False) -> Path:
    """Compile every library source, archive them, link the runner; then the same again with
    -DFERRY_TRACE for `runner_trace`, which also writes every node's output, and (profile) with
    -DFERRY_PROFILE for `runner_profile`, which times every node (profile.cpp). The weights (an
    `.incbin` of weights.bin, which no macro changes) are assembled once, into every library.
    Returns the runner."""
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    if shutil.which(cxx) is None:
        raise FerryError(f"compiler '{cxx}' not found on PATH")
    with atomic_directory(build_dir) as staging:
        weights = _compile(package_dir, WEIGHTS_SOURCE, staging / "weights.o", cxx, flags)
        _build(package_dir, manifest, staging, cxx, flags, archiver, "runner", weights)
        _build(package_dir, manifest, staging, cxx, [*flags, "-DFERRY_TRACE"], archiver, "runner_trace", weights)
        if profile:
            _build(package_dir, manifest, staging, cxx, [*flags, "-DFERRY_PROFILE"], archiver, "runner_profile",
                   weights, (PROFILE_RUNTIME,))
    return build_dir / "runner"
