"""What multiply-accumulate rate the compiled library can reach, read from its disassembly.

A target file may claim that its core does several int8 MACs per cycle (Helium, the DSP
extension), but the claim only holds for code that uses those instructions. The compiled library
is disassembled with the target's objdump and its multiply-accumulate instructions sorted into
classes; the highest class present bounds the rate the library's kernels can reach:

- MVE (Helium) multiply-accumulates on 8- or 16-bit lanes (VMLADAV, VMLAV, VMLA, VMLAS, VMUL,
  VMULL, ... with an .s8/.u8/.i8/.s16/.u16/.i16 type): up to 16 per instruction;
- DSP dual 16-bit multiply-accumulates (SMLAD, SMLADX, SMLALD, SMLALDX, SMUAD, SMUADX): 2;
- anything else (MLA, SMLABB, SMLAL): 1.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ferry.core.errors import FerryError
from ferry.schemas.target import TargetSpec
from ferry.toolchain.tools import run_tool

_MVE_MAC = re.compile(r"^vml[as]|^vmladav|^vmlaldav|^vmlsdav|^vmul|^vqdmlah|^vqrdmlah|^vmull")
_MVE_NARROW = re.compile(r"\.(?:[sui]8|[sui]16)$")
_DSP_DUAL = re.compile(r"^(?:smlad|smladx|smlald|smlaldx|smuad|smuadx)(?:\.w)?$")
_INSTRUCTION = re.compile(r"^\s*[0-9a-f]+:\s+(\S+)", re.MULTILINE)

MVE_RATE, DSP_RATE, SCALAR_RATE = 16, 2, 1


# objdump decodes Helium only when told the architecture (else it prints coprocessor CDP/LDC).
_MVE_CPUS = {"cortex-m55": "armv8.1-m.main", "cortex-m85": "armv8.1-m.main"}


def compiles_helium(flags: list[str]) -> bool:
    """Whether `flags` define __ARM_FEATURE_MVE, i.e. compile the Helium variant of the kernels
    (kernels/ferry_int8_conv.h): an MVE core by -mcpu= without +nomve, or -march=armv8.1-m.main+mve."""
    for flag in flags:
        if flag.startswith("-mcpu="):
            cpu, *extensions = flag.removeprefix("-mcpu=").split("+")
            return cpu in _MVE_CPUS and "nomve" not in extensions
        if flag.startswith("-march="):
            extensions = flag.split("+")[1:]
            return flag.startswith("-march=armv8.1-m.main") and ("mve" in extensions or "mve.fp" in extensions)
    return False


def disassembly_arch(flags: list[str]) -> list[str]:
    """objdump's -m for a library built with `flags` (-mcpu= or -march=), none when unknown."""
    for flag in flags:
        if flag.startswith("-march=armv8.1-m.main"):
            return ["-m", "armv8.1-m.main"]
        if flag.startswith("-mcpu=") and flag.removeprefix("-mcpu=").split("+")[0] in _MVE_CPUS:
            return ["-m", _MVE_CPUS[flag.removeprefix("-mcpu=").split("+")[0]]]
    return []


def mac_classes(objdump: str, library: Path, flags: list[str]) -> Counter[str]:
    """Multiply-accumulate instructions of `library` (built with `flags`) by class: mve, dsp_dual
    (others uncounted)."""
    text = run_tool([objdump, "-d", "--no-show-raw-insn", *disassembly_arch(flags), str(library)], cwd=library.parent)
    classes: Counter[str] = Counter()
    for mnemonic in _INSTRUCTION.findall(text):
        if _MVE_MAC.match(mnemonic) and _MVE_NARROW.search(mnemonic):
            classes["mve"] += 1
        elif _DSP_DUAL.match(mnemonic):
            classes["dsp_dual"] += 1
    return classes


def reachable_rate(classes: Counter[str]) -> tuple[int, str]:
    """The highest int8 MAC rate per cycle the instructions allow, and what allows it."""
    if classes["mve"]:
        return MVE_RATE, f"{classes['mve']} Helium (MVE) 8/16-bit multiply-accumulates"
    if classes["dsp_dual"]:
        return DSP_RATE, f"{classes['dsp_dual']} DSP dual multiply-accumulates (SMLAD family), no MVE"
    return SCALAR_RATE, "no Helium (MVE) and no DSP dual (SMLAD) multiply-accumulate, scalar MACs only"


def check_claimed_rate(target: TargetSpec, library: Path) -> str:
    """A one-line statement of the rate the library reaches; a FerryError when the target file
    claims more int8 or int16 MACs per cycle than its instructions can do."""
    assert target.array is not None
    classes = mac_classes(target.compiler.objdump, library, target.compiler.flags)
    rate, why = reachable_rate(classes)
    for precision in ("int8", "int16"):
        claimed = getattr(target.array.macs_per_cycle, precision)
        if claimed is not None and claimed > rate:
            raise FerryError(
                f"target '{target.name}': array.macs_per_cycle.{precision} = {claimed} is not reachable by "
                f"{library.name}: {target.compiler.objdump} finds {why} (at most {rate} per cycle)")
    return f"{library.name}: {why}; at most {rate} int8 MACs per cycle"
