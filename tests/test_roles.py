"""The role-word table and the patterns the readers of bylines, credits and information lines build from it."""
from __future__ import annotations

import re

import pytest

from corpus_clean import roles
from corpus_clean.cleaners.metadata_lines import parse_info
from corpus_clean.cleaners.rejoin import is_caption
from corpus_clean.names import parse_byline


def test_every_group_is_declared_once_without_repeats() -> None:
    groups = [getattr(roles, name) for name in dir(roles) if name.endswith(("_ROLES", "_KEYS", "_CREDITS", "_SOURCES"))]
    assert groups and all(len(set(g)) == len(g) for g in groups)


def test_an_alternation_prefers_the_longest_word_where_several_match() -> None:
    pattern = re.compile(roles.alternation(("记者", "本报记者", "本报")))
    assert pattern.match("本报记者张三").group(0) == "本报记者"


def test_both_scripts_adds_the_traditional_form_of_each_word() -> None:
    assert roles.both_scripts(("记者", "通讯员", "作者")) == ("记者", "通讯员", "作者", "記者", "通訊員")


@pytest.mark.parametrize(("line", "found"), [("记者张三通讯员李四", ["记者", "通讯员"]), ("文/张三", ["文"]),
                                             ("蒋文彬", []), ("本报记者 王五", ["本报记者"]), ("图｜李四", ["图"])])
def test_the_byline_pattern_finds_role_words_and_one_character_credits_only_between_separators(
        line: str, found: list[str]) -> None:
    assert [m.group(0) for m in re.finditer(roles.byline_role_pattern(), line)] == found


def test_bylines_with_table_roles_give_their_names() -> None:
    assert parse_byline("新华社记者 张三 李四") == ["张三", "李四"]
    assert parse_byline("文/图 王五") == ["王五"]


def test_an_information_line_of_a_date_and_a_correspondent_gives_the_authors() -> None:
    assert parse_info("2024-01-16 19:42 通讯员：李明") == {"authors": ["李明"], "date": "2024-01-16"}


@pytest.mark.parametrize("text", ["记者邹佳雯图", "實習生王小明圖", "李明 摄", "受访者供圖"])
def test_photo_credits_of_the_table_close_captions_in_both_scripts(text: str) -> None:
    assert is_caption(text)
