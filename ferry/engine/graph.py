"""The doit task graph of a pipeline spec: one task per (model, target where it matters, stage).

Every task has `file_dep` on the artifacts it reads, `targets` for what it writes, and
`config_changed` over its params plus the stage's implementation version (docs/design.md, principle 5).
Each task's one action runs a StageCall (ferry/engine/contracts.py: the stage's typed settings and
files) through ferry/engine/doit_actions.py; the graph imports no stage's entry point and no runner.
The stages, their versions and what the engine needs of them come from ferry/engine/registry.py;
how one stage's outputs become the next one's files is written here, one method per stage.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from doit.dependency import FileChangedChecker
from doit.tools import config_changed
from pydantic import BaseModel

from ferry.core.errors import FerryError
from ferry.core.files import sha256_file, write_json_atomic
from ferry.core.names import sanitize
from ferry.engine import sweep
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
    StageCall,
    SweepEntry,
    SweepFiles,
    SweepParams,
    allows_float,
)
from ferry.engine.doit_actions import keygen_action as keygen_action  # where dodo.py and ferry/cli.py find them
from ferry.engine.doit_actions import run_stage_action
from ferry.engine.doit_actions import verify_action as verify_action
from ferry.engine.lock import lock_outputs
from ferry.engine.registry import BY_NAME, STAGES
from ferry.schemas.loader import load_model
from ferry.schemas.pipeline import (
    BundleStage,
    CompileStage,
    EvaluateStage,
    ImportStage,
    ModelSpec,
    PipelineSpec,
    QuantizeStage,
    SparsifyStage,
    SpecModel,
)
from ferry.schemas.target import TargetSpec
from ferry.stages import intake
from ferry.stages.common import layout

SpecStage = TypeVar("SpecStage", bound=SpecModel)


class ContentDigestChecker(FileChangedChecker):
    """A dependency is unchanged only if its bytes are: doit's default MD5Checker trusts an
    unchanged mtime, and an extracted archive or a copy with a clamped mtime would be missed."""

    def check_modified(self, file_path: str, file_stat: os.stat_result, state: Any) -> bool:
        return state != sha256_file(Path(file_path))

    def get_state(self, dep: str, current_state: Any) -> str | None:
        digest = sha256_file(Path(dep))
        return None if digest == current_state else digest


def _flat(config: Any, prefix: str = "") -> dict[str, str]:
    """A config as dotted keys to canonical JSON values: what `doit info` compares."""
    if isinstance(config, dict) and config:
        return {k: v for key, value in config.items() for k, v in _flat(value, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): json.dumps(config, sort_keys=True)}


class ConfigChanged(config_changed):
    """doit's config_changed (the same digest, so its records stay valid) that also keeps the
    config's values, so that `doit info` names the params that changed instead of printing the
    whole config."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.changes: list[str] | None = None

    def configure_task(self, task: Any) -> None:
        task.value_savers.append(lambda: {"_config_changed": self.config_digest, "_config": _flat(self.config)})

    def __call__(self, task: Any, values: dict[str, Any]) -> bool:
        unchanged = super().__call__(task, values)
        before, now = values.get("_config"), _flat(self.config)
        if not unchanged and isinstance(before, dict):
            self.changes = [f"{key}: {before.get(key, '(absent)')} -> {now.get(key, '(absent)')}"
                            for key in sorted(set(before) | set(now)) if before.get(key) != now.get(key)]
        return unchanged

    def __repr__(self) -> str:
        if self.changes:
            return "params changed: " + "; ".join(self.changes)
        return "params changed (no earlier record of their values)"


@dataclass(frozen=True)
class Program:
    """The model files one model's later stages read, as far as the task graph has come."""

    float_model: Path | None  # the float reference: the imported model, the pruned float model, the
    # float_onnx of a model that arrived quantized; None: it arrived quantized with no float_onnx
    onnx_model: Path  # what codegen lowers: imported, or the QDQ model
    qdq_model: Path | None  # int8 programs: what onnxruntime runs for the LSB histogram
    records: list[Path]  # stage.json of every stage so far
    integer_model: Path | None = None  # int8 programs: the lowered program (after codegen)
    sparsity: Path | None = None  # sparsity.json, when the model was pruned
    origin: Path | None = None  # origin.json, when the model came in a bundle
    source: Path | None = None  # the model file import read (its dynamic dims: the shipped QDQ model's)


