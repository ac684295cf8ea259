"""Necessary characters of regular expressions: a cheap test that rules patterns out.

Every match of ``^(当前位置|您的位置)\\s*[:：]`` contains ``置``; a line without
``置`` cannot match, and finding that out with one character-class scan is far
cheaper than running the pattern (or a dozen patterns) on the line. The line
filter runs about a hundred lexicon patterns on every short line of every page,
and most lines match none of them: :class:`Prefilter` tells, for one line,
which groups of patterns could match at all, so only those are run.

:func:`required_chars` reads a pattern's parse tree (the standard library's
``re`` parser) and returns a set of characters such that every match holds at
least one of them, or ``None`` when it cannot promise one (``\\d+``, ``.{2,}``,
an optional part, a pattern the parser does not read). Among the parts of a
sequence it picks the one whose characters are rarest in Chinese text, so the
test fails as often as possible. The test is only ever a shortcut: a pattern
it cannot analyse is always run.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .chars import for_re

try:  # the standard library's own regular expression parser and case tables; private, so guarded
    from _sre import unicode_tolower as _sre_lower
    from re import _constants as _sre
    from re import _parser as _sre_parse
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - other Pythons: no pattern is analysed, every lexicon is run
    _sre = _sre_parse = None  # type: ignore[assignment]
    _EXTRA_CASES = {}

_MAX_RANGE = 64
"""A class range wider than this (``[一-龥]``) is no useful test: the pattern is run."""
_PUNCTUATION_WEIGHT = 50_000
_ASCII_WEIGHTS = {"digit": 20_000, "letter": 3_000, "other": 5_000}
_COMMON_PUNCTUATION = set("，。、：；！？“”‘’（）《》—… ")


@lru_cache(maxsize=4096)
def char_weight(char: str) -> int:
    """How common ``char`` is in Chinese news text, roughly: jieba's frequency of the character as
    a word for Han characters, fixed estimates for ASCII and punctuation. Only used to choose
    which part of a pattern to test for; a poor estimate costs speed, never correctness."""
    if char in _COMMON_PUNCTUATION:
        return _PUNCTUATION_WEIGHT
    if char.isascii():
        if char.isdigit():
            return _ASCII_WEIGHTS["digit"]
        return _ASCII_WEIGHTS["letter" if char.isalpha() else "other"]
    from .names import _dictionary

    return _dictionary()[0].get(char, 0) + 1


def _cost(chars: frozenset[str]) -> int:
    return sum(char_weight(c) for c in chars)


_CASED_LIMIT = 0x1F000
"""No character at or above this code point has a case."""


@lru_cache(maxsize=1)
def _same_lower() -> dict[int, frozenset[str]]:
    """Characters grouped by the lower case ``re`` gives them (``K``, ``k`` and the Kelvin sign)."""
    groups: dict[int, set[str]] = {}
    for code in range(_CASED_LIMIT):
        low = _sre_lower(code)
        if low != code:
            groups.setdefault(low, {chr(low)}).add(chr(code))
    return {low: frozenset(chars) for low, chars in groups.items()}


def _case_variants(char: str) -> set[str]:
    """Every character that ``re`` with IGNORECASE takes for ``char``."""
    low = _sre_lower(ord(char))
    variants = {char, chr(low), *_same_lower().get(low, ())}
    variants.update(chr(c) for c in _EXTRA_CASES.get(low, ()))
    return variants


def _class_chars(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            chars.add(chr(av))
        elif op is _sre.RANGE and av[1] - av[0] < _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a wide RANGE: too many characters to test for
            return None
    if ignore_case:
        chars = {v for c in chars for v in _case_variants(c)}
    return frozenset(chars)


def _sequence(items: Iterable[tuple[Any, Any]], flags: int) -> frozenset[str] | None:
    """The rarest required set among the parts of a sequence (each part is required)."""
    best: frozenset[str] | None = None
    for op, av in items:
        chars = _node(op, av, flags)
        if chars is not None and (best is None or _cost(chars) < _cost(best)):
            best = chars
    return best


def _node(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is _sre.LITERAL:
        return frozenset(_case_variants(chr(av)) if ignore_case else {chr(av)})
    if op is _sre.IN:
        return _class_chars(av, ignore_case)
    if op is _sre.SUBPATTERN:
        _group, add, delete, sub = av
        return _sequence(sub, (flags | add) & ~delete)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(sub, flags) if low >= 1 else None
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(av, flags)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            chars = _sequence(branch, flags)
            if chars is None:
                return None
            union |= chars
        return frozenset(union)
    return None  # ANY, NOT_LITERAL, AT, CATEGORY, lookarounds, group references: nothing promised


def required_chars(pattern: str) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` contains at least one, or ``None``.

    ``pattern`` is read as the line filter compiles it (``\\p{Han}`` is spelt
    out for the standard parser); a pattern the parser rejects gives ``None``.
    """
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(for_re(pattern))
    except (re.error, RecursionError, ValueError):
        return None
    return _sequence(parsed.data, parsed.state.flags)


class Prefilter:
    """Which groups of patterns could match a text, told by one character-class scan.

    ``groups`` maps a name (a reason of the line filter) to its patterns. A
    group with a pattern that :func:`required_chars` cannot analyse is always a
    candidate; the others are candidates only when the text holds one of their
    required characters.
    """

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        self.names: tuple[str, ...] = tuple(groups)
        """The group names in order; bit ``i`` of a :meth:`mask` stands for ``names[i]``."""
        self.bits = {name: 1 << i for i, name in enumerate(self.names)}
        by_char: dict[str, int] = {}
        always = 0
        for name, patterns in groups.items():
            sets = [required_chars(p) for p in patterns]
            if any(s is None for s in sets):
                always |= self.bits[name]
                continue
            for chars in sets:
                for c in chars or ():
                    by_char[c] = by_char.get(c, 0) | self.bits[name]
        self._always = always
        self.always = self._names(always)
        self._by_char = by_char
        self._scan = re.compile(f"[{''.join(re.escape(c) for c in sorted(by_char))}]") if by_char else None

    def mask(self, text: str) -> int:
        """The groups that could match ``text`` as bits (see :attr:`bits`); the others certainly do not."""
        hits = self._scan.findall(text) if self._scan is not None else ()
        found = self._always
        for c in hits:
            found |= self._by_char[c]
        return found

    def candidates(self, text: str) -> frozenset[str]:
        """Names of the groups that could match ``text``; the others certainly do not."""
        return self._names(self.mask(text))

    def _names(self, mask: int) -> frozenset[str]:
        return frozenset(name for name, bit in self.bits.items() if mask & bit)
