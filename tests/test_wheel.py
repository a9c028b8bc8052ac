"""ferry as a user gets it: the wheel built from this repository, installed into a fresh virtual
environment outside it, run in a folder that holds only an ONNX model and its data. `ferry init`
writes the spec, the user fills in its placeholders, `ferry build` builds it on the host, GPNPU and
Cortex-M55 presets, `ferry status` names an edited param, `ferry keygen` and `ferry verify` sign
and check the hand-off bundles. Nothing may come from the checkout: PYTHONPATH is cleared, and
the wheel is built from a copy of the package's sources only."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ferry.stages.bundle import ENVELOPE
from tests.conftest import ARM_TOOLCHAIN, QEMU_ARM, ROOT, require_tools

# What the wheel is built from: pyproject.toml's packages (ferry/, with its links to the three
# folders at the top) and the readme it names. A copy, so no build/ folder of the checkout
# (setuptools reuses it) can put stale files in the wheel.
PACKAGE_SOURCES = ("pyproject.toml", "README.md", "ferry", "stages", "schemas", "targets")
PRESETS = ("host", "gpnpu_1tops", "cortex_m55")


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def _installed_ferry(tmp_path: Path, env: dict[str, str]) -> Path:
    """The `ferry` script of a fresh virtual environment holding the wheel built from this checkout."""
    source = tmp_path / "source"
    for name in PACKAGE_SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", source], tmp_path, env)
    wheel = next((tmp_path / "dist").glob("ferry-*.whl"))
    _run([sys.executable, "-m", "venv", tmp_path / "venv"], tmp_path, env)
    _run([tmp_path / "venv/bin/python", "-m", "pip", "install", "-q", wheel], tmp_path, env)  # dependencies: PyPI
    return tmp_path / "venv/bin/ferry"


def _site_files(venv: Path) -> set[str]:
    package = next(venv.glob("lib/python*/site-packages/ferry"))
    return {p.relative_to(package).as_posix() for p in package.rglob("*") if "__pycache__" not in p.parts}


def _fill_in(spec: Path) -> None:
    """The edits a person makes to the starter spec: the batch size, the data files and the
    names of their arrays (the example's data: 'x' and labels 'y'), a budget, a signed bundle."""
    text = spec.read_text()
    assert text.count("FILL_IN") == 4  # the header says to replace it; the batch size and the two data files
    text = text.replace("input: [FILL_IN, 1, 8, 8]", "input: [1, 1, 8, 8]")
    text = text.replace("    calibration:\n      path: FILL_IN", "    calibration:\n      inputs: {input: x}\n"
                                                                "      path: calib.npz")
    text = text.replace("path: FILL_IN", "path: val.npz")
    text = text.replace("# labels: y", "labels: y").replace("# inputs: {input: array}", "inputs: {input: x}")
    text = text.replace("  - kind: quantize ", "  - kind: quantize\n    max_accuracy_drop: 2.0\n   ")
    text += "  - kind: bundle\n    key: signing.pem\n"
    spec.write_text(text)


@pytest.mark.slow
def test_the_installed_wheel_builds_a_users_folder(tmp_path: Path) -> None:
    require_tools(*ARM_TOOLCHAIN, QEMU_ARM)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "FERRY_CACHE",
                                                                            "FERRY_SIGNING_KEY")}
    ferry = _installed_ferry(tmp_path, env)
    installed = _site_files(tmp_path / "venv")
    for shipped in ("targets/cortex_m55.yaml", "stages/codegen/kernels/ferry_kernels.h",
                    "stages/codegen/templates/CMakeLists.txt", "stages/embedded/templates/firmware.ld",
                    "stages/templates/report.html.j2", "schemas/pipeline.schema.json"):
        assert shipped in installed

    user = tmp_path / "user"  # only the model and its data
    user.mkdir()
    shutil.copy(ROOT / "models/digits_cnn.onnx", user / "model.onnx")
    shutil.copy(ROOT / "models/digits_calib.npz", user / "calib.npz")
    shutil.copy(ROOT / "models/digits_val.npz", user / "val.npz")

    done = _run([ferry, "init", "model.onnx"], user, env)
    assert done.stdout.startswith("pipeline.yaml: written")
    refused = subprocess.run([ferry, "build"], cwd=user, env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 3  # one line per placeholder
    _fill_in(user / "pipeline.yaml")
    _run([ferry, "keygen", "signing.pem"], user, env)

    done = _run([ferry, "build"], user, env)
    assert done.stdout.strip().splitlines()[-1] == "ferry: 18 ran, 0 from cache, 0 up to date, 0 failed"
    reports = {t: json.loads((user / f"outputs/model/model/{t}/report.json").read_text()) for t in PRESETS}
    for target, report in reports.items():
        assert report["target"] == target
        assert report["compare"]["int8"]["cpp_vs_golden_mismatches"] == 0  # C++ equal to the golden model
        assert all(layer["exact"] for layer in report["compare"]["int8"]["layers"])
        assert report["accuracy"]["cpp_top1"] == report["accuracy"]["int8_top1"] > 0.9
    assert reports["host"]["budget"] is None  # the host preset has no silicon to judge
    for target in ("gpnpu_1tops", "cortex_m55"):
        assert reports[target]["budget"]["verdict"] == "pass"
        assert reports[target]["sim"]["latency_ms"] > 0
    embedded = reports["cortex_m55"]["embedded"]
    assert (embedded["qemu_mismatches"], embedded["golden_mismatches"], embedded["samples"]) == (0, 0, 20)
    assert "-mcpu=cortex-m55" in embedded["flags"]
    package = user / "outputs/model/model/codegen/package"
    kernels = "kernels/ferry_kernels.h"  # copied from the installed package data
    assert (package / kernels).read_bytes() == (ROOT / "stages/codegen" / kernels).read_bytes()
    assert _site_files(tmp_path / "venv") == installed  # every output is in the user's folder

    # a signed bundle, checked from the user's folder with the public key
    bundle = "outputs/model/model/cortex_m55/bundle/model@cortex_m55.tar.gz"
    done = _run([ferry, "verify", bundle, "--pubkey", "signing.pem.pub"], user, env)
    assert done.stdout.startswith(f"{bundle}: OK: ") and "signature valid (key " in done.stdout
    with tarfile.open(user / bundle) as archive:
        envelope = json.load(archive.extractfile(next(m for m in archive.getmembers() if m.name.endswith(ENVELOPE))))
    statement = json.loads(base64.b64decode(envelope["payload"]))
    resolved = {d["name"]: d["uri"] for d in statement["predicate"]["buildDefinition"]["resolvedDependencies"]}
    assert resolved["target"] == "ferry:targets/cortex_m55.yaml"  # the preset, not a path into site-packages
    assert resolved["model"] == "model.onnx" and resolved["pipeline"] == "pipeline.yaml"
    assert statement["predicate"]["runDetails"]["builder"]["version"]["git_commit"] == "unknown"  # not a checkout
    _run([ferry, "keygen", "other.pem"], user, env)
    wrong = subprocess.run([ferry, "verify", bundle, "--pubkey", "other.pem.pub"], cwd=user, env=env,
                           capture_output=True, text=True)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "does not verify" in wrong.stderr

    # a param edit: status names it and what follows, and runs nothing
    spec = user / "pipeline.yaml"
    spec.write_text(spec.read_text().replace("max_accuracy_drop: 2.0", "max_accuracy_drop: 1.0"))
    done = _run([ferry, "status"], user, env)
    lines = [" ".join(line.split()) for line in done.stdout.strip().splitlines()]
    assert lines[0] == "quantize:model params changed: params.max_accuracy_drop: 2.0 -> 1.0"
    assert lines[1] == "codegen:model after quantize:model"
    for target in PRESETS:  # a bundle records the spec itself
        assert f"bundle:model@{target} file changed: pipeline.yaml" in lines
    assert lines[-1] == "ferry: 16 of 18 tasks would run (4 changed, 12 after them), 2 up to date; nothing was run"
    assert json.loads((user / "outputs/model/model/host/report.json").read_text()) == reports["host"]
