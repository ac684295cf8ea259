"""A page's Line: its containers are made on first use, and it still compares, copies and pickles by value."""
from __future__ import annotations

import copy
import pickle

import pytest

from corpus_clean.page import BLANK, BODY, HEADING, META, Line, Page


def test_a_new_line_reports_no_values_edits_or_spans_and_asking_makes_empty_ones() -> None:
    line = Line("记者 张三")
    assert not (line.has_values or line.has_edits or line.has_spans)
    assert line.values == {} and line.edits == {} and line.spans == []
    assert not (line.has_values or line.has_edits or line.has_spans)
    line.values["authors"] = ["张三"]
    line.edits[("segment", "reattached")] += 1
    line.spans.append({"cleaner": "x", "reason": "y", "text": "z"})
    assert line.has_values and line.has_edits and line.has_spans
    assert line.values == {"authors": ["张三"]} and line.edits[("segment", "reattached")] == 1


def test_lines_without_containers_equal_lines_with_empty_ones() -> None:
    asked = Line("正文。")
    asked.values, asked.edits  # noqa: B018 - asking makes the containers
    assert asked == Line("正文。")
    assert Line("正文。") != Line("正文。", HEADING)
    assert Line("正文。", values={"date": "2024-01-01"}) != Line("正文。")


def test_the_default_features_are_shared_read_only() -> None:
    line = Line("正文。")
    with pytest.raises(TypeError):
        line.features["tag"] = "p"  # type: ignore[index]
    assert Line("正文。").features == {} and Line("正文。", features={"tag": "p"}).features == {"tag": "p"}


@pytest.mark.parametrize("clone", [copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))], ids=["deepcopy", "pickle"])
def test_a_page_copies_and_pickles_with_its_lines_equal(clone) -> None:  # type: ignore[no-untyped-def]
    page = Page.from_text("标题\n\n正文第一段。\n正文\u200b第二段。", "p")
    page.lines[0].mark_meta("segment", "byline", {"authors": ["张三"]})
    page.lines[2].features = {"tag": "p"}
    copied = clone(page)
    assert copied == page and copied.lines[3].edits == page.lines[3].edits != {}
    copied.lines[0].values["authors"].append("李四")
    assert page.lines[0].values["authors"] == ["张三"]
    assert [ln.kind for ln in copied.lines] == [META, BLANK, BODY, BODY]
