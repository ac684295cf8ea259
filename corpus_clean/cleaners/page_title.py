"""The page's title line: the ``<title>`` of a scraped page, which names the article and the site.

Most scraped pages open with the text of their ``<title>``: the headline with
the site's and channel's names after it (``从上海车展看在华布局 现代汽车再次提速-搜狐汽车``).
Further down the page prints the headline again, above the article, after the
site's menus. That echo, not the first heading under the title, is the
headline; the title line and the short lines between the two are furniture.
Where the page prints no echo, the title line is the headline, without the
site's names at its end.

Both tests are about the page's structure, not any site's wording: a line
equal to a part of the first line, before the first prose; a short last part
after a separator, under a long first part.
"""
from __future__ import annotations

import re

from ..chars import han_count
from ..page import BODY, HEADING, META, Line, Page
from ..sentence_end import ends_sentence

REASONS: dict[str, str] = {
    "page_title": "the page's <title> line: the headline again, with the site's name, above the headline itself",
}
ECHO_WINDOW = 250
"""Lines after the title line searched for its echo: the headline stands above the article, near the top."""
_SEPARATOR = re.compile(r"(?<!\s)\s*(?:_+|--+|(?<!\d)-(?!\d)|[|｜]|::|(?<=\s)[–—](?=\s))\s*")
"""What joins a headline to the site's and channel's names in a <title>; a hyphen between digits is a date's, a
dash without spaces around it a deck's. A match starts only where a run of spaces starts: linear on long runs."""
_SITE_PART_MAX = 12
"""A site's or channel's name after the headline is at most this long (``产业资讯``, ``blog.wenxuecity.com``)."""
MISTAKEN_FOR_FURNITURE = frozenset(("related_articles", "seo_spam", "navigation", "page_furniture", "orphan_headline",
                                    "outside_article", "low_content"))
"""Reasons the line filter may give a headline standing among site furniture (a related-articles block above the
article takes it in, the line model sees a short line among menus): such a line that echoes the title line is the
headline, and is put back."""
_HEADLINE_MIN = 8
"""Han characters a headline has at least, for the part before a site's name to be taken for one."""


_NOT_TEXT = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """The text for comparing: lower case, letters, digits and Han characters only (the title line and its
    echo are on one page, in one script)."""
    return _NOT_TEXT.sub("", text.lower())


def _parts(title: str) -> list[str]:
    return [p for p in _SEPARATOR.split(title) if p.strip()]


def without_site_names(title: str) -> str:
    """``title`` without the site's and channel's names after it: ``X__商贸_产业资讯_新浪网`` -> ``X``; a
    title whose last part is not short, or whose first part is no headline, is returned as it is."""
    parts = _parts(title)
    if len(parts) < 2 or len(parts[-1]) > _SITE_PART_MAX:
        return title
    end = len(title)
    for part in reversed(parts[1:]):
        if len(part) > _SITE_PART_MAX or ends_sentence(part):
            break
        end = title.rfind(part, 0, end)
    cut = title[:end].rstrip(" _-–—|｜:")
    return cut if han_count(cut) >= _HEADLINE_MIN else title


def _mistaken(line: Line) -> bool:
    return line.removal is not None and line.removal.reason in MISTAKEN_FOR_FURNITURE


def settle_page_title(page: Page, cleaner: str) -> None:
    """Find the page's headline from its title line: the echo when there is one (the title line and the
    short lines between go), else the title line itself, without the site's names."""
    text = [ln for ln in page.lines if ln.kind in (BODY, HEADING, META) or _mistaken(ln)]
    first = next((i for i, ln in enumerate(text) if ln.kind != META), None)
    if first is None or first + 2 >= len(text):
        return
    title = text[first]
    raw = title.text.strip()
    if ends_sentence(raw) or len(raw) > 120 or han_count(raw) < 4:
        return
    parts = _parts(raw)
    # the last of several parts names the site (雄安新区 - 维基百科，自由的百科全书): its echo is the site's tagline
    keys = {_fold(p) for p in parts[:-1] if han_count(p) >= 4} | {_fold(raw)}
    whole = _fold(raw)
    between: list[Line] = []
    longest = len(raw) + 8
    for line in text[first + 1:first + 1 + ECHO_WINDOW]:
        if line.kind == META:
            continue
        key = _fold(line.text) if len(line.text) <= longest else ""  # a longer line cannot be a part of the title
        if len(key) >= 6 and (key in keys or len(key) >= _HEADLINE_MIN and whole.startswith(key)):
            if title.is_text:
                title.remove(cleaner, "page_title")
            line.restore(HEADING)
            for furniture in between:
                furniture.remove(cleaner, "page_furniture")
            return
        if not line.is_text:
            continue
        if ends_sentence(line.text.strip()) and len(line.text.strip()) > 20:
            break  # prose before any echo: the title line is the page's own headline
        between.append(line)
    short = without_site_names(raw)
    if short != raw and not _SEPARATOR.search(short):
        # a title line of keywords joined by _ or | is taken for spam; without the site's names it is the headline
        if not title.is_text:
            title.restore(HEADING)
        title.edits[(cleaner, "site_name")] += 1
        title.text = short
