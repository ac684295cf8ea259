"""Features of each line of a page and of its context, for the fitted line judgement.

After boilerpipe (Kohlschütter et al., WSDM 2010) and jusText: shallow features of a line (length,
character classes, punctuation, separators, date and counter shapes, what today's lexicons and
metadata parsers say of it) and of its surroundings (position, distance to the page's densest run
of prose, the previous and next lines, repetition on the page, similarity to the page's first line,
which in scraped pages is the ``<title>``). Every feature is computed in one or two passes over the
page: no per-line rescan, so the cost is linear in the page.

:func:`page_features` returns one vector per line, ``None`` for gaps (blank lines and lines an
earlier step removed); :data:`FEATURES` names the columns. The features are computed for the whole
page at once with numpy (:func:`page_table`): at inference, every line of every page pays them. They
equal, bit for bit, those of the first line-at-a-time version, which the shipped model was fitted on
(``tests/line_features_reference.py`` keeps it; ``tests/test_line_features_identity.py`` compares).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import compress
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .context import ARTICLE_CONTEXT, article_context_table, echo_of
from .logs import log1p_of, log1p_table
from .shapes import SENTENCE_END, SEPARATORS, PageShapes, chunks, class_table, code_points, end_flag, page_shapes

# what today's single-line judgement said, grouped: verdict strings are "body", "heading",
# "meta:<kind>" or "removed:<reason>"
STRONG_REASONS = frozenset({"copyright", "disclaimer", "editor_line", "source_footer", "seo_spam",
                            "punctuation_only", "place_list"})
"""Reasons whose lexicon or shape leaves little doubt."""
PROSE_MIN_HAN = 12
"""A line with at least this many Han characters and a sentence punctuation mark counts as prose."""
RUN_GAP = 4
"""Runs of prose (see :func:`prose_runs`) end after this many lines without prose."""
GAP_COST = 12
"""What a line that is not prose costs the run of prose around it, in Han characters (see :func:`prose_region`)."""

OWN = ("len_log", "han", "latin", "digit", "punct", "space", "ends_sentence", "ends_soft", "commas_log",
       "pipe", "arrow", "dot", "slash", "underscore", "date", "time", "counter", "starts_digit", "urlish",
       "bracketed", "no_final", "ends_ellipsis", "v_body", "v_heading", "v_meta", "v_removed_strong", "v_removed_weak",
       "prose", "link_density")
NEIGHBOUR = ("len_log", "han", "digit", "punct", "ends_sentence", "prose", "v_meta", "v_removed_strong",
             "v_removed_weak", "counter", "date")
BLOCK = ("block_len_log", "block_han", "block_commas_log", "block_lines_log", "block_prose", "block_share",
         "block_ends_sentence")
"""A block is a run of lines with no blank line between them: in scraped text, one element of the page,
whose inline links and tags split its text into several lines (a paragraph with links becomes short
fragments); the block shows what the fragments are part of."""
CONTEXT = ("position", "run_share", "run_top", "run_mass_log", "in_region", "before_region", "after_region", "region_distance_log", "prose_near1",
           "prose_near3", "run_short_log", "repeats_log", "near_repeated", "first_line", "title_sim", "gap_before", "gap_after",
           "page_lines_log")
FEATURES: tuple[str, ...] = (OWN + tuple(f"prev_{n}" for n in NEIGHBOUR) + tuple(f"next_{n}" for n in NEIGHBOUR)
                             + BLOCK + CONTEXT + ARTICLE_CONTEXT)
"""Column names of the vectors :func:`page_features` returns."""
_NEIGHBOUR_AT = [OWN.index(n) for n in NEIGHBOUR]
_PROSE_AT = OWN.index("prose")
_TITLE_CHARS = 200
"""The first line's bigrams (for ``title_sim``) are read from this many of its characters."""


@dataclass(frozen=True)
class PageFeatures:
    """The feature vectors of a page's lines as one array: row ``k`` is the line at ``index[k]`` of the page."""

    size: int
    index: list[int]
    matrix: np.ndarray

    def rows(self) -> list[list[float] | None]:
        """One vector (a list, columns :data:`FEATURES`) per line of the page; ``None`` for gaps."""
        out: list[list[float] | None] = [None] * self.size
        for i, row in zip(self.index, self.matrix.tolist()):
            out[i] = row
        return out

    def column(self, name: str) -> list[float]:
        """Feature ``name`` of each line of the page, ``0.0`` for gaps."""
        out = np.zeros(self.size)
        out[self.index] = self.matrix[:, FEATURES.index(name)]
        return out.tolist()  # type: ignore[no-any-return]


