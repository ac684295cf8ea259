"""HTML residue: fragments inside lines, whole-markup lines, complete documents."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean import HtmlResidue, Pipeline
from corpus_clean.cleaners.html_residue import strip_fragments
from corpus_clean.page import Page

from .casefiles import gold_paragraphs

CASES = Path(__file__).parent / "cases" / "html_residue"
FRAGMENTS = [json.loads(line) for line in (CASES / "fragments.jsonl").read_text(encoding="utf-8").splitlines() if line]
CLEAN = [line for line in (CASES / "clean.txt").read_text(encoding="utf-8").splitlines() if line]
GOLD_PARAGRAPHS = gold_paragraphs()


def run(text: str) -> Page:
    return HtmlResidue().apply(Page.from_text(text, "t"))


@pytest.mark.parametrize("case", FRAGMENTS, ids=[c["why"] for c in FRAGMENTS])
def test_fragments_are_removed_and_text_kept(case: dict) -> None:
    expected = case["expected"] if isinstance(case["expected"], list) else [case["expected"]]
    assert [ln.text for ln in run(case["input"]).live()] == expected


@pytest.mark.parametrize("line", CLEAN)
def test_clean_text_is_unchanged(line: str) -> None:
    assert strip_fragments(line)[0] == line
    page = run(line)
    assert [ln.text for ln in page.live()] == [line]
    assert not any(ln.edits for ln in page.lines)


@pytest.mark.parametrize("paragraph", GOLD_PARAGRAPHS)
def test_gold_paragraphs_are_unchanged(paragraph: str) -> None:
    assert strip_fragments(paragraph) == (paragraph, strip_fragments(paragraph)[1])
    assert not strip_fragments(paragraph)[1]


def test_a_line_of_markup_only_is_removed_whole_with_its_reason() -> None:
    page = run('• <tfoot id="yyy80"><noscript id="yyy80"></noscript></tfoot>\n正文内容。')
    removed = [ln.removal for ln in page.lines if ln.removal]
    assert len(removed) == 1
    assert removed[0].reason == "markup_only" and removed[0].cleaner == "html_residue"
    assert removed[0].text.startswith("• <tfoot")  # the audit keeps the line as it was
    assert [ln.text for ln in page.live()] == ["正文内容。"]


def test_edits_inside_lines_are_counted_per_reason() -> None:
    page = run("<b>加粗</b>&nbsp;文字/p>")
    assert page.lines[0].edits[("html_residue", "tag")] == 2
    assert page.lines[0].edits[("html_residue", "entity")] == 1
    assert page.lines[0].edits[("html_residue", "broken_tag")] == 1


def test_complete_document_is_reduced_to_text_blocks_without_furniture() -> None:
    page = run((CASES / "document.html").read_text(encoding="utf-8"))
    texts = [ln.text for ln in page.live()]
    assert texts == ["城市更新让老街焕发新生", "记者 张小明", "近日，记者走访了城南老街。", "老街的石板路被重新铺设。",
                     "两旁的店铺也换了新招牌。"]
    removed = {ln.removal.text: ln.removal.reason for ln in page.lines if ln.removal}
    assert removed["网站首页 新闻中心"] == removed["首页 | 新闻"] == removed["热门文章"] == "document_furniture"
    assert removed["Copyright © 2023 版权所有"] == "document_furniture"
    # the text of scripts, styles and the head is recorded too, one entry per kind
    assert removed["var a=1;"] == "script" and removed["p{color:red}"] == "style" and removed["标题"] == "document_head"


def test_document_through_the_default_pipeline_gives_an_article() -> None:
    articles = Pipeline.default().clean_page((CASES / "document.html").read_text(encoding="utf-8"), source="d")
    assert len(articles) == 1
    assert articles[0].title == "城市更新让老街焕发新生"
    assert articles[0].authors == ["张小明"]
    assert articles[0].paragraphs == ["近日，记者走访了城南老街。", "老街的石板路被重新铺设。", "两旁的店铺也换了新招牌。"]


def test_documents_setting_off_leaves_a_document_as_lines() -> None:
    page = HtmlResidue(documents=False).apply(Page.from_text("<html><body><p>正文</p></body></html>", "t"))
    assert [ln.text for ln in page.live()] == ["正文"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once, _ = strip_fragments(text)
    twice, counts = strip_fragments(once)
    assert twice == once and not counts
    run(text)


@pytest.mark.parametrize("nested,expected", [("<<b>b>加粗", "加粗"), ("&amp;lt;p&amp;gt;正文", "正文"), ("• • 要点", "要点")])
def test_fragments_exposed_by_a_removal_are_removed_too(nested: str, expected: str) -> None:
    assert strip_fragments(nested)[0] == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd", "Zs"), max_codepoint=0x9FFF)))
def test_text_without_markup_characters_is_never_changed(text: str) -> None:
    assert strip_fragments(text)[0] == text


def test_an_articles_own_header_is_kept_and_angle_brackets_in_prose_are_not_tags() -> None:
    doc = ("<html><body><nav>首页</nav><article><header><h1>我市举行消防演练</h1><p>记者 张三</p></header>"
           "<p>近日，我市举行了消防演练。</p></article><footer>版权所有</footer></body></html>")
    article = Pipeline.default().clean_page(doc, source="d")[0]
    assert (article.title, article.authors, article.paragraphs) == ("我市举行消防演练", ["张三"], ["近日，我市举行了消防演练。"])
    assert strip_fragments("他在<Nature>杂志发表论文，<b>引起</b>关注")[0] == "他在<Nature>杂志发表论文，引起关注"
