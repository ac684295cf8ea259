"""One line judged alone, without its neighbours: removed (with a reason), metadata, heading or body.

The order of the tests is the order of trust: a long paragraph ending in 。 is
body unless a copyright or disclaimer lexicon names it; then punctuation-only
lines, the metadata parsers (:mod:`.metadata_lines`), the lexicons
(:mod:`.lexicons`, the wordings that could also open a sentence only on lines
that are not sentences), and last the shapes (:mod:`.line_shape`).
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..chars import for_re
from ..convert import to_simplified
from ..page import BODY, HEADING, META
from ..prefilter import Prefilter
from ..roles import EDITOR_ROLES, alternation
from .lexicons import LEXICON_ORDER, lexicon_prefilter, lexicons, sentence_lexicons
from .line_shape import balanced, ends_with_full_stop, heading_like, is_sentence, shape_reason
from .metadata_lines import CITATION, parse_date, parse_info, parse_journal, parse_keywords

_TEXT_CHAR = re.compile(r"[^\W_]")
_HAN = re.compile(for_re(r"\p{Han}"))
# labels that open a reposted article's reference lines and never a sentence, whatever follows them
# (原标题：亚运场馆赛后利用怎么样？…)
_LABEL_START = re.compile(r"^[（(【\[]?\s*(?:原标题|原文标题|原题|原文链接|原文地址|本文链接|文章链接|网页链接)\s*[:：]")
_EDITOR = re.compile(for_re(rf"{alternation(EDITOR_ROLES)}\s*[:：/|｜]\s*(\p{{Han}}{{2,4}})"))


_ORDERED: dict[int, tuple[str, ...]] = {}
"""The reasons of each prefilter mask met so far, in :data:`LEXICON_ORDER` (at most one entry per mask)."""
_ORDERED_BY: list[Prefilter | None] = [None]
"""The prefilter whose bits :data:`_ORDERED` read."""


def _in_order(prefilter: Prefilter, possible: int) -> tuple[str, ...]:
    """The lexicons whose prefilter bits are in ``possible``, in the order they are searched."""
    if _ORDERED_BY[0] is not prefilter:
        _ORDERED.clear()
        _ORDERED_BY[0] = prefilter
    reasons = _ORDERED.get(possible)
    if reasons is None:
        reasons = _ORDERED[possible] = tuple(r for r in LEXICON_ORDER if possible & prefilter.bits[r])
    return reasons


@dataclass(frozen=True)
class Verdict:
    """How one line was judged: ``kind`` body, heading, meta or removed; ``values`` what a metadata line gave."""

    kind: str
    reason: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``body``, ``heading``, ``meta:<kind>`` or ``removed:<reason>``: the verdict as the line model reads it."""
        return self.kind if self.kind in (BODY, HEADING) else f"{self.kind}:{self.reason or ''}"


