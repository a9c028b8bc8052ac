"""Evaluate stage: run the compiled C++ on the validation data and compare with onnxruntime."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from schemas.artifacts import Accuracy, Comparison, OutputComparison, PackageManifest
from schemas.pipeline import DataSpec
from stages.common.errors import FerryError
from stages.hostrun import run_samples

VERSION = 1


def load_samples(data: DataSpec, manifest: PackageManifest, limit: int | None,
                 ) -> tuple[list[dict[str, np.ndarray]], np.ndarray | None, int]:
    """Split the .npz arrays into model-sized batches; returns (batches, labels, dropped)."""
    try:
        archive = np.load(data.path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise FerryError(f"{data.path}: not a readable .npz file ({error})") from None
    with archive:
        arrays = {}
        for port in manifest.inputs:
            key = data.inputs.get(port.onnx_name, port.onnx_name)
            if key not in archive.files:
                raise FerryError(f"{data.path}: no array '{key}' for input '{port.onnx_name}' "
                                 f"(arrays: {', '.join(archive.files)})")
            arrays[port.onnx_name] = archive[key]
        labels = None
        if data.labels is not None:
            if data.labels not in archive.files:
                raise FerryError(f"{data.path}: no labels array '{data.labels}'")
            labels = archive[data.labels].reshape(-1).astype(np.int64)
    batch = manifest.inputs[0].shape[0] if manifest.inputs[0].shape else 1
    count = min(len(a) for a in arrays.values())
    if limit is not None:
        count = min(count, limit)
    usable = count // batch * batch
    batches = []
    for start in range(0, usable, batch):
        sample = {}
        for port in manifest.inputs:
            chunk = arrays[port.onnx_name][start:start + batch]
            if list(chunk.shape) != port.shape:
                raise FerryError(f"{data.path}: input '{port.onnx_name}' samples have shape "
                                 f"{list(chunk.shape[1:])}, the model expects {port.shape[1:]}")
            sample[port.onnx_name] = chunk.astype(np.dtype(port.dtype))
        batches.append(sample)
    if not batches:
        raise FerryError(f"{data.path}: no complete batch of {batch} sample(s)")
    return batches, (labels[:usable] if labels is not None else None), count - usable


def reference_outputs(onnx_path: Path, batches: list[dict[str, np.ndarray]]) -> list[dict[str, np.ndarray]]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    try:
        session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    except Exception as error:
        raise FerryError(f"{onnx_path}: onnxruntime cannot load the model: {error}") from None
    names = [o.name for o in session.get_outputs()]
    return [dict(zip(names, session.run(names, batch))) for batch in batches]


def compare_output(cpp: list[np.ndarray], ref: list[np.ndarray]) -> OutputComparison:
    abs_err, rel_err, cosines, agree, total = 0.0, 0.0, [], 0, 0
    for got, want in zip(cpp, ref):
        got64, want64 = got.astype(np.float64), want.astype(np.float64)
        diff = np.abs(got64 - want64)
        abs_err = max(abs_err, float(diff.max(initial=0.0)))
        rel_err = max(rel_err, float(diff.max(initial=0.0) / max(np.abs(want64).max(initial=0.0), 1e-12)))
        for g, w in zip(got64.reshape(len(got64), -1) if got64.ndim > 1 else [got64.reshape(-1)],
                        want64.reshape(len(want64), -1) if want64.ndim > 1 else [want64.reshape(-1)]):
            norm = np.linalg.norm(g) * np.linalg.norm(w)
            cosines.append(float(g @ w / norm) if norm > 0 else float(np.array_equal(g, w)))
        if want.ndim >= 2 and want.shape[-1] > 1:
            agree += int((got.argmax(-1) == want.argmax(-1)).sum())
            total += int(np.prod(want.shape[:-1]))
    return OutputComparison(max_abs_err=abs_err, max_rel_err=rel_err, cosine_min=min(cosines),
                            top1_agreement=agree / total if total else None)


def evaluate(runner: Path, manifest: PackageManifest, reference_model: Path, data: DataSpec,
             max_samples: int | None, max_abs_err: float) -> Comparison:
    batches, labels, dropped = load_samples(data, manifest, max_samples)
    cpp = run_samples(runner, manifest, batches)
    ref = reference_outputs(reference_model, batches)
    outputs = {
        port.onnx_name: compare_output([c[port.onnx_name] for c in cpp],
                                       [r[port.onnx_name] for r in ref])
        for port in manifest.outputs
    }
    first = manifest.outputs[0].onnx_name
    accuracy = None
    if labels is not None:
        cpp_pred = np.concatenate([c[first].reshape(-1, c[first].shape[-1]).argmax(-1) for c in cpp])
        ref_pred = np.concatenate([r[first].reshape(-1, r[first].shape[-1]).argmax(-1) for r in ref])
        if len(cpp_pred) != len(labels):
            raise FerryError(f"{data.path}: {len(labels)} labels for {len(cpp_pred)} predictions")
        accuracy = Accuracy(reference_top1=float((ref_pred == labels).mean()),
                            cpp_top1=float((cpp_pred == labels).mean()))
    samples = sum(len(b[manifest.inputs[0].onnx_name]) for b in batches)
    return Comparison(
        samples=samples, dropped_samples=dropped,
        reference=f"onnxruntime on {reference_model.name}",
        outputs=outputs, fp32=outputs[first], accuracy=accuracy,
        max_abs_err_limit=max_abs_err,
        within_tolerance=all(o.max_abs_err <= max_abs_err for o in outputs.values()),
    )
