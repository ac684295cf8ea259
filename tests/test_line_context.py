"""Where a line stands relative to the page's main article (corpus_clean.lines.context): the headline that echoes
the page's first line, the first run of prose under it, the article-end lines and dates met since, and shapes
that recur (comment threads)."""
from __future__ import annotations

import pytest

from corpus_clean.lines.context import ARTICLE_CONTEXT, article_context, echo_line, shapes
from corpus_clean.lines.features import FEATURES, page_features
from corpus_clean.lines.verdicts import page_verdicts

ARTICLE = "据新华社报道，今天本市举行了春季运动会，数千名市民参加了比赛，气氛热烈。"
COMMENT = "这样的活动真不错，希望明年还能再办一次，我们全家都会来参加的。"
ELEMENTS = [
    "春季运动会在本市开幕_本市新闻网",
    "首页", "新闻", "体育",
    "春季运动会在本市开幕",
    "2024-05-01 12:00",
    ARTICLE, ARTICLE.replace("今天", "昨天"), ARTICLE.replace("春季", "秋季"),
    "分享到：微信 微博",
    "网友评论", "用户张三", "05-01 13:20", "赞 12",
    "相关阅读", "其他", "更多",
    COMMENT,
    "用户李四", "05-01 14:05", "赞 3",
    "还有", "其他", "内容",
    COMMENT.replace("明年", "后年"),
    "用户王五", "05-02 09:41", "赞 7",
]


def scraped(elements: list[str]) -> list[str]:
    """Each element on its line with a blank line after it, as scraped text has them."""
    return [line for element in elements for line in (element, "")]


PAGE = scraped(ELEMENTS)


def context(page: list[str], element: int) -> dict[str, float]:
    """The features of the ``element``-th line of ``page`` (blank lines not counted)."""
    row = page_features(page, page_verdicts(page))[[i for i, t in enumerate(page) if t][element]]
    assert row is not None
    return dict(zip(FEATURES, row))


def test_the_article_context_columns_close_every_feature_vector() -> None:
    assert FEATURES[-len(ARTICLE_CONTEXT):] == ARTICLE_CONTEXT
    rows = page_features(PAGE, page_verdicts(PAGE))
    assert all(len(row) == len(FEATURES) if text else row is None for text, row in zip(PAGE, rows))


@pytest.mark.parametrize(("page", "expect"), [
    (["春季运动会在本市开幕_本市新闻网", "首页", "春季运动会在本市开幕", ARTICLE], 2),
    (["春季运动会在本市开幕-本市新闻网", "春季运動會在本市開幕啦"], -1),  # most pairs differ: not the headline
    (["本市新闻网", "首页", ARTICLE], -1),  # nothing echoes the first line
    (["春季运动会", "春季"], -1),  # too short to be a headline: a word of the title
    (["春季运动会在本市开幕_本市新闻网", "春季运动会在本市开幕" * 10], -1),  # too long: prose
])
def test_the_echo_is_the_first_headline_length_line_the_first_line_holds(page: list[str], expect: int) -> None:
    assert echo_line(page) == expect


def test_the_article_is_the_first_run_of_prose_under_the_headline_and_later_prose_is_not() -> None:
    article, first_comment, last_comment = context(PAGE, 7), context(PAGE, 17), context(PAGE, 24)
    assert article["echo_found"] == 1.0 and article["in_first_run"] == 1.0 and article["runs_from_anchor"] == 0.25
    assert first_comment["in_first_run"] == 0.0 and first_comment["runs_from_anchor"] == 0.5
    assert last_comment["runs_from_anchor"] == 0.75
    assert context(PAGE, 1)["above_anchor"] == 1.0 and article["above_anchor"] == 0.0


def test_article_end_lines_and_dates_are_counted_from_the_start_of_the_article() -> None:
    article, comment = context(PAGE, 8), context(PAGE, 17)
    assert article["ends_above_log"] == 0.0 and article["metas_above_log"] == 0.0
    assert comment["ends_above_log"] > 0.0  # the share prompt and the related-articles header above it
    assert comment["mass_before"] > article["mass_before"] > 0.0


def test_a_short_article_followed_by_longer_prose_has_a_small_first_run_share() -> None:
    long_other = [COMMENT.replace("明年", f"第{n}年") for n in range(12)]
    page = scraped(["春季运动会在本市开幕_本市新闻网", "春季运动会在本市开幕", ARTICLE, "分享到：微信", "看了又看", "换一换",
                    "推荐", "热门", *long_other])
    assert context(page, 2)["first_run_share"] < 0.3
    assert context(PAGE, 7)["first_run_share"] == 1.0  # the article is the page's heaviest run


def test_shapes_that_recur_mark_the_furniture_of_a_comment_thread() -> None:
    assert shapes(["05-01 13:20", "赞 12", ARTICLE * 2]) == ["0-0 0:0", "赞 0", ""]
    date = context(PAGE, 19)
    assert date["shape_repeats_log"] > 0.0 and date["near_shape_repeated"] > 0.0
    assert context(PAGE, 6)["shape_repeats_log"] == 0.0  # a paragraph has no shape


def test_a_page_without_prose_gets_zeros_but_for_what_needs_no_prose() -> None:
    page = ["春季运动会在本市开幕_本市新闻网", "春季运动会在本市开幕", "05-01", "05-02", "05-03"]  # the non-gap lines
    rows = article_context(page, page_verdicts(page), [0.0] * 5, [0.0] * 5, 4)
    named = [dict(zip(ARTICLE_CONTEXT, r)) for r in rows]
    assert all(r["echo_found"] == 1.0 and r["in_first_run"] == 0.0 and r["mass_before"] == 0.0 for r in named)
    assert named[2]["shape_repeats_log"] > 0.0


@pytest.mark.parametrize("line", ["1" * 1_000_000, "春" * 1_000_000, "1a" * 500_000])
def test_long_adversarial_lines_are_handled_in_one_pass(line: str) -> None:
    page = [line[:200], line, "1" * 39, line[:80]]
    rows = article_context(page, ["body"] * 4, [1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0], 4)
    assert len(rows) == 4 and all(len(r) == len(ARTICLE_CONTEXT) for r in rows)
