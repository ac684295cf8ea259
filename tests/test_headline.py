"""The page's headline and its bylines, chosen by their place on the page, end to end through ``clean_page``.

Golden data (each row ``{"name", "page", "expect"}``, negatives included):

* ``cases/headline/bylines.jsonl``: ``expect`` is every author of the page's records, in order; ``[]`` where
  a line of names stands in no byline's place (a sidebar, site links, a sentence cut at its links).
* ``cases/headline/headlines.jsonl``: ``expect`` is the title of the page's first record; ``not_in_text``, where
  given, a line that must leave the text (a copy of the headline); ``records``, where given, how many records
  the page gives.
"""
from __future__ import annotations

import pytest

from corpus_clean import clean_page
from corpus_clean.cleaners.byline_place import in_byline_place
from corpus_clean.cleaners.headline import THRESHOLD, TitleText, features, is_candidate, score
from corpus_clean.names import parse_byline
from corpus_clean.page import BODY, HEADING, META, Line

from .casefiles import load_jsonl

BYLINES = load_jsonl("headline", "bylines.jsonl")
HEADLINES = load_jsonl("headline", "headlines.jsonl")


# headlines --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", HEADLINES, ids=[c["name"] for c in HEADLINES])
def test_the_first_record_is_titled_with_the_pages_headline(case: dict) -> None:
    records = clean_page(case["page"], source=case["name"])
    assert records and records[0].title == case["expect"]
    if "records" in case:  # lines under the headline before its prose open no other article
        assert len(records) == case["records"], [r.title for r in records]
    if "not_in_text" in case:  # a copy of the headline: out of the text, and recorded as removed
        assert all(case["not_in_text"] not in p for r in records for p in r.paragraphs)
        assert any(case["not_in_text"] == x.text for r in records for x in r.removed)


def test_headline_cases_are_distinct() -> None:
    names = [c["name"] for c in HEADLINES]
    assert len(HEADLINES) >= 8 and len(set(names)) == len(names)


def _scored(texts: list[str], i: int, title: str, prose: int) -> float:
    lines = [Line(t, HEADING if n == i else BODY) for n, t in enumerate(texts)]
    keys = "".join(ch for ch in title if ch.isalnum())
    folded = ["".join(ch for ch in t if ch.isalnum()) for t in texts]
    found = features(lines, i, TitleText(frozenset({keys}), keys), prose, folded, [True] * len(texts), 0,
                     [False] * len(texts))
    return score(found)


def test_an_echo_of_the_title_scores_a_headline_on_its_own() -> None:
    texts = ["青山镇小小网格员撑起基层治理一张网", "首页", "青山镇小小网格员撑起基层治理一张网", "首页", "首页"]
    assert _scored(texts, 2, texts[0], len(texts)) >= THRESHOLD


def test_a_menu_item_scores_below_a_headline() -> None:
    texts = ["青山镇小小网格员撑起基层治理一张网", "首页", "新闻", "政务", "服务"]
    assert _scored(texts, 2, texts[0], len(texts)) < THRESHOLD


@pytest.mark.parametrize("text,expect", [
    ("青山镇：小小网格员撑起基层治理“一张网”", True),
    ("这次地震波及范围为何如此之广？", True),
    ("——江西省景德镇市推动文明城市创建常态长效", False),  # a deck
    ("近年来，青山镇把网格化管理作为重要抓手。", False),  # a sentence
    ("相关阅读：", False),  # a label
])
def test_candidates_are_short_lines_that_are_not_sentences(text: str, expect: bool) -> None:
    assert is_candidate(text) is expect


# bylines ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,expect", [
    ("作者： 放飞&心情", ["放飞&心情"]),
    ("作者：ggjjzhzz", ["ggjjzhzz"]),
    ("作者：范志强 江涛", ["范志强", "江涛"]),
    ("作者：这是一个很长的句子而且没有结束", None),  # too long for a pen name
    ("作者：县公安局", None),  # a unit, no name
    ("放飞&心情", None),  # no label: not a pen name
])
def test_a_pen_name_is_read_after_an_authors_label_only(line: str, expect: list[str] | None) -> None:
    assert parse_byline(line) == expect


def test_pen_name_pattern_is_linear_on_a_long_line() -> None:
    assert parse_byline("作者：" + " " * 100_000 + "x") is None
    assert parse_byline("作者：" + "：" * 100_000) is None


def test_byline_cases_hold_positives_and_negatives() -> None:
    assert sum(1 for c in BYLINES if c["expect"]) >= 5
    assert sum(1 for c in BYLINES if not c["expect"]) >= 3


@pytest.mark.parametrize("case", BYLINES, ids=[c["name"] for c in BYLINES])
def test_authors_come_only_from_lines_in_a_bylines_place(case: dict) -> None:
    records = clean_page(case["page"], source=case["name"])
    assert [a for r in records for a in r.authors] == case["expect"]


def _names(text: str) -> Line:
    line = Line(text)
    line.mark_meta("spam_lines", "byline", {"authors": [text]})
    return line


def test_a_line_of_names_under_a_removed_line_stands_in_no_bylines_place() -> None:
    removed = Line("[图片搜索]")
    removed.remove("spam_lines", "outside_article")
    lines = [removed, _names("汤加丽"), Line("近年来，青山镇把网格化管理作为重要抓手。")]
    assert not in_byline_place(lines, (1, 2), set(), None)


def test_a_line_of_names_under_the_pages_headline_is_a_byline_whatever_follows() -> None:
    headline = Line("投身外交", HEADING)
    furniture = Line("连载：")
    furniture.remove("spam_lines", "outside_article")
    lines = [headline, _names("罗银胜"), furniture]
    assert in_byline_place(lines, (1, 2), set(), headline)
    assert not in_byline_place(lines, (1, 2), set(), None)


def test_a_run_of_thousands_of_name_lines_is_judged_in_one_pass() -> None:
    from corpus_clean.cleaners.byline_place import settle_bylines
    from corpus_clean.page import Page

    page = Page.from_text("x", "long")
    page.lines = [Line("标题在此", HEADING)] + [_names("汤加丽") for _ in range(20000)] + [Line("正文。", BODY)]
    settle_bylines(page, "segment")
    assert all(ln.kind == META for ln in page.lines[1:-1])  # one block under the headline: all bylines
