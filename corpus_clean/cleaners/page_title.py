"""The page's title line: the ``<title>`` of a scraped page, which names the article and the site.

Most scraped pages open with the text of their ``<title>``: the headline with
the site's and channel's names after it (``从上海车展看在华布局 现代汽车再次提速-搜狐汽车``);
an HTML document has it in its metadata line. Further down the page prints the
headline again, above the article, after the site's menus. The headline is
chosen among the lines down to the first prose by :mod:`.headline`, where an
echo of the title line weighs most; the title line and the lines between it and
its echo are furniture, and copies of the headline further down go. Where no
line is chosen, the title line is the headline, without the site's names at its
end.

The tests are about the page's structure, not any site's wording: a line equal
to a part of the first line, before the first prose; a short last part after a
separator, under a long first part.
"""
from __future__ import annotations

import re

from ..chars import han_count
from ..page import BLANK, BODY, HEADING, META, Line, Page
from ..sentence_end import ends_sentence
from .headline import TitleText, choose_headline, common_start
from .line_shape import title_shaped

REASONS: dict[str, str] = {
    "page_title": "the page's <title> line: the headline again, with the site's name, above the headline itself",
    "headline_copy": "the headline printed again below it (a print or share block at the foot of the page)",
}
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
_CAPTION_EXTRA = 24
"""Characters a heading under the headline may add to it and still be its copy (a duration, a source)."""
_COPY_SHARE = 0.6
"""Share of the headline a heading under it starts with, to be its copy."""
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


def _drop_copies(lines: list[Line], headline: Line, cleaner: str) -> None:
    """Take out the text lines below the headline that print it again: the whole headline on one line, or a
    two-line headline's two lines in a row (a print or share block at the foot of the page); and, before the
    article's first paragraph, a heading that starts as the headline does (a video's caption:
    ``《蓝羽会客厅》之《北京影人》5月20日起电影频道22:00播出 时长：01:45``). One of a two-line headline's lines
    alone is left: an article may take a part of its headline for a section heading."""
    whole = _fold(headline.text)
    text = [ln for ln in lines if ln.is_text]
    above_text = True  # no paragraph of the article yet
    for i, line in enumerate(text):
        key = _fold(line.text)
        if above_text and line.kind == HEADING and len(key) <= len(whole) + _CAPTION_EXTRA and _same_start(key, whole):
            line.remove(cleaner, "headline_copy")
            continue
        above_text = above_text and line.kind != BODY
        if len(line.text) > len(headline.text):
            continue
        if key == whole:
            line.remove(cleaner, "headline_copy")
        elif i + 1 < len(text) and len(key) >= _HEADLINE_MIN and key + _fold(text[i + 1].text) == whole:
            line.remove(cleaner, "headline_copy")
            text[i + 1].remove(cleaner, "headline_copy")


_TITLE_MARKS = "？！?!"


def _same_start(key: str, whole: str) -> bool:
    """Whether a line starts as the headline does, over most of the headline."""
    n = common_start(key, whole)
    return n >= _HEADLINE_MIN and n >= _COPY_SHARE * len(whole)


def _ends_prose(line: Line) -> bool:
    text = line.text.strip()
    return ends_sentence(text) and len(text) > 20


def _exclaims(raw: str) -> bool:
    """Whether a first line that ends a sentence may still be a title: a headline may end in ？ or ！
    (``…原作者女儿：改成这样不觉得拗口吗？``); a paragraph, or a forum's question, is longer or holds a full stop
    or a comma (``…发生 4.8 级地震，震源深度 8 千米，当地情况如何？``)."""
    return raw.rstrip("”’」』）)\"")[-1:] in _TITLE_MARKS and title_shaped(raw)


def settle_page_title(page: Page, cleaner: str) -> Line | None:
    """Find the page's headline from its title line; return it when it was chosen among the lines below.

    The headline is the best scoring candidate above the first prose (:mod:`.headline`); a headline printed on
    two lines is made one, and its copies further down go. When it echoes the title line, the title line goes
    (``page_title``) and so do the lines between the two (``page_furniture``). When the title line itself scores
    best, or no line scores enough, the title line is the headline, without the site's names."""
    lines = [ln for ln in page.lines if ln.kind != BLANK]
    # text and metadata, and the lines the filter may have taken from among the site's furniture by mistake
    eligible = [ln.kind in (BODY, HEADING, META) or ln.removal is not None and ln.removal.reason in MISTAKEN_FOR_FURNITURE
                for ln in lines]
    document = bool(lines) and lines[0].kind == META and bool(lines[0].values.get("html_title"))
    # a page read from its HTML has its <title> in the document's metadata line, not as a line of text
    first = 0 if document else next((i for i, ln in enumerate(lines) if eligible[i] and ln.kind != META), None)
    if first is None or sum(eligible[first:]) < 3:
        return None
    title = lines[first]
    raw = str(title.values["html_title"]).strip() if document else title.text.strip()
    if ends_sentence(raw) and not _exclaims(raw) or len(raw) > 120 or han_count(raw) < 4:
        return None
    parts = _parts(raw)
    # the last of several parts names the site (雄安新区 - 维基百科，自由的百科全书): its echo is the site's tagline
    keys = frozenset({_fold(p) for p in parts[:-1] if han_count(p) >= 4} | {_fold(raw)})
    site = _fold(parts[-1]) if len(parts) > 1 else ""
    choice = choose_headline(lines, eligible, first, TitleText(keys, _fold(raw), site), _fold, _ends_prose)
    if choice is not None and choice.index != first:
        headline = lines[choice.index]
        headline.restore(HEADING)
        if choice.joined is not None:
            second = lines[choice.joined]
            headline.text = f"{headline.text.strip()} {second.text.strip()}"
            headline.edits[(cleaner, "joined_headline")] += 1
            second.text, second.kind, second.removal, second.role = "", BLANK, None, None
        if choice.echoes:
            # the title line and what stands between it and its echo are furniture; without an echo, the lines
            # above the headline are left to the segmenter (a paragraph there is the tail of another article)
            if title.is_text:
                title.remove(cleaner, "page_title")
            for furniture in lines[first + 1:choice.index]:
                if furniture.is_text:
                    furniture.remove(cleaner, "page_furniture")
        _drop_copies(lines[choice.index + 1:], headline, cleaner)
        return headline
    if document:
        return None
    short = without_site_names(raw)
    if short != raw and not _SEPARATOR.search(short):
        # a title line of keywords joined by _ or | is taken for spam; without the site's names it is the headline
        if not title.is_text:
            title.restore(HEADING)
        title.edits[(cleaner, "site_name")] += 1
        title.text = short
    return None