def page_features(texts: Sequence[str], verdicts: Sequence[str],
                  extras: Sequence[Mapping[str, float] | None] | None = None) -> list[list[float] | None]:
    """One feature vector (columns :data:`FEATURES`) per line of a page; ``None`` for gaps.

    ``texts`` are the lines, ``""`` for a gap (a blank line, or one an earlier step removed);
    ``verdicts`` what today's single-line judgement said of each (``body``, ``heading``,
    ``meta:<kind>``, ``removed:<reason>``); ``extras`` each line's DOM features (``link_density``)
    when the page came from HTML, else None.
    """
    return page_table(texts, verdicts, extras).rows()


def prose_region(values: Sequence[int] | np.ndarray) -> tuple[int, int]:
    """The run of lines with the largest sum of ``values`` (whole numbers): the article region.

    A prose line counts its Han characters, any other line ``-GAP_COST``; ``(-1, -1)`` if no line is prose.
    Kadane's span, from prefix sums: the running sum restarts where the prefix sum reaches a new minimum,
    ties restarting it too.
    """
    prefix = np.concatenate([[0], np.cumsum(values)])
    low = np.minimum.accumulate(prefix[:-1])
    totals = prefix[1:] - low
    end = int(np.argmax(totals))
    if totals[end] <= 0:
        return -1, -1
    return int(np.flatnonzero(prefix[:end + 1] == low[end])[-1]), end


def prose_runs(values: Sequence[int] | np.ndarray) -> np.ndarray:
    """For each line, the prose mass (Han characters of its prose lines) of the run it lies in, 0 outside runs.

    A run goes from a prose line (a positive value) to the last prose line before a stretch of more than
    :data:`RUN_GAP` lines without prose: an article, a comment, a block of related summaries. The article is
    usually the heaviest, but a page can hold several; the share of the heaviest tells them apart.
    """
    values = np.asarray(values)
    mass = np.zeros(len(values))
    prose = np.flatnonzero(values > 0)
    if not len(prose):
        return mass
    new = np.ones(len(prose), dtype=bool)
    new[1:] = np.diff(prose) > RUN_GAP
    run = np.cumsum(new) - 1
    totals = np.bincount(run, weights=values[prose])
    first, last = prose[new], prose[np.append(np.flatnonzero(new)[1:] - 1, len(prose) - 1)]
    size = last - first + 1
    mass[np.arange(size.sum()) - np.repeat(np.cumsum(size) - size - first, size)] = np.repeat(totals, size)
    return mass


def page_table(texts: Sequence[str], verdicts: Sequence[str],
               extras: Sequence[Mapping[str, float] | None] | None = None) -> PageFeatures:
    """The features of :func:`page_features` as one array, without building a list per line."""
    index = list(compress(range(len(texts)), texts))
    return line_table(len(texts), index, [texts[i] for i in index], [verdicts[i] for i in index],
                      [float((extras[i] or {}).get("link_density", 0.0)) for i in index] if extras else None)


def line_table(size: int, index: list[int], lines: list[str], verdicts: list[str],
               link_density: list[float] | None = None) -> PageFeatures:
    """:func:`page_table` of a page of ``size`` lines given its non-gap lines only: ``lines`` (none empty) at the
    increasing positions ``index``, with their verdict strings and, for a page read from HTML, link densities.
    A caller that holds its lines apart from the gaps saves building the page's lists twice."""
    count = len(index)
    if not count:
        return PageFeatures(size, index, np.zeros((0, len(FEATURES))))
    at = np.array(index, dtype=np.int64)
    shapes = page_shapes(lines)
    own = _own(shapes, verdicts, link_density)
    blocks = _blocks(shapes, lines, at)
    prose = (own[:, OWN.index("prose")] > 0) | (blocks[:, BLOCK.index("block_prose")] > 0)
    neighbours = own[:, _NEIGHBOUR_AT]
    prev, nxt = np.zeros_like(neighbours), np.zeros_like(neighbours)
    prev[1:], nxt[:-1] = neighbours[:-1], neighbours[1:]
    values = np.where(prose, shapes.counts["han"], -GAP_COST)
    runs = prose_runs(values)
    title = _title_similarity(lines)
    context = _context(shapes, lines, at, size, prose, values, runs, title)
    article = np.asarray(article_context_table(lines, verdicts, prose.astype(np.float64).tolist(),
                                               runs.astype(np.float64).tolist(), RUN_GAP,
                                               echo=echo_of(shapes.length, title)), dtype=np.float64)
    return PageFeatures(size, index, np.hstack([own, prev, nxt, blocks, context, article]))


