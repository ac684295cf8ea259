"""--page-timeout: a page that takes too long is reported as failed ("timeout") and the run goes on,
in this process and in worker processes, whether or not the slow code can be interrupted."""
from __future__ import annotations

import json
import signal
import time
from typing import ClassVar

import pytest

import corpus_clean.cli
from corpus_clean import Pipeline
from corpus_clean.cleaners.base import Cleaner
from corpus_clean.cli import main
from corpus_clean.engines.local import clean_pages
from corpus_clean.io import PageInput
from corpus_clean.page import Page

SLOW = "SLOW-PAGE-MARKER"


class SlowOnMarker(Cleaner):
    """Takes 30 s on a page holding the marker: Python code the alarm can interrupt."""

    name: ClassVar[str] = "slow_on_marker"

    def apply(self, page: Page) -> Page:
        if any(SLOW in line.text for line in page.lines):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                pass
        return page


class StuckOnMarker(Cleaner):
    """Takes 30 s on a page holding the marker with SIGALRM blocked, as C code that never returns to the
    interpreter would; only ending the process stops it."""

    name: ClassVar[str] = "stuck_on_marker"

    def apply(self, page: Page) -> Page:
        if any(SLOW in line.text for line in page.lines):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            try:
                time.sleep(30)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        return page


def _pages() -> list[PageInput]:
    pages = [PageInput(f"p{i}", text=f"第{i}篇正文，内容完整，讲述了本市的新变化。") for i in range(8)]
    pages[3] = PageInput("slow", text=f"这一页很慢。{SLOW}")
    return pages


def _check(results, pages) -> None:  # type: ignore[no-untyped-def]
    assert [r.source for r in results] == [p.source for p in pages]
    assert results[3].error is not None and results[3].error.startswith("timeout"), results[3].error
    assert all(r.error is None and r.articles == 1 for i, r in enumerate(results) if i != 3)


@pytest.mark.parametrize("workers", [1, 2])
def test_slow_page_is_reported_as_timeout_and_the_rest_cleaned(workers):
    pipeline = Pipeline([SlowOnMarker(), *Pipeline.default().cleaners])
    pipeline.warm_up()  # a first page loading the dictionaries could take longer than this short limit
    started = time.monotonic()
    results = list(clean_pages(_pages(), pipeline, workers=workers, chunk_pages=2, page_timeout=0.5))
    assert time.monotonic() - started < 20
    _check(results, _pages())


def test_page_stuck_where_the_alarm_cannot_reach_is_ended_with_its_worker_and_reported_as_timeout():
    pipeline = Pipeline([StuckOnMarker(), *Pipeline.default().cleaners])
    started = time.monotonic()
    results = list(clean_pages(_pages(), pipeline, workers=2, chunk_pages=2, page_timeout=0.5))
    assert time.monotonic() - started < 25
    _check(results, _pages())


def test_no_limit_leaves_the_alarm_alone():
    before = signal.getsignal(signal.SIGALRM)
    results = list(clean_pages(_pages()[:2], Pipeline.default(), workers=1, page_timeout=None))
    assert all(r.error is None for r in results)
    list(clean_pages(_pages()[:2], Pipeline.default(), workers=1, page_timeout=5))
    assert signal.getsignal(signal.SIGALRM) is before  # put back after the run


def test_cli_page_timeout_reports_the_page_and_writes_the_rest(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for page in _pages():
        (folder / f"{page.source}.txt").write_text(page.text, encoding="utf-8")
    pipeline = Pipeline([SlowOnMarker(), *Pipeline.default().cleaners])
    pipeline.warm_up()
    monkeypatch.setattr(corpus_clean.cli, "_pipeline", lambda args: pipeline)
    out = tmp_path / "out.jsonl"
    rc = main(["clean", str(folder), "-o", str(out), "--no-progress", "--workers", "1", "--page-timeout", "0.5"])
    assert rc == 1
    assert f"{folder / 'slow.txt'}: timeout" in capsys.readouterr().err
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert [f["source"] for f in report["failures"]] == [str(folder / "slow.txt")]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_cli_refuses_a_negative_or_non_numeric_page_timeout(value, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["clean", "x.txt", "-o", "o.jsonl", "--page-timeout", value])
    assert exc.value.code == 2 and "--page-timeout" in capsys.readouterr().err


def test_slow_page_is_reported_as_timeout_on_ray_and_the_rest_cleaned(local_ray):
    from corpus_clean.engines.ray import clean_pages_on_ray

    pipeline = Pipeline([SlowOnMarker(), *Pipeline.default().cleaners])
    started = time.monotonic()
    results = list(clean_pages_on_ray(_pages(), pipeline, page_timeout=5))
    assert time.monotonic() - started < 28  # the slow page alone would take 30 s
    _check(results, _pages())


def test_slow_page_cleaned_off_the_main_thread_is_reported_as_timeout():
    from concurrent.futures import ThreadPoolExecutor

    from corpus_clean.engines.local import clean_one

    pipeline = Pipeline([SlowOnMarker(), *Pipeline.default().cleaners])
    pipeline.warm_up()
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        results = list(pool.map(lambda page: clean_one(pipeline, page, 0.5), _pages()))
    assert time.monotonic() - started < 20
    _check(results, _pages())
