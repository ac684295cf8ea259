"""The line features as first written (corpus_clean/lines/features.py at f0ba2c4), one line at a time, with the
article-context columns of corpus_clean.lines.context appended as the refitted model reads them.

Kept only as the oracle of tests/test_line_features_identity.py: the page-at-a-time version in
corpus_clean.lines.features must give exactly these vectors, since the shipped model was fitted on them.
Do not change it to follow the package: a difference is what the test is there to catch.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from corpus_clean.chars import HAN, ClassCounter
from corpus_clean.lines.context import ARTICLE_CONTEXT, article_context

# what today's single-line judgement said, grouped: verdict strings are "body", "heading",
# "meta:<kind>" or "removed:<reason>"
STRONG_REASONS = frozenset({"copyright", "disclaimer", "editor_line", "source_footer", "seo_spam",
                            "punctuation_only", "place_list"})
"""Reasons whose lexicon or shape leaves little doubt."""

_han = ClassCounter(HAN)
_latin = ClassCounter("A-Za-z\uff21-\uff3a\uff41-\uff5a")
_digit = ClassCounter("0-9\uff10-\uff19")
_space = ClassCounter(" \t\u3000\xa0")
_sentence_punct = ClassCounter("。！？；，!?;,")
_SENTENCE_END = re.compile(r"[。！？!?…](?:[”’」』）)\"]*)$")
_SOFT_END = re.compile(r"[，、：:,;；—]$")
_SEPARATORS = {"pipe": ClassCounter("|｜"), "arrow": ClassCounter(">＞›»→"), "dot": ClassCounter("·•・"),
               "slash": ClassCounter("/／"), "underscore": ClassCounter("_＿")}
_ANY_SEPARATOR = re.compile("[|｜>＞›»→·•・/／_＿]")
_NO_SEPARATORS = (0.0,) * len(_SEPARATORS)
_DATE = re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月](?:\s*\d{1,2})?|\d{1,2}月\d{1,2}日")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}")
_COUNTER = re.compile(r"^[\d,.\s万千]+$|\d\s*(?:次|人|条|赞|评论|阅读|浏览|回复|点击|收藏|转发|分享)|"
                      r"(?:阅读|浏览|评论|点击|回复|收藏|转发|人气|热度)\s*[(（:：]?\s*\d")
_URLISH = re.compile(r"https?:|www\.|\.(?:com|cn|net|org|html?)\b|@\w", re.IGNORECASE)
_BRACKETED = re.compile(r"^[【\[（(〔].*[】\])）〕]$")
_CLOSERS = "”’」』）)】》\""
_FINALS = "。！？!?；;…：:，,、"
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


def own_features(text: str, verdict: str, link_density: float = 0.0) -> list[float]:
    """Features of one non-empty line alone (columns :data:`OWN`)."""
    n = len(text)
    han, latin, digit, space = _han(text), _latin(text), _digit(text), _space(text)
    punct = n - han - latin - digit - space
    commas = _sentence_punct(text)
    bare = text.rstrip(_CLOSERS)
    kind, _, reason = verdict.partition(":")
    removed = kind == "removed"
    strong = removed and reason in STRONG_REASONS
    prose = han >= PROSE_MIN_HAN and commas > 0
    return [
        math.log1p(n), han / n, latin / n, digit / n, punct / n, space / n,
        1.0 if _SENTENCE_END.search(text) else 0.0,
        1.0 if _SOFT_END.search(text) else 0.0,
        math.log1p(commas),
        *((min(count(text), 8) / 4 for count in _SEPARATORS.values()) if _ANY_SEPARATOR.search(text) else _NO_SEPARATORS),
        1.0 if _DATE.search(text) else 0.0,
        1.0 if _TIME.search(text) else 0.0,
        1.0 if _COUNTER.search(text) else 0.0,
        1.0 if text[:1].isdigit() else 0.0,
        1.0 if _URLISH.search(text) else 0.0,
        1.0 if _BRACKETED.match(text) else 0.0,
        1.0 if not bare or bare[-1] not in _FINALS else 0.0,
        1.0 if text.endswith(("...", "…", "。。。")) else 0.0,
        1.0 if kind == "body" else 0.0, 1.0 if kind == "heading" else 0.0, 1.0 if kind == "meta" else 0.0,
        1.0 if strong else 0.0, 1.0 if removed and not strong else 0.0,
        1.0 if prose else 0.0,
        float(link_density),
    ]


def prose_region(values: Sequence[float]) -> tuple[int, int]:
    """The run of lines with the largest sum of ``values`` (Kadane, one pass): the article region.

    A prose line counts its Han characters, any other line ``-GAP_COST``; ``(-1, -1)`` if no line is prose.
    """
    best, best_span = 0.0, (-1, -1)
    total, start = 0.0, 0
    for i, v in enumerate(values):
        if total <= 0:
            total, start = 0.0, i
        total += v
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def prose_runs(values: Sequence[float]) -> list[float]:
    """For each line, the prose mass (Han characters of its prose lines) of the run it lies in, 0 outside runs.

    A run goes from a prose line to the last prose line before a stretch of more than :data:`RUN_GAP`
    lines without prose: an article, a comment, a block of related summaries. The article is usually
    the heaviest, but a page can hold several; the share of the heaviest tells them apart.
    """
    mass = [0.0] * len(values)
    start, last, total = -1, -1, 0.0
    for i, v in enumerate([*values, *[-1.0] * (RUN_GAP + 1)]):
        if i < len(values) and v > 0:
            if start < 0 or i - last > RUN_GAP:
                if start >= 0:
                    mass[start:last + 1] = [total] * (last + 1 - start)
                start, total = i, 0.0
            last, total = i, total + v
        elif start >= 0 and i - last > RUN_GAP:
            mass[start:last + 1] = [total] * (last + 1 - start)
            start, total = -1, 0.0
    return mass


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def page_features(texts: Sequence[str], verdicts: Sequence[str],
                  extras: Sequence[Mapping[str, float] | None] | None = None) -> list[list[float] | None]:
    """One feature vector (columns :data:`FEATURES`) per line of a page; ``None`` for gaps.

    ``texts`` are the lines, ``""`` for a gap (a blank line, or one an earlier step removed);
    ``verdicts`` what today's single-line judgement said of each (``body``, ``heading``,
    ``meta:<kind>``, ``removed:<reason>``); ``extras`` each line's DOM features (``link_density``)
    when the page came from HTML, else None.
    """
    index = [i for i, t in enumerate(texts) if t]
    count = len(index)
    if not count:
        return [None] * len(texts)
    stripped = [texts[i] for i in index]
    own = [own_features(t, verdicts[i], (extras[i] or {}).get("link_density", 0.0) if extras else 0.0)
           for t, i in zip(stripped, index)]
    blocks = _blocks(texts, index, stripped)
    prose = [max(o[_PROSE_AT], b[4]) for o, b in zip(own, blocks)]
    values = [_han(t) if p else -GAP_COST for t, p in zip(stripped, prose)]
    first, last = prose_region(values)
    runs = prose_runs(values)
    top_mass = max((m for m in runs if m), default=0.0)
    prefix = [0.0]
    for p in prose:
        prefix.append(prefix[-1] + p)
    # runs of consecutive short non-prose lines (menus, lists of links)
    run = [0] * count
    k = 0
    while k < count:
        j = k
        while j < count and not prose[j] and len(stripped[j]) <= 12:
            j += 1
        for m in range(k, j):
            run[m] = j - k
        k = max(j, k + 1)
    repeats = Counter(stripped)
    # lines around that recur on the page (赞, 回复, 举报 between comments; 更多 after each list)
    recurring = [0.0]
    for t in stripped:
        recurring.append(recurring[-1] + (1.0 if repeats[t] >= 3 else 0.0))
    title = _bigrams(stripped[0][:200])
    zeros = [0.0] * len(NEIGHBOUR)
    out: list[list[float] | None] = [None] * len(texts)
    page_log = math.log1p(count)
    for k, i in enumerate(index):
        text = stripped[k]
        prev = [own[k - 1][c] for c in _NEIGHBOUR_AT] if k > 0 else zeros
        nxt = [own[k + 1][c] for c in _NEIGHBOUR_AT] if k + 1 < count else zeros
        inside = first <= k <= last
        distance = 0 if inside or first < 0 else (first - k if k < first else k - last)
        grams = _bigrams(text)
        sim = sum(1 for g in grams if g in title) / len(grams) if grams and k > 0 else 0.0
        lo1, hi1 = max(0, k - 1), min(count, k + 2)
        lo3, hi3 = max(0, k - 3), min(count, k + 4)
        context = [
            k / (count - 1) if count > 1 else 0.0,
            runs[k] / top_mass if top_mass else 0.0,
            1.0 if top_mass and runs[k] == top_mass else 0.0,
            math.log1p(runs[k]),
            1.0 if inside else 0.0,
            1.0 if first >= 0 and k < first else 0.0,
            1.0 if first >= 0 and k > last else 0.0,
            math.log1p(distance) if first >= 0 else 3.0,
            (prefix[hi1] - prefix[lo1] - prose[k]) / max(1, hi1 - lo1 - 1),
            (prefix[hi3] - prefix[lo3] - prose[k]) / max(1, hi3 - lo3 - 1),
            math.log1p(run[k]),
            math.log1p(repeats[text] - 1),
            (recurring[hi3] - recurring[lo3]) / (hi3 - lo3),
            1.0 if k == 0 else 0.0,
            sim,
            1.0 if i > 0 and not texts[i - 1] else 0.0,
            1.0 if i + 1 < len(texts) and not texts[i + 1] else 0.0,
            page_log,
        ]
        out[i] = own[k] + prev + nxt + blocks[k] + context
    for i, extra in zip(index, article_context(stripped, [verdicts[i] for i in index], prose, runs, RUN_GAP)):
        out[i] += extra  # type: ignore[operator]
    return out


def _blocks(texts: Sequence[str], index: Sequence[int], stripped: Sequence[str]) -> list[list[float]]:
    """The :data:`BLOCK` features of each non-gap line: one pass to delimit the blocks, one to fill them."""
    out: list[list[float]] = []
    k = 0
    count = len(index)
    while k < count:
        j = k + 1
        while j < count and index[j] == index[j - 1] + 1:
            j += 1
        joined = "".join(stripped[k:j])
        n, han, commas = len(joined), _han(joined), _sentence_punct(joined)
        summary = [math.log1p(n), han / n, math.log1p(commas), math.log1p(j - k),
                   1.0 if han >= PROSE_MIN_HAN and commas > 0 else 0.0, 0.0,
                   1.0 if _SENTENCE_END.search(joined) else 0.0]
        for m in range(k, j):
            row = list(summary)
            row[5] = len(stripped[m]) / n
            out.append(row)
        k = j
    return out
