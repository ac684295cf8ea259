"""Paragraph rejoining: put back together the parts of a paragraph that a column or page break split.

Two consecutive body lines (blank lines, removed lines such as an advert, and
nothing else may stand between them) are joined when the evidence says the
first one does not end its paragraph. No single rule decides:

* a sentence end (``。！？`` with any closing quotes) on the first part, a
  photo caption (``▲…``, ``…李明 摄``), or a heading on either side forbids a join;
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
import re
from functools import lru_cache
from typing import ClassVar

from ..chars import for_re, han_count
from ..page import BLANK, BODY, REMOVED, Line, Page
from ..roles import PHOTO_CREDITS, PICTURE_SOURCES, REPORTER_ROLES, alternation, both_scripts
from ..sentence_end import ends_sentence
from .base import Cleaner

_SOFT_END = re.compile(r"[，、：；,;:—-]$")
_CANNOT_START = re.compile(r"^[，。、；：？！”’）》」』,.;:?!)\]的了着地得们么吗呢吧之]")
_OPENS_PARAGRAPH = re.compile(r"^(?:[“「『]|——)")
# numbered points (一、 1. （二） 一是 首先) open paragraphs even after a colon: the strongest evidence against
_OPENS_POINT = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.．](?!\d)|（[一二三四五六七八九十]+）|"
                          r"[一二三四五六七八九十]是|首先|其次|再次|最后|第[一二三四五六七八九十]+[，、,]|其[一二三四五])")
_OPENERS, _CLOSERS = "“‘「『（(《【", "”’」』）)》】"
_HAN = re.compile(for_re(r"\p{Han}"))
_TAIL = 400


@lru_cache(maxsize=1)
def word_tokenizer():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


def opens_paragraph(text: str) -> bool:
    """Whether ``text`` opens like a new paragraph: an opening quote, a deck dash or a numbered point."""
    return bool(_OPENS_PARAGRAPH.match(text) or _OPENS_POINT.match(text))


def word_spans_break(left: str, right: str) -> bool:
    """Whether jieba reads a word across the break between ``left`` and ``right``."""
    a, b = left[-3:], right[:3]
    if not (a and b and _HAN.match(a[-1]) and _HAN.match(b[0])):
        return False
    tokenizer = word_tokenizer()
    # a token across the break is a word of the dictionary (jieba without HMM makes no other token of two Han
    # characters or more) that holds the two characters at the break: most breaks have none, and need no cut
    if not _word_across(tokenizer.FREQ, a, b):
        return False
    pos = 0
    for token in tokenizer.cut(a + b, HMM=False):
        if pos < len(a) < pos + len(token):
            return True
        pos += len(token)
    return False


def _word_across(freq: dict[str, int], a: str, b: str) -> bool:
    """Whether the dictionary ``freq`` holds a word made of an end of ``a`` and a start of ``b``.

    jieba's table holds every prefix of every word (with count 0 when it is no word itself), and its own walk
    of a sentence stops at the first piece missing from it: so does this one, so that most breaks cost a few
    look-ups, not nine."""
    for i in range(len(a)):
        piece = a[i:]
        if piece not in freq:
            continue  # no word starts with this end of ``a``
        for j in range(1, len(b) + 1):
            count = freq.get(piece + b[:j])
            if count is None:
                break  # nor with any longer piece
            if count:
                return True
    return False


def is_caption(text: str) -> bool:
    """A photo caption: a caption mark at its start (▲, 图为…), or a photographer's credit (摄, 摄影, 供图,
    记者 X 图, in brackets or not) at its end. Photo captions end where they end, punctuation or not."""
    if text.lstrip().startswith(_CAPTION_STARTS):
        return True
    end = text.rstrip()
    if end and end[-1] in ")）":
        end = end[:-1].rstrip()
    return end.endswith(_CAPTION_ENDS) or len(end) >= 2 and end[-1] in "图圖" and end[-2] in _CREDIT_SEPARATORS \
        or end[-1:] in "图圖" and bool(_ROLE_CREDIT.search(end[-12:]))


_CAPTION_STARTS = ("▲", "△", "图为", "圖為", "图片", "圖片", "（图", "(图")
_CAPTION_ENDS = both_scripts((*PHOTO_CREDITS, *PICTURE_SOURCES))
# 图 closes a credit only after a space or slash (记者 邹佳雯 图, 文／图): a sentence can end in 路线图
_CREDIT_SEPARATORS = " \u3000/／"
# the same credit once normalising took its spaces out (记者邹佳雯图): a role word, a name, 图
_ROLE_CREDIT = re.compile(alternation(both_scripts(REPORTER_ROLES)) + r"[\u4e00-\u9fff]{2,4}[图圖]$")


def _unclosed(text: str) -> bool:
    """More opening quotes and brackets than closing ones."""
    return sum(text.count(c) for c in _OPENERS) > sum(text.count(c) for c in _CLOSERS)


def join_score(left: str, right: str) -> float:
    """Evidence that ``right`` continues the paragraph ``left``; join when above zero."""
    score, uncertain = _score_without_words(left, right)
    if uncertain and word_spans_break(left.rstrip(), right.lstrip()):
        score += _WORD_ACROSS
    return score


def joins(left: str, right: str, threshold: float) -> bool:
    """Whether ``join_score(left, right) > threshold``; jieba is asked only when its word can tip the balance."""
    score, uncertain = _score_without_words(left, right)
    if not uncertain or score > threshold or score + _WORD_ACROSS <= threshold:
        return score > threshold
    return score + _WORD_ACROSS * word_spans_break(left.rstrip(), right.lstrip()) > threshold


_WORD_ACROSS = 1.5


def _score_without_words(left: str, right: str) -> tuple[float, bool]:
    """The score of :func:`join_score` without the word read across the break, and whether that word could
    still be added (False when the score is final)."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return -1.0, False
    if is_caption(left):
        return -1.0, False
    if ends_sentence(left, quote_ends=True):
        # only a closing quote that belongs to the open one may follow a finished sentence
        return (2.0 if right[0] in "”’」』" and _unclosed(left) else -1.0), False
    unclosed = _unclosed(left)
    if left[-1] in "）)" and not unclosed:
        return -1.0, False  # …增长12%（数据来源：市统计局） ends its paragraph
    score = 0.0
    if unclosed:
        score += 2
    if _SOFT_END.search(left):
        score += 2
    if _CANNOT_START.match(right):
        score += 2
    if han_count(left[-60:]) >= 15:
        score += 1
    if _OPENS_PARAGRAPH.match(right):
        score -= 1.5
    if _OPENS_POINT.match(right) and left[-1] not in "；;":  # 一是…； / 二是… chain within a paragraph
        score -= 3
    return score, True


