"""Normalisation: whitespace, invisible characters and character width.

* Zero-width characters, the BOM, soft hyphens and control characters go.
* Whitespace is collapsed; none is kept between two Chinese characters or
  next to Chinese punctuation; indentation and full-width spaces are trimmed.
* Width policy (``width``): ``cjk`` (default) turns full-width letters and
  digits (``ＡＢＣ１２３``) into half-width and ASCII punctuation that stands
  between Chinese characters (``近日,中共``, ``问题:``) into its Chinese
  full-width form, brackets around Chinese text included. Chinese punctuation
  is never turned into ASCII. ``keep`` changes no width.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from ..chars import HAN, for_re
from ..page import BODY, HEADING, META, NO_EDITS, Page
from .base import Cleaner

WIDTHS = ("cjk", "keep")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_CJK = HAN + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
# each pattern starts with the character it replaces, so that re scans for that character alone
_SPACE_NEAR_CJK = re.compile(rf" (?:(?<=[{_CJK}] )(?=[{_CJK}])|(?<=[，。、：；？！（【《“‘] )|(?=[，。、：；？！）】》”’]))")
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALFWIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_HAN_BEFORE = for_re(r"(?<=[\p{Han}”’」』）》][,;?!:])")
_PUNCT = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
_ANY_ASCII_PUNCT = re.compile(r"[,;?!:]")
# one pattern per mark, replaced by a fixed string: no Python call per match. Neither form of a mark is in the
# classes before or after it, so replacing one mark never changes whether its neighbour is replaced.
_ASCII_PUNCT = {mark: re.compile(re.escape(mark) + _HAN_BEFORE + for_re(r"(?=[\p{Han}“‘「『（《]|$)"))
                for mark in _PUNCT}
# a pair of ASCII parentheses with nothing nested; whether Han is inside is asked of the match, since a pattern
# with a Han character between two runs of [^()] backtracks quadratically on an unclosed "("
_PARENS = re.compile(r"\(([^()]*)\)")
_HAN_CHAR = re.compile(for_re(r"\p{Han}"))
# everything normalize_text can change holds one of these (a line break only separates lines): a line without any
# is already normal
_TRIGGER = re.compile("[^\\S\\n]|[,;?!:(\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c"
                      "\x0e-\x1f\x7f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalize_text(text: str, width: str = "cjk", keep_spaces: bool = False) -> tuple[str, Mapping[str, int]]:
    """Normalise one line; ``keep_spaces`` keeps single spaces between Chinese words (for headings)."""
    invisible = space = width_changes = 0
    if _INVISIBLE.search(text):
        text, invisible = _INVISIBLE.subn("", text)
    new = _SPACES.sub(" ", text).strip()
    if not keep_spaces and " " in new:
        new = _SPACE_NEAR_CJK.sub("", new)
    if new != text:
        space = max(len(text) - len(new), 1)
        text = new
    if width == "cjk":
        if _FULLWIDTH_ALNUM.search(text):
            width_changes += len(_FULLWIDTH_ALNUM.findall(text))
            text = text.translate(_HALFWIDTH)
        if _ANY_ASCII_PUNCT.search(text):
            for mark, pattern in _ASCII_PUNCT.items():
                if mark in text:
                    text, n = pattern.subn(_PUNCT[mark], text)
                    width_changes += n
        if "(" in text:
            new = _PARENS.sub(_full_width_parens, text)
            if new != text:
                width_changes += new.count("（") - text.count("（")
                text = new
    if not (invisible or space or width_changes):
        return text, NO_EDITS
    counts = {}
    if invisible:
        counts["invisible"] = invisible
    if space:
        counts["space"] = space
    if width_changes:
        counts["width"] = width_changes
    return text, counts


def _full_width_parens(match: re.Match[str]) -> str:
    """``(中文)`` -> ``（中文）``; parentheses around no Han character stay ASCII (``(GDP)``)."""
    inner = match.group(1)
    return f"（{inner}）" if _HAN_CHAR.search(inner) else match.group(0)


class Normalize(Cleaner):
    """Collapse whitespace, drop invisible characters and apply the width policy.

    Args:
        width: ``cjk`` (Chinese punctuation between Chinese text, half-width
            letters and digits) or ``keep``.
    """

    name: ClassVar[str] = "normalize"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, width: str = "cjk") -> None:
        self.width = width

    def apply(self, page: Page) -> Page:
        if self.width not in WIDTHS:
            raise ValueError(f"unknown width policy {self.width!r}; choose one of {', '.join(WIDTHS)}")
        page.edit_lines(self.name, lambda s: normalize_text(s, self.width), kinds=(BODY, META),
                        trigger=_TRIGGER)
        page.edit_lines(self.name, lambda s: normalize_text(s, self.width, keep_spaces=True), kinds=(HEADING,),
                        trigger=_TRIGGER)
        return page
