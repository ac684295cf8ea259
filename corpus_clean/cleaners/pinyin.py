"""Pinyin annotations: readings some sites append after a character, ``發(fā)展``.

An annotation is removed only when all of these hold: it follows a Han
character; it is written in lower case (``李(Li)`` is a name); it is a valid
pinyin syllable, with tone marks, a tone number (``fa1``), ``ü``/``v``, or no
tone at all (the neutral tone of ``們(men)``, ``著(zhe)``); and it is a reading
of the character it follows, by the per-character reading table of the
``pypinyin`` package (which covers Traditional characters and heteronyms).
A parenthetical failing any test is real text and stays: ``村(社区)``,
``(GDP)``, ``(a)``, ``设备(an)``.

Readings that went through an encoder which deleted the tone-marked vowels
(``电子商务(din z shng w)``, ``发展(fzhn)``: several syllables, spaced or
not, after a word) are readings too. Each part must be what is left of a
reading of its character once its non-ASCII letters are gone (``diàn`` ->
``din``), or, two letters or more, the start of that (an encoder that lost
the vowel sometimes lost what followed); the characters are the ones right
before the bracket, one per part, and at least two letters must be left.
Stacked annotations (``發(fā)(fā)``) go in one pass, so the work is linear.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from ..page import NO_EDITS, Page
from .base import Cleaner

_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_SPACE = r"[ \t\u3000]*"
_SYLLABLE = r"[a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e3f:]{1,8}[0-5]?"
_BRACKETED = f"{_SPACE}[(（]{_SPACE}{_SYLLABLE}{_SPACE}[)）]"
# a Han character, the first bracketed syllable after it (its text in group 3), and any stacked after that
_CANDIDATE = re.compile(f"([{_HAN}])({_SPACE}[(（]{_SPACE}({_SYLLABLE}){_SPACE}[)）])((?:{_BRACKETED})*)")
_ONE = re.compile(r"[ \t\u3000]*[(（][ \t\u3000]*([^ \t\u3000)）]+)[ \t\u3000]*[)）]")
# up to eight Han characters, then a bracket of ASCII letters in up to eight spaced parts: a reading whose
# tone-marked vowels were deleted. Each start tries at most eight characters, so the scan stays linear.
_STRIPPED_BRACKET = r"[ \t\u3000]*[(（][ \t\u3000]*([a-z]{1,24}(?: [a-z]{1,8}){0,7})[ \t\u3000]*[)）]"
_STRIPPED = re.compile(f"([{_HAN}]{{1,8}})((?:{_STRIPPED_BRACKET})+)")
_STRIPPED_ONE = re.compile(_STRIPPED_BRACKET)
_STRIPPED_TRIGGER = re.compile(r"[(（][ \t\u3000]*[a-z]")
MIN_STRIPPED_LETTERS = 2
"""A reading with its vowels deleted must keep this many letters: ``备(b)`` is too little to tell."""
# the bracketed part of a candidate: a necessary condition that re finds fast, scanning for a bracket (a Han character,
# which the candidate starts with, is nearly every character of a page)
_SYLLABLE_TRIGGER = re.compile(r"[(（][ \t\u3000]*[a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e3f:]{1,8}[0-5]?[ \t\u3000]*[)）]")
_TRIGGER = re.compile(r"[(（][ \t\u3000]*[a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e3f:]")
"""A bracket opening on a letter: lines without one hold no annotation of either kind and are not read."""
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def split_syllable(text: str) -> tuple[str, int] | None:
    """``fā`` -> ``("fa", 1)``, ``lv4`` -> ``("lü", 4)``, ``men`` -> ``("men", 0)``; None if not pinyin-shaped."""
    tone = 0
    if text[-1].isdigit():
        tone = int(text[-1]) % 5
        text = text[:-1]
    base = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONE_MARKS:
            if tone:
                return None
            tone = _TONE_MARKS[ch]
        else:
            base.append(ch)
    syllable = unicodedata.normalize("NFC", "".join(base)).replace("u:", "ü").replace("v", "ü")
    if not syllable.isalpha() or not syllable.isascii() and set(syllable) - set("abcdefghijklmnopqrstuwxyzüê"):
        return None
    return syllable, tone


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str]]:
    from pypinyin.pinyin_dict import pinyin_dict

    syllables = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            parts = split_syllable(reading)
            if parts:
                syllables.add(parts[0])
    return pinyin_dict, frozenset(syllables)


@lru_cache(maxsize=8192)
def readings_of(char: str) -> frozenset[str]:
    """The toneless readings of one character (``ü`` spelt as such)."""
    table, _ = _tables()
    found = set()
    for reading in table.get(ord(char), "").split(","):
        parts = split_syllable(reading) if reading else None
        if parts:
            found.add(parts[0])
    return frozenset(found)


@lru_cache(maxsize=65536)
def is_annotation(char: str, annotation: str) -> bool:
    """Whether ``annotation`` (the text inside the brackets) is a reading of ``char``."""
    if not annotation or not annotation[0].islower():
        return False
    parts = split_syllable(annotation)
    if parts is None:
        return False
    syllable, _tone = parts
    _, syllables = _tables()
    return syllable in syllables and syllable in readings_of(char)


@lru_cache(maxsize=8192)
def stripped_readings(char: str) -> frozenset[str]:
    """The readings of one character with every non-ASCII letter deleted (``diàn`` -> ``din``), as an
    encoder that could not write tone-marked vowels leaves them; empty ones left out."""
    table, _ = _tables()
    found = set()
    for reading in table.get(ord(char), "").split(","):
        ascii_only = "".join(c for c in reading if c.isascii())
        if ascii_only:
            found.add(ascii_only)
    return frozenset(found)


def _part_fits(part: str, char: str) -> bool:
    return any(form == part or len(part) >= 2 and form.startswith(part) for form in stripped_readings(char))


@lru_cache(maxsize=65536)
def stripped_reading_length(chars: str, annotation: str) -> int:
    """How many characters at the end of ``chars`` ``annotation`` is the vowel-deleted reading of; 0 if
    none. Spaced parts go one to a character; an unspaced run is split where the characters' readings
    allow (at most eight characters, and at most 24 letters, so the work is bounded)."""
    if len(annotation.replace(" ", "")) < MIN_STRIPPED_LETTERS:
        return 0
    parts = annotation.split()
    if len(parts) > 1:
        if len(parts) > len(chars):
            return 0
        tail = chars[len(chars) - len(parts):]
        return len(parts) if all(_part_fits(p, c) for p, c in zip(parts, tail)) else 0
    run = parts[0]
    starts = {len(run)}  # where in run the readings of the characters after the current one begin
    for k, char in enumerate(reversed(chars), 1):
        starts = {start - n for start in starts for n in range(1, min(start, _LONGEST_STRIPPED) + 1)
                  if _part_fits(run[start - n:start], char)}
        if 0 in starts:
            return k
        if not starts:
            return 0
    return 0


_LONGEST_STRIPPED = 6
"""No pinyin syllable has more than six letters (``zhuang``)."""


def strip_annotations(text: str, removed: list[tuple[str, str]] | None = None) -> tuple[str, Mapping[str, int]]:
    """Remove every pinyin annotation from ``text``; count them, and list them in ``removed`` if given."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        char, first, stacked = match.group(1), match.group(2), match.group(4)
        if not is_annotation(char, match.group(3)):
            return match.group(0)
        count += 1
        if removed is not None:
            removed.append(("annotation", first))
        kept = 0  # annotations stacked after one character go while they are readings of it
        for bracket in _ONE.finditer(stacked):
            if not is_annotation(char, bracket.group(1)):
                break
            count += 1
            if removed is not None:
                removed.append(("annotation", bracket.group(0)))
            kept = bracket.end()
        return char + stacked[kept:]

    def replace_stripped(match: re.Match[str]) -> str:
        nonlocal count
        chars, stacked = match.group(1), match.group(2)
        kept = 0
        for bracket in _STRIPPED_ONE.finditer(stacked):
            if not stripped_reading_length(chars, bracket.group(1)):
                break
            count += 1
            if removed is not None:
                removed.append(("annotation", bracket.group(0)))
            kept = bracket.end()
        return chars + stacked[kept:]

    if _SYLLABLE_TRIGGER.search(text):  # a fast scan, a necessary condition of the slower candidate pattern
        text = _CANDIDATE.sub(replace, text)
    if _STRIPPED_TRIGGER.search(text):
        text = _STRIPPED.sub(replace_stripped, text)
    return text, {"annotation": count} if count else NO_EDITS


class PinyinAnnotations(Cleaner):
    """Remove pinyin readings appended after characters, and nothing else in brackets.

    Args:
        audit: list every removed annotation in the record's ``meta.edits``, not only count them.
    """

    name: ClassVar[str] = "pinyin"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, audit: bool = False) -> None:
        self.audit = audit

    def warm_up(self) -> None:
        _tables()

    def apply(self, page: Page) -> Page:
        page.edit_lines(self.name, strip_annotations, spans=_listed if self.audit else None, trigger=_TRIGGER)
        return page


def _listed(text: str) -> list[tuple[str, str]]:
    removed: list[tuple[str, str]] = []
    strip_annotations(text, removed)
    return removed
