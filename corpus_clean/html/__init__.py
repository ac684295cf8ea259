"""HTML documents: detection, parsing, main-content extraction and document metadata.

``reduce_document(text)`` turns a whole HTML document into the page's lines: the
blocks of its main content in reading order, each with its DOM features, every
other block with the reason it was left out, the text of scripts, styles and the
head per kind, and the title, date and authors the markup states. The
``html_residue`` cleaner calls it; see :mod:`.extract` for how content is chosen.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .dom_features import Block, Node, blocks_and_nodes
from .extract import HEADLINE_LINES, Choice, choose
from .metadata import LINE_WINDOW, document_metadata, nearby_metadata
from .parse import ParsedDocument, is_document, parse_document
from .thread import thread_posts
from .words import FURNITURE, NEGATIVE_TAGS

__all__ = ["DocumentBlock", "Reduction", "is_document", "reduce_document", "thread_replies"]

DROPPED_KINDS = {"script": "script", "style": "style", "head": "document_head", "hidden": "hidden_element",
                 "other": "non_text_element", "unread": "unread_markup"}
"""Reason given to the text of each kind of element dropped before extraction."""


@dataclass
class DocumentBlock:
    """One block of the document: its text, ``reason`` if left out (else ``None``), and its DOM features."""

    text: str
    reason: str | None
    features: dict[str, object] = field(default_factory=dict)
    headline: bool = False


@dataclass
class Reduction:
    """A document reduced to blocks, what was dropped before reading it, and its metadata."""

    blocks: list[DocumentBlock]
    dropped: list[tuple[str, str]]
    """(reason, text): one entry per dropped element kind, their texts joined."""
    meta: dict[str, object]


def _features(block: Block) -> dict[str, object]:
    return {"link_density": round(block.link_density, 3),
            "punct_density": round(block.punct / block.chars, 3) if block.chars else 0.0,
            "chars": block.chars, "tag": block.node.tag, "path": block.node.path()}


def _furniture(nodes: list[Node]) -> set[int]:
    """Ids of the nodes inside the page's furniture (nav, header, footer, sidebar...): one pass, parents first."""
    inside: set[int] = set()
    for node in nodes:
        if (node.parent is not None and id(node.parent) in inside) or node.tag in NEGATIVE_TAGS \
                or node.tag == "header" or node.tokens & FURNITURE:
            inside.add(id(node))
    return inside


@dataclass
class _Reading:
    doc: ParsedDocument
    meta: dict[str, object]
    blocks: list[Block]
    nodes: list[Node]
    choice: Choice


def _read(text: str, url: str | None) -> _Reading:
    """Parse, read the metadata, cut the blocks and choose the content: what every use of a document starts with."""
    doc = parse_document(text)
    url = url or next((v for v in doc.wrapper_attrs.values() if v.startswith(("http://", "https://"))), None)
    titles = doc.titles + [doc.wrapper_attrs["title"]] if doc.wrapper_attrs.get("title") else list(doc.titles)
    meta = document_metadata(doc.root, titles, doc.metas, doc.json_ld, url)
    blocks, nodes = blocks_and_nodes(doc.root)
    choice = choose(blocks, nodes, titles + ([str(meta["html_title"])] if meta.get("html_title") else []))
    return _Reading(doc, meta, blocks, nodes, choice)


def thread_replies(text: str, url: str | None = None) -> list[list[str]]:
    """The other posts of a thread page (replies, comments, other answers), each as its block texts; none
    when the document is no thread. See :mod:`.thread`."""
    reading = _read(text, url)
    return thread_posts(reading.blocks, reading.nodes, reading.choice.top)


def reduce_document(text: str, url: str | None = None) -> Reduction:
    """Reduce an HTML document to its blocks: the main content kept, the rest with reasons (see the module)."""
    reading = _read(text, url)
    doc, meta, blocks, nodes, choice = reading.doc, reading.meta, reading.blocks, reading.nodes, reading.choice
    out = []
    furniture = _furniture(nodes)
    for block in blocks:
        reason = choice.reasons.get(block.index)
        if reason in ("outside_article", "boilerplate_block") and id(block.node) in furniture:
            reason = "document_furniture"
        elif block.index not in choice.content and reason is None:
            reason = "outside_article"
        out.append(DocumentBlock(block.text, reason, _features(block) if reason is None else {},
                                 block.index == choice.headline))
    meta.update(_merged_line_metadata(meta, blocks, choice))
    dropped = [(DROPPED_KINDS[kind], "\n".join(texts)) for kind, texts in doc.dropped.items()
               if kind in DROPPED_KINDS and texts]
    return Reduction(out, dropped, meta)


def _merged_line_metadata(meta: dict[str, object], blocks: list[Block], choice: Choice) -> dict[str, object]:
    """``html_date`` and ``html_authors`` completed from the lines around the content, then the URL.

    Lines are read in this order: right under the headline, just before the content (nearest first),
    the content's first lines, its last lines and what follows it."""
    out: dict[str, object] = {}
    if choice.content and choice.body_start is not None:
        first, last = choice.body_start, max(choice.content)
        before = [b.text for b in blocks[max(0, first - LINE_WINDOW):first]]
        if choice.headline is not None and choice.headline < first:
            under = blocks[choice.headline + 1:min(first, choice.headline + 1 + HEADLINE_LINES)]
            before = before + [b.text for b in reversed(under)]  # read last-first by nearby_metadata
        opening = [b.text for b in blocks[first:min(last + 1, first + LINE_WINDOW)]]
        tail_start = min(max(first + LINE_WINDOW, last - 2), last + 1)
        after = [b.text for b in blocks[tail_start:last + 1 + LINE_WINDOW]]
        lines = nearby_metadata(before, opening + after)
    else:
        lines = {}
    date = meta.get("html_date") or lines.get("line_date") or meta.get("html_url_date")
    if date:
        out["html_date"] = date
    authors = meta.get("html_authors") or lines.get("line_authors")
    if authors:
        out["html_authors"] = authors
    return out
