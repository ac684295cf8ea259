"""One streaming pass over a run's records: totals, removals by reason and site, and a page sample.

The records of a run are read one at a time and never held together: what is
kept grows with the number of distinct reasons and sites and with the sample
size, not with the run. Records of one page are consecutive in every output
the engines write, so a page is the run of records sharing a ``source``.

The sample is the ``most_edited`` pages (a bounded heap on an edit score) and
``random_pages`` others drawn uniformly by reservoir sampling with a fixed seed,
so the same run and seed give the same report.
"""
from __future__ import annotations

import gzip
import heapq
import io
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

CHARACTER_COUNTERS = ("normalize", "script")
"""Cleaners whose ``meta.changes`` count characters (widths, spaces, conversions), not edits: left out of
the edit score, or every long Traditional page would rank as the most edited."""


@dataclass
class SampledPage:
    """One page of the sample: its records as read, and why it was picked."""

    source: str
    site: str
    records: list[dict[str, Any]]
    score: int
    picked: str  # "most edited" or "random"


@dataclass
class RunScan:
    """What one pass over the records found."""

    path: str
    pages: int = 0
    articles: int = 0
    record_bytes: int = 0
    text_chars: int = 0
    bad_records: list[str] = field(default_factory=list)
    removed: Counter[tuple[str, str]] = field(default_factory=Counter)
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)
    removed_by_site: Counter[str] = field(default_factory=Counter)
    pages_by_site: Counter[str] = field(default_factory=Counter)
    sample: list[SampledPage] = field(default_factory=list)


def site_of(source: str) -> str:
    """The site a page came from: the host of a URL, else the folder of a path (``.`` for none)."""
    if "://" in source:
        host = urlsplit(source).hostname
        if host:
            return host
    folder = source.replace("\\", "/").rpartition("/")[0]
    return folder or "."


def edit_score(records: list[dict[str, Any]]) -> int:
    """Lines removed plus in-line edits (character counters aside) over a page's records."""
    score = 0
    for rec in records:
        score += len(rec.get("removed") or [])
        for cleaner, per in ((rec.get("meta") or {}).get("changes") or {}).items():
            if cleaner not in CHARACTER_COUNTERS:
                score += sum(n for n in per.values() if isinstance(n, int))
    return score


def _open_records(path: Path) -> IO[bytes]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        try:
            import zstandard
        except ImportError:
            raise ValueError(f"{path}: reading .zst needs the zstandard package") from None
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True))
    return open(path, "rb")


def record_problem(rec: Any) -> str | None:
    """What makes a row unusable as a record, or None: the fields the report reads must have their types."""
    if not isinstance(rec, dict):
        return "is not a JSON object"
    if not isinstance(rec.get("source"), str):
        return "has no 'source' string"
    removed, meta = rec.get("removed") or [], rec.get("meta") or {}
    if not isinstance(removed, list) or not all(isinstance(r, dict) for r in removed):
        return "has a 'removed' that is not a list of objects"
    if not isinstance(rec.get("paragraphs") or [], list):
        return "has 'paragraphs' that are not a list"
    if not isinstance(meta, dict) or not isinstance(meta.get("changes") or {}, dict) \
            or not all(isinstance(per, dict) for per in (meta.get("changes") or {}).values()):
        return "has a 'meta.changes' that is not an object of objects"
    return None


def iter_records(path: Path, bad: list[str]) -> Iterator[tuple[dict[str, Any], int]]:
    """Each record with its size in bytes; a row that is not a record is noted in ``bad`` and skipped."""
    if path.name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq  # a Parquet run is read by row groups, one at a time

        parquet = pq.ParquetFile(path)
        for group in range(parquet.num_row_groups):
            for number, row in enumerate(parquet.read_row_group(group).to_pylist(), 1):
                meta = row.get("meta")
                try:
                    row["meta"] = json.loads(meta) if isinstance(meta, str) else meta or {}
                except json.JSONDecodeError:
                    bad.append(f"{path}: row {number} of row group {group} has a 'meta' that is not JSON")
                    continue
                problem = record_problem(row)
                if problem:
                    bad.append(f"{path}: row {number} of row group {group} {problem}")
                    continue
                yield row, len(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        return
    with _open_records(path) as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                bad.append(f"{path}: row {number} is not a JSON record ({err})")
                continue
            problem = record_problem(rec)
            if problem:
                bad.append(f"{path}: row {number} {problem}")
                continue
            yield rec, len(raw)


def _pages(records: Iterator[tuple[dict[str, Any], int]], scan: RunScan) -> Iterator[list[dict[str, Any]]]:
    """Group consecutive records of one source into pages, counting records and bytes as they pass."""
    page: list[dict[str, Any]] = []
    for rec, size in records:
        scan.articles += 1
        scan.record_bytes += size
        scan.text_chars += sum(len(p) for p in rec.get("paragraphs") or [] if isinstance(p, str))
        if page and rec["source"] != page[0]["source"]:
            yield page
            page = []
        page.append(rec)
    if page:
        yield page


def scan_run(path: str | Path, most_edited: int = 10, random_pages: int = 10, seed: int = 0) -> RunScan:
    """Read the records at ``path`` once and return the totals and the page sample."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such records file")
    scan = RunScan(path=str(path))
    top: list[tuple[int, int, list[dict[str, Any]]]] = []  # min-heap of (score, -order, records): the best
    # a uniform sample of every page, large enough to hold random_pages once the most edited are set aside
    reservoir: list[tuple[int, list[dict[str, Any]]]] = []
    room = random_pages + most_edited if random_pages else 0
    rng = random.Random(seed)
    for order, page in enumerate(_pages(iter_records(path, scan.bad_records), scan)):
        scan.pages += 1
        site = site_of(page[0]["source"])
        scan.pages_by_site[site] += 1
        for rec in page:
            for removal in rec.get("removed") or []:
                scan.removed[(str(removal.get("cleaner")), str(removal.get("reason")))] += 1
                scan.removed_by_site[site] += 1
            for cleaner, per in ((rec.get("meta") or {}).get("changes") or {}).items():
                for reason, n in per.items():
                    scan.changes[(cleaner, reason)] += n if isinstance(n, int) else 0
        if most_edited:
            entry = (edit_score(page), -order, page)
            if len(top) < most_edited:
                heapq.heappush(top, entry)
            elif entry[:2] > top[0][:2]:
                heapq.heapreplace(top, entry)
        if len(reservoir) < room:
            reservoir.append((order, page))
        elif room and (slot := rng.randrange(order + 1)) < room:
            reservoir[slot] = (order, page)
    chosen = {-e[1] for e in top}
    for score, _, page in sorted(top, key=lambda e: e[:2], reverse=True):
        scan.sample.append(SampledPage(page[0]["source"], site_of(page[0]["source"]), page, score, "most edited"))
    drawn = [(order, page) for order, page in reservoir if order not in chosen]
    rng.shuffle(drawn)
    for _, page in sorted(drawn[:random_pages], key=lambda e: e[0]):
        scan.sample.append(SampledPage(page[0]["source"], site_of(page[0]["source"]), page, edit_score(page),
                                       "random"))
    return scan
