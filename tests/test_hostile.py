"""Hostile and broken input (issue 20): every case of the standing corpus in tests/hostile/ gets a
one-line message naming its file (and line and column where it has them), a non-zero exit, no
traceback, and leaves what was built before as it was. bench/hostile.py prints the counts."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ferry.core.errors import FerryError
from ferry.engine import guard, lock
from ferry.schemas.artifacts import PackageManifest
from ferry.schemas.loader import load_model
from ferry.schemas.target import TargetSpec
from ferry.stages.common.reference import compare_arrays, cosine, differences, sqnr_db
from ferry.stages.evaluate import compare_output, count_mismatches
from tests.conftest import ROOT
from tests.hostile import bundles, models, processes, specs
from tests.hostile.harness import Tally, digests, make_project

SPEC_CASES = specs.cases()
MODEL_CASES = models.cases()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("template") / "project")


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "project"))


def test_corpus_is_large_enough() -> None:
    assert len(SPEC_CASES) >= 60 and len(MODEL_CASES) >= 25 and len(bundles.BUNDLE_CASES) >= 60


# Each case records its tally under this name in pytest's JUnit XML; bench/hostile.py runs these
# tests (with --hostile-full) and adds the tallies up per class.
RECORD = "hostile"
# (signal, seeds): every run of bench/hostile.py, and the representative pair the suite plays
FULL_INTERRUPTS = {signal.SIGINT: (1, 2, 3, 4), signal.SIGKILL: (5, 6, 7)}
QUICK_INTERRUPTS = {signal.SIGINT: (1,), signal.SIGKILL: (2,)}
FULL_RACES, QUICK_RACES = 2, 1


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    full = metafunc.config.getoption("hostile_full")
    if "interrupt" in metafunc.fixturenames:
        runs = [(signum, seed) for signum, seeds in (FULL_INTERRUPTS if full else QUICK_INTERRUPTS).items()
                for seed in seeds]
        metafunc.parametrize("interrupt", runs, ids=[f"{signum.name}-{seed}" for signum, seed in runs])
    if "race" in metafunc.fixturenames:
        metafunc.parametrize("race", range(FULL_RACES if full else QUICK_RACES))


def _recorded(record_property: Callable[[str, object], None], kind: str, tally: Tally) -> list[str]:
    """The tally's problems, after recording it for bench/hostile.py under its class `kind`."""
    record_property(RECORD, json.dumps({"class": kind, **dataclasses.asdict(tally)}))
    return tally.problems


@pytest.mark.parametrize("case", SPEC_CASES, ids=[c.name for c in SPEC_CASES])
def test_malformed_spec(case, project: Path, record_property) -> None:
    assert _recorded(record_property, "malformed specs", case.tally(project)) == []


@pytest.mark.parametrize("case", MODEL_CASES, ids=[c.name for c in MODEL_CASES])
def test_hostile_model(case, project: Path, record_property) -> None:
    assert _recorded(record_property, "hostile models", case.tally(project)) == []


@pytest.fixture(scope="module")
def signed_bundle(tmp_path_factory: pytest.TempPathFactory):
    return bundles.make_bundle(tmp_path_factory.mktemp("sender") / "project")


def test_tampered_bundles(signed_bundle, tmp_path: Path, record_property) -> None:
    """All in one test: the archive is built once (doit), each case costs milliseconds."""
    failures = {}
    for index, case in enumerate(bundles.cases(*signed_bundle)):
        scratch = tmp_path / str(index) / case.name.replace("/", "_")
        scratch.mkdir(parents=True)
        problems = _recorded(record_property, "tampered bundles", case.tally(scratch))
        if problems:
            failures[case.name] = problems
    assert failures == {}


def test_untampered_bundle_is_accepted(signed_bundle, tmp_path: Path) -> None:
    """The control: the corpus's rejections are not a verifier that refuses everything."""
    from ferry.stages.bundle import extract_bundle

    archive, keys = signed_bundle
    verified = extract_bundle(archive, tmp_path / "dest", keys.public)
    assert verified.signer and (tmp_path / "dest" / "package" / "model.cpp").is_file()


# -- NaN and infinities in every comparison -----------------------------------------------------

def test_nan_never_compares_as_equal() -> None:
    ones = np.ones((2, 4), np.float32)
    nan = np.full((2, 4), np.nan, np.float32)
    assert max(0.0, float("nan")) == 0.0  # why a plain maximum over differences is wrong
    assert compare_arrays(nan, ones, 1e-4).exceeding == 8 and compare_arrays(nan, ones, 1e-4).nonfinite == 8
    assert compare_arrays(nan, nan, 0.0).exceeding == 0  # NaN where the reference has NaN too
    inf = np.full(3, np.inf)
    assert differences(inf, inf).tolist() == [0.0] * 3
    assert np.isinf(differences(inf, -inf)).all() and np.isinf(differences(np.ones(3), inf)).all()
    assert sqnr_db(ones, nan) == -200.0 and cosine(ones.ravel(), nan.ravel()) == -1.0
    assert sqnr_db(ones, ones) == 200.0


