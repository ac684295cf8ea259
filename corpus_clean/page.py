"""The working state of one page as it moves through the cleaners.

A page is a list of :class:`Line` objects. Cleaners never delete a line from the
list: a line they take out keeps its place with ``kind = "removed"`` and a
:class:`~corpus_clean.record.Removal`, so later cleaners still see the layout
(a paragraph split around an advertisement can be rejoined) and the final
records can say where each removal belonged.

Kinds of line:

``body``      article text (a paragraph or part of one)
``heading``   a headline or section heading (its ``role`` says which)
``meta``      a metadata line (byline, date line, journal line...); it is also
              recorded as removed, and its parsed ``values`` feed the record
``removed``   taken out; ``removal`` says by whom and why
``blank``     an empty line; a separator, not text
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add
from types import MappingProxyType
from typing import Any

from .quality.signals import quality_signals
from .quality.thresholds import PAGE_KEY, judge
from .record import Article, Removal, fill_from_document

BODY, HEADING, META, REMOVED, BLANK = "body", "heading", "meta", "removed", "blank"
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
class Edits(dict):  # type: ignore[type-arg]
    """Counts of changes by (cleaner, reason): a dict whose missing keys count 0, and whose
    :meth:`update` adds counts as :class:`collections.Counter` does. Lighter to create than a
    Counter; a line makes one when its first edit is counted."""

    __slots__ = ()

    def __missing__(self, key: tuple[str, str]) -> int:
        return 0

    def update(self, other=(), /, **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        for key, count in dict(other, **kwargs).items():
            self[key] += count


NO_EDITS: Counter[str] = Counter()
"""What an edit function returns for a line it leaves alone; shared, never to be changed."""
TEXT_KINDS = (BODY, HEADING)


NO_FEATURES: Mapping[str, Any] = MappingProxyType({})
"""The features of a line whose source said nothing beyond its text (every line of a text page); shared, read-only."""


class Line:
    """One line of a page and everything the cleaners have learned about it.

    Most lines never get parsed values, counted edits or audit spans, so those containers are made when first
    read (a page of 400 lines would otherwise allocate 1,200 empty ones, which the garbage collector then walks
    while the page lives). :attr:`has_values`, :attr:`has_edits` and :attr:`has_spans` ask without making them.
    Lines compare equal when all their fields do, as a dataclass's would.
    """

    __slots__ = ("text", "kind", "role", "starts_article", "removal", "_features", "_values", "_edits", "_spans")
    __match_args__ = ("text", "kind", "role", "starts_article", "removal", "values", "edits", "spans", "features")
    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    text: str
    kind: str
    role: str | None
    """For headings and metadata: ``title``, ``subtitle``, ``section``, ``byline``..."""
    starts_article: bool
    removal: Removal | None

    def __init__(self, text: str, kind: str = BODY, role: str | None = None, starts_article: bool = False,
                 removal: Removal | None = None, values: dict[str, Any] | None = None, edits: Edits | None = None,
                 spans: list[dict[str, str]] | None = None, features: Mapping[str, Any] | None = None) -> None:
        self.text = text
        self.kind = kind
        self.role = role
        self.starts_article = starts_article
        self.removal = removal
        self._features = features
        self._values = values
        self._edits = edits
        self._spans = spans

    @property
    def features(self) -> Mapping[str, Any]:
        """What the line's source said about it beyond its text: for a block of an HTML document, its DOM
        features (``link_density``, ``punct_density``, ``chars``, ``tag``, ``path``); empty for text pages (the
        shared :data:`NO_FEATURES`, never stored in the line, which copies and pickles as before)."""
        return NO_FEATURES if self._features is None else self._features

    @features.setter
    def features(self, features: Mapping[str, Any]) -> None:
        self._features = features

    @property
    def values(self) -> dict[str, Any]:
        """Metadata parsed from the line (authors, date, publication...)."""
        if self._values is None:
            self._values = {}
        return self._values

    @values.setter
    def values(self, values: dict[str, Any]) -> None:
        self._values = values

    @property
    def edits(self) -> Edits:
        """Spans changed inside the line, counted by (cleaner, reason)."""
        if self._edits is None:
            self._edits = Edits()
        return self._edits

    @edits.setter
    def edits(self, edits: Edits) -> None:
        self._edits = edits

    @property
    def spans(self) -> list[dict[str, str]]:
        """The changed spans one by one, kept only when a cleaner is asked for a full audit."""
        if self._spans is None:
            self._spans = []
        return self._spans

    @spans.setter
    def spans(self, spans: list[dict[str, str]]) -> None:
        self._spans = spans

    @property
    def has_values(self) -> bool:
        """Whether the line carries parsed values (without making the container to find out)."""
        return bool(self._values)

    @property
    def has_edits(self) -> bool:
        """Whether any edit was counted on the line."""
        return bool(self._edits)

    @property
    def has_spans(self) -> bool:
        """Whether any changed span was kept for the audit."""
        return bool(self._spans)

    def _fields(self) -> tuple[Any, ...]:
        return (self.text, self.kind, self.role, self.starts_article, self.removal, self._values or {},
                self._edits or {}, self._spans or [], self.features)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        names = ("text", "kind", "role", "starts_article", "removal", "values", "edits", "spans", "features")
        shown = [*self._fields()[:-1], dict(self.features)]
        return f"Line({', '.join(f'{n}={v!r}' for n, v in zip(names, shown))})"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    def remove(self, cleaner: str, reason: str) -> None:
        """Take the line out of the article text, recording who did and why."""
        self.removal = Removal(self.text, cleaner, reason)
        self.kind = REMOVED

    def restore(self, kind: str = HEADING) -> None:
        """Put a removed line back into the text, as ``kind``: a later cleaner saw what it is."""
        self.removal = None
        self.kind = kind

    def mark_meta(self, cleaner: str, kind: str, values: Mapping[str, Any] | None = None) -> None:
        """Turn the line into metadata: out of the text, recorded as ``metadata_<kind>``."""
        self.removal = Removal(self.text, cleaner, f"metadata_{kind}")
        self.kind = META
        self.role = kind
        if values:
            self.values.update(values)


def _triggered(lines: list[Line], trigger: re.Pattern[str]) -> list[Line]:
    """The lines that hold a match of ``trigger`` or carry values, in order.

    One scan of the page finds the first match; each later scan starts at the
    line after the last one found, so a page pays one search per line that
    matches, not one per line.
    """
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    match = trigger.search(joined)
    if match is None:
        return [ln for ln in lines if ln._values]
    ends = list(map(add, accumulate(map(len, texts)), range(1, len(texts) + 1)))  # one past each line's break
    hit = [False] * len(lines)
    while match is not None:
        index = bisect_right(ends, match.start())
        hit[index] = True
        match = trigger.search(joined, ends[index]) if index + 1 < len(lines) else None
    return [ln for ln, h in zip(lines, hit) if h or ln._values]  # the slot: asking ``values`` would make it


def map_value(value: Any, fn: Callable[[str], str]) -> Any:
    """``fn`` applied to a line value's strings (a string, or a list of them such as authors); other values as they are."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [map_value(v, fn) for v in value]
    return value


