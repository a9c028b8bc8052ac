"""The package as a library in someone else's firmware: two models in one program with a C main,
one through add_subdirectory and one through find_package from an installed package, built for
the host and, with the generated toolchain file, for the Cortex-M55 (run in QEMU)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import pytest

from ferry.schemas.artifacts import PackageManifest
from ferry.stages.codegen import generate_package
from ferry.stages.codegen.context import c_type
from ferry.stages.common.golden import GoldenModel
from ferry.stages.embedded.build import LINK_FLAGS
from ferry.stages.embedded.harness import write_harness
from ferry.toolchain.qemu import emulator_command
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, require_tools, tiny_cnn
from tests.test_firmware import M55, _target
from tests.test_int8 import _every_int8_op_model, _quantized


@dataclass
class Model:
    name: str
    package: Path
    manifest: PackageManifest
    golden: GoldenModel


def _static_batch(model: onnx.ModelProto) -> onnx.ModelProto:
    for value in [*model.graph.input, *model.graph.output]:
        value.type.tensor_type.shape.dim[0].dim_value = 1
    return model


def _model(tmp: Path, name: str, float_model: onnx.ModelProto, channels: int) -> Model:
    samples = np.random.default_rng(len(name)).standard_normal((16, channels, 8, 8)).astype(np.float32)
    tmp.mkdir()
    qdq = _quantized(tmp, float_model, samples)
    manifest = generate_package(qdq, name, tmp / "package", tmp / "integer.onnx",
                                {"cortex_m55": _target(M55).compiler})
    return Model(name, tmp / "package", manifest, GoldenModel(tmp / "integer.onnx"))


def _c_array(name: str, values: np.ndarray) -> str:
    body = ", ".join(str(int(v)) for v in values.reshape(-1))
    return f"static const {c_type(values.dtype)} {name}[{values.size}] = {{{body}}};"


def _main_c(models: list[Model]) -> str:
    """A C99 main that runs each model on a fixed input and compares every output with the
    golden model's: exit status 0 only when all are equal."""
    rng = np.random.default_rng(7)
    lines = [f'#include "{m.name}_model.h"' for m in models] + [""]
    body = []
    for model in models:
        feeds = {}
        for i, port in enumerate(model.manifest.inputs):
            feeds[port.onnx_name] = rng.integers(-128, 128, port.shape).astype(np.int8)
            lines.append(_c_array(f"{model.name}_in{i}", feeds[port.onnx_name]))
        expected = model.golden.run(feeds)
        for i, port in enumerate(model.manifest.outputs):
            lines.append(_c_array(f"{model.name}_expected{i}", expected[port.onnx_name]))
            lines.append(f"static {c_type(np.dtype(port.dtype))} {model.name}_out{i}[{model.name}_output{i}_size];")
        arguments = [f"{model.name}_in{i}" for i in range(len(model.manifest.inputs))]
        arguments += [f"{model.name}_out{i}" for i in range(len(model.manifest.outputs))]
        body.append(f"  if ({model.name}_run({', '.join(arguments)}) != 0) return 1;")
        for i in range(len(model.manifest.outputs)):
            body += [f"  for (int i = 0; i < {model.name}_output{i}_size; ++i)",
                     f"    if ({model.name}_out{i}[i] != {model.name}_expected{i}[i]) return 2;"]
    return "\n".join([*lines, "", "int main(void) {", *body, "  return 0;", "}", ""])


FIRMWARE_CMAKE = """\
cmake_minimum_required(VERSION 3.16)
project(firmware C CXX)
find_package(alpha REQUIRED)                      # installed, found through CMAKE_PREFIX_PATH
add_subdirectory(${BETA_PACKAGE} beta)            # a copy of the package in the source tree
add_executable(firmware main.c)
set_target_properties(firmware PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
target_compile_options(firmware PRIVATE $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -pedantic -Werror>)
target_link_libraries(firmware PRIVATE alpha::alpha beta::beta)
if(CMAKE_CROSSCOMPILING)                          # ferry's QEMU harness: startup, semihosting exit
  target_sources(firmware PRIVATE ${HARNESS}/startup.cpp)
  target_link_options(firmware PRIVATE @LINK_FLAGS@ -T${HARNESS}/firmware.ld)
endif()
"""


