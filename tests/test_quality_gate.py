"""Quality gate: the default pipeline on page sets with gold, scored with the scorer's method.

``samples`` are the bundled sample pages (``data/pages``, gold copied to ``tests/gold``);
``heldout`` are pages written apart from them (``tests/heldout``); ``fresh`` are ten more, from sites unlike both
(``tests/fresh``), whose first score was taken before any rule was fitted to them. The floors live in
``quality_baseline.json`` and only move up.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean import Pipeline

from .quality import overall, score_page

ROOT = Path(__file__).parent.parent
BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text(encoding="utf-8"))["sets"]


def gold_files(name: str) -> list[Path]:
    return sorted((ROOT / BASELINE[name]["gold"]).glob("*.json"))


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, dict]]:
    pipeline = Pipeline.default()
    result: dict[str, dict[str, dict]] = {}
    for name, spec in BASELINE.items():
        result[name] = {}
        for gold_file in gold_files(name):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            page = ROOT / spec["pages"] / gold["source"]
            records = [a.to_dict() for a in pipeline.clean_page(page.read_text(encoding="utf-8"), source=str(page))]
            result[name][gold["source"]] = score_page(gold, records)
    return result


@pytest.mark.parametrize("name", list(BASELINE))
def test_every_page_of_the_set_has_gold_and_is_scored(scores: dict, name: str) -> None:
    pages = {p.name for p in (ROOT / BASELINE[name]["pages"]).glob("*.txt")}
    assert len(pages) >= 3 and set(scores[name]) == pages


@pytest.mark.parametrize("name", list(BASELINE))
def test_overall_scores_meet_the_floors(scores: dict, name: str) -> None:
    total = overall(scores[name])
    rules = BASELINE[name]["overall"]
    low = {k: round(total[k], 4) for k, floor in rules["min"].items() if total[k] < floor}
    high = {k: total[k] for k, cap in rules["max"].items() if total[k] > cap}
    assert not low and not high, f"{name}: below floor: {low}; above cap: {high}; all: {total}"


@pytest.mark.parametrize("name,gold_file", [(n, g) for n in BASELINE for g in gold_files(n)],
                         ids=[f"{n}-{g.stem}" for n in BASELINE for g in gold_files(n)])
def test_each_page_meets_the_floors(scores: dict, name: str, gold_file: Path) -> None:
    source = json.loads(gold_file.read_text(encoding="utf-8"))["source"]
    m = scores[name][source]
    rules = BASELINE[name]["per_page"]
    problems = [f"{k}={m[k]:.4f} < {v}" for k, v in rules["min"].items() if m[k] < v]
    problems += [f"{k}={m[k]} > {v}" for k, v in rules["max"].items() if m[k] > v]
    if rules["articles_equal_gold"] and m["articles_out"] != m["articles_gold"]:
        problems.append(f"articles {m['articles_out']} != gold {m['articles_gold']}")
    if rules["dates_all_right"] and m["date_hits"] != m["dated"]:
        problems.append(f"dates right {m['date_hits']}/{m['dated']}")
    assert not problems, f"{source}: {problems}; leaked: {m['leaked']}"
