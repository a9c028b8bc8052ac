"""The content-addressed stage cache (issue 7): a new model re-runs only its tasks; going back to
the previous model, or a second spec sharing a prefix of stages, restores the artifacts."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import onnx

from ferry.core.files import content_key as cache_key
from ferry.engine.cache import LINK_BYTES, CachedRun, StageCache
from ferry.toolchain.versions import _distribution_version, library_versions
from tests.conftest import ROOT, executed, run_doit, tiny_cnn

ALL_A = {"import:a", "codegen:a", "compile:a@host", "evaluate:a@host", "report:a@host"}
REPORTS = ("host/report.", "host/layers.csv")


def run_ferry(spec_dir: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, int]:
    """Run doit with ferry's own reporter (piped: one closing line); the counts it prints."""
    command = [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec_dir), *args,
               f"pipeline={spec_dir / 'pipeline.yaml'}"]
    process = subprocess.run(command, capture_output=True, text=True, cwd=spec_dir,
                             env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert process.returncode == 0, process.stdout + process.stderr
    match = re.search(r"ferry: (\d+) ran, (\d+) from cache, (\d+) up to date, (\d+) failed", process.stdout)
    assert match, process.stdout
    return dict(zip(("ran", "cached", "fresh", "failed"), map(int, match.groups())))


def clean(spec_dir: Path) -> None:
    """`doit clean`: the outputs go, the cache stays."""
    subprocess.run([sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(spec_dir), "clean",
                    f"pipeline={spec_dir / 'pipeline.yaml'}"], check=True, capture_output=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every artifact under folder (doit's database and hidden names left out)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def blob_of(cache: Path, artifact: Path) -> Path:
    digest = hashlib.sha256(artifact.read_bytes()).hexdigest()
    return cache / "blobs" / digest[:2] / digest


def test_new_model_reruns_its_tasks_and_the_previous_model_comes_back_from_the_cache(
        tiny_project: Path) -> None:
    run_doit(tiny_project)
    built_a = tiny_project / "outputs/tiny/a"
    first = snapshot(built_a)
    model = tiny_project / "a.onnx"
    previous = model.read_bytes()
    onnx.save(tiny_cnn(0, scale=2.0), str(model))  # a new version of model a
    _, results = run_doit(tiny_project)
    assert executed(results) == ALL_A  # b's tasks are untouched
    assert snapshot(built_a)["import/imported.onnx"] != first["import/imported.onnx"]
    model.write_bytes(previous)  # back to the previous version
    # every stage restored but report, which renders afresh (it compares the run with the last one)
    assert run_ferry(tiny_project) == {"ran": 1, "cached": 4, "fresh": 5, "failed": 0}
    back = snapshot(built_a)
    assert {k: v for k, v in back.items() if not k.startswith(REPORTS)} == \
        {k: v for k, v in first.items() if not k.startswith(REPORTS)}  # every artifact and stage.json
    report, original = json.loads(back["host/report.json"]), json.loads(first["host/report.json"])
    assert original["previous"] is None  # the first build had none to compare with
    assert report["previous"] == {"params": [], "figures": []}  # same params; figures alike for these weights
    assert {**report, "previous": None} == original
    assert os.access(built_a / "host/compile/build/runner", os.X_OK)
    assert run_ferry(tiny_project) == {"ran": 0, "cached": 0, "fresh": 10, "failed": 0}


def test_second_spec_sharing_a_prefix_restores_it_from_a_shared_cache(tiny_project: Path,
                                                                      tmp_path_factory) -> None:
    cache = tmp_path_factory.mktemp("shared") / "cache"
    run_doit(tiny_project, f"cache={cache}")
    other = tmp_path_factory.mktemp("other")  # another folder, another spec: fewer samples
    for name in ("a.onnx", "b.onnx", "val.npz", "targets"):
        source = tiny_project / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, other / name)
    spec = (tiny_project / "pipeline.yaml").read_text()
    (other / "pipeline.yaml").write_text(spec.replace("  - kind: evaluate\n",
                                                      "  - kind: evaluate\n    max_samples: 4\n"))
    # import, codegen and compile of both models come from the cache; evaluate and report run
    counts = run_ferry(other, "-n", "2", env={"FERRY_CACHE": str(cache)})
    assert counts == {"ran": 4, "cached": 6, "fresh": 0, "failed": 0}
    mine, theirs = other / "outputs/tiny/a", tiny_project / "outputs/tiny/a"
    for stage in ("import", "codegen", "host/compile"):
        restored, built = snapshot(mine / stage), snapshot(theirs / stage)
        assert restored.keys() == built.keys()
        assert {k: v for k, v in restored.items() if k != "stage.json"} == \
               {k: v for k, v in built.items() if k != "stage.json"}
    compare = json.loads((mine / "host/evaluate/compare.json").read_text())
    assert compare["samples"] == 4  # evaluate ran, with this spec's params, on the restored runner
    assert not any((other / "outputs").rglob(".cache"))  # the named cache, not a default one


def test_corrupt_cache_is_detected_and_the_stage_runs(tiny_project: Path) -> None:
    run_doit(tiny_project)
    cache = tiny_project / "outputs/.cache"
    imported = tiny_project / "outputs/tiny/a/import/imported.onnx"
    good = imported.read_bytes()
    blob = blob_of(cache, imported)
    damaged = bytearray(blob.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01  # one flipped bit
    blob.write_bytes(bytes(damaged))
    runner = blob_of(cache, tiny_project / "outputs/tiny/b/host/compile/build/runner").name
    runner_entry = next(e for e in (cache / "entries").rglob("*.json") if runner in e.read_text())
    runner_entry.write_text(runner_entry.read_text()[:40])  # a truncated entry of compile:b@host
    clean(tiny_project)
    # import:a and compile:b@host run; everything after them has the same inputs again: restored
    # (the reports always render)
    assert run_ferry(tiny_project) == {"ran": 4, "cached": 6, "fresh": 0, "failed": 0}
    assert imported.read_bytes() == good
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name  # stored again, intact
    assert json.loads(runner_entry.read_text())["files"]["build/runner"]["executable"] is True


def _stage_folder(root: Path) -> tuple[Path, tuple[Path, ...]]:
    out = root / "compile"
    (out / "build" / "kernels").mkdir(parents=True)
    (out / "build" / "runner").write_bytes(b"\x7fELF runner")
    (out / "build" / "runner").chmod(0o755)
    (out / "build" / "kernels" / "k.h").write_text("int k;\n")
    (out / "build" / "copy.h").write_text("int k;\n")  # same bytes: one blob
    (out / "stage.json").write_text("{}")
    return out, (out / "build" / "runner", out / "stage.json")


def test_store_and_restore_a_folder(tmp_path: Path) -> None:
    out, outputs = _stage_folder(tmp_path)
    run = CachedRun(StageCache(tmp_path / "cache"), "k" * 64, out, outputs)
    run.store({"runner_bytes": 11, "note": None})
    built = snapshot(out)
    assert len(list((tmp_path / "cache/blobs").rglob("*"))) == 2 + 2  # two blobs in two folders
    (out / "build" / "runner").write_bytes(b"edited")
    (out / "build" / "stale.o").write_text("left by another version")
    assert run.restore() == {"runner_bytes": 11, "note": None}
    restored = snapshot(out)
    assert restored.keys() == built.keys() - {"stage.json"}  # stage.json is the caller's to write
    assert all(restored[k] == built[k] for k in restored)
    assert os.access(out / "build/runner", os.X_OK) and not os.access(out / "build/copy.h", os.X_OK)


def test_large_outputs_share_their_blob_and_an_edit_in_place_is_a_miss(tmp_path: Path) -> None:
    out, outputs = _stage_folder(tmp_path)
    weights = out / "build" / "weights.bin"
    weights.write_bytes(bytes(range(256)) * (LINK_BYTES // 256))
    run = CachedRun(StageCache(tmp_path / "cache"), "w" * 64, out, outputs)
    run.store({})
    cache = tmp_path / "cache"
    assert blob_of(cache, weights).samefile(weights)  # no second copy of the large file
    assert not blob_of(cache, out / "build" / "copy.h").samefile(out / "build" / "copy.h")  # small: copied
    assert run.restore() == {}
    weights = out / "build" / "weights.bin"
    assert blob_of(cache, weights).samefile(weights) and weights.stat().st_nlink == 2  # the new folder links it
    with open(weights, "r+b") as edit:  # someone edits the output in place: the blob changes with it
        edit.write(b"edited")
    assert run.restore() is None  # the hash of the restored bytes catches it: a miss, the stage runs


def test_restore_refuses_a_damaged_entry_and_keeps_what_is_built(tmp_path: Path) -> None:
    out, outputs = _stage_folder(tmp_path)
    cache = StageCache(tmp_path / "cache")
    run = CachedRun(cache, "a" * 64, out, outputs)
    run.store({})
    built = snapshot(out)
    blob_of(tmp_path / "cache", out / "build" / "kernels" / "k.h").write_text("int K;\n")
    assert run.restore() is None
    assert snapshot(out) == built  # nothing half-restored
    assert run.restore() is None  # the entry was discarded
    run.store({})
    missing = CachedRun(cache, "a" * 64, out, (*outputs, out / "build" / "runner_trace"))
    assert missing.restore() is None  # an entry without a declared output is no hit
    run.store({})
    entry = next((tmp_path / "cache/entries").rglob("*.json"))
    escaping = json.loads(entry.read_text())
    escaping["files"]["../../escaped"] = escaping["files"]["build/copy.h"]
    entry.write_text(json.dumps(escaping))
    assert run.restore() is None  # a name that leaves the stage's folder: refused, nothing written
    assert not (tmp_path / "escaped").exists() and snapshot(out) == built


def test_key_follows_content_not_paths(tmp_path: Path) -> None:
    one, two = tmp_path / "one.onnx", tmp_path / "elsewhere" / "two.onnx"
    two.parent.mkdir()
    one.write_bytes(b"model")
    two.write_bytes(b"model")
    context = {"config": {"version": 1, "params": {}}, "model": "a", "target": None}
    assert cache_key("import", context, [one]) == cache_key("import", context, [two])
    assert cache_key("import", context, [one]) != cache_key("codegen", context, [one])
    assert cache_key("import", context, [one]) != cache_key("import", {**context, "model": "b"}, [one])
    two.write_bytes(b"model v2")
    assert cache_key("import", context, [one]) != cache_key("import", context, [two])


def test_cache_can_be_turned_off(tiny_project: Path) -> None:
    run_doit(tiny_project, "import:a", "cache=off")
    assert (tiny_project / "outputs/tiny/a/import/imported.onnx").is_file()
    assert not (tiny_project / "outputs/.cache").exists()



def test_an_unusable_cache_is_one_line_or_a_miss(tiny_project: Path) -> None:
    """A cache named as a file is refused when doit loads; a cache folder that cannot be written
    only costs its time: the stages run and succeed."""
    (tiny_project / "not_a_folder").write_text("")
    process, _ = run_doit(tiny_project, "import:a", "cache=not_a_folder", check=False)
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert process.stderr.strip().splitlines()[-1].endswith(
        "not_a_folder: not a folder (ferry --cache DIR, doit cache=DIR or FERRY_CACHE names the cache folder; "
        "off disables it)")
    read_only = tiny_project / "read_only"
    read_only.mkdir(mode=0o555)
    if os.access(read_only, os.W_OK):  # root ignores permissions: make its entries folder a file instead
        (read_only / "entries").write_text("")
        (read_only / "blobs").write_text("")
    _, results = run_doit(tiny_project, "cache=read_only")
    assert set(results.values()) == {"success"} and len(results) == 10  # both models, every stage

def test_another_compiler_version_is_not_given_the_old_binaries(tiny_project: Path, tmp_path_factory) -> None:
    run_doit(tiny_project)
    tools = tmp_path_factory.mktemp("bin")
    wrapper = tools / "g++"  # the same compiler, announcing another version
    wrapper.write_text(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "g++ (upgraded) 99.1"; exit 0; }}\n'
                       f'exec {shutil.which("g++")} "$@"\n')
    wrapper.chmod(0o755)
    clean(tiny_project)
    counts = run_ferry(tiny_project, env={"PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"})
    # compile:a and b, then the same runners: restored; the reports render
    assert counts == {"ran": 4, "cached": 6, "fresh": 0, "failed": 0}


def test_library_versions_follow_the_installed_distribution() -> None:
    """The cache key names each library's version even when its distribution is named otherwise
    than its module (onnxruntime-gpu provides onnxruntime; PyYAML provides yaml)."""
    assert _distribution_version("yaml") == importlib.metadata.version("PyYAML")
    assert library_versions()["onnxruntime"] == importlib.metadata.version("onnxruntime")
