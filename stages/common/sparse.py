"""Sparse storage of int8 weight matrices, shared by codegen (which emits it), the report and the
tests: each layer's [out, K] weights are stored in whichever format takes the fewest bytes.

- dense:   out·K int8.
- bitmask: per row ceil(K/8) bytes, bit k%8 of byte k/8 set when weight k is stored; then the
           stored (non-zero) weights, row after row.
- csr:     the non-zero weights, their column k (uint8 when K <= 256, else uint16) and per row
           the index of its first weight (out + 1 entries, uint16 when they fit, else uint32).
- n_m:     at most N non-zeros in every M consecutive weights of a row (K % M == 0): N values per
           group (zero-padded) and each one's position in its group, packed `bits` per entry
           little-endian (1, 2 or 4 bits for M = 2, 4, 8 or 16).

The kernels (kernels/ferry_sparse.h) visit only the stored weights, so a layer executes fewer
MACs too: nnz taps per row, or (K/M)·N for n_m (padding included, as N:M hardware does).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_M_GROUPS = (2, 4, 8, 16)
# Equal sizes: the simpler format wins (dense needs no decoding).
FORMAT_ORDER = ("dense", "n_m", "bitmask", "csr")


@dataclass(frozen=True)
class Storage:
    format: str
    arrays: tuple[tuple[str, np.ndarray], ...]  # (kernel field, values), in the struct's order
    taps: np.ndarray  # int64 [out]: weights each row's kernel visits
    n: int = 0
    m: int = 0

    @property
    def nbytes(self) -> int:
        return sum(int(a.nbytes) for _, a in self.arrays)

    def array(self, field: str) -> np.ndarray:
        return dict(self.arrays)[field]


def _index_type(limit: int) -> type:
    return np.uint8 if limit <= 1 << 8 else (np.uint16 if limit <= 1 << 16 else np.uint32)


def dense(weights: np.ndarray) -> Storage:
    rows, depth = weights.shape
    return Storage("dense", (("values", weights.astype(np.int8)),), np.full(rows, depth, np.int64))


def bitmask(weights: np.ndarray) -> Storage:
    stored = weights != 0
    mask = np.packbits(stored, axis=1, bitorder="little")
    return Storage("bitmask", (("mask", mask), ("values", weights[stored].astype(np.int8))),
                   stored.sum(axis=1).astype(np.int64))


def csr(weights: np.ndarray) -> Storage:
    _rows, depth = weights.shape
    stored = weights != 0
    counts = stored.sum(axis=1)
    start = np.concatenate([[0], np.cumsum(counts)])
    columns = np.nonzero(stored)[1]
    return Storage("csr", (("values", weights[stored].astype(np.int8)),
                           ("index", columns.astype(_index_type(depth))),
                           ("row_start", start.astype(np.uint16 if start[-1] < 1 << 16 else np.uint32))),
                   counts.astype(np.int64))


def _bits(m: int) -> int:
    return 1 if m == 2 else (2 if m == 4 else 4)


def n_m(weights: np.ndarray, m: int) -> Storage | None:
    """N:M with the smallest N these weights allow, or None when K % M != 0 or N = M."""
    rows, depth = weights.shape
    if depth % m:
        return None
    groups = weights.reshape(rows, depth // m, m)
    n = int((groups != 0).sum(axis=2).max(initial=0))
    if n >= m:
        return None
    n = max(n, 1)
    # the stored positions of each group: its non-zeros first (in order), then padding zeros
    order = np.argsort(groups == 0, axis=2, kind="stable")[..., :n]
    values = np.take_along_axis(groups, order, axis=2)
    bits = _bits(m)
    per_byte = 8 // bits
    positions = order.reshape(-1).astype(np.uint8)
    padded = np.zeros(-(-positions.size // per_byte) * per_byte, np.uint8)
    padded[:positions.size] = positions
    shifts = (np.arange(per_byte) * bits).astype(np.uint8)
    meta = np.bitwise_or.reduce(padded.reshape(-1, per_byte) << shifts, axis=1).astype(np.uint8)
    return Storage("n_m", (("values", values.reshape(-1).astype(np.int8)), ("positions", meta)),
                   np.full(rows, (depth // m) * n, np.int64), n=n, m=m)


def candidates(weights: np.ndarray) -> list[Storage]:
    found = [dense(weights), bitmask(weights), csr(weights)]
    found += [s for s in (n_m(weights, m) for m in N_M_GROUPS) if s is not None]
    return found


def dense_is_smallest(weights: np.ndarray) -> bool:
    """True when no sparse format can take fewer bytes than dense, from the count of non-zeros
    alone: every format stores the nnz values and more, bitmask ceil(K/8) bytes per row, csr at
    least a byte of column per value, n_m at least a bit of position per value (nnz/8 bytes). A
    tie goes to dense, so bounds at or above the dense size decide. (Building every candidate
    of a 100-million-weight layer, as VGG-19's first Gemm, took minutes and gigabytes.)"""
    rows, depth = weights.shape
    size, nnz = rows * depth, int(np.count_nonzero(weights))
    return nnz + rows * -(-depth // 8) >= size and 2 * nnz >= size and 9 * nnz >= 8 * size


def smallest(weights: np.ndarray) -> Storage:
    """The format with the fewest bytes for [out, K] int8 weights."""
    if dense_is_smallest(weights):
        return dense(weights)
    return min(candidates(weights), key=lambda s: (s.nbytes, FORMAT_ORDER.index(s.format)))


def visits(storage: Storage, rows: int, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every weight the kernel visits, in the order of `values`."""
    if storage.format == "dense":
        return np.repeat(np.arange(rows), depth), np.tile(np.arange(depth), rows)
    if storage.format == "bitmask":
        stored = np.unpackbits(storage.array("mask"), axis=1, bitorder="little", count=depth)
        row, column = np.nonzero(stored)
        return row, column
    if storage.format == "csr":
        start = storage.array("row_start").astype(np.int64)
        return np.repeat(np.arange(rows), np.diff(start)), storage.array("index").astype(np.int64)
    bits = _bits(storage.m)
    per_byte = 8 // bits
    groups = depth // storage.m
    entries = np.arange(rows * groups * storage.n)
    positions = (storage.array("positions")[entries // per_byte] >> ((entries % per_byte) * bits)) \
        & ((1 << bits) - 1)
    group = entries // storage.n
    return group // groups, (group % groups) * storage.m + positions.astype(np.int64)


def decode(storage: Storage, rows: int, depth: int) -> np.ndarray:
    """The dense [out, K] weights back (what the kernels compute with)."""
    result = np.zeros((rows, depth), np.int64)
    np.add.at(result, visits(storage, rows, depth), storage.array("values").reshape(-1))
    return result.astype(np.int8)


def valid_positions(size_in: int, size_out: int, kernel: int, stride: int, dilation: int, pad: int,
                    ) -> np.ndarray:
    """Per kernel tap along one axis: how many output positions read an input inside the tensor."""
    taps = np.arange(kernel)[:, None] * dilation + np.arange(size_out)[None, :] * stride - pad
    return ((taps >= 0) & (taps < size_in)).sum(axis=1)


def executed_macs(storage: Storage, rows: int, depth: int, meets: np.ndarray) -> int:
    """MACs the layer's kernel executes: Σ over visited weights of the output positions each
    meets; `meets` [K] per column (a Conv skips padding taps; a Gemm: its input rows)."""
    if storage.format == "dense":  # every weight: without listing rows x K visits
        return rows * int(meets.sum())
    return int(meets[visits(storage, rows, depth)[1]].sum())