@dataclass
class Page:
    """One page: where it came from, its lines, and page-level facts."""

    source: str
    lines: list[Line]
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Page:
        """Split a page into lines. Zero-width characters and lone surrogates go first (counted as
        ``normalize`` edits): left in place they hide the punctuation every later step reads."""
        if not _INVISIBLE.search(text) and not _SURROGATE.search(text):
            return cls(source=source, lines=[Line(raw, BODY if raw.strip() else BLANK) for raw in text.splitlines()])
        lines = []
        for raw in text.splitlines():
            clean, n = _INVISIBLE.subn("", raw)
            clean, bad = _SURROGATE.subn("\ufffd", clean)
            line = Line(clean, BLANK if not clean.strip() else BODY)
            if n:
                line.edits[("normalize", "invisible")] += n
            if bad:
                line.edits[("normalize", "lone_surrogate")] += bad
            lines.append(line)
        return cls(source=source, lines=lines)

    def live(self) -> list[Line]:
        """Lines that are still article text (body or heading), in order."""
        return [ln for ln in self.lines if ln.is_text]

    def edit_lines(self, cleaner: str, fn: Callable[[str], tuple[str, Mapping[str, int]]],
                   kinds: tuple[str, ...] = (BODY, HEADING, META),
                   spans: Callable[[str], list[tuple[str, str]]] | None = None,
                   trigger: re.Pattern[str] | None = None) -> None:
        """Apply a text edit to every line of the given kinds and count what changed.

        ``fn`` returns the new text and a counter of edits by reason. Metadata
        values parsed from a line are edited the same way, so that, for example,
        an author name is converted to the target script with its line. For a
        full audit, ``spans`` lists the (reason, text) of each span removed from
        a changed line; they are kept in ``line.spans``.

        ``trigger`` is a pattern that finds, inside one line, something ``fn``
        could change: lines without a match (and a page without any) are left
        unread, which is most lines for most cleaners. The page is searched with
        its lines joined by ``\\n``, so a trigger must not match a line break.
        """
        lines = [ln for ln in self.lines if ln.kind in kinds]
        if trigger is not None:
            lines = _triggered(lines, trigger)
        for line in lines:
            new, counts = fn(line.text)
            if counts:
                for reason, n in counts.items():
                    line.edits[(cleaner, reason)] += n
                if spans is not None:
                    line.spans.extend({"cleaner": cleaner, "reason": r, "text": t} for r, t in spans(line.text))
            line.text = new
            if line.has_values:
                line.values = {k: map_value(v, lambda s: fn(s)[0]) for k, v in line.values.items()}

    def to_articles(self) -> list[Article]:
        """Assemble the article records.

        A line with ``starts_article`` opens a new article. A stretch without
        article text (a run of removed lines, a lone headline) joins the article
        before it, or the first article when it stands before all of them, as
        SPEC.md asks of page-level lines. A page with no text left gives no record.
        """
        groups: list[list[Line]] = []
        for line in self.lines:
            if not groups or line.starts_article:
                groups.append([])
            groups[-1].append(line)
        articles: list[list[Line]] = []
        before_first: list[Line] = []
        for group in groups:
            if any(ln.is_text for ln in group):
                articles.append(before_first + group if not articles else group)
                before_first = []
            elif articles:
                articles[-1].extend(group)
            else:
                before_first.extend(group)
        records = [self._article(i, g) for i, g in enumerate(articles)]
        if records:
            fill_from_document(records[0], records[0].meta)
        thresholds = self.meta.get(PAGE_KEY)  # declared by the quality step, when it ran
        if thresholds and thresholds.get("drop", True):
            for record in records:
                verdict = judge(record.meta["quality"], thresholds)
                if verdict is not None:
                    record.meta["excluded"] = verdict
        return records

    def _article(self, n: int, lines: list[Line]) -> Article:
        """One record from its lines, read in one pass: the first ``title`` and ``subtitle`` headings, the other
        text lines as paragraphs, the metadata lines' values, the edits and the removals. (The lines' own slots
        are read: asking ``values`` or ``edits`` of a line makes the container.)"""
        title: str | None = None
        subtitle: str | None = None
        paragraphs: list[str] = []
        removed: list[Removal] = []
        authors: list[str] = []
        date: str | None = None
        meta: dict[str, Any] = {
            "original_script": self.meta.get("original_script", "unknown"),
            "target_script": self.meta.get("target_script", "keep"),
            "continued": False,
        }
        for key in ("traditional_variant",):
            if key in self.meta:
                meta[key] = self.meta[key]
        changes: dict[str, dict[str, int]] = {}
        spans: list[dict[str, str]] = []
        for ln in lines:
            kind = ln.kind
            if kind in TEXT_KINDS:
                role = ln.role
                if role == "title":
                    if title is None and kind == HEADING:
                        title = ln.text.strip()
                elif role == "subtitle":
                    if subtitle is None and kind == HEADING:
                        subtitle = ln.text.strip()
                else:
                    text = ln.text.strip()
                    if text:
                        paragraphs.append(text)
            if ln.removal is not None:
                removed.append(ln.removal)
            if ln._edits:
                for (cleaner, reason), count in ln._edits.items():
                    changes.setdefault(cleaner, {})
                    changes[cleaner][reason] = changes[cleaner].get(reason, 0) + count
            if ln._spans:
                spans.extend(ln._spans)
            values = ln._values
            if not values:
                continue
            if kind == REMOVED:
                for key, value in values.items():
                    meta.setdefault(key, value)
            if kind != META:
                continue
            for name in values.get("authors", []):
                if name not in authors:
                    authors.append(name)
            if date is None and values.get("date") and ln.role != "page_date":
                date = values["date"]
            if values.get("continued"):
                meta["continued"] = True
            for key, value in values.items():
                if key not in ("authors", "date", "continued", "masthead", "closing_credit"):
                    meta.setdefault(key, value)
        if date is None:
            date = self.meta.get("page_date")
        meta["changes"] = changes
        meta["quality"] = quality_signals(paragraphs, repetition_signals=PAGE_KEY in self.meta)
        if spans:
            meta["edits"] = spans
        return Article(id=f"{self.source}#{n}", source=self.source, title=title, subtitle=subtitle,
                       authors=authors, date=date, paragraphs=paragraphs, meta=meta, removed=removed)
