"""Deduplication quality on the corpus with known answers (tests/dedup_corpus.py), with the default parameters."""
from __future__ import annotations

from itertools import combinations

import pytest

from corpus_clean.dedup import DedupParams, DedupState, resolve_state

from .dedup_corpus import build, true_pairs

SCRIPT_COPIES = ("traditional", "taiwan", "ascii_punct")


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return build()


def kept_of(rows: list[dict], params: DedupParams) -> dict[str, str]:
    """Each row's id to the id of the row its cluster keeps."""
    state = DedupState(params)
    state.add([r["id"] for r in rows], [r["text"] for r in rows])
    kept = resolve_state(state).kept
    return {row["id"]: rows[k]["id"] for row, k in zip(rows, kept.tolist())}


def found_pairs(kept: dict[str, str]) -> set[tuple[str, str]]:
    clusters: dict[str, list[str]] = {}
    for rid, k in kept.items():
        clusters.setdefault(k, []).append(rid)
    return {tuple(sorted(p)) for ids in clusters.values() for p in combinations(ids, 2)}  # type: ignore[misc]


def test_near_duplicate_pairs_are_found_with_precision_098_and_recall_095(corpus: list[dict]) -> None:
    found, truth = found_pairs(kept_of(corpus, DedupParams())), true_pairs(corpus)
    precision, recall = len(found & truth) / len(found), len(found & truth) / len(truth)
    assert precision >= 0.98 and recall >= 0.95, (precision, recall)


def test_exact_dedup_finds_every_script_converted_copy(corpus: list[dict]) -> None:
    kept = kept_of(corpus, DedupParams(mode="exact"))
    copies = [r for r in corpus if r["variant"] in SCRIPT_COPIES]
    assert len(copies) == 3 * len({r["family"] for r in corpus if r["variant"] == "original"})
    assert all(kept[r["id"]] == kept[f"{r['family']}|original"] for r in copies)


def test_exact_dedup_joins_nothing_but_copies_of_the_same_text(corpus: list[dict]) -> None:
    kept = kept_of(corpus, DedupParams(mode="exact"))
    by_id = {r["id"]: r for r in corpus}
    joined = [(by_id[a], by_id[b]) for a, b in kept.items() if a != b]
    assert joined and all(a["family"] == b["family"] and {a["variant"], b["variant"]} <= {"original", *SCRIPT_COPIES}
                          for a, b in joined)


def test_articles_on_the_same_topic_stay_apart(corpus: list[dict]) -> None:
    kept = kept_of(corpus, DedupParams())
    by_id = {r["id"]: r for r in corpus}
    halves = [r for r in corpus if r["family"].endswith(("/a", "/b"))]
    follow_ups = [r for r in corpus if r["variant"] == "follow_up"]
    assert halves and follow_ups
    assert all(by_id[kept[r["id"]]]["family"] == r["family"] for r in halves + follow_ups)
    assert all(kept[r["id"]] == r["id"] for r in follow_ups)
