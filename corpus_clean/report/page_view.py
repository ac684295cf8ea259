"""A sampled page as lines coloured by fate, rebuilt from what its records hold.

Records keep the title, subtitle and paragraphs of each article in page order,
and the lines taken out of it (``removed``) in page order, but not where each
removed line stood among the kept ones. The view therefore shows, for each
article: its headings, then its metadata lines (bylines and datelines stand by
the headline), then its body, then the other removed lines, each group in page
order. Removed lines that the record lists before its first metadata line
(or, without one, a leading run of lines whose reason places them above a
headline) are shown above the headings, as they stood above the byline in the
page. In-line edits are known only as counts per reason (``meta.changes``) and,
when a cleaner ran with ``audit = true``, as the spans removed (``meta.edits``),
without their place in the line; they are shown with the article they belong to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BODY, HEADING, META, REMOVED = "body", "heading", "meta", "removed"

METADATA_FIELDS: dict[str, tuple[str, ...]] = {
    "metadata_byline": ("authors",),
    "metadata_dateline": ("authors",),
    "metadata_date": ("date",),
    "metadata_journal": ("publication", "issue"),
    "metadata_keywords": ("keywords",),
    "metadata_info": ("source_site", "authors", "date", "editor"),
    "metadata_continuation": ("continued", "continues_on"),
}
"""The record fields each kind of metadata line can fill (``authors`` and ``date`` are top-level fields,
the others are in ``meta``)."""

ABOVE_HEADLINE = {("segment", "page_furniture"), ("segment", "section_label"), ("segment", "orphan_headline")}
"""Removals that by their meaning stood above a headline (see the segment cleaner's reason table)."""


@dataclass
class ViewLine:
    """One line of the view: its text, its fate, and what explains the fate."""

    text: str
    fate: str
    cleaner: str = ""
    reason: str = ""
    filled: str = ""  # for metadata: "field: value" of what the record holds for the fields this line fills


@dataclass
class ArticleView:
    """One article of a page: its lines and the edits made inside them."""

    id: str
    lines: list[ViewLine] = field(default_factory=list)
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    edits: list[dict[str, str]] = field(default_factory=list)


def _value(rec: dict[str, Any], name: str) -> Any:
    if name in ("authors", "date"):
        return rec.get(name)
    return (rec.get("meta") or {}).get(name)


def filled_fields(rec: dict[str, Any], reason: str) -> str:
    """``field: value`` for each record field a metadata line of this reason can fill and that is set."""
    parts = []
    for name in METADATA_FIELDS.get(reason, ()):
        value = _value(rec, name)
        if value in (None, "", [], False):
            continue
        shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)


def _is_meta(removal: dict[str, Any]) -> bool:
    return str(removal.get("reason", "")).startswith("metadata_")


def _split_removed(removed: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(lines above the headings, the others): see the module docstring."""
    first_meta = next((i for i, r in enumerate(removed) if _is_meta(r)), None)
    if first_meta is None:
        first_meta = 0
        while first_meta < len(removed) and (removed[first_meta].get("cleaner"),
                                             removed[first_meta].get("reason")) in ABOVE_HEADLINE:
            first_meta += 1
    return removed[:first_meta], removed[first_meta:]


def _removed_line(rec: dict[str, Any], r: dict[str, Any]) -> ViewLine:
    reason = str(r.get("reason", ""))
    if _is_meta(r):
        return ViewLine(str(r.get("text", "")), META, str(r.get("cleaner", "")), reason, filled_fields(rec, reason))
    return ViewLine(str(r.get("text", "")), REMOVED, str(r.get("cleaner", "")), reason)


def article_view(rec: dict[str, Any]) -> ArticleView:
    """The lines of one record, grouped by fate as the module docstring explains."""
    view = ArticleView(id=str(rec.get("id", "")))
    above, rest = _split_removed([r for r in rec.get("removed") or [] if isinstance(r, dict)])
    view.lines.extend(_removed_line(rec, r) for r in above)
    for key in ("title", "subtitle"):
        if rec.get(key):
            view.lines.append(ViewLine(str(rec[key]), HEADING, reason=key))
    view.lines.extend(_removed_line(rec, r) for r in rest if _is_meta(r))
    view.lines.extend(ViewLine(str(p), BODY) for p in rec.get("paragraphs") or [])
    view.lines.extend(_removed_line(rec, r) for r in rest if not _is_meta(r))
    meta = rec.get("meta") or {}
    view.changes = {c: dict(per) for c, per in (meta.get("changes") or {}).items() if per}
    view.edits = [e for e in meta.get("edits") or [] if isinstance(e, dict)]
    return view
