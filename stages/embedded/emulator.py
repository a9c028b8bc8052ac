"""Evaluate stage of an emulated target: the firmware image runs validation samples in QEMU and
its outputs are compared with the host build of the same sources and with the golden model."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import Fp32Tolerance, PackageManifest
from ferry.schemas.embedded import EmulatorRun
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.target import Emulator
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.reference import Batch, compare_arrays
from ferry.stages.embedded.build import SETUP_HINT
from ferry.stages.evaluate import beyond_tolerance, load_samples, quantize_inputs
from ferry.stages.hostrun import read_outputs, run_samples, write_inputs

# Emulation runs a few million instructions per sample; this bounds a firmware that hangs.
TIMEOUT_S = 300


# QEMU's deterministic instruction counting: the virtual clock advances 2^0 ns per instruction,
# never aligned with the host clock nor skipped ahead while idle.
ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]


def emulator_command(emulator: Emulator, icount: bool = False) -> list[str]:
    """The QEMU command line without the image: semihosting may open files on the host.
    `icount`: the virtual clock counts instructions (profiling firmware)."""
    return [emulator.program, "-M", emulator.machine, "-cpu", emulator.cpu, "-nographic",
            "-semihosting-config", "enable=on,target=native", *(ICOUNT if icount else [])]


def emulate(firmware: Path, emulator: Emulator, manifest: PackageManifest, samples: list[Batch],
            icount: bool = False, collect: str | None = None) -> tuple[list[Batch], bytes]:
    """Every sample through the firmware in the emulator: the outputs of each sample, and the
    bytes of the file `collect` the firmware wrote (b"" without). The firmware opens inputs.bin
    and outputs.bin in the emulator's working folder, a fresh one."""
    with tempfile.TemporaryDirectory(prefix="ferry-qemu-") as scratch:
        folder = Path(scratch)
        write_inputs(folder / "inputs.bin", manifest, samples)
        command = [*emulator_command(emulator, icount), "-kernel", str(firmware.resolve())]
        try:
            result = subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, errors="replace", check=False, timeout=TIMEOUT_S)
        except FileNotFoundError:
            raise FerryError(f"'{emulator.program}' not found on PATH ({SETUP_HINT})") from None
        except subprocess.TimeoutExpired:
            raise FerryError(f"{firmware} did not finish within {TIMEOUT_S} s in "
                             f"{emulator.program} -M {emulator.machine}") from None
        if result.returncode != 0:
            said = (result.stdout + result.stderr).strip() or "no message"
            raise FerryError(f"{firmware} failed in {emulator.program} -M {emulator.machine} "
                             f"(exit {result.returncode}): {said}")
        outputs = folder / "outputs.bin"
        raw = outputs.read_bytes() if outputs.is_file() else b""
        collected = folder / collect if collect else None
        extra = collected.read_bytes() if collected is not None and collected.is_file() else b""
    return read_outputs(raw, firmware, manifest, len(samples)), extra


def run_firmware(firmware: Path, emulator: Emulator, manifest: PackageManifest,
                 samples: list[Batch]) -> list[Batch]:
    """Every sample through the firmware in the emulator; the outputs of each sample."""
    return emulate(firmware, emulator, manifest, samples)[0]


def _differing(got: list[Batch], want: list[Batch], names: list[str]) -> int:
    """Output elements whose bits differ (NaN payloads included, -0.0 versus 0.0 too)."""
    count = 0
    for g, w in zip(got, want):
        for name in names:
            bits = np.dtype(f"u{g[name].dtype.itemsize}")
            count += int(np.count_nonzero(g[name].view(bits) != w[name].view(bits)))
    return count


def evaluate_on_emulator(firmware: Path, host_runner: Path, integer_model: Path | None,
                         manifest: PackageManifest, data: DataSpec, samples: int,
                         emulator: Emulator, tolerance: Fp32Tolerance | None = None) -> EmulatorRun:
    """The first `samples` validation samples on the emulated target, against the host runner
    and (int8 programs) the golden model; float programs count the elements beyond `tolerance`
    (none counted without one)."""
    batches, _, _ = load_samples(data, manifest, samples)
    inputs = quantize_inputs(batches, manifest)
    emulated = run_firmware(firmware, emulator, manifest, inputs)
    host = run_samples(host_runner, manifest, inputs)
    names = [port.onnx_name for port in manifest.outputs]
    golden_mismatches = None
    if integer_model is not None:
        golden_model = GoldenModel(integer_model)
        golden_mismatches = _differing(emulated, [golden_model.run(i) for i in inputs], names)
    differences = [compare_arrays(e[n], h[n], 0.0) for e, h in zip(emulated, host) for n in names]
    return EmulatorRun(
        command=" ".join(emulator_command(emulator)),
        samples=len(inputs) * (manifest.inputs[0].shape[0] if manifest.inputs[0].shape else 1),
        qemu_mismatches=_differing(emulated, host, names),
        golden_mismatches=golden_mismatches,
        max_abs_diff=max(d.largest for d in differences),
        nonfinite=sum(d.nonfinite for d in differences),
        beyond_tolerance=0 if integer_model is not None or tolerance is None else sum(
            beyond_tolerance([e[n] for e in emulated], [h[n] for h in host], tolerance)[0] for n in names),
    )
