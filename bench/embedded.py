"""The embedded figures of the digits example on the Cortex-M55: every validation sample run in
QEMU against the host C++ and the golden model, flash and RAM of the library and of the firmware
image against the weight bytes, and the package built with CMake from a clean folder for the host
and for the M55 (with the package's toolchain file).

    python -m bench.embedded [--spec pipeline.yaml] [--target cortex_m55]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import PipelineSpec
from ferry.schemas.target import TargetSpec
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.toolchain.sizes import section_sizes

ROOT = Path(__file__).resolve().parents[1]

KB = 1024


def run_pipeline(spec: Path, outputs: Path) -> None:
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec.parent),
               f"pipeline={spec}", f"outputs={outputs}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=1800)


def cmake_build(package: Path, build: Path, *configure: str) -> float:
    """Configure and build the package from a clean folder; seconds taken."""
    start = time.perf_counter()
    for command in (["cmake", "-S", str(package), "-B", str(build), *configure],
                    ["cmake", "--build", str(build)]):
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "pipeline.yaml")
    parser.add_argument("--target", default="cortex_m55")
    args = parser.parse_args()
    spec_path = args.spec.resolve()
    spec = load_model(spec_path, PipelineSpec, {"base_dir": spec_path.parent})
    model = spec.models[0]
    target_path = next(p for p in spec.targets if load_model(p, TargetSpec).name == args.target)
    target = load_model(target_path, TargetSpec)
    assert target.emulator is not None, f"{args.target} has no emulator"
    with tempfile.TemporaryDirectory(prefix="ferry-bench-") as scratch:
        out = Path(scratch) / spec.pipeline / model.name
        run_pipeline(spec_path, Path(scratch))
        report = json.loads((out / args.target / "report.json").read_text())
        embedded, memory = report["embedded"], report["memory"]
        package = out / "codegen" / "package"
        build = out / args.target / "compile" / "build"
        manifest = PackageManifest.model_validate_json((package / "package.json").read_text())

        start = time.perf_counter()
        everything = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner",
                                          out / "codegen" / "integer.onnx", manifest, model.validation,
                                          10**9, target.emulator)
        qemu_seconds = time.perf_counter() - start

        clean = Path(scratch) / "handed-over"
        shutil.copytree(package, clean)
        host_seconds = cmake_build(clean, Path(scratch) / "cmake-host")
        toolchain = clean / "cmake" / f"{args.target}.cmake"
        arm_seconds = cmake_build(clean, Path(scratch) / "cmake-arm", f"-DCMAKE_TOOLCHAIN_FILE={toolchain}")
        cmake_sizes = section_sizes(target.compiler.size, [Path(scratch) / "cmake-arm" / f"lib{manifest.prefix}.a"],
                                    Path(scratch))

    image = embedded["firmware"]
    image_flash = image["text_bytes"] + image["data_bytes"]
    weights = memory["weights_bytes"]
    print(f"{model.name} on {args.target} ({' '.join(f for f in embedded['flags'] if f.startswith('-m'))})")
    print(f"  pipeline QEMU check ({embedded['samples']} samples): {embedded['qemu_mismatches']} output "
          f"elements differ from the host C++, {embedded['golden_mismatches']} from the golden model")
    print(f"  every validation sample in QEMU ({everything.samples}): {everything.qemu_mismatches} differ from "
          f"the host C++, {everything.golden_mismatches} from the golden model ({qemu_seconds:.2f} s with "
          f"the host run and the golden model)")
    print(f"  library: text {embedded['text_bytes']:,} B, data {embedded['data_bytes']:,} B, "
          f"bss {embedded['bss_bytes']:,} B (weights {weights:,} B, arena {memory['arena_bytes']:,} B)")
    library_flash = embedded["text_bytes"] + embedded["data_bytes"]
    print(f"  flash: library {library_flash:,} B = weights + {library_flash - weights:,} B; "
          f"whole QEMU image {image_flash:,} B = weights + {image_flash - weights:,} B "
          f"(limit weights + {24 * KB:,} B: {'met' if image_flash <= weights + 24 * KB else 'NOT met'})")
    print(f"  SRAM: library {embedded['data_bytes'] + embedded['bss_bytes']:,} B; "
          f"QEMU image bss {image['bss_bytes']:,} B "
          f"(incl. the reserved 16 KiB stack)")
    same = cmake_sizes.model_dump() == {k: embedded[k] for k in ("text_bytes", "data_bytes", "bss_bytes")}
    print(f"  CMake from a clean folder: host {host_seconds:.1f} s, {args.target} toolchain file "
          f"{arm_seconds:.1f} s; the CMake {args.target} library's sections "
          f"{'equal' if same else 'DIFFER from'} ferry's build")
    return 0 if everything.qemu_mismatches == 0 and everything.golden_mismatches == 0 and same else 1


if __name__ == "__main__":
    sys.exit(main())
