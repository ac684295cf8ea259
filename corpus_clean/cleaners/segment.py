"""Article segmentation: headlines, decks, bylines, datelines and continuation markers.

A page becomes one record per article. A heading starts a new article when
the page says it is a headline:

* it is the first text of the page;
* a byline, date or journal line follows it, or a paragraph that opens with
  a dateline (``本报讯(刘志尚)``), possibly after a deck or contributing unit;
* it follows finished body text and names a place or body at its start
  (``青海省格尔木市教育局 聚焦立德树人…``), as newspaper headlines of local
  news do while section headings (``注重全民参与``) do not.

Every other heading is a section heading and stays a paragraph. A heading
right under a headline, before any body, is its deck (``subtitle``) when it
reads as one (``——…``, or a short name or unit with the byline under it);
otherwise the lower heading is the headline its byline or date belongs to, and
the upper one is a masthead or site name (``page_furniture``). A headline with
no body text before the next article opens none: at the top of the page it is
a masthead or widget, further down a headline whose article is elsewhere.
Continuation markers (``(上接一版)``, ``(接上页)``) open an article without
title, with ``meta.continued`` true; jump markers (``(下转第3版)``) leave the
text. Dateline prefixes leave the paragraph and give their names as authors.
"""
from __future__ import annotations

from itertools import pairwise
from typing import ClassVar

import regex as re

from ..chars import han_count
from ..convert import to_simplified
from ..names import UNIT, is_person_name, names_only, parse_byline
from ..page import BLANK, BODY, HEADING, META, REMOVED, Line, Page
from ..roles import (CORRESPONDENT_ROLES, PHOTO_CREDITS, REPORTER_ROLES, STAFF_PREFIX, alternation,
                     both_scripts)
from ..sentence_end import ends_sentence
from .base import Cleaner
from .byline_place import REASONS as BYLINE_REASONS
from .byline_place import CLOSING_CREDIT, settle_bylines
from .headline_date import REASONS as DATE_REASONS
from .headline_date import date_headlines
from .page_title import REASONS as TITLE_REASONS
from .page_title import settle_page_title
from .rejoin import opens_paragraph

_CONTINUED_FROM = re.compile(r"^\s*[(（【\[]\s*(?:上接|接上)(?:第?\s*[A-Z]?\d{1,3}\s*版|[一二三四五六七八九十]+版|上?页|上期|第?\S{1,4}版)\s*[)）】\]]\s*")
# searched in the last characters of a right-stripped line only (see _jump_marker): a marker is short
_CONTINUED_TO = re.compile(r"[(（【\[]\s{0,3}(?:下转|转)(?:第?\s{0,3}[A-Z]?\d{1,3}\s{0,3}版|[一二三四五六七八九十]{1,3}版|下页"
                           r"|\S{1,4}版)\s{0,3}[)）】\]]$")
_JUMP_TAIL = 32
"""No jump marker is longer than this: only the line's last characters are searched for one."""
# 本报讯, 新华社北京5月8日电, 中新网5月8日电: a wire dateline's 电 follows a date or a short place name,
# never 记者 (本报记者从市供电公司获悉 is a sentence)
_DATELINE = re.compile(
    r"^\s*(?P<head>(?:本报讯|本报|本刊讯|本台讯|新华社|中新社|中新网|人民网|央视网|\p{Han}{2,6}(?:日报|晚报|晨报|网|社|台)讯?"
    r"|\p{Han}{1,6}(?:报|站|网|刊)讯)"
    r"(?:(?!" + alternation(REPORTER_ROLES) + r")(?:\p{Han}{2,4}(?:\d{1,2}月\d{1,2}日)?|\d{1,2}月\d{1,2}日)电)?)"
    r"\s*(?:[(（](?P<who>[^()（）]{1,40})[)）])?\s*(?P<rest>.*)$", re.DOTALL)
# （中央社記者王小明台北5日電）, 【明報專訊】: bracketed datelines of Taiwan and Hong Kong papers
# a credit closing the last paragraph: …素养。（记者 张三 通讯员 李四）
_TRAILING_CREDIT = re.compile(rf"(?<=[。！？!?…”」])\s*[（(](?P<who>(?:{STAFF_PREFIX})?{alternation((*REPORTER_ROLES, '作者'))}"
                              r"[^（）()]{1,30})[)）]\s*$")
