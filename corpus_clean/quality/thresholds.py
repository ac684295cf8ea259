"""Default thresholds of the quality filter, where each comes from, and the judgement.

Every threshold is a published one (the source is named beside it, and in
docs/quality_signals.md) except the flagged-words share, which is ours; the defaults
were checked on the project's page sets: they drop no gold article
(``tests/test_quality_filter.py``).
"""
from __future__ import annotations

from typing import Any, Mapping

from .signals import DUP_NGRAMS, TOP_NGRAMS

STEP = "quality"
"""The name of the filter step, which excluded articles name in ``meta.excluded``."""
PAGE_KEY = "quality_filter"
"""The page-state key (``page.meta``) under which the step declares its settings for record building."""

REASONS: dict[str, str] = {
    "too_little_han": "Han characters are too small a share of the text (ChineseWebText: at least 0.3)",
    "short_lines": "lines are too short on average to be prose (ChineseWebText: at least 10 characters)",
    "few_sentence_ends": "too few lines end a sentence (FineWeb-2 cmn_Hani line_punct_thr: at least 0.106)",
    "duplicate_lines": "too many lines repeat an earlier line (FineWeb-2 cmn_Hani dup_line_frac: at most 0.287)",
    "repeated_ngram": "one character n-gram, n = 2 to 4, covers too much of the text (FineWeb-2 cmn_Hani top_n_grams)",
    "duplicate_ngrams": "repeated character n-grams, n = 5 to 10, cover too much of the text "
                        "(FineWeb-2 cmn_Hani dup_n_grams, raised for characters)",
    "flagged_words": "porn or gambling spam words cover too much of the text (ours: at most 0.1)",
}
"""The closed list of reasons the quality filter gives, each with its meaning and threshold's source."""

MIN_HAN_SHARE = 0.3                                            # ChineseWebText (Chen et al. 2023)
MIN_AVG_LINE_CHARS = 10.0                                      # ChineseWebText (Chen et al. 2023)
MIN_PUNCT_END_SHARE = 0.106                                    # FineWeb-2 configs/cmn_Hani.yml line_punct_thr
MAX_DUP_LINE_FRAC = 0.287                                      # FineWeb-2 configs/cmn_Hani.yml dup_line_frac
MAX_TOP_NGRAM_FRAC = (0.256, 0.201, 0.171)                     # FineWeb-2 cmn_Hani top_n_grams, n = 2, 3, 4
MAX_DUP_NGRAM_FRAC = (0.44, 0.34, 0.29, 0.24, 0.21, 0.18)      # FineWeb-2's (0.198 .. 0.127, on jieba words)
# raised for characters: 10% above the highest gold text FineWeb-2's own filter keeps (docs/quality_signals.md)
MAX_FLAGGED_SHARE = 0.1                                        # ours; see docs/quality_signals.md


def judge(signals: Mapping[str, Any], thresholds: Mapping[str, Any]) -> dict[str, Any] | None:
    """The first threshold the signals fail, as ``{"cleaner", "reason", "signal", "value", "threshold"}``, or None.

    ``thresholds`` holds the settings of :class:`~corpus_clean.quality.filter.QualityFilter`;
    a threshold of None is not checked.
    """
    def failed(reason: str, signal: str, limit: float) -> dict[str, Any]:
        return {"cleaner": STEP, "reason": reason, "signal": signal, "value": signals[signal], "threshold": limit}

    if not signals.get("chars"):
        return None  # an article with no text is not judged; it has nothing to drop
    lower = (("too_little_han", "han_share", thresholds.get("min_han_share")),
             ("short_lines", "avg_line_chars", thresholds.get("min_avg_line_chars")),
             ("few_sentence_ends", "punct_end_share", thresholds.get("min_punct_end_share")))
    for reason, signal, limit in lower:
        if limit is not None and signals[signal] < limit:
            return failed(reason, signal, limit)
    limit = thresholds.get("max_dup_line_frac")
    if limit is not None and signals["dup_line_frac"] > limit:
        return failed("duplicate_lines", "dup_line_frac", limit)
    for n, limit in zip(TOP_NGRAMS, thresholds.get("max_top_ngram_frac") or ()):
        if limit is not None and signals[f"top_{n}_gram_frac"] > limit:
            return failed("repeated_ngram", f"top_{n}_gram_frac", limit)
    for n, limit in zip(DUP_NGRAMS, thresholds.get("max_dup_ngram_frac") or ()):
        if limit is not None and signals[f"dup_{n}_gram_frac"] > limit:
            return failed("duplicate_ngrams", f"dup_{n}_gram_frac", limit)
    limit = thresholds.get("max_flagged_share")
    if limit is not None and signals["flagged_share"] > limit:
        return failed("flagged_words", "flagged_share", limit)
    return None
