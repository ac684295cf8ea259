"""Quality signals: each equals its definition, computed the slow obvious way, and stays linear."""
from __future__ import annotations

import time
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean.quality.flagged import flagged_chars
from corpus_clean.quality.signals import DUP_NGRAMS, TOP_NGRAMS, quality_signals, repetition, signals_of_text


def top_fraction_by_definition(chars: str, n: int) -> float:
    grams = [chars[i:i + n] for i in range(len(chars) - n + 1)]
    if not grams:
        return 0.0
    count = Counter(grams).most_common(1)[0][1]
    return count * n / len(chars) if count > 1 else 0.0


def dup_fraction_by_definition(chars: str, n: int) -> float:
    """Mark every character inside an occurrence of an n-gram seen earlier; count the marks."""
    covered = [False] * len(chars)
    seen: set[str] = set()
    for i in range(len(chars) - n + 1):
        gram = chars[i:i + n]
        if gram in seen:
            for j in range(i, i + n):
                covered[j] = True
        seen.add(gram)
    return sum(covered) / len(chars) if chars else 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="天地人和中国上下文字", max_size=80))
def test_repetition_signals_equal_their_definitions(chars: str) -> None:
    signals = repetition(chars)
    for n in TOP_NGRAMS:
        assert abs(signals[f"top_{n}_gram_frac"] - top_fraction_by_definition(chars, n)) < 1e-9
    for n in DUP_NGRAMS:
        assert abs(signals[f"dup_{n}_gram_frac"] - dup_fraction_by_definition(chars, n)) < 1e-9


def test_a_text_said_twice_has_half_its_characters_duplicated() -> None:
    half = "春风又绿江南岸明月何时照我还"
    assert repetition(half + half)["dup_5_gram_frac"] == 0.5
    assert repetition(half)["dup_5_gram_frac"] == 0.0


def test_line_and_share_signals_count_what_they_say() -> None:
    s = quality_signals(["今天天气很好。", "今天天气很好。", "我们去公园", "Call 110!"])
    assert s["lines"] == 4 and s["dup_line_frac"] == 0.25
    assert s["punct_end_share"] == 0.75  # the third line ends no sentence
    assert s["chars"] == 7 + 7 + 5 + 8
    assert s["han_share"] == round(17 / 27, 4) and s["digit_share"] == round(3 / 27, 4)
    assert s["avg_line_chars"] == round(27 / 4, 4)


def test_paragraphs_of_plain_text_are_separated_by_blank_lines() -> None:
    s = signals_of_text("第一段第一行。\n第一段第二行。\n\n第一段第一行。\n第一段第二行。")
    assert s["dup_para_frac"] == 0.5 and s["lines"] == 4 and s["dup_line_frac"] == 0.5


def test_an_empty_article_has_zero_signals_not_an_error() -> None:
    s = quality_signals([])
    assert s["chars"] == 0 and s["han_share"] == 0.0 and s["top_2_gram_frac"] == 0.0


def test_repetition_signals_are_left_out_on_request() -> None:
    assert "dup_5_gram_frac" not in quality_signals(["今天天气很好。"], repetition_signals=False)


def test_flagged_words_match_in_traditional_script_and_any_case() -> None:
    assert flagged_chars("真人百家樂") == 5
    assert flagged_chars("最新AV在线观看") == 4


def _cpu(fn, arg) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn(arg)
    return time.process_time() - start


def test_signals_stay_linear_on_long_adversarial_lines() -> None:
    # near-misses of flagged words (each prefix of a word, never the word) and one repeated n-gram
    # make a backtracking alternation or a pairwise n-gram comparison blow up; 8x the text must
    # cost about 8x the time, not 64x
    near_miss = "网上赌百家彩票平成人视午夜影"
    repeated = "最新电影免费看"
    for unit in (near_miss, repeated):
        small, large = unit * 1_500, unit * 12_000
        quality_signals([small])
        ratio = _cpu(quality_signals, [large]) / max(_cpu(quality_signals, [small]), 1e-3)
        assert ratio < 30, f"{unit}: 8x the text took {ratio:.1f}x the time"