def test_fp32_output_with_nan_fails_and_names_it() -> None:
    output = compare_output([np.full((2, 4), np.nan, np.float32)], [np.ones((2, 4), np.float32)])
    assert output.max_abs_err == 0.0 and output.nonfinite == 8  # the finite part agrees; 8 do not
    from ferry.schemas.artifacts import Comparison, Fp32Tolerance
    from ferry.stages.evaluate_stage import fp32_failure

    comparison = Comparison(samples=2, dropped_samples=0, reference="onnxruntime", outputs={"logits": output},
                            fp32=output, accuracy=None, tolerance=Fp32Tolerance(range=1e-4, relative=1e-3),
                            within_tolerance=False)
    assert "output 'logits' has 8 element(s) NaN or infinite" in fp32_failure(comparison)


def test_int8_layer_with_nan_is_a_mismatch() -> None:
    golden = [{"conv": np.ones(4, np.float32), "q": np.zeros(4, np.int8)}]
    traced = [{"conv": np.array([1, np.nan, 1, 1], np.float32), "q": np.zeros(4, np.int8)}]
    assert count_mismatches(golden, traced, "conv", exact=False) == (1, 0.0)
    assert count_mismatches(golden, traced, "q", exact=True) == (0, 0.0)


# -- memory, file systems, interrupts, races ----------------------------------------------------

def test_package_larger_than_the_board_is_told_before_the_build() -> None:
    from ferry.stages.embedded.build import _check_memory

    target = load_model(ROOT / "targets" / "cortex_m55.yaml", TargetSpec)
    manifest = PackageManifest.model_construct(prefix="big", inputs=[], outputs=[], arena_bytes=1 << 30,
                                               weights_bytes=1000)
    with pytest.raises(FerryError, match=r"big does not fit cortex_m55: .* arena and I/O buffers 1073741824 B "
                                         r"\(RAM 524288 B\)"):
        _check_memory(manifest, target)


def test_a_full_disk_during_a_stage_keeps_its_previous_outputs(project: Path, monkeypatch) -> None:
    """The issue's case: a quantize that fails after writing budget.json. The stage writes into a
    staging folder, so its previous model.qdq.onnx and budget.json stay together."""
    spec = project / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("  - kind: quantize\n", "  - kind: quantize\n    min_output_sqnr_db: 1\n"))
    loaded = guard.load_for_doit(spec, None, "off", lock=False)
    for stage in ("calibrate", "quantize"):
        action, args = loaded.tasks(stage)[0]["actions"][0]
        assert action(*args) is None
    quantize_dir = project / "outputs" / "tiny" / "a" / "quantize"
    before = digests(quantize_dir)
    assert {"budget.json", "model.qdq.onnx", "stage.json"} <= before.keys()

    from ferry.stages import quantize

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(quantize, "write_bytes_atomic", full)  # budget.json is written, the model is not
    action, args = loaded.tasks("quantize")[0]["actions"][0]
    failure = action(*args).get_msg().strip()
    assert failure.startswith("quantize a: ") and failure.endswith("model.qdq.onnx: no space left on device")
    assert "\n" not in failure
    assert digests(quantize_dir) == before


def test_doit_records_on_a_full_disk_are_one_line(tmp_path: Path, capsys) -> None:
    from doit.dependency import JSONCodec, SqliteDB

    guard.guard_dependency_records()
    db = SqliteDB(str(tmp_path / ".doit.db"), codec=JSONCodec())
    db.set("task", "dep", "value")

    class Full:
        def execute(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

        def commit(self):
            raise sqlite3.OperationalError("database or disk is full")

    db._conn = Full()
    with pytest.raises(SystemExit) as stopped:
        db.dump()
    assert stopped.value.code == guard.FILE_SYSTEM_EXIT
    assert capsys.readouterr().err == "ferry: doit's dependency records: database or disk is full\n"


def test_lock_names_the_holder(project: Path) -> None:
    """flock belongs to an open file: a second open, even in this process, is another holder."""
    lock.lock_outputs(project)
    try:
        with pytest.raises(FerryError, match=rf"another ferry build holds {project} \(pid {os.getpid()}\)"):
            lock.lock_outputs(project)
    finally:
        lock.release_lock()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The fast project built once from nothing: the reference every interrupted build must reach."""
    project = processes.fast_project(tmp_path_factory.mktemp("process") / "project")
    assert processes.build(project).returncode == 0
    return project, digests(project / "outputs" / "tiny")


@pytest.mark.slow
def test_interrupted_build_then_rerun_is_byte_identical(built, interrupt: tuple[signal.Signals, int],
                                                        record_property) -> None:
    signum, seed = interrupt
    problems = processes.interrupted(*built, signum, seed)
    assert _recorded(record_property, "interrupted builds", Tally.of_run(f"{signum.name} seed {seed}", problems)) == []


@pytest.mark.slow
def test_second_build_into_one_folder_is_told_who_holds_it(built, race: int, record_property) -> None:
    problems = processes.race(built[0])
    assert _recorded(record_property, "two builds, one folder", Tally.of_run(f"race {race}", problems)) == []


def _mountable(tmp_path: Path) -> None:
    try:
        with processes.small_file_system(tmp_path / "probe", "64k"):
            pass
    except PermissionError as error:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"CI is set and {error}")
        pytest.skip(str(error))


@pytest.mark.slow
def test_full_and_read_only_file_systems(built, tmp_path: Path, record_property) -> None:
    _mountable(tmp_path)
    full = Tally.of_run("disk full", processes.disk_full(built[0], tmp_path / "full"))
    read_only = Tally.of_run("read-only", processes.read_only(built[0], tmp_path / "ro"))
    kind = "full or read-only disk"
    assert _recorded(record_property, kind, full) + _recorded(record_property, kind, read_only) == []
