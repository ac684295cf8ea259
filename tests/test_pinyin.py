"""Pinyin annotations: readings removed, real parentheticals kept."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean import Mojibake, Pipeline, PinyinAnnotations
from corpus_clean.cleaners.pinyin import is_annotation, split_syllable, strip_annotations, stripped_reading_length
from corpus_clean.page import Page

from .casefiles import gold_paragraphs, load_jsonl

POSITIVES = load_jsonl("pinyin", "positives.jsonl")
NEGATIVES = load_jsonl("pinyin", "negatives.jsonl")
GOLD_PARAGRAPHS = gold_paragraphs()


def test_case_sets_are_large_enough() -> None:
    assert len(NEGATIVES) >= 80 and len(POSITIVES) >= 50


@pytest.mark.parametrize("case", POSITIVES, ids=range(len(POSITIVES)))
def test_annotations_are_removed(case: dict) -> None:
    text, counts = strip_annotations(case["text"])
    assert text == case["expected"]
    assert counts["annotation"] >= 1


def test_no_false_removal_on_real_parentheticals() -> None:
    removed = [c["text"] for c in NEGATIVES if strip_annotations(c["text"])[0] != c["text"]]
    assert removed == [], f"{len(removed)} of {len(NEGATIVES)} negatives were changed"


@pytest.mark.parametrize("paragraph", GOLD_PARAGRAPHS)
def test_clean_gold_text_is_unchanged(paragraph: str) -> None:
    assert strip_annotations(paragraph) == (paragraph, strip_annotations(paragraph)[1])
    assert not strip_annotations(paragraph)[1]


@pytest.mark.parametrize("raw,parts", [("fā", ("fa", 1)), ("fa1", ("fa", 1)), ("lǜ", ("lü", 4)), ("nv3", ("nü", 3)),
                                       ("men", ("men", 0)), ("zhè", ("zhe", 4)), ("qū", ("qu", 1))])
def test_syllables_are_split_into_base_and_tone(raw: str, parts: tuple[str, int]) -> None:
    assert split_syllable(raw) == parts


@pytest.mark.parametrize("char,annotation,expected", [
    ("發", "fā", True), ("們", "men", True), ("著", "zhe", True), ("安", "an", True),
    ("李", "Li", False), ("备", "an", False), ("站", "men", False), ("机", "AI", False), ("社", "she4", True),
    ("社", "shequ", False), ("的", "a", False)])
def test_an_annotation_must_be_a_lower_case_reading_of_the_character(char: str, annotation: str,
                                                                     expected: bool) -> None:
    assert is_annotation(char, annotation) is expected


def test_full_width_brackets_and_spaces_inside_are_handled() -> None:
    assert strip_annotations("發（ fā ）展")[0] == "發展"


def test_annotation_after_a_character_restored_by_mojibake_repair_is_removed() -> None:
    # 農 restored from an out-of-step run, then its reading (nóng) follows it
    broken = "“今天召集大家開會，商量維修方案?!" + (b"\xb1" + "農".encode("gbk")).decode("gbk") + "(nóng)發小區"
    page = PinyinAnnotations().apply(Mojibake().apply(Page.from_text(broken, "t")))
    assert page.lines[0].text == "“今天召集大家開會，商量維修方案。”農發小區"


def test_counts_reach_the_record_meta() -> None:
    article = Pipeline.default().clean_page("標題\n\n我們(men)的發(fā)展很快。", source="s")[0]
    assert article.meta["changes"]["pinyin"]["annotation"] == 2


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_is_idempotent(text: str) -> None:
    once, _ = strip_annotations(text)
    assert strip_annotations(once)[0] == once


@pytest.mark.parametrize("chars, annotation, length", [
    ("电子商务", "din z shng w", 4), ("电子商务", "din z shn w", 4), ("发展", "fzhn", 2), ("高质量发展", "fzhn", 2),
    ("电子", "dinz", 2), ("中国", "zg", 0), ("备", "b", 0), ("谷歌", "google", 0), ("电子", "din z shng", 0)])
def test_vowel_deleted_readings_are_matched_against_the_characters_before_them(chars, annotation, length):
    assert stripped_reading_length(chars, annotation) == length


def test_stacked_annotations_go_in_one_linear_pass() -> None:
    text, counts = strip_annotations("發" + "(fā)" * 20000 + "展")
    assert (text, counts["annotation"]) == ("發展", 20000)
    text, counts = strip_annotations("电子商务" + "(din z shng w)" * 2000 + "。")
    assert (text, counts["annotation"]) == ("电子商务。", 2000)


def test_a_stacked_bracket_that_is_no_reading_stops_the_removal() -> None:
    assert strip_annotations("發(fā)(GDP)(fā)展")[0] == "發(GDP)(fā)展"


def test_the_pipeline_removes_vowel_deleted_readings_in_spaced_brackets() -> None:
    article = Pipeline.default().clean_page("标题\n\n全市电子商务(din z shng w)交易额同比增长两成。", source="s")[0]
    assert article.paragraphs == ["全市电子商务交易额同比增长两成。"]
    assert article.meta["changes"]["pinyin"]["annotation"] == 1


GUARD_SHAPES = {
    "spaced parts, never closed": "电子商务" + "(din z shng w" * 80_000,
    "letters past every limit": "中" * 8 + "(" + "abcdefghijklmnopqrstuvwxyz " * 40_000,
    "brackets only": "(" * 1_000_000,
    "han runs and open brackets": ("中国发展" * 3 + "(zg") * 60_000,
    "stacked readings, one not closed": "發" + "(fā)" * 100_000 + "(fā",
}


@pytest.mark.parametrize("shape", GUARD_SHAPES)
def test_adversarial_megabyte_lines_finish_in_linear_time(shape: str) -> None:
    """A guard against a blow-up, not a benchmark: each line takes about a second; 20 s means a 100x fault."""
    import subprocess
    import sys

    code = ("import sys\nfrom corpus_clean.cleaners.pinyin import strip_annotations\n"
            f"from tests.test_pinyin import GUARD_SHAPES\nstrip_annotations(GUARD_SHAPES[{shape!r}])\n")
    from pathlib import Path

    subprocess.run([sys.executable, "-c", code], check=True, timeout=20, cwd=Path(__file__).resolve().parents[1])
