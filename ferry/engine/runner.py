"""The doit actions of the stage tasks: each runs one stage from its StageCall, restores it from the
stage cache or stores it there, and writes its stage.json; plus the `verify` and `keygen` tools.

Imported when a task runs, never when the graph loads (ferry/engine/graph.py forwards to it): this is
where onnx, onnxruntime, numpy and every stage's code come in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

import onnx
from doit.exceptions import TaskFailed

from ferry.core.errors import FerryError, VerdictFailed
from ferry.core.files import atomic_directory, sha256_file, write_bytes_atomic, write_json_atomic, write_text_atomic
from ferry.engine.cache import CachedRun, StageCache, cache_key
from ferry.engine.graph import StageCall
from ferry.engine.guard import describe_os_error
from ferry.engine.registry import BY_NAME
from ferry.schemas.artifacts import (
    Comparison,
    Fp32Tolerance,
    ImportSummary,
    MemoryPlanRecord,
    PackageManifest,
    StageRecord,
)
from ferry.schemas.bundle import BundleOrigin, ShippedModel
from ferry.schemas.embedded import CrossBuild, EmulatorRun
from ferry.schemas.pipeline import QuantizeStage, SparsifyStage
from ferry.schemas.profile import Profile
from ferry.schemas.report import ArtifactLink, Report
from ferry.schemas.simulation import SimulationResult
from ferry.schemas.sparsity import SparsityReport
from ferry.schemas.target import Compiler
from ferry.stages import (
    bundle,
    codegen,
    evaluate,
    importer,
    intake,
    profile,
    provenance,
    quantize,
    report,
    report_view,
    simulate,
    sparsify,
    sweep_report,
)
from ferry.stages import compile as compile_stage
from ferry.stages.common import layout
from ferry.stages.common.graph import static_shape
from ferry.stages.embedded import build as cross
from ferry.stages.embedded import emulator
from ferry.stages.embedded.report import embedded_section
from ferry.stages.quantize.budget import describe_failure, quantize_within_budget
from ferry.stages.quantize.shipped import shipped_model, with_pruned_weights
from ferry.stages.simulate import isa
from ferry.stages.simulate.budget import describe_failure as describe_over_budget


def _relative(path: Path, base: Path) -> str:
    return os.path.relpath(path, base)


def _record(call: StageCall, figures: dict[str, Any]) -> None:
    """stage.json, written last: its presence means every output before it is complete."""
    record = StageRecord(
        stage=call.stage, version=BY_NAME[call.stage].version, model=call.model.name,
        target=call.target_name, params=call.params,
        inputs={_relative(p, call.spec_dir): sha256_file(p) for p in call.inputs},
        outputs={_relative(p, call.spec_dir): sha256_file(p) for p in call.outputs
                 if p.name != "stage.json"},
        figures=figures,
    )
    write_json_atomic(call.out_dir / "stage.json", record.model_dump(mode="json"))


def _run_intake(call: StageCall) -> dict[str, Any]:
    assert call.model.bundle is not None
    expected = call.params["model"] and ShippedModel.model_validate(call.params["model"])
    origin = intake.receive(call.model.bundle, call.model.pubkey, call.out_dir, expected)
    return intake.figures(origin)


def _run_import(call: StageCall) -> dict[str, Any]:
    model, summary = importer.import_model(call.extra["source"], call.model.name,
                                           call.model.input_shapes, call.params["fold_batchnorm"])
    write_bytes_atomic(call.out_dir / "imported.onnx", model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "summary.json", summary.model_dump(mode="json"))
    return {"nodes": len(summary.nodes), "params": summary.total_params, "macs": summary.total_macs}


def _run_sparsify(call: StageCall) -> dict[str, Any]:
    params = SparsifyStage.model_validate({"kind": "sparsify", **call.params})
    assert call.model.calibration is not None  # the spec validator requires it with sparsify
    given = onnx.load(str(call.extra["onnx_model"]))
    static = _static_model(call, given)
    before = onnx.ModelProto()
    before.CopyFrom(static)
    model, result = sparsify.sparsify_model(static, call.model.calibration, call.model.validation, params)
    if static is not given:  # a QDQ model shipped with dynamic dims keeps them, with its weights pruned
        model = with_pruned_weights(given, before, model) or model
    write_bytes_atomic(call.out_dir / "sparse.onnx", model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "sparsity.json", result.model_dump(mode="json"))
    accuracy = result.accuracy
    return {"sparsity": round(result.sparsity, 4), "params": result.params_after, "macs": result.macs_after,
            f"{accuracy.metric}_dense": round(accuracy.dense, 4),
            f"{accuracy.metric}_pruned": round(accuracy.pruned, 4),
            f"{accuracy.metric}_refit": round(accuracy.refit, 4)}


def _run_calibrate(call: StageCall) -> dict[str, Any]:
    model_path = call.extra["onnx_model"]
    assert call.model.calibration is not None  # the spec validator requires it with quantize
    batches = quantize.calibration_batches(call.model.calibration, onnx.load(str(model_path)),
                                           call.params["samples"])
    stats = quantize.collect_statistics(model_path, batches, call.params["histogram_bins"])
    quantize.save_statistics(stats, call.out_dir / "statistics.npz")
    return {"samples": stats.samples, "tensors": len(stats.tensors)}


def _run_quantize(call: StageCall) -> dict[str, Any]:
    stats = quantize.load_statistics(call.extra["statistics"])
    params = QuantizeStage.model_validate({"kind": "quantize", **call.params})
    float_model = call.extra["onnx_model"]
    check = None  # only a configured budget is measured (and written, budget.json)
    if params.max_accuracy_drop is None and params.min_output_sqnr_db is None:
        model, calibration = quantize.quantize_model(onnx.load(str(float_model)), stats, params)
    else:
        model, calibration, check = quantize_within_budget(float_model, stats, call.model.validation, params)
        write_json_atomic(call.out_dir / "budget.json", check.model_dump(mode="json"))
    shipped = shipped_model(model, call.extra["source"])  # the source's dynamic dims, for the user
    calibration = calibration.model_copy(update={"dynamic_dims": shipped.dynamic,
                                                 "static_reason": shipped.static_reason})
    write_bytes_atomic(call.out_dir / "model.qdq.onnx", shipped.model.SerializeToString(deterministic=True))
    write_json_atomic(call.out_dir / "calibration.json", calibration.model_dump(mode="json"))
    if check is not None and not check.passed:  # nothing is published: the previous outputs stay together
        raise FerryError(describe_failure(call.model.name, check))
    figures = {} if check is None else {check.metric: round(check.value, 2), "fallback_float": len(check.kept_float)}
    return {"method": params.calibration, "kept_float": len(calibration.kept_float),
            "dynamic_dims": ", ".join(shipped.dynamic) or "none", **figures}


def _static_model(call: StageCall, model: onnx.ModelProto) -> onnx.ModelProto:
    """`model` (read from the stage's onnx_model) at ferry's static shapes: a QDQ model ferry
    shipped with the source's dynamic dimensions (stages/quantize/shipped.py) is imported again."""
    if all(static_shape(i) is not None for i in model.graph.input):
        return model
    return importer.import_model(call.extra["onnx_model"], call.model.name, call.model.input_shapes)[0]


def _run_codegen(call: StageCall) -> dict[str, Any]:
    toolchains = {name: Compiler.model_validate(c) for name, c in call.params["toolchains"].items()}
    model = _static_model(call, onnx.load(str(call.extra["onnx_model"])))
    manifest = codegen.generate_package(model, call.model.name,
                                        call.out_dir / "package", call.out_dir / "integer.onnx",
                                        toolchains)
    return {"arena_bytes": manifest.arena_bytes, "weights_bytes": manifest.weights_bytes}


def _run_compile(call: StageCall) -> dict[str, Any]:
    assert call.target is not None
    if call.target.cross_compiled:
        build = cross.build_cross(call.extra["package"], call.out_dir / "build", call.target,
                                  call.params["extra_flags"], profile=True)
        return {"text_bytes": build.library.text_bytes, "data_bytes": build.library.data_bytes,
                "bss_bytes": build.library.bss_bytes, "flash_bytes": build.library.flash_bytes,
                "sram_bytes": build.library.sram_bytes}
    flags = [*call.target.compiler.flags, *call.params["extra_flags"]]
    runner = compile_stage.build_host(call.extra["package"], call.out_dir / "build",
                                      call.target.compiler.cxx, flags, call.target.compiler.ar,
                                      profile=call.target.kind == "host")
    return {"runner_bytes": runner.stat().st_size}


def _run_evaluate(call: StageCall) -> dict[str, Any]:
    manifest = PackageManifest.model_validate_json((call.extra["package"] / "package.json").read_text())
    figures = _evaluate_on_host(call, manifest)
    if "firmware" in call.extra:
        figures |= _evaluate_on_emulator(call, manifest)
    if "profiler" in call.extra:
        figures |= _profile(call, manifest)
    return figures


def _profile(call: StageCall, manifest: PackageManifest) -> dict[str, Any]:
    """The profiling build, layer by layer, where the code runs: QEMU or the host."""
    assert call.target is not None
    plan = MemoryPlanRecord.model_validate_json((call.extra["package"] / layout.PLAN_FILE).read_text())
    batches, _, _ = evaluate.load_samples(call.model.validation, manifest, call.params["profile_samples"])
    inputs = evaluate.quantize_inputs(batches, manifest)
    if call.target.emulator is not None:
        measured = profile.profile_on_emulator(call.extra["profiler"], call.target.emulator, manifest, plan, inputs)
    else:
        measured = profile.profile_on_host(call.extra["profiler"], manifest, plan, inputs)
    write_json_atomic(call.out_dir / "profile.json", measured.model_dump(mode="json"))
    # Only deterministic figures reach the stage record (and so the reproducible report and bundle):
    # QEMU's instruction counts, not the host's clock.
    if measured.where == "emulator" and measured.total_instructions is not None:
        return {"measured_instructions": round(measured.total_instructions)}
    return {}


def _evaluate_on_emulator(call: StageCall, manifest: PackageManifest) -> dict[str, Any]:
    """The firmware in QEMU against the host build: bit for bit for int8 programs; float
    programs within the fp32 tolerance (fused multiply-adds and libms round differently)."""
    assert call.target is not None and call.target.emulator is not None
    run = emulator.evaluate_on_emulator(
        call.extra["firmware"], call.extra["runner"], call.extra.get("integer_model"), manifest,
        call.model.validation, call.params["embedded_samples"], call.target.emulator, _tolerance(call))
    write_json_atomic(call.out_dir / "embedded.json", run.model_dump(mode="json"))
    where = f"(details: {call.out_dir / 'embedded.json'})"
    int8 = run.golden_mismatches is not None
    if int8 and (run.qemu_mismatches or run.golden_mismatches):
        raise FerryError(f"{call.model.name} on {call.target.name} in QEMU: {run.qemu_mismatches} output "
                         f"element(s) differ from the host C++, {run.golden_mismatches} from the golden "
                         f"model {where}")
    if not int8 and run.nonfinite:
        raise FerryError(f"{call.model.name} on {call.target.name} in QEMU: {run.nonfinite} output element(s) "
                         f"NaN or infinite where the host C++ gives another value {where}")
    if not int8 and run.beyond_tolerance:
        raise FerryError(f"{call.model.name} on {call.target.name} in QEMU: {run.beyond_tolerance} output "
                         f"element(s) differ from the host C++ beyond the fp32 tolerance (largest "
                         f"difference {run.max_abs_diff:.3g}) {where}")
    return {"qemu_samples": run.samples, "qemu_mismatches": run.qemu_mismatches}


def _shared_host_comparison(call: StageCall, compare: Callable[[], Comparison]) -> Comparison:
    """The comparison of a host binary with its references, computed once per (model, program):
    every target whose host build is the same bytes (the host target, the simulated GPNPUs, a
    cross target's host reference with the same compiler and flags) reuses it. Kept beside the
    targets' folders, keyed by the binaries, the models, the data and the settings."""
    references = [call.extra[name] for name in ("integer_model", "float_model", "qdq_model") if call.extra.get(name)]
    files = [call.extra["runner"], call.extra["trace_runner"], call.extra["package"] / "package.json",
             call.model.validation.path, *references]
    settings = {"version": BY_NAME["evaluate"].version, "libraries": provenance.library_versions(),
                "data": call.model.validation.model_dump(mode="json", exclude={"path"}),
                "params": {k: v for k, v in call.params.items() if k != "embedded_samples"}}
    # beside the pipeline's model folders, which each hold exactly what their stages wrote
    shared = call.out_dir.parents[2] / ".host_comparisons" / f"{cache_key('evaluate', settings, files)}.json"
    with suppress(OSError, ValueError):
        return Comparison.model_validate_json(shared.read_text(encoding="utf-8"))
    comparison = compare()
    with suppress(OSError):  # sharing only saves time
        write_json_atomic(shared, comparison.model_dump(mode="json"))
    return comparison


def _evaluate_on_host(call: StageCall, manifest: PackageManifest) -> dict[str, Any]:
    if "integer_model" in call.extra:
        artifacts = evaluate.Int8Artifacts(
            runner=call.extra["runner"], trace_runner=call.extra["trace_runner"],
            integer_model=call.extra["integer_model"], float_model=call.extra["float_model"],
            qdq_model=call.extra["qdq_model"])
        comparison = _shared_host_comparison(call, lambda: evaluate.evaluate_int8(
            artifacts, manifest, call.model.validation, call.params["max_samples"]))
        write_json_atomic(call.out_dir / "compare.json", comparison.model_dump(mode="json"))
        return _int8_figures(call, comparison)
    comparison = _shared_host_comparison(call, lambda: evaluate.evaluate(
        call.extra["runner"], manifest, call.extra["float_model"], call.model.validation,
        call.params["max_samples"], _tolerance(call)))
    write_json_atomic(call.out_dir / "compare.json", comparison.model_dump(mode="json"))
    figures: dict[str, Any] = {"max_abs_err": float(f"{comparison.fp32.max_abs_err:.3g}"),
                               "top1_agreement": comparison.fp32.top1_agreement}
    if comparison.accuracy is not None:
        figures["cpp_top1"] = round(comparison.accuracy.cpp_top1, 4)
    if not comparison.within_tolerance:
        raise FerryError(f"{call.model.name}: {_fp32_failure(comparison)} "
                         f"(details: {call.out_dir / 'compare.json'})")
    return figures


def _fp32_failure(comparison: Comparison) -> str:
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


def _tolerance(call: StageCall) -> Fp32Tolerance:
    return Fp32Tolerance(range=call.params["range_tolerance"], relative=call.params["relative_tolerance"])


def _int8_figures(call: StageCall, comparison: Comparison) -> dict[str, Any]:
    int8 = comparison.int8
    assert int8 is not None
    figures: dict[str, Any] = {"mismatches": int8.cpp_vs_golden_mismatches}
    if int8.sqnr_db_min is not None:
        figures["sqnr_db_min"] = round(int8.sqnr_db_min, 1)
    if comparison.accuracy is not None:
        if comparison.accuracy.fp32_top1 is not None:
            figures["fp32_top1"] = round(comparison.accuracy.fp32_top1, 4)
        figures["int8_top1"] = round(comparison.accuracy.cpp_top1, 4)
    if not comparison.within_tolerance:
        raise FerryError(f"{call.model.name}: the C++ differs from the golden int8 model: "
                         f"{int8.cpp_vs_golden_mismatches} output element(s); first layer that differs: "
                         f"{int8.first_mismatch} (details: {call.out_dir / 'compare.json'})")
    return figures


def _run_simulate(call: StageCall) -> dict[str, Any]:
    assert call.target is not None
    plan = MemoryPlanRecord.model_validate_json(call.extra["plan"].read_text())
    manifest = PackageManifest.model_validate_json(call.extra["manifest"].read_text())
    flash = simulate.library_bytes(call.target.compiler.size, call.extra["library"])
    mac_rate = isa.check_claimed_rate(call.target, call.extra["library"]) if call.target.kind == "mcu" else None
    result = simulate.simulate(call.model.name, call.target, plan, flash, simulate.sparse_macs(manifest),
                               mac_rate)
    write_json_atomic(call.out_dir / "sim.json", result.model_dump(mode="json"))
    return {"latency_ms": float(f"{result.latency_ms:.4g}"), "energy_uj": float(f"{result.energy_uj:.4g}"),
            "utilization": round(result.utilization, 3), "budget": result.budget.verdict}


def _run_report(call: StageCall) -> dict[str, Any]:
    records = [StageRecord.model_validate_json(p.read_text()) for p in call.inputs
               if p.name == "stage.json"]
    summary = ImportSummary.model_validate_json(call.extra["summary"].read_text())
    manifest = PackageManifest.model_validate_json((call.extra["package"] / "package.json").read_text())
    plan = MemoryPlanRecord.model_validate_json(call.extra["plan"].read_text())
    comparison = Comparison.model_validate_json(call.extra["compare"].read_text())
    sim = (SimulationResult.model_validate_json(call.extra["sim"].read_text())
           if "sim" in call.extra else None)
    sparsity = (SparsityReport.model_validate_json(call.extra["sparsity"].read_text())
                if "sparsity" in call.extra else None)
    origin = (BundleOrigin.model_validate_json(call.extra["origin"].read_text())
              if "origin" in call.extra else None)
    embedded = None
    if "sizes" in call.extra:
        run = (EmulatorRun.model_validate_json(call.extra["emulator_run"].read_text())
               if "emulator_run" in call.extra else None)
        embedded = embedded_section(CrossBuild.model_validate_json(call.extra["sizes"].read_text()), run)
    measured = (Profile.model_validate_json(call.extra["profile"].read_text())
                if "profile" in call.extra else None)
    links = [ArtifactLink(label=label, path=path) for label, path in call.params["artifacts"]]
    result = report.build_report(call.pipeline, call.target_name or "", records, summary, manifest,
                                 plan, comparison, sim, embedded, sparsity, origin, links, measured)
    earlier = call.extra.get("published", call.out_dir) / "report.json"
    result = result.model_copy(update={"previous": report.previous_run(
        result, earlier.read_text(errors="replace") if earlier.is_file() else None)})
    write_json_atomic(call.out_dir / "report.json", result.model_dump(mode="json"))
    write_text_atomic(call.out_dir / "report.md", report_view.render_markdown(result, plan))
    write_text_atomic(call.out_dir / "report.html", report_view.render_html(result, plan))
    write_text_atomic(call.out_dir / "layers.csv", report.layers_csv(result))
    if (call.params["fail_over_budget"] and result.budget is not None and result.budget.verdict == "fail"
            and result.budget.enforce):
        raise VerdictFailed(describe_over_budget(call.model.name, call.target_name or "", result.budget)
                         + f"\n  details: {call.out_dir / 'report.html'}"
                         + "\n  (`enforce: false` in the target's budget reports this without failing)")
    return {}


def _run_bundle(call: StageCall) -> dict[str, Any]:
    archive = call.outputs[0]
    files = {name: Path(path) for name, path in call.params["files"].items()}
    sources = provenance.BundleSources(
        files=files, model=call.params["model"], quantized=call.params["quantized"], spec_path=call.extra["spec"],
        dependencies={name: Path(path) for name, path in call.params["dependencies"].items()},
        records=[p for p in call.inputs if p.name == "stage.json"], report=call.extra["report"],
        cxx=call.params["cxx"], source_date_epoch=call.params["source_date_epoch"])
    manifest, statement = provenance.build_manifest(sources)
    bundle.write_bundle(archive, files, manifest, statement, call.params["source_date_epoch"], call.extra.get("key"))
    return {"files": len(files), "bytes": archive.stat().st_size, "signed": "key" in call.extra,
            "sha256": sha256_file(archive)}


def _run_sweep(call: StageCall) -> dict[str, Any]:
    """The points side by side: sweep.json, sweep.md, sweep.html; fails (after writing them) when
    budgets are enforced and no point meets one."""
    entries = [sweep_report.PointReport(row["point"], row["params"], row["target"], path,
                                        Report.model_validate_json(path.read_text()))
               for row, path in zip(call.params["rows"], call.inputs)]
    result = sweep_report.build_sweep_report(call.pipeline, call.model.name, call.params["axes"], entries,
                                             call.out_dir)
    write_json_atomic(call.out_dir / "sweep.json", result.model_dump(mode="json"))
    write_text_atomic(call.out_dir / "sweep.md", sweep_report.render_markdown(result))
    write_text_atomic(call.out_dir / "sweep.html", sweep_report.render_html(result))
    enforced = [row for row in result.rows if row.enforced]
    if enforced and not any(row.verdict == "pass" for row in enforced):
        raise VerdictFailed(f"{call.model.name}: no point of the sweep meets an enforced budget "
                         f"({len(enforced)} tried; details: {call.out_dir / 'sweep.html'})")
    return {"points": len({row.point for row in result.rows}), "rows": len(result.rows),
            "pass": sum(row.verdict == "pass" for row in result.rows),
            "pareto": sum(bool(row.pareto) for row in result.rows)}


_RUNNERS = {
    "intake": _run_intake,
    "import": _run_import,
    "sparsify": _run_sparsify,
    "calibrate": _run_calibrate,
    "quantize": _run_quantize,
    "codegen": _run_codegen,
    "compile": _run_compile,
    "evaluate": _run_evaluate,
    "simulate": _run_simulate,
    "report": _run_report,
    "bundle": _run_bundle,
    "sweep": _run_sweep,
}


FAILURE_RECORD = "failed.json"  # in the stage's folder: the key of the run that failed, and why


def run_stage(call: StageCall) -> TaskFailed | dict[str, str] | None:
    """The doit action: restore the stage's outputs from the stage cache, or run it and store
    them; a FerryError or a file-system error becomes a clean one-line failure, not a traceback.
    A restore returns {"cache": "restored"}, which doit keeps in the task's values for the reporter.

    doit runs a failed task again on every invocation; a stage that failed on exactly these
    inputs, settings and versions fails again at once with the recorded reason (still a failure,
    so the build stays red) instead of repeating minutes of work to reach the same verdict."""
    key = _task_key(call)
    record = call.out_dir / FAILURE_RECORD
    repeated = None if call.recompute else _recorded_failure(record, key)  # `doit -a` runs it anyway
    if repeated is not None:
        return TaskFailed(f"{repeated}\n(not run again: its inputs, settings and versions are those of the "
                          f"failed run; change one, or delete {record} to run it anyway)")
    record.unlink(missing_ok=True)  # stale: not among the outputs a success stores
    try:
        cached = _cached_run(call, key)
        figures = cached.restore() if cached and not call.recompute else None
        restored = figures is not None
        if figures is None:
            figures = _run_staged(call)
            if cached:
                cached.store(figures)
        if _owns_folder(call):
            _record(call, figures)  # the spec-relative paths in it are this spec's
    except FerryError as error:
        with suppress(OSError):  # the record only saves time
            write_json_atomic(record, {"key": key, "message": str(error)})
        return TaskFailed(str(error))
    except OSError as error:  # a read-only folder, a full disk: the stage did not complete
        return TaskFailed(f"{call.stage} {call.model.name}: {describe_os_error(error)}")
    return {"cache": "restored"} if restored else None


def _owns_folder(call: StageCall) -> bool:
    """report shares its folder with the model's per-target stages: it owns only its files."""
    return call.stage != "report"


def _run_staged(call: StageCall) -> dict[str, Any]:
    """Run the stage into a staging folder and publish its outputs together, so that a stage
    that fails or is killed leaves its previous outputs as they were, consistent with each other
    (a new budget.json never sits beside the previous model.qdq.onnx). A stage whose outputs are
    complete but fail a verdict (VerdictFailed) publishes them, then fails."""
    if _owns_folder(call):
        with atomic_directory(call.out_dir) as staging:
            try:
                return _RUNNERS[call.stage](_relocated(call, staging))
            except VerdictFailed as failure:
                verdict = failure  # leaving the block normally publishes the folder
        raise verdict
    call.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{call.stage}.", dir=call.out_dir) as staging:
        staged = _relocated(call, Path(staging))
        try:
            return _RUNNERS[call.stage](staged)
        finally:  # on success or VerdictFailed: every output was written; else nothing is published
            published = sys.exc_info()[0] in (None, VerdictFailed)
            for written, final in zip(staged.outputs, call.outputs):
                if published and written.exists():
                    os.replace(written, final)


def _relocated(call: StageCall, staging: Path) -> StageCall:
    """The call writing into `staging` instead of its folder (what it reads stays where it is;
    extra["published"] names the folder, where the report finds the previous run's report)."""
    def moved(path: Path) -> Path:
        return staging / path.relative_to(call.out_dir) if path.is_relative_to(call.out_dir) else path
    return replace(call, out_dir=staging, outputs=tuple(moved(p) for p in call.outputs),
                   extra={**call.extra, "published": call.out_dir})


def _recorded_failure(record: Path, key: str) -> str | None:
    try:
        failure = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return failure.get("message") if isinstance(failure, dict) and failure.get("key") == key else None


def _cached_run(call: StageCall, key: str) -> CachedRun | None:
    if call.cache is None:
        return None
    return CachedRun(StageCache(call.cache), key, call.out_dir, call.outputs)


def _task_key(call: StageCall) -> str:
    """What a stage's outputs depend on: the model and target (their names appear in the
    outputs), the whole resolved target (what runs it: emulator, compiler), the config, the
    inputs' contents and the versions of what computes the outputs (an upgrade must not restore
    the old ones). The stage cache's key, and the failure record's."""
    context = {"config": call.config, "model": call.model.name,
               "target": call.target and call.target.model_dump(mode="json", exclude={"extends", "description"}),
               "libraries": provenance.library_versions()}
    if call.stage == "compile":  # the target's compiler, and the host's for the reference build
        assert call.target is not None
        context["compilers"] = {cxx: provenance.compiler_version(cxx)
                                for cxx in sorted({call.target.compiler.cxx, Compiler().cxx})}
    return cache_key(call.stage, context, call.inputs)


def verify_action(archive: str, public_key: str | None) -> TaskFailed | None:
    """`doit verify bundle=PATH [pubkey=PATH]`: one verdict line, nothing extracted."""
    if not archive:
        return TaskFailed("name the bundle: doit verify bundle=PATH [pubkey=PATH]")
    try:
        verified = bundle.verify_bundle(Path(archive), Path(public_key) if public_key else None)
    except FerryError as error:
        return TaskFailed(str(error))
    files = len(verified.manifest.files)
    signature = (f"signature valid (key {verified.signer})" if verified.signer else
                 "signature not checked (no pubkey=)")
    print(f"{archive}: OK: {files} files match the manifest; {signature}")
    return None


def keygen_action(path: str) -> TaskFailed | None:
    """`doit keygen key=PATH`: a new Ed25519 signing key (PATH, 0600) and its public key (PATH.pub)."""
    if not path:
        return TaskFailed("name the key file: doit keygen key=PATH")
    try:
        fingerprint = bundle.generate_keypair(Path(path))
    except (FerryError, OSError) as error:
        return TaskFailed(str(error))
    print(f"{path}: Ed25519 private key (mode 0600; keep it secret); {path}.pub: public key for the receiver; "
          f"fingerprint {fingerprint}")
    return None
