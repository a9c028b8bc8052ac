"""Running a compiled host runner on samples: the binary format both sides agree on.

Each sample is every input of the package, in order, as raw little-endian arrays; the runner
appends every output of every sample the same way. A trace runner (built with -DFERRY_TRACE)
also writes every node's output, in node order, to a third file.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from ferry.core.errors import FerryError
from ferry.schemas.artifacts import PackageManifest
from ferry.stages.common.graph import TensorInfo


def write_inputs(path: Path, manifest: PackageManifest, samples: list[dict[str, np.ndarray]]) -> None:
    """The inputs file of every runner (host or emulated): each sample's inputs, in order."""
    with open(path, "wb") as f:
        for sample in samples:
            for port in manifest.inputs:
                array = np.asarray(sample[port.onnx_name], dtype=np.dtype(port.dtype).newbyteorder("<"))
                f.write(np.ascontiguousarray(array.reshape(port.shape)).tobytes())


def _execute(runner: Path, manifest: PackageManifest, samples: list[dict[str, np.ndarray]],
             trace: bool) -> tuple[bytes, bytes]:
    """(outputs file, third file) of one runner invocation over every sample; `trace`: the runner
    takes a third file (trace, counting and profiling builds)."""
    with tempfile.TemporaryDirectory(prefix="ferry-run-") as scratch:
        files = [Path(scratch) / name for name in ("inputs.bin", "outputs.bin", "trace.bin")]
        write_inputs(files[0], manifest, samples)
        command = [str(runner), *(str(f) for f in files[: 3 if trace else 2])]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        if result.returncode != 0:
            raise FerryError(f"{runner} failed (exit {result.returncode}): {result.stderr.strip()}")
        return files[1].read_bytes(), files[2].read_bytes() if trace else b""


def _split(raw: bytes, what: Path, tensors: list[TensorInfo], samples: int) -> list[dict[str, np.ndarray]]:
    results, offset = [], 0
    for _ in range(samples):
        sample = {}
        for tensor in tensors:
            dtype = tensor.dtype.newbyteorder("<")
            if offset + tensor.nbytes > len(raw):
                raise FerryError(f"{what} wrote {len(raw)} bytes, fewer than expected")
            sample[tensor.name] = np.frombuffer(raw, dtype, tensor.size, offset).reshape(tensor.shape)
            offset += tensor.nbytes
        results.append(sample)
    if offset != len(raw):
        raise FerryError(f"{what} wrote {len(raw)} bytes, expected {offset}")
    return results


def _ports(manifest: PackageManifest) -> list[TensorInfo]:
    return [TensorInfo(p.onnx_name, tuple(p.shape), np.dtype(p.dtype)) for p in manifest.outputs]


def read_outputs(raw: bytes, what: Path, manifest: PackageManifest, samples: int) -> list[dict[str, np.ndarray]]:
    """The outputs file a runner wrote, split into each sample's outputs."""
    return _split(raw, what, _ports(manifest), samples)


def run_samples(runner: Path, manifest: PackageManifest,
                samples: list[dict[str, np.ndarray]]) -> list[dict[str, np.ndarray]]:
    """Run every sample (input ONNX name -> array) through the runner; outputs per sample."""
    raw, _ = _execute(runner, manifest, samples, trace=False)
    return read_outputs(raw, runner, manifest, len(samples))


def run_traced(runner: Path, manifest: PackageManifest, samples: list[dict[str, np.ndarray]],
               node_outputs: list[TensorInfo]) -> list[dict[str, np.ndarray]]:
    """Every node output (in node order, as `node_outputs` lists them) per sample."""
    _, raw = _execute(runner, manifest, samples, trace=True)
    return _split(raw, runner, node_outputs, len(samples))


def run_profiled(runner: Path, manifest: PackageManifest, samples: list[dict[str, np.ndarray]]) -> bytes:
    """The profile file a profiling runner (-DFERRY_PROFILE) writes over every sample."""
    _, raw = _execute(runner, manifest, samples, trace=True)
    return raw
