"""The counting build: the generated C++ compiled to count, per layer, what the simulator predicts.

model.cpp is compiled with -DFERRY_COUNT and GCC's kernel-address-sanitizer instrumentation in
call mode, which makes the compiler call a function before every load and store of the model's
code; the package's counting.cpp implements those calls (it marks each accessed byte in its
region: the arena, the runner's input and output buffers, or a const array) and the
FERRY_COUNT_MACS hooks of the kernels. Unoptimized (-O0), so that every access of the source is an
access of the program. The runner then prints one line per layer; `count_layers` reads them as
`LayerCounts`, which must equal the simulator's (stages/simulate/kernels.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.simulation import LayerCounts
from ferry.toolchain.tools import run_tool

FLAGS = ("-std=c++17", "-O0", "-DFERRY_COUNT")
INSTRUMENT = ("-fsanitize=kernel-address", "--param=asan-instrumentation-with-call-threshold=0",
              "--param=asan-globals=0", "--param=asan-stack=0")
RUNNER = "runner_count"


def build_counting_runner(package_dir: Path, build_dir: Path, cxx: str = "g++") -> Path:
    """Compile the package's counting runner into `build_dir`; returns its path."""
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    build_dir.mkdir(parents=True, exist_ok=True)
    objects = []
    for source in [*manifest.sources, manifest.runner, "counting.cpp"]:
        obj = build_dir / f"{Path(source).stem}_count.o"
        instrument = INSTRUMENT if source == "model.cpp" else ()
        run_tool([cxx, *FLAGS, *instrument, "-I", str(package_dir), "-c", str(package_dir / source),
              "-o", str(obj)], cwd=build_dir)
        objects.append(str(obj))
    run_tool([cxx, *objects, "-o", str(build_dir / RUNNER)], cwd=build_dir)
    return build_dir / RUNNER


def zero_sample(manifest: PackageManifest) -> bytes:
    """One sample of every input, all zero (the counts do not depend on the values)."""
    return b"".join(np.zeros(port.shape, np.dtype(port.dtype)).tobytes() for port in manifest.inputs)


def count_layers(runner: Path, sample: bytes, work_dir: Path) -> dict[int, LayerCounts]:
    """Run the counting runner on one sample; its counts by layer index."""
    inputs, outputs, counts = work_dir / "count_in.bin", work_dir / "count_out.bin", work_dir / "counts.txt"
    inputs.write_bytes(sample)
    result = subprocess.run([str(runner), str(inputs), str(outputs), str(counts)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FerryError(f"{runner} failed (exit {result.returncode}): {result.stderr.strip()}")
    layers = {}
    for line in counts.read_text().splitlines():
        index, macs, weight_bytes, read_bytes, write_bytes = (int(v) for v in line.split())
        layers[index] = LayerCounts(macs=macs, weight_bytes=weight_bytes, read_bytes=read_bytes,
                                    write_bytes=write_bytes)
    return layers


def count_total_macs(package_dir: Path, build_dir: Path, cxx: str = "g++") -> int:
    """MACs one inference executes, as the counting build's kernels report them."""
    manifest = PackageManifest.model_validate_json((package_dir / "package.json").read_text())
    runner = build_counting_runner(package_dir, build_dir, cxx)
    return sum(layer.macs for layer in count_layers(runner, zero_sample(manifest), build_dir).values())
