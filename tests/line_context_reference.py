"""The article-context features as first written (line by line), frozen: the oracle that the faster
:mod:`corpus_clean.lines.context` must match bit for bit (tests/test_line_context_identity.py). Do not edit."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

ARTICLE_CONTEXT = ("echo_found", "above_anchor", "anchor_distance_log", "runs_from_anchor", "in_first_run",
                   "ends_above_log", "metas_above_log", "mass_before", "first_run_share", "shape_repeats_log",
                   "near_shape_repeated")
"""Column names of the features :func:`article_context` gives each line."""

END_REASONS = frozenset({"share_prompt", "qr_or_subscription", "editor_line", "source_footer", "related_articles",
                         "copyright", "disclaimer", "advertisement", "pagination"})
"""Lexicon reasons whose lines close an article (and open what follows it)."""
ECHO_MIN = 5
"""Characters a line needs to count as the echo of the page's first line (a headline, not a word of it)."""
ECHO_MAX = 80
"""A line longer than this is prose, not a headline echoing the ``<title>``."""
SHAPE_MAX = 40
"""Only lines up to this long get a shape (see :func:`shapes`): a comment's author, date and counters."""
_TITLE_SPAN = 200
_DIGITS = re.compile(r"\d+")


def shapes(stripped: Sequence[str]) -> list[str]:
    """Each short line with its digit runs written ``0`` (``08-11 16:06`` and ``08-12 10:00`` share
    ``0-0 0:0``), ``""`` for longer lines: one shape met again and again marks a list of posts or links."""
    return [_DIGITS.sub("0", t) if len(t) <= SHAPE_MAX else "" for t in stripped]


def echo_line(stripped: Sequence[str]) -> int:
    """Index of the first line after the first that the first line (the ``<title>``) holds whole or nearly
    (three quarters of its character pairs), -1 if none. Only lines of headline length are compared."""
    if len(stripped) < 2:
        return -1
    title = stripped[0][:_TITLE_SPAN]
    pairs = {title[i:i + 2] for i in range(len(title) - 1)}
    for k in range(1, len(stripped)):
        text = stripped[k]
        if not ECHO_MIN <= len(text) <= ECHO_MAX:
            continue
        if text in title:
            return k
        own = {text[i:i + 2] for i in range(len(text) - 1)}
        if own and len(own & pairs) >= 0.75 * len(own):
            return k
    return -1


def article_context(stripped: Sequence[str], verdicts: Sequence[str], prose: Sequence[float],
                    runs: Sequence[float], run_gap: int) -> list[list[float]]:
    """The :data:`ARTICLE_CONTEXT` features of each non-gap line of a page.

    ``stripped`` are the page's non-gap lines, ``verdicts`` their single-line verdict strings, ``prose``
    whether each is prose (1.0 or 0.0), ``runs`` the prose mass of the run each lies in (0 outside runs),
    ``run_gap`` the number of non-prose lines that ends a run.
    """
    count = len(stripped)
    echo = echo_line(stripped)
    first_prose = next((k for k in range(count) if prose[k]), -1)
    anchor = echo if echo >= 0 else first_prose
    shape = shapes(stripped)
    seen = Counter(shape)
    recurs = [0]
    for s in shape:
        recurs.append(recurs[-1] + (1 if s and seen[s] >= 3 else 0))
    tails = [[math.log1p(seen[s] - 1) if s else 0.0,
              (recurs[min(count, k + 4)] - recurs[max(0, k - 3)]) / (min(count, k + 4) - max(0, k - 3))]
             for k, s in enumerate(shape)]
    zeros = [1.0 if echo >= 0 else 0.0] + [0.0] * (len(ARTICLE_CONTEXT) - 3)
    if anchor < 0 or first_prose < 0:
        return [zeros + tail for tail in tails]
    masses = [len(t) if p else 0 for t, p in zip(stripped, prose)]
    total = float(sum(masses)) or 1.0
    top = max(runs) or 1.0
    # the first run of prose at or under the anchor: its first and last prose line, and its mass
    start = next((k for k in range(anchor, count) if prose[k]), -1)
    end = start
    if start >= 0:
        for k in range(start + 1, count):
            if prose[k]:
                if k - end > run_gap:
                    break
                end = k
    first_share = runs[start] / top if start >= 0 else 0.0
    out: list[list[float]] = []
    starts = ends = metas = 0
    ends_log = metas_log = 0.0  # log1p of the counts, recomputed only when a count grows
    found = 1.0 if echo >= 0 else 0.0
    last_prose, above = -run_gap - 2, 0.0
    for k in range(count):
        if prose[k]:
            if k >= anchor and (k - last_prose > run_gap or last_prose < anchor):
                starts += 1
            last_prose = k
        out.append([found, 1.0 if k < anchor else 0.0, math.log1p(abs(k - anchor)), min(starts, 4) / 4,
                    1.0 if start >= 0 and start <= k <= end else 0.0, ends_log, metas_log, above / total,
                    first_share, *tails[k]])
        above += masses[k]
        if start >= 0 and k >= start:
            kind, _, reason = verdicts[k].partition(":")
            if kind == "removed" and reason in END_REASONS:
                ends += 1
                ends_log = math.log1p(ends)
            elif kind == "meta":
                metas += 1
                metas_log = math.log1p(metas)
    return out
