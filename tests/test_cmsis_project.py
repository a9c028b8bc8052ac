"""The firmware package in a CMSIS-Core project (tests/cmsis_project/): Arm's ARMCM55 device
startup, system file and linker script, a C main that runs the bundled example digits_cnn once on
the digit in sample.h and prints its logits through semihosting. Built with the package's
toolchain file, with the package added to the tree and found installed, and run on the Cortex-M55
of QEMU's mps3-an547: the logits equal the golden model's, bit for bit."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np

from ferry.stages.common.golden import GoldenModel
from ferry.toolchain.qemu import emulator_command
from tests.conftest import QEMU_ARM, ROOT, require_tools, run_doit
from tests.test_firmware import M55, _target
from tests.test_firmware_package import cmake

PROJECT = ROOT / "tests" / "cmsis_project"
MODEL = "digits_cnn"

# The example's model and data, as in pipeline.yaml, through codegen only: the package and its
# toolchain file for the Cortex-M55.
SPEC = f"""\
pipeline: cmsis
models:
  - name: {MODEL}
    onnx: digits_cnn.onnx
    input_shapes: {{input: [1, 1, 8, 8]}}
    calibration: {{path: digits_calib.npz, inputs: {{input: x}}, labels: y}}
    validation: {{path: digits_val.npz, inputs: {{input: x}}, labels: y}}
targets: [cortex_m55.yaml]
stages:
  - kind: import
  - kind: quantize
  - kind: codegen
"""


def _sample() -> np.ndarray:
    """The int8 input the firmware reads: the array in sample.h."""
    text = (PROJECT / "sample.h").read_text()
    body = re.search(r"sample\[[^\]]*\] = \{([^}]*)\}", text)
    assert body is not None, "sample.h: no `sample[...] = {...}` array"
    return np.array([int(v) for v in re.findall(r"-?\d+", body.group(1))], dtype=np.int8).reshape(1, 1, 8, 8)


def _build(source: Path, build: Path, toolchain: Path, *definitions: str) -> str:
    """Configure and build `source` for the Cortex-M55; the compilers' and linker's messages."""
    cmake("-S", str(source), "-B", str(build), f"-DCMAKE_TOOLCHAIN_FILE={toolchain}", *definitions, cwd=build.parent)
    return cmake("--build", str(build), cwd=build.parent)


def test_the_package_runs_bit_exact_in_a_cmsis_core_project_on_the_cortex_m55(tmp_path: Path) -> None:
    require_tools("cmake", "arm-none-eabi-gcc", "arm-none-eabi-g++", "arm-none-eabi-ar", QEMU_ARM)
    for name in ("digits_cnn.onnx", "digits_calib.npz", "digits_val.npz"):
        shutil.copy(ROOT / "models" / name, tmp_path / name)
    shutil.copy(M55, tmp_path / "cortex_m55.yaml")
    (tmp_path / "pipeline.yaml").write_text(SPEC)
    run_doit(tmp_path)
    codegen = tmp_path / "outputs" / "cmsis" / MODEL / "codegen"
    package = codegen / "package"
    toolchain = package / "cmake" / "cortex_m55.cmake"

    # The package built and installed for the M55 once, as a package manager would.
    messages = _build(package, tmp_path / "package-m55", toolchain)
    cmake("--install", str(tmp_path / "package-m55"), "--prefix", str(tmp_path / "prefix-m55"), cwd=tmp_path)
    firmwares = {}
    for way, definition in (("add_subdirectory", f"-DDIGITS_CNN_PACKAGE={package}"),
                            ("find_package", f"-DCMAKE_PREFIX_PATH={tmp_path / 'prefix-m55'}")):
        build = tmp_path / f"firmware-{way}"
        messages += _build(PROJECT, build, toolchain, definition)
        firmwares[way] = build / "firmware.elf"
    assert "warning:" not in messages  # the device files, main.c and the model under -Wall -Wextra

    m55 = _target(M55)
    assert m55.emulator is not None
    expected = GoldenModel(codegen / "integer.onnx").run({"input": _sample()})["logits"].reshape(-1)
    for way, elf in firmwares.items():
        qemu = subprocess.run([*emulator_command(m55.emulator), "-kernel", str(elf)], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=60)
        assert qemu.returncode == 0, f"{way}: {qemu}"  # main returned 0: exit through semihosting
        lines = dict(line.split(": ", 1) for line in qemu.stdout.splitlines() if ": " in line)
        assert lines["cpu"] == "part 0xD22", way  # SCB->CPUID through CMSIS-Core: a Cortex-M55
        logits = np.array([int(v) for v in lines["logits"].split()], dtype=np.int64)
        assert logits.tolist() == expected.astype(np.int64).tolist(), way
        assert lines["class"] == "7 (label 7)", way  # the model sees the 7 of sample.h
