"""Samples from a DataSpec's .npz file: one array per model input, optional integer labels.

Calibration, the accuracy budget and evaluation all read data this way; untrusted files are
opened without pickle and every missing array is a one-line error. Arrays ferry writes (calibration
statistics, the example data) go through `save_npz_atomic`, reproducible byte for byte.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import onnx

from ferry.core.errors import FerryError
from ferry.core.files import write_bytes_atomic
from ferry.schemas.pipeline import DataSpec
from ferry.stages.common.graph import GraphView


def read_arrays(data: DataSpec, input_names: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """(input name -> samples array, labels or None)."""
    try:
        archive = np.load(data.path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise FerryError(f"{data.path}: not a readable .npz file ({error})") from None
    with archive:
        arrays = {}
        for name in input_names:
            key = data.inputs.get(name, name)
            if key not in archive.files:
                raise FerryError(f"{data.path}: no array '{key}' for input '{name}' "
                                 f"(arrays: {', '.join(archive.files)})")
            arrays[name] = archive[key]
        labels = None
        if data.labels is not None:
            if data.labels not in archive.files:
                raise FerryError(f"{data.path}: no labels array '{data.labels}'")
            labels = archive[data.labels].reshape(-1).astype(np.int64)
    return arrays, labels


def save_npz_atomic(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An uncompressed .npz; zip entries carry a fixed date so the bytes are reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            entry = io.BytesIO()
            np.lib.format.write_array(entry, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, entry.getvalue())
    write_bytes_atomic(path, buffer.getvalue())


def model_batches(data: DataSpec, model: onnx.ModelProto, limit: int | None) -> Iterator[dict[str, np.ndarray]]:
    """Model-sized batches of the .npz samples (at most `limit` samples, whole batches only)."""
    view = GraphView(model)
    arrays, _ = read_arrays(data, view.inputs)
    shapes = {name: view.tensor(name).shape for name in view.inputs}
    for name, array in arrays.items():
        if array.shape[1:] != shapes[name][1:]:
            raise FerryError(f"{data.path}: input '{name}' samples have shape {list(array.shape[1:])}, "
                             f"the model expects {list(shapes[name][1:])}")
    batch = shapes[view.inputs[0]][0]
    count = min(len(a) for a in arrays.values())
    count = count if limit is None else min(count, limit)
    if count < batch:
        raise FerryError(f"{data.path}: no complete batch of {batch} sample(s)")
    for start in range(0, count // batch * batch, batch):
        yield {name: np.ascontiguousarray(array[start:start + batch], dtype=view.tensor(name).dtype)
               for name, array in arrays.items()}
