"""The boilerplate lexicons: the wording of site furniture, one file per reason, matched against a line.

``resources/boilerplate/<reason>.txt`` holds one regular expression a line. Each
reason's patterns are searched as one :class:`Lexicon`; a :class:`~corpus_clean.prefilter.Prefilter`
first tells which lexicons could match a line at all, from the characters their
patterns need, so most lines search none. Lines are matched in Simplified form
(the caller converts them), so one lexicon serves both scripts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from ..chars import for_re
from ..prefilter import Prefilter, literal_gate

LEXICON_ORDER = ("editor_line", "copyright", "source_footer", "disclaimer", "qr_or_subscription", "share_prompt",
                 "pagination", "navigation", "related_articles", "advertisement", "page_furniture")
"""Order of precedence when several lexicons match one line (``seo_spam`` is only read by the shape tests)."""
SHORT_ONLY = frozenset(("qr_or_subscription", "share_prompt", "pagination", "navigation", "related_articles",
                        "advertisement", "page_furniture", "source_footer", "editor_line"))
"""Reasons whose wording can also open an ordinary sentence: only trusted on lines that are not sentences."""
SEARCH_TIMEOUT = 1.0
"""Seconds a floating lexicon search may take: the last safety net, never reached by a linear pattern (the
guard tests check that every pattern is); a line that reaches it is kept as body and counted ``unjudged``."""
_LEADING_FLAGS = re.compile(r"^\(\?([a-zA-Z]+)\)")


def scoped(pattern: str) -> str:
    """``(?i)abc|def`` -> ``(?i:abc|def)``: a pattern's flags stay with it once it joins an alternation."""
    m = _LEADING_FLAGS.match(pattern)
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else pattern


def starts_at_line_start(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts at the line start: a leading ``^`` and no ``|``
    outside groups and classes (``^a|b`` matches ``b`` anywhere)."""
    if not pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
    return True


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


class Lexicon:
    """The patterns of one reason, searched in a line as one.

    Patterns anchored at the line start are tried at that one position, with
    the standard ``re`` engine (fastest there); the others are searched with
    ``regex``, whose literal scanning is faster for them. Splitting the two is
    several times faster than searching one alternation of all of them. Before
    either, a literal gate (:func:`~corpus_clean.prefilter.literal_gate`) looks
    for the words every match needs; most lines hold none.
    """

    def __init__(self, patterns: list[str]) -> None:
        patterns = [scoped(p) for p in patterns]
        anchored = [p[1:] for p in patterns if starts_at_line_start(p)]
        floating = [p for p in patterns if not starts_at_line_start(p)]
        self._start: Any = None
        if anchored:
            try:
                self._start = re.compile(_alternation([for_re(p) for p in anchored]))
            except re.error:  # a pattern only the regex module reads
                self._start = regex.compile(_alternation(anchored))
        self._anywhere = regex.compile(_alternation(floating)) if floating else None
        self._gate = literal_gate(patterns)

    def search(self, text: str) -> Any:
        """A match of any pattern in ``text``, or None."""
        if self._gate is not None and not self._gate.search(text):
            return None  # none of the words every match needs is in the text
        if self._start is not None:
            m = self._start.match(text)
            if m:
                return m
        return self._anywhere.search(text, timeout=SEARCH_TIMEOUT) if self._anywhere is not None else None


@lru_cache(maxsize=1)
def lexicon_patterns() -> dict[str, list[str]]:
    """The patterns of each reason, from ``resources/boilerplate/<reason>.txt``."""
    folder = resources.files("corpus_clean.resources").joinpath("boilerplate")
    patterns: dict[str, list[str]] = {}
    for reason in (*LEXICON_ORDER, "seo_spam"):
        lines = folder.joinpath(f"{reason}.txt").read_text(encoding="utf-8").splitlines()
        patterns[reason] = [scoped(p) for p in lines if p.strip() and not p.startswith("#")]
    return patterns


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    """The lexicon of each reason, from ``resources/boilerplate/<reason>.txt``."""
    return {reason: Lexicon(patterns) for reason, patterns in lexicon_patterns().items()}


@lru_cache(maxsize=1)
def lexicon_prefilter() -> Prefilter:
    """Which lexicons could match a line, from the characters their patterns need: most short
    lines hold none of them, and a lexicon ruled out is not searched."""
    return Prefilter(lexicon_patterns())


@lru_cache(maxsize=1)
def sentence_lexicons() -> int:
    """The prefilter bits of the lexicons that are searched on sentences too (those not in :data:`SHORT_ONLY`)."""
    prefilter = lexicon_prefilter()
    return sum(prefilter.bits[r] for r in prefilter.names if r not in SHORT_ONLY)
