"""HTML residue: tags, broken tags, entities, comments and list bullets left by a scrape.

A page that is a whole HTML document (told by parsing, however it starts) is
first reduced to the blocks of its main content, one block per line, each line
keeping its DOM features (:mod:`corpus_clean.html`); every other block, and the
text of scripts, styles and the head, is kept in the audit with its reason, and
the title, date and authors the markup states go to the page's ``meta``
(``html_title``, ``html_date``, ``html_authors``) and to a metadata line that
fills the record where the text gives none. In plain-text pages, fragments are
removed from inside lines, ``<br>`` and block tags become line breaks, and a
line that was nothing but markup is removed whole with the reason ``markup_only``.

This step only touches markup: on text without ``<``, ``>``, ``&`` or a
leading bullet it returns the line unchanged, which is also its fast path.
"""
from __future__ import annotations

import html
import re
from typing import ClassVar

from ..html import is_document, reduce_document
from ..page import BLANK, BODY, NO_EDITS, Line, Page
from .base import Cleaner

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


DOCUMENT_METADATA = ("html_title", "html_date", "html_authors")
"""What an HTML document's markup states about its article, carried to the record's ``meta``."""


class HtmlResidue(Cleaner):
    """Reduce HTML documents to text blocks and remove markup left inside text lines.

    Args:
        documents: reduce a page that is a whole HTML document (see :func:`corpus_clean.html.is_document`)
            to the blocks of its main content first.
        audit: list every removed fragment in the record's ``meta.edits``, not only count them.
    """

    name: ClassVar[str] = "html_residue"
    reasons: ClassVar[dict[str, str]] = {
        "markup_only": "a line that held nothing but markup: tags, entities, bullets",
        "document_furniture": "a block of an HTML document's nav, header, footer, sidebar or breadcrumb",
        "outside_article": "a block of an HTML document outside the element chosen as its main content",
        "boilerplate_block": "a block inside the content under an element whose class or id names boilerplate "
                             "(share, comment, related, ...)",
        "link_block": "a block inside the content that is mostly link text (a link list, a tag row)",
        "script": "the text of an HTML document's <script> elements (one entry for all of them)",
        "style": "the text of an HTML document's <style> elements (one entry for all of them)",
        "document_head": "the text of an HTML document's <head> (title, meta), read as metadata instead",
        "metadata_document": "title, date and authors as an HTML document's markup states them (meta tags, JSON-LD, "
                             "URL, the lines around the content); used where the text gives none",
        "hidden_element": "the text of elements hidden with hidden, display:none or visibility:hidden",
        "unread_markup": "the whole text of an HTML document nested too deep for the parser to read, kept here "
                         "since its blocks could not be told apart",
        "non_text_element": "the text of an HTML document's noscript, template, textarea, iframe, svg... elements",
    }

    def __init__(self, documents: bool = True, audit: bool = False) -> None:
        self.documents = documents
        self.audit = audit

    def warm_up(self) -> None:
        if self.documents:
            import lxml.etree  # noqa: F401 - imported for its import time only

    def apply(self, page: Page) -> Page:
        if self.documents and page.lines and _may_be_document(page) and is_document(_text(page)):
            self._reduce_document(page)
        body = "\n".join([ln.text for ln in page.lines if ln.kind == BODY])
        if not _page_has_markup(body):
            return page
        if "<" in body:  # a line splits only at a tag
            lines: list[Line] = []
            for line in page.lines:
                if line.kind == BODY and "<" in line.text:
                    parts = _BREAK.split(line.text)
                    if len(parts) > 1 and sum(1 for p in parts if strip_fragments(p)[0].strip()) > 1:
                        lines.extend(Line(p, BODY if p.strip() else BLANK, features=dict(line.features))
                                     for p in parts)
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
            if spans:
                line.spans.extend({"cleaner": self.name, "reason": r, "text": t} for r, t in spans)
            line.text = new
        return page

    def _reduce_document(self, page: Page) -> None:
        reduction = reduce_document(_text(page), url=page.source if "://" in page.source else None)
        lines: list[Line] = []
        stated = {k: v for k, v in reduction.meta.items() if k in DOCUMENT_METADATA}
        if stated:
            # a metadata line, so that script conversion and normalisation reach these values as they reach
            # the text's own bylines; the record takes them only where the text gives none
            line = Line(" ".join(str(v) if isinstance(v, str) else " ".join(v) for v in stated.values()))
            line.mark_meta(self.name, "document", stated)
            lines.append(line)
        for reason, text in reduction.dropped:
            line = Line(text)
            line.remove(self.name, reason)
            lines.append(line)
        for block in reduction.blocks:
            line = Line(block.text, features=block.features)
            if block.reason is not None:
                line.remove(self.name, block.reason)
            lines.append(line)
        page.lines = lines
        page.meta.update(reduction.meta)


def _text(page: Page) -> str:
    return "\n".join([line.text for line in page.lines])


def _may_be_document(page: Page) -> bool:
    """Cheap gate before :func:`is_document`: markup in the page's first lines."""
    return any("<" in line.text for line in page.lines[:50])