def prepare_tables() -> None:
    """Build the lookup tables :func:`page_table` reads (once, about 0.3 s): a warmed-up pipeline does it
    before its first page, and forked workers share them."""
    class_table()
    log1p_table()


@lru_cache(maxsize=256)
def _verdict_columns(verdict: str) -> tuple[float, float, float, float, float]:
    """``v_body``, ``v_heading``, ``v_meta``, ``v_removed_strong``, ``v_removed_weak`` of a verdict string."""
    kind, _, reason = verdict.partition(":")
    removed = kind == "removed"
    strong = removed and reason in STRONG_REASONS
    return (float(kind == "body"), float(kind == "heading"), float(kind == "meta"), float(strong),
            float(removed and not strong))


def _own(shapes: PageShapes, verdicts: list[str], link_density: list[float] | None) -> np.ndarray:
    """The :data:`OWN` columns of each line."""
    c, n = shapes.counts, shapes.length
    punct = n - c["han"] - c["latin"] - c["digit"] - c["space"]
    prose = (c["han"] >= PROSE_MIN_HAN) & (c["commas"] > 0)
    columns = [log1p_of(n), c["han"] / n, c["latin"] / n, c["digit"] / n, punct / n, c["space"] / n,
               shapes.ends_sentence, shapes.ends_soft, log1p_of(c["commas"]),
               *(np.minimum(c[name], 8) / 4 for name in SEPARATORS),
               shapes.date, shapes.time, shapes.counter, shapes.starts_digit, shapes.urlish, shapes.bracketed,
               shapes.no_final, shapes.ends_ellipsis]
    out = np.empty((len(n), len(OWN)), dtype=np.float64)
    for k, column in enumerate(columns):
        out[:, k] = column
    at = OWN.index("v_body")
    distinct: dict[str, int] = {}
    which = [distinct.setdefault(v, len(distinct)) for v in verdicts]
    out[:, at:at + 5] = np.array([_verdict_columns(v) for v in distinct])[which]
    out[:, OWN.index("prose")] = prose
    out[:, OWN.index("link_density")] = link_density if link_density is not None else 0.0
    return out


def _blocks(shapes: PageShapes, lines: list[str], index: np.ndarray) -> np.ndarray:
    """The :data:`BLOCK` columns of each line: sums over the runs of lines with no gap between them."""
    count = len(index)
    new = np.ones(count, dtype=bool)
    new[1:] = index[1:] != index[:-1] + 1
    first = np.flatnonzero(new)
    last = np.append(first[1:], count) - 1
    size = np.add.reduceat(shapes.length, first)
    han = np.add.reduceat(shapes.counts["han"], first)
    commas = np.add.reduceat(shapes.counts["commas"], first)
    ends = shapes.ends_sentence[last].copy()
    # a closer or a newline at the block's end: read as the pattern reads the block's text
    tricky = shapes.newline[last]
    tricky |= end_flag(shapes.last_bits[last], "sentence_closer")
    for b in np.flatnonzero(tricky).tolist():
        ends[b] = SENTENCE_END.search("".join(lines[first[b]:last[b] + 1])) is not None
    lines_in = last - first + 1
    summary = np.column_stack([log1p_of(size), han / size, log1p_of(commas), log1p_of(lines_in),
                               (han >= PROSE_MIN_HAN) & (commas > 0), np.zeros(len(first)), ends]).astype(np.float64)
    out = np.repeat(summary, lines_in, axis=0)
    out[:, BLOCK.index("block_share")] = shapes.length / np.repeat(size, lines_in)
    return out


