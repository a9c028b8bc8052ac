"""Quantize stage: post-training INT8 quantization of a float ONNX model to standard QDQ ONNX.

calibrate: run the float model once over the calibration data, keep per-tensor statistics.
ranges:    from one tensor's statistics, the (low, high) a calibration method keeps.
qdq:       weights, biases and activation Q/DQ pairs from the statistics and the stage params.
"""

from ferry.stages.quantize.calibrate import (
    TensorStatistics,
    TensorStats,
    calibration_batches,
    collect_statistics,
    load_statistics,
    save_statistics,
)
from ferry.stages.quantize.qdq import quantize_model
from ferry.stages.quantize.ranges import activation_range

__all__ = [
    "TensorStatistics",
    "TensorStats",
    "activation_range",
    "calibration_batches",
    "collect_statistics",
    "load_statistics",
    "quantize_model",
    "save_statistics",
]
