"""The local engine: pages cleaned in worker processes, results in input order, memory bounded.

Each worker builds its pipeline once (the pipeline is pickled to it when the
pool starts). Pages travel in chunks; at most ``window`` chunks per worker are
in flight, so memory is bounded by the chunk size, not the corpus size, and
results come back in input order. A page that raises is reported with its
reason; a page that kills its worker process costs that page only: its chunk
is retried page by page in a fresh pool.

A page may take at most ``page_timeout`` seconds; past that it is reported
as failed with the reason ``timeout`` and the run goes on. The limit is a
``SIGALRM`` timer, which interrupts Python code and the ``re`` engine (it
checks for signals). In worker processes a second limit, ``faulthandler``'s
watchdog thread, which needs no GIL, ends the worker a little later if the
page is stuck in code that never returns to the interpreter; the chunk is
then retried page by page and the page that overran again is the one reported.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter, deque
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any, Iterable, Iterator

from ..io import PageInput
from ..page import Page
from ..pipeline import Pipeline, records


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


DEFAULT_PAGE_TIMEOUT = 60.0
"""Seconds one page may take by default: generous, as a page takes milliseconds."""


class PageTimeout(BaseException):
    """Raised in the cleaning code when a page overruns its time limit; a BaseException, so that no
    cleaner's ``except Exception`` can swallow it."""


_ARMED = False


def _on_alarm(signum: int, frame: object) -> None:
    if _ARMED:  # an alarm that lands after the page finished is ignored
        raise PageTimeout


def timeout_reason(seconds: float) -> str:
    """The failure reason of a page that overran its limit."""
    return f"timeout: cleaning took longer than {seconds:g} s (--page-timeout)"


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _alarm_ready() -> bool:
    """Whether a page limit can be set here: the main thread, with :func:`_on_alarm` handling SIGALRM
    (without it the alarm's default action would end the process)."""
    return _can_alarm() and signal.getsignal(signal.SIGALRM) is _on_alarm


def clean_one(pipeline: Pipeline, page: PageInput, timeout: float | None = None) -> PageResult:
    """Clean one page; never raises for a bad page, the result says what went wrong.

    With ``timeout`` (seconds), a page that takes longer is reported as failed
    with the reason ``timeout``; this needs the ``SIGALRM`` handler that
    :func:`alarm_handler` installs, and works in the main thread only.
    """
    global _ARMED
    result = PageResult(page.source, bytes_in=page.nbytes)
    if page.error is not None or page.text is None:
        result.error = page.error or "no text"
        return result
    limit = timeout if timeout and _alarm_ready() else None
    try:
        try:
            if limit:
                _ARMED = True
                signal.setitimer(signal.ITIMER_REAL, limit)
            state = Page.from_text(page.text, page.source)
            state.meta.update(page.meta)
            state = pipeline.run(state, timings=result.seconds)
            articles = records(state)
            rows = "".join(article.to_json() + "\n" for article in articles)
            bytes_out = len(rows.encode("utf-8"))  # text the writer cannot encode must fail this page, not the run
        finally:
            if limit:
                _ARMED = False
                signal.setitimer(signal.ITIMER_REAL, 0)
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


class alarm_handler:  # noqa: N801 - used as a context manager, like a function
    """Install the ``SIGALRM`` handler that page time limits need, and put back the one before."""

    def __enter__(self) -> None:
        self._before = signal.signal(signal.SIGALRM, _on_alarm) if _can_alarm() else None

    def __exit__(self, *exc: object) -> None:
        if self._before is not None:
            signal.signal(signal.SIGALRM, self._before)


def grace(timeout: float) -> float:
    """How long past its limit a page may run before the watchdog ends its worker: time for the alarm to
    act first, and the slack that lets the watchdog be re-armed only now and then, not for every page."""
    return max(1.0, timeout / 4)


_PIPELINE: Pipeline | None = None
_TIMEOUT: float | None = None
_WATCHDOG_OUT: IO[str] | None = None


def _start_worker(pipeline: Pipeline, timeout: float | None = None) -> None:
    global _PIPELINE, _TIMEOUT, _WATCHDOG_OUT
    _PIPELINE, _TIMEOUT = pipeline, timeout
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
        _WATCHDOG_OUT = open(os.devnull, "w")  # the watchdog's traceback dump is not wanted, only its exit
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """End this worker once its parent is gone (killed with SIGKILL, say), instead of idling forever."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _clean_chunk(pages: list[PageInput]) -> list[PageResult]:
    assert _PIPELINE is not None, "worker started without a pipeline"
    if not _TIMEOUT:
        return [clean_one(_PIPELINE, page) for page in pages]
    # A watchdog thread that needs no GIL ends this worker if the alarm cannot interrupt a page. Arming it
    # costs about 70 µs, so it is armed for limit + 2 graces and re-armed once a grace has passed: every
    # page then has at least limit + grace before it fires, and a stuck one is ended within limit + 3 graces.
    slack = grace(_TIMEOUT)
    armed_at = float("-inf")
    results = []
    try:
        for page in pages:
            now = time.monotonic()
            if now - armed_at > slack:
                faulthandler.dump_traceback_later(_TIMEOUT + 2 * slack, exit=True, file=_WATCHDOG_OUT)
                armed_at = now
            results.append(clean_one(_PIPELINE, page, _TIMEOUT))
    finally:
        faulthandler.cancel_dump_traceback_later()  # an idle worker waiting for its next chunk is not stuck
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
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> dict[str, Any]:
        """The counts as JSON-ready data (kept beside each output shard, so a resumed run reports the whole
        output); :meth:`from_summary` reads it back."""
        return {"pages": self.pages, "articles": self.articles, "bytes_in": self.bytes_in,
                "bytes_out": self.bytes_out, "removed": [[c, r, n] for (c, r), n in self.removed.items()],
                "seconds": dict(self.seconds), "failures": [list(f) for f in self.failures],
                "empty_pages": self.empty_pages}

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> RunStats:
        stats = cls()
        stats.pages, stats.articles = int(data.get("pages", 0)), int(data.get("articles", 0))
        stats.bytes_in, stats.bytes_out = int(data.get("bytes_in", 0)), int(data.get("bytes_out", 0))
        stats.removed.update({(c, r): n for c, r, n in data.get("removed", [])})
        stats.seconds.update(data.get("seconds", {}))
        stats.failures = [(s, r) for s, r in data.get("failures", [])]
        stats.empty_pages = list(data.get("empty_pages", []))
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
        if not result.articles:
            self.empty_pages.append(result.source)
