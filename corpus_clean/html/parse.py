"""Telling an HTML document from text with markup residue, and parsing it into a clean tree.

A page is a document when its markup says so (a doctype, ``<html>``, ``<head>``
or ``<body>`` near the start), or when it opens with markup (any element, a
``<script>``, a ``<form>``, a comment or a crawler's wrapper element) and markup
makes up a large share of it. A scraped text page with a few tags left in its
lines is not a document: its lines are the text.

Parsing uses lxml (libxml2's HTML parser), which recovers from broken markup the
way browsers mostly do. Before any text is read, the elements that are never
article text are taken out of the tree: ``<script>``, ``<style>``, ``<noscript>``,
``<template>``, the whole ``<head>``, comments, form controls, and elements hidden
with ``hidden``, ``display:none`` or ``visibility:hidden``. Their text is kept per
kind, so the audit can say what was dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

_DOC_MARK = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
_OPENS_WITH_MARKUP = re.compile(r"\s*(?:<\?xml|<!--|<!doctype|<[a-zA-Z][a-zA-Z0-9:-]*[\s/>])", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,2000}>")
_WRAPPERS = re.compile(r"</?(div|section|center|span|font|b|i|em|strong|table|tbody|tr|td)\b[^<>]{0,2000}>",
                       re.IGNORECASE)
"""Elements that only wrap others, flattened away when a document nests deeper than the parser reads."""
_DOCUMENT_END = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
"""End tags a browser reads past: libxml2 drops what follows ``</html>`` (a CMS's header include that closes the
document before the article) and puts what follows ``</body>`` outside the body."""
_HEAD_BYTES = 4096
MARKUP_SHARE = 0.25
"""Share of a page's characters inside tags above which a page that opens with markup is a document."""
MIN_TAGS = 8

NEVER_TEXT = ("script", "style", "noscript", "template", "head", "iframe", "svg", "math", "select", "button",
              "textarea", "input", "object", "embed", "canvas", "audio", "video", "map")
"""Elements whose content is never article text; ``head`` holds the title, read as metadata instead."""
METADATA_ELEMENTS = ("title", "meta", "link", "base")
"""Elements read for metadata, never as text, wherever the parser put them."""
RECORDED = ("script", "style", "head")
"""Element kinds whose dropped text is recorded in the audit under their own name, one entry per kind;
the text of the other never-text elements (``noscript``, ``template``, ``textarea``...) is recorded as ``other``."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def is_document(text: str) -> bool:
    """Whether ``text`` is an HTML document rather than text with markup residue.

    Linear: one search in the first few KB, one count of tags over the page.
    """
    head = text[:_HEAD_BYTES]
    if _DOC_MARK.search(head) and _OPENS_WITH_MARKUP.match(text):
        return True
    if not _OPENS_WITH_MARKUP.match(text):
        return bool(_DOC_MARK.search(head)) and _markup_share(text) >= MARKUP_SHARE
    return _markup_share(text) >= MARKUP_SHARE


def _markup_share(text: str) -> float:
    total = tags = count = 0
    for match in _TAG.finditer(text):
        tags += match.end() - match.start()
        count += 1
    total = len(text.strip()) or 1
    return tags / total if count >= MIN_TAGS else 0.0


@dataclass
class ParsedDocument:
    """The cleaned tree of a document, what its markup says about it, and the text dropped per element kind."""

    root: etree._Element
    titles: list[str] = field(default_factory=list)
    """Texts of ``<title>`` elements, wherever they stood."""
    metas: list[dict[str, str]] = field(default_factory=list)
    """Attributes of every ``<meta>`` element."""
    json_ld: list[str] = field(default_factory=list)
    """Bodies of ``<script type="application/ld+json">``."""
    dropped: dict[str, list[str]] = field(default_factory=dict)
    """Texts taken out by element kind (``script``, ``style``, ``head``, ``hidden``, ``other``), and under
    ``unread`` the text of a document nested too deep for the parser even without its wrappers."""
    wrapper_attrs: dict[str, str] = field(default_factory=dict)
    """Attributes of a crawler's wrapper element around the document (``<text id="URL" title="...">``)."""


