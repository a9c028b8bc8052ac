"""Calibration: one pass of the float model over the calibration data, keeping per tensor the
exact range, a bounded-memory histogram (when a range method reads one) and the per-channel mean.

The statistics are saved to an .npz, so that changing only the range method (or its percentile)
re-derives the scales from the file without running the model again.

Histogram: `bins` counts, bin k covering [k·width, (k+1)·width). The edges are multiples of the
width, so 0 is always an edge: the |x| histogram the range methods use is an exact fold of the
signed one. When new data falls outside the window, the width doubles (adjacent bins merge, which
is exact because edges stay aligned) until the whole range fits; memory stays `bins` counts per
tensor however many samples are seen, and one pass suffices. Each chunk of values is read once
(calibration_pass.py: range, counts in the current window, per-channel sums); only a chunk whose
range outgrows the window is counted again, in the new one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper

from ferry.core.errors import FerryError
from ferry.stages.common.data import save_npz_atomic
from ferry.stages.common.graph import GraphView
from ferry.stages.quantize.calibration_pass import PassResult, Window, calibration_pass
from ferry.stages.quantize.chains import clamped_tensors

FORMAT = 1  # of the statistics file
# Pending calibration outputs (float32 elements, all tensors together) before the statistics are
# updated: large chunks keep numpy's per-call overhead negligible, the bound keeps memory flat.
CHUNK_ELEMENTS = 1 << 20
SLOTS = 2  # sets of buffers: onnxruntime fills one while the statistics are updated from the other


@dataclass(frozen=True)
class TensorStats:
    """What calibration keeps of one float tensor."""

    minimum: float
    maximum: float
    counts: np.ndarray  # int64 [bins]; counts[j] covers [(offset + j)·width, (offset + j + 1)·width)
    width: float
    offset: int
    channel_mean: np.ndarray  # float64, per channel: axis 1 when rank >= 2, else the last axis

    def abs_counts(self) -> np.ndarray:
        """Histogram of |x| with the same width, bin i covering [i·width, (i+1)·width), up to the
        last non-empty bin."""
        index = self.offset + np.arange(self.counts.size)
        folded = np.where(index >= 0, index, -index - 1)  # [kw, (k+1)w) -> [|k+1|w, |k|w) for k < 0
        counts = np.bincount(folded, weights=self.counts, minlength=1).astype(np.int64)
        nonzero = np.flatnonzero(counts)
        return counts[: nonzero[-1] + 1] if nonzero.size else counts[:1]


@dataclass(frozen=True)
class TensorStatistics:
    samples: int
    bins: int
    tensors: dict[str, TensorStats]

    def get(self, name: str) -> TensorStats:
        if name not in self.tensors:
            raise FerryError(f"the calibration statistics have no tensor '{name}': they were "
                             "collected on another model; collect them again")
        return self.tensors[name]


class StreamingHistogram:
    """Exact min/max, a `bins`-count histogram whose range grows by merging (none when `bins` is
    0), per-channel sums."""

    def __init__(self, bins: int) -> None:
        self.bins = bins
        self.minimum = math.inf
        self.maximum = -math.inf
        self.counts = np.zeros(bins, dtype=np.int64)
        self.width = 0.0  # 0 until the first data
        self.offset = 0
        self.channel_sum: np.ndarray | None = None
        self.per_channel = 0  # values summed into each channel

    def add(self, values: np.ndarray, channel_axis: int | None) -> None:
        """Add a chunk of values; `channel_axis` indexes its channel dimension (None: one channel)."""
        if values.size == 0:
            return
        # runs: one channel of one sample each (contiguous), summed apart, then per channel
        runs = values.reshape(1 if channel_axis is None else int(np.prod(values.shape[:channel_axis + 1])), -1)
        seen = self._range_only(runs) if self.bins == 0 else self._counted(runs)
        assert seen.sums is not None
        sums = seen.sums if channel_axis is None else seen.sums.reshape(-1, values.shape[channel_axis]).sum(axis=0)
        self.channel_sum = sums if self.channel_sum is None else self.channel_sum + sums
        self.per_channel += values.size // sums.size

    def _range_only(self, runs: np.ndarray) -> PassResult:
        seen = self._checked(calibration_pass(runs, None, sums=True))
        self.minimum, self.maximum = min(seen.low, self.minimum), max(seen.high, self.maximum)
        return seen

    def _counted(self, runs: np.ndarray) -> PassResult:
        """The pass over `runs` with their counts added to the histogram, whose window grows first
        if they fall outside it."""
        if self.width == 0.0:  # no window yet: the range first
            seen = self._checked(calibration_pass(runs, None, sums=True))
            self._fit(seen.low, seen.high)
            counts = calibration_pass(runs, self._window(), sums=False).counts
        else:  # counted in the current window, again in the new one if the range outgrew it
            window = (self.width, self.offset)
            seen = self._checked(calibration_pass(runs, self._window(), sums=True))
            self._fit(min(seen.low, self.minimum), max(seen.high, self.maximum))
            counts = seen.counts if (self.width, self.offset) == window else \
                calibration_pass(runs, self._window(), sums=False).counts
        assert counts is not None
        # bins 0 and bins + 1 are guards: rounding at the window's edges lands there
        counts[1] += counts[0]
        counts[self.bins] += counts[self.bins + 1]
        self.counts += counts[1:self.bins + 1]
        return seen

    @staticmethod
    def _checked(seen: PassResult) -> PassResult:
        if seen.nan or not (math.isfinite(seen.low) and math.isfinite(seen.high)):
            raise FerryError("the float model computes NaN or infinity on the calibration data")
        return seen

    def _window(self) -> Window:
        """Positions counted from one bin before the window's start, in float32: exact to a small
        fraction of a bin (they are < bins + 2) at a fraction of float64's cost."""
        return Window(np.float32((self.offset - 1) * self.width), np.float32(1.0 / self.width), self.bins + 1)

    def _fit(self, low: float, high: float) -> None:
        """Grow the window (doubling the width, merging pairs of bins) to cover [low, high]."""
        if self.width == 0.0:
            magnitude = max(abs(low), abs(high))
            # bins - 2: floor(high/w) - floor(low/w) <= (high - low)/w + 1 < bins. The magnitude
            # term bounds the bin indices of a (nearly) constant tensor far from zero.
            self.width = max((high - low) / (self.bins - 2), magnitude * 2.0**-30, 2.0**-126)
            self.offset = math.floor(low / self.width)
        else:
            shift = 0
            while math.floor(high / (self.width * 2**shift)) - math.floor(low / (self.width * 2**shift)) \
                    >= self.bins:
                shift += 1
            if shift == 0 and math.floor(low / self.width) == self.offset:  # the window holds
                self.minimum, self.maximum = low, high
                return
            old = self.offset + np.flatnonzero(self.counts)
            old_counts = self.counts[old - self.offset]
            self.width *= 2**shift
            self.offset = math.floor(low / self.width)
            merged = (old >> min(shift, 62)) - self.offset  # floor division by 2^shift
            self.counts = np.zeros(self.bins, dtype=np.int64)
            np.add.at(self.counts, np.clip(merged, 0, self.bins - 1), old_counts)
        self.minimum, self.maximum = low, high

    def stats(self) -> TensorStats:
        if self.channel_sum is None:
            raise FerryError("no calibration data was given")
        return TensorStats(self.minimum, self.maximum, self.counts.copy(), self.width, self.offset,
                           self.channel_sum / max(self.per_channel, 1))


