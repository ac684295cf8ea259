"""Mojibake repair: cases made by encoding real sentences the wrong way, and clean text left alone."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean import Mojibake
from corpus_clean.cleaners.mojibake import plausibility
from corpus_clean.page import Page

from .casefiles import gold_paragraphs, load_lines

SENTENCES = load_lines("mojibake", "sentences.txt")
CLEAN = load_lines("mojibake", "clean_lines.txt")
GOLD_PARAGRAPHS = gold_paragraphs()
FIX = Mojibake().fix

WRONG_WAYS = {
    "utf8_as_gbk": ("utf-8", "gb18030"),
    "gbk_as_latin1": ("gbk", "latin-1"),
    "gbk_as_cp1252": ("gbk", "cp1252"),
    "utf8_as_latin1": ("utf-8", "latin-1"),
    "utf8_as_cp1252": ("utf-8", "cp1252"),
}


def garble(sentence: str, encoding: str, decoding: str) -> str | None:
    try:
        broken = sentence.encode(encoding).decode(decoding)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None  # this sentence cannot go wrong that way
    return broken if broken != sentence else None


def longest_garbled_prefix(sentence: str, encoding: str, decoding: str) -> tuple[str, str] | None:
    """The longest prefix (6+ characters) of ``sentence`` that survives the wrong decoding whole.

    UTF-8 read as GBK only decodes cleanly when the bytes pair up; real pages
    with the fault lose the odd byte at the end of a line, the prefix does not.
    """
    for end in range(len(sentence), 5, -1):
        broken = garble(sentence[:end], encoding, decoding)
        if broken is not None:
            return sentence[:end], broken
    return None


def codec_cases() -> list[tuple[str, str, str]]:
    cases = []
    for way, (encoding, decoding) in WRONG_WAYS.items():
        for sentence in SENTENCES:
            found = longest_garbled_prefix(sentence, encoding, decoding)
            if found is not None:
                cases.append((way, *found))
    return cases


CODEC_CASES = codec_cases()


def test_enough_codec_cases_in_every_wrong_way() -> None:
    for way in WRONG_WAYS:
        assert sum(1 for w, _, _ in CODEC_CASES if w == way) >= 10, way
    assert len(CODEC_CASES) >= 30


@pytest.mark.parametrize("way,sentence,broken", CODEC_CASES,
                         ids=[f"{w}-{i}" for i, (w, _, _) in enumerate(CODEC_CASES)])
def test_codec_mojibake_is_repaired_to_the_original_sentence(way: str, sentence: str, broken: str) -> None:
    fixed, counts = FIX(broken)
    assert fixed == sentence
    assert sum(counts.values()) >= 1


def out_of_step(sentence: str, left: str = "這是我們共同的家園。") -> tuple[str, str] | None:
    """``left。”`` + sentence, GBK bytes read one byte out of step after the quote, as SPEC.md step 2.

    The misread run starts at the quote's second byte and ends where a character
    of the sentence has an ASCII-range trail byte, which brings the reader back in step.
    """
    encoded = sentence.encode("gbk")
    pos = 0
    for i, ch in enumerate(sentence):
        b = ch.encode("gbk")
        pos += len(b)
        if len(b) == 2 and b[1] < 0x80:
            run_bytes = "”".encode("gbk")[1:] + encoded[:pos]
            try:
                misread = run_bytes.decode("gbk")
            except UnicodeDecodeError:
                return None
            return left[:-1] + "?!" + misread + sentence[i + 1:], left + "”" + sentence
    return None


STEP_CASES = [c for c in (out_of_step(s) for s in SENTENCES + [
    "城口縣委組織部常務副部長說。", "鳳凰社區黨支部書記說道。", "農發小區住宅管理委員會主任說。",
    "張秀平說，這件事已經辦好了。", "陳書記說，縣裡會繼續支持。"]) if c is not None]


def test_enough_out_of_step_cases() -> None:
    assert len(STEP_CASES) >= 5


@pytest.mark.parametrize("broken,expected", STEP_CASES, ids=[f"step-{i}" for i in range(len(STEP_CASES))])
def test_out_of_step_runs_are_repaired(broken: str, expected: str) -> None:
    assert "?!" in broken
    page = Mojibake().apply(Page.from_text(broken, "t"))
    assert page.lines[0].text == expected
    assert page.lines[0].edits[("mojibake", "out_of_step")] == 1


def test_bare_marker_is_repaired_only_on_a_page_that_showed_out_of_step_runs() -> None:
    broken, _ = STEP_CASES[0]
    page = Mojibake().apply(Page.from_text(broken + "\n“建議在節前開展一次活動?!", "t"))
    assert page.lines[1].text == "“建議在節前開展一次活動。”"
    alone = Mojibake().apply(Page.from_text("他真的這麼說?!", "t"))
    assert alone.lines[0].text == "他真的這麼說?!"


@pytest.mark.parametrize("line", CLEAN)
def test_clean_lines_are_unchanged(line: str) -> None:
    assert FIX(line) == (line, FIX(line)[1]) and not FIX(line)[1]


@pytest.mark.parametrize("paragraph", GOLD_PARAGRAPHS)
def test_gold_paragraphs_are_unchanged(paragraph: str) -> None:
    fixed, counts = FIX(paragraph)
    assert fixed == paragraph and not counts


def test_plausibility_ranks_real_text_above_its_mojibake() -> None:
    for sentence in SENTENCES:
        for encoding, decoding in WRONG_WAYS.values():
            broken = garble(sentence, encoding, decoding)
            if broken is not None:
                assert plausibility(sentence) > plausibility(broken), (sentence, broken)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_repair_is_idempotent(text: str) -> None:
    once, _ = FIX(text)
    twice, counts = FIX(once)
    assert twice == once and not counts
