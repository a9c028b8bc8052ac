"""The stages ferry knows, in pipeline order: the one list that the task graph, the runner, the
stage cache, sweeps, the command line and doit's task groups read.

Each declaration carries the stage's implementation version: part of every task's
`config_changed` and stage-cache key, so a bump re-runs that stage everywhere and restores nothing
the old code stored. Bump it when the same inputs and params give different outputs. The list
imports no stage code: loading the task graph, which every run does (a no-op included), stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StageDeclaration:
    """One stage as the engine sees it."""

    name: str
    version: int
    doc: str  # one line: what `ferry list` / `doit list` shows for the stage's task group


STAGES: tuple[StageDeclaration, ...] = (
    StageDeclaration("intake", 1, "Verify each bundle a model names (signature, digests, admission rules); extract it afresh."),
    # 3: QuantizeLinear of a constant folds (QDQ models from other tools)
    StageDeclaration("import", 3, "Check each model, fix its input shapes, fold constants and BatchNorm (imported.onnx)."),
    StageDeclaration("sparsify", 1, "Prune each model (magnitude, N:M or channels), refit the remaining weights (sparse.onnx)."),
    # calibrate and quantize share the quantize stage's params; 4: channel sums reordered
    StageDeclaration("calibrate", 4, "Run each float model over its calibration data once; save activation statistics."),
    # 4: a MatMul's bias Add is fused; 5: the budget is measured on the integer program (golden
    # model); 6: the shipped model.qdq.onnx keeps the source's dynamic dimensions (quantize/shipped.py)
    StageDeclaration("quantize", 6, "Quantize each model to int8 from its statistics: model.qdq.onnx and calibration.json."),
    # 8: FERRY_LAYER hooks, profile.cpp; 9: AveragePool rounds once, LayerNorm root with fraction
    # bits, elementwise chains as tables
    StageDeclaration("codegen", 9, "Generate each model's C++ package (<model>_model.h, model.cpp, weights, kernels, CMake)."),
    # 3: profiling builds (firmware_profile.elf, host runner_profile)
    StageDeclaration("compile", 3, "Build each package for each target: static library and host runner."),
    # 4: profile.json; 5: per-element fp32 tolerance, float_onnx reference, streamed tallies
    StageDeclaration("evaluate", 5, "Run the C++ on the validation data against onnxruntime and, for int8, the golden model."),
    # 4: mcu cost model (calibrated kernel costs), MAC rate check
    StageDeclaration("simulate", 4, "Run each program on each described silicon: cycles, memory, energy per layer; the budget verdict."),
    # 7: profile, model error, measured verdict; 8: what the layer check verified, counted; the
    # reference of a model that arrived quantized
    StageDeclaration("report", 8, "Write report.json, .md, .html and layers.csv per model and target; fail when over budget."),
    # 2: the manifest names the shipped model (ferry-bundle/2); 3: provenance in a DSSE envelope
    StageDeclaration("bundle", 3, "Pack each model's package, QDQ model and reports per target into a reproducible, signed .tar.gz."),
    StageDeclaration("sweep", 1, "With a `sweep:` section: every point on every target in one table and plot (sweep.html)."),
)

BY_NAME: dict[str, StageDeclaration] = {stage.name: stage for stage in STAGES}
