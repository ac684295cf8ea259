"""The labelled-lines corpus (tests/lines/lines.jsonl, built by tools/build_line_corpus.py) and its alignment rules."""
from __future__ import annotations

import importlib.util
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from corpus_clean.page import BLANK, BODY, Line

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "lines" / "lines.jsonl"
LABELS = {"body", "heading", "metadata", "boilerplate", "ambiguous", "blank", "settled"}


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_line_corpus", ROOT / "tools" / "build_line_corpus.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in CORPUS.open(encoding="utf-8")]


def test_the_corpus_holds_ten_thousand_labelled_lines_from_sixty_sites(rows: list[dict]) -> None:
    labelled = [r for r in rows if r["label"] not in ("blank", "settled", "ambiguous")]
    assert len(labelled) >= 10_000
    assert len({r["site"] for r in labelled}) >= 60
    assert {r["label"] for r in rows} <= LABELS


def test_every_page_is_whole_and_in_order(rows: list[dict]) -> None:
    pages: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        pages[r["page"]].append(r["i"])
    assert all(sorted(i) == list(range(len(i))) for i in pages.values())
    sets = Counter(r["set"] for r in rows if "set" in r)
    assert {"samples", "heldout", "fresh", "html/cwce", "html/magic_html_article"} <= set(sets)


def test_pages_of_one_site_share_its_key(rows: list[dict]) -> None:
    sites = defaultdict(set)
    for r in rows:
        if "site" in r:
            sites[r["site"]].add(r["page"])
    assert len(sites["sina"]) >= 3  # sina.com.cn, sina.cn and sina.net pages of the HTML sets
    b = _builder()
    assert b.brand("news.sina.com.cn") == b.brand("finance.sina.cn") == "sina"
    assert b.site_of(None, b'<a href="http://www.people.com.cn/x">' * 3, "p1") == "people"
    assert b.site_of(None, b"<p>no links</p>", "p1") == "page:p1"


def line(text: str) -> Line:
    return Line(text, BODY if text else BLANK)


def label(texts: list[str], body: str, **kw: object) -> list[str]:
    b = _builder()
    grams, short = b.gold_index(b.fold(body))
    lines = [line(t) for t in texts]
    rows = b.label_rows(lines, {}, grams, short, kw.get("titles", {}), kw.get("removed", set()), kw.get("echo"))
    return [r["label"] for r in rows]


BODY_TEXT = "今天本市举行了春季运动会，数千名市民参加了比赛。比赛持续了一整天，市民们纷纷表示这样的活动很有意义。"


def test_lines_inside_the_gold_are_body_and_lines_outside_are_boilerplate() -> None:
    texts = ["首页 新闻中心 体育频道", "", "今天本市举行了春季运动会，数千名市民参加了比赛。", "比赛持续了一整天，",
             "市民们纷纷表示这样的活动很有意义。", "", "版权所有 违者必究"]
    assert label(texts, BODY_TEXT) == ["boilerplate", "blank", "body", "body", "body", "blank", "boilerplate"]


def test_a_line_half_inside_the_gold_is_ambiguous_not_forced() -> None:
    texts = ["今天本市举行了春季运动会，数千名市民参加了比赛。", "市民们纷纷表示这样的活动很有意义，请点击这里下载客户端观看"]
    assert label(texts, BODY_TEXT) == ["body", "ambiguous"]


def test_a_short_word_of_the_article_found_outside_it_is_ambiguous() -> None:
    texts = ["比赛", "今天本市举行了春季运动会，数千名市民参加了比赛。", "市民们纷纷表示这样的活动很有意义。", "比赛"]
    assert label(texts, BODY_TEXT)[0] == "ambiguous" and label(texts, BODY_TEXT)[3] == "ambiguous"


def test_the_headline_that_opens_the_page_title_is_a_heading() -> None:
    b = _builder()
    texts = ["春季运动会开幕_本市新闻网", "春季运动会开幕", "今天本市举行了春季运动会，数千名市民参加了比赛。"]
    assert label(texts, BODY_TEXT, echo=b.fold(texts[0]))[1] == "heading"
    assert label(texts, BODY_TEXT)[1] != "heading"


def test_traditional_text_and_punctuation_do_not_change_the_alignment() -> None:
    assert label(["今天本市舉行了春季運動會 數千名市民參加了比賽"], BODY_TEXT) == ["body"]
