"""MkDocs hook: the reason reference, generated at build time from the cleaners' own reason tables.

Each cleaner class declares ``name`` and ``reasons`` (reason -> meaning); the
pipeline's :data:`corpus_clean.CLEANERS` lists them in order. ``docs/reasons.md``
holds the marker below, which this hook replaces with one table per cleaner,
so the reference cannot drift from the code. A page without the marker, or a
reason without a meaning, fails the build.
"""
from __future__ import annotations

from typing import Any

MARKER = "<!-- reason tables: generated from corpus_clean.CLEANERS at build time -->"
_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|"} | {"<": "&lt;", ">": "&gt;"})


def _plain(text: str) -> str:
    """Text shown as it is in a Markdown table cell: no emphasis, links, tags or cell breaks."""
    return text.translate(_MARKDOWN_SPECIAL)


def reason_tables() -> str:
    """One Markdown section per cleaner: its class, what it does, and its reasons with their meanings."""
    from corpus_clean import CLEANERS

    parts = []
    for name, cls in CLEANERS.items():
        summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
        parts.append(f"## `{name}` (`{cls.__name__}`)\n\n{summary}\n")
        if not cls.reasons:
            parts.append("Removes no whole line: its edits inside kept lines are counted in `meta.changes`.\n")
            continue
        rows = ["| reason | meaning |", "|---|---|"]
        for reason, meaning in cls.reasons.items():
            if not meaning.strip():
                raise ValueError(f"cleaner {name!r}: reason {reason!r} has no meaning in its reason table")
            rows.append(f"| `{reason}` | {_plain(meaning)} |")
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Fill the reason reference page; leave every other page as it is."""
    if page.file.src_uri != "reasons.md":
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"docs/reasons.md lacks the marker {MARKER!r}")
    return markdown.replace(MARKER, reason_tables())
