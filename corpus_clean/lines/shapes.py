"""Character counts and shape flags of every line of a page at once: the per-line part of the line features.

The line model reads each line's counts of Han, Latin, digit, space, comma and separator characters, and
whether it ends a sentence, shows a date, a time, a counter or a URL. Counted one line at a time, that is a
dozen regex calls per line, and every line of every page pays them. Here the page is joined once, every
character is classed through one table (built from the same regex classes, so the counts are the same),
the counts are summed per line in one numpy call, and each date/time/counter/URL pattern scans the whole
page once. The lines are joined with ``\\x00``, which none of these patterns can match, so no match spans
two lines and a line holds a match exactly when searching it alone finds one.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np

from ..chars import HAN

COUNTED: dict[str, str] = {
    "han": HAN, "latin": "A-Za-z\uff21-\uff3a\uff41-\uff5a", "digit": "0-9\uff10-\uff19", "space": " \t\u3000\xa0",
    "commas": "。！？；，!?;,", "counter_chars": r"\d,.\s万千",
}
"""Character classes counted on each line, as ``re`` class bodies (table bits 0-7)."""
SEPARATORS: dict[str, str] = {"pipe": "|｜", "arrow": ">＞›»→", "dot": "·•・", "slash": "/／", "underscore": "_＿"}
"""Separator characters (table bits 24-28), counted where they occur: they are few."""
PRESENT: dict[str, str] = {"newline": r"\n", "any_digit": r"\d",
                           "url_marks": ".:@", "date_marks": "-/.年月", "time_marks": ":：",
                           "counter_marks": "次人条赞评阅浏回点收转分热"}
"""Classes of which a line only needs to know whether it holds one (table bits 8-15): what each pattern
below cannot match without, so that it scans only the lines that may hold a match."""
CLOSERS = "”’」』）)】》\""
"""What closes a quotation or bracket after a line's last punctuation mark."""
ENDS: dict[str, str] = {"closer": CLOSERS, "sentence_closer": "”’」』）)\"", "sentence_final": "。！？!?…",
                        "soft_final": "，、：:,;；—", "final": "。！？!?；;…：:，,、", "bracket_close": "】])）〕",
                        "bracket_open": "【[（(〔"}
"""Sets of characters read only at the start or end of a line (table bits 16-22; bit 23: ``str.isdigit``)."""
SENTENCE_END = re.compile(r"[。！？!?…](?:[”’」』）)\"]*)$")
SOFT_END = re.compile(r"[，、：:,;；—]$")
BRACKETED = re.compile(r"^[【\[（(〔].*[】\])）〕]$")
DATE = re.compile(r"\d{2,4}\s*[-/.年]\s*\d{1,2}\s*[-/.月](?:\s*\d{1,2})?|\d{1,2}月\d{1,2}日")
TIME = re.compile(r"\d{1,2}[:：]\d{2}")
COUNTER = re.compile(r"^[\d,.\s万千]+$|\d\s*(?:次|人|条|赞|评论|阅读|浏览|回复|点击|收藏|转发|分享)|"
                     r"(?:阅读|浏览|评论|点击|回复|收藏|转发|人气|热度)\s*(?:[(（:：]\s*)?\d")
"""A counter line: digits only (the ``counter_chars`` class), or a number next to a counting word."""
_COUNTER_WORDS = re.compile(r"\d\s*(?:次|人|条|赞|评论|阅读|浏览|回复|点击|收藏|转发|分享)|"
                            r"(?:阅读|浏览|评论|点击|回复|收藏|转发|人气|热度)\s*(?:[(（:：]\s*)?\d")
URLISH = re.compile(r"https?:|www\.|\.(?:com|cn|net|org|html?)\b|@\w", re.IGNORECASE)
FINALS = ENDS["final"]
_SENTENCE_CLOSERS = ENDS["sentence_closer"]
_SENTENCE_FINALS = frozenset(ENDS["sentence_final"])
_JOIN = "\x00"
CHUNK_CHARS = 1 << 20
"""Characters of a page classed at once (see :func:`chunks`): about 40 MB of arrays."""
_IS_DIGIT = 23
_SEPARATOR_BITS = 24


