"""Quality gate: the default pipeline on the bundled sample pages, scored against their gold.

The floors live in ``quality_baseline.json`` and only move up.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean import Pipeline

from .quality import overall, score_page

HERE = Path(__file__).parent
PAGES = HERE.parent / "data" / "pages"
GOLD = sorted((HERE / "gold").glob("*.json"))
BASELINE = json.loads((HERE / "quality_baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    pipeline = Pipeline.default()
    result = {}
    for gold_file in GOLD:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        page = PAGES / gold["source"]
        records = [a.to_dict() for a in pipeline.clean_page(page.read_text(encoding="utf-8"), source=str(page))]
        result[gold["source"]] = score_page(gold, records)
    return result


def test_every_gold_page_is_bundled_and_scored(scores: dict[str, dict]) -> None:
    assert len(GOLD) >= 3
    assert set(scores) == {p.name for p in PAGES.glob("*.txt")}


def test_overall_scores_meet_the_floors(scores: dict[str, dict]) -> None:
    total = overall(scores)
    low = {k: round(total[k], 4) for k, floor in BASELINE["overall"]["min"].items() if total[k] < floor}
    high = {k: total[k] for k, cap in BASELINE["overall"]["max"].items() if total[k] > cap}
    assert not low and not high, f"below floor: {low}; above cap: {high}; all: {total}"


@pytest.mark.parametrize("gold_file", GOLD, ids=lambda p: p.stem)
def test_each_page_meets_the_floors(scores: dict[str, dict], gold_file: Path) -> None:
    source = json.loads(gold_file.read_text(encoding="utf-8"))["source"]
    m = scores[source]
    rules = BASELINE["per_page"]
    problems = [f"{k}={m[k]:.4f} < {v}" for k, v in rules["min"].items() if m[k] < v]
    problems += [f"{k}={m[k]} > {v}" for k, v in rules["max"].items() if m[k] > v]
    if rules["articles_equal_gold"] and m["articles_out"] != m["articles_gold"]:
        problems.append(f"articles {m['articles_out']} != gold {m['articles_gold']}")
    if rules["dates_all_right"] and m["date_hits"] != m["dated"]:
        problems.append(f"dates right {m['date_hits']}/{m['dated']}")
    assert not problems, f"{source}: {problems}; leaked: {m['leaked']}"
