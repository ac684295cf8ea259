"""The HTML report rendered in a real browser (headless Chromium): the DOM after its script ran, the
console, and a screenshot.

Chromium is Debian's ``chromium`` package; ``.ci/run`` installs it. Where it is not installed these
tests are skipped with that message. Console messages are read from Chromium's own log on stderr
(``--enable-logging=stderr``): any message there is a failure, since the report logs nothing and a
blocked load (the page's policy forbids every fetch) or a script error shows up as one.
Set ``CORPUS_CLEAN_SCREENSHOTS`` to a folder to keep the screenshot for a person to look at.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from corpus_clean.cli import main
from corpus_clean.report import run_report_path

DATA = Path(__file__).resolve().parents[1] / "data"
BROWSER = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (Debian: apt-get install "
                                                        "chromium; .ci/run installs it when it can)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")


class Dom(HTMLParser):
    """Every element of a document with its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.nodes.append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for node in self._open:
            node["text"] += data

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list[dict]:
        return [n for n in self.nodes if n["tag"] == tag
                and (cls is None or cls in n["attrs"].get("class", "").split())
                and all(n["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    argv = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)


def _console(stderr: str) -> list[str]:
    return [m.group(1) for m in map(CONSOLE.search, stderr.splitlines()) if m]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, dict]:
    """The report of the bundled sample pages cleaned by the CLI, and the run report of that run."""
    folder = tmp_path_factory.mktemp("browser")
    out = folder / "clean.jsonl"
    assert main(["clean", str(DATA), "-o", str(out), "--workers", "1", "--no-progress", "-q"]) == 0
    html = folder / "report.html"
    assert main(["report", str(out), "-o", str(html), "--pages", "6"]) == 0
    return html, json.loads(run_report_path(out).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(report, tmp_path_factory) -> tuple[Dom, list[str]]:
    """The DOM after the report's script ran, and the console messages of the page."""
    html, _ = report
    done = _chromium(html.as_uri(), tmp_path_factory.mktemp("profile"), "--dump-dom")
    dom = Dom()
    dom.feed(done.stdout)
    return dom, _console(done.stderr)


def test_page_opens_with_no_console_message(rendered):
    _, console = rendered
    assert console == []


def test_charts_exist_with_a_bar_per_reason_and_per_site(rendered, report):
    dom, _ = rendered
    assert dom.find("svg", id="chart-reasons") and dom.find("svg", id="chart-sites")
    _, run = report
    assert len(dom.find("g", "bar", data_cleaner="spam_lines")) == len(run["removed"]["spam_lines"])


def test_each_reason_of_the_run_appears_with_its_count(rendered, report):
    dom, _ = rendered
    _, run = report
    for cleaner, per in run["removed"].items():
        for reason, n in per.items():
            bars = dom.find("g", "bar", data_reason=f"{cleaner}.{reason}")
            assert len(bars) == 1, (cleaner, reason)
            assert bars[0]["attrs"]["data-count"] == str(n)
            assert f"{cleaner} · {reason}" in bars[0]["text"] and str(n) in bars[0]["text"]
            options = dom.find("option", value=f"{cleaner}.{reason}")
            assert options and f"({n})" in options[0]["text"]


def test_a_removed_line_carries_its_cleaner_and_reason(rendered, report):
    dom, _ = rendered
    removed = dom.find("div", "line", data_fate="removed")
    assert removed
    for line in removed:
        cleaner, reason = line["attrs"]["data-cleaner"], line["attrs"]["data-reason"]
        assert reason and f"removed by {cleaner}: {reason}" in line["attrs"]["title"]
        assert f"{cleaner} · {reason}" in line["text"]
    metadata = dom.find("div", "line", data_fate="meta")
    assert any("authors: " in m["text"] for m in metadata)


def test_the_filter_script_ran_over_every_sampled_page(rendered):
    dom, _ = rendered
    pages = dom.find("section", "page")
    assert pages
    assert dom.find("span", id="shown")[0]["text"] == f"{len(pages)} of {len(pages)} sampled pages shown"


def test_a_reason_in_the_link_filters_the_pages(report, tmp_path):
    html, _ = report
    done = _chromium(html.as_uri() + "#reason=spam_lines.seo_spam", tmp_path / "profile", "--dump-dom")
    dom = Dom()
    dom.feed(done.stdout)
    pages = dom.find("section", "page")
    shown = [p for p in pages if "hidden" not in p["attrs"]["class"].split()]
    assert 0 < len(shown) < len(pages)
    assert all("spam_lines.seo_spam" in p["attrs"]["data-reasons"].split() for p in shown)
    assert dom.find("div", "focus", data_reason="seo_spam")
    assert _console(done.stderr) == []


def test_screenshot_of_the_report(report, tmp_path):
    html, _ = report
    folder = Path(os.environ.get("CORPUS_CLEAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "report.png"
    _chromium(html.as_uri(), tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000",
              "--hide-scrollbars")
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1280, 2000)


def test_a_search_in_the_link_keeps_the_pages_holding_the_text_and_marks_the_lines(report, rendered, tmp_path):
    html, _ = report
    dom, _ = rendered
    needle = dom.find("div", "line", data_fate="removed")[-1]["text"].split()[0][:6]
    done = _chromium(html.as_uri() + "#q=" + quote(needle), tmp_path / "profile", "--dump-dom")
    after = Dom()
    after.feed(done.stdout)
    pages = after.find("section", "page")
    shown = [p for p in pages if "hidden" not in p["attrs"]["class"].split()]
    assert shown and all(needle in p["text"] for p in shown)
    assert all(needle not in p["text"] for p in pages if p not in shown)
    hits = [n for n in after.find("div", "hit")]
    assert hits and all(needle in n["text"] for n in hits)
