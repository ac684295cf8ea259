"""Metadata lines: date lines, journal lines, keyword lines and portals' article information lines.

Each parser reads one line (in Simplified form, spaces collapsed) and returns
the values it gives the record (``date``, ``authors``, ``source_site``,
``publication`` ...), or None when the line is not of its kind.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

from ..names import parse_byline
from ..roles import AUTHOR_KEYS, CREDIT_KEYS, EDITOR_ROLES, SOURCE_KEYS, alternation
from .line_shape import PLACE_SUFFIX

_WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
_LUNAR = r"(?:农历)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\S*"
_DATE_LINE = re.compile(
    rf"^(?P<y>\d{{4}})\s*[-/.年]\s*(?P<m>\d{{1,2}})\s*[-/.月]\s*(?P<d>\d{{1,2}})\s*日?"
    rf"\s*(?P<time>\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?\s*(?P<weekday>{_WEEKDAY})?\s*(?P<lunar>{_LUNAR})?\s*(?P<rest>.*)$")
# what may follow the date of a date line: where the story was filed or which site ran it (2024-06-11 07:32 上海,
# 2024年05月18日 10:21 中国新闻网); a few short words, no punctuation of a sentence or a field
_DATE_TAIL = re.compile(r"(?=.{2,16}$)[^\s，。！？；：,.!?;:]{2,10}(?:[\s\u3000]+[^\s，。！？；：,.!?;:]{2,10})?")
_JOURNAL = re.compile(r"^(?P<pub>[^\d\s()（）]{2,16}?)\s*(?:[(（]\s*)?(?P<y>\d{4})\s*年\s*(?:第\s*)?(?P<n>\d{1,3})\s*期\s*[)）]?$")
CITATION = re.compile(r"^.{2,20}[(（]\d{4}年(?:第)?\d{1,3}期[)）]\s*(?:\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)?$")
"""A citation of a journal article (``文章标题(2018年第5期)``), as related-articles lists give them."""
_KEYWORDS = re.compile(r"^(?:关键词|关键字|标签|主题词|tags?|keywords?)\s*(?:[:：]|>>|＞＞)\s*(?P<words>.+)$", re.IGNORECASE)
_SPLIT_WORDS = re.compile(r"[\s\u3000、，,;；|｜/>＞]+")
_TIME_KEYS = ("发布时间", "发布日期", "发表时间", "更新时间", "时间", "日期")
_COUNTER_KEYS = ("浏览次数", "浏览量", "浏览", "阅读数", "阅读量", "阅读", "点击数", "点击量", "点击", "字号")
_PUBLISHER_KEYS = ("发布者", "发布")
_INFO_KEYS = alternation((*SOURCE_KEYS, *AUTHOR_KEYS, *EDITOR_ROLES, *_TIME_KEYS, *_COUNTER_KEYS, *CREDIT_KEYS,
                          *_PUBLISHER_KEYS))
_INFO_FIELD = re.compile(rf"(?:^|(?<=[\s\u3000|｜]))({_INFO_KEYS})\s*[:：]\s*")
_SITE_ADDRESS = re.compile(r"^(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/?[\s\u3000]+")
_SOURCE_OR_AUTHOR = frozenset((*SOURCE_KEYS, *AUTHOR_KEYS))
_DATE_ONLY = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str) -> dict[str, Any] | None:
    """A date line: ``2018-04-19 10:55:24``, ``2019年11月15日 星期五 己亥年十月十九``, with names after it."""
    m = _DATE_LINE.match(text.strip())
    if not m:
        return None
    date = iso_date(m["y"], m["m"], m["d"])
    if date is None:
        return None
    values: dict[str, Any] = {"date": date}
    rest = m["rest"].strip()
    if rest:
        names = parse_byline(rest)
        if names is not None:
            values["authors"] = names
        elif not _DATE_TAIL.fullmatch(rest):
            return None
    if m["weekday"] or m["lunar"]:
        values["masthead"] = True
    return values


def iso_date(year: str, month: str, day: str) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date between 1900 and 2100, else None (2023-02-30 is not one)."""
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value.isoformat() if 1900 <= value.year <= 2100 else None


def parse_journal(key: str) -> dict[str, Any] | None:
    """A journal line, ``當代黨員 2018年5期``: its publication and issue. A place (``沛县 2018年5期``) is no publication."""
    journal = _JOURNAL.match(key)
    if not journal or PLACE_SUFFIX.search(journal["pub"]):
        return None
    return {"publication": journal["pub"], "issue": f"{journal['y']}年{journal['n']}期"}


def parse_keywords(key: str) -> dict[str, Any] | None:
    """A keyword line, ``关键词：A、B、C``: its words."""
    keywords = _KEYWORDS.match(key)
    if not keywords:
        return None
    return {"keywords": [w for w in _SPLIT_WORDS.split(keywords["words"]) if w]}


def parse_info(key: str) -> dict[str, Any] | None:
    """An article information line of a portal: ``来源：X　作者：Y Z　2023-05-12 09:30　浏览次数：1286``.

    It needs two or more ``key：value`` fields from the known keys, or one and a
    date; the values give the source, the authors and the date. The site's own
    address may open the line (``http://biz.163.com　2005-04-25 08:24:06　来源: …``).
    """
    key = _SITE_ADDRESS.sub("", key, count=1)
    fields = list(_INFO_FIELD.finditer(key))
    date = _ANY_DATE.search(key)
    if not fields or (len(fields) < 2 and not date) or fields[0].start() > 0 and not date or "？" in key or "?" in key:
        return None
    # with one field the line is that field and a date/time only (时间：2023年6月1日上午9:00 in a notice is body),
    # or a date and then where the story came from (2024-01-16 19:42:05 来源：新华网)
    if len(fields) == 1 and not _DATE_ONLY.fullmatch(_INFO_FIELD.sub("", key, count=1).strip()) and not (
            fields[0].group(1) in _SOURCE_OR_AUTHOR and _DATE_ONLY.fullmatch(key[:fields[0].start()].strip())
            and _DATE_TAIL.fullmatch(key[fields[0].end():].strip())):
        return None
    values: dict[str, Any] = {}
    for m, nxt in zip(fields, fields[1:] + [None]):
        value = key[m.end():nxt.start() if nxt else len(key)].strip()
        value = _ANY_DATE.split(value)[0].strip() if m.group(1) in _SOURCE_OR_AUTHOR else value
        if m.group(1) in AUTHOR_KEYS and value:
            names = parse_byline(value)
            if names:
                values.setdefault("authors", []).extend(names)
        elif m.group(1) in SOURCE_KEYS and value:
            values["source_site"] = value.split()[0]
    iso = iso_date(*date.groups()) if date else None
    if iso:
        values["date"] = iso
    return values
