"""The spec: every problem reported once, at its line and column, without a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ferry.schemas.export import EXPORTED, REFERENCE, SCHEMA_DIR, render, render_reference
from ferry.schemas.loader import SpecError, load_model
from ferry.schemas.pipeline import PipelineSpec
from ferry.schemas.target import TargetSpec
from tests.conftest import ROOT

BAD_SPEC = """\
pipeline: digits
models:
  - name: digits_cnn
    onnxx: models/digits_cnn.onnx
    input_shapes:
      input: [1, one, 8, 8]
    validation:
      path: missing.npz
      labels: y
      labels: y
targets: [targets/host.yaml]
stages:
  - kind: import
  - kind: codegen
  - kind: evaluate
    max_samples: -3
  - kind: quantise
"""


def _load(tmp_path: Path, text: str) -> PipelineSpec:
    spec = tmp_path / "pipeline.yaml"
    spec.write_text(text)
    (tmp_path / "targets").mkdir(exist_ok=True)
    shutil.copy(ROOT / "targets" / "host.yaml", tmp_path / "targets" / "host.yaml")
    return load_model(spec, PipelineSpec, {"base_dir": tmp_path})


def test_every_problem_has_its_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _load(tmp_path, BAD_SPEC)
    lines = str(caught.value).splitlines()
    spec = tmp_path / "pipeline.yaml"
    expected = [
        # (no line for the missing onnx or bundle: a check across fields runs once they are valid)
        (f"{spec}:4:5: models[0].onnxx: unknown field 'onnxx' (expected one of: allow_unsigned, bundle, "
         "calibration, float_onnx, input_shapes, name, onnx, pubkey, validation); did you mean 'onnx'?"),
        f"{spec}:6:18: models[0].input_shapes.input[1]: Input should be a valid integer",
        f"{spec}:8:13: models[0].validation.path: file not found: missing.npz",
        f"{spec}:10:7: models[0].validation.labels: duplicate key 'labels'",
        f"{spec}:16:18: stages[2].evaluate.max_samples: Input should be greater than 0",
        f"{spec}:17:5: stages[3]: unknown kind 'quantise' (expected one of 'import', 'sparsify', 'quantize', "
        "'codegen', 'compile', 'evaluate', 'bundle')",
    ]
    assert len(lines) == len(expected)
    for line, want in zip(lines, expected):
        assert line.startswith(want), (line, want)


def test_stage_order_is_checked(tmp_path: Path) -> None:
    text = BAD_SPEC.replace("onnxx", "onnx").replace("one", "1").replace("missing.npz", "pipeline.yaml")
    text = text.replace("      labels: y\n      labels: y\n", "")
    text = text.replace("    max_samples: -3\n  - kind: quantise\n", "  - kind: compile\n")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "digits_cnn.onnx").write_bytes(b"x")
    with pytest.raises(SpecError, match=r"pipeline.yaml:11:3: stages: stages must start with import"):
        _load(tmp_path, text)


def test_doit_reports_spec_errors_without_traceback(tmp_path: Path) -> None:
    with pytest.raises(SpecError):
        _load(tmp_path, BAD_SPEC)
    process = subprocess.run(
        [sys.executable, "-m", "doit", "-f", str(ROOT / "dodo.py"), "-d", str(tmp_path),
         f"pipeline={tmp_path / 'pipeline.yaml'}"], capture_output=True, text=True)
    assert process.returncode == 2
    assert "Traceback" not in process.stdout + process.stderr
    assert "duplicate key 'labels'" in process.stderr
    assert len(process.stderr.strip().splitlines()) == 6


def test_yaml_syntax_error_points_at_the_problem(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"pipeline.yaml:2:\d+: invalid YAML"):
        _load(tmp_path, "pipeline: x\nmodels: a: b\n")


def test_target_files_are_validated(tmp_path: Path) -> None:
    target = tmp_path / "bad.yaml"
    target.write_text("name: t\nkind: fpga\ncompiler:\n  cxx: 'g++; rm -rf /'\n")
    with pytest.raises(SpecError) as caught:
        load_model(target, TargetSpec)
    text = str(caught.value)
    assert f"{target}:2:7: kind:" in text
    assert f"{target}:4:8: compiler.cxx: String should match pattern" in text


def test_bundled_targets_and_pipeline_are_valid() -> None:
    for target in (ROOT / "targets").glob("*.yaml"):
        load_model(target, TargetSpec)
    spec = load_model(ROOT / "pipeline.yaml", PipelineSpec, {"base_dir": ROOT})
    assert spec.models[0].onnx == (ROOT / "models" / "digits_cnn.onnx").resolve()
    first_line = (ROOT / "pipeline.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schemas/pipeline.schema.json"


@pytest.mark.parametrize("name", sorted(EXPORTED))
def test_exported_json_schemas_are_current(name: str) -> None:
    on_disk = json.loads((SCHEMA_DIR / name).read_text())
    assert on_disk == json.loads(render(EXPORTED[name])), \
        f"schemas/{name} is stale: run `python -m ferry.schemas.export`"


def test_spec_reference_is_current_and_documents_every_field() -> None:
    reference = render_reference()
    assert REFERENCE.read_text() == reference, "docs/spec-reference.md is stale: run `python -m ferry.schemas.export`"
    for field in ("max_accuracy_drop", "embedded_samples", "extra_flags", "allow_unsigned", "fallback"):
        assert f"| `{field}` |" in reference


def test_paths_outside_the_spec_folder_are_noted(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "m.onnx").write_bytes(b"x")
    (tmp_path / "v.npz").write_bytes(b"x")
    spec = _load(inner, "pipeline: p\nmodels:\n  - name: m\n    onnx: ../m.onnx\n"
                        "    validation: {path: ../v.npz}\ntargets: [targets/host.yaml]\n"
                        "stages: [{kind: import}]\n")
    assert spec.paths_outside(inner) == [(tmp_path / "m.onnx").resolve(), (tmp_path / "v.npz").resolve()]
