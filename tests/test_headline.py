"""The page's headline and its bylines, chosen by their place on the page, end to end through ``clean_page``.

Golden data (each row ``{"name", "page", "expect"}``, negatives included):

* ``cases/headline/bylines.jsonl``: ``expect`` is every author of the page's records, in order; ``[]`` where
  a line of names stands in no byline's place (a sidebar, site links, a sentence cut at its links).
* ``cases/headline/headlines.jsonl``: ``expect`` is the title of the page's first record.
"""
from __future__ import annotations

import pytest

from corpus_clean import clean_page
from corpus_clean.cleaners.byline_place import in_byline_place
from corpus_clean.page import BODY, HEADING, META, Line

from .casefiles import load_jsonl

BYLINES = load_jsonl("headline", "bylines.jsonl")


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
