"""Features of lines in their page (corpus_clean.lines.features): one vector per line, computed in linear time."""
from __future__ import annotations

import pytest

from corpus_clean.lines.features import FEATURES, page_features, prose_region, prose_runs
from corpus_clean.lines.verdicts import page_verdicts

PAGE = [
    "首页 | 新闻 | 体育 | 财经",
    "",
    "据新华社报道，今天本市举行了春季运动会，数千名市民参加了比赛。",
    "比赛持续了一整天，",
    "市民们纷纷表示，",
    "这样的活动很有意义。",
    "2024-05-01 12:00 阅读 1234",
    "",
    "责任编辑：张三",
]


def vector(page: list[str], index: int) -> dict[str, float]:
    rows = page_features(page, page_verdicts(page))
    row = rows[index]
    assert row is not None
    return dict(zip(FEATURES, row))


def test_every_line_gets_a_vector_of_every_feature_and_gaps_get_none() -> None:
    rows = page_features(PAGE, page_verdicts(PAGE))
    assert [r is None for r in rows] == [not t for t in PAGE]
    assert all(len(r) == len(FEATURES) for r in rows if r is not None)


def test_fragments_of_one_paragraph_share_the_block_of_prose_they_belong_to() -> None:
    fragment = vector(PAGE, 4)  # 市民们纷纷表示，: short, but inside a block of prose
    assert fragment["block_prose"] == 1.0 and fragment["in_region"] == 1.0
    menu = vector(PAGE, 0)
    assert menu["block_prose"] == 0.0 and menu["in_region"] == 0.0 and menu["pipe"] > 0


def test_lexicon_and_metadata_verdicts_are_features_of_the_line() -> None:
    assert vector(PAGE, 8)["v_removed_strong"] == 1.0  # editor line
    assert vector(PAGE, 2)["v_body"] == 1.0
    counter_line = vector(PAGE, 6)
    assert counter_line["counter"] == 1.0 and counter_line["date"] == 1.0 and counter_line["time"] == 1.0


def test_neighbours_and_position_are_read_from_the_lines_around() -> None:
    middle = vector(PAGE, 3)
    assert middle["prev_ends_sentence"] == 1.0 and middle["next_ends_sentence"] == 0.0
    assert vector(PAGE, 0)["position"] == 0.0 and vector(PAGE, 8)["position"] == 1.0
    assert vector(PAGE, 0)["gap_after"] == 1.0


def test_repeated_lines_and_echoes_of_the_first_line_are_seen() -> None:
    page = ["春季运动会开幕_本市新闻网", "春季运动会开幕", "正文很长的一段话，讲了运动会的事情，大家都很高兴。", "登录", "登录"]
    assert vector(page, 1)["title_sim"] == 1.0 and vector(page, 2)["title_sim"] < 0.3
    assert vector(page, 3)["repeats_log"] > 0 and vector(page, 2)["repeats_log"] == 0


def test_link_density_is_read_from_the_dom_features_when_given() -> None:
    page = ["新闻中心", "正文很长的一段话，讲了运动会的事情。"]
    rows = page_features(page, page_verdicts(page), [{"link_density": 1.0}, None])
    assert rows[0][FEATURES.index("link_density")] == 1.0 and rows[1][FEATURES.index("link_density")] == 0.0


@pytest.mark.parametrize("values,expect", [([5, -12, -12, 30, 2], (3, 4)), ([5, -1, -1, 30, 2], (0, 4)), ([-1, -1], (-1, -1)), ([4, -12, 4], (0, 0))])
def test_the_article_region_is_the_heaviest_run_of_prose(values: list[float], expect: tuple[int, int]) -> None:
    assert prose_region(values) == expect


def test_prose_runs_end_after_a_long_stretch_without_prose() -> None:
    runs = prose_runs([5, -1, -1, 3, -1, -1, -1, -1, -1, 7, -1])
    assert runs.tolist() == [8, 8, 8, 8, 0, 0, 0, 0, 0, 7, 0]


@pytest.mark.parametrize("line", ["1" * 50_000 + "年", "2024-" * 20_000, "阅读" * 30_000 + "x", "|" * 50_000,
                                  "1:" * 30_000, "【" + "a" * 50_000])
def test_long_adversarial_lines_are_handled_in_one_pass(line: str) -> None:
    page = [line, line[:1000], ""]
    rows = page_features(page, ["body", "body", ""])
    assert rows[0] is not None and len(rows[0]) == len(FEATURES)
