"""Quality signals of one article's text, as written to ``meta.quality``.

The signals are those of Gopher (Rae et al. 2021, table A1) and of the
FineWeb-2 filters, the n-gram ones computed on the *content characters* (Han,
letters, digits) rather than on words, so that no word segmenter is needed; ChineseWebText's Han share and line length;
and the share of text covered by flagged porn and gambling words. Every signal
is one or a few passes over the text: n-grams are counted with C-level maps,
never compared pairwise. See docs/quality_signals.md for each signal's definition.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import compress
from operator import lt
from typing import Iterable, Sequence

import regex

from ..chars import HAN
from ..sentence_end import TERMINAL_MARKS, ends_sentence
from .flagged import flagged_chars

TOP_NGRAMS = (2, 3, 4)
"""n of the "top n-gram character fraction" signals (Gopher)."""
DUP_NGRAMS = (5, 6, 7, 8, 9, 10)
"""n of the "duplicate n-gram character fraction" signals (Gopher)."""

_NOT_CONTENT = re.compile(f"[^{HAN}A-Za-z0-9０-９Ａ-Ｚａ-ｚ]+")
_SYMBOLS = regex.compile(r"[^\p{S}]+")


_NOT_HAN_LEADS = bytes(b for b in range(256) if not 0xE4 <= b <= 0xE9)
"""All bytes but the UTF-8 lead bytes of U+4000 to U+9FFF (the CJK Unified Ideographs block, U+4E00 on, inside)."""
_NOT_DIGITS = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


def count_han(utf8: bytes) -> int:
    """Characters of the CJK Unified Ideographs block (U+4E00 to U+9FFF) in UTF-8 text.

    Counted by lead byte, deleting every other byte in one C-level pass instead of testing a class
    per character; the lead bytes also take U+4000 to U+4DFF (Extension A's end and the hexagram
    symbols), rare enough not to move a share.
    """
    return len(utf8.translate(None, _NOT_HAN_LEADS))


def count_digits(utf8: bytes) -> int:
    """ASCII digits in UTF-8 text (their bytes never occur inside a longer character)."""
    return len(utf8.translate(None, _NOT_DIGITS))


def _grams_at(chars: str, starts: Sequence[int], n: int) -> list[str]:
    """The n-grams of ``chars`` starting at ``starts`` (each start at most ``len(chars) - n``)."""
    return list(map(chars.__getitem__, map(slice, starts, map(n.__add__, starts))))


def _covered(starts: Iterable[int], n: int) -> int:
    """Characters covered by the n-grams at ``starts`` (ascending), each character once."""
    covered = end = 0
    for start in starts:
        stop = start + n
        if stop > end:
            covered += stop - max(start, end)
            end = stop
    return covered


def repetition(chars: str, top: Sequence[int] = TOP_NGRAMS, dup: Sequence[int] = DUP_NGRAMS) -> dict[str, float]:
    """Gopher's repetition signals on the characters of ``chars``.

    ``top_{n}_gram_frac``: characters in the most frequent n-gram (count × n) over all characters,
    0 when no n-gram repeats. ``dup_{n}_gram_frac``: characters covered by an occurrence of an
    n-gram that occurred before (the first occurrence does not count, as in datatrove's Gopher
    filter; overlapping occurrences cover a character once, as the Gopher paper asks), over all
    characters.

    One pass per n, over fewer and fewer positions: an n-gram can only repeat where its
    (n-1)-gram prefix repeats, so each n looks only at the positions whose (n-1)-gram occurs
    more than once; on prose that is a small share of the text.
    """
    size = len(chars)
    signals = {f"top_{n}_gram_frac": 0.0 for n in top} | {f"dup_{n}_gram_frac": 0.0 for n in dup}
    starts: Sequence[int] = range(max(0, size - 1))
    for n in range(2, max((*top, *dup), default=1) + 1):
        starts = starts[:bisect_right(starts, size - n)]
        if not starts:
            break
        grams = _grams_at(chars, starts, n)
        counts = Counter(grams)
        if n in top:
            count = max(counts.values())
            signals[f"top_{n}_gram_frac"] = count * n / size if count > 1 else 0.0
        if n in dup:
            first = dict(zip(reversed(grams), reversed(starts)))  # later writes win: each n-gram's first start
            signals[f"dup_{n}_gram_frac"] = _covered(compress(starts, map(lt, map(first.__getitem__, grams),
                                                                           starts)), n) / size
        starts = list(compress(starts, map((1).__lt__, map(counts.__getitem__, grams))))
    return signals


def _duplicates(items: Sequence[str]) -> tuple[float, float]:
    """Share of items that repeat an earlier one, and share of characters in them."""
    seen: set[str] = set()
    dup_items = dup_chars = total_chars = 0
    for item in items:
        total_chars += len(item)
        if item in seen:
            dup_items += 1
            dup_chars += len(item)
        else:
            seen.add(item)
    return (dup_items / len(items) if items else 0.0, dup_chars / total_chars if total_chars else 0.0)


def quality_signals(paragraphs: Sequence[str], repetition_signals: bool = True) -> dict[str, float | int]:
    """The signals of an article given as its paragraphs (the record's ``paragraphs``).

    ``repetition_signals=False`` leaves out the n-gram signals (:func:`repetition`), which cost
    about as much as the rest of the pipeline; record building computes them only when the
    ``quality`` step is in the pipeline.

    Lines are the paragraphs split at line breaks (in records the two are the
    same, since a paragraph holds no line break); paragraphs are kept apart for
    text given with blank lines between paragraphs (:func:`signals_of_text`).
    """
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    lines = [ln.strip() for p in paragraphs for ln in p.split("\n") if ln.strip()]
    text = "\n".join(paragraphs)
    chars = "".join(text.split())
    utf8 = chars.encode("utf-8")
    n = len(chars)
    dup_lines, dup_line_chars = _duplicates(lines)
    dup_paras, dup_para_chars = _duplicates(paragraphs)
    signals: dict[str, float | int] = {
        "chars": n,
        "lines": len(lines),
        "avg_line_chars": n / len(lines) if lines else 0.0,
        "han_share": count_han(utf8) / n if n else 0.0,
        "digit_share": count_digits(utf8) / n if n else 0.0,
        "symbol_share": len(_SYMBOLS.sub("", chars)) / n if n else 0.0,
        "punct_end_share": sum(ends_sentence(ln, marks=TERMINAL_MARKS) for ln in lines) / len(lines) if lines else 0.0,
        "dup_line_frac": dup_lines,
        "dup_line_char_frac": dup_line_chars,
        "dup_para_frac": dup_paras,
        "dup_para_char_frac": dup_para_chars,
    }
    if repetition_signals:  # n-grams of content only: dot leaders and rules are layout, not repeated text
        signals.update(repetition(_NOT_CONTENT.sub("", chars)))
    signals["flagged_share"] = flagged_chars(chars) / n if n else 0.0
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in signals.items()}


def signals_of_text(text: str) -> dict[str, float | int]:
    """The signals of a plain text whose paragraphs are separated by blank lines (or single line breaks)."""
    paragraphs = re.split(r"\n[ \t\u3000]*\n", text.strip()) if text.strip() else []
    return quality_signals(paragraphs)
