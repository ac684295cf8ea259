"""Choosing a document's main content among its blocks.

The method is readability's, tuned for Chinese prose and cut to what measured
well here: every block of running text scores its element, and less its
parent and grandparent (one point, one per punctuation mark, one per hundred
characters, up to three); an element's score is then weighed by the share of
its text that is not link text and by the words of its ``class`` and ``id``
(``content``, ``article``, ``zhengwen``... raise it; ``comment``, ``share``,
``sidebar``, ``xgxw``... lower it); ``<article>``, ``<main>`` and
``itemprop="articleBody"`` mark content outright. The best element is the
content, with its siblings that score well too. Inside it, blocks under an
element whose words say boilerplate, and blocks that are mostly link text, are
left out; so are blocks that stand after the content.

Then the headline: the heading (or ``title``-named element) before the content
whose text agrees best with the document's title, and the short lines between it
and the content that carry a date or a byline; they become the first lines, so the
line judgement reads title, date and authors as it does on text pages.

Nothing is fitted to one site: the words are the ones CMSs of many sites use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dom_features import HEADINGS, Block, Node
from .words import NEGATIVE, NEGATIVE_PARTS, NEGATIVE_TAGS, PARAGRAPH_TAGS, POSITIVE, POSITIVE_TAGS

POSITIVE_FACTOR = 1.5
NEGATIVE_FACTOR = 0.5
MARKED_CONTENT = 3.0
"""Factor for an element that says it is the article body (``itemprop=articleBody``)."""
MIN_BLOCK_CHARS = 10
LINK_BLOCK_DENSITY = 0.5
SIBLING_SHARE = 0.2
SIBLING_MIN = 5.0
PROSE_PARAGRAPH_CHARS = 30
MIN_LIST_ITEMS = 3
LIST_PENALTY = 0.5
CLEAN_RIVAL_SHARE = 0.5
CLEAN_RIVAL_MIN = 10.0
"""Share of the best score, and the least score (a paragraph of prose), that an element outside
boilerplate-named ones needs to be chosen over it."""
HEADLINE_SLACK = 10
HEADLINE_SCALE = 20.0
"""Blocks between the headline and a candidate: the first SLACK cost nothing, SCALE more halve its score."""
HEADLINE_LINES = 5
"""Blocks right under the headline that may join it as its date and byline lines."""
GAP = 4
"""Blocks without prose, one of them link text or boilerplate, that end a stretch of content."""
TAIL = 3
LEAD_CHARS = 100
LEAD_PUNCT = 4
"""A stretch before the article's main one that holds a paragraph this long and punctuated is its lead."""
STRETCH_SHARE = 0.15
_META_LINE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}|来源|作者|记者|编辑|发布|发表|时间|日期|稿源|出处|通讯员|撰文|撰稿|"
                        r"报道|摄影|文/|文／")
"""A date, or a word of a byline or source line: what the lines under a headline that belong to it hold."""


@dataclass
class Choice:
    """What the extractor decided for a document's blocks."""

    content: set[int]
    """Indices of the blocks that are the article, in document order."""
    reasons: dict[int, str]
    """For each block left out, why: ``outside_article``, ``boilerplate_block`` or ``link_block``."""
    headline: int | None
    top: Node | None
    body_start: int | None = None
    """The first block of the content proper, before the headline and its date and byline lines were added."""


def _class_weight(node: Node) -> float:
    """A factor from the element's words and tag: a boilerplate word outweighs a content word
    (``content-recommend``); an element that says it is the article body counts most."""
    if (node.element.get("itemprop") or "").lower() == "articlebody":
        return MARKED_CONTENT
    if _negative(node):
        return NEGATIVE_FACTOR
    if node.tokens & POSITIVE or node.tag in POSITIVE_TAGS:
        return POSITIVE_FACTOR
    return 1.0


def block_score(block: Block) -> float:
    """How much a block looks like running prose: punctuation and length, nothing for link text."""
    if block.chars < MIN_BLOCK_CHARS or block.link_density >= LINK_BLOCK_DENSITY or not block.punct:
        return 0.0
    return 1.0 + block.punct + min(block.chars / 100.0, 3.0)


def _negative(node: Node) -> bool:
    if node.tokens & NEGATIVE or node.tag in NEGATIVE_TAGS:
        return True
    return any(part in token for token in node.tokens if len(token) > 6 for part in NEGATIVE_PARTS)


