"""Clusters of duplicates by union-find, and the rule that keeps one article of each.

Keep rule: the article with the most text (the longest folded text: a trimmed
copy has lost paragraphs), and among equally long ones the earliest in input
order (for exact duplicates, which fold to the same text, that is simply the
first seen). Every other member records the kept one as ``duplicate_of``.
"""
from __future__ import annotations

from array import array

import numpy as np

KEEP_RULES = {
    "longest": "the longest folded text; ties go to the earliest in input order",
    "first": "the earliest in input order",
}


class UnionFind:
    """Disjoint sets over ``0..n-1`` with path halving and union by smaller root index (4 bytes a document)."""

    def __init__(self, n: int) -> None:
        self.parent = array("i", range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def clusters(n: int, first: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The cluster root of every document (the smallest index in its cluster), from the duplicate pairs."""
    sets = UnionFind(n)
    for a, b in zip(first.tolist(), other.tolist()):
        sets.union(a, b)
    roots = np.arange(n, dtype=np.int64)
    touched = np.unique(np.concatenate((first, other)))  # the others are alone: their own root
    roots[touched] = np.fromiter((sets.find(x) for x in touched.tolist()), dtype=np.int64, count=len(touched))
    return roots


def keep_one(roots: np.ndarray, lengths: np.ndarray, rule: str = "longest") -> np.ndarray:
    """For each document, the index of the document its cluster keeps (itself when it is kept)."""
    if rule not in KEEP_RULES:
        raise ValueError(f"unknown keep rule {rule!r}; known: {', '.join(KEEP_RULES)}")
    index = np.arange(len(roots))
    size = np.bincount(roots, minlength=len(roots))
    kept = index.copy()
    grouped = np.flatnonzero(size[roots] > 1)
    if not len(grouped):
        return kept
    by_length = -lengths[grouped] if rule == "longest" else np.zeros(len(grouped), dtype=np.int64)
    order = grouped[np.lexsort((grouped, by_length, roots[grouped]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = roots[order[1:]] != roots[order[:-1]]
    winner = np.empty(len(roots), dtype=np.int64)
    winner[roots[order[head]]] = order[head]
    kept[grouped] = winner[roots[grouped]]
    return kept