def channel_axis(rank: int) -> int | None:
    """The axis whose per-channel mean bias correction needs: 1 when rank >= 2, else the last
    (None for a scalar: one channel)."""
    return 1 if rank >= 2 else (0 if rank == 1 else None)


def _float_tensors(view: GraphView) -> list[str]:
    """Every float32 tensor computed by a node, in graph order (graph outputs included)."""
    return [name for node in view.nodes for name in node.output
            if name and view.tensor(name).dtype == np.float32]


def _chunk_rows(view: GraphView, computed: list[str]) -> int:
    """Batches per statistics update: CHUNK_ELEMENTS over the float values of one batch, counted
    over every float tensor (`computed` and the inputs), so that which tensors are calibrated
    changes no histogram."""
    values = sum(int(np.prod(view.tensor(n).shape)) for n in [*view.inputs, *computed]
                 if view.tensor(n).dtype == np.float32)
    return max(1, CHUNK_ELEMENTS // max(1, values))


def _with_outputs(model_path: Path, model: onnx.ModelProto, names: list[str]) -> bytes:
    """The model file's bytes with `names` as more graph outputs. A serialized ModelProto holding
    only those outputs is appended: protobuf parsing merges an embedded message met twice (its
    repeated fields concatenate), so a large model is not serialized again."""
    present = {o.name for o in model.graph.output}
    extra = onnx.ModelProto(graph=onnx.GraphProto(output=[
        helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in names if n not in present]))
    return model_path.read_bytes() + extra.SerializeToString()


@dataclass(frozen=True)
class _Buffers:
    """One set of fixed numpy buffers onnxruntime reads and writes through an IOBinding."""

    inputs: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    binding: Any

    def float_values(self) -> dict[str, np.ndarray]:
        """The float model inputs and the exposed tensors, by name."""
        return {**{n: a for n, a in self.inputs.items() if a.dtype == np.float32}, **self.outputs}


class _ExposedRun:
    """The float model (serialized, every tensor in `names` an output) in onnxruntime (CPU, one thread),
    reading and writing `slots` sets of fixed numpy buffers through IOBindings: per batch, no
    output arrays are allocated and no names are looked up (a third of the time on a small model)."""

    def __init__(self, model: bytes, view: GraphView, names: list[str], where: Path, slots: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        except Exception as error:  # noqa: BLE001 - onnxruntime raises several types
            raise FerryError(f"{where}: onnxruntime cannot load the model: {error}") from None
        self.where = where
        self.slots = []
        for _ in range(slots):
            inputs = {n: np.empty(view.tensor(n).shape, view.tensor(n).dtype) for n in view.inputs}
            outputs = {n: np.empty(view.tensor(n).shape, np.float32) for n in names}
            binding = self.session.io_binding()
            for name, array in inputs.items():  # OrtValues on the CPU share the numpy memory
                binding.bind_ortvalue_input(name, ort.OrtValue.ortvalue_from_numpy(array))
            for name, array in outputs.items():
                binding.bind_ortvalue_output(name, ort.OrtValue.ortvalue_from_numpy(array))
            self.slots.append(_Buffers(inputs, outputs, binding))

    def run(self, batch: dict[str, np.ndarray], slot: int) -> None:
        """Fill the outputs of buffers `slot` for one batch (its values are copied into the inputs)."""
        buffers = self.slots[slot]
        for name, array in buffers.inputs.items():
            value = batch.get(name)
            if value is None or value.shape != array.shape:
                raise FerryError(f"{self.where}: a calibration batch has no input '{name}' of shape "
                                 f"{list(array.shape)}")
            array[...] = value
        try:
            self.session.run_with_iobinding(buffers.binding)
        except Exception as error:  # noqa: BLE001 - onnxruntime raises several types
            raise FerryError(f"{self.where}: onnxruntime fails on a calibration batch: {error}") from None


class _Chunk:
    """`rows` batches of every calibrated tensor, for one statistics update: one set of runner
    buffers' values copied in row by row, or those buffers themselves when `rows` is 1."""

    def __init__(self, sources: dict[str, np.ndarray], rows: int) -> None:
        self.sources = sources
        self.rows = rows
        self.arrays = {name: array[None] if rows == 1 else np.empty((rows, *array.shape), dtype=np.float32)
                       for name, array in sources.items()}

    def take(self, row: int) -> None:
        if self.rows > 1:
            for name, array in self.sources.items():
                self.arrays[name][row] = array

    def update(self, histograms: dict[str, StreamingHistogram], filled: int) -> None:
        for name, histogram in histograms.items():
            axis = channel_axis(self.sources[name].ndim)  # one further in the chunk
            histogram.add(self.arrays[name][:filled], None if axis is None else axis + 1)


def collect_statistics(model_path: Path, batches: Iterable[dict[str, np.ndarray]], bins: int,
                       ) -> TensorStatistics:
    """Run the float model over `batches` (input name -> array, first axis = batch) and keep the
    statistics of its inputs and of every float tensor its nodes compute.

    Two sets of buffers take turns: onnxruntime computes the next chunk into one while a worker
    thread updates the statistics from the other (both release the GIL). One worker applies the
    updates in batch order, so the statistics are those of a sequential run."""
    model = onnx.load(str(model_path), load_external_data=False)
    view = GraphView(model)
    # a fused clamp's input is left out: its int8 values are the clamp's (chains.clamped_tensors),
    # and onnxruntime can then fuse the clamp into its producer
    clamped = clamped_tensors(view)
    computed = _float_tensors(view)
    rows = _chunk_rows(view, computed)  # small models: a chunk of batches per update
    names = [n for n in computed if n not in clamped]
    runner = _ExposedRun(_with_outputs(model_path, model, names), view, names, model_path, SLOTS)
    chunks = [_Chunk(buffers.float_values(), rows) for buffers in runner.slots]
    histograms = {name: StreamingHistogram(bins) for name in chunks[0].arrays}
    pending: list[Future[None] | None] = [None] * SLOTS
    slot = filled = batches_seen = 0
    with ThreadPoolExecutor(max_workers=1) as worker:
        for batch in batches:
            waiting = pending[slot]
            if filled == 0 and waiting is not None:
                waiting.result()  # the slot's previous update is done with its buffers
            runner.run(batch, slot)
            chunks[slot].take(filled)
            filled += 1
            batches_seen += 1
            if filled == rows:
                pending[slot] = worker.submit(chunks[slot].update, histograms, filled)
                slot, filled = (slot + 1) % SLOTS, 0
        if filled:
            pending[slot] = worker.submit(chunks[slot].update, histograms, filled)
        for future in pending:
            if future is not None:
                future.result()
    first = runner.slots[0].inputs[view.inputs[0]].shape
    samples = batches_seen * (first[0] if first else 1)
    return TensorStatistics(samples, bins, {name: h.stats() for name, h in histograms.items()})


def save_statistics(stats: TensorStatistics, path: Path) -> None:
    names = list(stats.tensors)
    entries = [stats.tensors[n] for n in names]
    means = [e.channel_mean for e in entries]
    save_npz_atomic(path, {
        "header": np.array([FORMAT, stats.samples, stats.bins], dtype=np.int64),
        "names": np.array(names, dtype=str),
        "minimum": np.array([e.minimum for e in entries], dtype=np.float64),
        "maximum": np.array([e.maximum for e in entries], dtype=np.float64),
        "width": np.array([e.width for e in entries], dtype=np.float64),
        "offset": np.array([e.offset for e in entries], dtype=np.int64),
        "counts": np.array([e.counts for e in entries], dtype=np.int64).reshape(len(names), stats.bins),
        "channel_mean": np.concatenate(means) if means else np.zeros(0),
        "channel_start": np.cumsum([0, *(m.size for m in means)]).astype(np.int64),
    })


def load_statistics(path: Path) -> TensorStatistics:
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
        file_format, samples, bins = (int(v) for v in arrays["header"])
        if file_format != FORMAT:
            raise ValueError(f"format {file_format}, expected {FORMAT}")
        names = [str(n) for n in arrays["names"]]
        start = arrays["channel_start"]
        tensors = {
            name: TensorStats(float(arrays["minimum"][i]), float(arrays["maximum"][i]),
                              arrays["counts"][i], float(arrays["width"][i]), int(arrays["offset"][i]),
                              arrays["channel_mean"][start[i]:start[i + 1]])
            for i, name in enumerate(names)
        }
        return TensorStatistics(samples, bins, tensors)
    except (OSError, KeyError, IndexError, ValueError) as error:
        raise FerryError(f"{path}: not a ferry calibration statistics file ({error})") from None
