"""The stages ferry knows, in dependency order: the one list that the task graph, the runner, the
stage cache, sweeps, the reporter, the command line and doit's task groups read.

Each declaration says what the engine needs of a stage without importing its code: its entry
point is named as 'module:function' and imported only when a task of the stage runs, so loading
the task graph, which every run does (a no-op included), stays cheap (no onnx, no numpy).

The implementation version is part of every task's `config_changed` and stage-cache key, so a
bump re-runs that stage everywhere and restores nothing the old code stored. Bump it when the
same inputs and params give different outputs.

The spec's own list of stages (the `kind`s a `pipeline.yaml` may name, in ferry/schemas/pipeline.py,
which may not import the engine) is checked against this one by tests/test_engine_layers.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ferry.engine.contracts import (
    BundleFiles,
    BundleParams,
    CalibrateParams,
    CodegenParams,
    CompileFiles,
    EvaluateFiles,
    EvaluateParams,
    IntakeFiles,
    IntakeParams,
    ModelFile,
    NoParams,
    QuantizeFiles,
    QuantizeParams,
    ReportFiles,
    ReportParams,
    SimulateFiles,
    SweepFiles,
    SweepParams,
)
from ferry.schemas.pipeline import CompileStage, ImportStage, SparsifyStage

Per = Literal["model", "target", "points"]  # one task per model, per (model, target), per model over a sweep's points


@dataclass(frozen=True)
class StageDeclaration:
    """One stage as the engine sees it."""

    name: str
    version: int
    doc: str  # one line: what `ferry list` / `doit list` shows for the stage's task group
    run: str  # its entry point, 'module:function', taking a StageCall and returning its figures
    params: type[BaseModel]  # the type of StageCall.params
    files: type  # the type of StageCall.files
    per: Per
    reads: str | None = None  # the spec stage (its `kind`) whose params it reads: a sweep axis '<reads>.<param>'
    # moves the task when the param is one of `params`' fields (bundle's key file is not)
    uncached: str | None = None  # why the stage cache cannot reproduce its outputs (None: cached)
    owns_folder: bool = True  # False: it writes only its own files into a folder other stages share
    compiler_versions: bool = False  # the compilers' versions decide its outputs (part of its key)
    kernels: bool = False  # it copies the kernel headers into its outputs (their digest is in its config)
    verdict: str | None = None  # the file in its folder whose budget verdict the terminal's summary shows

    def entry(self) -> Callable[[Any], Any]:
        """The entry point, imported now (the stage's code and its libraries come in with it)."""
        module, _, function = self.run.partition(":")
        return getattr(importlib.import_module(module), function)

    def reads_param(self, axis: str) -> bool:
        """Whether a sweep axis '<stage>.<param>' is one of this stage's settings."""
        stage, _, param = axis.partition(".")
        return stage == self.reads and param in self.params.model_fields


STAGES: tuple[StageDeclaration, ...] = (
    StageDeclaration(
        "intake", 1,
        "Verify each bundle a model names (signature, digests, admission rules); extract it afresh.",
        "ferry.stages.intake:run_intake", IntakeParams, IntakeFiles, "model"),
    # 3: QuantizeLinear of a constant folds (QDQ models from other tools); 4: a 1-D Conv becomes a 2-D
    # one; 5: a zero Pad before a Conv becomes its padding
    StageDeclaration(
        "import", 5,
        "Check each model, fix its input shapes, fold constants, BatchNorm and Pad (imported.onnx).",
        "ferry.stages.importer:run_import", ImportStage, ModelFile, "model", reads="import"),
    StageDeclaration(
        "sparsify", 1,
        "Prune each model (magnitude, N:M or channels), refit the remaining weights (sparse.onnx).",
        "ferry.stages.sparsify:run_sparsify", SparsifyStage, ModelFile, "model", reads="sparsify"),
    # calibrate and quantize share the quantize stage's params; 4: channel sums reordered; 5: a
    # fused clamp's input is not calibrated; 6: no histogram when every point uses minmax
    StageDeclaration(
        "calibrate", 6,
        "Run each float model over its calibration data once; save activation statistics.",
        "ferry.stages.quantize:run_calibrate", CalibrateParams, ModelFile, "model", reads="quantize"),
    # 4: a MatMul's bias Add is fused; 5: the budget is measured on the integer program (golden
    # model); 6: the shipped model.qdq.onnx keeps the source's dynamic dimensions (quantize/shipped.py);
    # 7: a clamp's input split from its clamp (keep_float, fallback) takes the clamp's qparams;
    # 8: bias correction counts only the kernel taps that read the input, not padding; 9: fallback:
    # auto tries int16 activations before float, float only where every target has it
    StageDeclaration(
        "quantize", 9,
        "Quantize each model to int8 from its statistics: model.qdq.onnx and calibration.json.",
        "ferry.stages.quantize:run_quantize", QuantizeParams, QuantizeFiles, "model", reads="quantize"),
    # 8: FERRY_LAYER hooks, profile.cpp; 9: AveragePool rounds once, LayerNorm root with fraction
    # bits, elementwise chains as tables; 10: conv scratch for interleaved patches, depthwise room
    # after the plane (kernels/ferry_int8_conv.h); 11: x86 kernels (AVX-512 VNNI int8, AVX-512 fp32
    # conv and gemm), conv scratch with room for the x86 int32 per output channel; 12: a scalar
    # constant of the integer program stays 0-d, LRN in int8 (QLrn); 13: int16 activations
    # (ferry_int16.h, precision borders); 14: x86 depthwise runs across row ends; 15: one MatMul
    # loop of two activations for int8 and int16 (same integers); 16: conv input rows staged
    # channels-last (band scratch), Helium depthwise on four channels (tile scratch), Helium
    # elementwise kernels, x86 AVX2 variants; 17: Helium depthwise lines at the edges skip their
    # tap rows in the padding (their starts and taps in the scratch), weights gathered two taps at
    # a time; Helium conv's last block of one or two pixels a pixel at a time
    StageDeclaration(
        "codegen", 17,
        "Generate each model's C++ package (<model>_model.h, model.cpp, weights, kernels, CMake).",
        "ferry.stages.codegen:run_codegen", CodegenParams, ModelFile, "model", reads="codegen", kernels=True),
    # 3: profiling builds (firmware_profile.elf, host runner_profile)
    StageDeclaration(
        "compile", 3,
        "Build each package for each target: static library and host runner.",
        "ferry.stages.compile:run_compile", CompileStage, CompileFiles, "target", reads="compile",
        compiler_versions=True),
    # simulate reads compile's library, not evaluate's results: it comes first, so that sweeping
    # evaluate's params leaves it shared. 4: mcu cost model (calibrated kernel costs), MAC rate check;
    # 5: Helium kernels priced per their own loops (stages/simulate/mcu_cost.py); 6: depthwise
    # without short passes, average pool as runs; 7: int16 kernels; 8: the q16 kernels' own
    # Cortex-M costs (bench/calibrate_q16.py) instead of the default entry; 9: Helium depthwise
    # lines over their taps inside the input, conv's last pixels one at a time
    StageDeclaration(
        "simulate", 9,
        "Run each program on each described silicon: cycles, memory, energy per layer; the budget verdict.",
        "ferry.stages.simulate:run_simulate", NoParams, SimulateFiles, "target"),
    # 4: profile.json; 5: per-element fp32 tolerance, float_onnx reference, streamed tallies;
    # 6: int16 ports and layers; 7: QEMU outputs after a float layer within tolerance of golden
    StageDeclaration(
        "evaluate", 7,
        "Run the C++ on the validation data against onnxruntime and, for int8, the golden model.",
        "ferry.stages.evaluate_stage:run_evaluate", EvaluateParams, EvaluateFiles, "target", reads="evaluate"),
    # 7: profile, model error, measured verdict; 8: what the layer check verified, counted; the
    # reference of a model that arrived quantized; 9: int16 layers listed
    StageDeclaration(
        "report", 9,
        "Write report.json, .md, .html and layers.csv per model and target; fail when over budget.",
        "ferry.stages.report:run_report", ReportParams, ReportFiles, "target",
        uncached="it compares the run with the report it replaces, which no key covers (and it only renders)",
        owns_folder=False, verdict="report.json"),
    # 2: the manifest names the shipped model (ferry-bundle/2); 3: provenance in a DSSE envelope
    StageDeclaration(
        "bundle", 3,
        "Pack each model's package, QDQ model and reports per target into a reproducible, signed .tar.gz.",
        "ferry.stages.provenance:run_bundle", BundleParams, BundleFiles, "target", reads="bundle",
        uncached="its manifest records the git commit of the ferry that built it, which no key covers: "
                 "a restored archive would misstate its provenance"),
    StageDeclaration(
        "sweep", 1,
        "With a `sweep:` section: every point on every target in one table and plot (sweep.html).",
        "ferry.stages.sweep_report:run_sweep", SweepParams, SweepFiles, "points"),
)

BY_NAME: dict[str, StageDeclaration] = {stage.name: stage for stage in STAGES}

