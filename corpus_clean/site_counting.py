"""The first pass of site boilerplate: count the lines of every page, on local processes or on Ray.

Each page goes through the pipeline's steps before the site step's place (the
same steps the second pass runs before it, so the lines counted are the lines
judged) and gives its site, its article's key and its line keys
(:func:`~corpus_clean.site_boilerplate.page_keys`); the counts are merged in the
parent in input order, so both engines write the same table.
"""
from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from .io import PageInput
from .page import Page
from .pipeline import Pipeline
from .site_boilerplate import MAX_KEYS, MIN_PAGES, SiteCounts, page_keys


def keys_of(prefix: Pipeline, page: PageInput) -> tuple[str, int | None, list[int]] | None:
    """The first pass on one page; None for a page that cannot be read or cleaned (the second pass reports it)."""
    if page.error is not None or page.text is None:
        return None
    try:
        return page_keys(prefix.run(Page.from_text(page.text, page.source)))
    except Exception:  # the second pass cleans the same page and reports why it fails
        return None


_PREFIX: Pipeline | None = None


def _start_worker(prefix: Pipeline) -> None:
    global _PREFIX
    _PREFIX = prefix


def _keys_of_chunk(pages: list[PageInput]) -> list[tuple[str, int | None, list[int]] | None]:
    assert _PREFIX is not None, "worker started without a pipeline"
    return [keys_of(_PREFIX, p) for p in pages]


def count_local(pages: Iterable[PageInput], prefix: Pipeline, workers: int = 1, min_pages: int = MIN_PAGES,
                chunk_pages: int = 32, window: int = 4, max_keys: int = MAX_KEYS) -> SiteCounts:
    """The first pass with ``workers`` local processes, in input order; at most ``workers * window`` chunks
    in flight."""
    counts = SiteCounts(min_pages=min_pages, max_keys=max_keys)

    def take(results: Iterable[tuple[str, int | None, list[int]] | None]) -> None:
        for result in results:
            if result is not None:
                counts.add(*result)

    if workers <= 1:
        take(keys_of(prefix, p) for p in pages)
        return counts
    it = iter(pages)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(prefix,)) as pool:
        flight: deque[Future[list[Any]]] = deque()
        while chunk := list(islice(it, chunk_pages)):
            flight.append(pool.submit(_keys_of_chunk, chunk))
            if len(flight) >= workers * window:
                take(flight.popleft().result())
        while flight:
            take(flight.popleft().result())
    return counts


class KeysOfPages:
    """Ray Data callable class of the first pass: the prefix pipeline is built once per actor."""

    def __init__(self, prefix: Pipeline) -> None:
        self.prefix = prefix
        self.prefix.warm_up()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: list[str] = []
        for source, text, error in zip(batch["source"], batch["text"], batch["error"]):
            page = PageInput(str(source), text=None if error else str(text), error=str(error) if error else None)
            out.append(json.dumps(keys_of(self.prefix, page)))
        return {"keys": out}


def count_ray(pages: Iterable[PageInput], prefix: Pipeline, address: str | None = None, min_pages: int = MIN_PAGES,
              block_pages: int = 2000, max_keys: int = MAX_KEYS) -> SiteCounts:
    """The first pass on a Ray cluster, in input order (which page of a duplicated headline counts must not
    depend on the engine), pages sent in blocks of ``block_pages``."""
    try:
        import ray
    except ImportError:
        raise RuntimeError('the Ray engine needs Ray: pip install "corpus-clean[ray]"') from None
    if not ray.is_initialized():
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
    counts = SiteCounts(min_pages=min_pages, max_keys=max_keys)
    it = iter(pages)
    while block := list(islice(it, block_pages)):
        items = [{"source": p.source, "text": p.text or "", "error": p.error or ""} for p in block]
        ds = ray.data.from_items(items).map_batches(KeysOfPages, fn_constructor_kwargs={"prefix": prefix},
                                                    batch_size=16, batch_format="numpy",
                                                    compute=ray.data.ActorPoolStrategy(size=actors))
        for row in ds.iter_rows():
            result = json.loads(row["keys"])
            if result is not None:
                counts.add(result[0], result[1], result[2])
    return counts
