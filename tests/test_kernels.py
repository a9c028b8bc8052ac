"""The int8 kernel variants per instruction set (kernels/ferry_int8_conv.h): each bit-exact with the
golden model where it runs (Helium on the Cortex-M55, the DSP extension on the Cortex-M7, in
QEMU), each built from the instructions it claims, and none with a floating-point instruction."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.target import TargetSpec
from ferry.stages.codegen import generate_package
from ferry.stages.embedded.build import build_cross
from ferry.stages.embedded.emulator import evaluate_on_emulator
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools
from tests.test_int8 import _conv_shapes_model, _quantized

# The variant's signature instructions, and any floating-point data-processing instruction
# (VADD.F32, VCVT, VMUL.F16, ...): the int8 kernels must have none.
SIGNATURE = {"cortex_m55": ("vmlava.s8", "vldrb.s32", "vqrdmulh.s32"), "cortex_m7": ("smlad", "sxtb16")}
FLOAT_INSTRUCTION = re.compile(r"\bv\w+\.f(16|32|64)\b|\bvcvt")
# Helium mnemonics are decoded only with the architecture named
DISASSEMBLE = {"cortex_m55": ["-m", "armv8.1-m.main"], "cortex_m7": []}


@pytest.fixture(scope="module")
def conv_shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PackageManifest]:
    """The conv-shapes model of test_int8 (dilated, grouped, depthwise down columns with short
    blocks, pointwise, several-row gemm), quantized, with its package."""
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    tmp = tmp_path_factory.mktemp("conv_shapes")
    samples = np.random.default_rng(5).standard_normal((8, 3, 9, 11)).astype(np.float32)
    _quantized(tmp, _conv_shapes_model(), samples)
    return tmp, generate_package(tmp / "model.qdq.onnx", "m", tmp / "package", tmp / "integer.onnx")


@pytest.mark.slow
@pytest.mark.parametrize("target_name", ["cortex_m55", "cortex_m7"])
def test_each_arm_variant_is_bit_exact_uses_its_instructions_and_no_float(
        conv_shapes: tuple[Path, PackageManifest], target_name: str) -> None:
    folder, manifest = conv_shapes
    target = load_model(ROOT / "targets" / f"{target_name}.yaml", TargetSpec)
    assert target.emulator is not None
    build = folder / target_name
    build_cross(folder / "package", build, target, [])
    data = DataSpec.model_validate({"path": "data.npz"}, context={"base_dir": folder})
    run = evaluate_on_emulator(build / "firmware.elf", build / "host" / "runner", folder / "integer.onnx",
                               manifest, data, 8, target.emulator)
    assert (run.samples, run.qemu_mismatches, run.golden_mismatches) == (8, 0, 0)
    listing = subprocess.run(["arm-none-eabi-objdump", "-d", *DISASSEMBLE[target_name], str(build / "model.o")],
                             capture_output=True, text=True, check=True).stdout
    for mnemonic in SIGNATURE[target_name]:
        assert re.search(rf"\t{re.escape(mnemonic)}\t", listing), f"{target_name}: no {mnemonic}"
    assert FLOAT_INSTRUCTION.search(listing) is None, FLOAT_INSTRUCTION.search(listing)
    # and the scan has teeth: the same disassembly of float code shows its instructions
    assert FLOAT_INSTRUCTION.search("\tvadd.f32\ts0, s0, s1\n") is not None
