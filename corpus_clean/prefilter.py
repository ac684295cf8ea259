"""Necessary characters of regular expressions: a cheap test that rules patterns out.

Every match of ``^(当前位置|您的位置)\\s*[:：]`` contains ``置``; a line without
``置`` cannot match, and finding that out with one character-class scan is far
cheaper than running the pattern (or a dozen patterns) on the line. The line
filter runs about a hundred lexicon patterns on every short line of every page,
and most lines match none of them: :class:`Prefilter` tells, for one line,
which groups of patterns could match at all, so only those are run.

:func:`required_chars` reads a pattern's parse tree (:mod:`corpus_clean.pattern_tree`,
our own parser of the lexicons' syntax) and returns a set of characters such that every match holds at
least one of them, or ``None`` when it cannot promise one (``\\d+``, ``.{2,}``,
an optional part, a pattern the parser does not read). Among the parts of a
sequence it picks the one whose characters are rarest in Chinese text, so the
test fails as often as possible. The test is only ever a shortcut: a pattern
it cannot analyse is always run.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from . import pattern_tree as tree

_T = TypeVar("_T")
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
    from .names import jieba_dictionary

    return jieba_dictionary()[0].get(char, 0) + 1


def _cost(chars: frozenset[str]) -> int:
    return sum(char_weight(c) for c in chars)


_CASED_LIMIT = 0x1F000
"""No character at or above this code point has a case."""


@lru_cache(maxsize=1)
def _case_groups() -> dict[str, frozenset[str]]:
    """Characters that case-insensitive matching may take for one another, grouped: every character with
    every other that shares the first character of its lower or upper case, closed over both (``K``, ``k`` and the
    Kelvin sign; ``s``, ``S`` and the long s). A superset of what ``re`` and ``regex`` fold together, which
    is all a prefilter needs: a wider set costs speed, never a match."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for code in range(_CASED_LIMIT):
        c = chr(code)
        for other in (c.lower()[:1], c.upper()[:1]):  # İ lowers to i and a dot: it folds with i
            if other and other != c:
                a, b = root(c), root(other)
                if a != b:
                    parent[a] = b
    groups: dict[str, set[str]] = {}
    for c in parent:
        groups.setdefault(root(c), set()).add(c)
    for r, members in groups.items():
        members.add(r)
    return {c: frozenset(members) for members in groups.values() for c in members}


def _case_variants(char: str) -> set[str]:
    """Every character that matching ignoring case may take for ``char``."""
    return set(_case_groups().get(char, {char}))


