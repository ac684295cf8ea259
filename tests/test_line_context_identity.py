"""The article-context features computed a page at a time are the ones first written line by line, bit for bit.

``tests/line_context_reference.py`` is the first, line-at-a-time code (frozen); the shipped model was fitted
on its columns. Every page of the labelled-lines corpus, pages of tricky characters and pages of prose and
menu lines at the run gap's ties go through :func:`page_table`, and each call of the article-context
features is checked against the reference on the same arguments.
"""
from __future__ import annotations

import random

import numpy as np
import pytest

import tests.line_context_reference as reference
from corpus_clean.lines import context, features
from corpus_clean.lines.features import page_table
from corpus_clean.lines.verdicts import page_verdicts

from .test_line_features_identity import corpus_pages, tricky_pages


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every call of ``article_context_table`` made by ``page_table``, compared with the reference; the count of
    calls."""
    calls: list[int] = []

    def both(*args: object, **known: object) -> np.ndarray:
        fast = context.article_context_table(*args, **known)  # type: ignore[arg-type]
        # what the caller knows already (the echo line) must be what the reference finds for itself
        slow = reference.article_context(*args)  # type: ignore[arg-type]
        assert len(fast) == len(slow) and fast.dtype == np.float64
        assert fast.tobytes() == np.array(slow, dtype=np.float64).tobytes(), args[0]
        assert all(type(v) is float for row in context.article_context(*args) for v in row)  # type: ignore[arg-type]
        calls.append(1)
        return fast

    monkeypatch.setattr(features, "article_context_table", both)
    return calls


def test_every_page_of_the_labelled_corpus_gets_the_same_article_context(checked: list[int]) -> None:
    pages = corpus_pages()
    for texts in pages:
        page_table(texts, page_verdicts(texts))
    assert len(checked) >= 50


def test_pages_of_tricky_characters_and_verdicts_get_the_same_article_context(checked: list[int]) -> None:
    for texts, verdicts in tricky_pages():
        page_table(texts, verdicts)
    assert len(checked) >= 200


def test_pages_at_the_run_gaps_ties_get_the_same_article_context(checked: list[int]) -> None:
    rng = random.Random(11)
    lines = ["的" * 12 + "，", "的" * 30 + "。", "首页", "", "新闻中心", "标题：运动会开幕", "分享到：微信"]
    for _ in range(400):
        texts = [rng.choice(lines) for _ in range(rng.randrange(1, 50))]
        texts[0] = rng.choice(["运动会开幕了_新闻中心", "标题", ""])
        verdicts = [rng.choice(["body", "heading", "meta:date", "removed:share_prompt", "removed:navigation"])
                    if t else "" for t in texts]
        page_table(texts, verdicts)
    assert len(checked) >= 300


def test_pages_whose_lines_share_three_quarters_of_their_pairs_with_the_title_get_the_same_echo(
        checked: list[int]) -> None:
    """The echo line is read from the title similarity the features compute: lines at the 0.75 tie (3 of 4
    pairs), just under it (2 of 4, 5 of 7), the title itself, repeated pairs, and lines at the length bounds."""
    title = "运动会开幕了新闻中心今日头条"
    echoes = ["运动会开X", "运动X开幕", "运动会开幕了新X中心", title, "运动运动运动", "运动", "会开幕了", "开幕" * 40,
              "开幕" * 40 + "开", "开幕开幕", "开幕开幕开"]
    rng = random.Random(13)
    for _ in range(300):
        texts = [rng.choice([title, "开幕" * 50])] + [rng.choice(echoes + ["的" * 13 + "，", "首页", ""]) for _ in range(rng.randrange(1, 12))]
        page_table(texts, ["body" if t else "" for t in texts])
    assert len(checked) == 300


def test_shapes_and_echo_are_those_of_the_reference() -> None:
    pages = [texts for texts in corpus_pages()] + [t for t, _ in tricky_pages()]
    for texts in pages:
        stripped = [t.strip() for t in texts if t.strip()]
        assert context.shapes(stripped) == reference.shapes(stripped)
        assert context.echo_line(stripped) == reference.echo_line(stripped)
    assert context.shapes(["a1\n2", "３x"]) == reference.shapes(["a1\n2", "３x"])
