"""The target presets shipped with ferry (package data): a spec names one by its file's stem,
`targets: [host, gpnpu_1tops, cortex_m55]`, or gives the path of a target file of its own."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def presets_folder() -> Path:
    """Where the preset files are: the installed package's folder (resolved: in a checkout,
    `ferry/targets` is a link to the repository's `targets/`)."""
    return Path(str(files(__name__))).resolve()


def presets() -> dict[str, Path]:
    """Every preset by name, sorted."""
    return {path.stem: path for path in sorted(presets_folder().glob("*.yaml"))}


def preset_name(path: Path) -> str | None:
    """The preset a resolved target file is, or None for a file of the user's own."""
    return path.stem if path.parent == presets_folder() and path.suffix == ".yaml" else None
