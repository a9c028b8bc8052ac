"""targets/*.yaml: the silicon a model is built for, and the budget it must fit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PositiveFloat, PositiveInt

from schemas.pipeline import Name, SpecModel

# A program looked up on PATH: no folders, no shell syntax (the target file comes from company B).
Program = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.+-]+$")]
Flag = Annotated[str, Field(pattern=r"^-[A-Za-z0-9_=+,.:/-]+$")]


class Compiler(SpecModel):
    cxx: Program = "g++"
    ar: Program = "ar"
    flags: list[Flag] = Field(
        default_factory=lambda: ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror"]
    )


class Budget(SpecModel):
    latency_ms: PositiveFloat | None = None
    sram_bytes: PositiveInt | None = None
    flash_bytes: PositiveInt | None = None


class TargetSpec(SpecModel):
    name: Name
    kind: Literal["host", "mcu", "gpnpu"]
    description: str = ""
    compiler: Compiler = Field(default_factory=Compiler)
    budget: Budget = Field(default_factory=Budget)
