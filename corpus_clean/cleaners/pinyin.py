"""Pinyin annotations: readings some sites append after a character, ``發(fā)展``.

An annotation is removed only when all of these hold: it follows a Han
character; it is written in lower case (``李(Li)`` is a name); it is a valid
pinyin syllable, with tone marks, a tone number (``fa1``), ``ü``/``v``, or no
tone at all (the neutral tone of ``們(men)``, ``著(zhe)``); and it is a reading
of the character it follows, by the per-character reading table of the
``pypinyin`` package (which covers Traditional characters and heteronyms).
A parenthetical failing any test is real text and stays: ``村(社区)``,
``(GDP)``, ``(a)``, ``设备(an)``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from ..page import NO_EDITS, Page
from .base import Cleaner

_SYLLABLE = r"[a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e3f:]{1,8}[0-5]?"
_ONE = re.compile(rf"[ \t\u3000]*[(（][ \t\u3000]*({_SYLLABLE})[ \t\u3000]*[)）]")
# a Han character and the run of bracketed syllables after it (發(fā)(fā)…), read in one pass
_CANDIDATE = re.compile(r"([\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f])"
                        rf"((?:[ \t\u3000]*[(（][ \t\u3000]*{_SYLLABLE}[ \t\u3000]*[)）])+)")
# the bracketed part of a candidate: a necessary condition that re finds fast, scanning for a bracket (a Han character,
# which the candidate starts with, is nearly every character of a page)
_TRIGGER = re.compile(r"[(（][ \t\u3000]*[a-zA-Z\u00c0-\u024f\u0300-\u036f\u1e3f:]{1,8}[0-5]?[ \t\u3000]*[)）]")
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


def strip_annotations(text: str, removed: list[tuple[str, str]] | None = None) -> tuple[str, Mapping[str, int]]:
    """Remove every pinyin annotation from ``text``; count them, and list them in ``removed`` if given."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        # readings stacked after one character (發(fā)(fà)) go while each is a reading of it; the first bracket that
        # is not one stays, with everything after it
        nonlocal count
        char, run = match.group(1), match.group(2)
        kept = 0
        for one in _ONE.finditer(run):
            if not is_annotation(char, one.group(1)):
                break
            count += 1
            if removed is not None:
                removed.append(("annotation", one.group(0)))
            kept = one.end()
        return char + run[kept:]

    # the trigger, a fast scan, is a necessary condition of the slower candidate pattern
    return (_CANDIDATE.sub(replace, text) if _TRIGGER.search(text) else text), {"annotation": count} if count else NO_EDITS


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
