"""Article segmentation and bylines, end to end through ``clean_page``.

Golden data:

* ``cases/segment/bylines.jsonl``: ``{"line", "authors"}``; ``authors`` null
  for a line that is not a byline. Checked with :func:`corpus_clean.names.parse_byline`.
* ``cases/segment/pages.jsonl``: small pages with, per article, the expected
  ``titles``, ``authors``, ``continued`` flags and ``first_paragraphs``, and
  optionally ``subtitles``, ``dates``, full ``paragraphs`` and ``not_in_text``
  (metadata that must leave the body and be recorded in ``removed``).
Every case must pass on its own.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from corpus_clean import clean_page
from corpus_clean.convert import to_simplified
from corpus_clean.names import parse_byline

CASES = Path(__file__).parent / "cases" / "segment"


def _jsonl(name: str) -> list[dict]:
    rows = []
    with (CASES / name).open(encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if raw.strip():
                rows.append({**json.loads(raw), "_id": f"L{n}"})
    return rows


BYLINES = _jsonl("bylines.jsonl")
POSITIVE = [c for c in BYLINES if c["authors"] is not None]
NEGATIVE = [c for c in BYLINES if c["authors"] is None]
PAGES = _jsonl("pages.jsonl")
PAGE_IDS = [p["name"] for p in PAGES]


def _with(key: str) -> list:
    return [pytest.param(p, id=p["name"]) for p in PAGES if key in p]


@lru_cache(maxsize=None)
def _clean(name: str):
    page = next(p for p in PAGES if p["name"] == name)
    return clean_page(page["page"], source=name)


def _fold(s: str | None) -> str | None:
    """Titles are compared without their inner spaces (a two-part headline may keep one)."""
    return None if s is None else "".join(s.split())


# the data itself ------------------------------------------------------------

def test_byline_cases_cover_positives_and_negatives():
    assert len(POSITIVE) >= 24
    assert len(NEGATIVE) >= 12
    lines = [c["line"] for c in BYLINES]
    assert len(set(lines)) == len(lines), "duplicate byline cases"
    assert all(c["authors"] for c in POSITIVE), "a byline case must name at least one author"


def test_page_cases_are_complete_and_consistent():
    assert len(PAGES) >= 10
    assert len(set(PAGE_IDS)) == len(PAGE_IDS)
    for page in PAGES:
        n = len(page["titles"])
        assert n >= 1, page["name"]
        for key in ("authors", "continued", "first_paragraphs", "subtitles", "dates", "paragraphs"):
            if key in page:
                assert len(page[key]) == n, f"{page['name']}: {key} has {len(page[key])} entries for {n} articles"


# bylines -----------------------------------------------------------------------

@pytest.mark.parametrize("case", POSITIVE, ids=[c["_id"] for c in POSITIVE])
def test_byline_gives_its_names(case):
    assert parse_byline(case["line"]) == case["authors"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["_id"] for c in NEGATIVE])
def test_line_that_is_not_a_byline_gives_no_names(case):
    assert parse_byline(case["line"]) is None


# pages, end to end -------------------------------------------------------------

@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_splits_into_articles_with_their_titles(name):
    page = next(p for p in PAGES if p["name"] == name)
    articles = _clean(name)
    assert [_fold(a.title) for a in articles] == [_fold(t) for t in page["titles"]]
    assert [a.id for a in articles] == [f"{name}#{i}" for i in range(len(articles))]


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_articles_have_their_authors(name):
    page = next(p for p in PAGES if p["name"] == name)
    assert [a.authors for a in _clean(name)] == page["authors"]


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_articles_are_marked_continued_only_after_a_continuation_marker(name):
    page = next(p for p in PAGES if p["name"] == name)
    assert [a.meta["continued"] for a in _clean(name)] == page["continued"]


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_articles_start_with_their_first_paragraph(name):
    page = next(p for p in PAGES if p["name"] == name)
    assert [a.paragraphs[0] if a.paragraphs else None for a in _clean(name)] == page["first_paragraphs"]


@pytest.mark.parametrize("page", _with("subtitles"))
def test_page_articles_have_their_deck_as_subtitle(page):
    assert [_fold(a.subtitle) for a in _clean(page["name"])] == [_fold(s) for s in page["subtitles"]]


@pytest.mark.parametrize("page", _with("dates"))
def test_page_articles_have_their_date(page):
    assert [a.date for a in _clean(page["name"])] == page["dates"]


@pytest.mark.parametrize("page", _with("paragraphs"))
def test_page_articles_have_exactly_their_paragraphs(page):
    articles = _clean(page["name"])
    assert [a.paragraphs for a in articles] == page["paragraphs"]
    assert all(a.text == "\n".join(a.paragraphs) for a in articles)


@pytest.mark.parametrize("page", _with("not_in_text"))
def test_page_metadata_leaves_the_body_and_is_recorded(page):
    articles = _clean(page["name"])
    body = "\n".join(a.text for a in articles)
    removed = [to_simplified(r.text) for a in articles for r in a.removed]
    for fragment in page["not_in_text"]:
        assert fragment not in body, f"{fragment!r} left in the body"
        assert any(fragment in r for r in removed), f"{fragment!r} not recorded in removed: {removed}"


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_titles_and_bylines_are_not_paragraphs(name):
    articles = _clean(name)
    for article in articles:
        for field in (article.title, article.subtitle):
            assert field is None or field not in article.paragraphs
        bylines = [p for p in article.paragraphs if parse_byline(p) is not None]
        assert not bylines, f"byline lines left in the body: {bylines}"


DATELINES = [json.loads(line) for line in (Path(__file__).parent / "cases" / "segment" / "datelines.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", DATELINES, ids=[c["line"][:12] for c in DATELINES])
def test_dateline_prefix_is_split_off_with_its_names_and_sentences_are_not(case: dict) -> None:
    from corpus_clean.cleaners.segment import split_dateline

    parts = split_dateline(case["line"])
    if case["head"] is None:
        assert parts is None
    else:
        assert parts is not None
        head, authors, rest = parts
        assert (head, authors) == (case["head"], case["authors"])
        assert head + rest.rstrip() == case["line"] or case["line"].startswith(head)


def test_section_headings_that_merely_contain_a_place_word_do_not_start_articles() -> None:
    from corpus_clean import clean_page

    page = ("全市推进城市更新行动\n\n本报记者 李明\n\n今年以来，全市加快推进城市更新，老旧小区面貌一新。\n\n"
            "推动城市更新 让老旧小区焕发新生机\n\n截至目前，全市已改造老旧小区120个，惠及居民4万户。\n\n"
            "激发市场活力 推动经济高质量发展\n\n与此同时，全市新增市场主体3.2万户，同比增长15%。")
    articles = clean_page(page, source="s")
    assert len(articles) == 1
    assert articles[0].paragraphs[1] == "推动城市更新 让老旧小区焕发新生机"
    assert articles[0].paragraphs[3] == "激发市场活力 推动经济高质量发展"


def test_a_line_of_only_a_continuation_marker_leaves_no_empty_title() -> None:
    from corpus_clean import clean_page

    articles = clean_page("（上接一版）\n\n共建活动56场，解决群众诉求840余个。", source="s")
    assert [(a.title, a.paragraphs, a.meta["continued"]) for a in articles] == [
        (None, ["共建活动56场，解决群众诉求840余个。"], True)]


def test_a_dateline_is_split_off_even_when_the_paragraph_ends_with_a_jump_marker() -> None:
    from corpus_clean import clean_page

    article = clean_page("全市召开安全生产大会\n\n本报讯（通讯员 张三）12月20日，全市召开安全生产大会。（下转第2版）",
                         source="s")[0]
    assert article.authors == ["张三"]
    assert article.paragraphs == ["12月20日，全市召开安全生产大会。"]
    assert {r.reason for r in article.removed} == {"metadata_dateline", "metadata_continuation"}


@pytest.mark.parametrize("label", ["要闻", "社會", "港聞"])
def test_a_section_label_above_the_headline_is_not_the_title(label: str) -> None:
    from corpus_clean import clean_page

    article = clean_page(f"{label}\n\n全市推进老旧小区改造\n\n本报记者 李明\n\n今年以来，全市改造老旧小区120个。", source="s")[0]
    assert article.title == "全市推进老旧小区改造"
    assert [(r.text, r.reason) for r in article.removed][0] == (label, "section_label")


def _segmented(lines: list[tuple[str, str, str | None]]):
    from corpus_clean.cleaners.segment import Segment
    from corpus_clean.page import Line, Page

    page = Page("s", [Line(text, kind, role) for text, kind, role in lines])
    return Segment().apply(page)


def test_short_lines_the_line_filter_left_above_the_first_headline_are_page_furniture() -> None:
    page = _segmented([("南方财经网", "body", None), ("沪深两市", "body", None),
                       ("上海楼市新政落地 首套房首付比例下调", "heading", None),
                       ("2023-09-01 10:20", "meta", "date"),
                       ("9月1日起，上海首套住房最低首付款比例统一调整为不低于30%。", "body", None)])
    assert [(ln.kind, ln.removal.reason if ln.removal else None) for ln in page.lines[:2]] == \
        [("removed", "page_furniture")] * 2
    assert page.lines[2].role == "title"


def test_a_paragraph_above_the_first_headline_keeps_the_lines_there() -> None:
    page = _segmented([("南方财经网", "body", None), ("工程完工后，将惠及沿线5个村庄。", "body", None),
                       ("上海楼市新政落地 首套房首付比例下调", "heading", None),
                       ("2023-09-01 10:20", "meta", "date"),
                       ("9月1日起，上海首套住房最低首付款比例统一调整为不低于30%。", "body", None)])
    assert [ln.kind for ln in page.lines[:2]] == ["body", "body"]


def test_a_last_paragraph_closed_by_a_note_in_brackets_is_finished_and_takes_no_tail() -> None:
    from corpus_clean import clean_page

    lead = ["9日，海关总署发布最新数据，今年前4个月我国货物贸易进出口总值同比增长。",
            "透过外贸之窗可以看到，我国持续扩大高水平对外开放，外贸主体迎难而上、创新发展。"]
    last = "专家表示，随着政策效应逐步显现和高水平开放稳步推进，外贸增长将持续焕发新活力。（完）"
    page = "\n\n".join(["前4个月我国外贸向好态势进一步巩固", "本报记者 李明", *lead, "态势向好 外贸基本面继续改善",
                        "外贸规模再创历史同期新高，我国外贸向好态势进一步巩固。", "提质挖潜 外贸新动能加速释放", last])
    paragraphs = clean_page(page, source="s")[0].paragraphs
    assert paragraphs[:2] == lead
    assert paragraphs[-1] == last
