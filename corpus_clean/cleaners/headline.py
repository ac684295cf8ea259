"""The page's headline: a scored choice among the short lines above its first prose.

A scraped page opens with its ``<title>`` line (the headline and the site's names); the headline is printed
again above the article, among menus, breadcrumbs, kickers and share buttons, and a date, source or byline line
follows it. No single test finds it on every site (a title may be cut short, a headline printed on two lines,
the title name only the site), so each candidate line is scored on features that hold across sites:

=============  ======  ===========================================================================================
feature        weight  what it says
=============  ======  ===========================================================================================
``echo``        4.0    the line is a part of the title line, or the title starts with it or ends with it
``echo_pair``   4.0    the line and the next one, read together, are (the start of) the title: a two-line headline
``near_echo``   2.5    the line and the title line share a long start (a title cut short, a kicker added)
``dated``       1.5    a date, source or byline line follows within three lines
``near_prose``  1.0    the first prose is at most 12 lines below, with no text between but headings (0.5 with text)
``first_line``  1.0    the line is the title line itself (a page whose first line is its headline)
``heading``     0.5    the line filter took the line for a heading
``length``      0.5    6 to 40 Han characters, a headline's length
``short``      -2.0    fewer than 4 Han characters and 6 letters, digits and Han characters
``menu``       -1.5    a short line among short lines: a menu item
``crumbs``     -2.0    ``>``, ``›``, ``»`` or two ``|``: a breadcrumb or a list of channels
=============  ======  ===========================================================================================

Candidates are the lines from the title line down to the first prose (a line ending a sentence), at most
:data:`WINDOW` lines, that the line filter kept or removed as mere furniture, with no ``。`` and no comma or
colon at their end, that are not a deck (``——…``). The best scoring at least :data:`THRESHOLD` is the headline: a single
feature other than an echo never reaches it, so a line with no tie to the title needs a date under it, prose
close below and a headline's shape. The weights were set by hand and checked on every page set of the repo
(``tools/score_titles.py``): an echo settles the choice where there is one (what the title line says is the
strongest evidence), the layout (date below, prose near) decides among echoes and where there is none.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..chars import han_count
from ..page import BODY, HEADING, META, Line
from .headline_date import date_of

WEIGHTS: dict[str, float] = {
    "echo": 4.0, "echo_pair": 4.0, "near_echo": 2.5, "dated": 1.5, "near_prose": 1.0, "first_line": 1.0,
    "heading": 0.5, "length": 0.5, "short": -2.0, "menu": -1.5, "crumbs": -2.0,
}
THRESHOLD = 3.5
"""The least score of a headline: an echo with nothing against it, or, without one, a dated line of a
headline's shape right above the prose."""
WINDOW = 250
"""Lines under the title line read for candidates: the headline stands above the article, near the top."""
ECHO_MIN = 5
"""Characters (folded) a line has at least to be taken for a part of the title."""
PREFIX_MIN = 8
"""Characters (folded) of a title's start a line shares at least to echo it without being a whole part."""
NEAR_SHARE = 0.6
"""Share of a line that its common start with the title covers, for a near echo."""
CANDIDATE_MAX = 80
"""A headline is at most this long (characters)."""
NEAR = 12
"""Lines from a headline down to the article's first prose, at most: a date, a byline, share buttons, a deck."""
MENU_ITEM = 6
"""A menu item has at most this many characters, and so do its neighbours."""
_OWN_METADATA = frozenset(("byline", "date", "info", "journal", "dateline", "source"))
_CRUMBS = (">", "›", "»", "＞")
_CRUMB = re.compile("[" + re.escape("".join(_CRUMBS)) + "]")
"""Any of :data:`_CRUMBS`: one class search."""
_ECHO_FEATURES = frozenset(("echo", "echo_pair", "near_echo"))
_DECK = ("——", "--", "—")


@dataclass(frozen=True)
class Choice:
    """The chosen headline: its index among the page's non-blank lines, the index of the line it continues on
    (a headline printed on two lines), and whether it echoes the title line."""

    index: int
    joined: int | None
    echoes: bool


def common_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share from their start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class TitleText:
    """What the title line says, folded: ``parts`` holds the whole line and each of its parts before the site's
    name, ``whole`` the whole line, ``site`` the site's name at its end (empty when the title has one part)."""

    parts: frozenset[str]
    whole: str
    site: str = ""

    def echoed_by(self, key: str) -> bool:
        """Whether a line (folded) prints the title's headline: a part of it, its start, or its end beyond the
        site's name (a title with a prefix: ``(99+ 封私信) 台湾突发…``)."""
        if len(key) < ECHO_MIN:
            return False
        if key in self.parts:
            return True
        return len(key) >= PREFIX_MIN and (self.whole.startswith(key) or len(key) > len(self.site) and any(
            part.endswith(key) for part in self.parts))


def _dated(line: Line) -> bool:
    """Whether a line under a headline says when or by whom it was written: a byline, date or source line, or a
    short line with a date."""
    return line.kind == META and line.role in _OWN_METADATA or bool(date_of(line))


def _dated_at(lines: list[Line], j: int, memo: list[bool | None] | None) -> bool:
    """:func:`_dated` of ``lines[j]``, kept in ``memo`` when given: up to three candidates above ask of one line."""
    if memo is None:
        return _dated(lines[j])
    known = memo[j]
    if known is None:
        known = memo[j] = _dated(lines[j])
    return known


