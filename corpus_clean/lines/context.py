"""Where a line stands relative to the page's main article: features that tell the article from other prose.

The region features of :mod:`corpus_clean.lines.features` find the page's densest run of prose, but a
page often holds more prose than its article: a comment thread, a second (recommended) article, the
summaries of a related-articles list, the next posts of a blog. Measured site held out, these were the
pages the line model failed worst on. What tells them apart is order and landmarks, as a reader sees
them: a web page's ``<title>`` (the scraped page's first line) is echoed by the article's headline, the
article is the first run of prose under it, and what comes after the article is announced by the
article's own end (share prompts, editor and source lines, a related-articles header) and by the
dates of comments and posts. So, for each line:

* ``echo_found``: the page's first line is echoed further down (a headline line that the ``<title>``
  holds): the page is an article page with a headline;
* ``above_anchor``, ``anchor_distance_log``: the anchor is that headline, else the first line of prose;
* ``runs_from_anchor``: how many runs of prose (see :func:`~corpus_clean.lines.features.prose_runs`)
  start between the anchor and the line (0 above the anchor or before the first run; 1 in the first);
* ``in_first_run``: the line lies within the first run of prose at or under the anchor;
* ``ends_above_log``, ``metas_above_log``: article-end lines (lexicon verdicts of share prompts, editor,
  source, copyright, related-articles lines) and metadata lines (dates, bylines) met since that first
  run started: a comment has its author's date above it, a recommended article the end of the first;
* ``mass_before``: the share of the page's prose (Han characters) above the line;
* ``first_run_share``: the first run's prose over the heaviest run's (the page's): whether the article
  under the headline is the page's main mass of text or a short one followed by longer other prose;
* ``shape_repeats_log``, ``near_shape_repeated``: how often the line's shape (see :func:`shapes`) recurs
  on the page, and the share of lines around it whose shape recurs three times or more: the author,
  date and counter lines of a thread of comments or posts, the dates of a list of links.

One pass over the page's lines for each, so the cost is linear in the page. The hook in
:func:`~corpus_clean.lines.features.page_features` appends these columns to every vector.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from operator import add

import numpy as np

from .logs import log1p_of

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
    short = [t if len(t) <= SHAPE_MAX else "" for t in stripped]
    # one substitution over the page: a digit run never spans the newlines between lines
    joined = _DIGITS.sub("0", "\n".join(short)).split("\n")
    if len(joined) == len(short):
        return joined
    return [_DIGITS.sub("0", t) if t else "" for t in short]  # a line holds a newline of its own


def echo_line(stripped: Sequence[str]) -> int:
    """Index of the first line after the first that the first line (the ``<title>``) holds whole or nearly
    (three quarters of its character pairs), -1 if none. Only lines of headline length are compared."""
    if len(stripped) < 2:
        return -1
    title = stripped[0][:_TITLE_SPAN]
    pairs = set(map(add, title, title[1:]))
    for k in range(1, len(stripped)):
        text = stripped[k]
        if not ECHO_MIN <= len(text) <= ECHO_MAX:
            continue
        if text in title:
            return k
        own = set(map(add, text, text[1:]))
        if own and len(pairs.intersection(own)) >= 0.75 * len(own):
            return k
    return -1


_ENDS, _META = 1, 2


def _closing_role(verdict: str) -> int:
    """:data:`_ENDS` for an article-end verdict (removed with a reason of :data:`END_REASONS`), :data:`_META` for
    a metadata verdict, else 0."""
    kind, _, reason = verdict.partition(":")
    if kind == "removed" and reason in END_REASONS:
        return _ENDS
    return _META if kind == "meta" else 0


def echo_of(length: np.ndarray, title_share: np.ndarray) -> int:
    """:func:`echo_line` from what the line features know already: each line's length and the share of its
    distinct character pairs found in the first line's first 200 characters (``title_sim``). A line the
    title holds whole has a share of 1, so "three quarters of its pairs" alone decides; a share is a quotient
    of counts, at least 0.75 exactly when the count of shared pairs is at least 0.75 times the line's."""
    found = np.flatnonzero((title_share[1:] >= 0.75) & (ECHO_MIN <= length[1:]) & (length[1:] <= ECHO_MAX))
    return int(found[0]) + 1 if len(found) else -1


