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

POSITIVE = frozenset((
    "article", "articles", "content", "contents", "main", "post", "entry", "text", "body", "story", "detail",
    "details", "zhengwen", "neirong", "wenzhang", "artibody", "txt", "news", "newstext", "read", "blog",
    "conent", "cont", "con", "maintext", "postbody", "message", "substance"))
NEGATIVE = frozenset((
    "nav", "navbar", "navigation", "menu", "footer", "foot", "share", "sharing", "bshare", "fenxiang", "jiathis",
    "social", "comment", "comments", "pinglun", "reply", "replies", "respond", "related", "relate", "xgxw",
    "xiangguan", "recommend", "tuijian", "sidebar", "side", "aside", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "location", "weizhi", "position", "copyright", "banquan", "ad", "ads", "advert", "advertisement",
    "guanggao", "gg", "banner", "login", "search", "sousuo", "tag", "tags", "keyword", "keywords", "pagination",
    "pager", "paging", "fenye", "toolbar", "tool", "tools", "print", "dayin", "subscribe", "qrcode", "erweima",
    "links", "friendlink", "youqing", "hot", "hotnews", "rank", "ranking", "paihang", "widget", "popup",
    "modal", "masthead", "header", "topbar", "sponsor", "promo", "more", "list", "prev", "next", "rec"))
POSITIVE_TAGS = frozenset(("article", "main"))
NEGATIVE_TAGS = frozenset(("nav", "footer", "aside", "menu"))
CLASS_WEIGHT = 25.0
MARKED_CONTENT = 60.0
"""Score for an element that says it is the content (``itemprop=articleBody``, ``<article>``)."""
MIN_BLOCK_CHARS = 10
LINK_BLOCK_DENSITY = 0.5
SIBLING_SHARE = 0.2
GAP = 4
"""Blocks without prose, one of them link text or boilerplate, that end a stretch of content."""
TAIL = 3
STRETCH_SHARE = 0.15
_META_LINE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}|来源|作者|记者|编辑|发布|时间|日期|稿源|出处|通讯员|撰文|文/|文／")


@dataclass
class Choice:
    """What the extractor decided for a document's blocks."""

    content: set[int]
    """Indices of the blocks that are the article, in document order."""
    reasons: dict[int, str]
    """For each block left out, why: ``outside_article``, ``boilerplate_block`` or ``link_block``."""
    headline: int | None
    top: Node | None


def _class_weight(node: Node) -> float:
    weight = 0.0
    if node.tokens & POSITIVE or node.tag in POSITIVE_TAGS:
        weight += CLASS_WEIGHT
    if node.tokens & NEGATIVE or node.tag in NEGATIVE_TAGS:
        weight -= CLASS_WEIGHT
    element = node.element
    if (element.get("itemprop") or "").lower() == "articlebody":
        weight += MARKED_CONTENT
    return weight


def block_score(block: Block) -> float:
    """How much a block looks like running prose: punctuation and length, nothing for link text."""
    if block.chars < MIN_BLOCK_CHARS or block.link_density >= LINK_BLOCK_DENSITY:
        return 0.0
    return 1.0 + block.punct + min(block.chars / 100.0, 3.0)


def _negative(node: Node) -> bool:
    return bool(node.tokens & NEGATIVE) or node.tag in NEGATIVE_TAGS


def choose(blocks: list[Block], nodes: list[Node], titles: list[str]) -> Choice:
    """Pick the content blocks and the headline among ``blocks`` (see the module's docstring)."""
    for block in blocks:
        score = block_score(block)
        if not score:
            continue
        node: Node | None = block.node
        for level in range(4):
            if node is None:
                break
            node.score += score / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.parent
    top: Node | None = None
    best = 0.0
    for node in nodes:
        if node.score <= 0 or node.tag in ("html", "body"):
            continue
        node.score = (node.score + _class_weight(node)) * (1.0 - node.link_density)
        if node.score > best:
            top, best = node, node.score
    if top is None:
        return Choice(set(range(len(blocks))), {}, None, None)
    chosen = [top]
    if top.parent is not None:
        threshold = max(10.0, best * SIBLING_SHARE)
        chosen = [n for n in nodes if n.parent is top.parent and (n is top or n.score >= threshold)]
    spans = [(n.first_block, n.end_block) for n in chosen]
    content: set[int] = set()
    reasons: dict[int, str] = {}
    neg_depth = _deepest_negative(nodes)
    for block in blocks:
        if not any(a <= block.index < b for a, b in spans):
            reasons[block.index] = "outside_article"
        elif neg_depth.get(id(block.node), -1) > top.depth:
            reasons[block.index] = "boilerplate_block"
        elif block.link_density >= LINK_BLOCK_DENSITY and block.chars < 200:
            reasons[block.index] = "link_block"
        else:
            content.add(block.index)
    content = _main_stretch(blocks, content, reasons)
    headline = _headline(blocks, content, titles)
    if headline is not None:
        first = min(content) if content else len(blocks)
        for block in blocks[headline:first]:
            if block.index == headline or (block.chars <= 120 and block.link_density < LINK_BLOCK_DENSITY
                                           and _META_LINE.search(block.text)):
                content.add(block.index)
                reasons.pop(block.index, None)
    return Choice(content, reasons, headline, top)


def _good(block: Block) -> bool:
    """A block of running prose: long enough, punctuated, little link text."""
    return block.chars >= MIN_BLOCK_CHARS and block.punct > 0 and block.link_density < 0.3


def _main_stretch(blocks: list[Block], content: set[int], reasons: dict[int, str]) -> set[int]:
    """Keep the stretch of the content that holds most of its prose.

    A content element often holds more than the article (a table cell with the
    related links and teasers after it, a forum's later posts): a run of
    :data:`GAP` blocks without prose, one of them left out already, cuts the content into stretches;
    the stretches whose prose scores at least :data:`STRETCH_SHARE` of the best are kept,
    each with up to :data:`TAIL` short lines after its last prose (a source or editor line).
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
    stretches[-1].extend(i for i in run[:TAIL] if i in content)
    scores = [sum(block_score(blocks[i]) for i in s) for s in stretches]
    best = max(scores)
    kept = {i for s, score in zip(stretches, scores) if score >= best * STRETCH_SHARE for i in s}
    for i in content - kept:
        reasons[i] = "outside_article"
    return kept


def _deepest_negative(nodes: list[Node]) -> dict[int, int]:
    """For each node, the depth of the deepest ancestor-or-self whose words or tag say boilerplate (-1: none)."""
    out: dict[int, int] = {}
    for node in nodes:  # document order: a parent comes before its children
        inherited = out.get(id(node.parent), -1) if node.parent is not None else -1
        out[id(node)] = node.depth if _negative(node) else inherited
    return out


def _headline(blocks: list[Block], content: set[int], titles: list[str]) -> int | None:
    """The block before the content that reads as its headline: a heading agreeing with the title."""
    if not content:
        return None
    first = min(content)
    title_chars = set("".join(titles))
    best, best_score = None, 0.0
    for block in blocks[max(0, first - 40):first + 3]:
        if block.chars < 4 or block.chars > 80 or block.link_density > 0.5:
            continue
        node = block.node
        heading = node.tag in HEADINGS or any("title" in t or "biaoti" in t for t in node.tokens)
        overlap = sum(1 for c in block.text if c in title_chars) / max(1, len(block.text))
        score = overlap + (0.5 if heading else 0.0)
        if score > best_score and (heading or overlap >= 0.9):
            best, best_score = block.index, score
    return best if best is not None and best_score >= 0.8 else None
