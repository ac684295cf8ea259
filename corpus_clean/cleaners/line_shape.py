"""Line shape tests: whether a line reads as a heading, as prose, or as spam, a place list or a navigation bar.

What no lexicon names is told by its shape: keyword-stuffed spam joined by
``_`` or ``|``, lists of place names, and navigation bars of short items. The
same family of tests says whether a line could be a heading (short, no
sentence-final punctuation, balanced) and whether it is clearly article text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..chars import ClassCounter, for_re, han_count
from ..names import is_person_name, parse_byline
from ..roles import OPENING_QUALIFIERS, OPENING_ROLES, alternation
from ..sentence_end import ends_sentence
from .lexicons import lexicons

_HAN = re.compile(for_re(r"\p{Han}"))
_FINAL = "。！？!?；;…：:，,、"
_OPENERS, _CLOSERS = "“‘「『（(《【", "”’」』）)》】"
_opener_count, _closer_count = ClassCounter(re.escape(_OPENERS)), ClassCounter(re.escape(_CLOSERS))
_OPENER_SET = frozenset(_OPENERS)
_PUNCTUATED = re.compile(r"[，。！？；,!?;]")
_PROSE_MARKS = re.compile("[。，,；;]")
TITLE_MAX = 60
"""A title line is at most this long: a headline, not a paragraph."""
_INNER_END = re.compile(r"[。！？!?].")
_COMMAS = re.compile(r"[，,；;]")
# the separator first, so that re scans for it rather than trying \w at every character; one separator between
# letters or Han characters, not a run of them (要______主的______如何: the blanks of an exercise, not spam)
_JOINED = {sep: re.compile(rf"(?<=[^\W_]){sep}(?=[^\W_])") for sep in ("_", "-")}
_ROLE_START = re.compile(for_re(rf"^[（(【\[]?\s*(?:{alternation(OPENING_QUALIFIERS)}|《[^《》]{{1,12}}》|\p{{Han}}{{2,8}}?(?=记者|作者))?"
                                rf"{alternation(OPENING_ROLES)}"))
PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|旗|州|盟|镇|乡|岛|地区|新区|特别行政区)$")
"""The end of a place name: 沛县, 灵丘县, 滨海新区."""
_SHAPE_SEPARATORS = frozenset(" 、/|｜_-")
_LIST_SEPARATORS = re.compile(r"\s*[|｜/、]\s*|\s+")


def is_sentence(key: str) -> bool:
    """Prose rather than a label: long with punctuation, or with a sentence end inside."""
    if not _PUNCTUATED.search(key):
        return False
    return len(key) > 40 and han_count(key) > 40 or len(key) > 25 and bool(_INNER_END.search(key))


def ends_with_full_stop(text: str) -> bool:
    """Whether ``text`` ends with 。 and only closing quotes and brackets after it (read from the end)."""
    return ends_sentence(text, marks="。")


def balanced(text: str) -> bool:
    """No more opening quotes and brackets than closing ones, and straight double quotes in pairs."""
    if _OPENER_SET.isdisjoint(text):  # most lines: no opener, so no more of them than closers
        return text.count("\"") % 2 == 0
    return _opener_count(text) <= _closer_count(text) and text.count("\"") % 2 == 0


def heading_like(text: str) -> bool:
    """Short, without sentence-final punctuation, balanced: could be a heading."""
    text = text.strip()
    bare = text.rstrip("”’」』）)】》\"")
    if not bare or bare[-1] in _FINAL or text.endswith("——"):
        return False
    if not _HAN.search(text) or len(text) > 40 and han_count(text) > 40:
        return False
    if len(_COMMAS.findall(text)) > 1 or "。" in text:
        return False
    return balanced(text)


def title_shaped(text: str) -> bool:
    """Whether a line could be a page's title line by its shape: short, no comma or full stop."""
    return len(text) <= TITLE_MAX and not _PROSE_MARKS.search(text)


def strong_body(text: str) -> bool:
    """Clearly article text: a sentence end, or too long to be anything but a paragraph."""
    text = text.strip()
    if text[:1] in "“「" and text[-1:] in "”」":  # quoted speech
        return True
    # a sentence end, with a trailing parenthetical such as （记者 张三） allowed after it
    return ends_sentence(text, parenthetical=True) or len(text) > 40 and han_count(text) > 40 or len(_COMMAS.findall(text)) >= 2


def is_clause(text: str) -> bool:
    """Not a quotation left open: a line that opens a quote closes it."""
    text = text.strip()
    return not text.startswith(("“", "‘", "「")) or balanced(text)


def starts_with_role(key: str) -> bool:
    """Whether the (Simplified) line opens with a role word of a byline: 记者, 本报通讯员, 文/图..."""
    return bool(_ROLE_START.match(key))


@lru_cache(maxsize=1)
def place_tags() -> dict[str, str]:
    """jieba's part-of-speech tags (``ns`` for a place name), by word."""
    from ..names import jieba_dictionary

    return jieba_dictionary()[1]


def _fields(text: str) -> list[str]:
    return [t for t in _LIST_SEPARATORS.split(text.strip()) if t]


def shape_reason(key: str) -> str | None:
    """Spam, place lists and navigation bars, told by their shape: the reason, or None."""
    if _SHAPE_SEPARATORS.isdisjoint(key):
        return None  # most lines: not one separator that the tests below count
    fields_apart = key.count(" ") + key.count("、") + key.count("/") + key.count("|") + key.count("｜")
    if fields_apart < 3 and key.count("_") < 2 and key.count("-") < 2:
        return None  # most lines: no separator run that either test below needs
    if _ROLE_START.match(key) and parse_byline(key):
        return None  # a byline's separators (文｜财新 周颖　编辑｜林静) are not a navigation bar's
    for sep in ("_", "-"):
        if key.count(sep) >= 2 and _JOINED[sep].search(key) and _HAN.search(key):
            parts = [p for p in key.split(sep) if p.strip()]
            stuffed = len(parts) >= 3 and max(len(p) for p in parts) <= 30
            if stuffed and (sep == "_" or lexicons()["seo_spam"].search(key)):
                return "seo_spam"
    # four fields need three separators
    if fields_apart < 3:
        return None
    fields = _fields(key)
    if len(fields) >= 4 and not is_sentence(key):
        han_fields = [f for f in fields if _HAN.search(f)]
        if len(han_fields) >= 0.8 * len(fields):
            tags = place_tags()
            places = sum(1 for f in han_fields if PLACE_SUFFIX.search(f) or tags.get(f, "").startswith("ns"))
            if places >= 0.6 * len(han_fields) and len(han_fields) >= 5:
                return "place_list"
            if "|" in key or "｜" in key:
                if lexicons()["seo_spam"].search(key) or sum(len(f) for f in fields) / len(fields) > 5:
                    return "seo_spam"
                if all(len(f) <= 6 for f in fields):
                    return "navigation"
            names = sum(1 for f in han_fields if is_person_name(f))
            if names < 0.5 * len(han_fields) and all(len(f) <= 5 for f in han_fields) and len(fields) >= 5 \
                    and not _PUNCTUATED.search(key):
                return "navigation"
    return None
