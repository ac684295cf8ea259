"""What today's single-line judgement says of each line, as the strings the features read.

``body``, ``heading``, ``meta:<kind>`` or ``removed:<reason>``: the rule-based verdict of
:func:`corpus_clean.cleaners.spam_lines.judge` (lexicons, metadata parsers, shapes), used by the
model as features of a line, not as the final word.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..cleaners.spam_lines import Verdict, judge
from ..convert import to_simplified_lines


def verdict_string(verdict: Verdict) -> str:
    """``body`` / ``heading`` / ``meta:<kind>`` / ``removed:<reason>`` for one :class:`Verdict`."""
    if verdict.kind in ("body", "heading"):
        return verdict.kind
    return f"{verdict.kind}:{verdict.reason or ''}"


def page_verdicts(texts: Sequence[str]) -> list[str]:
    """The verdict string of each line (``""`` for the empty ones)."""
    present = [t for t in texts if t]
    simple = iter(to_simplified_lines(present))
    return [verdict_string(judge(t, next(simple))) if t else "" for t in texts]
