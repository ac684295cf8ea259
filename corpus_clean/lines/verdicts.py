"""What today's single-line judgement says of each line, as the strings the features read.

``body``, ``heading``, ``meta:<kind>`` or ``removed:<reason>``: the rule-based verdict of
:func:`corpus_clean.cleaners.spam_lines.judge` (lexicons, metadata parsers, shapes), used by the
model as features of a line, not as the final word.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..cleaners.spam_lines import judge
from ..convert import to_simplified_lines


def page_verdicts(texts: Sequence[str]) -> list[str]:
    """The verdict string of each line (``""`` for the empty ones)."""
    present = [t for t in texts if t]
    simple = iter(to_simplified_lines(present))
    return [judge(t, next(simple)).label if t else "" for t in texts]
