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

from .features import FEATURES


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
    """The model in ``corpus_clean/resources/line_model.json``, read once."""
    text = resources.files("corpus_clean.resources").joinpath("line_model.json").read_text(encoding="utf-8")
    return LineModel(json.loads(text))
