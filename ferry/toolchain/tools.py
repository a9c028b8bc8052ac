"""Running the build tools a target names (compilers, archivers, binutils): an argument list,
never a shell; a failure is a FerryError with the command and the tool's own message."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ferry.core.errors import FerryError

TOOL_TIMEOUT_S = 600  # one compiler, archiver or size invocation
SETUP_HINT = "install the Arm GNU toolchain and QEMU with .ci/setup"


def run_tool(command: list[str], cwd: Path) -> str:
    """Run a build tool (an argument list, never a shell); its stdout, or a FerryError with the
    command and the tool's own message."""
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                                timeout=TOOL_TIMEOUT_S)
    except FileNotFoundError:
        raise FerryError(f"'{command[0]}' not found on PATH") from None
    except subprocess.TimeoutExpired:
        raise FerryError(f"{command[0]} did not finish within {TOOL_TIMEOUT_S} s in {cwd}") from None
    if result.returncode != 0:
        raise FerryError(
            f"{command[0]} failed in {cwd} (exit {result.returncode}):\n"
            f"  $ {' '.join(command)}\n{(result.stderr or result.stdout).rstrip()}"
        )
    return result.stdout
