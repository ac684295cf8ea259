"""The words and tags that say what an element of a page is: content, boilerplate, one paragraph.

Read from ``class`` and ``id`` values split into lower-case words (``news_content`` gives ``news`` and
``content``). The lists hold what content-management systems of many sites write, Chinese sites'
pinyin words included (``zhengwen`` body text, ``xgxw`` related news, ``fenxiang`` share); none is taken
from one page. A boilerplate word outweighs a content word (``content-recommend`` is a recommendation).
"""
from __future__ import annotations

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
PARAGRAPH_TAGS = frozenset(("p", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt",
                            "figcaption", "caption", "address", "summary"))
"""Elements that hold one paragraph: their text scores the element around them."""
NEGATIVE_PARTS = ("comment", "share", "sidebar", "footer", "breadcrumb", "recommend", "related", "advert",
                  "toolbar", "pagination", "copyright", "login", "qrcode", "player", "banner", "hotnews",
                  "pinglun", "fenxiang", "tuijian", "xiangguan")
"""Boilerplate words that also mark a class or id as part of a longer word (``bdsharebuttonbox``)."""
POSITIVE_TAGS = frozenset(("article", "main"))
NEGATIVE_TAGS = frozenset(("nav", "footer", "aside", "menu"))
FURNITURE = frozenset(("nav", "navbar", "menu", "footer", "foot", "header", "topbar", "breadcrumb", "copyright",
                       "banquan", "sidebar", "side", "aside"))
"""Words of the page's own furniture (navigation, header, footer, sidebar): blocks outside the content under
such an element are ``document_furniture`` rather than ``outside_article``."""