@dataclass(frozen=True)
class PageShapes:
    """Per-line counts (:data:`COUNTED`, one int array each) and shape flags (bool arrays) of a page's lines."""

    counts: dict[str, np.ndarray]
    length: np.ndarray
    ends_sentence: np.ndarray
    ends_soft: np.ndarray
    no_final: np.ndarray
    ends_ellipsis: np.ndarray
    bracketed: np.ndarray
    starts_digit: np.ndarray
    date: np.ndarray
    time: np.ndarray
    counter: np.ndarray
    urlish: np.ndarray
    last_bits: np.ndarray
    newline: np.ndarray


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included), one ``uint32`` each."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


@lru_cache(maxsize=1)
def class_table() -> np.ndarray:
    """For every code point, a bit per class of :data:`COUNTED`, :data:`PRESENT` and :data:`ENDS`.

    Built by letting ``re`` itself sort all code points into each class (about 0.3 s, once)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    table = np.zeros(sys.maxunicode + 1, dtype="<u4")
    for bit, body in [*enumerate(COUNTED.values()), *enumerate(PRESENT.values(), start=8)]:
        table[code_points(re.sub(f"[^{body}]+", "", every))] |= np.uint32(1 << bit)
    for bit, chars in enumerate(ENDS.values(), start=16):
        table[code_points(chars)] |= np.uint32(1 << bit)
    table[code_points("".join(filter(str.isdigit, every)))] |= np.uint32(1 << _IS_DIGIT)
    for bit, chars in enumerate(SEPARATORS.values(), start=_SEPARATOR_BITS):
        table[code_points(chars)] |= np.uint32(1 << bit)
    return table


def _flag(bits: np.ndarray, bit: int) -> np.ndarray:
    return (bits & np.uint32(1 << bit)) != 0


def _byte(bits: np.ndarray, byte: int) -> np.ndarray:
    """Bits ``8 * byte`` to ``8 * byte + 7`` of each of ``bits`` as the columns of a bool array."""
    return np.unpackbits(bits.view(np.uint8).reshape(-1, 4)[:, byte:byte + 1], axis=1, bitorder="little").astype(bool)


def end_flag(bits: np.ndarray, name: str) -> np.ndarray:
    """Whether each character of ``bits`` (rows of :func:`class_table`) is in the set ``ENDS[name]``."""
    return (bits & np.uint32(1 << (16 + list(ENDS).index(name)))) != 0


def _lines_with(pattern: re.Pattern[str], lines: Sequence[str], candidates: np.ndarray) -> np.ndarray:
    """Which lines hold a match of ``pattern``, searching only the ``candidates`` (the others cannot
    hold one), joined into one string and scanned once."""
    found = np.zeros(len(lines), dtype=bool)
    chosen = np.flatnonzero(candidates)
    if not len(chosen):
        return found
    picked = [lines[k] for k in chosen.tolist()]
    starts = np.zeros(len(picked), dtype=np.int64)
    np.cumsum(np.fromiter(map(len, picked[:-1]), dtype=np.int64, count=len(picked) - 1) + 1, out=starts[1:])
    positions = [m.start() for m in pattern.finditer(_JOIN.join(picked))]
    if positions:
        found[chosen[np.searchsorted(starts, positions, side="right") - 1]] = True
    return found


def chunks(lines: Sequence[str], size: int | None = None) -> list[tuple[int, int]]:
    """Runs of consecutive lines of about ``size`` characters at most (:data:`CHUNK_CHARS`; a longer line
    alone): the per-character arrays of a page are built a run at a time, so that a huge page needs
    memory for one run of them, not for the page."""
    size = size or CHUNK_CHARS
    if sum(map(len, lines)) <= size:
        return [(0, len(lines))]
    bounds, start, run = [], 0, 0
    for k, n in enumerate(map(len, lines)):
        if run and run + n > size:
            bounds.append((start, k))
            start, run = k, 0
        run += n
    bounds.append((start, len(lines)))
    return bounds


def page_shapes(lines: Sequence[str]) -> PageShapes:
    """Counts and shapes of each of ``lines`` (none empty), exactly as searching each line alone gives them."""
    parts = [_shapes(lines[a:b]) for a, b in chunks(lines)]
    if len(parts) == 1:
        return parts[0]
    joined = {f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(PageShapes)
              if f.name != "counts"}
    return PageShapes(counts={name: np.concatenate([p.counts[name] for p in parts]) for name in parts[0].counts},
                      **joined)


def _shapes(lines: Sequence[str]) -> PageShapes:
    count = len(lines)
    joined = _JOIN.join(lines)
    length = np.fromiter(map(len, lines), dtype=np.int64, count=count)
    starts = np.zeros(count, dtype=np.int64)
    np.cumsum(length[:-1] + 1, out=starts[1:])
    cps = code_points(joined)
    bits = class_table()[cps]
    per_char = np.unpackbits(bits.view(np.uint8).reshape(-1, 4)[:, :1], axis=1, bitorder="little")
    sums = np.add.reduceat(per_char, starts, axis=0, dtype=np.int64)
    counts = {name: sums[:, bit] for bit, name in enumerate(COUNTED)}
    present = np.unpackbits(np.bitwise_or.reduceat(bits, starts).view(np.uint8).reshape(-1, 4)[:, 1:2], axis=1,
                            bitorder="little").astype(bool)
    holds = {name: present[:, bit] for bit, name in enumerate(PRESENT)}
    at = np.flatnonzero(bits >> _SEPARATOR_BITS)
    line_of = np.searchsorted(starts, at, side="right") - 1
    for bit, name in enumerate(SEPARATORS, start=_SEPARATOR_BITS):
        counts[name] = np.bincount(line_of[_flag(bits[at], bit)], minlength=count)
    last_at = starts + length - 1
    last = bits[last_at]
    ends = _byte(last, 2)
    has = {name: ends[:, bit] for bit, name in enumerate(ENDS)}
    ends_sentence, ends_soft, no_final = has["sentence_final"].copy(), has["soft_final"].copy(), ~has["final"]
    first = _byte(bits[starts], 2)
    bracketed = first[:, list(ENDS).index("bracket_open")] & has["bracket_close"] & (length >= 2)
    # a closer at the end (rstrip reads past it) or a newline inside (``$`` and ``.`` treat it apart):
    # those few lines are read as the patterns read them
    for k in np.flatnonzero(has["closer"] | holds["newline"]).tolist():
        text = lines[k]
        bare = text.rstrip(CLOSERS)
        no_final[k] = not bare or bare[-1] not in FINALS
        if "\n" in text:
            ends_sentence[k] = SENTENCE_END.search(text) is not None
            ends_soft[k] = SOFT_END.search(text) is not None
            bracketed[k] = BRACKETED.match(text) is not None
        else:  # ends with a closer: after the closers of a quotation, the sentence's last mark
            ends_sentence[k] = text.rstrip(_SENTENCE_CLOSERS)[-1:] in _SENTENCE_FINALS
    dots = np.uint32(ord(".")), np.uint32(ord("。"))
    back = [cps[np.maximum(last_at - j, 0)] for j in range(3)]
    ends_ellipsis = (back[0] == ord("…")) | (length >= 3) & (
        (back[0] == dots[0]) & (back[1] == dots[0]) & (back[2] == dots[0])
        | (back[0] == dots[1]) & (back[1] == dots[1]) & (back[2] == dots[1]))
    starts_digit = first[:, _IS_DIGIT - 16]
    digits = holds["any_digit"]
    counter = (counts["counter_chars"] == length) | _lines_with(_COUNTER_WORDS, lines, digits & holds["counter_marks"])
    return PageShapes(counts, length, ends_sentence, ends_soft, no_final, ends_ellipsis, bracketed, starts_digit,
                      _lines_with(DATE, lines, digits & holds["date_marks"]),
                      _lines_with(TIME, lines, digits & holds["time_marks"]), counter,
                      _lines_with(URLISH, lines, holds["url_marks"]), last, holds["newline"])
