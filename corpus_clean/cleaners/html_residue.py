"""HTML residue: tags, broken tags, entities, comments and list bullets left by a scrape.

A complete HTML document is first reduced to its text blocks, one block per
line, without ``script``, ``style``, ``nav``, ``header``, ``footer``, ``aside``,
forms and comments; the text of the dropped page furniture is kept in the
audit. In plain-text pages, fragments are removed from inside lines, ``<br>``
and block tags become line breaks, and a line that was nothing but markup is
removed whole with the reason ``markup_only``.

This step only touches markup: on text without ``<``, ``>``, ``&`` or a
leading bullet it returns the line unchanged, which is also its fast path.
"""
from __future__ import annotations

import html
import re
from typing import ClassVar

from ..page import BLANK, BODY, NO_EDITS, Line, Page
from .base import Cleaner

DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                    "form", "iframe", "svg", "button", "select", "head")
BLOCK_ELEMENTS = ("p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2",
                  "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "figcaption", "figure",
                  "td", "th", "caption", "main", "center", "hr")

_DOCUMENT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                       re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_BREAK = re.compile(r"<\s*br\s*/?\s*>|</?\s*(?:p|div|li|tr|h[1-6]|section|article|blockquote)(?:\s[^<>]*)?>",
                    re.IGNORECASE)
_HTML_TAGS = ("a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br|button|canvas|caption|"
              "center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|"
              "figcaption|figure|font|footer|form|frame|h[1-6]|head|header|hgroup|hr|html|i|iframe|img|input|ins|kbd|"
              "label|legend|li|link|main|map|mark|marquee|menu|meta|meter|nav|nobr|noscript|object|ol|optgroup|"
              "option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|section|select|small|source|"
              "span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|"
              "title|tr|track|tt|u|ul|var|video|wbr|xmp|o:p")
# a known element, any element with attributes, or any lower-case closing tag; <Nature> or <iPhone> in prose stay
_TAG = re.compile(rf"</?(?:{_HTML_TAGS})\b[^<>]*>|<[a-zA-Z][a-zA-Z0-9:-]*\s+[\w:-]+\s*=[^<>]*>|</[a-z][a-z0-9:-]*>",
                  re.IGNORECASE)
_TAG_NAMES = ("p|div|span|a|td|tr|th|li|ul|ol|b|i|u|em|strong|font|table|tbody|thead|tfoot|h[1-6]|"
              "section|article|sup|sub|center|small|big|noscript|script|style|img|label|dd|dt|dl")
_BROKEN_TAG = re.compile(rf"(?:[?？]|<)?/(?:{_TAG_NAMES})>|<(?:{_TAG_NAMES})(?:\s+[\w-]+=[^<>]*)?$|"
                         rf"^(?:{_TAG_NAMES})?(?:\s+[\w-]+=\"[^\"<>]*\")+\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[a-zA-Z][a-zA-Z0-9]{1,31};|(?:nbsp|amp|lt|gt|quot)(?![a-zA-Z;]))")
_BULLET = re.compile(r"^\s*[•●▪◦‣∙]+\s*")
_MARKUP = re.compile(r"[<>&]|^[^\S\n]*[•●▪◦‣∙]", re.MULTILINE)
_BULLETS = "•●▪◦‣∙"


def _unescape(match: re.Match[str]) -> str:
    entity = match.group(0)
    if not entity.endswith(";") and entity[1:] in ("nbsp", "amp", "lt", "gt", "quot"):
        entity += ";"
    text = html.unescape(entity)
    if text == entity:
        return match.group(0)
    return "\u00a0" if text == "\xa0" else text


def _has_markup(text: str) -> bool:
    """``<``, ``>`` or ``&`` anywhere, or a bullet opening the line: something :func:`strip_fragments` may take."""
    if "<" in text or ">" in text or "&" in text:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _BULLETS


def _page_has_markup(text: str) -> bool:
    """``_MARKUP.search(text)``: substring tests first, the line-start pattern only when a bullet is there at all."""
    if "<" in text or ">" in text or "&" in text:
        return True
    return any(b in text for b in _BULLETS) and bool(_MARKUP.search(text))


def strip_fragments(text: str, removed: list[tuple[str, str]] | None = None) -> tuple[str, dict[str, int]]:
    """Remove tags, broken tags, comments, entities and a leading bullet from one line.

    Removing one fragment can expose another (``<<b>b>``, ``&amp;lt;p&amp;gt;``), so the
    passes repeat until nothing changes: the result is a fixed point. Each
    removed fragment is listed in ``removed`` as (reason, text) if given.
    """
    if not _has_markup(text):
        return text, NO_EDITS
    counts: dict[str, int] = {}
    for _ in range(8):
        new = _strip_once(text, counts, removed)
        if new == text:
            break
        text = new
    return text, counts


