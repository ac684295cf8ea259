"""The speed-ups are exact: every shortcut skips only what the slow path would leave unchanged.

Each cleaner that skips lines names a trigger pattern; these tests check on
generated lines that a line the trigger rules out comes back from the
cleaner's edit unchanged, and that the precomputed character tables agree
with OpenCC itself.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean.chars import HAN, han_count
from corpus_clean.cleaners import html_residue, line_shape, mojibake, normalize, pinyin, rejoin, spam_lines
from corpus_clean.cleaners.script import differing_chars
from corpus_clean.cleaners.lexicons import Lexicon, starts_at_line_start
from corpus_clean.convert import ARRAY_CHARS, changed_alone, converter, script_chars, to_simplified
from corpus_clean.page import Page

from .casefiles import gold_paragraphs, load_jsonl

# Han (common, rare, Traditional), Latin with and without tone marks, ASCII and Chinese punctuation, spaces
_ALPHABET = st.sampled_from(list("的是在了發們臺灣鍦ㄧ嚎ÔÚÏßå·¥ä½œfāmenABC123１２,;?!:()（）。，、“”… \u3000\u00a0\u200b"))
_LINES = st.lists(_ALPHABET, max_size=30).map("".join)


def _ruled_out(trigger, line: str) -> str:  # type: ignore[no-untyped-def]
    """``line`` without what ``trigger`` finds: a line the cleaner skips, with every other character kept."""
    while trigger.search(line):
        line = trigger.sub("", line)
    return line


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_a_line_without_a_mojibake_trigger_is_not_changed_by_the_repair(line: str) -> None:
    line = _ruled_out(mojibake._suspect(), line)
    assert mojibake.Mojibake().fix(line)[0] == line


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_a_line_without_a_pinyin_trigger_is_not_changed_by_the_stripper(line: str) -> None:
    line = _ruled_out(pinyin._TRIGGER, line)
    assert pinyin.strip_annotations(line)[0] == line


@settings(max_examples=500, deadline=None)
@given(_LINES, st.booleans())
def test_a_line_without_a_normalize_trigger_is_already_normal(line: str, keep_spaces: bool) -> None:
    line = _ruled_out(normalize._TRIGGER, line)
    assert normalize.normalize_text(line, keep_spaces=keep_spaces) == (line, {})


def test_the_triggers_fire_on_what_their_cleaners_change() -> None:
    assert mojibake._suspect().search("鍦ㄧ嚎瑙傜湅")
    assert mojibake._suspect().search("好幾個?!背")
    assert pinyin._CANDIDATE.search("發(fā)展")
    assert normalize._TRIGGER.search("近日,中共")
    assert not normalize._TRIGGER.search("近日，中共中央印发了通知。")


@pytest.mark.parametrize("case", load_jsonl("pinyin", "positives.jsonl"), ids=lambda c: c["text"][:16])
def test_the_pinyin_trigger_finds_every_golden_annotation(case: dict) -> None:  # type: ignore[type-arg]
    assert pinyin.strip_annotations(case["text"])[0] != case["text"]
    assert pinyin._TRIGGER.search(case["text"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(gold_paragraphs()), st.integers(min_value=1), st.sampled_from(gold_paragraphs()),
       st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0, 3.5]))
def test_rejoin_asks_jieba_only_when_its_word_can_tip_the_join(paragraph: str, cut: int, other: str,
                                                                threshold: float) -> None:
    cut = cut % len(paragraph)
    for left, right in ((paragraph[:cut], paragraph[cut:]), (paragraph[:cut], other), (other, paragraph[cut:])):
        assert rejoin.joins(left, right, threshold) == (rejoin.join_score(left, right) > threshold)


def test_edit_lines_with_a_trigger_edits_only_lines_that_match() -> None:

    page = Page.from_text("甲乙\nab\n丙丁")
    seen: list[str] = []

    def upper(text: str):  # type: ignore[no-untyped-def]
        seen.append(text)
        return text.upper(), {"upper": 1}

    page.edit_lines("test", upper, trigger=re.compile("[a-z]"))
    assert seen == ["ab"]
    assert [ln.text for ln in page.lines] == ["甲乙", "AB", "丙丁"]
    assert page.lines[1].edits[("test", "upper")] == 1


def test_a_page_without_any_trigger_match_is_not_read_line_by_line() -> None:

    page = Page.from_text("甲乙\n丙丁")
    page.edit_lines("test", lambda t: pytest.fail("no line should be edited"), trigger=re.compile("[a-z]"))


@pytest.mark.parametrize("text", ["臺灣們發展", "乾淨", "台湾们发展", "ABC", "𠀀", ""])
def test_script_char_tables_count_what_opencc_changes_character_by_character(text: str) -> None:
    t2s, s2t = converter("t2s"), converter("s2t")
    chars = script_chars()
    assert chars.count_traditional(text) == sum(1 for c in text if t2s(c) != c)
    assert chars.count_simplified(text) == sum(1 for c in text if s2t(c) != c)
    assert chars.has_traditional(text) == any(t2s(c) != c for c in text)


@pytest.mark.parametrize("config", ["t2tw", "t2hk"])
@pytest.mark.parametrize("text", ["台灣民眾在裡面吃著麵線", "香港市民在裏面吃緊麪線，衞生署裏裏", "台湾们发展", "ABC", "𠀀", ""])
def test_variant_tables_count_what_opencc_changes_character_by_character(config: str, text: str) -> None:
    convert = converter(config)
    assert changed_alone(config)(text) == len({c for c in text if convert(c) != c})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINES, _LINES), max_size=8), st.lists(st.booleans(), max_size=8))
def test_differing_chars_counts_as_a_character_by_character_comparison(pairs: list, keep: list) -> None:  # type: ignore[type-arg]
    # pairs of equal length (a line converted in place) and of any length, astral characters included
    old = [a + "𠀀" for a, _ in pairs]
    new = [(a + "𠀁" if k else b) for (a, b), k in zip(pairs, keep + [False] * len(pairs))]
    expected = [sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else int(a != b) for a, b in zip(old, new)]
    assert differing_chars(old, new) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("的發ㄧ𠀀ab1，。“”（）《》【】\" ")), max_size=40))
def test_class_counters_count_as_listing_the_matches_does(text: str) -> None:
    assert han_count(text) == len(re.findall(f"[{HAN}]", text))
    opened = sum(text.count(c) for c in "“‘「『（(《【")
    closed = sum(text.count(c) for c in "”’」』）)》】")
    assert line_shape.balanced(text) == (opened <= closed and text.count('"') % 2 == 0)
    assert mojibake.plausibility(text) == pytest.approx(_plausibility_by_listing(text))


def _plausibility_by_listing(text: str) -> float:
    not_good, weighed = mojibake._classes()
    bad = len(not_good.findall(text))
    return 1.0 if not bad else 1 - bad / len(weighed.findall(text))


def test_simplified_count_stops_at_its_limit() -> None:
    assert script_chars().count_simplified("们们们们们", limit=2) == 2
    assert script_chars().count_simplified("们们", limit=9) == 2


def test_to_simplified_leaves_text_without_traditional_characters_alone_and_converts_the_rest() -> None:
    assert to_simplified("报道称，今天发布") == "报道称，今天发布"
    assert to_simplified("報道稱") == "报道称"


@pytest.mark.parametrize("text", ["臺灣們發展，關鍵詞：黨建", "版權所有 ©2023", "看著乾淨的麵", "𠀀𡃁", "ABC", ""])
def test_to_simplified_converts_character_by_character_as_opencc_does_each_alone(text: str) -> None:
    t2s = converter("t2s")
    assert to_simplified(text) == "".join(t2s(c) for c in text)


@pytest.mark.parametrize("text", ["臺灣們發展，關鍵詞：黨建。" * 100, "看著乾淨的麵\n" * 100 + "𠀀𡃁", "報道\ud800稱" * 200])
def test_a_page_long_enough_to_be_mapped_as_an_array_is_simplified_as_each_character_alone(text: str) -> None:
    t2s = converter("t2s")
    assert len(text) >= ARRAY_CHARS
    assert to_simplified(text) == "".join(t2s(c) if not "\ud800" <= c <= "\udfff" else c for c in text)


@pytest.mark.parametrize("pattern,anchored", [
    ("^首页", True),
    (r"^(上一页|下一页)\s*\d+", True),
    (r"^[|｜]x", True),
    (r"^(a|b)", True),
    (r"^\(a|b\)", False),
    ("^a|b", False),
    ("a^", False),
    ("首页$", False),
])
def test_only_patterns_whose_every_match_starts_the_line_count_as_anchored(pattern: str, anchored: bool) -> None:
    assert starts_at_line_start(pattern) is anchored


def test_a_lexicon_finds_anchored_and_floating_patterns_as_one_alternation_would() -> None:
    import regex

    patterns = ["^首页", r"(热线|电话)\s*\d{7,8}", r"^(投资|入市)有风险$|风险自担$", r"(?i)copyright", r"^\p{Han}{2}周刊$"]
    lexicon = Lexicon(patterns)
    whole = regex.compile("|".join(f"(?:{p})" for p in patterns))
    for line in ["首页 新闻", "新闻 首页", "咨询电话 12345678", "投资有风险", "据此操作风险自担", "COPYRIGHT 2023",
                 "科教周刊", "本周科教周刊", "正文"]:
        assert bool(lexicon.search(line)) == bool(whole.search(line)), line


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("摄攝影图圖为片供资料▲△（(）)。！？!?…”’」』\"好 \u3000\t/／")), max_size=12))
def test_rejoin_reads_captions_from_the_ends_as_its_patterns_do(text: str) -> None:
    caption = (r"^\s*(?:[▲△]|图为|圖為|图片|圖片|（图|\(图)"
               r"|(?:摄|攝|摄影|攝影|供图|供圖|资料图|資料圖|资料图片|資料圖片|[ \u3000/／][图圖])\s*[)）]?\s*$")
    assert rejoin.is_caption(text) == bool(re.search(caption, text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("。！好”’」』）)( ")), max_size=10))
def test_the_line_filter_reads_a_final_full_stop_as_its_pattern_does(text: str) -> None:
    assert spam_lines.ends_with_full_stop(text) == bool(re.search(r"。[”’」』）)]*$", text))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("<>&•●▪◦‣∙ \u3000\t好a")), max_size=6), max_size=4))
def test_html_residue_finds_markup_as_its_pattern_does(lines: list[str]) -> None:
    page = "\n".join(lines)
    assert html_residue._page_has_markup(page) == bool(html_residue._MARKUP.search(page))
    for line in lines:
        assert html_residue._has_markup(line) == bool(html_residue._MARKUP.search(line))