def judge(text: str, simple: str | None = None, looks_like: Callable[[str], bool] = heading_like) -> Verdict:
    """Judge one line on its own (no neighbours); ``simple`` is its Simplified form if known,
    ``looks_like`` the :func:`heading_like` to use (the cleaner passes one that remembers its answers)."""
    key = " ".join((to_simplified(text) if simple is None else simple).split())
    if len(key) > 60 and ends_with_full_stop(key) and _HAN.search(key):
        # the common case, a paragraph: metadata lines and shapes are short, only footers can be this long
        compiled = lexicons()
        for reason in ("copyright", "disclaimer"):
            if compiled[reason].search(key):
                return Verdict("removed", reason)
        return Verdict(BODY)
    if not _TEXT_CHAR.search(key):
        return Verdict("removed", "punctuation_only")
    date = parse_date(key) if key[0].isdigit() else None
    if date is not None:
        return Verdict(META, "date", date)
    journal = parse_journal(key) if "期" in key else None
    if journal is not None:
        return Verdict(META, "journal", journal)
    colon = ":" in key or "：" in key
    info = parse_info(key) if colon and len(key) <= 120 else None
    if info is not None:
        return Verdict(META, "info", info)
    keywords = parse_keywords(key) if colon or ">" in key or "＞" in key else None
    if keywords is not None:
        return Verdict(META, "keywords", keywords)
    # a full sentence ending in 。 is prose even when it uses the words of a prompt
    full_stop = len(key) >= 8 and ends_with_full_stop(key) and bool(_HAN.search(key))
    # quoted speech (“下载个APP就能查到！”) is never site furniture, whatever words it uses
    quoted = key[:1] in "“「『\"" and key[-1:] in "”」』\"" and balanced(key)
    sentence = (full_stop or quoted or is_sentence(key)) and not _LABEL_START.match(key)
    compiled = lexicons()
    prefilter = lexicon_prefilter()
    possible = prefilter.mask(key) & (sentence_lexicons() if sentence else -1)
    for reason in _in_order(prefilter, possible) if possible else ():
        try:
            found = compiled[reason].search(key)
        except TimeoutError:
            return Verdict(BODY, "unjudged")
        if found:
            editor = _EDITOR.search(key) if reason == "editor_line" else None
            return Verdict("removed", reason, {"editor": editor.group(1)} if editor else {})
    shape = None if full_stop else shape_reason(key)
    if shape:
        return Verdict("removed", shape)
    if "期" in key and CITATION.match(key):
        return Verdict("removed", "related_articles")
    return Verdict(HEADING if looks_like(text) else BODY)


_NO_VALUES: Mapping[str, Any] = MappingProxyType({})
MEMO_LINES = 1 << 15
"""Verdicts a :class:`JudgedLines` keeps per generation: two generations."""
MEMO_CHARS = 120
"""Only lines of at most this many characters are remembered: furniture is short, a long line is judged cheaply
(a paragraph's test comes first), and with this bound the two generations hold at most about 30 MB."""


class JudgedLines:
    """:func:`judge` with its verdicts remembered across pages, by the line's text.

    Site furniture recurs on every page of a site (menus, footers, share prompts, counters), and a corpus
    of a million pages holds each such line thousands of times; its verdict depends on the text alone, so
    it is worked out once. Two generations of at most :data:`MEMO_LINES` lines each, of at most
    :data:`MEMO_CHARS` characters: when the newer one fills up it becomes the older and the oldest is dropped,
    so memory stays bounded and a line asked often stays remembered. A verdict with values is handed out as a
    new one with a copy of them; one without is the remembered verdict itself, frozen, its values a read-only
    empty mapping: either way a page cannot change another's. A search that ran out of time (``unjudged``) is
    not remembered.
    """

    def __init__(self, size: int = MEMO_LINES) -> None:
        self.size = size
        self._new: dict[str, Verdict] = {}
        self._old: dict[str, Verdict] = {}

    def judge(self, text: str, simple: str | None = None, looks_like: Callable[[str], bool] = heading_like) -> Verdict:
        """:func:`judge` of ``text``, worked out once per text (``looks_like`` must answer from the text alone)."""
        if len(text) > MEMO_CHARS:
            return judge(text, simple, looks_like)
        verdict = self._new.get(text)
        if verdict is None:
            verdict = self._old.get(text)
            if verdict is None:
                verdict = judge(text, simple, looks_like)
                if verdict.reason == "unjudged":
                    return verdict
            self._remember(text, verdict)
        return Verdict(verdict.kind, verdict.reason, copy.deepcopy(dict(verdict.values))) if verdict.values else verdict

    def _remember(self, text: str, verdict: Verdict) -> None:
        if len(self._new) >= self.size:
            self._old, self._new = self._new, {}
        # handed out as it is when it has no values: frozen, with a read-only empty mapping, nobody can change it
        self._new[text] = verdict if verdict.values else Verdict(verdict.kind, verdict.reason, _NO_VALUES)

    def clear(self) -> None:
        """Forget every verdict (a benchmark that runs a corpus twice times the second run as the first)."""
        self._new, self._old = {}, {}

    def __len__(self) -> int:
        """How many lines' verdicts are remembered."""
        return len(self._new) + len(self._old.keys() - self._new.keys())


judged_lines = JudgedLines()
"""The process's memo of verdicts (cleaners hold only their settings; caches live in modules)."""