def separator(left: str, right: str) -> str:
    """One space between Latin letters or digits across a break, nothing between Chinese characters."""
    latin = left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum()
    return " " if latin else ""


def glue(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    return left + separator(left, right) + right


class Rejoin(Cleaner):
    """Join the parts of paragraphs split by column and page breaks, never across a heading.

    Args:
        threshold: how much evidence a join needs (see :func:`join_score`).
    """

    name: ClassVar[str] = "rejoin"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def warm_up(self) -> None:
        word_tokenizer()

    def apply(self, page: Page) -> Page:
        open_line: Line | None = None
        parts: list[str] = []

        def close() -> None:
            if open_line is not None and len(parts) > 1:
                open_line.text = "".join(parts)

        for line in page.lines:
            if line.kind in (BLANK, REMOVED):
                continue
            if line.kind != BODY:
                close()
                open_line, parts = None, []
                continue
            # only the end of a paragraph matters to a join: scoring a bounded tail keeps long pages linear
            tail = "".join(parts[-3:])[-_TAIL:] if open_line is not None else ""
            if open_line is not None and joins(tail, line.text, self.threshold):
                piece = line.text.strip()
                parts[-1] = parts[-1].rstrip()
                parts.append(separator(parts[-1], piece) + piece)
                open_line.edits[(self.name, "joined")] += 1
                if line.has_edits:
                    open_line.edits.update(line.edits)
                line.text = ""
                line.kind = BLANK
                continue
            close()
            open_line, parts = line, [line.text]
        close()
        return page
