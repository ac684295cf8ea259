"""The text blocks of a parsed document and the features each block and element carries.

One walk over the tree (lxml's ``iterwalk``, start and end events) cuts the text
into blocks at every block-level element boundary and at ``<br>``, and builds a
:class:`Node` for each block-level element with the totals of its subtree: text
characters, characters inside links, Chinese punctuation, blocks. Each total is
added once to the element that holds it and once to its parent when the element
closes, so the walk is linear in the size of the document.

The features are the signals that hold across sites: how much of a block is
link text, how much punctuation its text has (running prose has commas and full
stops; menus and link lists have none), and the boilerplate words in the
``class`` and ``id`` of the elements above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

BLOCK_TAGS = frozenset((
    "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "tbody", "thead", "tfoot", "section", "article",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "figcaption", "figure", "main",
    "center", "hr", "form", "header", "footer", "nav", "aside", "body", "html", "address", "caption", "fieldset",
    "details", "summary", "legend", "menu", "dir", "frameset", "frame", "option", "optgroup", "label", "text"))
"""Elements whose boundaries end a block of text (``text`` is the wrapper element some crawlers write)."""
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
PUNCTUATION = frozenset("，。！？；：、,!?;")
"""Sentence punctuation: what running prose has and menus, link lists and thread lists lack."""
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


@dataclass(eq=False)
class Node:
    """A block-level element with the totals of the text under it."""

    tag: str
    element: etree._Element
    parent: Node | None
    depth: int
    tokens: frozenset[str]
    """Lower-case words of the element's ``class`` and ``id``."""
    first_block: int
    end_block: int = -1
    chars: int = 0
    link_chars: int = 0
    punct: int = 0
    score: float = 0.0
    children: int = 0
    """Block-level children that hold text."""
    linked_children: int = 0
    """Block-level children that hold link text: all of them in a list of teasers or a forum's post list."""
    _path: str | None = field(default=None, repr=False)

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    def path(self, depth: int = 3) -> str:
        """The last ``depth`` elements down to this one, each as ``tag.word.word`` (``div.content>p``)."""
        if self._path is None:
            parts: list[str] = []
            node: Node | None = self
            while node is not None and len(parts) < depth:
                parts.append(".".join([node.tag, *sorted(node.tokens)[:3]]))
                node = node.parent
            self._path = ">".join(reversed(parts))
        return self._path


@dataclass(eq=False)
class Block:
    """A run of text between block boundaries, with the element that holds it."""

    index: int
    text: str
    node: Node
    chars: int
    link_chars: int
    punct: int
    features: dict[str, object] = field(default_factory=dict)

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


def _tokens(element: etree._Element) -> frozenset[str]:
    """Lower-case words of ``class`` and ``id``; an address among them (a crawler's wrapper has the page's URL
    as its ``id``) says nothing about the element, so it gives none (nor does a ``w-1/2`` class)."""
    words = " ".join(w for v in (element.get("class") or "", element.get("id") or "") for w in v.split()
                     if "/" not in w).lower()
    return frozenset(t for t in _TOKEN_SPLIT.split(words) if t) if words.strip() else frozenset()


def blocks_and_nodes(root: etree._Element) -> tuple[list[Block], list[Node]]:
    """Cut the document under ``root`` into text blocks, and total their features per block element."""
    blocks: list[Block] = []
    nodes: list[Node] = []
    stack: list[Node] = []
    parts: list[str] = []
    link_parts: list[int] = [0]
    in_link = 0

    def flush() -> None:
        if not parts:
            return
        text = " ".join("".join(parts).split())
        parts.clear()
        linked = link_parts[0]
        link_parts[0] = 0
        if not text:
            return
        node = stack[-1]
        chars = len(text) - text.count(" ")
        punct = sum(map(text.count, PUNCTUATION)) if len(text) > 8 else sum(1 for c in text if c in PUNCTUATION)
        block = Block(len(blocks), text, node, chars, min(linked, chars), punct)
        blocks.append(block)
        node.chars += chars
        node.link_chars += block.link_chars
        node.punct += punct

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            if in_link:
                link_parts[0] += len(text) - text.count(" ") - text.count("\n") - text.count("\t")

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in BLOCK_TAGS or not stack:
                flush()
                parent = stack[-1] if stack else None
                node = Node(tag, element, parent, len(stack), _tokens(element), len(blocks))
                nodes.append(node)
                stack.append(node)
            elif tag == "br":
                flush()
            if tag == "a":
                in_link += 1
            add(element.text)
            continue
        if tag == "a":
            in_link -= 1
        if stack and stack[-1].element is element:
            flush()
            node = stack.pop()
            node.end_block = len(blocks)
            if node.parent is not None and node.chars:
                node.parent.children += 1
                node.parent.linked_children += node.link_chars > 0
                node.parent.chars += node.chars
                node.parent.link_chars += node.link_chars
                node.parent.punct += node.punct
        if element is not root:
            add(element.tail)
    flush()
    while stack:
        node = stack.pop()
        node.end_block = len(blocks)
    return blocks, nodes
