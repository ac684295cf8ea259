"""Pure-Python inference of the fitted line model shipped in ``resources/line_model.json``.

The model says how likely a line is *not* article text (boilerplate or metadata), from the features
of :mod:`corpus_clean.lines.features`. It is trained by ``python tools/train_line_model.py`` (which
needs scikit-learn, the ``train`` extra); running it needs nothing but this module. Two kinds are
read: ``logistic`` (standardised features, weights, intercept) and ``trees`` (gradient-boosted or
single decision trees, as arrays of nodes), whichever leave-one-site-out validation chose.
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .features import FEATURES, PageFeatures, prepare_tables


class ModelError(ValueError):
    """A model file that does not fit this code (other features, unknown kind, missing fields)."""


@dataclass(frozen=True)
class Tree:
    """One regression tree as parallel node arrays; a leaf has ``left == -1``."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: Sequence[float]) -> float:
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


class LineModel:
    """A fitted line model: :meth:`probability` that a line's features are those of boilerplate."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if tuple(data.get("features", ())) != FEATURES:
            raise ModelError("line model: its feature list is not the one corpus_clean.lines.features computes; "
                             "retrain it with tools/train_line_model.py")
        self.kind: str = data.get("kind", "")
        self.threshold: float = float(data["threshold"])
        self.info: dict[str, Any] = dict(data.get("info", {}))
        if self.kind == "logistic":
            self._mean = [float(v) for v in data["mean"]]
            self._scale = [float(v) or 1.0 for v in data["scale"]]
            self._coef = [float(v) for v in data["coef"]]
            self._intercept = float(data["intercept"])
        elif self.kind == "trees":
            self._init = float(data["init"])
            self._rate = float(data["learning_rate"])
            self.trees = [Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]),
                                tuple(t["value"])) for t in data["trees"]]
            self._raw = bool(data.get("raw", True))
            self._sum = compile_trees(self.trees)
            self._flat = FlatTrees(self.trees)
        else:
            raise ModelError(f"line model: unknown kind {self.kind!r} (expected 'logistic' or 'trees')")

    def probability(self, x: Sequence[float]) -> float:
        """How likely the line is not article text, in [0, 1]."""
        if self.kind == "logistic":
            z = self._intercept + sum(c * (v - m) / s for c, v, m, s in zip(self._coef, x, self._mean, self._scale))
        else:
            total = self._sum(x)
            if not self._raw:  # a single tree storing the probability itself
                return total / len(self.trees)
            z = self._init + self._rate * total
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def is_boilerplate(self, x: Sequence[float]) -> bool:
        return self.probability(x) >= self.threshold

    def probabilities(self, matrix: np.ndarray) -> list[float]:
        """:meth:`probability` of each row of ``matrix``, the same floats, all rows at once."""
        if self.kind != "trees" or not self._raw or not self._flat.usable or not len(matrix):
            return [self.probability(row) for row in matrix.tolist()]
        z = (self._init + self._rate * self._flat.sums(matrix)).tolist()
        return [1.0 / (1.0 + math.exp(-v)) if v > -60 else 0.0 for v in z]

    def flags(self, matrix: np.ndarray) -> list[bool]:
        """:meth:`is_boilerplate` of each row of ``matrix``, all rows at once."""
        threshold = self.threshold
        return [p >= threshold for p in self.probabilities(matrix)]

    def boilerplate(self, page: PageFeatures) -> list[bool]:
        """:meth:`is_boilerplate` of every line of a page (``False`` for its gaps), from its features at once."""
        out = [False] * page.size
        threshold = self.threshold
        for i, p in zip(page.index, self.probabilities(page.matrix)):
            out[i] = p >= threshold
        return out


class FlatTrees:
    """The trees as complete binary trees of one depth in flat arrays, walked for all rows of a feature
    matrix and all trees at once.

    A leaf above the full depth becomes a decision whose two sides both lead to copies of it, so the
    children of node ``i`` are ``2i+1`` and ``2i+2`` and one numpy step per level moves every (row, tree)
    pair one level down. The leaf values are then summed tree after tree, in the order the compiled
    function adds them, so the sums are the same floats."""

    MAX_DEPTH = 12
    """Deeper trees would make the complete ones too large: :attr:`usable` is False and rows are walked one by one."""

    def __init__(self, trees: Sequence[Tree]) -> None:
        self.depth = max((_depth(tree, 0) for tree in trees), default=0)
        self.count = len(trees)
        self.usable = bool(trees) and self.depth <= self.MAX_DEPTH
        if not self.usable:
            return
        inner, leaves = (1 << self.depth) - 1, 1 << self.depth
        self.feature = np.zeros((len(trees), inner), dtype=np.int64)
        self.threshold = np.full((len(trees), inner), np.inf)
        self.value = np.zeros((len(trees), leaves))
        for t, tree in enumerate(trees):
            stack = [(0, 0, 0)]  # node of the tree, slot in the complete tree, level
            while stack:
                node, slot, level = stack.pop()
                if level == self.depth:
                    self.value[t, slot - inner] = tree.value[node]
                    continue
                leaf = tree.left[node] == -1
                if not leaf:
                    self.feature[t, slot] = int(tree.feature[node])
                    self.threshold[t, slot] = float(tree.threshold[node])
                stack += [(node if leaf else tree.left[node], 2 * slot + 1, level + 1),
                          (node if leaf else tree.right[node], 2 * slot + 2, level + 1)]
        self._root_feature, self._root_threshold = self.feature[:, :1].ravel(), self.threshold[:, :1].ravel()
        self.feature, self.threshold, self.value = self.feature.ravel(), self.threshold.ravel(), self.value.ravel()
        self._base = (np.arange(self.count, dtype=np.intp) * inner)[None, :]  # tree t's slots start here
        self._base_less_2 = self._base - 2
        # from the slot of a leaf (base + n, n >= inner) to its value's place (t * leaves + n - inner)
        self._leaf_shift = (np.arange(self.count, dtype=np.intp) * (leaves - inner))[None, :] - inner

    CHUNK_ROWS = 16_384
    """Rows walked together: the walk holds a few (rows x trees) arrays, so a page of 200,000 short lines is
    walked in chunks rather than with some 300 MB at once (rows are independent: the same sums)."""

    def sums(self, matrix: np.ndarray) -> np.ndarray:
        """For each row, the sum of the trees' outputs (``t0 + t1 + ...``, left to right)."""
        if len(matrix) > self.CHUNK_ROWS:
            return np.concatenate([self._sums(matrix[start:start + self.CHUNK_ROWS])
                                   for start in range(0, len(matrix), self.CHUNK_ROWS)])
        return self._sums(matrix)

    def _sums(self, matrix: np.ndarray) -> np.ndarray:
        rows, width = matrix.shape
        if not self.depth:
            return np.cumsum(np.broadcast_to(self.value, (rows, self.count)), axis=1)[:, -1]
        flat = np.ascontiguousarray(matrix, dtype=np.float64).ravel()
        offset = (np.arange(rows, dtype=np.intp) * width)[:, None]
        # the roots' decisions read straight from the matrix; each level under them moves every (row, tree)
        # pair down with a few whole-array steps, in place
        at = self._base + 2 - (matrix[:, self._root_feature] <= self._root_threshold)  # slots on level 1
        for _ in range(self.depth - 1):
            feature = self.feature.take(at)
            feature += offset
            goes_left = flat.take(feature) <= self.threshold.take(at)
            at *= 2  # slot base + n -> base + 2n + 1 (left) or base + 2n + 2 (right)
            at -= self._base_less_2
            at -= goes_left
        at += self._leaf_shift
        return np.cumsum(self.value.take(at), axis=1)[:, -1]


