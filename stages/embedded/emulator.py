"""Evaluate stage of an emulated target: the firmware image runs validation samples in QEMU and
its outputs are compared with the host build of the same sources (bit for bit) and with the golden
model (bit for bit, or within the host evaluate's tolerance after a layer kept in float)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ferry.schemas.artifacts import Fp32Tolerance, PackageManifest
from ferry.schemas.embedded import EmulatorRun
from ferry.schemas.pipeline import DataSpec
from ferry.schemas.target import Emulator
from ferry.stages.common.golden import GoldenModel
from ferry.stages.common.reference import Batch, compare_arrays
from ferry.stages.evaluate import beyond_tolerance, count_mismatches, inexact_tensors, load_samples, quantize_inputs
from ferry.toolchain.hostrun import run_samples
from ferry.toolchain.qemu import emulate, emulator_command


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
        golden = [golden_model.run(i) for i in inputs]
        # an output computed in float, or downstream of a float layer, is compared within the
        # host evaluate's tolerance (another float summation order); every other output bit for bit
        inexact = inexact_tensors(golden_model.model)
        golden_mismatches = _differing(emulated, golden, [n for n in names if n not in inexact]) + sum(
            count_mismatches(golden, emulated, n, exact=False)[0] for n in names if n in inexact)
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
