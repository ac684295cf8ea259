"""Find the duplicates of a corpus from per-document state: exact keys, lengths, and MinHash signatures.

:class:`DedupState` is all a run keeps in memory per document (see
:attr:`DedupState.bytes_per_document`): the 16-byte exact key, the folded
length (4 bytes), the id (its UTF-8 bytes plus an 8-byte offset) and, for
``near``, the signature (4 bytes per permutation). Texts are never kept.
:func:`resolve` turns that state into, for every document, the document its
cluster keeps and the similarity to it. The same function serves the local
runner and the Ray engine, so both give the same clusters.
"""
from __future__ import annotations

from array import array
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cluster import KEEP_RULES, clusters, keep_one
from .fold import exact_key, fold
from .lsh import candidate_pairs, verified_pairs
from .minhash import MinHasher, jaccard

MODES = {
    "exact": "same text once folded (script, punctuation, spaces, width)",
    "near": "exact, plus MinHash near-duplicates whose estimated Jaccard similarity reaches the threshold",
}


@dataclass(frozen=True)
class DedupParams:
    """What counts as a duplicate. Defaults measured on tests/dedup_corpus.py (README, Deduplication)."""

    mode: str = "near"
    ngram: int = 5
    num_perm: int = 128
    bands: int = 32
    rows: int = 4
    threshold: float = 0.6
    keep: str = "longest"
    backend: str = "auto"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown dedup mode {self.mode!r}; known: {', '.join(MODES)}")
        if self.keep not in KEEP_RULES:
            raise ValueError(f"unknown keep rule {self.keep!r}; known: {', '.join(KEEP_RULES)}")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ValueError(f"{self.bands} bands of {self.rows} rows need 1 to {self.num_perm} "
                             f"permutations (--num-perm)")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"the similarity threshold must be in (0, 1], not {self.threshold}")

    def hasher(self) -> MinHasher:
        return MinHasher(ngram=self.ngram, num_perm=self.num_perm, backend=self.backend)


class ChunkedRows:
    """The signature batches as one ``(n, num_perm)`` array for what LSH and verification ask of it (column
    slices, rows by index arrays), without joining them: joining would hold every signature twice."""

    def __init__(self, parts: list[np.ndarray], width: int) -> None:
        self.parts = [p for p in parts if len(p)]
        self.ends = np.cumsum([len(p) for p in self.parts], dtype=np.int64)
        self.shape = (int(self.ends[-1]) if len(self.ends) else 0, width)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, index: object) -> np.ndarray:
        if isinstance(index, tuple):  # [:, columns]
            rows, columns = index
            if rows != slice(None):
                raise IndexError("only whole columns are sliced")
            if not self.parts:
                return np.zeros((0, self.shape[1]), dtype=np.uint32)[:, columns]
            return np.concatenate([p[:, columns] for p in self.parts])
        index = np.asarray(index)
        out = np.empty((len(index), self.shape[1]), dtype=np.uint32)
        chunk = np.searchsorted(self.ends, index, side="right")
        for c in np.unique(chunk).tolist():
            at = chunk == c
            start = int(self.ends[c - 1]) if c else 0
            out[at] = self.parts[c][index[at] - start]
        return out


