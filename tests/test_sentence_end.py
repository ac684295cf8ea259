"""The package's one sentence-end test: what ends a sentence, its options, and that it reads from the end."""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_clean.sentence_end import CLOSERS, SENTENCE_MARKS, TERMINAL_MARKS, ends_sentence

_CLOSERS = re.escape(CLOSERS)


@pytest.mark.parametrize("text", ["会议结束。", "他说：“好。”", "真的吗？", "Done!", "未完待续…", "（全文完。）"])
def test_a_mark_with_only_closing_quotes_and_brackets_after_it_ends_a_sentence(text: str) -> None:
    assert ends_sentence(text)


@pytest.mark.parametrize("text", ["", "今日要闻", "路线图", "首先，", "第一；", "。好", "他说：“好。”好", "会议结束。 "])
def test_a_line_without_a_final_mark_ends_no_sentence(text: str) -> None:
    assert not ends_sentence(text)


def test_a_closing_quote_alone_ends_a_sentence_only_when_asked() -> None:
    assert not ends_sentence("他说“明天见”")
    assert ends_sentence("他说“明天见”", quote_ends=True)
    assert not ends_sentence("他说‘明天见’", quote_ends=True)  # a single quote closes a quotation inside one


def test_a_trailing_credit_in_brackets_follows_a_sentence_end_only_when_asked() -> None:
    text = "全面提升学生素养。（记者 张三 通讯员 李四）"
    assert not ends_sentence(text)
    assert ends_sentence(text, parenthetical=True)
    assert not ends_sentence("全面提升学生素养（记者 张三）", parenthetical=True)
    assert not ends_sentence("全面提升学生素养。（" + "很" * 41 + "）", parenthetical=True)
    assert not ends_sentence("素养。（甲（乙）", parenthetical=True)


def test_the_quality_signals_count_semicolons_and_latin_full_stops_as_line_ends() -> None:
    assert not ends_sentence("第一；")
    assert ends_sentence("第一；", marks=TERMINAL_MARKS)
    assert ends_sentence("See the report.", marks=TERMINAL_MARKS)


def test_a_full_stop_only_test_refuses_other_marks() -> None:
    assert ends_sentence("会议结束。”", marks="。")
    assert not ends_sentence("真的吗？", marks="。")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("。！？!?…；好”’」』）)(（】》\"' ")), max_size=12))
def test_the_test_reads_from_the_end_as_its_patterns_do(text: str) -> None:
    marks = re.escape(SENTENCE_MARKS)
    plain = rf"[{marks}][{_CLOSERS}]*$"
    assert ends_sentence(text) == bool(re.search(plain, text))
    assert ends_sentence(text, quote_ends=True) == bool(re.search(rf"{plain}|[”」』]$", text))
    with_note = rf"[{marks}][{_CLOSERS}]*(?:[（(][^（）()]{{1,40}}[)）])?$"
    assert ends_sentence(text, parenthetical=True) == bool(re.search(with_note, text))
    terminal = rf"[{re.escape(TERMINAL_MARKS)}][{_CLOSERS}]*$"
    assert ends_sentence(text, marks=TERMINAL_MARKS) == bool(re.search(terminal, text))


def test_a_megabyte_line_is_read_from_its_end() -> None:
    lines = ["。" + "”" * 1_000_000, "好" * 1_000_000 + "（" + "好" * 39 + "）", "（" * 1_000_000 + "）"]
    start = time.process_time()
    for line in lines:
        ends_sentence(line, quote_ends=True, parenthetical=True)
    assert time.process_time() - start < 1.0
