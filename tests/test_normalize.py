"""Normalisation: invisible characters, whitespace and the width policy.

Golden data: ``cases/normalize/cases.jsonl``, ``{"input", "expected", "width", "why"}``
with ``width`` ``cjk`` (the default policy) or ``keep``. Each case is checked
through :func:`normalize_text` and through the :class:`Normalize` cleaner on a page.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean import Normalize, Page
from corpus_clean.cleaners.normalize import normalize_text
from corpus_clean.page import BODY, HEADING

CASES_FILE = Path(__file__).parent / "cases" / "normalize" / "cases.jsonl"
CHINESE_PUNCTUATION = "，。、：；？！“”‘’（）《》【】…—·"


def _load() -> list[dict]:
    cases = []
    with CASES_FILE.open(encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            if raw.strip():
                cases.append({**json.loads(raw), "_id": f"L{n}"})
    return cases


CASES = _load()
IDS = [f"{c['_id']}-{c['width']}" for c in CASES]


def test_normalize_cases_cover_both_policies():
    assert len(CASES) >= 25
    assert {c["width"] for c in CASES} == {"cjk", "keep"}
    assert sum(c["width"] == "keep" for c in CASES) >= 3
    assert sum(c["input"] == c["expected"] for c in CASES) >= 5, "need cases that must be left untouched"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_normalize_text_gives_expected(case):
    text, _ = normalize_text(case["input"], case["width"])
    assert text == case["expected"], case["why"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_normalize_cleaner_on_a_page_gives_expected(case):
    page = Page.from_text(case["input"])
    [line] = page.lines
    assert line.kind == BODY
    Normalize(width=case["width"]).apply(page)
    assert line.text == case["expected"], case["why"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_normalize_cleaner_counts_a_change_exactly_when_the_line_changed(case):
    """SPEC.md: meta carries per-cleaner counts of what changed; an edit must not go uncounted."""
    page = Page.from_text(case["input"])
    Normalize(width=case["width"]).apply(page)
    [line] = page.lines
    changed = case["input"] != case["expected"]
    assert bool(line.edits) == changed, f"edits {dict(line.edits)} for {case['input']!r} -> {line.text!r}"
    assert all(cleaner == "normalize" for cleaner, _ in line.edits)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_normalize_is_idempotent(case):
    once, _ = normalize_text(case["input"], case["width"])
    twice, counts = normalize_text(once, case["width"])
    assert twice == once
    assert not counts


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_chinese_punctuation_is_never_turned_into_ascii(case):
    text, _ = normalize_text(case["input"], case["width"])
    for mark in CHINESE_PUNCTUATION:
        assert text.count(mark) >= case["input"].count(mark), f"{mark!r} lost in {text!r}"


@pytest.mark.parametrize("case", [c for c in CASES if c["width"] == "keep"],
                         ids=[i for c, i in zip(CASES, IDS) if c["width"] == "keep"])
def test_keep_width_changes_no_character_width(case):
    text, counts = normalize_text(case["input"], "keep")
    assert "width" not in counts
    full = [c for c in case["input"] if "\uff01" <= c <= "\uff5e"]
    assert [c for c in text if "\uff01" <= c <= "\uff5e"] == full


def test_changes_are_counted_by_reason():
    _, counts = normalize_text("\u200b近日,中共\u3000白河县委召开ＡＢ会议")
    assert counts["invisible"] == 1
    assert counts["space"] >= 1
    assert counts["width"] == 3  # the comma and two letters


def test_heading_keeps_single_space_between_its_parts_while_body_drops_it():
    page = Page.from_text("聚焦民生实事\u3000\u3000提升群众满意度\n聚焦民生实事 提升群众满意度")
    page.lines[0].kind = HEADING
    Normalize().apply(page)
    assert page.lines[0].text == "聚焦民生实事 提升群众满意度"
    assert page.lines[1].text == "聚焦民生实事提升群众满意度"


def test_metadata_values_are_normalized_with_their_line():
    page = Page.from_text("本报记者\u3000林\u200b海涛")
    page.lines[0].mark_meta("spam_lines", "byline", {"authors": ["林\u200b海涛"]})
    Normalize().apply(page)
    assert page.lines[0].text == "本报记者林海涛"
    assert page.lines[0].values["authors"] == ["林海涛"]
    # zero-width characters leave when the page is read (they hide punctuation from every step),
    # so the audit holds the line as read: full-width space kept, zero-width space gone and counted
    assert page.lines[0].removal is not None and page.lines[0].removal.text == "本报记者\u3000林海涛"
    assert page.lines[0].edits[("normalize", "invisible")] == 1


def test_blank_and_removed_lines_are_left_alone():
    page = Page.from_text("\u3000\n全 市,经济")
    page.lines[1].remove("spam_lines", "advertisement")
    Normalize().apply(page)
    assert page.lines[0].text == "\u3000"
    assert page.lines[1].text == "全 市,经济"


def test_unknown_width_policy_is_refused():
    with pytest.raises(ValueError, match="width"):
        Normalize(width="halfwidth").apply(Page.from_text("近日,中共"))
