"""Lines judged among their neighbours: related-articles blocks, bylines, the page's tail, headings.

Each pass reads the page after the lines were judged alone (:mod:`.line_verdict`)
and changes what the neighbours decide; ``cleaner`` is the name the removals and
metadata are recorded under.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..chars import han_count
from ..convert import to_simplified
from ..names import may_be_byline, parse_byline
from ..page import BLANK, BODY, HEADING, META, REMOVED, Line, Page
from .lexicons import lexicons
from .line_shape import heading_like, is_clause, starts_with_role, strong_body
from .metadata_lines import CITATION
from .rejoin import is_caption, word_spans_break

_COLON_VALUE = re.compile(r"[:：]\s*\S")


def is_block_header(text: str) -> bool:
    """A related-articles header (``猜你喜歡``, ``相关阅读``) with nothing after it: the titles follow on their own lines."""
    key = " ".join(to_simplified(text).split())
    return bool(lexicons()["related_articles"].search(key)) and not _COLON_VALUE.search(key)


def related_blocks(page: Page, cleaner: str) -> None:
    """A related-articles header takes the short title and citation lines under it, up to the first body text."""
    in_block = False
    for line in page.lines:
        if line.kind == "removed" and line.removal and line.removal.reason == "related_articles":
            in_block = in_block or is_block_header(line.removal.text)
            continue
        if not in_block or not line.is_text:
            continue
        text = line.text.strip()
        if strong_body(text) and not CITATION.match(to_simplified(text)) and (
                text[-1] in "。" or len(text) > 40 and han_count(text) > 40):
            in_block = False
            continue
        line.remove(cleaner, "related_articles")


def bylines(page: Page, cleaner: str, looks_like: Callable[[str], bool] = heading_like) -> None:
    """A line of person names is a byline when a role word says so or when it stands under a heading."""
    previous: Line | None = None
    for line in page.lines:
        kind = line.kind
        if kind == BLANK or kind == REMOVED:
            continue
        if (kind == BODY or kind == HEADING) and len(line.text.strip()) <= 40 and may_be_byline(line.text):
            stands_under_heading = previous is not None and (
                previous.kind in (HEADING, META) or looks_like(previous.text))
            names = parse_byline(line.text) if stands_under_heading or _has_role(line.text) else None
            if names:
                line.mark_meta(cleaner, "byline", {"authors": names})
        previous = line


def tail(page: Page, cleaner: str) -> None:
    """What follows the last line of body text is newspaper furniture: ``orphan_headline`` for a headline."""
    last_body = next((i for i in range(len(page.lines) - 1, -1, -1)
                      if page.lines[i].is_text and strong_body(page.lines[i].text)), -1)
    if last_body < 0:
        return
    for line in page.lines[last_body + 1:]:
        if line.kind == META and line.role in ("date", "page_date"):
            line.role = "page_date"
            page.meta.setdefault("page_date", line.values.get("date"))
        if not line.is_text or is_caption(line.text):  # a photo caption belongs to the article above
            continue
        text = line.text.strip()
        reason = "orphan_headline" if han_count(text) >= 12 and not text[:1].isdigit() \
            else "page_furniture"
        line.remove(cleaner, reason)


def headings(page: Page, looks_like_heading: Callable[[str], bool] = heading_like) -> None:
    """Short lines without sentence-final punctuation that have text after them are headings; others are body."""
    text_lines = [ln for ln in page.lines if ln.kind == BODY or ln.kind == HEADING]
    for line, after in zip(text_lines, text_lines[1:] + [None]):
        # a word read across the break (与行 / 业系统) means a paragraph split in two, not a heading
        looks_like = looks_like_heading(line.text)
        if line.kind == BODY:
            if after is not None and looks_like and is_clause(line.text) and not _split_word(line, after):
                line.kind = HEADING
        elif line.kind == HEADING and (after is None or not looks_like or _split_word(line, after)):
            line.kind = BODY


def _has_role(text: str) -> bool:
    return starts_with_role(to_simplified(text.strip()))


def _split_word(line: Line, after: Line) -> bool:
    return word_spans_break(line.text.strip(), after.text.strip())
