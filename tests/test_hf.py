"""The Hugging Face datasets integration gives the records clean_page gives, in one or several processes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean import Pipeline, clean_page
from corpus_clean.quality.filter import QualityFilter

datasets = pytest.importorskip("datasets")

from corpus_clean.integrations.hf import clean_dataset  # noqa: E402

ROOT = Path(__file__).parent.parent
PAGES = sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def pages_dataset() -> datasets.Dataset:
    return datasets.Dataset.from_dict({"id": [p.name for p in PAGES],
                                       "text": [p.read_text(encoding="utf-8") for p in PAGES]})


def expected_rows() -> list[dict]:
    return [{**a.to_dict(), "excluded": None} for p in PAGES
            for a in clean_page(p.read_text(encoding="utf-8"), source=p.name)]


def as_records(ds: datasets.Dataset) -> list[dict]:
    return [{**row, "meta": json.loads(row["meta"])} for row in ds]


@pytest.mark.parametrize("num_proc", [None, 2])
def test_article_rows_equal_the_records_of_clean_page(num_proc: int | None) -> None:
    rows = as_records(clean_dataset(pages_dataset(), num_proc=num_proc))
    assert len(rows) > len(PAGES) and rows == expected_rows()


def test_excluded_articles_are_kept_with_their_reason() -> None:
    ds = datasets.Dataset.from_dict({"id": ["spam", "news"], "text": [
        "澳门新葡京官网注册送彩金，真人百家乐在线赌场，北京赛车幸运飞艇时时彩下注平台。",
        "新华社北京5月1日电 国务院常务会议今天召开，部署进一步做好稳就业工作。\n会议指出，就业是最大的民生。"]})
    rows = clean_dataset(ds, Pipeline([*Pipeline.default().cleaners, QualityFilter()]))
    assert [(r["source"], r["excluded"]) for r in rows] == [("spam", "flagged_words"), ("news", None)]


def test_rows_without_an_id_column_take_their_index_as_source() -> None:
    rows = clean_dataset(datasets.Dataset.from_dict({"text": ["今天天气很好，我们去公园散步。"]}))
    assert rows[0]["source"] == "0" and rows[0]["id"] == "0#0"


def test_a_missing_text_column_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="content"):
        clean_dataset(datasets.Dataset.from_dict({"body": ["x"]}), text_field="content")
