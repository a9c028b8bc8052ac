"""The embedded side: the package as a firmware developer uses it (C API, CMake, toolchain file),
the cross build with its section sizes, and the firmware run in QEMU, bit for bit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnx
import pytest

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.embedded import CrossBuild, EmulatorRun
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.quant import quantize
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator, run_firmware
from ferry.stages.embedded.harness import render_linker_script
from ferry.toolchain.hostrun import run_samples
from ferry.toolchain.sizes import section_sizes
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, executed, require_tools, run_doit, tiny_cnn
from tests.test_int8 import _every_int8_op_model, _quantized

M55 = ROOT / "targets" / "cortex_m55.yaml"
M7 = ROOT / "targets" / "cortex_m7.yaml"


def _target(path: Path) -> TargetSpec:
    return load_model(path, TargetSpec)


class EveryOp:
    """Every int8 op in one model: its package (with the M55 toolchain file) and M55 build."""

    def __init__(self, tmp: Path) -> None:
        samples = np.random.default_rng(3).standard_normal((24, 3, 8, 8)).astype(np.float32)
        _quantized(tmp, _every_int8_op_model(), samples)
        self.tmp = tmp
        self.m55 = _target(M55)
        self.package = tmp / "package"
        self.manifest = generate_package(tmp / "model.qdq.onnx", "m", self.package, tmp / "integer.onnx",
                                         {"cortex_m55": self.m55.compiler})
        self.build = build_cross(self.package, tmp / "m55", self.m55, [])
        self.data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": tmp})

    def run(self, firmware: Path, host: Path, target: TargetSpec) -> EmulatorRun:
        assert target.emulator is not None
        return evaluate_on_emulator(firmware, host, self.tmp / "integer.onnx", self.manifest, self.data,
                                    24, target.emulator)


@pytest.fixture(scope="module")
def every_op(tmp_path_factory: pytest.TempPathFactory) -> EveryOp:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    return EveryOp(tmp_path_factory.mktemp("every_op_m55"))


def test_every_int8_op_runs_bit_exact_on_cortex_m55_in_qemu(every_op: EveryOp) -> None:
    run = every_op.run(every_op.tmp / "m55" / "firmware.elf", every_op.tmp / "m55" / "host" / "runner",
                       every_op.m55)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches, run.max_abs_diff) == (24, 0, 0, 0.0)
    assert run.command.split()[:5] == ["qemu-system-arm", "-M", "mps3-an547", "-cpu", "cortex-m55"]
    library = every_op.build.library
    assert library.text_bytes > every_op.manifest.weights_bytes  # the const weights are in text
    assert library.bss_bytes == every_op.manifest.arena_bytes  # the arena is the only zeroed data
    assert library.data_bytes == 0
    assert (library.flash_bytes, library.sram_bytes) == (library.text_bytes, library.bss_bytes)
    saved = CrossBuild.model_validate_json((every_op.tmp / "m55" / "sizes.json").read_text())
    assert saved == every_op.build


def test_every_int8_op_runs_bit_exact_on_cortex_m7_in_qemu(every_op: EveryOp, tmp_path: Path) -> None:
    m7 = _target(M7)
    build_cross(every_op.package, tmp_path / "m7", m7, [])
    run = every_op.run(tmp_path / "m7" / "firmware.elf", tmp_path / "m7" / "host" / "runner", m7)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (24, 0, 0)


def test_a_firmware_that_computes_differently_is_caught(every_op: EveryOp, tmp_path: Path) -> None:
    corrupted = tmp_path / "package"
    shutil.copytree(every_op.package, corrupted)
    # the first int8 weight array, found where weights.h says it sits in weights.bin
    first = re.search(r"int8\[[\d,]+\], bytes ([\d,]+)\.\.[\d,]+ of weights\.bin[^\n]*\n"
                      r"extern const int8_t w_", next(corrupted.glob("*_weights.h")).read_text())
    assert first is not None
    blob = bytearray((corrupted / "weights.bin").read_bytes())
    offset = int(first.group(1).replace(",", ""))
    # the first weight of the first layer at the other end of the int8 range, so that neither
    # rounding downstream nor a kernel's operand handling can hide it
    blob[offset] = 0x80 if blob[offset] < 0x80 else 0x7F
    (corrupted / "weights.bin").write_bytes(bytes(blob))
    build_cross(corrupted, tmp_path / "build", every_op.m55, [])
    run = every_op.run(tmp_path / "build" / "firmware.elf", every_op.tmp / "m55" / "host" / "runner",
                       every_op.m55)
    assert run.qemu_mismatches > 0 and run.golden_mismatches == run.qemu_mismatches


def test_faults_and_missing_emulator_read_as_one_message(every_op: EveryOp) -> None:
    m7 = _target(M7)
    assert m7.emulator is not None
    sample = {"x": np.zeros((1, 3, 8, 8), np.int8)}
    # Armv8.1-M code on a Cortex-M7 board: a UsageFault, which the startup code reports.
    with pytest.raises(FerryError, match=r"failed in qemu-system-arm -M mps2-an500 \(exit 1\): "
                                         r"firmware: fault \(HardFault"):
        run_firmware(every_op.tmp / "m55" / "firmware.elf", m7.emulator, every_op.manifest, [sample])
    absent = m7.emulator.model_copy(update={"program": "qemu-system-absent"})
    with pytest.raises(FerryError, match=r"'qemu-system-absent' not found on PATH \(install .* \.ci/setup\)"):
        run_firmware(every_op.tmp / "m55" / "firmware.elf", absent, every_op.manifest, [sample])


def test_linker_script_follows_the_emulator_memory_map(every_op: EveryOp, tmp_path: Path) -> None:
    emulator = every_op.m55.emulator
    assert emulator is not None
    script = render_linker_script("cortex_m55", emulator)
    assert "FLASH (rx)  : ORIGIN = 0x00000000, LENGTH = 0x00080000" in script  # ITCM, 512 KiB
    assert "RAM   (rwx) : ORIGIN = 0x20000000, LENGTH = 0x00080000" in script  # DTCM, 512 KiB
    small = every_op.m55.model_copy(update={"emulator": emulator.model_copy(update={"ram_bytes": 8192})})
    with pytest.raises(FerryError, match=r"region `RAM' overflowed"):
        build_cross(every_op.package, tmp_path / "build", small, [])


def test_package_builds_with_cmake_for_host_and_cortex_m55(every_op: EveryOp, tmp_path: Path) -> None:
    """From a clean copy of the package, as the firmware developer gets it."""
    require_tools("cmake")
    package = tmp_path / "package"
    shutil.copytree(every_op.package, package)

    def cmake(build: str, *configure: str) -> Path:
        for command in (["cmake", "-S", str(package), "-B", str(tmp_path / build), "-Dm_WARNINGS_AS_ERRORS=ON",
                         *configure],
                        ["cmake", "--build", str(tmp_path / build), "--target", "all",
                         *(["m_runner"] if not configure else [])]):
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
        return tmp_path / build

    host = cmake("host")
    data = np.load(every_op.tmp / "data.npz")["x"][:4]
    port = every_op.manifest.inputs[0]
    inputs = [{"x": quantize(x[None], port.scale, port.zero_point).astype(np.int8)} for x in data]
    golden = GoldenModel(every_op.tmp / "integer.onnx")
    for got, sample in zip(run_samples(host / "m_runner", every_op.manifest, inputs), inputs):
        assert np.array_equal(got["y"], golden.run(sample)["y"])

    arm = cmake("m55", f"-DCMAKE_TOOLCHAIN_FILE={package / 'cmake' / 'cortex_m55.cmake'}")
    sizes = section_sizes("arm-none-eabi-size", [arm / "libm.a"], tmp_path)
    assert sizes == every_op.build.library  # the toolchain file carries the target's flags
    assert not (arm / "m_runner").exists()  # the stdio runner is a host program
    readme = (package / "README.md").read_text()  # for the firmware developer: memory and build
    manifest = every_op.manifest
    assert f"| weights | {manifest.weights_bytes:,} |" in readme
    assert f"| activation arena | {manifest.arena_bytes:,} |" in readme
    assert "-DCMAKE_TOOLCHAIN_FILE=cmake/cortex_m55.cmake && cmake --build build-cortex_m55" in readme


def test_model_h_is_a_c_api_with_the_quantization_parameters(every_op: EveryOp, tmp_path: Path) -> None:
    """A C99 program quantizes a real input with the header's macros, links the C++ library and
    gets the golden model's outputs."""
    manifest: PackageManifest = every_op.manifest
    port = manifest.inputs[0]
    real = np.random.default_rng(5).standard_normal(port.shape).astype(np.float32)
    values = ", ".join(f"{float(v)!r}f" for v in real.reshape(-1))
    (tmp_path / "main.c").write_text(f"""
#include <math.h>
#include <stdio.h>
#include "m_model.h"

static const float real[m_input0_size] = {{{values}}};

int main(void) {{
  int8_t x[m_input0_size], y[m_output0_size];
  for (int i = 0; i < m_input0_size; ++i) {{
    long q = lroundf(real[i] / M_INPUT0_SCALE) + M_INPUT0_ZERO_POINT;
    x[i] = (int8_t)(q < -128 ? -128 : (q > 127 ? 127 : q));
  }}
  if (m_run(x, y) != 0) return 1;
  for (int i = 0; i < m_output0_size; ++i) printf("%d %.9g\\n", y[i],
      M_OUTPUT0_SCALE * (y[i] - M_OUTPUT0_ZERO_POINT));
  printf("%d %d\\n", M_WEIGHTS_BYTES, M_ARENA_BYTES);
  return 0;
}}
""")
    objects = []
    for source in manifest.sources:
        objects.append(tmp_path / f"{Path(source).stem}.o")
        subprocess.run(["g++", "-std=c++17", "-O1", "-c", str(every_op.package / source), "-I",
                        str(every_op.package), "-o", str(objects[-1])], check=True, timeout=300)
    program = tmp_path / "app"
    subprocess.run(["gcc", "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-I", str(every_op.package),
                    str(tmp_path / "main.c"), *map(str, objects), "-lm", "-o", str(program)],
                   check=True, timeout=300)
    lines = subprocess.run([str(program)], capture_output=True, text=True, check=True, timeout=60).stdout.split("\n")
    codes = [int(line.split()[0]) for line in lines[:10]]
    scaled = np.abs(real / port.scale)
    assert np.all(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-3)  # no ties: C and numpy round alike
    expected = GoldenModel(every_op.tmp / "integer.onnx").run(
        {"x": quantize(real, port.scale, port.zero_point).astype(np.int8)})["y"].reshape(-1)
    assert codes == expected.tolist()
    out = manifest.outputs[0]
    assert [float(line.split()[1]) for line in lines[:10]] == pytest.approx(
        (out.scale * (expected.astype(np.float64) - out.zero_point)).tolist(), rel=1e-6)
    assert lines[10] == f"{manifest.weights_bytes} {manifest.arena_bytes}"


