"""The lowering contract: one function per ONNX op type turns a node into one kernel call.

Each op module registers its functions with `@lowers("OpType", ...)`. A lowering reads the
node's attributes and constant inputs through the `LoweringContext`, checks what the kernel
supports (raising `Unsupported` with the reason otherwise), and returns a `KernelCall`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ferry.stages.codegen.context import LoweringContext


@dataclass(frozen=True)
class Params:
    """A constexpr parameter struct emitted at file scope and passed to the kernel first."""

    type: str  # e.g. "ferry::ConvParams"
    fields: tuple[tuple[str, int | float | tuple[int, ...] | tuple[float, ...] | Params | tuple[Params, ...]], ...]


@dataclass(frozen=True)
class Scratch:
    """A working buffer the kernel needs during its call (e.g. im2col patches).

    The emitter places it in the activation arena, live during this node only, so that it counts
    in the arena and its lower bound like any tensor, and passes it as the call's last argument.
    """

    c_type: str  # element type, e.g. "int16_t"
    item_bytes: int
    elements: int
    # constexpr C++ function of the params struct that gives the elements the kernel needs;
    # the generated code static_asserts it equals `elements`, so the two sizes cannot drift apart
    size_function: str

    @property
    def nbytes(self) -> int:
        return self.item_bytes * self.elements


@dataclass(frozen=True)
class KernelCall:
    function: str  # e.g. "ferry::conv<float>"
    args: tuple[str, ...]  # C++ expressions after the params
    params: Params | None = None
    notes: tuple[str, ...] = field(default=())  # extra comment lines: strides, pads, mode...
    scratch: Scratch | None = None


Lowering = Callable[["LoweringContext"], KernelCall]
LOWERINGS: dict[str, Lowering] = {}


def lowers(*op_types: str) -> Callable[[Lowering], Lowering]:
    def register(function: Lowering) -> Lowering:
        for op_type in op_types:
            LOWERINGS[op_type] = function
        return function

    return register
