"""The fitted line model inside the line judgement (SpamLines): it judges what the rules leave as text, its
removals carry declared reasons, headlines over their article stay, and every line is still accounted for."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from corpus_clean import CLEANERS, Pipeline
from corpus_clean.cleaners import spam_lines
from corpus_clean.cleaners.spam_lines import REASONS, SpamLines
from corpus_clean.lines.features import FEATURES, PageFeatures
from corpus_clean.page import Page

ARTICLE = [
    "春季运动会在市体育中心开幕",
    "",
    "本报讯 昨天上午，本市第十二届春季运动会在市体育中心开幕，来自全市各区的三千余名运动员参加开幕式。",
    "本届运动会设田径、游泳、篮球等十八个大项，比赛将持续到本月底，所有场馆向市民免费开放。",
    "组委会介绍，今年新增了适合老年人参加的健步走和门球项目，报名人数比往年增加了三成。",
]
MENU = ["首页", "", "新闻", "", "体育", "", "财经", "", "娱乐", "", "登录", "", "注册", ""]
COMMENTS = ["网友评论", "", "赞", "", "回复", "", "12", "", "赞", "", "回复", "", "8", "", "赞", "", "回复", ""]
PAGE = "\n".join(MENU + ARTICLE + [""] + COMMENTS)


def kept_and_removed(text: str, spam: SpamLines | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    pipeline = Pipeline.default() if spam is None else Pipeline([spam])
    articles = pipeline.clean_page(text, source="t")
    kept = [t for a in articles for t in ([a.title] if a.title else []) + a.paragraphs]
    return kept, [(r.reason, r.text) for a in articles for r in a.removed]


def test_menus_and_comment_furniture_around_an_article_leave_with_the_models_reasons() -> None:
    kept, removed = kept_and_removed(PAGE)
    assert all(any(line[5:20] in k for k in kept) for line in ARTICLE[2:])
    reasons = {text: reason for reason, text in removed}
    assert {"新闻", "体育", "财经", "登录", "赞", "回复"} <= set(reasons)
    assert "outside_article" in {reasons[t] for t in ("新闻", "体育", "财经", "赞", "回复")}


def test_every_line_is_kept_or_removed_with_a_declared_reason() -> None:
    kept, removed = kept_and_removed(PAGE)
    articles = Pipeline.default().clean_page(PAGE, source="t")
    assert all(r.reason in CLEANERS[r.cleaner].reasons for a in articles for r in a.removed)
    assert {"outside_article", "low_content", "repeated_text"} <= set(REASONS)
    lines = [t for t in PAGE.splitlines() if t.strip()]
    seen = "\n".join(kept) + "\n" + "\n".join(text for _, text in removed)
    assert all(line.replace("本报讯 ", "") in seen or line in seen for line in lines)


def test_without_the_model_the_rules_alone_judge() -> None:
    _, removed = kept_and_removed(PAGE, SpamLines(model=False))
    assert not {"outside_article", "low_content"} & {reason for reason, _ in removed}
    assert SpamLines(model=False).get_params()["model"] is False
    assert Pipeline.from_dict({"step": [{"name": "spam_lines", "model": False}]}).cleaners[0].model is False


class _RemovesAllButProse:
    """A stand-in model that removes every line that is not prose: the harshest judge."""

    threshold = 0.5

    def is_boilerplate(self, vector: Sequence[float]) -> bool:
        return vector[FEATURES.index("prose")] == 0.0

    def boilerplate(self, page: PageFeatures) -> list[bool]:
        return [vector is not None and self.is_boilerplate(vector) for vector in page.rows()]

    def flags(self, matrix: np.ndarray) -> list[bool]:
        return [self.is_boilerplate(row) for row in matrix.tolist()]


def test_a_headline_over_its_article_stays_even_when_the_model_would_remove_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spam_lines, "shipped_model", lambda: _RemovesAllButProse())
    page = Page.from_text("\n".join([*MENU, "新闻中心", "", *ARTICLE]))
    SpamLines().apply(page)
    kinds = {ln.text: ln.kind for ln in page.lines if ln.text}
    assert kinds["春季运动会在市体育中心开幕"] == "heading"
    assert kinds["新闻中心"] == "removed"


def test_a_page_too_short_to_give_context_is_left_to_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spam_lines, "shipped_model", lambda: _RemovesAllButProse())
    page = Page.from_text("\n".join(["新闻中心", "", *ARTICLE]))
    SpamLines().apply(page)
    assert not [ln for ln in page.lines if ln.removal and ln.removal.reason in ("outside_article", "low_content")]


def test_a_second_copy_of_the_article_on_the_page_is_removed_as_repeated_text() -> None:
    page = "\n".join(MENU + ARTICLE + ["", "打印本页", ""] + ARTICLE[2:])
    kept, removed = kept_and_removed(page)
    assert sum(ARTICLE[3] in k for k in kept) == 1
    assert ("repeated_text", ARTICLE[3]) in removed


def test_a_short_last_sentence_next_to_the_article_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spam_lines, "shipped_model", lambda: _RemovesAllButProse())
    page = Page.from_text("\n".join([*MENU, *ARTICLE, "", "会议结束。", "", "网友评论", "", "说得好。"]))
    SpamLines().apply(page)
    kinds = {ln.text: ln.kind for ln in page.lines if ln.text}
    assert kinds["会议结束。"] == "body"
    assert kinds["说得好。"] == "removed"


def test_a_headline_and_its_dashed_deck_both_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spam_lines, "shipped_model", lambda: _RemovesAllButProse())
    page = Page.from_text("\n".join([*MENU, "订单种进大棚 鲜菜直通餐桌", "——长丰县下塘镇蔬菜产业发展见闻", "", *ARTICLE[2:]]))
    SpamLines().apply(page)
    kinds = {ln.text: ln.kind for ln in page.lines if ln.text}
    assert kinds["订单种进大棚 鲜菜直通餐桌"] == kinds["——长丰县下塘镇蔬菜产业发展见闻"] == "heading"


def test_an_article_printed_twice_keeps_one_copy_of_each_paragraph_its_first_included() -> None:
    paragraphs = [f"第{i}段：网格员每天走村入户，帮助群众代办社保、医保等事项，今年以来累计代办各类事项{i}千余件。"
                  for i in range(12)]
    kept = [p for a in Pipeline.default().clean_page("\n".join([*paragraphs, "打印本页 关闭窗口", *paragraphs]), "t")
            for p in a.paragraphs]
    assert [kept.count(p) for p in paragraphs] == [1] * 12