def _cmake(*arguments: str, cwd: Path) -> None:
    done = subprocess.run(["cmake", *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"cmake {' '.join(arguments)}\n{done.stdout}{done.stderr}"


@pytest.mark.slow
def test_two_models_in_one_firmware_on_the_host_and_the_cortex_m55(tmp_path: Path) -> None:
    require_tools("cmake", *ARM_TOOLCHAIN, QEMU_ARM)
    alpha = _model(tmp_path / "alpha", "alpha", _static_batch(tiny_cnn()), 1)
    beta = _model(tmp_path / "beta", "beta", _every_int8_op_model(), 3)
    m55 = _target(M55)
    assert m55.emulator is not None
    toolchain = f"-DCMAKE_TOOLCHAIN_FILE={beta.package / 'cmake' / 'cortex_m55.cmake'}"

    # alpha is built and installed once per platform, as a package manager would
    for platform, configure in (("host", []), ("m55", [toolchain])):
        build = tmp_path / f"alpha-{platform}"
        _cmake("-S", str(alpha.package), "-B", str(build), "-Dalpha_WARNINGS_AS_ERRORS=ON", *configure,
               cwd=tmp_path)
        _cmake("--build", str(build), cwd=tmp_path)
        _cmake("--install", str(build), "--prefix", str(tmp_path / f"prefix-{platform}"), cwd=tmp_path)
        assert not (build / "alpha_runner").exists()  # the stdio runner is not in ALL
    installed = sorted(p.relative_to(tmp_path / "prefix-host").as_posix()
                       for p in (tmp_path / "prefix-host").rglob("*") if p.is_file())
    assert installed == ["include/alpha_model.h", "lib/cmake/alpha/alphaConfig.cmake",
                         "lib/cmake/alpha/alphaTargets-noconfig.cmake", "lib/cmake/alpha/alphaTargets.cmake",
                         "lib/libalpha.a"]

    project = tmp_path / "firmware"
    project.mkdir()
    (project / "main.c").write_text(_main_c([alpha, beta]))
    (project / "CMakeLists.txt").write_text(FIRMWARE_CMAKE.replace("@LINK_FLAGS@", " ".join(LINK_FLAGS)))
    harness = tmp_path / "harness"
    harness.mkdir()
    write_harness(harness, beta.manifest, "cortex_m55", m55.emulator)

    for platform, configure in (("host", []), ("m55", [toolchain])):
        build = tmp_path / f"firmware-{platform}"
        _cmake("-S", str(project), "-B", str(build), f"-DCMAKE_PREFIX_PATH={tmp_path / f'prefix-{platform}'}",
               f"-DBETA_PACKAGE={beta.package}", f"-DHARNESS={harness}", *configure, cwd=tmp_path)
        _cmake("--build", str(build), cwd=tmp_path)
    host = subprocess.run([str(tmp_path / "firmware-host" / "firmware")], capture_output=True, timeout=60)
    assert host.returncode == 0, host
    elf = tmp_path / "firmware-m55" / "firmware"
    assert b"ELF" in elf.read_bytes()[:4]
    qemu = subprocess.run([*emulator_command(m55.emulator), "-kernel", str(elf)], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert qemu.returncode == 0, qemu  # the startup code exits through semihosting with main's verdict


def test_a_wrong_expectation_fails_the_c_main(tmp_path: Path) -> None:
    """The C main of the firmware test can fail: one flipped expected output gives exit 2."""
    require_tools("cmake")
    alpha = _model(tmp_path / "alpha", "alpha", _static_batch(tiny_cnn()), 1)
    source = _main_c([alpha])
    first = source.index("alpha_expected0[")
    start = source.index("{", first) + 1
    end = source.index(",", start)
    value = int(source[start:end])
    source = source[:start] + str(value + 1 if value < 127 else value - 1) + source[end:]
    project = tmp_path / "firmware"
    project.mkdir()
    (project / "main.c").write_text(source)
    (project / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.16)\nproject(firmware C CXX)\n"
        f"add_subdirectory({alpha.package} alpha)\nadd_executable(firmware main.c)\n"
        "target_link_libraries(firmware PRIVATE alpha::alpha)\n")
    _cmake("-S", str(project), "-B", str(tmp_path / "build"), cwd=tmp_path)
    _cmake("--build", str(tmp_path / "build"), cwd=tmp_path)
    assert subprocess.run([str(tmp_path / "build" / "firmware")], timeout=60).returncode == 2
