"""Section sizes of compiled code, as the target's `size` program reports them: the compile stage
records them, the simulate stage judges the flash budget with them."""

from __future__ import annotations

import re
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.schemas.embedded import SectionSizes
from ferry.toolchain.tools import run_tool

_TOTALS = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+[0-9a-fA-F]+\s+\(TOTALS\)\s*$", re.MULTILINE)


def section_sizes(size_program: str, files: list[Path], cwd: Path) -> SectionSizes:
    """text, data and bss summed over `files` (objects, archives or an ELF), as `size -t` says."""
    output = run_tool([size_program, "-B", "-d", "-t", *(str(f) for f in files)], cwd=cwd)
    match = _TOTALS.search(output)
    if match is None:
        raise FerryError(f"{size_program}: unexpected output:\n{output}")
    text, data, bss = (int(group) for group in match.groups())
    return SectionSizes(text_bytes=text, data_bytes=data, bss_bytes=bss)


def library_bytes(size_program: str, library: Path) -> int:
    """Flash the compiled library takes (text and data, the weights among them)."""
    return section_sizes(size_program, [library], library.parent).flash_bytes