def _strip_once(text: str, counts: dict[str, int], removed: list[tuple[str, str]] | None) -> str:
    if not _has_markup(text):
        return text
    for reason, pattern, repl in (("comment", _COMMENT, ""), ("tag", _TAG, ""), ("broken_tag", _BROKEN_TAG, ""),
                                  ("bullet", _BULLET, "")):
        if removed is not None:
            removed.extend((reason, m.group(0)) for m in pattern.finditer(text))
        text, n = pattern.subn(repl, text)
        if n:
            counts[reason] = counts.get(reason, 0) + n
    # entities may be escaped twice (&amp;nbsp;): unescape until nothing changes
    for _ in range(3):
        new, n = _ENTITY.subn(_unescape, text)
        if new == text:
            break
        counts["entity"] = counts.get("entity", 0) + n
        text = new
    return text


def document_lines(markup: str) -> tuple[list[str], list[str]]:
    """Reduce a complete HTML document to (text blocks, texts of dropped furniture)."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    dropped: list[str] = []
    for element in soup.find_all(DROPPED_ELEMENTS):
        if element.decomposed:
            continue
        if element.name == "header" and (element.find_parent(("article", "main")) or element.find("h1")):
            continue  # an article's own header holds its headline and byline
        if element.name in ("nav", "header", "footer", "aside", "form"):
            text = " ".join(element.get_text(" ").split())
            if text:
                dropped.append(text)
        element.decompose()
    for element in soup.find_all(BLOCK_ELEMENTS):
        element.insert_before("\n")
        element.insert_after("\n")
    root = soup.body or soup
    blocks = [" ".join(part.split()) if not _has_cjk(part) else part.strip()
              for part in root.get_text().split("\n")]
    return [b for b in blocks if b.strip()], dropped


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


class HtmlResidue(Cleaner):
    """Reduce HTML documents to text blocks and remove markup left inside text lines.

    Args:
        documents: reduce a page that is a complete HTML document (``<html>``,
            ``<!doctype html>``, ``<body>``) to its text blocks first.
        audit: list every removed fragment in the record's ``meta.edits``, not only count them.
    """

    name: ClassVar[str] = "html_residue"
    reasons: ClassVar[dict[str, str]] = {
        "markup_only": "a line that held nothing but markup: tags, entities, bullets",
        "document_furniture": "text of a nav, header, footer, aside or form element of an HTML document",
    }

    def __init__(self, documents: bool = True, audit: bool = False) -> None:
        self.documents = documents
        self.audit = audit

    def warm_up(self) -> None:
        if self.documents:
            import bs4  # noqa: F401 - imported for its import time only

    def apply(self, page: Page) -> Page:
        if self.documents and page.lines and _DOCUMENT.match(_head_text(page)):
            self._reduce_document(page)
        if not _page_has_markup("\n".join([ln.text for ln in page.lines if ln.kind == BODY])):
            return page
        lines: list[Line] = []
        for line in page.lines:
            if line.kind == BODY and "<" in line.text:
                parts = _BREAK.split(line.text)
                if len(parts) > 1 and sum(1 for p in parts if strip_fragments(p)[0].strip()) > 1:
                    lines.extend(Line(p, BODY if p.strip() else BLANK) for p in parts)
                    continue
            lines.append(line)
        page.lines = lines
        for line in page.lines:
            if line.kind != BODY or not _has_markup(line.text):
                continue
            spans: list[tuple[str, str]] | None = [] if self.audit else None
            new, counts = strip_fragments(line.text, spans)
            if not counts:
                continue
            if not new.strip():
                line.remove(self.name, "markup_only")
                continue
            for reason, n in counts.items():
                line.edits[(self.name, reason)] += n
            line.spans.extend({"cleaner": self.name, "reason": r, "text": t} for r, t in spans or ())
            line.text = new
        return page

    def _reduce_document(self, page: Page) -> None:
        markup = "\n".join(ln.text for ln in page.lines)
        blocks, dropped = document_lines(markup)
        furniture = []
        for text in dropped:
            line = Line(text)
            line.remove(self.name, "document_furniture")
            furniture.append(line)
        page.lines = furniture + [Line(b) for b in blocks]


def _head_text(page: Page) -> str:
    return "\n".join(line.text for line in page.lines[:50])
