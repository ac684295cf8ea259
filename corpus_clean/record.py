"""The output contract: article records and the audit of what was removed.

An :class:`Article` has exactly the fields of SPEC.md. ``text`` is derived from
``paragraphs`` (joined with ``\\n``) so the two can never disagree; it is still
written to and accepted from JSON like every other field.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("id", "source", "title", "subtitle", "authors", "date", "paragraphs", "text", "meta", "removed")


@dataclass(frozen=True)
class Removal:
    """One whole line taken out of a page: its text, the cleaner that took it, and why."""

    text: str
    cleaner: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "cleaner": self.cleaner, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        try:
            return cls(text=str(data["text"]), cleaner=str(data["cleaner"]), reason=str(data["reason"]))
        except KeyError as err:
            raise ValueError(f"removed entry lacks the key {err.args[0]!r}: {data!r}") from None


@dataclass
class Article:
    """One cleaned article, as written to JSON Lines."""

    id: str
    source: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "date": self.date,
            "paragraphs": list(self.paragraphs),
            "text": self.text,
            "meta": self.meta,
            "removed": [r.to_dict() for r in self.removed],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build a record from its dict form; unknown keys are an error, ``text`` is re-derived."""
        unknown = set(data) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown article fields: {sorted(unknown)}")
        for key in ("id", "source"):
            if not isinstance(data.get(key), str):
                raise ValueError(f"article field {key!r} must be a string, got {data.get(key)!r}")
        return cls(
            id=data["id"],
            source=data["source"],
            title=data.get("title"),
            subtitle=data.get("subtitle"),
            authors=list(data.get("authors") or []),
            date=data.get("date"),
            paragraphs=list(data.get("paragraphs") or []),
            meta=dict(data.get("meta") or {}),
            removed=[Removal.from_dict(r) for r in data.get("removed") or []],
        )

    def to_json(self) -> str:
        """One JSON Lines row: UTF-8 text, not ASCII-escaped."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Article:
        return cls.from_dict(json.loads(line))


def fill_from_document(article: Article, meta: dict[str, Any]) -> None:
    """Give ``article`` the title, date and authors its HTML document stated where its text gave none.

    ``meta`` holds ``html_title``, ``html_date``, ``html_authors`` (see ``corpus_clean.html``) when they were found.
    """
    if article.title is None and meta.get("html_title"):
        article.title = str(meta["html_title"])
    if article.date is None and meta.get("html_date"):
        article.date = str(meta["html_date"])
    if not article.authors and meta.get("html_authors"):
        article.authors = [str(a) for a in meta["html_authors"]]