# …举行。（张巨峰）: a bare name or two, the reporter's, closing a paragraph
_TRAILING_NAMES = re.compile(r"(?<=[。！？!?…”」])\s*[（(](?P<who>\p{Han}{2,4}(?:[ \u3000]\p{Han}{2,4}){0,2})[)）]\s*$")
_BRACKET_DATELINE = re.compile(
    r"^\s*(?:[（(](?P<agency>\p{Han}{2,4}社)(?P<who>[^（）()]{0,24}?)\d{1,2}(?:月\d{1,2})?日电[）)]"
    r"|【\p{Han}{2,8}(?:专讯|讯)】"
    # 〔記者蘇孟娟／台中報導〕 of Taiwan papers; 【财新网】, 【环球网报道】 of sites that put their name first
    r"|[〔【\[（(]\s*" + alternation(CORRESPONDENT_ROLES) + r"\s*(?P<names>[^／/〔〕【】\[\]()（）]{2,24}?)\s*[／/]\s*\p{Han}{1,8}?(?:综合)?报[导道][〕】\]）)]"
    r"|【\p{Han}{1,8}?(?:网|社|台|报)(?:综合)?(?:报道|讯|专讯)?】)\s*(?P<rest>.*)$", re.DOTALL)
_PHOTO_CREDIT = both_scripts(PHOTO_CREDITS)
_CORRESPONDENT = re.compile("^" + alternation(both_scripts(CORRESPONDENT_ROLES)))
_OWN_METADATA = frozenset(("byline", "date", "info", "journal"))
"""Roles of metadata lines that belong to the headline above them (a masthead date does not)."""
_DATELINE_CHARS = frozenset("报刊台社网站報臺網")
_DATELINE_OPENERS = "(（【〔["
_FIELD_MAX = 12
"""An information box's field (``◎语 言 普通话``) is at most this long; a longer heading is no field."""


def _plain(text: str, body: bool) -> bool:
    """Whether a line surely holds no marker, dateline or closing credit and is not empty: it lacks the characters
    each needs (a continuation's 接, a jump's 转, a dateline's bracket or agency word near the start, a credit's
    closing bracket), so :meth:`Segment._markers_and_datelines` keeps it as it is."""
    if "接" in text or "转" in text:
        return False
    start = text.lstrip()[:10]
    if not start:
        return False  # an empty line: it becomes a blank one
    if not body:
        return True
    if start[:1] in _DATELINE_OPENERS or not _DATELINE_CHARS.isdisjoint(start):
        return False
    return text.rstrip()[-1:] not in ")）"


def _jump_marker(text: str) -> tuple[int, str] | None:
    """Where a closing jump marker (``(下转第3版)``) starts, with the spaces before it, and its text; else None."""
    body = text.rstrip()
    m = _CONTINUED_TO.search(body, max(0, len(body) - _JUMP_TAIL))
    if m is None:
        return None
    return len(body[:m.start()].rstrip()), m.group(0)


def split_dateline(text: str) -> tuple[str, list[str], str] | None:
    """``本报讯(刘志尚)开展…`` -> (``本报讯(刘志尚)``, [``刘志尚``], ``开展…``); None if no dateline."""
    start = text.lstrip()[:10]
    # every dateline opens with a bracket or has 报/刊/台/社/网 within its first characters
    if start[:1] not in _DATELINE_OPENERS and _DATELINE_CHARS.isdisjoint(start):
        return None
    head = to_simplified(text[:60])  # a dateline stands at the start: convert no more than that
    simple = head + text[60:] if len(head) == len(text[:60]) else text  # positions are shared by both forms
    m = _DATELINE.match(simple)
    if not m or not m["rest"]:
        return _bracket_dateline(text, simple)
    if m["who"] is None and not m["head"].endswith(("讯", "电")):
        return _bracket_dateline(text, simple)
    authors: list[str] = []
    if m["who"] is not None:
        names = parse_byline(text[m.start("who"):m.end("who")])
        if names is None:
            return None
        authors = names
    cut = m.start("rest")
    return text[:cut].strip(), authors, text[cut:]


def _bracket_dateline(text: str, simple: str) -> tuple[str, list[str], str] | None:
    m = _BRACKET_DATELINE.match(simple)
    if not m or not m["rest"]:
        return None
    authors: list[str] = []
    who = text[m.start("who"):m.end("who")] if m["who"] else ""
    if m["names"]:
        authors = names_only(text[m.start("names"):m.end("names")]) or []
    elif who:
        # 記者王小明台北: the name, then the place the report was filed from
        who = _CORRESPONDENT.sub("", who)
        for size in (3, 2, 4):
            if is_person_name(who[:size]):
                authors = [who[:size]]
                break
    cut = m.start("rest")
    return text[:cut].strip(), authors, text[cut:]


