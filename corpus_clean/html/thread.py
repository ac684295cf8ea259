"""The posts of a thread: a forum's replies, a blog's comments, a Q&A page's other answers.

A thread writes its posts as a run of sibling elements of one kind (the same tag, mostly the same
``class`` words, numbers aside: ``post post-17``, ``comment-item``), each holding more than one
block (who posted, when, what) and text that is not mostly links. The main post is either one of
them (the one holding the chosen content) or stands before them (a blog post above its comments).
Nothing here names a forum engine: the signal is repetition, as a thread's markup is a template
filled once per post.

A post's text is its blocks without the ones that are mostly link text (the poster's name) and the
ones every other post repeats word for word (``回复``, ``举报``, ``点赞``): the template's own words.
"""
from __future__ import annotations

import re
from collections import Counter

from .dom_features import Block, Node
from .words import FURNITURE

MIN_POSTS = 2
"""Sibling elements of one kind, the main post among them, that make a thread."""
MIN_FOLLOWING = 3
"""Sibling elements of one kind after the main post that make its comments: two alike items after an article
are as often a pair of teasers or references (unless each holds prose, :data:`PROSE_POST_PUNCT`)."""
PROSE_POST_PUNCT = 5
"""Punctuation marks that make each of fewer than :data:`MIN_FOLLOWING` items after the main post a comment."""
MIN_POST_BLOCKS = 2
"""Blocks a post holds at least (a paragraph alone is a paragraph, not a post), in most posts."""
MAX_LINK_DENSITY = 0.5
TEMPLATE_SHARE = 0.5
"""A block text repeated in at least this share of the posts (and in two) is the template's, not a post's."""
TIME_STAMP = re.compile(r"\d{1,2}:\d\d|(?:19|20)\d\d\s{0,3}[-/.年]\s{0,3}\d{1,2}|\d{1,4}\s{0,3}(?:秒|分钟|小时|天|周|个月|年)前|"
                    r"昨天|前天|刚刚|\b(?:ago|yesterday)\b", re.IGNORECASE)
"""When a post was written (``2021-01-01 10:34``, ``11 天前``): a thread's posts carry one, a teaser list often not."""
STAMPED_SHARE = 0.5
"""Share of the posts that must carry a time stamp."""
LAYOUT_TAGS = frozenset(("table", "tbody", "tr", "td", "th", "body", "html", "form"))
"""Elements that lay a page out: rows and cells of one kind are not posts."""
NOT_A_THREAD = FURNITURE | {"hot", "hotnews", "rank", "ranking", "paihang", "recommend", "tuijian", "related",
                            "relate", "xgxw", "xiangguan", "ad", "ads", "guanggao", "links", "friendlink"}
"""Words of the elements whose repeated items are the site's, not a thread's: navigation, sidebars, hot and
related lists, advertisements. (``comment``, ``list`` or ``more`` do not count: threads are named so.)"""


def _kind(node: Node) -> tuple[str, frozenset[str]]:
    return node.tag, frozenset(t for t in node.tokens if not any(c.isdigit() for c in t))


def _alike(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    if a[0] != b[0]:
        return False
    union = a[1] | b[1]
    return not union or len(a[1] & b[1]) * 2 >= len(union)


def _in_furniture(nodes: list[Node]) -> set[int]:
    """Ids of the nodes under an element named by :data:`NOT_A_THREAD` (one pass, parents first)."""
    out: set[int] = set()
    for node in nodes:
        if node.tokens & NOT_A_THREAD or (node.parent is not None and id(node.parent) in out):
            out.add(id(node))
    return out


def _stamped(blocks: list[Block]) -> set[int]:
    """Ids of the elements that hold a time stamp somewhere below them: each block's mark climbs until it meets
    an element marked already, so the walk is linear in the document."""
    out: set[int] = set()
    for block in blocks:
        if not TIME_STAMP.search(block.text):
            continue
        node: Node | None = block.node
        while node is not None and id(node) not in out:
            out.add(id(node))
            node = node.parent
    return out


def _groups(nodes: list[Node], blocks: list[Block]) -> list[list[Node]]:
    """Runs of alike sibling elements that read as posts, in document order of their parents."""
    stamped = _stamped(blocks)
    children: dict[int, list[Node]] = {}
    for node in nodes:
        if node.parent is not None and node.chars and node.tag not in LAYOUT_TAGS:
            children.setdefault(id(node.parent), []).append(node)
    out: list[list[Node]] = []
    for members in children.values():
        if len(members) < MIN_POSTS:
            continue
        counts = Counter(_kind(m) for m in members)
        kind, _ = counts.most_common(1)[0]
        posts = [m for m in members if _alike(_kind(m), kind) and m.link_density < MAX_LINK_DENSITY]
        structured = sum(1 for p in posts if p.end_block - p.first_block >= MIN_POST_BLOCKS)
        dated = sum(1 for p in posts if id(p) in stamped)
        if len(posts) >= MIN_POSTS and structured * 2 > len(posts) and dated >= STAMPED_SHARE * len(posts):
            out.append(posts)
    return out


def thread_posts(blocks: list[Block], nodes: list[Node], top: Node | None) -> list[list[str]]:
    """The texts of a thread's posts other than the main one (see the module), or none.

    ``top`` is the element chosen as the content: the main post holds it, or stands before the others."""
    if top is None:
        return []
    furniture = _in_furniture(nodes)
    ancestors: set[int] = set()
    node: Node | None = top
    while node is not None:
        ancestors.add(id(node))
        node = node.parent
    holding: list[tuple[int, list[Node]]] = []
    following: list[list[Node]] = []
    for posts in _groups(nodes, blocks):
        if id(posts[0]) in furniture:
            continue
        main = next((p for p in posts if id(p) in ancestors), None)
        if main is not None:
            holding.append((main.depth, [p for p in posts if p is not main]))
        elif posts[0].first_block >= top.end_block and (
                len(posts) >= MIN_FOLLOWING or all(p.punct >= PROSE_POST_PUNCT for p in posts)):
            following.append(posts)
    # the nearest posts around the content: a page's layout repeats too, further up
    replies = max(holding, key=lambda h: h[0])[1] if holding else max(
        following, key=lambda ps: sum(p.chars for p in ps), default=[])
    return _post_texts(blocks, replies, furniture)


def _post_texts(blocks: list[Block], posts: list[Node], furniture: set[int]) -> list[list[str]]:
    """Each post's block texts without link text, furniture and the template's repeated words."""
    texts = [[b.text for b in blocks[p.first_block:p.end_block]
              if b.link_density < MAX_LINK_DENSITY and id(b.node) not in furniture] for p in posts]
    seen = Counter(t for post in texts for t in set(post))
    limit = max(2.0, TEMPLATE_SHARE * len(posts))
    return [kept for kept in ([t for t in post if seen[t] < limit] for post in texts) if kept]