def article_context(stripped: Sequence[str], verdicts: Sequence[str], prose: Sequence[float],
                    runs: Sequence[float], run_gap: int) -> list[list[float]]:
    """:func:`article_context_table` as a list of rows."""
    return article_context_table(stripped, verdicts, prose, runs, run_gap).tolist()  # type: ignore[no-any-return]


def article_context_table(stripped: Sequence[str], verdicts: Sequence[str], prose: Sequence[float],
                          runs: Sequence[float], run_gap: int, echo: int | None = None) -> np.ndarray:
    """The :data:`ARTICLE_CONTEXT` features of each non-gap line of a page, one row per line.

    ``stripped`` are the page's non-gap lines, ``verdicts`` their single-line verdict strings, ``prose``
    whether each is prose (1.0 or 0.0), ``runs`` the prose mass of the run each lies in (0 outside runs),
    ``run_gap`` the number of non-prose lines that ends a run, ``echo`` the :func:`echo_line` of the lines
    if the caller knows it (see :func:`echo_of`). The columns are computed a whole page at a time;
    logarithms of counts are ``math.log1p`` of each count, as the model was fitted on.
    """
    count = len(stripped)
    if echo is None:
        echo = echo_line(stripped)
    first_prose = next((k for k in range(count) if prose[k]), -1)
    anchor = echo if echo >= 0 else first_prose
    shape = shapes(stripped)
    seen = Counter(shape)
    seen[""] = 0  # a long line has no shape: it recurs never
    repeats = np.fromiter(map(seen.__getitem__, shape), dtype=np.int64, count=count)
    recurs = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(repeats >= 3, out=recurs[1:])
    k = np.arange(count)
    lo, hi = np.maximum(0, k - 3), np.minimum(count, k + 4)
    table = np.empty((count, len(ARTICLE_CONTEXT)), dtype=np.float64)
    table[:, 0] = 1.0 if echo >= 0 else 0.0
    table[:, 9] = log1p_of(np.maximum(repeats - 1, 0))
    table[:, 10] = (recurs[hi] - recurs[lo]) / (hi - lo)
    if anchor < 0 or first_prose < 0:
        table[:, 1:9] = 0.0
        return table
    is_prose = np.array(prose, dtype=bool)
    masses = np.where(is_prose, np.fromiter(map(len, stripped), dtype=np.int64, count=count), 0)
    total = float(masses.sum()) or 1.0
    top = max(runs) or 1.0
    # the first run of prose at or under the anchor: its first and last prose line, and its mass
    at = np.flatnonzero(is_prose)
    later = at[at >= anchor]
    start = int(later[0]) if len(later) else -1
    end = start
    if start >= 0:
        gaps = np.flatnonzero(np.diff(later) > run_gap)
        end = int(later[gaps[0]]) if len(gaps) else int(later[-1])
    first_share = runs[start] / top if start >= 0 else 0.0
    # a run of prose starts at a prose line at or under the anchor whose previous prose line is far or above it
    before = np.concatenate([[-run_gap - 2], at[:-1]])
    opens = (at >= anchor) & ((at - before > run_gap) | (before < anchor))
    starts = np.zeros(count, dtype=np.int64)
    starts[at[opens]] = 1
    starts = np.cumsum(starts)
    table[:, 1] = k < anchor
    table[:, 2] = log1p_of(np.abs(k - anchor))
    table[:, 3] = np.minimum(starts, 4) / 4
    table[:, 4] = (start <= k) & (k <= end) if start >= 0 else False
    # article-end and metadata lines met since the first run started, counted before each line
    ends = np.zeros(count + 1, dtype=np.int64)
    metas = np.zeros(count + 1, dtype=np.int64)
    if start >= 0:
        since = verdicts[start:]
        role = {verdict: _closing_role(verdict) for verdict in set(since)}
        roles = np.fromiter(map(role.__getitem__, since), dtype=np.int8, count=len(since))
        ends[start + 1:] = roles == _ENDS
        metas[start + 1:] = roles == _META
    table[:, 5] = log1p_of(np.cumsum(ends)[:-1])
    table[:, 6] = log1p_of(np.cumsum(metas)[:-1])
    above = np.zeros(count, dtype=np.int64)
    np.cumsum(masses[:-1], out=above[1:])
    table[:, 7] = above / total
    table[:, 8] = first_share
    return table
