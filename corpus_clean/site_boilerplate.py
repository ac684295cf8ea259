"""Lines that repeat across the pages of one site: counted in a first pass, removed in a second.

A site's furniture (its name, slogan, app prompt, footer, hotline) repeats on
every page, and much of it reads like prose, so no judgement of one page can
tell it from the article. Across pages it is plain: the same line on many pages
of the same site. As Chinese C4 and CCNet do across documents, the first pass
counts, for each site, on how many pages each normalised line appears
(:class:`SiteCounts`, filled by :mod:`corpus_clean.site_counting` on the local
engine or on Ray); the second removes, as ``repeated_across_pages``, the
lines that appear on at least ``min_pages`` pages of a site with at least
``min_site_pages`` pages (:class:`SiteBoilerplate`).

- A site is the URL host of the page's source (``www.`` dropped), or the folder
  of a file (:func:`site_of`).
- A line is normalised (whitespace dropped, ASCII lower-cased, runs of digits
  folded to one) and hashed with the site's name to 8 bytes (:func:`line_key`);
  memory is one counter per distinct (site, line), and ``max_keys`` bounds it
  (lossy counting: when full, lines seen on one page only are forgotten, which
  can only make a count lower, never remove a line that is not repeated).
- A page counts once per article: pages whose longest lines are the same (a
  crawl's duplicates, with whatever furniture) count as one, so an article's own
  lines are not taken for furniture because it was crawled five times.
- Never removed: a headline (``role == "title"``) that heads article text, and
  metadata lines, among them date lines parsed as metadata; the step runs after
  ``segment``, which decides both. A "headline" over nothing but furniture (a
  site's name, which segmentation took for one) is furniture too.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from .cleaners.base import Cleaner
from .io import AtomicWriter
from .page import BODY, HEADING, Line, Page

if TYPE_CHECKING:  # pragma: no cover - pipeline.py names this module's step in its table
    from .pipeline import Pipeline

REASONS: dict[str, str] = {
    "repeated_across_pages": "the line appears on at least min_pages pages of the same site: site furniture",
}
MIN_PAGES = 5
"""Default: a line on this many pages of one site is furniture."""
MIN_SITE_PAGES = 10
"""Default: sites with fewer pages than this are left alone (too few to tell furniture from chance)."""
MAX_KEYS = 20_000_000
"""Default bound on distinct (site, line) counters held at once (about 2 GB of Python ints at most)."""
TABLE_FORMAT = "corpus_clean site boilerplate table 1"

_DIGITS = re.compile(r"[0-9０-９]+")
_SPACE = re.compile(r"\s+")


def site_of(source: str) -> str:
    """The site a page belongs to: its URL's host without ``www.``, else the folder of its path."""
    if "://" in source:
        host = (urlsplit(source).hostname or "").lower()
        return host[4:] if host.startswith("www.") else host
    return os.path.dirname(source)


def line_key(site: str, text: str) -> int | None:
    """The 64-bit key of a line of a site, or None for a line with nothing to compare."""
    normal = _DIGITS.sub("0", _SPACE.sub("", text).lower())
    if not normal:
        return None
    return int.from_bytes(blake2b(f"{site}\x00{normal}".encode("utf-8"), digest_size=8).digest(), "big")


def candidate_lines(page: Page) -> Iterator[Line]:
    """The lines the step may judge: article text, headlines included (they count, they are never removed)."""
    return (ln for ln in page.lines if ln.kind in (BODY, HEADING) and ln.text.strip())


ARTICLE_LINES = 3
"""How many of a page's longest lines identify its article (see :func:`page_keys`)."""


def page_keys(page: Page) -> tuple[str, int | None, list[int]]:
    """What the first pass needs of one cleaned page: its site, the key of its article, its line keys.

    The article's key hashes the page's ``ARTICLE_LINES`` longest lines, which are the article's
    paragraphs, not the furniture around them: two crawls of one article with different furniture
    get one key, and count as one page.
    """
    site = site_of(page.source)
    keyed = {(k, len(ln.text.strip())) for ln in candidate_lines(page) if (k := line_key(site, ln.text)) is not None}
    longest = sorted(keyed, key=lambda kl: (-kl[1], kl[0]))[:ARTICLE_LINES]
    article = int.from_bytes(blake2b(repr([k for k, _ in longest]).encode(), digest_size=8).digest(), "big") \
        if longest else None
    return site, article, sorted({k for k, _ in keyed})


