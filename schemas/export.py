"""Writes the JSON Schemas of the hand-edited files (for editors: yaml-language-server) and of the
bundle manifest (for the receiving side's own tools).

    python -m schemas.export        # rewrite schemas/*.schema.json
"""

from __future__ import annotations

import json
from pathlib import Path

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


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> None:
    for name, model in EXPORTED.items():
        write_text_atomic(SCHEMA_DIR / name, render(model))
        print(f"wrote {SCHEMA_DIR / name}")


if __name__ == "__main__":
    main()