def features(lines: list[Line], i: int, title_text: TitleText, prose: int, fold_of: list[str],
             candidate: list[bool], title: int, body_between: list[bool],
             dated: list[bool | None] | None = None) -> dict[str, float]:
    """The features of ``lines[i]`` as the page's headline (see the module's table); ``dated``, one slot per line,
    keeps what :func:`_dated` said of a line across the calls of one page."""
    text = lines[i].text.strip()
    key = fold_of[i]
    found: dict[str, float] = {}
    nxt = i + 1 if i + 1 < len(lines) and candidate[i + 1] else None
    if i == title:
        found["first_line"] = 1.0
    elif nxt is not None and len(key) >= 4 and len(fold_of[nxt]) >= 4 and title_text.echoed_by(key + fold_of[nxt]):
        found["echo_pair"] = 1.0  # checked first: the first of the two lines alone is the title's start too
    elif title_text.echoed_by(key):
        found["echo"] = 1.0
    else:
        common = common_start(key, title_text.whole)
        if common >= PREFIX_MIN and common >= NEAR_SHARE * len(key):
            found["near_echo"] = 1.0
    if any(_dated_at(lines, j, dated) for j in range(i + 1, min(i + 4, len(lines)))):
        found["dated"] = 1.0
    if 0 < prose - i <= NEAR and prose < len(lines) and lines[prose].kind == BODY:
        found["near_prose"] = 0.5 if body_between[i] else 1.0
    if lines[i].kind == HEADING:
        found["heading"] = 1.0
    han = han_count(text)
    if 6 <= han <= 40:
        found["length"] = 1.0
    elif han < 4 and len(key) < 6:
        found["short"] = 1.0
    if len(text) <= 2 * MENU_ITEM:  # the neighbours are read only for a line as short as a menu item
        before = lines[i - 1].text.strip() if i > 0 else ""
        after = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if len(before) <= MENU_ITEM and len(after) <= MENU_ITEM:
            found["menu"] = 1.0
    if _CRUMB.search(text) or text.count("|") + text.count("｜") >= 2:
        found["crumbs"] = 1.0
    return found


def score(found: dict[str, float]) -> float:
    """The weighted sum of a line's features."""
    total = 0  # added in the features' order, as sum() adds them
    for name, value in found.items():
        total += WEIGHTS[name] * value
    return total


def is_candidate(text: str) -> bool:
    """A line that could be a headline by its shape: short, not a sentence, not a deck."""
    text = text.strip()
    if not text or len(text) > CANDIDATE_MAX or text.startswith(_DECK):
        return False
    return text[-1] not in "。，,；;：:" and "。" not in text


def choose_headline(lines: list[Line], eligible: list[bool], title: int, title_text: TitleText,
                    fold: Callable[[str], str], ends_prose: Callable[[Line], bool]) -> Choice | None:
    """The best scoring headline among ``lines`` (the page's non-blank lines) from ``title`` (the title line's
    index) down to the first prose, or None when no line scores :data:`THRESHOLD`; ``eligible`` says which lines
    the line filter kept or removed as mere furniture, ``title_text`` what the title line says."""
    end = min(len(lines), title + 1 + WINDOW)
    prose = next((i for i in range(title + 1, end) if lines[i].kind == BODY and ends_prose(lines[i])
                  and not title_text.echoed_by(fold(lines[i].text))), end)
    body_between = [False] * len(lines)  # whether article text stands between the line and the prose
    seen = False
    for i in range(min(prose, end) - 1, title - 1, -1):
        body_between[i] = seen
        seen = seen or lines[i].kind == BODY
    body_above = [0] * (len(lines) + 1)  # article text lines above each line, from the title line on
    for i in range(title, min(prose, end)):
        body_above[i + 1] = body_above[i] + (lines[i].kind == BODY)
    candidate = [False] * len(lines)
    fold_of = [""] * len(lines)
    for i in range(title, min(prose, end)):
        if eligible[i] and lines[i].kind != META and is_candidate(lines[i].text):
            candidate[i] = True
            fold_of[i] = fold(lines[i].text)
    best: tuple[float, int] | None = None
    chosen: dict[str, float] = {}
    first_echo: tuple[int, dict[str, float]] | None = None
    dated: list[bool | None] = [None] * len(lines)
    for i in range(title, min(prose, end)):
        if not candidate[i]:
            continue
        found = features(lines, i, title_text, prose, fold_of, candidate, title, body_between, dated)
        value = score(found)
        if first_echo is None and _echoes(found):
            first_echo = (i, found)
        if best is None or value > best[0]:
            best, chosen = (value, i), found
    if best is None or best[0] < THRESHOLD:
        return None
    index = best[1]
    if first_echo is not None and first_echo[0] < index and body_above[index] > body_above[first_echo[0] + 1]:
        index, chosen = first_echo  # article text stands between: the later echo is a copy at the article's foot
    return Choice(index, index + 1 if "echo_pair" in chosen else None, _echoes(chosen))


def _echoes(found: dict[str, float]) -> bool:
    return not _ECHO_FEATURES.isdisjoint(found)

