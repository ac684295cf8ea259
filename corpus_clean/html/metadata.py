"""Title, date and authors as a document's markup states them.

Sources, most explicit first: ``<meta>`` tags (Open Graph ``og:title``,
``article:published_time``, ``pubdate``, ``author``...), JSON-LD
(``headline``, ``datePublished``, ``author``), ``<time datetime>``, the
document's URL (``/2024-05-15/``, ``/20240515/``, ``/2005-03/21/``), and the
``<title>`` with its site name cut off (``标题_频道_网站``). The text's own date
and byline lines are read by the line judgement; these values only fill what
the text does not give.
"""
from __future__ import annotations

import json
import re
from datetime import date

from lxml import etree

from ..chars import for_re
from ..names import is_person_name

DATE_META = ("article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
             "publish_date", "publish-date", "publishtime", "publish_time", "published_time", "ptime", "date",
             "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "weibo:article:create_at",
             "created", "firstpublishedtime", "release_date", "datepublished")
AUTHOR_META = ("author", "article:author", "og:article:author", "dc.creator", "byl", "sailthru.author")
TITLE_META = ("og:title", "twitter:title", "headline", "title", "sharetitle")
URL_META = ("og:url",)
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[-_/]?(\d\d)[-_/]?(\d\d)(?=[/_.\-]|\d{0,2}/|$)")
_URL_MONTH_DAY = re.compile(r"/((?:19|20)\d\d)[-_]?(\d\d)/(\d\d)/")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—|–| - )\s*")
_URL = re.compile(r"https?://\S+")
_ID_LIKE = re.compile(r"[0-9_@]")
"""An ``author`` meta that is a CMS account (``L_104485``) or an address, not a name."""
_ORGANISATION = re.compile(for_re(r"(?:\p{Han}{2}(?:网|报|社|台|刊|频道|新闻|传媒|媒体|编辑部|客户端|官方|平台|中心|公司|协会|政府|集团|支部|党委|"
                           r"学校|大学|医院)|\p{Han}{4}(?:站|局|所|院|委|办|部|队|厅|处|科))$"))
"""How the name of a site, paper or unit ends (证券时报网, 医技药剂党支部): an author field holding one names no person.
Searched in the field's last :data:`_ORGANISATION_TAIL` characters, with fixed counts before the ending, so in
linear time on any field."""
_ORGANISATION_TAIL = 8


def iso_date(text: str | None) -> str | None:
    """The first plausible ``YYYY-MM-DD`` date in ``text`` (``2005年06月14日 10:21``, ``2024-05-15T...``)."""
    if not text:
        return None
    match = _DATE.search(text)
    return _valid(*match.groups()) if match else None


