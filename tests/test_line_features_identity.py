"""The page-at-a-time line features and tree walk give exactly what the line-at-a-time code gave.

The shipped model was fitted on the vectors of the first, line-at-a-time feature code (kept as
tests/line_features_reference.py); the numpy version computes a whole page at once, for speed, and must
not move a single bit: the same vectors (exact float equality) on every page of the labelled-lines
corpus and on pages made of the characters where the two could part (newlines inside lines, closing
quotes at the end, astral Han, digits of other scripts, NUL), and the same probabilities."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

import tests.line_features_reference as reference
from corpus_clean.lines import shapes
from corpus_clean.lines.corpus import GAPS, read_pages
from corpus_clean.lines.features import FEATURES, page_features, page_table
from corpus_clean.lines.model import LineModel, shipped_model
from corpus_clean.lines.verdicts import page_verdicts

ROOT = Path(__file__).parent.parent
TRICKY = ["。", "！", "？", "…", "...", "。。。", "”", "）", ")", "】", "》", "\"", "【", "(", "（", "〔", "〕", "]", "[",
          "\n", "\x00", "|", "｜", ">", "›", "·", "/", "_", "＿", "，", "、", "：", ":", ";", "—", "2024-05-01", "12:30",
          "１２：３０", "٣٤:٥٦", "²", "阅读 12", "3次", "人气：5", "www.", "a.com", ".html", "@x", "HTTP:", " ", "\u3000",
          "\xa0", "\t", "万", "千", ",", ".", "\U00020001", "\ud800", "A", "ｚ", "7", "新闻", "中国", "的", "年", "月", "日"]
VERDICTS = ["body", "heading", "meta:date", "removed:copyright", "removed:navigation", "removed:"]


def corpus_pages() -> list[list[str]]:
    return [[r["text"] if r["label"] not in GAPS else "" for r in rows]
            for rows in read_pages(ROOT / "tests" / "lines" / "lines.jsonl").values()]


def tricky_pages(count: int = 300, seed: int = 3) -> list[tuple[list[str], list[str]]]:
    """Pages whose lines are runs of the characters and shapes where a per-page reading could part from a
    per-line one; some lines left empty (gaps), some pages with one line."""
    rng = random.Random(seed)
    pages = []
    for _ in range(count):
        texts = []
        for _ in range(rng.choice([1, 2, 5, 15, 40])):
            parts = rng.choices(TRICKY, k=rng.randrange(0, 12))
            text = "".join(parts)
            texts.append(text if rng.random() > 0.15 else "")
        pages.append((texts, [rng.choice(VERDICTS) if t else "" for t in texts]))
    return pages


def test_every_page_of_the_labelled_corpus_gets_the_same_vectors_bit_for_bit() -> None:
    pages = corpus_pages()
    assert len(pages) > 50
    for texts in pages:
        verdicts = page_verdicts(texts)
        assert page_features(texts, verdicts) == reference.page_features(texts, verdicts)


def test_pages_of_tricky_characters_get_the_same_vectors() -> None:
    for texts, verdicts in tricky_pages():
        assert page_features(texts, verdicts) == reference.page_features(texts, verdicts), texts


def test_pages_of_prose_and_menu_lines_get_the_same_region_runs_and_neighbours() -> None:
    """Prose lines of exactly the gap cost and runs separated by exactly the run gap: the ties where a
    prefix-sum reading of the article region and of the runs of prose could part from the loops."""
    rng = random.Random(5)
    for _ in range(300):
        texts = [rng.choice(["的" * rng.choice([12, 13, 24]) + "，", "首页", "", "新闻中心", "的" * 12 + "。"])
                 for _ in range(rng.randrange(1, 60))]
        verdicts = ["body" if t else "" for t in texts]
        assert page_features(texts, verdicts) == reference.page_features(texts, verdicts), texts


def test_a_page_classed_a_run_of_lines_at_a_time_gets_the_same_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Huge pages are classed in runs of lines (memory for one run, not the page): runs of a few characters
    here, so that every page of tricky characters is cut into many."""
    monkeypatch.setattr(shapes, "CHUNK_CHARS", 9)
    assert len(shapes.chunks(["一二三四五", "六七八", "九十", "十一十二十三十四十五"])) == 3
    for texts, verdicts in tricky_pages(count=100, seed=8):
        assert page_features(texts, verdicts) == reference.page_features(texts, verdicts), texts


