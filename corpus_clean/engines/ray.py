"""The Ray engine: the same pipeline, unchanged, on a Ray cluster (``pip install "corpus-clean[ray]"``).

:func:`clean_dataset` maps a Ray Dataset of pages to a Dataset of article rows
with ``map_batches`` and a callable class, so each actor builds the pipeline
once. Rows have the record's fields; ``meta`` is a JSON string (its keys vary
from record to record, which a columnar block cannot hold), as in Parquet
output. :func:`clean_pages_on_ray` is what ``corpus-clean clean --engine ray``
runs: pages go to the cluster in blocks, results come back in input order.
"""
from __future__ import annotations

import json
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..io import PageInput
from ..pipeline import Pipeline
from .local import PageResult, clean_one

if TYPE_CHECKING:  # pragma: no cover
    import ray.data


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RuntimeError('the Ray engine needs Ray: pip install "corpus-clean[ray]"') from None
    return ray


class CleanArticles:
    """Ray Data callable class: pages in, article rows out; the pipeline is built once per actor."""

    def __init__(self, pipeline: Pipeline, text_field: str = "text", id_field: str = "id") -> None:
        self.pipeline, self.text_field, self.id_field = pipeline, text_field, id_field
        self.pipeline.warm_up()  # once per actor, before its first batch

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {k: [] for k in ("id", "source", "title", "subtitle", "authors", "date",
                                                        "paragraphs", "text", "meta", "removed")}
        for text, source in zip(batch[self.text_field], batch.get(self.id_field, [None] * len(batch[self.text_field]))):
            for article in self.pipeline.clean_page(str(text), source=None if source is None else str(source)):
                row = article.to_dict()
                row["meta"] = json.dumps(row["meta"], ensure_ascii=False)
                for key, value in row.items():
                    columns[key].append(value)
        return columns


def clean_dataset(ds: ray.data.Dataset, pipeline: Pipeline, text_field: str = "text", id_field: str = "id",
                  concurrency: int | tuple[int, int] | None = None, batch_size: int = 64) -> ray.data.Dataset:
    """Map a Dataset of pages (``text_field``, ``id_field``) to a Dataset of article rows.

    ``concurrency`` is the number of actors (or a min/max range); by default as
    many as the cluster has CPUs.
    """
    ray = _ray()
    if concurrency is None:
        concurrency = max(1, int(ray.cluster_resources().get("CPU", 1)))
    return ds.map_batches(CleanArticles, fn_constructor_kwargs={"pipeline": pipeline, "text_field": text_field,
                                                                "id_field": id_field},
                          batch_size=batch_size, batch_format="numpy", compute=_actors(ray, concurrency))


def _actors(ray: Any, concurrency: int | tuple[int, int]) -> Any:
    low, high = concurrency if isinstance(concurrency, tuple) else (concurrency, concurrency)
    return ray.data.ActorPoolStrategy(min_size=low, max_size=high)


class CleanPages:
    """Ray Data callable class behind :func:`clean_pages_on_ray`: one result row per page."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.pipeline.warm_up()  # once per actor, before its first batch

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {k: [] for k in ("n", "source", "rows", "articles", "error", "bytes_in",
                                                     "removed", "seconds")}
        for n, source, text, error, nbytes in zip(batch["n"], batch["source"], batch["text"], batch["error"],
                                                  batch["nbytes"]):
            page = PageInput(str(source), text=None if error else str(text), error=str(error) if error else None,
                             nbytes=int(nbytes))
            result = clean_one(self.pipeline, page)
            out["n"].append(int(n))
            out["source"].append(result.source)
            out["rows"].append(result.rows)
            out["articles"].append(result.articles)
            out["error"].append(result.error or "")
            out["bytes_in"].append(result.bytes_in)
            out["removed"].append(json.dumps([[c, r, k] for (c, r), k in result.removed.items()]))
            out["seconds"].append(json.dumps(result.seconds))
        return out


def clean_pages_on_ray(pages: Iterable[PageInput], pipeline: Pipeline, address: str | None = None,
                       block_pages: int = 2000) -> Iterator[PageResult]:
    """Clean pages on a Ray cluster; results in input order, pages sent in blocks of ``block_pages``."""
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    concurrency = max(1, int(ray.cluster_resources().get("CPU", 1)))
    it = iter(pages)
    start = 0
    while block := list(islice(it, block_pages)):
        items = [{"n": start + i, "source": p.source, "text": p.text or "", "error": p.error or "",
                  "nbytes": p.nbytes} for i, p in enumerate(block)]
        start += len(block)
        ds = ray.data.from_items(items).map_batches(CleanPages, fn_constructor_kwargs={"pipeline": pipeline},
                                                    batch_size=16, batch_format="numpy",
                                                    compute=_actors(ray, concurrency))
        for row in sorted(ds.iter_rows(), key=lambda r: r["n"]):
            yield PageResult(source=row["source"], rows=row["rows"], articles=int(row["articles"]),
                             bytes_out=len(row["rows"].encode("utf-8")),
                             error=row["error"] or None, bytes_in=int(row["bytes_in"]),
                             removed={(c, r): k for c, r, k in json.loads(row["removed"])},
                             seconds=json.loads(row["seconds"]))
