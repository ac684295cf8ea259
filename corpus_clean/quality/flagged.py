"""The flagged-words signal: how much of a text porn and gambling spam words cover.

The words are data (``resources/quality/flagged_words.txt``, documented in its
README and in docs/quality_signals.md); they are matched on a Simplified copy of the
text with one alternation, longest word first, so each character counts once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..convert import to_simplified
from ..prefilter import required_chars

RESOURCE = "quality/flagged_words.txt"


@lru_cache(maxsize=1)
def flagged_words() -> tuple[str, ...]:
    """The flagged words, longest first."""
    text = resources.files("corpus_clean.resources").joinpath(RESOURCE).read_text(encoding="utf-8")
    words = {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], frozenset[str] | None]:
    """The alternation of the words (run on lower-cased text: IGNORECASE is 6x slower), and characters one of
    which every match holds, so that a text without any is not searched."""
    source = "|".join(map(re.escape, flagged_words()))
    return re.compile(source), required_chars(source)


def flagged_chars(text: str) -> int:
    """Characters of ``text`` inside a flagged word (matches do not overlap)."""
    pattern, needed = _patterns()
    simple = to_simplified(text)
    if needed is not None and needed.isdisjoint(simple) and needed.isdisjoint(simple.lower()):
        return 0
    return sum(m.end() - m.start() for m in pattern.finditer(simple.lower()))