def test_the_library_includes_no_host_only_header(every_op: EveryOp) -> None:
    # and the compiler's own intrinsics headers of the Helium, DSP and x86 kernel variants
    allowed = {"stdint.h", "stddef.h", "math.h", "limits", "arm_mve.h", "arm_acle.h", "immintrin.h"}
    library = ["m_model.h", "model.cpp", "m_weights.h", "weights.cpp",
               *(f"kernels/{p.name}" for p in (every_op.package / "kernels").glob("*.h"))]
    system = {name for file in library
              for name in re.findall(r"#include <([^>]+)>", (every_op.package / file).read_text())}
    assert system and system <= allowed, system - allowed
    assert "#include <cstdio>" in (every_op.package / "runner.cpp").read_text()  # the runner stays apart


SPEC = """\
pipeline: tiny
models:
  - name: tiny
    onnx: tiny.onnx
    input_shapes: {x: [1, 1, 8, 8]}
    validation: {path: val.npz}
targets: [targets/m55.yaml]
stages:
  - kind: import
  - kind: codegen
  - kind: compile
  - kind: evaluate
    embedded_samples: 3
"""


def test_an_mcu_target_reports_sizes_against_its_budget(tmp_path: Path) -> None:
    """A float model on the M55 through doit: over its flash budget the build fails with the
    measured figure and the largest weights; not enforced (a budget change: compile does not
    re-run), the report carries the sizes, the verdict and the QEMU run."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    (tmp_path / "targets").mkdir()
    shutil.copy(M55, tmp_path / "targets" / "cortex_m55.yaml")
    target = tmp_path / "targets" / "m55.yaml"
    target.write_text("extends: cortex_m55.yaml\nname: m55\nbudget: {flash_bytes: 1000}\n")
    onnx.save(tiny_cnn(0), str(tmp_path / "tiny.onnx"))
    np.savez(tmp_path / "val.npz", x=np.random.default_rng(2).standard_normal((6, 1, 8, 8)).astype(np.float32))
    (tmp_path / "pipeline.yaml").write_text(SPEC)
    process, results = run_doit(tmp_path, check=False)
    assert process.returncode != 0 and results["report:tiny@m55"] == "fail"
    assert re.search(r"flash_bytes: [\d,]+ B > 1,000 B \(over by [\d,]+ B, \d+%\)", process.stdout)
    assert "[1] 'conv2' weights 432 B" in process.stdout  # the largest weights come first
    assert "Traceback" not in process.stdout + process.stderr

    target.write_text("extends: cortex_m55.yaml\nname: m55\nbudget: {flash_bytes: 1000, enforce: false}\n")
    _, results = run_doit(tmp_path)
    assert executed(results) == {"simulate:tiny@m55", "report:tiny@m55"}
    report = json.loads((tmp_path / "outputs/tiny/tiny/m55/report.json").read_text())
    embedded = report["embedded"]
    build = tmp_path / "outputs/tiny/tiny/m55/compile/build"
    sizes = section_sizes("arm-none-eabi-size", [build / "libtiny.a"], build)
    assert (embedded["text_bytes"], embedded["data_bytes"], embedded["bss_bytes"]) == (
        sizes.text_bytes, sizes.data_bytes, sizes.bss_bytes)
    assert (embedded["flash_bytes"], embedded["sram_bytes"]) == (sizes.flash_bytes, sizes.sram_bytes)
    flash = next(item for item in report["budget"]["items"] if item["name"] == "flash_bytes")
    assert (flash["figure"], flash["limit"], flash["passed"]) == (sizes.flash_bytes, 1000, False)
    assert report["budget"] == {**report["budget"], "verdict": "fail", "enforce": False}
    # float: the M55 contracts multiply-adds into VFMA, so the bits may differ, within max_abs_err
    assert (embedded["samples"], embedded["golden_mismatches"]) == (3, None)
    assert embedded["qemu_mismatches"] > 0 and 0 < embedded["max_abs_diff"] <= 1e-4
    assert "flash = text + data" in (tmp_path / "outputs/tiny/tiny/m55/report.md").read_text()
    toolchain = (tmp_path / "outputs/tiny/tiny/codegen/package/cmake/m55.cmake").read_text()
    assert 'set(CMAKE_CXX_FLAGS_INIT "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard -O2' in toolchain


def test_tools_missing_under_ci_fail_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set and no-such-tool-ferry not on PATH"):
        require_tools("no-such-tool-ferry")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"install with \.ci/setup"):
        require_tools("no-such-tool-ferry")


@pytest.mark.parametrize("text, cross", [
    ("kind: host\n", False),
    ("kind: host\ncompiler: {cxx: x86_64-linux-gnu-g++}\n", False),
    ("extends: gpnpu_1tops.yaml\n", False),
    ("extends: gpnpu_1tops.yaml\ncompiler: {cxx: arm-none-eabi-g++}\n", True),
    ("extends: gpnpu_1tops.yaml\ncompiler: {cxx: riscv64-unknown-elf-g++}\n", True),
    ("extends: cortex_m7.yaml\n", True),
])
def test_which_targets_are_cross_compiled(tmp_path: Path, text: str, cross: bool) -> None:
    for name in ("gpnpu_1tops.yaml", "cortex_m7.yaml"):
        shutil.copy(ROOT / "targets" / name, tmp_path / name)
    (tmp_path / "t.yaml").write_text("name: t\n" + text)
    assert _target(tmp_path / "t.yaml").cross_compiled is cross