def choose(blocks: list[Block], nodes: list[Node], titles: list[str]) -> Choice:
    """Pick the content blocks and the headline among ``blocks`` (see the module's docstring)."""
    for block in blocks:
        score = block_score(block)
        if not score:
            continue
        node: Node | None = block.node
        if node.tag in PARAGRAPH_TAGS and node.parent is not None:
            node = node.parent  # a paragraph scores the element that holds it, as in readability
        for level in range(4):
            if node is None:
                break
            node.score += score / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.parent
    headline = find_headline(blocks, titles)
    top: Node | None = None
    best = 0.0
    for node in nodes:
        if node.score <= 0 or node.tag == "html" or node.tag in HEADINGS:
            continue
        node.score = (node.score * _class_weight(node) * (1.0 - node.link_density) * _distance_factor(node, headline)
                      * _list_factor(node))
        if node.score > best:
            top, best = node, node.score
    top, best = _clean_rival(nodes, top, best)
    if top is None:  # no prose anywhere: keep what is neither boilerplate-named nor link text
        neg_depth = _deepest_negative(nodes)
        reasons = {b.index: "boilerplate_block" if neg_depth.get(id(b.node), -1) >= 0 else "link_block"
                   for b in blocks if neg_depth.get(id(b.node), -1) >= 0 or b.link_density >= LINK_BLOCK_DENSITY}
        kept = {b.index for b in blocks if b.index not in reasons}
        return Choice(kept, reasons, headline, None, min(kept) if kept else None)
    chosen = [top]
    if top.parent is not None:
        threshold = max(SIBLING_MIN, best * SIBLING_SHARE)
        chosen = [n for n in nodes if n.parent is top.parent
                  and (n is top or n.score >= threshold or _prose_paragraph(n))]
    inside = [False] * len(blocks)
    for node in chosen:  # siblings: their spans of blocks do not overlap
        inside[node.first_block:node.end_block] = [True] * (node.end_block - node.first_block)
    content: set[int] = set()
    reasons: dict[int, str] = {}
    neg_depth = _deepest_negative(nodes)
    for block in blocks:
        if not inside[block.index]:
            reasons[block.index] = "outside_article"
        elif neg_depth.get(id(block.node), -1) > top.depth:
            reasons[block.index] = "boilerplate_block"
        elif block.link_density >= LINK_BLOCK_DENSITY and block.chars < 200:
            reasons[block.index] = "link_block"
        else:
            content.add(block.index)
    content = _main_stretch(blocks, content, reasons)
    body_start = min(content) if content else None
    if headline is not None and body_start is not None and headline < body_start:
        first = body_start
        near = set(range(headline, min(first, headline + HEADLINE_LINES + 1)))
        for block in blocks[headline:first]:
            if block.index not in near:
                continue
            # no link-density test: a byline's names and address are often links
            if block.index == headline or (block.chars <= 120 and _META_LINE.search(block.text)):
                content.add(block.index)
                reasons.pop(block.index, None)
    return Choice(content, reasons, headline, top, body_start)


def _clean_rival(nodes: list[Node], top: Node | None, best: float) -> tuple[Node | None, float]:
    """The best element not under a boilerplate-named one, when ``top`` is under one and the rival scores at
    least :data:`CLEAN_RIVAL_SHARE` of it and :data:`CLEAN_RIVAL_MIN`: a recommended article or a comment thread, longer than the article
    above it, still says what it is in its ``class``."""
    if top is None:
        return top, best
    neg_depth = _deepest_negative(nodes)
    if neg_depth.get(id(top), -1) < 0:
        return top, best
    rival = max((n for n in nodes if n.score > 0 and neg_depth.get(id(n), -1) < 0 and n.tag != "html"
                 and n.tag not in HEADINGS), key=lambda n: n.score, default=None)
    if rival is not None and rival.score >= max(best * CLEAN_RIVAL_SHARE, CLEAN_RIVAL_MIN):
        return rival, rival.score
    return top, best


def _good(block: Block) -> bool:
    """A block of running prose: long enough, punctuated, little link text."""
    return block.chars >= MIN_BLOCK_CHARS and block.punct > 0 and block.link_density < 0.3


