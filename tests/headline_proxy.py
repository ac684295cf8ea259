"""The right headline of an HTML page by its own markup: a proxy for the title gold the HTML sets do not carry.

The text of an ``<h1>`` when it occurs inside the ``<title>``, else the ``<title>``'s first part before a
separator (``_``, ``|``, ``-``, ``–``, ``—``, ``::``); None when neither gives 4 or more characters. It is rough:
where a ``<title>`` names only the site (``网易娱乐``, ``北医新闻网_(新闻)``), its first part is the site's name and
no headline can match it (6 of the 61 pages of ``tests/html`` with a proxy). Used by ``tools/score_titles.py``
and the quality gate.
"""
from __future__ import annotations

import re

from .body_score import fold

PROXY_MIN = 4
"""Folded characters a proxy headline has at least; a shorter one says nothing."""
_SEPARATOR = re.compile(r"\s*(?:_+|[|｜]|::|\s[-–—]+\s|(?<!\d)-(?!\d)|[–—]{1,2})\s*")


def proxy_headline(html: str) -> str | None:
    """The page's headline by its markup: an ``<h1>`` inside the ``<title>``, else the title's first part."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    folded_title = fold(title)
    for h1 in soup.find_all("h1"):
        text = h1.get_text(" ", strip=True)
        if len(fold(text)) >= PROXY_MIN and fold(text) in folded_title:
            return text
    first = next((p for p in _SEPARATOR.split(title) if p.strip()), "")
    return first.strip() if len(fold(first)) >= PROXY_MIN else None


def headline_found(proxy: str | None, records: list[dict]) -> bool | None:
    """Whether one of the records is titled with the proxy headline (after folding); None without a proxy."""
    if proxy is None:
        return None
    return fold(proxy) in {fold(r.get("title")) for r in records if r.get("title")}
