"""The line filter: boilerplate removed with the right reason, body kept, metadata fed to the record."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpus_clean import Pipeline, SpamLines, clean_page
from corpus_clean.cleaners import line_context
from corpus_clean.cleaners.spam_lines import REASONS, judge
from corpus_clean.page import Page

from .casefiles import load_jsonl

HERE = Path(__file__).parent
BOILERPLATE = load_jsonl("spam_lines", "boilerplate.jsonl")
BODY = load_jsonl("spam_lines", "body.jsonl")
GOLD = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((HERE / "gold").glob("*.json"))]


def test_case_sets_are_large_enough_and_use_documented_reasons() -> None:
    assert len(BOILERPLATE) >= 150 and len(BODY) >= 150
    assert {c["reason"] for c in BOILERPLATE} <= set(REASONS)


KNOWN_WRONG = {
    # text: what the filter does with it instead
    "成人用品批发-情趣内衣-私密发货-货到付款": "removed as advertisement",
    "打开微信，点击底部的“发现”，使用“扫一扫”即可将网页分享至朋友圈。": "kept as body",
    "来源：浙江日报  作者：王晓明": "taken as metadata_info",
    "海口/三亚/儋州/五指山/琼海/文昌/万宁/东方/定安/屯昌/澄迈/临高": "removed as navigation",
    "固原| 西吉| 隆德| 泾源| 彭阳| 同心| 海原| 盐池| 红寺堡": "removed as navigation",
    "本版责编：邹晓雯": "removed as editor_line",
    "2024年3月8日 星期五 第06版": "taken as metadata_date",
    "2024-06-18 第03版 本地·民生": "taken as metadata_date",
    "查看更多>>": "removed as pagination",
}
"""Boilerplate cases the filter gets wrong today, by text; each is a strict xfail, so a fix shows."""
KNOWN_DROPPED: dict[str, str] = {}
"""Body lines and headings the filter takes out today, by text (none)."""


def _cases(cases: list[dict], known: dict[str, str]) -> list:  # type: ignore[type-arg]
    return [pytest.param(case, id=f"{n:03d}", marks=[pytest.mark.xfail(strict=True, reason=known[case["text"]])]
                         if case["text"] in known else []) for n, case in enumerate(cases)]


def test_known_failures_are_cases_of_the_sets() -> None:
    assert set(KNOWN_WRONG) <= {c["text"] for c in BOILERPLATE}
    assert set(KNOWN_DROPPED) <= {c["text"] for c in BODY}


@pytest.mark.parametrize("case", _cases(BOILERPLATE, KNOWN_WRONG))
def test_boilerplate_line_is_removed_with_its_reason(case: dict) -> None:
    verdict = judge(case["text"])
    assert (verdict.kind, verdict.reason) == ("removed", case["reason"])


@pytest.mark.parametrize("case", _cases(BODY, KNOWN_DROPPED))
def test_body_line_or_heading_is_kept(case: dict) -> None:
    verdict = judge(case["text"])
    assert verdict.kind not in ("removed", "meta"), verdict.reason


@pytest.mark.parametrize("gold", GOLD, ids=[g["source"] for g in GOLD])
def test_no_gold_paragraph_loses_a_line_to_the_filter(gold: dict) -> None:
    page = (HERE.parent / "data" / "pages" / gold["source"]).read_text(encoding="utf-8")
    removed = {r.text.strip() for a in clean_page(page, source=gold["source"], target="keep") for r in a.removed
               if r.cleaner == "spam_lines"}
    from corpus_clean.convert import to_simplified
    removed_simple = {to_simplified(t) for t in removed}
    for article in gold["articles"]:
        for i, paragraph in enumerate(article["paragraphs"]):
            if len(paragraph) >= 4 and i not in article["optional"]:
                assert paragraph not in removed_simple


def run(text: str) -> Page:
    return SpamLines().apply(Page.from_text(text, "t"))


def test_related_block_header_takes_the_titles_under_it_but_not_body_after() -> None:
    page = run("正文最后一段写完了。\n相关阅读\n全市秋粮收购全面展开\n城南老街焕发新生\n"
               "这是另一段正文，它很长，讲述了更多的事情，所以不是标题，应当留下来。")
    reasons = [(ln.text, ln.removal.reason if ln.removal else ln.kind) for ln in page.lines]
    assert reasons == [("正文最后一段写完了。", "body"), ("相关阅读", "related_articles"),
                       ("全市秋粮收购全面展开", "related_articles"), ("城南老街焕发新生", "related_articles"),
                       ("这是另一段正文，它很长，讲述了更多的事情，所以不是标题，应当留下来。", "body")]


def test_metadata_lines_feed_the_record_and_are_listed_as_removed() -> None:
    page = ("老街新生记\n2021-06-01 08:30:00\n城市周刊 2021年6期\n关键词：老街；更新；城市\n记者 王小明\n"
            "近日，记者走访了城南老街，看到了许多新变化。\n责任编辑：李四")
    article = clean_page(page, source="s")[0]
    assert article.title == "老街新生记"
    assert article.date == "2021-06-01"
    assert article.authors == ["王小明"]
    assert article.meta["publication"] == "城市周刊" and article.meta["issue"] == "2021年6期"
    assert article.meta["keywords"] == ["老街", "更新", "城市"]
    assert article.meta["editor"] == "李四"
    reasons = Counter(r.reason for r in article.removed)
    assert reasons == Counter({"metadata_date": 1, "metadata_journal": 1, "metadata_keywords": 1,
                               "metadata_byline": 1, "editor_line": 1})


def test_every_removal_has_a_documented_reason() -> None:
    documented = set(REASONS)
    for cleaner in Pipeline.default().cleaners:
        documented |= set(cleaner.reasons)
    for page in sorted((HERE.parent / "data" / "pages").glob("*.txt")):
        for article in clean_page(page.read_text(encoding="utf-8"), source=page.name):
            for removal in article.removed:
                assert removal.reason in documented, removal


def test_lines_after_the_last_body_text_are_furniture() -> None:
    page = run("报道正文的最后一段，说明了事情的来龙去脉。\n经济特刊\n市委召开全体会议研究部署下半年工作\n订阅热线：12345678")
    reasons = [ln.removal.reason for ln in page.lines if ln.removal]
    assert reasons == ["page_furniture", "orphan_headline", "qr_or_subscription"]


def test_a_short_question_is_body_not_furniture() -> None:
    page = run("他为何这样说？\n原来，这里面有个故事。")
    assert [ln.kind for ln in page.lines] == ["body", "body"]


@pytest.mark.parametrize("line", ["时间：2023年6月1日上午9:00", "记者：2024年1月1日起实施的新规有哪些变化？",
                                  "2023-02-30", "2023年4月31日"])
def test_body_lines_with_a_date_are_not_metadata_and_impossible_dates_are_not_dates(line: str) -> None:
    assert judge(line).kind not in ("meta", "removed")


@pytest.mark.parametrize("case", load_jsonl("spam_lines", "date_lines.jsonl"), ids=lambda c: c["text"][:24])
def test_a_date_line_may_end_with_where_the_story_came_from(case: dict) -> None:
    verdict = judge(case["text"])
    if case["date"] is None:
        assert verdict.kind != "meta" or "date" not in verdict.values, verdict
        return
    assert verdict.kind == "meta" and verdict.values.get("date") == case["date"], verdict
    assert verdict.values.get("source_site") == case.get("source_site")


def test_portal_information_line_gives_source_authors_and_date() -> None:
    verdict = judge("来源：益阳日报　　作者：周立新 刘芳　　2023-05-12 09:30　　浏览次数：1286")
    assert verdict.kind == "meta" and verdict.reason == "info"
    assert verdict.values == {"source_site": "益阳日报", "authors": ["周立新", "刘芳"], "date": "2023-05-12"}


@pytest.mark.parametrize("last", ["说到这里，老人沉默了……", "“我要让乡亲们都过上好日子”"])
def test_a_final_paragraph_ending_in_ellipsis_or_quote_is_kept(last: str) -> None:
    article = clean_page(f"科普活动周落下帷幕\n\n本周，全市举办了科普活动周。\n\n{last}", source="s")[0]
    assert article.paragraphs[-1] == last


def test_a_credit_closing_the_last_paragraph_gives_authors_and_leaves_the_text() -> None:
    page = "科普活动周落下帷幕\n\n本周，全市举办了科普活动周。\n\n活动期间共发放科普资料5万份，有效提升了市民科学素养。（记者 张三 通讯员 李四）"
    article = clean_page(page, source="s")[0]
    assert article.paragraphs[-1] == "活动期间共发放科普资料5万份，有效提升了市民科学素养。"
    assert article.authors == ["张三", "李四"]
    assert [r.reason for r in article.removed] == ["metadata_byline"]


def test_zero_width_characters_do_not_hide_sentence_ends() -> None:
    page = "村路修通了\n\n村民出行方便多了。\u200b\n\n以前一下雨，路上全是泥。\u200b\n\n现在再也不怕了。\u200b"
    assert clean_page(page, source="s")[0].paragraphs == ["村民出行方便多了。", "以前一下雨，路上全是泥。",
                                                          "现在再也不怕了。"]


def test_a_short_first_part_of_a_split_paragraph_is_not_taken_for_a_heading() -> None:
    article = clean_page("今年以来，我县积极加强与行\n\n业系统的沟通联系，成效明显。", source="s")[0]
    assert article.title is None
    assert article.paragraphs == ["今年以来，我县积极加强与行业系统的沟通联系，成效明显。"]


@pytest.mark.parametrize(("line", "date", "source"), [
    ("http://biz.163.com　2005-04-25 08:24:06　来源: 第一财经日报", "2005-04-25", "第一财经日报"),
    ("www.xinhuanet.com 2023-05-12 09:30 来源：新华网", "2023-05-12", "新华网"),
])
def test_an_information_line_may_open_with_the_sites_own_address(line: str, date: str, source: str) -> None:
    verdict = judge(line)
    assert (verdict.kind, verdict.reason) == ("meta", "info")
    assert verdict.values["date"] == date and verdict.values["source_site"] == source


def test_a_site_address_before_other_words_is_no_information_line() -> None:
    assert judge("http://biz.163.com 欢迎访问本站首页").kind not in ("meta", "removed")


@pytest.mark.parametrize("line", ["a." * 500_000, "abcd." * 200_000 + "x", "a-" * 500_000 + " 来源：x 2005-01-01"])
def test_the_site_address_of_an_information_line_is_read_in_linear_time(line: str) -> None:
    from corpus_clean.cleaners.spam_lines import parse_info

    assert parse_info(line) is None or "date" in parse_info(line)  # returns at once, whatever it decides


@pytest.mark.parametrize("line,names", [("新京报记者 陆一夫", ["陆一夫"]), ("扬子晚报记者张楠", ["张楠"]),
                                        ("本报记者 王五", ["王五"]), ("当天记者来到现场采访", None)])
def test_a_reporter_line_opening_with_the_papers_name_is_a_byline_wherever_it_stands(line: str,
                                                                                      names: list[str] | None) -> None:
    """Not only under a headline: a site's page puts its reporter's line after the article, before its furniture."""
    paragraph = "网格员每天走村入户，帮助群众代办社保、医保等事项，今年以来累计代办各类事项3400余件。"
    page = Page.from_text(f"{paragraph}\n{line}\n{paragraph.replace('今年', '去年')}", "t")
    line_context.bylines(page, "spam_lines")
    marked = page.lines[1]
    assert (marked.values.get("authors") if marked.role == "byline" else None) == names


@pytest.mark.parametrize("line,words", [("关键词：老街、更新", ["老街", "更新"]), ("关键词 >> 共享充电宝", ["共享充电宝"]),
                                        ("标签＞＞新冠病毒，味觉", ["新冠病毒", "味觉"]),
                                        ("关键词>>经济>>金融", ["经济", "金融"])])
def test_a_keyword_line_gives_its_words_whether_a_colon_or_arrows_follow_the_label(line: str, words: list[str]) -> None:
    verdict = judge(line)
    assert (verdict.kind, verdict.reason, verdict.values.get("keywords")) == ("meta", "keywords", words)


def test_a_breadcrumb_opening_with_a_label_word_is_no_keyword_line() -> None:
    assert judge("标签>新闻>国内").reason != "keywords"
