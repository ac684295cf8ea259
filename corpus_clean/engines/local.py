"""The local engine: pages cleaned in worker processes, results in input order, memory bounded.

Each worker builds its pipeline once (the pipeline is pickled to it when the
pool starts). Pages travel in chunks; at most ``window`` chunks per worker are
in flight, so memory is bounded by the chunk size, not the corpus size, and
results come back in input order. A page that raises is reported with its
reason; a page that kills its worker process costs that page only: its chunk
is retried page by page in a fresh pool.

A page may take at most ``page_timeout`` seconds; past that it is reported
as failed with the reason ``timeout`` and the run goes on (see
:mod:`.time_limit`). A worker its watchdog ended is a dead worker like any
other: its chunk is retried page by page, and the page that overruns again
is reported as a timeout.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Iterable, Iterator

from ..io import PageInput
from ..page import Page
from ..pipeline import Pipeline, records
from .time_limit import (PageTimeout, Watchdog, alarm_handler, can_limit, install_handler, time_limit,
                         timeout_reason)


@dataclass
class PageResult:
    """What cleaning one page gave: its JSON Lines rows, or why it failed, and what it cost."""

    source: str
    rows: str = ""
    articles: int = 0
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    """UTF-8 bytes of ``rows``."""
    removed: dict[tuple[str, str], int] = field(default_factory=dict)
    """Whole lines removed, by (cleaner, reason)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Time spent in each cleaner."""
    excluded: dict[str, int] = field(default_factory=dict)
    """Articles the quality filter moved to the exclusions file, by reason."""


def clean_one(pipeline: Pipeline, page: PageInput, timeout: float | None = None) -> PageResult:
    """Clean one page; never raises for a bad page, the result says what went wrong.

    With ``timeout`` (seconds), a page that takes longer is reported as failed
    with the reason ``timeout``: by ``SIGALRM`` in the main thread with the handler
    :func:`alarm_handler` installs, else by a timer thread (:func:`time_limit`).
    """
    result = PageResult(page.source, bytes_in=page.nbytes)
    if page.error is not None or page.text is None:
        result.error = page.error or "no text"
        return result
    limit = timeout if timeout and can_limit() else None
    try:
        with time_limit(limit):
            state = Page.from_text(page.text, page.source)
            state.meta.update(page.meta)
            state = pipeline.run(state, timings=result.seconds)
            articles = records(state)
            rows = "".join(article.to_json() + "\n" for article in articles)
            bytes_out = len(rows.encode("utf-8"))  # text the writer cannot encode must fail this page, not the run
    except PageTimeout:
        result.error = timeout_reason(limit or 0)
        return result
    except Exception as err:  # a page must never stop the run; the reason is reported
        result.error = f"cleaning failed: {type(err).__name__}: {err}"
        return result
    result.rows, result.bytes_out = rows, bytes_out
    result.articles = len(articles)
    # counted from the page, not the records: a page with no article left still accounts for its lines
    removed = result.removed
    for line in state.lines:
        if line.removal:
            key = (line.removal.cleaner, line.removal.reason)
            removed[key] = removed.get(key, 0) + 1
    return result


_PIPELINE: Pipeline | None = None
_TIMEOUT: float | None = None
_WATCHDOG: Watchdog | None = None


def _start_worker(pipeline: Pipeline, timeout: float | None = None) -> None:
    global _PIPELINE, _TIMEOUT, _WATCHDOG
    _PIPELINE, _TIMEOUT = pipeline, timeout
    if timeout:
        install_handler()
        _WATCHDOG = Watchdog(timeout)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """End this worker once its parent is gone (killed with SIGKILL, say), instead of idling forever."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _clean_chunk(pages: list[PageInput]) -> list[PageResult]:
    assert _PIPELINE is not None, "worker started without a pipeline"
    if _WATCHDOG is None:
        return [clean_one(_PIPELINE, page, _TIMEOUT) for page in pages]
    results = []
    try:
        for page in pages:
            _WATCHDOG.before_page()
            results.append(clean_one(_PIPELINE, page, _TIMEOUT))
    finally:
        _WATCHDOG.stop()  # a worker waiting for its next chunk is not stuck
    return results


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def clean_pages(pages: Iterable[PageInput], pipeline: Pipeline, workers: int = 1, chunk_pages: int = 32,
                window: int = 4, page_timeout: float | None = None) -> Iterator[PageResult]:
    """Clean pages with ``workers`` processes (1: in this process); results in input order.

    ``page_timeout``: seconds a page may take before it is reported as failed (``timeout``); None for no
    limit. In this process (``workers`` 1), the limit needs the main thread and interrupts only code that
    returns to the interpreter now and then (Python code, the ``re`` engine). Dictionaries load on first
    use, so a process's first page also pays for loading them (a few seconds): keep the limit well above.
    """
    if workers <= 1:
        with alarm_handler():
            for page in pages:
                yield clean_one(pipeline, page, page_timeout)
        return
    if multiprocessing.get_start_method() == "fork":
        pipeline.warm_up()  # forked workers start with the tables loaded, and share them
    pool = _Pool(pipeline, workers, page_timeout)
    in_flight: deque[tuple[list[PageInput], Future[list[PageResult]], int]] = deque()
    try:
        for chunk in _chunks(pages, chunk_pages):
            in_flight.append((chunk, *pool.submit(chunk)))
            if len(in_flight) >= workers * window:
                yield from pool.collect(*in_flight.popleft())
        while in_flight:
            yield from pool.collect(*in_flight.popleft())
    finally:
        pool.close()


