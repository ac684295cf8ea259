"""Paragraph rejoining: put back together the parts of a paragraph that a column or page break split.

Two consecutive body lines (blank lines, removed lines such as an advert, and
nothing else may stand between them) are joined when the evidence says the
first one does not end its paragraph. No single rule decides:

* a sentence end (``。！？`` with any closing quotes) on the first part, or a
  heading on either side, forbids a join;
* an open quote or bracket left unclosed, a trailing comma or enumeration
  comma, a second part that cannot begin a sentence (``，``, ``的``, a closing
  quote), a word that jieba reads across the break (``与行`` / ``业系统``), and
  a first part too long to be anything but a paragraph all speak for a join;
* a second part that opens like a paragraph (an opening quote, a numbered
  point) speaks against it.

Parts are joined without a space between Chinese characters, with one space
between Latin letters or digits.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import ClassVar

import regex as re

from ..page import BLANK, BODY, REMOVED, Line, Page
from .base import Cleaner

_SENTENCE_END = re.compile(r"[。！？!?…](?:[”’」』）)\"]*)$|[”」』]$")
_SOFT_END = re.compile(r"[，、：；,;:—-]$")
_CANNOT_START = re.compile(r"^[，。、；：？！”’）》」』,.;:?!)\]的了着地得们么吗呢吧之]")
_OPENS_PARAGRAPH = re.compile(r"^(?:[“「『]|[一二三四五六七八九十]+、|\d+[、.．]|（[一二三四五六七八九十]+）|——)")
_OPENERS, _CLOSERS = "“‘「『（(《【", "”’」』）)》】"
_HAN = re.compile(r"\p{Han}")


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


def word_spans_break(left: str, right: str) -> bool:
    """Whether jieba reads a word across the break between ``left`` and ``right``."""
    a, b = left[-3:], right[:3]
    if not (a and b and _HAN.match(a[-1]) and _HAN.match(b[0])):
        return False
    pos = 0
    for token in _tokenizer().cut(a + b, HMM=False):
        if pos < len(a) < pos + len(token):
            return True
        pos += len(token)
    return False


def _unclosed(text: str) -> bool:
    depth = 0
    for c in text:
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS and depth > 0:
            depth -= 1
    return depth > 0


def join_score(left: str, right: str) -> float:
    """Evidence that ``right`` continues the paragraph ``left``; join when above zero."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right or _SENTENCE_END.search(left):
        return -1.0
    score = 0.0
    if _unclosed(left):
        score += 2
    if _SOFT_END.search(left):
        score += 2
    if _CANNOT_START.match(right):
        score += 2
    if word_spans_break(left, right):
        score += 1.5
    if len(_HAN.findall(left)) >= 20:
        score += 1
    if _OPENS_PARAGRAPH.match(right):
        score -= 1.5
    return score


def glue(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


class Rejoin(Cleaner):
    """Join the parts of paragraphs split by column and page breaks, never across a heading."""

    name: ClassVar[str] = "rejoin"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def apply(self, page: Page) -> Page:
        open_line: Line | None = None
        for line in page.lines:
            if line.kind in (BLANK, REMOVED):
                continue
            if line.kind != BODY:
                open_line = None
                continue
            if open_line is not None and join_score(open_line.text, line.text) > self.threshold:
                open_line.text = glue(open_line.text, line.text)
                open_line.edits[(self.name, "joined")] += 1
                open_line.edits.update(line.edits)
                line.text = ""
                line.kind = BLANK
                continue
            open_line = line
        return page
