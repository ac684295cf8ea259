"""LSH banding: which documents share a band of their MinHash signature, found by sorting, not by tables.

The signature is cut into ``bands`` bands of ``rows`` values; two documents of
Jaccard similarity ``s`` share at least one band with probability
``1 - (1 - s**rows)**bands`` (:func:`candidate_probability`). Per band, each
band is hashed to 64 bits and the keys are sorted; every document in a run of
equal keys is paired with the run's first document (the earliest in input
order), so a bucket of ``k`` documents gives ``k - 1`` pairs, never ``k**2``.
Memory per band: the keys and the sort order, 16 bytes per document.
"""
from __future__ import annotations

import numpy as np

from .minhash import EMPTY, jaccard

_MIX = np.uint64(0x9E3779B97F4A7C15)


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """The chance that two documents of this Jaccard similarity become a candidate pair."""
    return 1.0 - (1.0 - similarity ** rows) ** bands


def band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """A 64-bit key per document for band ``band`` (columns ``band*rows`` up to ``(band+1)*rows``)."""
    part = signatures[:, band * rows:(band + 1) * rows].astype(np.uint64)
    key = np.full(len(signatures), np.uint64(band) + np.uint64(1), dtype=np.uint64)
    for column in part.T:
        key = (key ^ column) * _MIX
        key ^= key >> np.uint64(29)
    return key


def band_pairs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(first, other)`` of documents with equal keys: each paired with the earliest of its bucket."""
    order = np.argsort(keys, kind="stable")  # stable: within a bucket, documents stay in input order
    ranked = keys[order]
    new = np.empty(len(ranked), dtype=bool)
    new[:1] = True
    new[1:] = ranked[1:] != ranked[:-1]
    head = order[np.flatnonzero(new)][np.cumsum(new) - 1]
    other = ~new
    return head[other], order[other]


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs ``(i, j)``, ``i < j``, that share at least one band; empty signatures take no part."""
    if bands * rows > signatures.shape[1]:
        raise ValueError(f"{bands} bands of {rows} rows need {bands * rows} permutations; "
                         f"the signatures have {signatures.shape[1]}")
    live = np.flatnonzero(signatures[:, 0] != EMPTY)
    found = []
    for band in range(bands):  # column slices: a memory-mapped signature file is read a band at a time
        first, other = band_pairs(band_keys(signatures, band, rows)[live])
        found.append(live[first].astype(np.int64) << 32 | live[other].astype(np.int64))
    pairs = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return pairs >> 32, pairs & 0xFFFFFFFF


def verified_pairs(signatures: np.ndarray, first: np.ndarray, other: np.ndarray, threshold: float,
                   chunk: int = 1 << 16) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs whose estimated Jaccard similarity reaches ``threshold``, with that similarity."""
    keep_first, keep_other, keep_sim = [], [], []
    for lo in range(0, len(first), chunk):
        i, j = first[lo:lo + chunk], other[lo:lo + chunk]
        sim = jaccard(signatures[i], signatures[j])
        ok = sim >= threshold
        keep_first.append(i[ok])
        keep_other.append(j[ok])
        keep_sim.append(sim[ok])
    if not keep_first:
        return first[:0], other[:0], np.zeros(0)
    return np.concatenate(keep_first), np.concatenate(keep_other), np.concatenate(keep_sim)


def optimal_layout(threshold: float, num_perm: int, steps: int = 200) -> tuple[int, int]:
    """The ``(bands, rows)`` with ``bands * rows <= num_perm`` that minimise the chance mass of false candidates
    below ``threshold`` plus missed pairs above it (equal weights): datasketch's ``_optimal_param``, which
    data-juicer uses to lay out its 256 permutations."""
    grid = np.linspace(0.0, 1.0, steps + 1)
    best, layout = np.inf, (1, 1)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1.0 - (1.0 - grid ** rows) ** bands
            below, above = grid <= threshold, grid >= threshold
            error = _area(p[below], grid[below]) + _area(1.0 - p[above], grid[above])
            if error < best:
                best, layout = error, (bands, rows)
    return layout


def _area(y: np.ndarray, x: np.ndarray) -> float:
    """The trapezoid-rule integral of ``y`` over ``x`` (``np.trapz`` is gone from numpy 2.4, its successor
    ``np.trapezoid`` missing before 2.0)."""
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2) if len(x) > 1 else 0.0