def _chunks(pages: Iterable[PageInput], size: int) -> Iterator[list[PageInput]]:
    it = iter(pages)
    while chunk := list(islice(it, size)):
        yield chunk


class _Pool:
    """A process pool that is replaced when a worker dies; ``generation`` tells the pools apart."""

    def __init__(self, pipeline: Pipeline, workers: int, timeout: float | None = None) -> None:
        self.pipeline, self.workers, self.timeout = pipeline, workers, timeout
        self.generation = 0
        self.executor = self._new(workers)

    def _new(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                   initargs=(self.pipeline, self.timeout))

    def submit(self, chunk: list[PageInput]) -> tuple[Future[list[PageResult]], int]:
        try:
            return self.executor.submit(_clean_chunk, chunk), self.generation
        except BrokenProcessPool:
            self._replace(self.generation)
            return self.executor.submit(_clean_chunk, chunk), self.generation

    def collect(self, chunk: list[PageInput], future: Future[list[PageResult]], generation: int) -> list[PageResult]:
        """The chunk's results; if its worker died, its pages are retried one by one."""
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            self._replace(generation)
        results = []
        for page in chunk:
            single = self._new(1)
            started = time.monotonic()
            try:
                results.extend(single.submit(_clean_chunk, [page]).result())
            except BrokenProcessPool:
                # the watchdog ends a worker only once the page has overrun its limit
                overran = self.timeout and time.monotonic() - started >= self.timeout
                results.append(PageResult(page.source, bytes_in=page.nbytes,
                                          error=timeout_reason(self.timeout) if overran  # type: ignore[arg-type]
                                          else "the worker process died cleaning this page"))
            finally:
                single.shutdown(wait=True)
        return results

    def _replace(self, generation: int) -> None:
        if generation == self.generation:  # the broken pool is the current one: start a new one
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._new(self.workers)
            self.generation += 1

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class RunStats:
    """What a run did; merges by addition."""

    pages: int = 0
    articles: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    """Bytes of records this run wrote (before compression)."""
    output_bytes: int = 0
    """Size of the finished output file, which after --resume also holds earlier runs' records."""
    skipped: int = 0
    removed: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    empty_pages: list[str] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    """Articles moved to the exclusions file (``--quality-filter``), by reason."""
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> dict[str, Any]:
        """The counts as JSON-ready data (kept beside each output shard, so a resumed run reports the whole
        output); :meth:`from_summary` reads it back."""
        return {"pages": self.pages, "articles": self.articles, "bytes_in": self.bytes_in,
                "bytes_out": self.bytes_out, "removed": [[c, r, n] for (c, r), n in self.removed.items()],
                "seconds": dict(self.seconds), "failures": [list(f) for f in self.failures],
                "empty_pages": self.empty_pages, "excluded": dict(self.excluded)}

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> RunStats:
        stats = cls()
        stats.pages, stats.articles = int(data.get("pages", 0)), int(data.get("articles", 0))
        stats.bytes_in, stats.bytes_out = int(data.get("bytes_in", 0)), int(data.get("bytes_out", 0))
        stats.removed.update({(c, r): n for c, r, n in data.get("removed", [])})
        stats.seconds.update(data.get("seconds", {}))
        stats.failures = [(s, r) for s, r in data.get("failures", [])]
        stats.empty_pages = list(data.get("empty_pages", []))
        stats.excluded.update(data.get("excluded", {}))
        return stats

    def merge(self, other: RunStats) -> None:
        """Add another run's counts to these (``skipped`` and timings of the run itself stay)."""
        self.pages += other.pages
        self.articles += other.articles
        self.bytes_in += other.bytes_in
        self.bytes_out += other.bytes_out
        self.removed.update(other.removed)
        self.seconds.update(other.seconds)
        self.failures.extend(other.failures)
        self.empty_pages.extend(other.empty_pages)
        self.excluded.update(other.excluded)

    def add(self, result: PageResult) -> None:
        self.pages += 1
        self.bytes_in += result.bytes_in
        if result.error is not None:
            self.failures.append((result.source, result.error))
            return
        self.articles += result.articles
        self.bytes_out += result.bytes_out
        # plain loops: Counter.update checks its argument's type and is the parent's largest cost per page
        removed, seconds = self.removed, self.seconds
        for key, n in result.removed.items():
            removed[key] += n
        for name, s in result.seconds.items():
            seconds[name] += s
        for reason, n in result.excluded.items():
            self.excluded[reason] += n
        if not result.articles:
            self.empty_pages.append(result.source)
