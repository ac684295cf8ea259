"""Bylines without a role word count only where a byline stands: under a headline, with the date, at the end.

The line filter takes a short line of person names under a heading for a byline (``倪凯`` under its headline,
``趙廷虎 吳婧`` with the journal's date lines). On scraped pages the same shape is everywhere around the
article: sidebars of celebrities under their own short titles (``[图片搜索]`` / ``汤加丽`` / ``梁朝伟``), lists of
a group's sites (``国家人文历史``, ``海外网``), and their names became the article's authors. A line that a role
word introduces (``记者``, ``作者``, ``文/``) is a byline wherever it stands; a bare line of names is one only in
a byline's place, read from its neighbours (the metadata lines next to it are skipped, they are its block):

* its block holds a date (``2018-04-19 10:55:24`` / ``当代党员 2018年5期`` / ``赵廷虎 吴婧``) and stands by
  text (the comments under a blog post, all taken out, have their names and dates too);
* the line above the block is the page's headline, or a heading that opens an article (it follows no text,
  or a finished paragraph) with text following within a few lines: inside a paragraph, a heading over a line of
  names is a fragment of a sentence cut at its links (``…是继`` / ``深圳经济特区`` / ``和上海``);
* the line above the block is the article's text and no text follows closely: a name closing the article.

Elsewhere the line is a list of people, not a byline: it leaves the metadata as ``stray_names``. The test is of
the page's structure, not any name or site.
"""
from __future__ import annotations

from ..names import has_role_word, parse_byline
from ..page import BLANK, BODY, HEADING, META, REMOVED, Line, Page
from ..sentence_end import ends_sentence

REASONS: dict[str, str] = {
    "stray_names": "a line of person names with no role word, away from any headline, date or article end: "
                   "a sidebar's list of people, not a byline",
}
CLOSING_CREDIT = "closing_credit"
"""Value of a byline cut from the end of a paragraph (``…举行。（张巨峰）``): it stands in a byline's place."""
BELOW = 4
"""Lines under a byline's block read for the article's text: share buttons may stand between."""
END_GAP = 2
"""Lines after a closing byline in which no more text may follow it."""
CLOSING_MAX = 20
"""A line of names closing the article is at most this long; the line filter's tail rule took it out as
``page_furniture`` with the rest of what follows the article."""


def _block(lines: list[Line], i: int) -> tuple[int, int]:
    """The run of metadata lines that ``lines[i]`` (a metadata line) stands in: (first index, one past the last)."""
    start, end = i, i + 1
    while start > 0 and lines[start - 1].kind == META:
        start -= 1
    while end < len(lines) and lines[end].kind == META:
        end += 1
    return start, end


def _body_below(lines: list[Line], end: int, window: int) -> bool:
    """Whether article text stands within ``window`` lines under the block (a date line not yet read, a deck or
    share buttons may come first)."""
    return any(line.kind == BODY for line in lines[end:end + window])


def _text_below(lines: list[Line], end: int, window: int) -> bool:
    """Whether any text stands within ``window`` lines under the block."""
    return any(line.is_text for line in lines[end:end + window])


def _opening_headings(lines: list[Line]) -> set[int]:
    """Indices of the headings that open an article (one pass): a heading whose nearest text line above is
    none, a finished paragraph, or an opening heading (the headline over its deck)."""
    opening: set[int] = set()
    last = -1  # index of the nearest text line above
    for i, line in enumerate(lines):
        if line.kind == HEADING:
            over = lines[last] if last >= 0 else None
            if over is None or over.kind == BODY and ends_sentence(over.text.rstrip()) or last in opening:
                opening.add(i)
        if line.is_text:
            last = i
    return opening


def in_byline_place(lines: list[Line], block: tuple[int, int], opening: set[int], headline: Line | None) -> bool:
    """Whether a line of the metadata run ``block`` of ``lines`` (the page's non-blank lines) stands where a
    byline stands; ``opening`` holds the indices of the headings that open an article, ``headline`` is the
    page's headline."""
    start, end = block
    above = lines[start - 1] if start > 0 else None  # a removed line there: the block is not under text
    if any(ln.values.get("date") for ln in lines[start:end]):
        return above is not None and above.is_text or _text_below(lines, end, BELOW)
    if above is None or not above.is_text:
        return False
    if above is headline:
        return True
    if above.kind == HEADING:
        return start - 1 in opening and _body_below(lines, end, BELOW)
    return not _text_below(lines, end, END_GAP)


def settle_bylines(page: Page, cleaner: str, headline: Line | None = None) -> None:
    """Take the bylines without a role word that stand in no byline's place out of the metadata; ``headline`` is
    the page's headline when it was chosen (:mod:`.page_title`)."""
    lines = [ln for ln in page.lines if ln.kind != BLANK]
    bare = [i for i, line in enumerate(lines) if line.kind == META and line.role == "byline"
            and line.values.get("authors") and not has_role_word(line.text) and not line.values.get(CLOSING_CREDIT)]
    stray = []
    opening: set[int] | None = None  # read once, when a block under a heading first asks
    block, placed = (0, 0), False
    for i in bare:  # in order: the lines of one block come together, and each block is read once
        if i >= block[1]:
            block = _block(lines, i)
            start = block[0]
            if opening is None and start > 0 and lines[start - 1].kind == HEADING:
                opening = _opening_headings(lines)
            placed = in_byline_place(lines, block, opening or set(), headline)
        if not placed:
            stray.append(lines[i])
    for line in stray:  # judged first, changed after: a stray line does not change its neighbours' places
        line.values.pop("authors", None)
        line.remove(cleaner, "stray_names")
        line.role = None
    _closing_byline(lines, cleaner)


def _closing_byline(lines: list[Line], cleaner: str) -> None:
    """The line of names right after the page's last article text is its byline (``……发展。`` / ``林海涛``)."""
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].kind == BODY), None)
    if last is None or last + 1 >= len(lines):
        return
    line = lines[last + 1]
    if line.kind != REMOVED or line.removal is None or line.removal.reason != "page_furniture":
        return
    text = line.removal.text.strip()
    names = parse_byline(text) if len(text) <= CLOSING_MAX else None
    if names:
        line.text = text
        line.mark_meta(cleaner, "byline", {"authors": names})
