"""A MAC-counting build of a generated package: compiled with -DFERRY_COUNT, every kernel that
carries the FERRY_COUNT_MACS hook (kernels/ferry_sparse.h) reports the multiply-accumulates it
executes; the total over one inference checks what codegen says the layers execute."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from schemas.artifacts import PackageManifest
from stages.common.errors import FerryError
from stages.compile import run_tool

COUNTER = """\
// ferry MAC counter (host only): the FERRY_COUNT_MACS hook sums into a total printed at exit.
#include <cstdint>
#include <cstdio>

namespace {
int64_t total = 0;
struct Report {
  ~Report() { std::fprintf(stderr, "ferry-macs %lld\\n", static_cast<long long>(total)); }
} report;
}  // namespace

extern "C" void ferry_count_macs(int64_t macs) { total += macs; }
"""
FLAGS = ("-std=c++17", "-O1", "-DFERRY_COUNT")


def count_macs(package_dir: Path, build_dir: Path, cxx: str = "g++") -> int:
    """MACs the counting kernels execute on one (all-zero) sample: the count does not depend
    on the values."""
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / "counter.cpp").write_text(COUNTER)
    objects = []
    for source in [*(package_dir / s for s in (*manifest.sources, manifest.runner)), build_dir / "counter.cpp"]:
        obj = build_dir / f"{source.stem}_count.o"
        run_tool([cxx, *FLAGS, "-I", str(package_dir), "-c", str(source), "-o", str(obj)], cwd=build_dir)
        objects.append(str(obj))
    runner = build_dir / "runner_macs"
    run_tool([cxx, *objects, "-o", str(runner)], cwd=build_dir)
    sample = b"".join(np.zeros(p.shape, np.dtype(p.dtype)).tobytes() for p in manifest.inputs)
    (build_dir / "sample.bin").write_bytes(sample)
    result = subprocess.run([str(runner), str(build_dir / "sample.bin"), str(build_dir / "out.bin")],
                            capture_output=True, text=True, check=False)
    lines = [l for l in result.stderr.splitlines() if l.startswith("ferry-macs ")]
    if result.returncode != 0 or not lines:
        raise FerryError(f"{runner} failed (exit {result.returncode}): {result.stderr.strip()}")
    return int(lines[-1].split()[1])
