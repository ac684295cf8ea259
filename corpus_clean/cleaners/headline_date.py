"""The article's date from the short line next to its headline, when no date line said it.

Portals print the date under the headline inside a line of other things:
``2005-04-28 11:13更新 来源：``, ``AUTO.SOHU.COM  2005年05月13日14:15``, ``发表于 2005-9-15 11:46:00``,
``2004-12-10      阅读10544次``. Such a line is no date line (it holds more than a date and where the story
came from), so the line filter leaves it as text or removes it as furniture, and the article has no date.
The date nearest below the headline, on a short line that is not a sentence, is the article's: the line
becomes its date line. Only the few lines under the headline are read, and only when the article has no date.
"""
from __future__ import annotations

import re

from ..page import BLANK, META, REMOVED, Line, Page
from ..sentence_end import ends_sentence
from .spam_lines import iso_date

REASONS: dict[str, str] = {
    "metadata_date": "a short line right under a headline holding the article's date with other things: "
                     "2005-04-28 11:13更新 来源：",
}
WINDOW = 6
"""Lines under a headline read for its date: the byline and date stand right under it, before the text."""
MAX_LINE = 80
"""A longer line is a paragraph, whose dates are events, not the article's."""
DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
"""A date on a line under the headline: year, month and day (``2005-04-28``, ``2005年4月28日``)."""


def date_of(line: Line) -> str | None:
    """The date (ISO) on a short line that is not a sentence, read from its text or, if it was removed, from the
    text it had; else None."""
    text = line.removal.text if line.kind == REMOVED and line.removal else line.text
    if len(text) > MAX_LINE or ends_sentence(text.strip()):
        return None
    m = DATE.search(text)
    return iso_date(*m.groups()) if m else None


def date_headlines(page: Page, cleaner: str) -> None:
    """Give each headline without a date line the date of a short line right under it."""
    lines = [ln for ln in page.lines if ln.kind != BLANK]
    for i, line in enumerate(lines):
        if not (line.starts_article and line.role == "title"):
            continue
        window = lines[i + 1:i + 1 + WINDOW]
        below = []
        for ln in window:
            if ln.starts_article:
                break
            below.append(ln)
        if any(ln.kind == META and ln.values.get("date") and ln.role != "page_date" for ln in below):
            continue
        for ln in below:
            iso = date_of(ln)
            if iso is not None:
                text = ln.removal.text if ln.kind == REMOVED and ln.removal else ln.text
                ln.text = text
                ln.mark_meta(cleaner, "date", {"date": iso})
                break