def test_dom_link_density_and_long_lines_get_the_same_vectors() -> None:
    texts = ["新闻中心", "", "正文很长的一段话，讲了运动会的事情。" * 400, "a" * 70_000 + "。", "x"]
    extras = [{"link_density": 1.0}, None, {"link_density": 0.25}, {}, None]
    verdicts = ["body", "", "body", "body", "removed:copyright"]
    assert page_features(texts, verdicts, extras) == reference.page_features(texts, verdicts, extras)
    assert page_features(["", ""], ["", ""]) == [None, None]


def test_the_model_gives_each_page_the_same_probabilities_at_once_as_line_by_line() -> None:
    model = shipped_model()
    for texts in corpus_pages()[:30]:
        table = page_table(texts, page_verdicts(texts))
        rows = table.matrix.tolist()
        assert model.probabilities(table.matrix) == [model.probability(row) for row in rows]
        flags = model.boilerplate(table)
        assert [flags[i] for i in table.index] == [model.is_boilerplate(row) for row in rows]


def test_the_flat_tree_walk_takes_the_same_branch_at_a_threshold_and_on_nan() -> None:
    tree = {"feature": [1, 0, -2, -2, -2], "threshold": [0.5, -0.0, -2.0, -2.0, -2.0], "left": [1, 2, -1, -1, -1],
            "right": [4, 3, -1, -1, -1], "value": [0.0, 0.0, 1.0, 2.0, 4.0]}
    model = LineModel({"features": list(FEATURES), "kind": "trees", "threshold": 0.5, "init": 0.1,
                       "learning_rate": 0.3, "trees": [tree, tree]})
    rows = np.zeros((6, len(FEATURES)))
    rows[:, :2] = [[0.0, 0.5], [-0.0, 0.5], [1e-300, 0.5], [0.0, np.nan], [np.nan, 0.0], [0.0, 0.5000000001]]
    assert model.probabilities(rows) == [model.probability(row) for row in rows.tolist()]
    assert len(set(model.probabilities(rows))) == 3


def _random_tree(rng: random.Random, depth: int) -> dict[str, list[float]]:
    """A regression tree of at most ``depth`` levels, some leaves above the bottom, thresholds at 0, 0.5, 1."""
    tree: dict[str, list[float]] = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

    def grow(level: int) -> int:
        node = len(tree["value"])
        for key, empty in (("feature", -2), ("threshold", -2.0), ("left", -1), ("right", -1)):
            tree[key].append(empty)
        tree["value"].append(rng.uniform(-1, 1))
        if level < depth and rng.random() < 0.8:
            tree["feature"][node] = rng.randrange(5)
            tree["threshold"][node] = rng.choice([0.0, 0.5, 1.0, rng.random()])
            tree["left"][node] = grow(level + 1)
            tree["right"][node] = grow(level + 1)
        return node

    grow(0)
    return tree


def test_the_flat_tree_walk_sums_random_trees_of_every_depth_as_the_row_by_row_walk() -> None:
    """Trees of depth 0 (a single leaf) to 5, unbalanced, on rows holding the thresholds themselves and NaN."""
    rng = random.Random(2)
    for _ in range(120):
        depth = rng.randrange(0, 6)
        model = LineModel({"features": list(FEATURES), "kind": "trees", "threshold": 0.5, "init": 0.1,
                           "learning_rate": 0.3, "trees": [_random_tree(rng, depth) for _ in range(rng.randrange(1, 8))]})
        rows = np.array([[rng.choice([0.0, 0.5, 1.0, rng.random(), np.nan]) for _ in FEATURES]
                         for _ in range(rng.randrange(1, 30))])
        assert model.probabilities(rows) == [model.probability(row) for row in rows.tolist()], depth
        assert model.flags(rows) == [model.is_boilerplate(row) for row in rows.tolist()], depth


@pytest.mark.parametrize("line", ["1" * 50_000 + "年", "2024-" * 20_000, "阅读" * 30_000 + "x", "）" * 50_000,
                                  "\n" * 20_000 + "。", "." * 60_000],
                         ids=["digits", "dates", "counter_words", "closers", "newlines", "dots"])
def test_long_adversarial_lines_get_the_same_vectors(line: str) -> None:
    texts = [line, line[:100], "", line[::-1]]
    verdicts = ["body", "body", "", "heading"]
    assert page_features(texts, verdicts) == reference.page_features(texts, verdicts)