def _source_date_epoch() -> int:
    """The mtime of every bundle member: SOURCE_DATE_EPOCH (reproducible-builds.org), else 0."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "0")
    if not value.isdigit():
        raise FerryError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got {value!r}")
    return int(value)


def _cache_folder(named: str | None, outputs_root: Path) -> Path | None:
    """The stage cache: `ferry --cache DIR` (`doit cache=DIR`), else FERRY_CACHE, else <outputs>/.cache (shared by every
    spec building into that folder); `off` disables it."""
    chosen = named or os.environ.get("FERRY_CACHE") or str(outputs_root / ".cache")
    if chosen == "off":
        return None
    folder = Path(chosen).resolve()
    if folder.exists() and not folder.is_dir():
        raise FerryError(f"stage cache {folder}: not a folder (ferry --cache DIR, doit cache=DIR or FERRY_CACHE "
                         "names the cache folder; off disables it)")
    return folder


def remove_folder(folder: Path) -> None:
    """`doit clean`: a stage's outputs are one folder."""
    shutil.rmtree(folder, ignore_errors=True)


class PipelineGraph:
    """A loaded, validated spec and the doit tasks that build it."""

    def __init__(self, spec_path: Path, outputs_root: Path | None = None, cache: str | None = None,
                 recompute: bool = False) -> None:
        self.spec_path = spec_path.resolve()
        self.spec_dir = self.spec_path.parent
        self.spec = load_model(self.spec_path, PipelineSpec, {"base_dir": self.spec_dir})
        self.targets = self._load_targets()
        root = outputs_root if outputs_root is not None else self.spec_dir / "outputs"
        self.out_root = root.resolve() / self.spec.pipeline
        self.cache = _cache_folder(cache, root)
        self.recompute = recompute
        self.signing_key = self._signing_key()
        self.received = {m.name: intake.peek(m.bundle) for m in self.spec.models if m.bundle is not None}
        self.source_date_epoch = _source_date_epoch()
        self.notes = [f"{path} is outside the spec's folder {self.spec_dir}"
                      for path in self.spec.paths_outside(self.spec_dir)]
        self.points = sweep.expand(self.spec)
        self.point: sweep.SweepPoint | None = None  # set on the graph of one point (_at_point)
        self._quantized: dict[Path, bool] = {}  # model file -> arrived quantized (shared by the points)

    def _signing_key(self) -> Path | None:
        """The bundle stage's key, else FERRY_SIGNING_KEY, else none (unsigned bundles)."""
        stage = self._spec_stage(BundleStage)
        if stage is None:
            return None
        if stage.key is not None:
            return stage.key
        named = os.environ.get("FERRY_SIGNING_KEY")
        if not named:
            return None
        if not Path(named).is_file():
            raise FerryError(f"FERRY_SIGNING_KEY: file not found: {named}")
        return Path(named).resolve()

    def _arrived_quantized(self, model: Path) -> bool:
        """Whether a model file is already a QDQ program (it then skips calibrate and quantize).
        Telling needs onnx to parse it, so the answer is kept by the file's sha256 in
        outputs/<pipeline>/.sources.json: a doit run that meets no new model never loads onnx."""
        if model in self._quantized:  # asked once per sweep point: read and hash once
            return self._quantized[model]
        memo = self.out_root / ".sources.json"
        try:
            known = json.loads(memo.read_text())
        except (OSError, ValueError):
            known = {}
        digest = sha256_file(model)
        if not isinstance(known.get(digest), bool):
            from ferry.stages.importer import is_quantized  # the one graph-time use of the stage code

            known[digest] = is_quantized(model)
            self.out_root.mkdir(parents=True, exist_ok=True)
            write_json_atomic(memo, known)
        self._quantized[model] = known[digest]
        return known[digest]

    def _load_targets(self) -> dict[str, tuple[Path, TargetSpec]]:
        targets: dict[str, tuple[Path, TargetSpec]] = {}
        problems = []
        for path in self.spec.targets:
            try:
                target = load_model(path, TargetSpec)
            except FerryError as error:
                problems.append(str(error))
                continue
            if target.name in targets:
                problems.append(f"{path}: target name '{target.name}' is already used by "
                                f"{targets[target.name][0]}")
            targets[target.name] = (path, target)
        if problems:
            raise FerryError("\n".join(problems))
        return targets

    @property
    def doit_config(self) -> dict[str, Any]:
        from ferry.engine.feedback import FerryReporter

        self.out_root.mkdir(parents=True, exist_ok=True)
        return {
            "dep_file": str(self.out_root / ".doit.db"),
            "backend": "sqlite3",
            "check_file_uptodate": ContentDigestChecker,
            "reporter": FerryReporter,
            "verbosity": 0,
            # one target's failure does not stop the tasks that do not depend on it (the other
            # targets' reports); the summary names what failed and what was not run because of it
            "continue": True,
            # every stage the spec has (dodo.py defines only those); `verify` only when asked
            "default_tasks": [stage.name for stage in STAGES if self.tasks(stage.name)],
        }

    def _task(self, call: StageCall, name: str, doc: str, file_dep: list[Path],
              clean_dir: Path, config: dict[str, Any]) -> dict[str, Any]:
        declaration = BY_NAME[call.stage]
        kernels = {"kernels": layout.kernels_digest()} if declaration.kernels else {}
        config = {"version": declaration.version, **kernels, **config}
        call = replace(call, config=config, cache=None if declaration.uncached else self.cache,
                       recompute=self.recompute)
        return {
            "name": name,
            "doc": doc,
            "actions": [(run_stage_action, [call])],
            "file_dep": [str(p) for p in file_dep],
            "targets": [str(p) for p in call.outputs],
            "uptodate": [ConfigChanged(config)],
            "clean": [(remove_folder, [clean_dir])],
            "meta": {"model": call.model.name, "target": call.target_name, "stage": call.stage,
                     "point": self._scope(call.stage), "out_dir": str(call.out_dir), "notes": self.notes},
        }

    def tasks(self, stage: str) -> list[dict[str, Any]]:
        """The tasks of one stage, one per model (and target where it matters, and sweep point)."""
        return [t for t in self._all_tasks if t["meta"]["stage"] == stage]

    def calls(self) -> list[StageCall[Any, Any]]:
        """Every task's StageCall, each after those whose outputs it reads: what an executor other
        than doit runs, one `ferry.engine.runner.run_stage(call)` each (see that module)."""
        return [task["actions"][0][1][0] for task in self._all_tasks]

    @cached_property
    def _all_tasks(self) -> list[dict[str, Any]]:
        """Built once per doit run, not once per stage: every doit run, a no-op included, pays it."""
        tasks: dict[tuple[str, str], dict[str, Any]] = {}
        for model in self.spec.models:
            for graph in [self._at_point(p) for p in self.points] or [self]:
                for task in graph._model_tasks(model):  # a shared task comes once per point: kept once
                    tasks.setdefault((task["meta"]["stage"], task["name"]), task)
            if self.points:
                tasks[("sweep", model.name)] = self._sweep_task(model)
        return list(tasks.values())

    def _at_point(self, point: sweep.SweepPoint) -> PipelineGraph:
        """This graph with one sweep point's spec: its tasks land in their scopes' folders."""
        graph = copy.copy(self)
        graph.spec, graph.point = point.spec, point
        return graph

    def _scope(self, task: str) -> str | None:
        """The part of this graph's sweep point that a task depends on (None: shared, or no sweep)."""
        return self.point.scope(task) if self.point else None

    def _base(self, model: ModelSpec, task: str) -> Path:
        """The folder under which a task writes: the model's, or its scope's within it."""
        scope = self._scope(task)
        return self.out_root / model.name / scope if scope else self.out_root / model.name

    def _name(self, model: ModelSpec, task: str, target: str | None = None) -> str:
        """The task's name after `stage:`: model[@scope][@target]."""
        return "@".join(part for part in (model.name, self._scope(task), target) if part)

    def _sweep_task(self, model: ModelSpec) -> dict[str, Any]:
        """sweep:<model>: every point's report on every target, in one table and plot."""
        rows, reports = [], []
        for point in self.points:
            graph = self._at_point(point)
            for target_name in self.targets:
                rows.append(SweepEntry(point=point.name, params=point.params, target=target_name))
                reports.append(graph._base(model, "report") / target_name / "report.json")
        out_dir = self.out_root / model.name / "sweep"
        call = self._call("sweep", model, out_dir, reports,
                          [out_dir / f"sweep.{kind}" for kind in ("json", "md", "html")] + [out_dir / "stage.json"],
                          SweepParams(axes=self.spec.sweep or {}, rows=rows), SweepFiles(tuple(reports)))
        return self._task(call, model.name, f"sweep {model.name}: the points side by side", reports, out_dir,
                          {"params": call.settings})

    def _call(self, stage: str, model: ModelSpec, out_dir: Path, inputs: list[Path], outputs: list[Path],
              params: BaseModel, files: object, target: str | None = None) -> StageCall[Any, Any]:
        declaration = BY_NAME[stage]
        assert isinstance(params, declaration.params) and isinstance(files, declaration.files), stage
        assert (target is not None) == (declaration.per == "target"), stage
        return StageCall(
            stage=stage, pipeline=self.spec.pipeline, spec_dir=self.spec_dir, model=model,
            target_name=target, target=self.targets[target][1] if target else None,
            params=params, files=files, inputs=tuple(inputs), outputs=tuple(outputs), out_dir=out_dir,
        )

    def _spec_stage(self, model: type[SpecStage]) -> SpecStage | None:
        """The spec's stage of that model, if the spec has one."""
        return next((stage for stage in self.spec.stages if isinstance(stage, model)), None)

    def _spec_params(self, model: type[SpecStage]) -> SpecStage:
        """The params of a stage the spec has (the graph makes a stage's tasks only then)."""
        stage = self._spec_stage(model)
        assert stage is not None, model
        return stage

    def _model_tasks(self, model: ModelSpec) -> list[dict[str, Any]]:
        base = self.out_root / model.name
        tasks: list[dict[str, Any]] = []
        if model.bundle is not None:  # resume from the bundle's model (stages/intake.py)
            source = self._intake_task(model, base, tasks)
            if source is None:  # unreadable: its intake task fails with the reason
                return tasks
        else:
            source = intake.Source(model.source, self._arrived_quantized(model.source))
        import_dir = base / "import"
        imported = import_dir / "imported.onnx"
        summary = import_dir / "summary.json"
        call = self._call("import", model, import_dir, [source.model], [imported, summary, import_dir / "stage.json"],
                          self._spec_params(ImportStage), ModelFile(source.model))
        tasks.append(self._task(call, model.name, f"import {model.name}: check, fix shapes, fold",
                                [source.model], import_dir,
                                {"params": call.settings, "input_shapes": model.input_shapes}))
        records = [*source.records, import_dir / "stage.json"]
        program = Program(float_model=imported, onnx_model=imported, qdq_model=None, records=records,
                          origin=source.origin, source=source.model)
        arrived_quantized = source.quantized
        if arrived_quantized:  # no quantize; the reference is the float model it came from, if named
            program = replace(program, qdq_model=imported, float_model=model.float_onnx)
        for kind in self.spec.compression_order():
            if kind == "sparsify":
                program = self._sparsify_task(model, program, tasks)
            elif not arrived_quantized:
                program = self._quantize_tasks(model, program, tasks)
        if not self.spec.stage("codegen"):
            return tasks
        codegen_dir = self._base(model, "codegen") / "codegen"
        package = codegen_dir / "package"
        # the package carries a CMake toolchain file for every cross-compiled target
        toolchains = {name: target.compiler for name, (_, target) in self.targets.items() if target.cross_compiled}
        package_files = [package / f for f in layout.package_files(sanitize(model.name), list(toolchains))]
        integer = codegen_dir / "integer.onnx"
        outputs = [*package_files, codegen_dir / "stage.json", *([integer] if program.qdq_model else [])]
        call = self._call("codegen", model, codegen_dir, [program.onnx_model], outputs,
                          CodegenParams(toolchains=toolchains), ModelFile(program.onnx_model))
        tasks.append(self._task(call, self._name(model, "codegen"), f"codegen {model.name}: C++ package",
                                [program.onnx_model], codegen_dir,
                                {"params": call.settings, "prefix": sanitize(model.name)}))
        program = replace(program, records=[*program.records, codegen_dir / "stage.json"],
                          integer_model=integer if program.qdq_model else None)
        for target_name, (_, target) in self.targets.items():
            tasks += self._target_tasks(model, target_name, target, package, package_files, summary,
                                        program)
        return tasks

    def _intake_task(self, model: ModelSpec, base: Path, tasks: list[dict[str, Any]]) -> intake.Source | None:
        """Verify and extract the bundle the model names. The graph is shaped by its manifest,
        read unverified; the task verifies it and that the model is the one read here."""
        assert model.bundle is not None
        out_dir = base / "intake"
        expected = self.received[model.name]
        inputs = [model.bundle, *([model.pubkey] if model.pubkey is not None else [])]
        origin, record = out_dir / intake.ORIGIN, out_dir / "stage.json"
        # the files later stages read; the rest of the extraction is there to be looked at
        model_file = intake.extracted(out_dir, expected.path) if expected else None
        outputs = [*([model_file] if model_file else []), origin, record]
        call = self._call("intake", model, out_dir, inputs, outputs, IntakeParams(model=expected),
                          IntakeFiles(model.bundle, model.pubkey))
        tasks.append(self._task(call, model.name, f"intake {model.name}: verify and extract {model.bundle.name}",
                                inputs, out_dir, {"params": call.settings, "allow_unsigned": model.allow_unsigned}))
        if expected is None or model_file is None:
            return None
        return intake.Source(model_file, expected.quantized, (record,), origin)

    def _sparsify_task(self, model: ModelSpec, program: Program,
                       tasks: list[dict[str, Any]]) -> Program:
        """sparsify the model so far: the float model (then quantized), or the QDQ model (its
        int8 weights pruned in place)."""
        assert model.calibration is not None
        out_dir = self._base(model, "sparsify") / "sparsify"
        sparse = out_dir / "sparse.onnx"
        inputs = [program.onnx_model, model.calibration.path, model.validation.path]
        call = self._call("sparsify", model, out_dir, inputs,
                          [sparse, out_dir / "sparsity.json", out_dir / "stage.json"],
                          self._spec_params(SparsifyStage), ModelFile(program.onnx_model))
        data = {kind: spec.model_dump(mode="json", exclude={"path"})
                for kind, spec in (("calibration", model.calibration), ("validation", model.validation))}
        tasks.append(self._task(call, self._name(model, "sparsify"),
                                f"sparsify {model.name}: pruned and refit weights",
                                inputs, out_dir, {"params": call.settings, "data": data}))
        records = [*program.records, out_dir / "stage.json"]
        sparsity = out_dir / "sparsity.json"
        if program.qdq_model is None:  # later stages approximate the pruned float model
            return Program(float_model=sparse, onnx_model=sparse, qdq_model=None, records=records,
                           sparsity=sparsity, source=program.source)
        return replace(program, onnx_model=sparse, qdq_model=sparse, records=records, sparsity=sparsity)

    def _histogram_bins(self) -> int:
        """The calibrate task's histogram size, or 0 when every point of the spec uses 'minmax'
        (its range is the exact min/max): counting each value into a histogram costs more than the
        rest of calibration. Taken over all points, so that points sweeping the method still share
        one calibrate task."""
        stages = [s for spec in [p.spec for p in self.points] or [self.spec]
                  if isinstance(s := spec.stage("quantize"), QuantizeStage)]
        needed = any(stage.calibration != "minmax" for stage in stages)
        return self._spec_params(QuantizeStage).histogram_bins if needed else 0

    def _quantize_tasks(self, model: ModelSpec, program: Program,
                        tasks: list[dict[str, Any]]) -> Program:
        """calibrate (runs the model; its statistics are saved) then quantize (re-derives scales
        from the statistics, so changing only the method or the percentile does not re-run it)."""
        source = program.onnx_model  # the float model so far: imported, or sparse
        quantize = self._spec_params(QuantizeStage)
        assert model.calibration is not None
        calibrate_dir = self._base(model, "calibrate") / "calibrate"
        statistics = calibrate_dir / "statistics.npz"
        params = CalibrateParams(samples=quantize.samples, histogram_bins=self._histogram_bins())
        data = model.calibration
        call = self._call("calibrate", model, calibrate_dir, [source, data.path],
                          [statistics, calibrate_dir / "stage.json"], params, ModelFile(source))
        tasks.append(self._task(call, self._name(model, "calibrate"),
                                f"calibrate {model.name}: activation statistics",
                                [source, data.path], calibrate_dir,
                                {"params": call.settings, "data": data.model_dump(mode="json", exclude={"path"})}))
        quantize_dir = self._base(model, "quantize") / "quantize"
        qdq = quantize_dir / "model.qdq.onnx"
        assert program.source is not None
        # the budget is measured on the validation data; the shipped model keeps the dynamic dims of
        # the model import read
        inputs = [source, statistics, model.validation.path, program.source]
        call = self._call("quantize", model, quantize_dir, inputs,
                          [qdq, quantize_dir / "calibration.json", quantize_dir / "stage.json"],
                          QuantizeParams(**quantize.model_dump(), float_fallback=allows_float(
                              [target for _, target in self.targets.values()])),
                          QuantizeFiles(source, statistics, program.source))
        tasks.append(self._task(call, self._name(model, "quantize"), f"quantize {model.name}: int8 QDQ model",
                                inputs, quantize_dir,
                                {"params": call.settings,
                                 "data": model.validation.model_dump(mode="json", exclude={"path"})}))
        records = [*program.records, calibrate_dir / "stage.json", quantize_dir / "stage.json"]
        return replace(program, onnx_model=qdq, qdq_model=qdq, records=records)

    def _target_tasks(self, model: ModelSpec, target_name: str, target: TargetSpec,
                      package: Path, package_files: list[Path], summary: Path,
                      program: Program) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        if not self.spec.stage("compile"):
            return tasks
        compile_dir = self._base(model, "compile") / target_name / "compile"
        build = compile_dir / "build"
        library = build / layout.library_name(sanitize(model.name))
        # what a build reads: sources, headers, the weights, package.json (not the README or CMake files)
        sources = [f for f in package_files if f.suffix in (".h", ".cpp", ".bin", ".json")]
        firmware = build / "firmware.elf" if target.emulator is not None else None
        if target.cross_compiled:  # the host build of the same sources is the reference
            runner, trace_runner = build / "host" / "runner", build / "host" / "runner_trace"
            built = [library, build / "sizes.json",
                     *([firmware, build / "firmware_profile.elf"] if firmware else [])]
        else:
            runner, trace_runner = build / "runner", build / "runner_trace"
            built = [library, *([build / "runner_profile"] if target.kind == "host" else [])]
        # The compiler settings, not the target file: a budget or silicon change does not recompile.
        call = self._call("compile", model, compile_dir, sources,
                          [runner, trace_runner, *built, compile_dir / "stage.json"],
                          self._spec_params(CompileStage), CompileFiles(package), target_name)
        tasks.append(self._task(call, self._name(model, "compile", target_name),
                                f"compile {model.name} for {target_name}",
                                sources, compile_dir,
                                {"params": call.settings,
                                 "compiler": target.compiler.model_dump(mode="json"),
                                 "emulator": target.emulator and target.emulator.model_dump(mode="json")}))
        sim = self._simulate_task(model, target_name, target, package, library, tasks)
        if not self.spec.stage("evaluate"):
            return tasks
        evaluate_dir = self._base(model, "evaluate") / target_name / "evaluate"
        compare = evaluate_dir / "compare.json"
        data = model.validation
        inputs = [runner, trace_runner, package / "package.json", data.path,
                  *([program.float_model] if program.float_model else [])]
        integer, qdq = program.integer_model, program.qdq_model
        if integer is not None and qdq is not None:  # an int8 program
            inputs += [integer, qdq]
        else:
            integer = qdq = None
        outputs = [compare, evaluate_dir / "stage.json"]
        spec = self._spec_params(EvaluateStage)
        if firmware is not None:
            inputs.append(firmware)
            outputs.append(evaluate_dir / "embedded.json")
        # The profiling build runs where the code runs as the target: QEMU, or the host itself.
        profiler = (build / "firmware_profile.elf" if firmware is not None
                    else build / "runner_profile" if target.kind == "host" else None)
        profile_json = evaluate_dir / "profile.json"
        if profiler is not None and spec.profile_samples:
            inputs.append(profiler)
            outputs.append(profile_json)
        else:
            profiler = None
        params = EvaluateParams(max_samples=spec.max_samples, range_tolerance=spec.range_tolerance,
                                relative_tolerance=spec.relative_tolerance,
                                embedded_samples=spec.embedded_samples if firmware else None,
                                profile_samples=spec.profile_samples if profiler else None)
        files = EvaluateFiles(package, runner, trace_runner, program.float_model, integer_model=integer, qdq_model=qdq,
                              firmware=firmware, profiler=profiler)
        call = self._call("evaluate", model, evaluate_dir, inputs, outputs, params, files, target_name)
        tasks.append(self._task(call, self._name(model, "evaluate", target_name),
                                f"evaluate {model.name} on {target_name}",
                                inputs, evaluate_dir,
                                {"params": call.settings,
                                 "data": data.model_dump(mode="json", exclude={"path"})}))
        report_dir = self._base(model, "report") / target_name
        records = [*program.records, compile_dir / "stage.json", evaluate_dir / "stage.json"]
        plan = package / layout.PLAN_FILE
        if sim is not None:
            records.append(sim.parent / "stage.json")
        sections = ReportFiles(
            tuple(records), summary, package, plan, compare, sim=sim,
            sizes=build / "sizes.json" if target.cross_compiled else None,
            emulator_run=evaluate_dir / "embedded.json" if firmware is not None else None,
            # deterministic (icount) profiles only: the report is reproducible
            profile=profile_json if profiler is not None and firmware is not None else None,
            sparsity=program.sparsity, origin=program.origin)
        optional = [sections.sim, sections.sizes, sections.emulator_run, sections.profile, sections.sparsity,
                    sections.origin]
        inputs = [*records, summary, package / "package.json", plan, compare, *[p for p in optional if p]]
        links = {"C header": package / layout.header_file(sanitize(model.name)),
                 "firmware package (README)": package / "README.md"}
        if program.float_model is not None:  # None: it arrived quantized and no float_onnx names its float model
            links["float model (the reference)"] = program.float_model
        if program.qdq_model is not None and program.integer_model is not None:
            links |= {"QDQ model": program.qdq_model, "integer program": program.integer_model}
        links |= {"C++ comparison (compare.json)": compare, **({"simulation (sim.json)": sim} if sim else {}),
                  **({"firmware image": firmware} if firmware else {}),
                  "per-layer table (CSV)": report_dir / "layers.csv"}
        if self.spec.stage("bundle"):
            links["hand-off bundle"] = self._bundle_archive(model, target_name)
        artifacts = [(label, Path(os.path.relpath(path, report_dir)).as_posix()) for label, path in links.items()]
        # In a sweep a point over budget is a row of the sweep report, not a failed build.
        call = self._call("report", model, report_dir, inputs, [report_dir / name for name in layout.REPORT_FILES],
                          ReportParams(fail_over_budget=self.point is None, artifacts=artifacts), sections,
                          target_name)
        task = self._task(call, self._name(model, "report", target_name), f"report {model.name} on {target_name}",
                          inputs, report_dir, {"pipeline": self.spec.pipeline, "params": call.settings})
        task["clean"] = True  # only its own files: the folder holds the other stages
        tasks.append(task)
        if self.spec.stage("bundle"):
            report_files = [report_dir / f"report.{kind}" for kind in ("json", "md", "html")]  # not the CSV
            tasks.append(self._bundle_task(model, target_name, target, package, package_files, program,
                                           report_files, records))
        return tasks

    def _bundle_archive(self, model: ModelSpec, target_name: str) -> Path:
        name = self._name(model, "bundle", target_name)
        return self._base(model, "bundle") / target_name / "bundle" / f"{name}.tar.gz"

    def _bundle_task(self, model: ModelSpec, target_name: str, target: TargetSpec, package: Path,
                     package_files: list[Path], program: Program, report_files: list[Path],
                     records: list[Path]) -> dict[str, Any]:
        """The hand-off archive of one model on one target (stages/bundle.py)."""
        archive = self._bundle_archive(model, target_name)
        out_dir, name = archive.parent, self._name(model, "bundle", target_name)
        shipped = program.qdq_model or program.onnx_model
        files = {f"package/{f.relative_to(package).as_posix()}": f for f in package_files}
        files |= {f"model/{shipped.name}": shipped} | {f"reports/{f.name}": f for f in report_files}
        dependencies = {"model": model.source, "validation": model.validation.path,
                        "target": self.targets[target_name][0], "pipeline": self.spec_path}
        if model.calibration is not None:
            dependencies["calibration"] = model.calibration.path
        epoch = self.source_date_epoch
        params = BundleParams(files={name: str(path) for name, path in files.items()},
                              model=f"model/{shipped.name}", quantized=program.qdq_model is not None,
                              dependencies={name: str(path) for name, path in dependencies.items()},
                              cxx=target.compiler.cxx, source_date_epoch=epoch)
        key = [self.signing_key] if self.signing_key else []
        inputs = [*files.values(), *dependencies.values(), *records, *key]
        call = self._call("bundle", model, out_dir, inputs, [archive, out_dir / "stage.json"], params,
                          BundleFiles(self.spec_path, report_files[0], tuple(records), self.signing_key), target_name)
        config = {"cxx": target.compiler.cxx, "source_date_epoch": epoch, "signed": bool(key)}
        return self._task(call, name, f"bundle {model.name} for {target_name}",
                          inputs, out_dir, config)

    def _simulate_task(self, model: ModelSpec, target_name: str, target: TargetSpec,
                       package: Path, library: Path, tasks: list[dict[str, Any]]) -> Path | None:
        """simulate, for targets that describe silicon: reruns on any change of the resolved
        target except its toolchain (budget and silicon figures included, through `extends`)."""
        if not target.simulated:
            return None
        sim_dir = self._base(model, "simulate") / target_name / "simulate"
        plan, manifest = package / layout.PLAN_FILE, package / "package.json"
        call = self._call("simulate", model, sim_dir, [plan, manifest, library],
                          [sim_dir / "sim.json", sim_dir / "stage.json"], NoParams(),
                          SimulateFiles(plan, manifest, library), target_name)
        silicon = target.model_dump(mode="json", exclude={"compiler", "emulator", "description"})
        tasks.append(self._task(call, self._name(model, "simulate", target_name),
                                f"simulate {model.name} on {target_name}", [plan, manifest, library], sim_dir,
                                {"params": call.settings, "target": silicon}))
        return sim_dir / "sim.json"


def load_graph(spec_path: Path, outputs_root: Path | None = None, cache: str | None = None,
               lock: bool = False, recompute: bool = False) -> PipelineGraph:
    """The spec's graph with every task made, so that whatever is wrong with the spec or the files
    it names (a model that is not ONNX) is found here, while doit loads, and told in one line.
    With `lock`, this process holds the outputs folder (ferry/engine/lock.py) before anything is
    written into it. `recompute` (doit -a): every task that runs computes its outputs, none is
    restored from the stage cache (which then stores the fresh outputs)."""
    if spec_path.is_dir():
        raise FerryError(f"{spec_path}: is a folder; name the pipeline spec file "
                         "(ferry build SPEC; doit pipeline=SPEC)")
    if not spec_path.is_file():
        raise FerryError(f"{spec_path}: pipeline spec not found")
    graph = PipelineGraph(spec_path, outputs_root, cache, recompute)
    for folder in (outputs_root, graph.out_root):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise FerryError(f"{folder}: not a folder (the outputs go there; ferry --outputs DIR or doit "
                             "outputs=DIR names another)")
    graph.out_root.mkdir(parents=True, exist_ok=True)
    if lock:
        lock_outputs(graph.out_root)
    graph.tasks("import")  # makes every task
    return graph


