"""Cleaning is idempotent: the text of a cleaned record, cleaned again, comes back unchanged.

For every page of every page set, each record is written out as plain text (title, subtitle and
paragraphs, one block each, blank lines between) and cleaned again; the record(s) that come back must
hold the same text. Known exceptions are listed by name as strict xfails.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_clean import Article, clean_page

ROOT = Path(__file__).resolve().parents[1]
PAGE_SETS = (ROOT / "data" / "pages", ROOT / "tests" / "heldout" / "pages", ROOT / "tests" / "fresh" / "pages")
PAGES = sorted(p for folder in PAGE_SETS for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm"))
KNOWN: dict[str, str] = {}


def as_text(article: Article) -> str:
    """A record as a plain-text page: title, subtitle, paragraphs, a blank line between blocks."""
    return "\n\n".join(block for block in (article.title, article.subtitle, *article.paragraphs) if block)


def _case(page: Path):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[page.name])] if page.name in KNOWN else []
    return pytest.param(page, id=f"{page.parent.parent.name}/{page.name}", marks=marks)


def test_every_page_set_is_here() -> None:
    assert all(any(p.parent == folder for p in PAGES) for folder in PAGE_SETS)
    assert set(KNOWN) <= {p.name for p in PAGES}


@pytest.mark.parametrize("page", [_case(p) for p in PAGES])
def test_cleaning_the_cleaned_text_again_changes_nothing(page: Path) -> None:
    articles = clean_page(page.read_text(encoding="utf-8"), source=page.name)
    assert articles
    for n, article in enumerate(articles):
        once = as_text(article)
        again = "\n\n".join(as_text(a) for a in clean_page(once, source=f"{page.name}#{n}"))
        assert again == once, f"record {n} changed when cleaned again"


BODY = ("15日上午，秦淮区红花街道龙凤社区的一处口袋公园正式开园。这块原本堆满杂物的边角地，如今铺上了透水砖，"
        "种上了桂花和月季，引来不少居民驻足。")


def test_a_photo_caption_after_the_last_paragraph_stays_with_the_article() -> None:
    # was removed as orphan_headline once it was the page's last line
    [article] = clean_page(f"老小区边角地变身口袋公园\n\n{BODY}\n\n居民在新开园的口袋公园内休闲。本报记者杨帆摄",
                           source="s")
    assert article.paragraphs[-1] == "居民在新开园的口袋公园内休闲。本报记者杨帆摄"


@pytest.mark.parametrize("caption", ["台中市政府将在3年内完成120公里人行道改善工程。（记者苏孟娟摄）",
                                     "台中市政府将在3年内完成120公里人行道改善工程。（記者蘇孟娟攝）"])
def test_a_closing_photo_credit_is_a_caption_not_a_byline(caption: str) -> None:
    [article] = clean_page(f"人行道改善工程启动\n\n{BODY}\n\n{caption}\n\n{BODY}", source="s", target="keep")
    assert caption in article.paragraphs
    assert "苏孟娟" not in article.authors and "蘇孟娟" not in article.authors


def test_a_closing_credit_of_a_reporter_is_still_a_byline() -> None:
    [article] = clean_page(f"人行道改善工程启动\n\n{BODY}（记者 苏孟娟）", source="s")
    assert article.authors == ["苏孟娟"] and article.paragraphs[-1].endswith("驻足。")
