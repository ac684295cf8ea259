"""Deduplication on Ray Data gives the same clusters as the local run (a local 2-CPU Ray)."""
from __future__ import annotations

import pytest

from corpus_clean.dedup import DedupParams, DedupState, resolve_state

from .dedup_corpus import build


def local_duplicates(rows: list[dict], params: DedupParams) -> dict[str, tuple[str, float]]:
    state = DedupState(params)
    state.add([r["id"] for r in rows], [r["text"] for r in rows])
    result = resolve_state(state)
    return {rows[i]["id"]: (rows[k]["id"], round(float(result.similarity[i]), 6))
            for i, k in enumerate(result.kept.tolist()) if i != k}


def test_ray_dedup_gives_the_same_clusters_and_similarities_as_the_local_run(local_ray) -> None:
    from corpus_clean.engines.ray import dedup_on_ray

    rows = build()
    params = DedupParams()
    ds = local_ray.data.from_items([{"id": r["id"], "text": r["text"], "order": i} for i, r in enumerate(rows)])
    remote = {k: (v, round(s, 6)) for k, (v, s) in dedup_on_ray(ds, params).items()}
    local = local_duplicates(rows, params)
    assert len(local) > 100 and remote == local


def test_ray_split_puts_every_row_in_kept_or_excluded_with_what_it_duplicates(local_ray) -> None:
    from corpus_clean.engines.ray import split_duplicates

    rows = build()[:60]
    ds = local_ray.data.from_items([{"id": r["id"], "text": r["text"]} for r in rows])
    duplicates = local_duplicates(rows, DedupParams())
    kept, excluded = split_duplicates(ds, duplicates)
    kept_ids = {r["id"] for r in kept.iter_rows()}
    excluded_rows = {r["id"]: (r["duplicate_of"], round(float(r["similarity"]), 6)) for r in excluded.iter_rows()}
    assert duplicates and excluded_rows == duplicates
    assert kept_ids | set(excluded_rows) == {r["id"] for r in rows} and not kept_ids & set(excluded_rows)


def test_ray_dedup_without_an_order_column_says_which_column_is_missing(local_ray) -> None:
    from corpus_clean.engines.ray import dedup_on_ray

    ds = local_ray.data.from_items([{"id": "a", "text": "正文"}])
    with pytest.raises(ValueError, match="no column 'order'"):
        dedup_on_ray(ds, DedupParams())
