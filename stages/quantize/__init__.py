"""Quantize stage: post-training INT8 quantization of a float ONNX model to standard QDQ ONNX.

calibrate:       run the float model once over the calibration data, keep per-tensor statistics.
ranges:          from one tensor's statistics, the (low, high) a calibration method keeps.
qdq_writer:      weights, biases and activation Q/DQ pairs from the statistics and the stage params.
accuracy_budget: the accuracy budget: the QDQ model measured against the float model, float fallback.
"""

from __future__ import annotations

import onnx

from ferry.core.errors import FerryError
from ferry.core.files import write_bytes_atomic, write_json_atomic
from ferry.engine.contracts import CalibrateParams, Figures, ModelFile, QuantizeFiles, StageCall
from ferry.schemas.pipeline import QuantizeStage
from ferry.stages.common.data import model_batches
from ferry.stages.quantize.accuracy_budget import describe_failure, quantize_within_budget
from ferry.stages.quantize.calibrate import (
    TensorStatistics,
    TensorStats,
    collect_statistics,
    load_statistics,
    save_statistics,
)
from ferry.stages.quantize.calibration_pass import native_available
from ferry.stages.quantize.qdq_writer import quantize_model
from ferry.stages.quantize.ranges import activation_range
from ferry.stages.quantize.shipped import shipped_model

__all__ = [
    "TensorStatistics",
    "TensorStats",
    "activation_range",
    "collect_statistics",
    "load_statistics",
    "quantize_model",
    "run_calibrate",
    "run_quantize",
    "save_statistics",
]


def run_calibrate(call: StageCall[CalibrateParams, ModelFile]) -> Figures:
    """The calibrate stage's entry point (ferry/engine/registry.py): statistics.npz."""
    assert call.model.calibration is not None  # the spec validator requires it with quantize
    batches = model_batches(call.model.calibration, onnx.load(str(call.files.model)), call.params.samples)
    stats = collect_statistics(call.files.model, batches, call.params.histogram_bins)
    save_statistics(stats, call.out_dir / "statistics.npz")
    return {"samples": stats.samples, "tensors": len(stats.tensors),
            "statistics_pass": "C helper" if native_available() else "numpy (no C compiler)"}


def run_quantize(call: StageCall[QuantizeStage, QuantizeFiles]) -> Figures:
    """The quantize stage's entry point (ferry/engine/registry.py): model.qdq.onnx, calibration.json
    and, with a budget, budget.json."""
    stats = load_statistics(call.files.statistics)
    params = call.params
    check = None  # only a configured budget is measured (and written, budget.json)
    if params.max_accuracy_drop is None and params.min_output_sqnr_db is None:
        model, calibration = quantize_model(onnx.load(str(call.files.model)), stats, params)
    else:
        model, calibration, check = quantize_within_budget(call.files.model, stats, call.model.validation, params)
        write_json_atomic(call.out_dir / "budget.json", check.model_dump(mode="json"))
    shipped = shipped_model(model, call.files.source)  # the source's dynamic dims, for the user
    calibration = calibration.model_copy(update={"dynamic_dims": shipped.dynamic,
                                                 "static_reason": shipped.static_reason})
    write_bytes_atomic(call.out_dir / "model.qdq.onnx", shipped.model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "calibration.json", calibration.model_dump(mode="json"))
    if check is not None and not check.passed:  # nothing is published: the previous outputs stay together
        raise FerryError(describe_failure(call.model.name, check))
    figures: Figures = {} if check is None else {check.metric: round(check.value, 2),
                                                 "fallback_float": len(check.kept_float)}
    return {"method": params.calibration, "kept_float": len(calibration.kept_float),
            "dynamic_dims": ", ".join(shipped.dynamic) or "none", **figures}