def _main_stretch(blocks: list[Block], content: set[int], reasons: dict[int, str]) -> set[int]:
    """Keep the stretch of the content that holds most of its prose.

    A content element often holds more than the article (a table cell with the
    related links and teasers after it, a forum's later posts): a run of
    :data:`GAP` blocks without prose, one of them left out already, cuts the content into stretches;
    the stretches from the first to the last whose prose scores at least :data:`STRETCH_SHARE` of the
    best are kept (weak stretches are cut at the ends only: between strong ones they are part of a long
    article), each with up to :data:`TAIL` short lines after its last prose (a source or editor line).
    """
    if not content:
        return content
    first, last = min(content), max(content)
    stretches: list[list[int]] = [[]]
    run: list[int] = []
    run_bad = False
    for block in blocks[first:last + 1]:
        if block.index in content and _good(block):
            if len(run) >= GAP and run_bad and stretches[-1]:
                stretches[-1].extend(i for i in run[:TAIL] if i in content)
                stretches.append([])
            else:
                stretches[-1].extend(i for i in run if i in content)
            run, run_bad = [], False
            stretches[-1].append(block.index)
        else:
            run.append(block.index)
            run_bad = run_bad or block.index not in content
    # after the last prose: a source or editor line or two before link lists; all of it when nothing is links
    stretches[-1].extend(i for i in (run[:TAIL] if run_bad else run) if i in content)
    scores = [sum(block_score(blocks[i]) for i in s) for s in stretches]
    best = max(scores)
    top = scores.index(best)
    # before the best stretch, a paragraph of plain prose is the article's lead (a link list may split them)
    strong = [n for n, score in enumerate(scores) if score >= best * STRETCH_SHARE
              or (n < top and any(_lead(blocks[i]) for i in stretches[n]))]
    kept = {i for s in stretches[strong[0]:strong[-1] + 1] for i in s}  # only the ends are cut
    for i in content - kept:
        reasons[i] = "outside_article"
    return kept


def _lead(block: Block) -> bool:
    """A paragraph of plain prose: long, punctuated, without links."""
    return block.chars >= LEAD_CHARS and block.punct >= LEAD_PUNCT and block.link_chars == 0


def _deepest_negative(nodes: list[Node]) -> dict[int, int]:
    """For each node, the depth of the deepest ancestor-or-self whose words or tag say boilerplate (-1: none)."""
    out: dict[int, int] = {}
    for node in nodes:  # document order: a parent comes before its children
        inherited = out.get(id(node.parent), -1) if node.parent is not None else -1
        out[id(node)] = node.depth if _negative(node) else inherited
    return out


def find_headline(blocks: list[Block], titles: list[str]) -> int | None:
    """The block that is the page's headline: a short block that the title holds or that holds the title,
    a heading or ``title``-named element first, the earliest of equals."""
    keys = [k for k in ("".join(t.split()) for t in titles) if len(k) >= 4]
    if not keys:
        return None
    best, best_score = None, 0.0
    for block in blocks:
        if block.chars < 4 or block.chars > 80 or block.link_density > 0.5:
            continue
        text = "".join(block.text.split())
        # the title holds the headline (and a site name), or the headline holds the title; a short block that is
        # only a part of the title (a channel name in the navigation) is not the headline
        if not any(k in text or (text in k and len(text) * 2 >= len(k)) for k in keys):
            continue
        node = block.node
        score = 1.0 + (1.0 if node.tag in HEADINGS else 0.0) + (0.5 if node.tag == "h1" else 0.0)
        score += 0.5 if any("title" in t or "biaoti" in t or "headline" in t for t in node.tokens) else 0.0
        if score > best_score:
            best, best_score = block.index, score
    return best


def _prose_paragraph(node: Node) -> bool:
    """A paragraph beside the content that reads as prose joins it, as in readability."""
    return (node.tag in PARAGRAPH_TAGS and node.chars >= PROSE_PARAGRAPH_CHARS and node.punct > 0
            and node.link_density < 0.25)


def _list_factor(node: Node) -> float:
    """Less weight for an element whose parts nearly all hold a link: a list of teasers, not an article."""
    if node.children < MIN_LIST_ITEMS:
        return 1.0
    return 1.0 - LIST_PENALTY * node.linked_children / node.children


def _distance_factor(node: Node, headline: int | None) -> float:
    """Less weight for content that starts far from the headline: the article follows its headline."""
    if headline is None or node.first_block <= headline < node.end_block:
        return 1.0
    gap = node.first_block - headline if node.first_block > headline else headline - node.end_block + 1
    return 1.0 / (1.0 + max(0, gap - HEADLINE_SLACK) / HEADLINE_SCALE)
