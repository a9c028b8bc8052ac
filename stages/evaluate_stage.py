"""Evaluate stage: the C++ on the validation data against its references on the host
(stages/evaluate.py: onnxruntime and, for int8, the golden model), in QEMU where the target is
emulated (stages/embedded/emulator.py), and the profiling build layer by layer where the target
runs its code (stages/profile.py). A comparison that fails is a verdict: the stage's outputs are
published (the message names them), then it fails, naming what differs."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ferry.core.errors import VerdictFailed
from ferry.core.files import content_key, write_json_atomic
from ferry.engine.contracts import EvaluateFiles, EvaluateParams, Figures, StageCall
from ferry.schemas.artifacts import Comparison, Fp32Tolerance, MemoryPlanRecord, PackageManifest
from ferry.stages.common import layout
from ferry.stages.embedded.emulator import evaluate_on_emulator
from ferry.stages.evaluate import Int8Artifacts, evaluate, evaluate_int8, load_samples, quantize_inputs
from ferry.stages.profile import profile_on_emulator, profile_on_host
from ferry.toolchain.versions import library_versions

Evaluation = StageCall[EvaluateParams, EvaluateFiles]


def run_evaluate(call: Evaluation) -> Figures:
    """The evaluate stage's entry point (ferry/engine/registry.py): compare.json, and embedded.json
    and profile.json where the target runs its code."""
    manifest = PackageManifest.model_validate_json((call.files.package / "package.json").read_text())
    figures = _evaluate_on_host(call, manifest)
    if call.files.firmware is not None:
        figures |= _evaluate_on_emulator(call, call.files.firmware, manifest)
    if call.files.profiler is not None:
        figures |= _profile(call, call.files.profiler, manifest)
    return figures


def _profile(call: Evaluation, profiler: Path, manifest: PackageManifest) -> Figures:
    """The profiling build, layer by layer, where the code runs: QEMU or the host."""
    target = call.require_target()
    plan = MemoryPlanRecord.model_validate_json((call.files.package / layout.PLAN_FILE).read_text())
    batches, _, _ = load_samples(call.model.validation, manifest, call.params.profile_samples)
    inputs = quantize_inputs(batches, manifest)
    if target.emulator is not None:
        measured = profile_on_emulator(profiler, target.emulator, manifest, plan, inputs)
    else:
        measured = profile_on_host(profiler, manifest, plan, inputs)
    write_json_atomic(call.out_dir / "profile.json", measured.model_dump(mode="json"))
    # Only deterministic figures reach the stage record (and so the reproducible report and bundle):
    # QEMU's instruction counts, not the host's clock.
    if measured.where == "emulator" and measured.total_instructions is not None:
        return {"measured_instructions": round(measured.total_instructions)}
    return {}


def _evaluate_on_emulator(call: Evaluation, firmware: Path, manifest: PackageManifest) -> Figures:
    """The firmware in QEMU against the host build: bit for bit for int8 programs; float
    programs within the fp32 tolerance (fused multiply-adds and libms round differently)."""
    target = call.require_target()
    assert target.emulator is not None and call.params.embedded_samples is not None
    run = evaluate_on_emulator(firmware, call.files.runner, call.files.integer_model, manifest, call.model.validation,
                               call.params.embedded_samples, target.emulator, _tolerance(call))
    write_json_atomic(call.out_dir / "embedded.json", run.model_dump(mode="json"))
    where = f"(details: {call.final_dir / 'embedded.json'})"
    int8 = run.golden_mismatches is not None
    if int8 and (run.qemu_mismatches or run.golden_mismatches):
        raise VerdictFailed(f"{call.model.name} on {call.target_name} in QEMU: {run.qemu_mismatches} output "
                         f"element(s) differ from the host C++, {run.golden_mismatches} from the golden "
                         f"model {where}")
    if not int8 and run.nonfinite:
        raise VerdictFailed(f"{call.model.name} on {call.target_name} in QEMU: {run.nonfinite} output element(s) "
                         f"NaN or infinite where the host C++ gives another value {where}")
    if not int8 and run.beyond_tolerance:
        raise VerdictFailed(f"{call.model.name} on {call.target_name} in QEMU: {run.beyond_tolerance} output "
                         f"element(s) differ from the host C++ beyond the fp32 tolerance (largest "
                         f"difference {run.max_abs_diff:.3g}) {where}")
    return {"qemu_samples": run.samples, "qemu_mismatches": run.qemu_mismatches}


def _shared_host_comparison(call: Evaluation, compare: Callable[[], Comparison]) -> Comparison:
    """The comparison of a host binary with its references, computed once per (model, program):
    every target whose host build is the same bytes (the host target, the simulated GPNPUs, a
    cross target's host reference with the same compiler and flags) reuses it. Kept beside the
    targets' folders, keyed by the binaries, the models, the data and the settings."""
    given = call.files
    references = [p for p in (given.integer_model, given.float_model, given.qdq_model) if p is not None]
    files = [given.runner, given.trace_runner, given.package / "package.json", call.model.validation.path, *references]
    settings = {"version": call.config["version"], "libraries": library_versions(),
                "data": call.model.validation.model_dump(mode="json", exclude={"path"}),
                "params": {k: v for k, v in call.settings.items() if k != "embedded_samples"}}
    # beside the pipeline's model folders, which each hold exactly what their stages wrote
    shared = call.final_dir.parents[2] / ".host_comparisons" / f"{content_key('evaluate', settings, files)}.json"
    with suppress(OSError, ValueError):
        return Comparison.model_validate_json(shared.read_text(encoding="utf-8"))
    comparison = compare()
    with suppress(OSError):  # sharing only saves time
        write_json_atomic(shared, comparison.model_dump(mode="json"))
    return comparison


def _evaluate_on_host(call: Evaluation, manifest: PackageManifest) -> Figures:
    given = call.files
    if given.integer_model is not None and given.qdq_model is not None:
        artifacts = Int8Artifacts(runner=given.runner, trace_runner=given.trace_runner,
                                  integer_model=given.integer_model, float_model=given.float_model,
                                  qdq_model=given.qdq_model)
        comparison = _shared_host_comparison(call, lambda: evaluate_int8(
            artifacts, manifest, call.model.validation, call.params.max_samples))
        write_json_atomic(call.out_dir / "compare.json", comparison.model_dump(mode="json"))
        return _int8_figures(call, comparison)
    reference = given.float_model
    assert reference is not None  # a float program always has its float model
    comparison = _shared_host_comparison(call, lambda: evaluate(
        given.runner, manifest, reference, call.model.validation, call.params.max_samples, _tolerance(call)))
    write_json_atomic(call.out_dir / "compare.json", comparison.model_dump(mode="json"))
    figures: Figures = {"max_abs_err": float(f"{comparison.fp32.max_abs_err:.3g}"),
                               "top1_agreement": comparison.fp32.top1_agreement}
    if comparison.accuracy is not None:
        figures["cpp_top1"] = round(comparison.accuracy.cpp_top1, 4)
    if not comparison.within_tolerance:
        raise VerdictFailed(f"{call.model.name}: {fp32_failure(comparison)} "
                         f"(details: {call.final_dir / 'compare.json'})")
    return figures


def fp32_failure(comparison: Comparison) -> str:
    """What an fp32 comparison that failed got wrong, naming the output."""
    for name, output in comparison.outputs.items():
        if output.nonfinite:
            return (f"the C++ output '{name}' has {output.nonfinite} element(s) NaN or infinite where "
                    "onnxruntime gives another value")
    beyond = {name: out.beyond_tolerance for name, out in comparison.outputs.items() if out.beyond_tolerance}
    tolerance = comparison.tolerance or Fp32Tolerance(range=0.0, relative=0.0)
    return (f"the C++ differs from onnxruntime beyond range_tolerance {tolerance.range:g} and "
            f"relative_tolerance {tolerance.relative:g} in {beyond} element(s); largest "
            f"difference {comparison.fp32.max_abs_err:.3g}")


def _tolerance(call: Evaluation) -> Fp32Tolerance:
    return Fp32Tolerance(range=call.params.range_tolerance, relative=call.params.relative_tolerance)


def _int8_figures(call: Evaluation, comparison: Comparison) -> Figures:
    int8 = comparison.int8
    assert int8 is not None
    figures: Figures = {"mismatches": int8.cpp_vs_golden_mismatches}
    if int8.sqnr_db_min is not None:
        figures["sqnr_db_min"] = round(int8.sqnr_db_min, 1)
    if comparison.accuracy is not None:
        if comparison.accuracy.fp32_top1 is not None:
            figures["fp32_top1"] = round(comparison.accuracy.fp32_top1, 4)
        figures["int8_top1"] = round(comparison.accuracy.cpp_top1, 4)
    if not comparison.within_tolerance:
        raise VerdictFailed(f"{call.model.name}: the C++ differs from the golden int8 model: "
                         f"{int8.cpp_vs_golden_mismatches} output element(s); first layer that differs: "
                         f"{int8.first_mismatch} (details: {call.final_dir / 'compare.json'})")
    return figures
