"""The bundled specs and targets as an editor sees them: a plain JSON Schema validator (the
`jsonschema` package, not ferry's pydantic models) on the exported schemas, with the files read
by PyYAML (YAML 1.1), whose numbers must mean what YAML 1.2 readers take them for."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

SPECS = sorted(ROOT.glob("pipeline*.yaml"))
TARGETS = sorted((ROOT / "targets").glob("*.yaml"))
# YAML 1.2 core schema numbers (https://yaml.org/spec/1.2.2/#1022-tag-resolution)
_YAML12_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
                            r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document)]


def numbers_read_as_text(node: Any, where: str = "") -> list[str]:
    """Values PyYAML (YAML 1.1) reads as strings that a YAML 1.2 reader reads as numbers."""
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in numbers_read_as_text(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [found for i, value in enumerate(node) for found in numbers_read_as_text(value, f"{where}[{i}]")]
    return [f"{where.lstrip('.')}: {node!r}"] if isinstance(node, str) and _YAML12_NUMBER.fullmatch(node) else []


def test_bundled_files_exist() -> None:
    assert len(SPECS) >= 4 and len(TARGETS) >= 6


@pytest.mark.parametrize("path", SPECS + TARGETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_bundled_file_validates_with_a_plain_json_schema_validator(path: Path) -> None:
    document = yaml.safe_load(path.read_text())
    assert numbers_read_as_text(document) == []
    validator = _validator("target.schema.json" if path in TARGETS else "pipeline.schema.json")
    assert _errors(validator, document) == []


def test_the_checks_can_fail() -> None:
    """1.6e8 is a string to YAML 1.1; a variant (extends:) still gets its types and field names
    checked; a file without extends: still needs every required field."""
    assert numbers_read_as_text(yaml.safe_load("clock_hz: 1.6e8\nname: '12'\nrows: [1, 2.5e3]")) == [
        "clock_hz: '1.6e8'", "name: '12'", "rows[1]: '2.5e3'"]
    assert yaml.safe_load("clock_hz: 1.6e+8") == {"clock_hz": 1.6e8}  # the form both versions read alike
    targets = _validator("target.schema.json")
    variant = yaml.safe_load((ROOT / "targets" / "gpnpu_4tops.yaml").read_text())
    assert "extends" in variant and "clock_hz" not in variant
    assert _errors(targets, {**variant, "array": {"rows": "x"}, "colour": 1}) == [
        "(top): Additional properties are not allowed ('colour' was unexpected)",
        "array: {'rows': 'x'} is not valid under any of the given schemas"]
    complete = yaml.safe_load((ROOT / "targets" / "host.yaml").read_text())
    del complete["name"]
    assert _errors(targets, complete) == ["(top): 'name' is a required property"]
