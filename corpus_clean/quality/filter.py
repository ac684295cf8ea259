"""The ``quality`` step: articles whose signals fail a threshold are excluded, with a reason.

The step does not edit lines. It declares its thresholds on the page
(``page.meta["quality_filter"]``); when the records are built, each article's
``meta.quality`` signals are judged against them, and an article that fails
gets ``meta.excluded = {"cleaner": "quality", "reason", "signal", "value",
"threshold"}``. Nothing is lost: the CLI writes excluded articles to the
exclusions file beside the output, and in Python :func:`kept` and
:func:`excluded` split a page's records.
"""
from __future__ import annotations

from typing import ClassVar, Iterable, Sequence

from ..cleaners.base import Cleaner
from ..page import Page
from ..record import Article
from . import thresholds as t


class QualityFilter(Cleaner):
    """Exclude articles whose quality signals fail the thresholds (None switches a threshold off).

    With the step in the pipeline, ``meta.quality`` also holds the n-gram repetition signals;
    ``drop=False`` computes them and excludes nothing.
    """

    name: ClassVar[str] = t.STEP
    reasons: ClassVar[dict[str, str]] = t.REASONS

    def __init__(self, min_han_share: float | None = t.MIN_HAN_SHARE,
                 min_avg_line_chars: float | None = t.MIN_AVG_LINE_CHARS,
                 min_punct_end_share: float | None = t.MIN_PUNCT_END_SHARE,
                 max_dup_line_frac: float | None = t.MAX_DUP_LINE_FRAC,
                 max_top_ngram_frac: Sequence[float] | None = t.MAX_TOP_NGRAM_FRAC,
                 max_dup_ngram_frac: Sequence[float] | None = t.MAX_DUP_NGRAM_FRAC,
                 max_flagged_share: float | None = t.MAX_FLAGGED_SHARE, drop: bool = True) -> None:
        self.min_han_share = min_han_share
        self.min_avg_line_chars = min_avg_line_chars
        self.min_punct_end_share = min_punct_end_share
        self.max_dup_line_frac = max_dup_line_frac
        # tuples, so that a recipe read back (TOML gives lists) compares equal to the pipeline it came from
        self.max_top_ngram_frac = None if max_top_ngram_frac is None else tuple(max_top_ngram_frac)
        self.max_dup_ngram_frac = None if max_dup_ngram_frac is None else tuple(max_dup_ngram_frac)
        self.max_flagged_share = max_flagged_share
        self.drop = drop

    def apply(self, page: Page) -> Page:
        page.meta[t.PAGE_KEY] = self.get_params()
        return page


def kept(articles: Iterable[Article]) -> list[Article]:
    """The articles no step excluded."""
    return [a for a in articles if "excluded" not in a.meta]


def excluded(articles: Iterable[Article]) -> list[Article]:
    """The articles a step excluded; ``meta.excluded`` says which step, why, and on which signal."""
    return [a for a in articles if "excluded" in a.meta]