def _context(shapes: PageShapes, lines: list[str], at: np.ndarray, size: int, prose: np.ndarray,
             values: np.ndarray, runs: np.ndarray, title: np.ndarray) -> np.ndarray:
    """The :data:`CONTEXT` columns of each line: where it stands on the page and what is around it. ``values`` is
    each line's weight in the prose region (Han characters of prose, else ``-GAP_COST``), ``runs`` the
    :func:`prose_runs` mass of its run, ``title`` its :func:`_title_similarity`; the article context reads
    the same runs and similarities."""
    count = len(lines)
    k = np.arange(count)
    first, last = prose_region(values)
    top_mass = float(runs[runs != 0].max()) if runs.any() else 0.0
    inside = (first <= k) & (k <= last)
    distance = np.where(inside, 0, np.where(k < first, first - k, k - last))
    lo1, hi1, lo3, hi3 = np.maximum(0, k - 1), np.minimum(count, k + 2), np.maximum(0, k - 3), np.minimum(count, k + 4)
    prefix = np.concatenate([[0], np.cumsum(prose, dtype=np.int64)])
    # runs of consecutive short non-prose lines (menus, lists of links)
    short = ~prose & (shapes.length <= 12)
    edges = np.diff(np.concatenate([[0], short.astype(np.int8), [0]]))
    run_lengths = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    run = np.zeros(count, dtype=np.int64)
    run[short] = np.repeat(run_lengths, run_lengths)
    repeats = Counter(lines)
    repeated = np.fromiter(map(repeats.__getitem__, lines), dtype=np.int64, count=count)
    # lines around that recur on the page (赞, 回复, 举报 between comments; 更多 after each list)
    recurring = np.concatenate([[0], np.cumsum(repeated >= 3, dtype=np.int64)])
    has_before, has_after = np.zeros(count, dtype=bool), np.zeros(count, dtype=bool)
    has_before[1:] = at[:-1] == at[1:] - 1
    has_after[:-1] = at[1:] == at[:-1] + 1
    columns = [k / (count - 1) if count > 1 else np.zeros(count),
               runs / top_mass if top_mass else np.zeros(count),
               (runs == top_mass) if top_mass else np.zeros(count),
               log1p_of(runs.astype(np.int64)), inside, (k < first) if first >= 0 else np.zeros(count),
               (k > last) if first >= 0 else np.zeros(count),
               log1p_of(distance) if first >= 0 else np.full(count, 3.0),
               (prefix[hi1] - prefix[lo1] - prose) / np.maximum(1, hi1 - lo1 - 1),
               (prefix[hi3] - prefix[lo3] - prose) / np.maximum(1, hi3 - lo3 - 1),
               log1p_of(run), log1p_of(repeated - 1), (recurring[hi3] - recurring[lo3]) / (hi3 - lo3),
               k == 0, title,
               (at > 0) & ~has_before, (at + 1 < size) & ~has_after, np.full(count, math.log1p(count))]
    out = np.empty((count, len(CONTEXT)), dtype=np.float64)
    for j, column in enumerate(columns):
        out[:, j] = column
    return out


def _title_similarity(lines: list[str]) -> np.ndarray:
    """For each line but the first, the share of its distinct character bigrams found in the first line's
    first :data:`_TITLE_CHARS` characters (in scraped pages, the ``<title>``)."""
    count = len(lines)
    head = code_points(lines[0][:_TITLE_CHARS]).astype(np.int64)
    title = _distinct(head[:-1] << 21 | head[1:])
    if count < 2 or not len(title):
        return np.zeros(count)
    sims = np.concatenate([_title_shares(lines[a:b], title) for a, b in chunks(lines)])
    sims[0] = 0.0
    return sims


def _title_shares(lines: list[str], title: np.ndarray) -> np.ndarray:
    """:func:`_title_similarity` of each of ``lines`` (fewer than 2**21), ``title`` the sorted codes of
    the title's bigrams (first character << 21 | second)."""
    count = len(lines)
    length = np.fromiter(map(len, lines), dtype=np.int64, count=count)
    cps = code_points("\x00".join(lines)).astype(np.int64)
    joins = np.zeros(len(cps), dtype=bool)
    joins[np.cumsum(length[:-1] + 1) - 1] = True
    at = np.flatnonzero(~joins[:-1] & ~joins[1:])  # where a bigram of one line starts
    codes = cps[at] << 21 | cps[at + 1]
    owner = np.repeat(np.arange(count, dtype=np.int64), length + 1)[at]
    seconds = np.zeros(1 << 16, dtype=bool)  # the title's second characters, folded to 16 bits
    seconds[title & 0xFFFF] = True
    maybe = np.flatnonzero(seconds[codes & 0xFFFF])
    hit = maybe[_members(codes[maybe], title)]
    # only lines with a bigram of the title have a share above 0: count their distinct bigrams
    shares = np.zeros(count, dtype=bool)
    shares[owner[hit]] = True
    chosen = shares[owner]
    grams = _distinct(owner[chosen] << 42 | codes[chosen])
    of_line = grams >> 42
    distinct = np.bincount(of_line, minlength=count)
    shared = np.bincount(of_line, weights=_members(grams & ((1 << 42) - 1), title), minlength=count)
    return np.divide(shared, distinct, out=np.zeros(count), where=distinct > 0)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` without its overhead on small arrays)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _members(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``ordered`` (sorted, not empty)."""
    return ordered[np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)] == values
