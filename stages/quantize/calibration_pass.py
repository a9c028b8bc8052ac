"""One pass of calibration over a chunk of a tensor's values: its range, a histogram's bin counts
and the float64 sum of each run (one channel of one sample), reading each value once.

numpy needs a pass over the data per operation (min, max, subtract, multiply, cast, bincount,
sum: about 3.8 ns per value, bincount alone 1.9), which made calibration 8x the float inference
time of a MobileNetV2; the C helper (calibration_pass.c) does all of it in one pass, about 1.1 ns
per value. It is built on first use (ferry/toolchain/native.py); without a C compiler,
`numpy_pass`, which defines the same results bit for bit, takes its place.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import cast

import numpy as np

from ferry.toolchain.native import load_library

SOURCE = Path(__file__).with_name("calibration_pass.c")
LANES = 8  # float64 partial sums per run, added in a fixed order (calibration_pass.c)
MAX_COPIES = 8  # the C helper's interleaved count arrays (its scratch)
MAX_VALUES = 1 << 31  # per C call: its uint32 counts cannot overflow


@dataclass(frozen=True)
class Window:
    """Bin k of a value x is min(max(trunc((x - base) * inverse), 0), last), in float32."""

    base: np.float32
    inverse: np.float32
    last: int


@dataclass(frozen=True)
class PassResult:
    low: float
    high: float
    nan: bool
    counts: np.ndarray | None  # int64 [last + 1] when a window was given
    sums: np.ndarray | None  # float64, one per run, when asked for


def numpy_pass(runs: np.ndarray, window: Window | None, sums: bool) -> PassResult:
    """The definition: `runs` is a C-contiguous float32 [runs, length] array."""
    low, high = runs.min(), runs.max()
    counts = None
    if window is not None:
        with np.errstate(over="ignore", invalid="ignore"):  # beyond float32: clamped to the last bin
            position = (runs.reshape(-1) - window.base) * window.inverse  # float32, as in C
        np.clip(position, np.float32(0), np.float32(window.last), out=position)
        position[np.isnan(position)] = 0
        counts = np.bincount(position.astype(np.intp), minlength=window.last + 1)
    run_sums = None
    if sums:  # lane j adds values j, j + 8, ... in order (accumulate is sequential), from +0.0
        count, length = runs.shape
        padded = np.zeros((count, 1 + -(-length // LANES), LANES))
        padded.reshape(count, -1)[:, LANES:LANES + length] = runs
        lane = np.add.accumulate(padded, axis=1)[:, -1]
        run_sums = ((lane[:, 0] + lane[:, 1]) + (lane[:, 2] + lane[:, 3])) + (
            (lane[:, 4] + lane[:, 5]) + (lane[:, 6] + lane[:, 7]))
    # + 0.0: a zero minimum is +0.0 whichever zero a min met first
    return PassResult(float(low) + 0.0, float(high) + 0.0, bool(np.isnan(low) or np.isnan(high)), counts, run_sums)


@cache
def _native() -> Callable[..., int] | None:
    """The C pass, built and typed once, or None without a C compiler."""
    library = load_library(SOURCE)
    if library is None:
        return None
    function = library.ferry_calibration_pass
    pointer = ctypes.c_void_p
    function.argtypes = [pointer, ctypes.c_int64, ctypes.c_int64, ctypes.c_float, ctypes.c_float, ctypes.c_int64,
                         pointer, pointer, ctypes.c_int64, pointer, pointer]
    function.restype = ctypes.c_int
    return cast(Callable[..., int], function)


def native_available() -> bool:
    return _native() is not None


def calibration_pass(runs: np.ndarray, window: Window | None, sums: bool) -> PassResult:
    """`numpy_pass`'s results, from the C helper when it could be built."""
    function = _native()
    if function is None:
        return numpy_pass(runs, window, sums)
    runs = np.ascontiguousarray(runs, dtype=np.float32)
    count, length = runs.shape
    counts = scratch = None
    copies = 1
    if window is not None:  # as many copies as the values make worth zeroing and adding up
        while copies < MAX_COPIES and 8 * copies * (window.last + 1) <= runs.size:
            copies *= 2
        counts = np.zeros(window.last + 1, dtype=np.int64)
        scratch = np.empty(copies * (window.last + 1), dtype=np.uint32)
    run_sums = np.empty(count) if sums else None
    found = np.empty(2, dtype=np.float32)
    low, high, nan = np.inf, -np.inf, False
    block = max(1, MAX_VALUES // max(length, 1))  # runs per call
    for start in range(0, count, block):
        part = runs[start:start + block]
        nan |= bool(function(
            part.ctypes.data, part.shape[0], length, window.base if window else 0.0,
            window.inverse if window else 0.0, window.last if window else 0,
            None if counts is None else counts.ctypes.data, None if scratch is None else scratch.ctypes.data,
            copies, None if run_sums is None else run_sums[start:].ctypes.data, found.ctypes.data))
        low, high = min(low, float(found[0])), max(high, float(found[1]))
    return PassResult(low + 0.0, high + 0.0, nan, counts, run_sums)