def parse_document(text: str) -> ParsedDocument:
    """Parse ``text`` as HTML and drop what is never article text (see the module's docstring)."""
    # plain etree elements: lxml.html's element classes cost a lookup per element and add nothing here
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True,
                              no_network=True)
    text = _DOCUMENT_END.sub("", text)
    data = text.encode("utf-8", "surrogatepass").strip()
    root = etree.fromstring(data, parser) if data else None
    unread = ""
    if root is not None and _hit_a_limit(parser):
        # libxml2 stops reading below 2048 levels of nesting: read it again without its wrapper elements
        root = etree.fromstring(_WRAPPERS.sub(_flatten, text).encode("utf-8", "surrogatepass"), parser)
        if _hit_a_limit(parser):
            unread = " ".join(_TAG.sub(" ", text).split())
    if root is None:
        root = etree.fromstring(b"<html><body></body></html>", parser)
    doc = ParsedDocument(root=root, wrapper_attrs=_wrapper_attributes(root))
    if unread:
        doc.dropped["unread"] = [unread]
    stack = [root]
    while stack:
        element = stack.pop()
        for child in list(element):
            kind = _drop_kind(child)
            if kind is None:
                stack.append(child)
                continue
            if kind:
                _record(doc, kind, child)
            _remove_keep_tail(child)
    return doc


def _hit_a_limit(parser: etree.HTMLParser) -> bool:
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


def _flatten(match: re.Match[str]) -> str:
    return "<br>" if match.group(1).lower() in ("div", "section", "center", "table", "tr", "td") else ""


def _drop_kind(element: etree._Element) -> str | None:
    """``None`` to keep ``element``; else the kind it is recorded under ('' for not recorded)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if tag in NEVER_TEXT or tag in METADATA_ELEMENTS:
        return tag if tag in RECORDED or tag in METADATA_ELEMENTS else "other"
    if element.get("hidden") is not None or _HIDDEN_STYLE.search(element.get("style") or ""):
        return "hidden"
    return None


def _record(doc: ParsedDocument, kind: str, element: etree._Element) -> None:
    """Read the metadata out of a dropped element and keep its text under its kind."""
    for el in element.iter("title", "meta", "script"):
        if el.tag == "title":
            doc.titles.append(" ".join((el.text or "").split()))
        elif el.tag == "meta":
            doc.metas.append({k.lower(): v for k, v in el.attrib.items()})
        elif "ld+json" in (el.get("type") or "") and el.text:
            doc.json_ld.append(el.text)
    if kind in ("meta", "title", "link", "base"):
        return
    if kind == "head":
        text = " ".join(t for el in element.iter() if isinstance(el.tag, str) and el.tag not in ("script", "style")
                        for t in (el.text,) if t and t.strip())
        for el in element.iter("script", "style"):
            _keep(doc, el.tag, " ".join("".join(el.itertext()).split()))
    else:
        text = "".join(element.itertext())
    _keep(doc, kind, " ".join(text.split()))


def _keep(doc: ParsedDocument, kind: str, text: str) -> None:
    if text:
        doc.dropped.setdefault(kind, []).append(text)


def _remove_keep_tail(element: etree._Element) -> None:
    """Remove ``element`` but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _wrapper_attributes(root: etree._Element) -> dict[str, str]:
    """Attributes of an unknown element that wraps the whole document, as crawlers write them."""
    body = root.find("body")
    first = body[0] if body is not None and len(body) else None
    if first is None or not isinstance(first.tag, str) or first.tag in html.defs.tags:
        return {}
    return {k: v for k, v in first.attrib.items() if isinstance(v, str)}
