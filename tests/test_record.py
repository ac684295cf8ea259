"""Article records: the fields of SPEC.md, dict and JSON Lines round trips."""
from __future__ import annotations

import json

import pytest

from corpus_clean import Article, Removal
from corpus_clean.record import FIELDS


def make_article() -> Article:
    return Article(id="p.txt#0", source="p.txt", title="标题", subtitle="——副题", authors=["张三", "李四"],
                   date="2020-01-02", paragraphs=["第一段。", "第二段。"], meta={"original_script": "simplified"},
                   removed=[Removal("猜你喜欢", "spam_lines", "related_articles")])


def test_dict_has_exactly_the_spec_fields_in_order() -> None:
    assert tuple(make_article().to_dict()) == FIELDS
    assert FIELDS == ("id", "source", "title", "subtitle", "authors", "date", "paragraphs", "text", "meta", "removed")


def test_text_is_the_paragraphs_joined_by_newline() -> None:
    assert make_article().to_dict()["text"] == "第一段。\n第二段。"


def test_json_line_round_trip_keeps_every_field() -> None:
    article = make_article()
    line = article.to_json()
    assert "\n" not in line
    assert "标题" in line  # not ASCII-escaped
    again = Article.from_json(line)
    assert again == article
    assert again.to_dict() == article.to_dict()


def test_from_dict_rejects_unknown_fields_and_missing_ids() -> None:
    data = make_article().to_dict()
    with pytest.raises(ValueError, match="unknown article fields"):
        Article.from_dict({**data, "extra": 1})
    with pytest.raises(ValueError, match="'id'"):
        Article.from_dict({k: v for k, v in data.items() if k != "id"})


def test_removed_entry_without_reason_is_an_error() -> None:
    data = make_article().to_dict()
    data["removed"] = [{"text": "x", "cleaner": "spam_lines"}]
    with pytest.raises(ValueError, match="reason"):
        Article.from_dict(data)


def test_records_from_clean_page_round_trip_through_json() -> None:
    from corpus_clean import clean_page

    for article in clean_page("标题一行\n\n正文第一段，讲了一件事。\n\n责任编辑：王五", source="x"):
        assert Article.from_dict(json.loads(article.to_json())).to_dict() == article.to_dict()