class DedupState:
    """The per-document state of a run, filled a batch at a time (:meth:`add`).

    Signatures are kept in memory, or with ``spill_dir`` appended to a
    temporary file there and read back memory-mapped, so the operating system
    pages them in and out instead of the run holding them all.
    """

    def __init__(self, params: DedupParams, spill_dir: str | Path | None = None) -> None:
        self.params = params
        self.keys = bytearray()
        self.lengths = array("i")
        self.id_bytes = bytearray()
        self.id_ends = array("q")
        self._parts: list[np.ndarray] = []
        self._hasher = params.hasher() if params.mode == "near" else None
        self._spill = tempfile.TemporaryFile(dir=spill_dir, prefix="dedup-signatures-") \
            if spill_dir is not None and self._hasher is not None else None
        self._signatures: np.ndarray | ChunkedRows | None = None

    def add(self, ids: list[str], texts: list[str]) -> None:
        """Add a batch of documents, in input order."""
        folded = [fold(t) for t in texts]
        for rid, f in zip(ids, folded):
            self.keys += exact_key(f)
            self.lengths.append(len(f))
            self.id_bytes += rid.encode("utf-8")
            self.id_ends.append(len(self.id_bytes))
        if self._hasher is not None:
            sigs = self._hasher.signatures(folded)
            if self._spill is not None:
                self._spill.write(sigs.tobytes())
            else:
                self._parts.append(sigs)
            self._signatures = None

    def __len__(self) -> int:
        return len(self.lengths)

    def close(self) -> None:
        """Let go of the spilled signature file (it has no name on disk; closing frees its space)."""
        self._signatures = None
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def id(self, i: int) -> str:
        start = self.id_ends[i - 1] if i else 0
        return self.id_bytes[start:self.id_ends[i]].decode("utf-8")

    def signatures(self) -> np.ndarray | ChunkedRows | None:
        """All signatures, ``(len(self), num_perm)`` uint32 (memory-mapped when spilled); None for ``exact``."""
        if self._hasher is None:
            return None
        if self._signatures is None:
            shape = (len(self), self.params.num_perm)
            if self._spill is not None:
                self._spill.flush()
                self._signatures = np.memmap(self._spill, dtype=np.uint32, mode="r", shape=shape) if len(self) \
                    else np.zeros(shape, dtype=np.uint32)
            else:
                self._signatures = ChunkedRows(self._parts, self.params.num_perm)  # type: ignore[assignment]
        return self._signatures

    @property
    def bytes_per_document(self) -> float:
        """Bytes of state per document so far (ids measured, not assumed); signatures count when in memory."""
        n = max(len(self), 1)
        sig = 4 * self.params.num_perm if self._hasher is not None and self._spill is None else 0
        return 16 + 4 + 8 + len(self.id_bytes) / n + sig


@dataclass
class Resolution:
    """For every document: the index of the one its cluster keeps (itself if kept), and the similarity to it."""

    kept: np.ndarray
    similarity: np.ndarray
    exact: np.ndarray
    """Whether the document folds to the same text as the kept one."""
    candidate_pairs: int = 0
    verified_pairs: int = 0

    def duplicates(self) -> np.ndarray:
        return np.flatnonzero(self.kept != np.arange(len(self.kept)))


def exact_pairs(keys: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (first with that key, other) of documents with the same folded text; empty texts take no part."""
    live = np.flatnonzero(lengths > 0)
    _, first, inverse = np.unique(keys[live], return_index=True, return_inverse=True)
    head = live[first[inverse.ravel()]]
    same = head != live
    return head[same], live[same]


def resolve(keys: np.ndarray, lengths: np.ndarray, signatures: np.ndarray | ChunkedRows | None,
            params: DedupParams) -> Resolution:
    """Cluster the documents and keep one per cluster; ``keys`` is an ``S16`` array of exact keys."""
    first, other = exact_pairs(keys, lengths)
    n_candidates = n_verified = 0
    if params.mode == "near" and signatures is not None:
        cand_first, cand_other = candidate_pairs(signatures, params.bands, params.rows)
        near_first, near_other, _ = verified_pairs(signatures, cand_first, cand_other, params.threshold)
        n_candidates, n_verified = len(cand_first), len(near_first)
        first, other = np.concatenate((first, near_first)), np.concatenate((other, near_other))
    kept = keep_one(clusters(len(keys), first, other), lengths, params.keep)
    similarity = np.ones(len(keys))
    exact = keys == keys[kept]
    dup = np.flatnonzero(kept != np.arange(len(keys)))
    inexact = dup[~exact[dup]]
    if signatures is not None:
        for lo in range(0, len(inexact), 1 << 16):  # in chunks: signatures may be memory-mapped
            part = inexact[lo:lo + (1 << 16)]
            similarity[part] = jaccard(signatures[part], signatures[kept[part]])
    return Resolution(kept, similarity, exact, n_candidates, n_verified)


def resolve_state(state: DedupState) -> Resolution:
    """:func:`resolve` over what a run collected."""
    keys = np.frombuffer(bytes(state.keys), dtype="S16")
    return resolve(keys, np.frombuffer(state.lengths, dtype=np.int32).astype(np.int64), state.signatures(),
                   state.params)