def _starts_with_place(text: str) -> bool:
    """Whether a heading opens with a place name (jieba tags it ``ns``): 青海省…, 西安未央区…"""
    import jieba.posseg

    first = next(iter(jieba.posseg.dt.cut(text[:12], HMM=False)), None)
    return first is not None and first.flag.startswith("ns") and len(first.word) >= 2


class Segment(Cleaner):
    """Split the page into articles and move headline, deck, byline and dateline to their fields."""

    name: ClassVar[str] = "segment"
    reasons: ClassVar[dict[str, str]] = {
        "metadata_dateline": "a dateline prefix: 本报讯(刘志尚) gives the author 刘志尚",
        "metadata_continuation": "a continuation marker: (上接一版) marks the article as continued",
        "metadata_byline": "a credit closing the last paragraph: （记者 张三） gives the author 张三",
        **TITLE_REASONS,
        **BYLINE_REASONS,
        **DATE_REASONS,
        "orphan_headline": "a headline standing right above another one, its own article not on the page",
        "section_label": "a paper's section label above a headline: 要闻, 港聞",
        "page_furniture": "a short line above the page's first headline with no text of its own: a masthead, a "
                          "site name, a search box",
    }

    def warm_up(self) -> None:
        import jieba.posseg

        from ..names import jieba_dictionary, surnames

        jieba_dictionary(), surnames()
        jieba.posseg.dt.tokenizer.check_initialized()

    def apply(self, page: Page) -> Page:
        self._markers_and_datelines(page)
        headline = settle_page_title(page, self.name)
        settle_bylines(page, self.name, headline)
        lines = [ln for ln in page.lines if ln.kind not in (BLANK, REMOVED)]
        seen_body = False
        title_seen, previous, before = False, None, None  # what the lines above say, kept as the loop goes
        info_box = False  # under the page's chosen headline, before its first prose: no other headline here
        for i, line in enumerate(lines):
            if before is not None:
                title_seen = title_seen or before.kind == HEADING and before.role == "title"
                previous = before if before.kind in (BODY, HEADING) else previous
            before = line
            if line.kind == HEADING and line.role is None:
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                chosen = line is headline  # the page's headline, chosen on the title line's evidence
                if han_count(line.text) <= 4 and nxt is not None and nxt.kind == HEADING and not chosen:
                    # 要闻, 港聞 above a headline: a section label of the paper, not an article's headline
                    line.remove(self.name, "section_label")
                    continue
                if info_box and not chosen:
                    line.role = "section"  # 3160字 over its date line, under the chosen headline: the article's own
                elif chosen or self._is_headline(lines, i, seen_body, title_seen, previous):
                    nxt = lines[i + 1] if i + 1 < len(lines) else None
                    if nxt is not None and nxt.kind == HEADING and self._deck_or_unit(lines, i + 1):
                        if chosen or _is_deck(lines, i + 1):
                            nxt.role = "subtitle"
                        else:
                            # the next heading is the headline its byline or date belongs to: this one is a
                            # masthead or site name above it, or after body text a headline with no article here
                            line.remove(self.name, "orphan_headline" if seen_body else "page_furniture")
                            continue
                    line.role = "title"
                    line.starts_article = True
                    info_box = chosen
                else:
                    line.role = "section"
            if line.kind == BODY:
                seen_body = True
                info_box = info_box and not ends_sentence(line.text.strip())
        self._drop_headlines_without_text(page)
        self._drop_labels_above_first_headline(page)
        self._drop_labels_under_metadata(page)
        if self.reattach and any(ln.role == "section" for ln in page.lines):  # tails are moved only above sections
            for article in _articles(page.lines):
                reattach_fragments(article)
        date_headlines(page, self.name)
        return page

    def __init__(self, reattach: bool = True) -> None:
        self.reattach = reattach

    def _markers_and_datelines(self, page: Page) -> None:
        new_lines: list[Line] = []
        for line in page.lines:
            kind, text = line.kind, line.text
            if kind != BODY and kind != HEADING or _plain(text, kind == BODY):
                new_lines.append(line)
                continue
            m = _CONTINUED_FROM.match(text) if "接" in text else None
            if m:
                marker = Line(m.group(0).strip())
                marker.mark_meta(self.name, "continuation", {"continued": True})
                marker.starts_article = True
                new_lines.append(marker)
                line.text = line.text[m.end():]
            if line.kind == BODY:
                parts = split_dateline(line.text)
                if parts is not None:
                    head, authors, rest = parts
                    dateline = Line(head)
                    dateline.mark_meta(self.name, "dateline", {"authors": authors} if authors else {})
                    new_lines.append(dateline)
                    line.text = rest
            jump = _jump_marker(line.text) if "转" in line.text else None
            if jump:
                line.text = line.text[:jump[0]]
            closes = line.kind == BODY and line.text.rstrip()[-1:] in ")）"
            credit = _TRAILING_CREDIT.search(line.text) if closes else None
            # （记者 张三 摄） credits a photo: the line is its caption, not a paragraph with a byline
            names = parse_byline(credit["who"]) if credit and not credit["who"].rstrip().endswith(_PHOTO_CREDIT) \
                else None
            if closes and credit is None:
                credit = _TRAILING_NAMES.search(line.text)
                names = names_only(credit["who"], strict=True) if credit and not credit["who"].endswith(
                    _PHOTO_CREDIT) else None
            if credit and names:
                line.text = line.text[:credit.start()]
            if not line.text.strip():  # nothing but the markers
                line.text, line.kind, line.role = "", BLANK, None
            new_lines.append(line)
            if credit and names:
                byline = Line(credit.group(0).strip())
                # a paragraph's end is a byline's place: byline_place need not ask where it stands
                byline.mark_meta(self.name, "byline", {"authors": names, CLOSING_CREDIT: True})
                new_lines.append(byline)
            if jump:
                marker = Line(jump[1])
                marker.mark_meta(self.name, "continuation", {"continues_on": jump[1].strip(" ()（）【】[]")})
                new_lines.append(marker)
        page.lines = new_lines

    def _drop_headlines_without_text(self, page: Page) -> None:
        """A headline with no body text under it before the next article opens no article: at the top of the page
        it is a masthead or widget (``江城晚报``, ``请输入关键字 搜索``), further down a headline whose article is
        elsewhere. But a headline with its own byline or date under it is the real one: then the heading that
        came between it and its text (``微博 微信 分享``) is what goes. The page's last headline is left alone:
        the line filter's tail rule has judged what follows the last body text."""
        seen_body = False
        pending: list[Line] = []  # the current headline and deck while no text has followed them
        has_metadata = False  # whether the pending headline has its own byline, date or information line
        for line in page.lines:
            if line.starts_article and pending:
                if has_metadata and line.kind == HEADING:
                    line.remove(self.name, "orphan_headline" if seen_body else "page_furniture")
                    line.starts_article = False
                    continue
                for head in pending:
                    head.remove(self.name, "orphan_headline" if seen_body else "page_furniture")
                    head.starts_article = False
                pending, has_metadata = [], False
            if line.kind == HEADING and (pending or line.role == "title"):
                pending.append(line)  # the headline, its deck, and headings with no text under them
            elif line.kind == META and pending and line.role in _OWN_METADATA:
                has_metadata = True
            elif line.kind == BODY:
                seen_body, pending, has_metadata = True, [], False

    def _drop_labels_above_first_headline(self, page: Page) -> None:
        """Short lines above the page's first headline, when none of them is prose, are the site's name and
        labels (``舒城县人民政府``, ``财新网``): the page's text starts at its headline. Where a paragraph stands
        there, the page opens with the tail of an article and nothing is taken."""
        above: list[Line] = []
        for line in page.lines:
            if line.starts_article:
                if line.role != "title":
                    return  # a continuation marker opens the page's first article
                break
            if line.is_text:
                text = line.text.strip()
                if len(text) > 16 or ends_sentence(text) or any(c in text for c in "，。；,;"):
                    return
                above.append(line)
        else:
            return  # no headline on the page
        for line in above:
            line.remove(self.name, "page_furniture")

    def _drop_labels_under_metadata(self, page: Page) -> None:
        """Short headings between the page's first headline's byline or date and its first paragraph with another
        heading right under them, no text of their own, are the fields of an information box (``◎译 名 太行山上``
        / ``◎语 言 普通话``), not sections: ``section_label``. The last heading before the text may head it and
        stays; a longer heading ends the box."""
        text = (ln for ln in page.lines if ln.kind in (BODY, HEADING, META))  # read only down to the first paragraph
        state = 0  # 0: elsewhere; 1: under a headline; 2: under its byline or date, before its first paragraph
        for line, after in pairwise(text):
            if line.starts_article:
                state = 1 if line.role == "title" else 0
            elif line.kind == BODY:
                return  # the page's first article has begun: later headlines are left as they are
            elif line.kind == META and state and line.role in _OWN_METADATA:
                state = 2
            elif state == 2 and line.kind == HEADING and len(line.text.strip()) > _FIELD_MAX:
                return  # a heading of a sentence's length: the information box, if any, has ended
            elif state == 2 and line.kind == HEADING and line.role == "section" and after.kind == HEADING:
                line.remove(self.name, "section_label")

    @staticmethod
    def _followed_by_metadata(lines: list[Line], i: int) -> bool:
        """Within the next lines (a deck or unit may come first), a byline, date or dateline."""
        for line in lines[i + 1:i + 4]:
            if line.kind == META:
                return line.role in ("byline", "date", "journal", "keywords", "dateline", "info")
            if line.kind == BODY:
                return False
        return False

    def _deck_or_unit(self, lines: list[Line], i: int) -> bool:
        text = lines[i].text.strip()
        if text.startswith(("——", "--", "—")):
            return True
        return self._followed_by_metadata(lines, i)

    def _is_headline(self, lines: list[Line], i: int, seen_body: bool, title_seen: bool,
                     previous: Line | None) -> bool:
        """Whether the heading ``lines[i]`` opens an article; ``title_seen`` and ``previous`` (the last body or
        heading line above) are kept by the caller, so no call looks back over the page."""
        if not seen_body and not title_seen:
            return True
        if self._followed_by_metadata(lines, i):
            return True
        text = to_simplified(lines[i].text.strip())
        finished = previous is not None and previous.kind == BODY and ends_sentence(previous.text.strip())
        return finished and han_count(text) >= 12 and _starts_with_place(text)