def _valid(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def url_date(url: str | None) -> str | None:
    """A date written into a URL's path, as news sites do."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for pattern in (_URL_MONTH_DAY, _URL_DATE):
        for match in pattern.finditer(path):
            found = _valid(*match.groups())
            if found:
                return found
    return None


def site_title(title: str) -> str:
    """A ``<title>`` without the channel and site names after the headline."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts[:2], key=len) if parts else title.strip()


def _json_ld_items(texts: list[str]) -> list[dict]:
    items: list[dict] = []
    for text in texts:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        stack = [data]
        while stack and len(items) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return items


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def document_metadata(root: etree._Element, titles: list[str], metas: list[dict[str, str]], json_ld: list[str],
                      url: str | None = None) -> dict[str, object]:
    """``html_title``, ``html_date``, ``html_authors`` and ``html_url`` where the document states them."""
    by_name: dict[str, str] = {}
    for meta in metas:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content") and key not in by_name:
            by_name[key] = meta["content"].strip()
    ld = _json_ld_items(json_ld)
    out: dict[str, object] = {}
    url = url or next((by_name[k] for k in URL_META if k in by_name), None)
    if url:
        out["html_url"] = url
    title = next((by_name[k] for k in TITLE_META if by_name.get(k)), None)
    title = title or next((str(i["headline"]) for i in ld if i.get("headline")), None)
    title = title or next((site_title(t) for t in titles if t), None)
    if title:
        out["html_title"] = " ".join(title.split())
    found = next((d for d in (iso_date(by_name.get(k)) for k in DATE_META) if d), None)
    found = found or next((d for d in (iso_date(str(i.get("datePublished") or "")) for i in ld) if d), None)
    if not found:
        for element in root.iter("time"):
            found = iso_date(element.get("datetime") or element.get("pubdate") or "")
            if found:
                break
    if found:
        out["html_date"] = found
    elif url_date(url):
        out["html_url_date"] = url_date(url)
    authors = [a.strip() for k in AUTHOR_META for a in re.split(r"[,，、;；]", by_name.get(k, "")) if a.strip()]
    authors = authors or [a.strip() for i in ld for a in _names(i.get("author")) if a.strip()]
    authors = [a for a in dict.fromkeys(authors) if len(a) <= 20 and not _URL.match(a) and not _ID_LIKE.search(a)
               and names_someone(a)]
    if authors:
        out["html_authors"] = authors
    return out


def names_someone(author: str) -> bool:
    """Whether an author field may name a person: not a site, paper or unit (``证券时报网``, ``医技药剂党支部``), which
    sites put in ``<meta name="author">`` and ``作者：`` fields."""
    # 陈科, 王社: a person's name may end as a unit's does, so the short endings need four characters before them
    return _ORGANISATION.search(author.strip()[-_ORGANISATION_TAIL:]) is None


_BYLINE = re.compile(r"(?:作者|记者|撰文|撰稿|楼主|发贴人|发帖人|发布人|发布者|文)\s*[:：/／|｜]\s*"
                     r"([A-Za-z0-9_\u3400-\u9fff·]{2,16})")
_POSTED_BY = re.compile(r"本[贴帖]由\s*([^\s于]{1,20})\s*于")
_POSTED = re.compile(r"([A-Za-z0-9_\u3400-\u9fff]{2,16})\s*发表于")
_SOURCE_PERSON = re.compile(r"来源\s*[:：]\s*([\u3400-\u9fff]{2,4})(?![\u3400-\u9fff])")
_CLOSING_CREDIT = re.compile(r"[(（]\s*([\u3400-\u9fff]{2,4}?)\s*(摄|供图)?\s*[)）]\s*$")
"""A name in brackets closing a line (``（张巨峰）``); a photographer's (``（刘通摄）``) is not the author's."""
_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([\u3400-\u9fff]{2,4})(?![\u3400-\u9fff])")
LINE_WINDOW = 15
"""Blocks before the content, and after it, read for date and byline lines."""
MAX_META_LINE = 120
CREDIT_TAIL = 16
"""A closing credit is searched in this many last characters of a line (it is short; the line may be long)."""


def _line_authors(text: str) -> list[str]:
    """Authors a byline or poster line names, strongest pattern first; the editor only when nothing else."""
    for pattern in (_BYLINE, _POSTED_BY, _POSTED):
        found = [m.group(1) for m in pattern.finditer(text) if names_someone(m.group(1))]
        if found:
            return found
    found = [m.group(1) for m in _SOURCE_PERSON.finditer(text) if is_person_name(m.group(1))]
    return found + _closing_credit(text, 0)


def _closing_credit(text: str, start: int | None = None) -> list[str]:
    """The person named in brackets at the end of ``text`` (``…举行。（张巨峰）``), if any, searched from ``start``
    (by default in the last :data:`CREDIT_TAIL` characters only: the line may be a long paragraph)."""
    match = _CLOSING_CREDIT.search(text, max(0, len(text) - CREDIT_TAIL) if start is None else start)
    return [match.group(1)] if match and not match.group(2) and is_person_name(match.group(1)) else []


def nearby_metadata(texts_before: list[str], texts_after: list[str]) -> dict[str, object]:
    """Date and authors from the short lines around a document's content (nearest first).

    ``texts_before`` are the blocks just before the content (read nearest first), ``texts_after`` its
    first lines, its last lines and the blocks after it; long blocks (prose) are not read.
    """
    out: dict[str, object] = {}
    lines = [t for t in texts_before[::-1] + texts_after if len(t) <= MAX_META_LINE]
    found = next((d for d in map(iso_date, lines) if d), None)
    if found:
        out["line_date"] = found
    authors = next((a for a in map(_line_authors, lines) if a), None)
    # a long paragraph is no metadata line, but one may close with its reporter's name: 。（张巨峰）
    authors = authors or next((c for c in map(_closing_credit, texts_after) if c), None)
    editors = [m.group(1) for t in lines for m in _EDITOR.finditer(t)]
    if authors or editors:
        out["line_authors"] = list(dict.fromkeys(authors or editors[:1]))
    return out
