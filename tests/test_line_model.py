"""The shipped line model (corpus_clean/resources/line_model.json): it loads, runs in pure Python, and on the
labelled-lines corpus it does at least as well as its recorded leave-one-site-out figures (which it was not
fitted to reach: they come from models that never saw the site they judged)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean.lines.corpus import LabelledLine, labelled_lines
from corpus_clean.lines.features import FEATURES
from corpus_clean.lines.model import LineModel, ModelError, Tree, compile_trees, shipped_model

ROOT = Path(__file__).parent.parent
LOSO = json.loads((ROOT / "tests" / "lines" / "loso.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lines() -> list[LabelledLine]:
    return labelled_lines(ROOT / "tests" / "lines" / "lines.jsonl")


def judged(lines: list[LabelledLine], model: LineModel) -> list[bool]:
    """What the judgement removes: a lexicon or metadata verdict, else the model's."""
    return [ln.verdict.split(":")[0] in ("removed", "meta") or model.is_boilerplate(ln.vector) for ln in lines]


def f1(pred: list[bool], truth: list[bool], weight: list[int] | None = None) -> tuple[float, float, float]:
    w = weight or [1] * len(pred)
    tp = sum(x for p, t, x in zip(pred, truth, w) if p and t)
    p = tp / max(1, sum(x for p, x in zip(pred, w) if p))
    r = tp / max(1, sum(x for t, x in zip(truth, w) if t))
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def test_the_shipped_model_is_the_one_validated_and_reads_the_current_features() -> None:
    model = shipped_model()
    assert model.kind in ("logistic", "trees")
    assert LOSO["shipped"] and model.info["loso"] == LOSO["kinds"][LOSO["shipped"]]["judgement"]


def test_on_the_corpus_the_shipped_model_does_no_worse_than_its_leave_one_site_out_figure(
        lines: list[LabelledLine]) -> None:
    removed = judged(lines, shipped_model())
    truth = [ln.boilerplate for ln in lines]
    recorded = LOSO["kinds"][LOSO["shipped"]]["judgement"]
    _, _, boilerplate_f1 = f1(removed, truth)
    _, article_recall, article_f1 = f1([not r for r in removed], [not t for t in truth], [ln.chars for ln in lines])
    assert boilerplate_f1 >= recorded["boilerplate"]["f1"] - 0.01
    assert article_f1 >= recorded["chars"]["article"]["f1"] - 0.01
    assert article_recall >= 0.95


def test_the_model_beats_todays_single_line_rules_out_of_sample() -> None:
    shipped, today = LOSO["kinds"][LOSO["shipped"]]["judgement"], LOSO["today"]
    assert shipped["boilerplate"]["f1"] > today["boilerplate"]["f1"]
    assert shipped["chars"]["article"]["f1"] > today["chars"]["article"]["f1"]


def test_a_model_file_for_other_features_or_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ModelError, match="feature list"):
        LineModel({"features": ["len_log"], "kind": "logistic", "threshold": 0.5})
    with pytest.raises(ModelError, match="unknown kind"):
        LineModel({"features": list(FEATURES), "kind": "forest", "threshold": 0.5})


def test_trees_and_weights_give_the_probabilities_they_encode() -> None:
    tree = Tree(feature=(0, 0, 0), threshold=(1.0, 0.0, 0.0), left=(1, -1, -1), right=(2, -1, -1), value=(0.0, -2.0, 2.0))
    assert tree.predict([0.5]) == -2.0 and tree.predict([1.5]) == 2.0
    n = len(FEATURES)
    trees = {"feature": [0, 0, 0], "threshold": [1.0, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
             "value": [0.0, -2.0, 2.0]}
    model = LineModel({"features": list(FEATURES), "kind": "trees", "threshold": 0.5, "init": 0.0,
                       "learning_rate": 1.0, "trees": [trees]})
    assert model.is_boilerplate([2.0] + [0.0] * (n - 1)) and not model.is_boilerplate([0.0] * n)
    logistic = LineModel({"features": list(FEATURES), "kind": "logistic", "threshold": 0.5, "mean": [0.0] * n,
                          "scale": [1.0] * n, "coef": [1.0] + [0.0] * (n - 1), "intercept": 0.0})
    assert logistic.probability([0.0] * n) == 0.5 and logistic.probability([3.0] + [0.0] * (n - 1)) > 0.95


def test_the_compiled_trees_sum_what_walking_the_trees_sums(lines: list[LabelledLine]) -> None:
    model = shipped_model()
    if model.kind != "trees":
        pytest.skip("the shipped model has no trees")
    walked = compile_trees([])  # no tree sums to 0
    assert walked([0.0] * len(FEATURES)) == 0.0
    summed = compile_trees(model.trees)
    for ln in lines[::50]:
        assert summed(ln.vector) == pytest.approx(sum(t.predict(ln.vector) for t in model.trees), abs=1e-9)


def test_trees_walked_in_chunks_give_the_sums_of_one_walk(lines: list[LabelledLine],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from corpus_clean.lines.model import FlatTrees

    model = shipped_model()
    if model.kind != "trees":
        pytest.skip("the shipped model has no trees")
    flat = FlatTrees(model.trees)
    matrix = np.array([ln.vector for ln in lines[:2000]])
    whole = flat.sums(matrix)
    monkeypatch.setattr(FlatTrees, "CHUNK_ROWS", 333)
    assert np.array_equal(flat.sums(matrix), whole)
    compiled = compile_trees(model.trees)
    assert [compiled(row) for row in matrix[:50].tolist()] == whole[:50].tolist()
