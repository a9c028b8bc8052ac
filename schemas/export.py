"""Writes the JSON Schemas of the hand-edited files (for editors: yaml-language-server) and of the
bundle manifest (for the receiving side's own tools).

    python -m schemas.export        # rewrite schemas/*.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.bundle import BundleManifest
from schemas.pipeline import PipelineSpec
from schemas.target import TargetSpec
from stages.common.files import write_text_atomic

SCHEMA_DIR = Path(__file__).parent
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


def main() -> None:
    for name, model in EXPORTED.items():
        write_text_atomic(SCHEMA_DIR / name, render(model))
        print(f"wrote {SCHEMA_DIR / name}")


if __name__ == "__main__":
    main()