def _depth(tree: Tree, node: int) -> int:
    """Levels of decisions under ``node`` (iterative: a degenerate tree may be deep)."""
    deepest, stack = 0, [(node, 0)]
    while stack:
        i, d = stack.pop()
        if tree.left[i] == -1:
            deepest = max(deepest, d)
        else:
            stack += [(tree.left[i], d + 1), (tree.right[i], d + 1)]
    return deepest


def compile_trees(trees: Sequence[Tree]) -> Callable[[Sequence[float]], float]:
    """One Python function summing the trees' outputs, each tree written out as nested conditional
    expressions: about five times faster than walking the node arrays, and every line of every page
    pays it. The source holds only numbers read through ``int``/``float`` from the model file."""
    def node(t: Tree, i: int) -> str:
        if t.left[i] == -1:
            return repr(float(t.value[i]))
        return (f"({node(t, t.left[i])} if x[{int(t.feature[i])}] <= {float(t.threshold[i])!r} "
                f"else {node(t, t.right[i])})")

    try:
        body = " + ".join(node(t, 0) for t in trees) or "0.0"
        namespace: dict[str, Any] = {}
        exec(compile(f"def tree_sum(x):\n    return {body}\n", "<line model>", "exec"), {"__builtins__": {}},
             namespace)
        return namespace["tree_sum"]  # type: ignore[no-any-return]
    except (RecursionError, SyntaxError, MemoryError):  # trees too deep to write out: walk them
        return lambda x: sum(t.predict(x) for t in trees)


@lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    """The model in ``corpus_clean/resources/line_model.json``, read once, with the tables its features read."""
    text = resources.files("corpus_clean.resources").joinpath("line_model.json").read_text(encoding="utf-8")
    prepare_tables()
    return LineModel(json.loads(text))
