"""Paragraph rejoining: the parts of a paragraph split by a column break are joined, nothing else is.

The golden break points live in ``cases/rejoin/breaks.jsonl``, one per line:
``{"left", "right", "join", "why"}``. Half of them must join (a paragraph cut
mid-sentence or mid-word), half must not (a finished sentence, a heading, a new
paragraph). The decision is judged as a whole against an accuracy floor; the
properties that must hold for every case (nothing lost, headings never joined,
no space between Chinese characters) are checked case by case.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex as re

from corpus_clean import Page, Rejoin
from corpus_clean.cleaners.rejoin import glue
from corpus_clean.page import HEADING

CASES_FILE = Path(__file__).parent / "cases" / "rejoin" / "breaks.jsonl"
ACCURACY_FLOOR = 1.0  # every case decided right (60/60); a floor only moves up


def _load() -> list[dict]:
    cases = []
    with CASES_FILE.open(encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if raw.strip():
                case = json.loads(raw)
                case["id"] = f"L{n}"
                cases.append(case)
    return cases


CASES = _load()
IDS = [f"{c['id']}-{'join' if c['join'] else 'keep'}" for c in CASES]


def _rejoined(left: str, right: str, left_kind: str | None = None) -> Page:
    page = Page.from_text(left + "\n\n" + right)
    if left_kind is not None:
        page.lines[0].kind = left_kind
    return Rejoin().apply(page)


def _paragraphs(page: Page) -> list[str]:
    """Body paragraphs of the rebuilt record(s), headings included as SPEC.md counts them."""
    return [p for art in page.to_articles() for p in art.paragraphs]


def _content(text: str) -> str:
    return "".join(re.findall(r"[\p{Han}\p{L}\p{N}]", text))


# the data itself ------------------------------------------------------------

def test_break_cases_are_numerous_balanced_and_explained():
    joins = [c for c in CASES if c["join"]]
    keeps = [c for c in CASES if not c["join"]]
    assert len(CASES) >= 44
    assert len(joins) >= 22 and len(keeps) >= 22
    assert all(set(c) == {"id", "left", "right", "join", "why"} for c in CASES)
    assert all(c["left"].strip() and c["right"].strip() and c["why"].strip() for c in CASES)
    pairs = [(c["left"], c["right"]) for c in CASES]
    assert len(set(pairs)) == len(pairs), "duplicate break cases"


# the decision, judged against a floor ---------------------------------------

def test_break_decisions_meet_accuracy_floor():
    failing = []
    for case in CASES:
        page = _rejoined(case["left"], case["right"])
        joined = len(page.live()) == 1
        if joined != case["join"]:
            failing.append(case)
    accuracy = 1 - len(failing) / len(CASES)
    print(f"\nrejoin break accuracy: {accuracy:.3f} ({len(CASES) - len(failing)}/{len(CASES)} decided right)")
    for case in failing:
        print(f"  {case['id']}: expected join={case['join']}: {case['left']!r} | {case['right']!r} ({case['why']})")
    listing = "; ".join(f"{c['id']} (expected join={c['join']}: {c['left']!r} | {c['right']!r})" for c in failing)
    assert accuracy >= ACCURACY_FLOOR, f"accuracy {accuracy:.3f} < {ACCURACY_FLOOR}; failing cases: {listing}"


# what must hold for every case -----------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_rejoin_loses_no_text(case):
    page = _rejoined(case["left"], case["right"])
    paragraphs = _paragraphs(page)
    assert len(paragraphs) in (1, 2)
    assert len(paragraphs) == len(page.live())
    assert _content("".join(paragraphs)) == _content(case["left"] + case["right"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_heading_is_never_joined_to_what_follows(case):
    page = _rejoined(case["left"], case["right"], left_kind=HEADING)
    live = page.live()
    assert [ln.text for ln in live] == [case["left"], case["right"]]
    assert live[0].kind == HEADING


@pytest.mark.parametrize("case", [c for c in CASES if c["join"]], ids=[i for c, i in zip(CASES, IDS) if c["join"]])
def test_parts_are_glued_with_a_space_only_between_latin_words(case):
    left, right = case["left"], case["right"]
    latin = left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum()
    assert glue(left, right) == (f"{left} {right}" if latin else left + right)


def test_join_inserts_no_space_between_chinese_characters():
    page = _rejoined("会议强调，要统筹推进疫情防控、经济发展、", "安全生产和民生保障等各项工作。")
    assert [ln.text for ln in page.live()] == ["会议强调，要统筹推进疫情防控、经济发展、安全生产和民生保障等各项工作。"]
    page = _rejoined("本次培训邀请了省农科院的专", "家进行授课，内容涵盖果树栽培、病虫害防治等方面。")
    assert [ln.text for ln in page.live()] == ["本次培训邀请了省农科院的专家进行授课，内容涵盖果树栽培、病虫害防治等方面。"]


def test_join_inserts_one_space_between_latin_words():
    page = _rejoined("据介绍，该平台已接入全省一百多家医疗机构的数据，并与 Microsoft", "Azure 云服务实现对接。")
    assert [ln.text for ln in page.live()] == ["据介绍，该平台已接入全省一百多家医疗机构的数据，并与 Microsoft Azure 云服务实现对接。"]
    assert glue("通过 ISO", "9001质量管理体系认证。") == "通过 ISO 9001质量管理体系认证。"
    assert glue("the Belt and", "Road Initiative") == "the Belt and Road Initiative"


def test_heading_between_two_parts_blocks_the_join_on_both_sides():
    page = Page.from_text("下一步，我们将继续加大对中小微企业的扶持力度，推动\n\n坚持党建引领\n\n更多惠企政策直达快享。")
    page.lines[2].kind = HEADING
    Rejoin().apply(page)
    assert [ln.text for ln in page.live()] == [
        "下一步，我们将继续加大对中小微企业的扶持力度，推动", "坚持党建引领", "更多惠企政策直达快享。"]


def test_removed_advert_between_parts_does_not_block_the_join():
    page = Page.from_text("全市共排查整治各类安全隐患1200余处，\n\n老窖·老酒·老朋友 纯粮酿造\n\n督促企业落实安全生产主体责任。")
    page.lines[2].remove("spam_lines", "advertisement")
    Rejoin().apply(page)
    assert [ln.text for ln in page.live()] == ["全市共排查整治各类安全隐患1200余处，督促企业落实安全生产主体责任。"]
    assert page.lines[2].removal is not None and page.lines[2].removal.text == "老窖·老酒·老朋友 纯粮酿造"


def test_finished_paragraph_stays_apart_from_the_next():
    page = _rejoined("全县上下要凝心聚力、真抓实干，奋力谱写高质量发展新篇章。", "会上，与会人员还观看了警示教育片。")
    assert len(page.live()) == 2


def test_join_is_counted_in_meta_changes():
    page = _rejoined("全市共排查整治各类安全隐患1200余处，", "督促企业落实安全生产主体责任。")
    [article] = page.to_articles()
    assert article.meta["changes"]["rejoin"]["joined"] == 1
    assert article.paragraphs == ["全市共排查整治各类安全隐患1200余处，督促企业落实安全生产主体责任。"]
