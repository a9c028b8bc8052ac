"""Running a compiled host runner on samples: the binary format both sides agree on.

Each sample is every input of the package, in order, as raw little-endian arrays; the runner
appends every output of every sample the same way.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from schemas.artifacts import PackageManifest
from stages.common.errors import FerryError


def run_samples(runner: Path, manifest: PackageManifest,
                samples: list[dict[str, np.ndarray]]) -> list[dict[str, np.ndarray]]:
    """Run every sample (input ONNX name -> array) through the runner; outputs per sample."""
    with tempfile.TemporaryDirectory(prefix="ferry-run-") as scratch:
        inputs, outputs = Path(scratch) / "inputs.bin", Path(scratch) / "outputs.bin"
        with open(inputs, "wb") as f:
            for sample in samples:
                for port in manifest.inputs:
                    array = np.asarray(sample[port.onnx_name], dtype=np.dtype(port.dtype))
                    f.write(np.ascontiguousarray(array.reshape(port.shape)).astype("<" + array.dtype.str[1:]).tobytes())
        result = subprocess.run([str(runner), str(inputs), str(outputs)], capture_output=True,
                                text=True, check=False, timeout=600)
        if result.returncode != 0:
            raise FerryError(f"{runner} failed (exit {result.returncode}): {result.stderr.strip()}")
        raw = outputs.read_bytes()
    results, offset = [], 0
    for _ in samples:
        sample_out = {}
        for port in manifest.outputs:
            dtype = np.dtype(port.dtype).newbyteorder("<")
            count = int(np.prod(port.shape, dtype=np.int64))
            sample_out[port.onnx_name] = np.frombuffer(raw, dtype, count, offset).reshape(port.shape)
            offset += count * dtype.itemsize
        results.append(sample_out)
    if offset != len(raw):
        raise FerryError(f"{runner} wrote {len(raw)} bytes, expected {offset}")
    return results
