"""MinHash signatures of folded text on character n-grams, computed with numpy a batch at a time.

Each n-gram of code points is hashed to 64 bits (a polynomial over the code
points, then the splitmix64 finaliser), and each of ``num_perm`` hash functions
``h(x) = (a*x + b) mod 2**64 >> 32`` (``a`` odd, multiply-add-shift) is applied
to every n-gram of a batch at once; the signature is the minimum per document
(``np.minimum.reduceat``). Characters, not words: Chinese has no spaces, and a
word segmenter would make the signature depend on its dictionary. The
parameters are seeded, so every process (and every Ray worker) computes the
same signature for the same text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)
"""The signature value of a text with no n-gram (it folds to nothing): such texts are never near-duplicates."""

BACKENDS = ("rensa", "numpy")
_COLUMNS = 1 << 14  # n-grams per (num_perm x columns) block: 16 MB of uint64 at 128 permutations
_BASE = np.uint64(0x100000001B3)


def _rensa():  # type: ignore[no-untyped-def]
    try:
        import rensa
    except ImportError:
        return None
    return rensa


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads a polynomial hash over all 64 bits (wraps modulo 2**64)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@dataclass(frozen=True)
class MinHasher:
    """Signatures of ``num_perm`` 32-bit minima over character ``ngram``-grams."""

    ngram: int = 5
    num_perm: int = 128
    seed: int = 1
    backend: str = "auto"
    """``rensa``, ``numpy``, or ``auto``: rensa when it is installed."""

    def __post_init__(self) -> None:
        if self.ngram < 1 or self.num_perm < 1:
            raise ValueError(f"ngram ({self.ngram}) and num_perm ({self.num_perm}) must be at least 1")
        if self.backend not in BACKENDS + ("auto",):
            raise ValueError(f"unknown MinHash backend {self.backend!r}; known: {', '.join(BACKENDS)}")
        if self.backend == "auto":
            object.__setattr__(self, "backend", "rensa" if _rensa() is not None else "numpy")
        elif self.backend == "rensa" and _rensa() is None:
            raise ValueError("the rensa MinHash backend is not installed: pip install rensa")

    @cached_property
    def _perms(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        a = rng.integers(0, 1 << 63, size=self.num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        b = rng.integers(0, 1 << 63, size=self.num_perm, dtype=np.uint64)
        return a[:, None], b[:, None]

    def shingles(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The 64-bit hashes of every n-gram of every text, and how many each text has.

        A text shorter than ``ngram`` (but not empty) is one shingle, itself.
        """
        n = self.ngram
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        windows = max(len(codes) - n + 1, 0)
        rolling = np.zeros(windows, dtype=np.uint64)
        for k in range(n):  # polynomial over the n code points of each window, wrapping modulo 2**64
            rolling = rolling * _BASE + codes[k:k + windows]
        counts = np.where(lengths >= n, lengths - n + 1, np.minimum(lengths, 1))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(texts) else lengths
        full = lengths >= n
        full_counts = counts * full
        first = np.repeat(starts * full, full_counts)
        offset = np.arange(int(full_counts.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(full_counts) - full_counts, full_counts)
        hashes = rolling[first + offset] if windows else np.zeros(0, dtype=np.uint64)
        short = np.flatnonzero((lengths > 0) & ~full)
        if len(short):  # rare: each short text is one shingle, spliced in at its place
            values = np.zeros(len(short), dtype=np.uint64)
            for j, i in enumerate(short):
                value = 0
                for code in codes[starts[i]:starts[i] + lengths[i]].tolist():
                    value = (value * int(_BASE) + code) & 0xFFFFFFFFFFFFFFFF  # as the windows wrap
                values[j] = value
            at = (np.cumsum(full_counts) - full_counts)[short]
            hashes = np.insert(hashes, at, values)
        return _mix(hashes), counts

    def signatures(self, folded: list[str]) -> np.ndarray:
        """A ``(len(folded), num_perm)`` uint32 array: the MinHash signature of each folded text."""
        if self.backend == "rensa":
            return self._rensa_signatures(folded)
        return self._numpy_signatures(folded)

    def _rensa_signatures(self, folded: list[str]) -> np.ndarray:
        minhash = _rensa().RMinHash
        n = self.ngram
        out = np.full((len(folded), self.num_perm), EMPTY, dtype=np.uint32)
        for i, text in enumerate(folded):
            if text:
                sketch = minhash(num_perm=self.num_perm, seed=self.seed)
                sketch.update([text[k:k + n] for k in range(len(text) - n + 1)] if len(text) >= n else [text])
                out[i] = sketch.digest()
        return out

    def _numpy_signatures(self, folded: list[str]) -> np.ndarray:
        out = np.full((len(folded), self.num_perm), EMPTY, dtype=np.uint32)
        hashes, counts = self.shingles(folded)
        a, b = self._perms
        ends = np.cumsum(counts)
        starts = ends - counts
        done = 0
        while done < len(folded):  # documents whose n-grams fit one block, or one long document alone
            last = max(int(np.searchsorted(ends, starts[done] + _COLUMNS, side="right")), done + 1)
            block = hashes[starts[done]:ends[last - 1]]
            has = np.flatnonzero(counts[done:last] > 0)
            minima = np.full((self.num_perm, len(has)), np.uint64(0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
            for lo in range(0, len(block), _COLUMNS):  # more than one step only for a long document
                part = block[lo:lo + _COLUMNS]
                values = np.multiply(a, part)
                values += b  # the shift to 32 bits is monotone, so it is applied to the minima only
                if len(has) == 1:
                    np.minimum(minima[:, 0], values.min(axis=1), out=minima[:, 0])
                else:
                    minima = np.minimum.reduceat(values, starts[done:last][has] - starts[done], axis=1)
            out[done + has] = (minima >> np.uint64(32)).astype(np.uint32).T
            done = last
        return out


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray:
    """The estimated Jaccard similarity of signatures (row by row): the share of equal minima."""
    equal = (sig_a == sig_b) & (sig_a != EMPTY)
    return equal.mean(axis=-1)
