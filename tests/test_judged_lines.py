"""The verdict memo (line_verdict.JudgedLines): the same verdicts as judging each line afresh, values that no
page can change for another, and a bounded size however many distinct lines go through it."""
from __future__ import annotations

import dataclasses

import pytest

from corpus_clean.cleaners.line_verdict import JudgedLines, judge

LINES = ["责任编辑：王五", "2023年5月12日 09:30", "来源：益阳日报　作者：周立新", "首页 | 新闻 | 财经",
         "春季运动会在市体育中心开幕", "本报讯 昨天上午，本市第十二届春季运动会在市体育中心开幕。", "…………", "分享到：微信 微博"]


def test_remembered_verdicts_equal_fresh_ones_on_first_and_later_asks() -> None:
    memo = JudgedLines()
    for _ in range(3):
        for line in LINES:
            assert memo.judge(line) == judge(line), line


def test_a_verdicts_values_changed_by_one_page_are_unchanged_for_the_next() -> None:
    memo = JudgedLines()
    first = memo.judge("来源：益阳日报　作者：周立新")
    assert first.values, "an information line carries values"
    first.values.clear()
    assert memo.judge("来源：益阳日报　作者：周立新").values == judge("来源：益阳日报　作者：周立新").values


def test_the_memo_holds_at_most_two_generations_of_lines() -> None:
    memo = JudgedLines(size=50)
    for n in range(1000):
        memo.judge(f"第{n}条 栏目名称")
    assert 50 <= len(memo) <= 100
    assert memo.judge("第999条 栏目名称") == judge("第999条 栏目名称")


def test_a_cleared_memo_remembers_nothing() -> None:
    memo = JudgedLines()
    for line in LINES:
        memo.judge(line)
    memo.clear()
    assert len(memo) == 0


def test_lines_asked_again_and_again_with_new_ones_keep_the_memo_bounded() -> None:
    """Old lines asked again are moved to the newer generation, which must still rotate at its size."""
    memo = JudgedLines(size=50)
    asked: list[str] = []
    for n in range(60):
        asked += [f"第{n}组第{k}条 栏目名称" for k in range(50)]
        for line in asked[-500:]:
            memo.judge(line)
    assert len(memo) <= 100


@pytest.mark.parametrize("line", ["首页 | 新闻 | 财经", "春季运动会在市体育中心开幕"])
def test_a_shared_verdict_without_values_cannot_be_changed(line: str) -> None:
    memo = JudgedLines()
    memo.judge(line)
    first = memo.judge(line)
    with pytest.raises((TypeError, dataclasses.FrozenInstanceError)):
        first.values["editor"] = "某某"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.kind = "body"  # type: ignore[misc]
    assert memo.judge(line) == judge(line) and not memo.judge(line).values


def test_long_lines_are_judged_but_not_remembered() -> None:
    memo = JudgedLines()
    paragraph = "网格员每天走村入户，帮助群众代办社保、医保等事项，今年以来累计代办各类事项3400余件。" * 5
    assert memo.judge(paragraph) == judge(paragraph)
    assert len(memo) == 0