def _class_chars(items: list[tuple[Any, Any]], ignore_case: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is tree.LITERAL:
            chars.add(chr(av))
        elif op is tree.RANGE and av[1] - av[0] < _MAX_RANGE:
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


def _structure(op: Any, av: Any, flags: int, sequence: Callable[[Any, int], frozenset[_T] | None]
               ) -> frozenset[_T] | None:
    """What a group, repeat or alternation requires, for either analysis (``sequence`` reads a sequence);
    None for any other part (ANY, NOT_LITERAL, AT, CATEGORY, lookarounds, group references promise nothing)."""
    if op is tree.SUBPATTERN:
        _group, add, delete, sub = av
        return sequence(sub, (flags | add) & ~delete)
    if op in (tree.MAX_REPEAT, tree.MIN_REPEAT):
        low, _high, sub = av
        return sequence(sub, flags) if low >= 1 else None
    if op is tree.BRANCH:
        union: set[_T] = set()
        for branch in av[1]:
            found = sequence(branch, flags)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None


def _node(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is tree.LITERAL:
        return frozenset(_case_variants(chr(av)) if ignore_case else {chr(av)})
    if op is tree.IN:
        return _class_chars(av, ignore_case)
    return _structure(op, av, flags, _sequence)


def required_chars(pattern: str) -> frozenset[str] | None:
    """Characters of which every match of ``pattern`` contains at least one, or ``None``.

    ``pattern`` is read as the line filter compiles it (``\\p{Han}`` spelt
    out); a pattern the parser does not read gives ``None``.
    """
    return _analysed(pattern, _sequence)


_MAX_LITERAL_CLASS = 64
"""A class of more characters than this is no literal worth testing for."""


def required_literals(pattern: str) -> frozenset[tuple[str, bool]] | None:
    """Strings of which every match of ``pattern`` contains at least one, each with whether it is
    matched ignoring case; or ``None`` when no such set can be promised.

    Where :func:`required_chars` picks one character per pattern part, this
    keeps whole literal runs (``责任编辑``, ``版权所有``): a text holding none of
    them is ruled out by one scan, and far fewer texts hold a word than a character.
    """
    return _analysed(pattern, _literal_sequence)


def _analysed(pattern: str, sequence: Callable[[Any, int], frozenset[_T] | None]) -> frozenset[_T] | None:
    """``sequence`` applied to the parse tree of ``pattern``, or None if :mod:`pattern_tree` cannot read it."""
    try:
        items, flags = tree.parse(pattern)
    except (tree.PatternError, RecursionError, ValueError):
        return None
    return sequence(items, flags)


def _literal_sequence(items: Iterable[tuple[Any, Any]], flags: int) -> frozenset[tuple[str, bool]] | None:
    """The best literal set among the parts of a sequence.

    Adjacent parts that match exact strings (literals, small classes,
    alternations of such, as the parser leaves ``版权(?:所有|归)`` of
    ``版权所有|版权归``) are multiplied out into whole words; every other part
    offers its own required set.
    """
    candidates: list[frozenset[tuple[str, bool]]] = []
    exact: set[tuple[str, bool]] | None = None
    for op, av in items:
        node = _exact_node(op, av, flags)
        if node is not None:
            joined = node if exact is None else {(a + b, ca or cb) for a, ca in exact for b, cb in node}
            if len(joined) > _MAX_LITERAL_CLASS:
                if exact:
                    candidates.append(frozenset(exact))
                joined = node
            exact = joined
            continue
        if exact:
            candidates.append(frozenset(exact))
        exact = None
        found = _literal_node(op, av, flags)
        if found is not None:
            candidates.append(found)
    if exact:
        candidates.append(frozenset(exact))
    if not candidates:
        return None
    # the longest shortest string rules out the most texts; then the fewest strings
    return max(candidates, key=lambda c: (min(len(text) for text, _ in c), -len(c)))


def _exact_node(op: Any, av: Any, flags: int) -> set[tuple[str, bool]] | None:
    """The strings a part matches, when it matches only a few fixed strings; else None."""
    ignore_case = bool(flags & re.IGNORECASE)
    if op is tree.LITERAL:
        c = chr(av)
        return {(c, ignore_case and c.lower() != c.upper())}
    if op is tree.IN:
        chars = _class_chars(av, False)
        if chars is None or len(chars) > 16:
            return None
        return {(c, ignore_case and c.lower() != c.upper()) for c in chars}
    if op is tree.SUBPATTERN:
        _group, add, delete, sub = av
        return _exact_sequence(sub, (flags | add) & ~delete)
    if op is tree.BRANCH:
        union: set[tuple[str, bool]] = set()
        for branch in av[1]:
            found = _exact_sequence(branch, flags)
            if found is None:
                return None
            union |= found
        return union if len(union) <= _MAX_LITERAL_CLASS else None
    return None


def _exact_sequence(items: Iterable[tuple[Any, Any]], flags: int) -> set[tuple[str, bool]] | None:
    strings: set[tuple[str, bool]] = {("", False)}
    for op, av in items:
        node = _exact_node(op, av, flags)
        if node is None:
            return None
        strings = {(a + b, ca or cb) for a, ca in strings for b, cb in node}
        if len(strings) > _MAX_LITERAL_CLASS:
            return None
    return strings


def _literal_node(op: Any, av: Any, flags: int) -> frozenset[tuple[str, bool]] | None:
    ignore_case = bool(flags & re.IGNORECASE)
    if op is tree.LITERAL:
        c = chr(av)
        return frozenset({(c, ignore_case and c.lower() != c.upper())})
    if op is tree.IN:
        chars = _class_chars(av, False)
        if chars is None or len(chars) > _MAX_LITERAL_CLASS:
            return None
        return frozenset((c, ignore_case and c.lower() != c.upper()) for c in chars)
    return _structure(op, av, flags, _literal_sequence)


class LiteralGate:
    """Finds in a text one of a set of literals (each exact or ignoring case).

    Exact literals are searched as one alternation, which ``re`` scans for
    their first characters at C speed. An alternation holding case classes
    loses that scan, so literals ignoring case are searched only when a text
    holds one of their first characters at all.
    """

    def __init__(self, literals: Iterable[tuple[str, bool]]) -> None:
        ordered = sorted(set(literals), key=lambda lit: (-len(lit[0]), lit))
        exact = [text for text, ignore_case in ordered if not ignore_case]
        folded = [text for text, ignore_case in ordered if ignore_case]
        self._exact = re.compile("|".join(map(re.escape, exact))) if exact else None
        self._folded = re.compile("|".join(_spelled(text) for text in folded)) if folded else None
        firsts = {v for text in folded for v in _variants(text[0])}
        self._first = re.compile(f"[{''.join(re.escape(c) for c in sorted(firsts))}]") if folded else None

    def search(self, text: str) -> bool:
        """Whether ``text`` holds one of the literals."""
        if self._exact is not None and self._exact.search(text):
            return True
        return self._first is not None and self._first.search(text) is not None \
            and self._folded is not None and self._folded.search(text) is not None


def literal_gate(patterns: Iterable[str]) -> LiteralGate | None:
    """A :class:`LiteralGate` of the literals that matches of ``patterns`` need: a text it does not pass cannot
    match any of them. None if some pattern promises no literal."""
    literals: set[tuple[str, bool]] = set()
    for pattern in patterns:
        found = required_literals(pattern)
        if found is None:
            return None
        literals |= found
    return LiteralGate(literals) if literals else None


def _variants(char: str) -> set[str]:
    return _case_variants(char) if char.lower() != char.upper() else {char}


def _spelled(text: str) -> str:
    """``text`` ignoring case as a pattern of classes (``[Cc][Oo]…``), the cases ``re`` takes for each letter."""
    parts = []
    for c in text:
        variants = _variants(c)
        parts.append(re.escape(c) if len(variants) == 1 else f"[{''.join(re.escape(v) for v in sorted(variants))}]")
    return "".join(parts)


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