@dataclass
class SiteCounts:
    """On how many pages of its site each line appears, merged by :meth:`add`; memory bounded by ``max_keys``.

    A line that reaches ``min_pages`` is remembered with its site (a short list: the furniture),
    so that :meth:`repeated` can leave out the sites with fewer than ``min_site_pages`` pages.
    """

    min_pages: int = MIN_PAGES
    max_keys: int = MAX_KEYS
    lines: Counter[int] = field(default_factory=Counter)
    pages: Counter[str] = field(default_factory=Counter)
    hot: dict[int, str] = field(default_factory=dict)
    seen_articles: set[int] = field(default_factory=set)
    pruned: int = 0
    """How many times counters of lines seen once were forgotten to stay within ``max_keys``."""

    def add(self, site: str, article: int | None, keys: Iterable[int]) -> None:
        """Count one page; a page whose article its site already had counts no more."""
        if article is not None:
            if article in self.seen_articles:
                return
            self.seen_articles.add(article)
        self.pages[site] += 1
        lines, hot, min_pages = self.lines, self.hot, self.min_pages
        for key in keys:
            lines[key] += 1
            if lines[key] == min_pages:
                hot[key] = site
        if len(lines) > self.max_keys:
            self.lines = Counter({k: n for k, n in lines.items() if n > 1})
            self.pruned += 1

    def repeated(self, min_site_pages: int = MIN_SITE_PAGES) -> list[int]:
        """Keys of the lines on at least ``min_pages`` pages of a site with at least ``min_site_pages`` pages."""
        return sorted(k for k, site in self.hot.items() if self.pages[site] >= min_site_pages)

    def write_table(self, path: str | Path, min_site_pages: int = MIN_SITE_PAGES) -> int:
        """Write the keys :class:`SiteBoilerplate` removes (atomically); return how many."""
        keys = self.repeated(min_site_pages)
        with AtomicWriter(path) as fh:
            json.dump({"format": TABLE_FORMAT, "min_pages": self.min_pages, "min_site_pages": min_site_pages,
                       "sites": len(self.pages), "pages": sum(self.pages.values()), "keys": keys}, fh)
            fh.write("\n")
        return len(keys)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> frozenset[int]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ValueError(f"site boilerplate table {path}: cannot read it: {err}") from None
    if not isinstance(data, dict) or data.get("format") != TABLE_FORMAT:
        raise ValueError(f"site boilerplate table {path}: not a table written by the first pass")
    return frozenset(data["keys"])


class SiteBoilerplate(Cleaner):
    """Remove the lines the first pass found on many pages of the page's site (the ``table`` it wrote)."""

    name: ClassVar[str] = "site_boilerplate"
    reasons: ClassVar[dict[str, str]] = REASONS

    def __init__(self, table: str | None = None) -> None:
        self.table = table

    def warm_up(self) -> None:
        self._keys()

    def _keys(self) -> frozenset[int]:
        if self.table is None:
            return frozenset()
        return _load(self.table, os.path.getmtime(self.table))

    def apply(self, page: Page) -> Page:
        keys = self._keys()
        if not keys:
            return page
        site = site_of(page.source)
        lines = page.lines
        repeated = [ln.kind in (BODY, HEADING) and line_key(site, ln.text) in keys for ln in lines]
        heads = self._heads_text(lines, repeated)
        for i, line in enumerate(lines):
            if repeated[i] and not (line.role == "title" and heads[i]):
                line.remove(self.name, "repeated_across_pages")
        return page

    @staticmethod
    def _heads_text(lines: list[Line], repeated: list[bool]) -> list[bool]:
        """For each line, whether article text that stays follows it before the next article starts.

        A headline that heads such text is a headline, kept; a site's name taken for a headline
        heads only furniture, and goes with it. One pass from the end of the page.
        """
        heads = [False] * len(lines)
        found = False
        for j in range(len(lines) - 1, 0, -1):
            line = lines[j]
            if line.starts_article:
                found = False
            elif line.kind in (BODY, HEADING) and line.text.strip() and not repeated[j]:
                found = True
            heads[j - 1] = found
        return heads


def split_at_step(pipeline: Pipeline) -> tuple[Pipeline, int]:
    """The steps the first pass runs (those before the site step's place) and that place.

    The place is right after ``segment`` (headlines and dates are known there), else before
    ``script``/``normalize``, else the end; an existing ``site_boilerplate`` step keeps its place.
    """
    names = [c.name for c in pipeline.cleaners]
    if SiteBoilerplate.name in names:
        at = names.index(SiteBoilerplate.name)
    elif "segment" in names:
        at = names.index("segment") + 1
    else:
        at = next((i for i, n in enumerate(names) if n in ("script", "normalize")), len(names))
    return pipeline.with_cleaners(pipeline.cleaners[:at]), at


def with_step(pipeline: Pipeline, table: str) -> Pipeline:
    """``pipeline`` with a :class:`SiteBoilerplate` step reading ``table``, in its place."""
    prefix, at = split_at_step(pipeline)
    rest = [c for c in pipeline.cleaners[at:] if c.name != SiteBoilerplate.name]
    return pipeline.with_cleaners([*prefix.cleaners, SiteBoilerplate(table=table), *rest])