def _is_deck(lines: list[Line], i: int) -> bool:
    """Whether ``lines[i]``, under a headline, is its deck or contributing unit: ``——…``, or a short name such as
    ``巴中市恩阳区``, ``中共白河县委组织部`` with the byline or date right under it."""
    text = lines[i].text.strip()
    if text.startswith(("——", "--", "—")):
        return True
    short = han_count(text) <= 8 or han_count(text) <= 16 and bool(UNIT.search(text))
    return short and i + 1 < len(lines) and lines[i + 1].kind == META


def _articles(lines: list[Line]) -> list[list[Line]]:
    groups: list[list[Line]] = [[]]
    for line in lines:
        if line.starts_article and groups[-1]:
            groups.append([])
        if line.kind in (BODY, HEADING):
            groups[-1].append(line)
    return groups


def reattach_fragments(article: list[Line]) -> int:
    """Move paragraph tails that a newspaper layout put before their heads back in place.

    The evidence must be clear: in an article with section headings, ``D``
    paragraphs stop mid-sentence right before a section heading (or the end),
    and the stretch between the article's first paragraph and its first
    section heading holds at least ``D`` more paragraphs, each ending a
    sentence. Those last ``D`` paragraphs are the missing tails, in order.
    Returns how many were moved; with any doubt, none is.
    """
    sections = [i for i, ln in enumerate(article) if ln.kind == HEADING and ln.role == "section"]
    if not sections:
        return 0
    first_section = sections[0]
    lead = [ln for ln in article[:first_section] if ln.kind == BODY]
    dangling = []
    for i, line in enumerate(article):
        if i < first_section or line.kind != BODY or ends_sentence(line.text.strip(), parenthetical=True):
            continue
        after = article[i + 1] if i + 1 < len(article) else None
        if (after is None or (after.kind == HEADING and after.role == "section")) and han_count(line.text) >= 20:
            dangling.append(line)
    tails = lead[1:][-len(dangling):] if dangling else []
    if not dangling or len(tails) != len(dangling):
        return 0
    if not all(ends_sentence(t.text.strip()) and not opens_paragraph(t.text.strip()) for t in tails):
        return 0
    for head, tail in zip(dangling, tails):
        head.text = head.text.rstrip() + tail.text.strip()
        head.edits[("segment", "reattached")] += 1
        if tail.has_edits:
            head.edits.update(tail.edits)
        tail.text = ""
        tail.kind = BLANK
    return len(dangling)
