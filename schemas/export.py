"""Writes the JSON Schemas of the hand-edited files (for editors: yaml-language-server) and of the
bundle manifest (for the receiving side's own tools), and the spec reference in docs/ from the
same field descriptions, so the reference cannot drift from what the loader accepts.

    python -m ferry.schemas.export        # rewrite schemas/*.schema.json and docs/spec-reference.md
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ferry.core.files import write_text_atomic
from ferry.schemas.bundle import BundleManifest
from ferry.schemas.pipeline import PipelineSpec
from ferry.schemas.target import TargetSpec

SCHEMA_DIR = Path(__file__).resolve().parent  # the repository's schemas/ (ferry/schemas is a link to it)
EXPORTED: dict[str, type[BaseModel]] = {
    "pipeline.schema.json": PipelineSpec,
    "target.schema.json": TargetSpec,
    "bundle-manifest.schema.json": BundleManifest,
}


PARTIAL = "Partial"  # the prefix of a definition whose fields are all optional


def _partial(node: Any) -> Any:
    """A schema with no required property at any depth, each $ref pointing at the partial copy
    of its definition: what a file that `extends:` another must satisfy on its own."""
    if isinstance(node, dict):
        return {key: (value.replace("#/$defs/", f"#/$defs/{PARTIAL}") if key == "$ref" else _partial(value))
                for key, value in node.items() if key != "required"}
    if isinstance(node, list):
        return [_partial(item) for item in node]
    return node


def _with_extends(schema: dict[str, Any]) -> dict[str, Any]:
    """A file with `extends:` holds only what it overrides (the loader merges it over its base):
    it is checked against the partial schema, any other file against the full one."""
    definitions = schema.pop("$defs", {})
    full = {key: value for key, value in schema.items() if key not in ("title", "description")}
    return {
        **{key: schema[key] for key in ("title", "description") if key in schema}, "type": "object",
        "$defs": {**definitions, **{f"{PARTIAL}{name}": _partial(d) for name, d in definitions.items()}},
        "if": {"required": ["extends"]}, "then": _partial(full), "else": full,
    }


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(mode="validation")
    if "extends" in model.model_fields:
        schema = _with_extends(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


REFERENCE = SCHEMA_DIR.parent / "docs" / "spec-reference.md"
REFERENCED: dict[str, type[BaseModel]] = {"pipeline.yaml": PipelineSpec, "targets/*.yaml": TargetSpec}


def _type_name(prop: dict[str, Any]) -> str:
    """A short, readable rendering of a JSON Schema type: `int`, `list of str`, `Quantize`, `a | b`."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "enum" in prop:
        return " | ".join(f"`{value}`" for value in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    for union in ("anyOf", "oneOf"):
        if union in prop:
            options = [option for option in prop[union] if option.get("type") != "null"]
            return " | ".join(_type_name(option) for option in options)
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type_name(prop.get('items', {}))}"
    if kind == "object" and "additionalProperties" in prop:
        return f"map to {_type_name(prop['additionalProperties'])}"
    return {"integer": "int", "number": "float", "string": "str", "boolean": "bool", "null": "null"}.get(kind, kind)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _object_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    required = set(schema.get("required", ()))
    lines += ["| field | type | default | meaning |", "|---|---|---|---|"]
    for field, prop in schema.get("properties", {}).items():
        default = ("required" if field in required
                   else f"`{json.dumps(prop['default'])}`" if "default" in prop else "empty")
        lines.append(f"| `{field}` | {_cell(_type_name(prop))} | {default} | {_cell(prop.get('description', ''))} |")
    return [*lines, ""]


def render_reference() -> str:
    """docs/spec-reference.md: one table per object of each hand-edited file, fields in declaration order."""
    lines = ["# Spec reference", "",
             "Generated from the pydantic models in `schemas/` by `python -m ferry.schemas.export`; a test fails",
             "when it is stale. Unknown fields are refused with a suggestion.", ""]
    for file_name, model in REFERENCED.items():
        schema = model.model_json_schema(mode="validation")
        lines += [f"## `{file_name}`", ""]
        lines += _object_section(model.__name__, schema)
        for name, definition in sorted(schema.get("$defs", {}).items()):
            if definition.get("type") == "object" and "properties" in definition:
                lines += _object_section(name, definition)
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    for name, model in EXPORTED.items():
        write_text_atomic(SCHEMA_DIR / name, render(model))
        print(f"wrote {SCHEMA_DIR / name}")
    write_text_atomic(REFERENCE, render_reference())
    print(f"wrote {REFERENCE}")


if __name__ == "__main__":
    main()
