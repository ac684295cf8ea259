"""Spam and boilerplate lines: what on a page is site furniture, what is metadata, what is article.

Every line still in the text is judged, first alone and then among its
neighbours:

1. **Alone.** Lines with no letter, digit or Han character are
   ``punctuation_only``. Date lines, journal lines (``當代黨員 2018年5期``) and
   keyword lines become metadata. The lexicons of ``resources/boilerplate/``
   name the wording of site furniture, one file per reason; they are matched
   against the line in Simplified form, so one lexicon serves both scripts,
   and the wordings that could also start a body sentence only count on lines
   that are not sentences. Shape features catch what no lexicon names:
   keyword-stuffed spam joined by ``_`` or ``|``, lists of place names, and
   navigation bars of short items.
2. **Blocks.** A related-articles header (``猜你喜歡``, ``相关阅读``) takes the
   short title and citation lines under it, up to the first line of body text.
3. **Bylines.** A line of person names (with or without ``记者``, ``文/``...)
   is a byline when a role word says so or when it stands under a heading.
4. **Tail.** After the last line of body text, what is left of the page
   (short lines, headlines whose articles are not on the page) is newspaper
   furniture: ``orphan_headline`` for a headline, ``page_furniture`` else.
5. **Headings.** Short lines without sentence-final punctuation that have
   text after them are headings; :mod:`segment` decides which are headlines.

Metadata lines leave the text too: they are recorded as ``metadata_<kind>``
and their values feed the record (``authors``, ``date``, ``meta``).
"""
from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

import regex

from ..chars import ClassCounter, for_re, han_count
from ..convert import script_chars, to_simplified, to_simplified_lines
from ..lines.features import FEATURES, page_features
from ..lines.model import shipped_model
from ..names import is_person_name, parse_byline
from ..page import BODY, HEADING, META, Line, Page
from ..prefilter import Prefilter, literal_gate
from .base import Cleaner
from .rejoin import is_caption, word_spans_break
from .rejoin import word_tokenizer as rejoin_tokenizer

REASONS: dict[str, str] = {
    "seo_spam": "keyword-stuffed spam: 99热精品在线国产_美女午夜性视频免费_...",
    "related_articles": "a related-articles header and the titles under it: 猜你喜欢, 相关阅读, 下一篇：...",
    "place_list": "a list of place names: 沛县| 灵丘县| 永胜县| ...",
    "pagination": "page links: 上一页 [1] [2] 下一页, 第1页 共3页",
    "navigation": "navigation bars and breadcrumbs: 首页 | 新闻 | 财经, 当前位置：首页 > 正文",
    "share_prompt": "share and reaction prompts: 分享到：微信 微博",
    "qr_or_subscription": "QR-code, app and subscription prompts: 扫一扫关注, 全年订价: 340.00元",
    "advertisement": "advertisements: 【广告】..., 招商热线：400-...",
    "copyright": "copyright and licence lines: Copyright ©, 京ICP备12345678号",
    "disclaimer": "disclaimers: 声明：本站部分内容来源于网络",
    "source_footer": "source and link footers: 文章来源于：http://..., 原标题：...",
    "editor_line": "editor credits: 责任编辑：张三, （编辑：李四）",
    "page_furniture": "newspaper furniture: 第A03版：要闻, 科教周刊, lines left after the last article",
    "orphan_headline": "a headline whose article is not on the page",
    "punctuation_only": "a line of punctuation only: …………",
    "metadata_date": "a date line; its date becomes the article's (or the page's) date",
    "metadata_byline": "a byline; its names become the article's authors",
    "metadata_journal": "a journal line: 當代黨員 2018年5期 gives publication and issue",
    "metadata_keywords": "a keyword line: 關鍵詞:... gives meta.keywords",
    "metadata_info": "an article information line: 来源：益阳日报　作者：周立新　2023-05-12 09:30 gives source, "
                     "authors and date",
    "outside_article": "what only the fitted line model removes, outside the page's densest run of prose: menus, "
                       "comments, lists of links (see tests/lines/README.md)",
    "repeated_text": "a paragraph the page already holds, word for word: the print or mobile copy of the article",
    "low_content": "what only the fitted line model removes inside the page's densest run of prose: counters, "
                   "labels, captions of widgets",
}
# order of precedence when several lexicons match one line
_LEXICON_ORDER = ("editor_line", "copyright", "source_footer", "disclaimer", "qr_or_subscription", "share_prompt",
                  "pagination", "navigation", "related_articles", "advertisement", "page_furniture")
# reasons whose wording can also open an ordinary sentence: only trusted on lines that are not sentences
_SHORT_ONLY = {"qr_or_subscription", "share_prompt", "pagination", "navigation", "related_articles",
               "advertisement", "page_furniture", "source_footer", "editor_line"}

_TEXT_CHAR = re.compile(r"[^\W_]")
_HAN = re.compile(for_re(r"\p{Han}"))
_FINAL = "。！？!?；;…：:，,、"
# a sentence end, with closing quotes and a trailing parenthetical such as （记者 张三） allowed after it
_SENTENCE_END = re.compile(r"[。！？!?…](?:[”’」』）)]*)(?:[（(][^（）()]{1,40}[)）])?$")
_OPENERS, _CLOSERS = "“‘「『（(《【", "”’」』）)》】"
_opener_count, _closer_count = ClassCounter(re.escape(_OPENERS)), ClassCounter(re.escape(_CLOSERS))
_WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
_LUNAR = r"(?:农历)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\S*"
_DATE_LINE = re.compile(
    rf"^(?P<y>\d{{4}})\s*[-/.年]\s*(?P<m>\d{{1,2}})\s*[-/.月]\s*(?P<d>\d{{1,2}})\s*日?"
    rf"\s*(?P<time>\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?)?\s*(?P<weekday>{_WEEKDAY})?\s*(?P<lunar>{_LUNAR})?\s*(?P<rest>.*)$")
# what may follow the date of a date line: where the story was filed or which site ran it (2024-06-11 07:32 上海,
# 2024年05月18日 10:21 中国新闻网); a few short words, no punctuation of a sentence or a field
_DATE_TAIL = re.compile(r"(?=.{2,16}$)[^\s，。！？；：,.!?;:]{2,10}(?:[\s\u3000]+[^\s，。！？；：,.!?;:]{2,10})?")
_JOURNAL = re.compile(r"^(?P<pub>[^\d\s()（）]{2,16}?)\s*[(（]?\s*(?P<y>\d{4})\s*年\s*(?:第\s*)?(?P<n>\d{1,3})\s*期\s*[)）]?$")
_CITATION = re.compile(r"^.{2,20}[(（]\d{4}年(?:第)?\d{1,3}期[)）]\s*(?:\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)?$")
_KEYWORDS = re.compile(r"^(?:关键词|关键字|标签|主题词|tags?|keywords?)\s*[:：]\s*(?P<words>.+)$", re.IGNORECASE)
_SPLIT_WORDS = re.compile(r"[\s\u3000、，,;；|｜/]+")
_INFO_KEYS = ("来源|稿源|出处|作者|记者|通讯员|编辑|责任编辑|责编|发布时间|发布日期|发表时间|更新时间|时间|日期|浏览次数|浏览量|"
              "浏览|阅读数|阅读量|阅读|点击数|点击量|点击|字号|供稿|摄影|发布者|发布|文章来源")
_SOURCE_KEYS = ("来源", "稿源", "出处", "文章来源", "作者", "记者")
_INFO_FIELD = re.compile(rf"(?:^|(?<=[\s\u3000|｜]))({_INFO_KEYS})\s*[:：]\s*")
_DATE_ONLY = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUNCTUATED = re.compile(r"[，。！？；,!?;]")
_INNER_END = re.compile(r"[。！？!?].")
_COMMAS = re.compile(r"[，,；;]")
# the separator first, so that re scans for it rather than trying \w at every character; one separator between
# letters or Han characters, not a run of them (要______主的______如何: the blanks of an exercise, not spam)
_JOINED = {sep: re.compile(rf"(?<=[^\W_]){sep}(?=[^\W_])") for sep in ("_", "-")}
# labels that open a reposted article's reference lines and never a sentence, whatever follows them
# (原标题：亚运场馆赛后利用怎么样？…)
_LABEL_START = re.compile(r"^[（(【\[]?\s*(?:原标题|原文标题|原题|原文链接|原文地址|本文链接|文章链接|网页链接)\s*[:：]")
_COLON_VALUE = re.compile(r"[:：]\s*\S")
_SITE_ADDRESS = re.compile(r"^(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/?[\s\u3000]+")
_ROLE_START = re.compile(r"^[（(【\[]?\s*(本报|特约|见习|实习)?(记者|通讯员|作者|文|撰文|文字|摄影|图文|文/图|图/文)")
_PLACE = re.compile(r"(?:省|市|县|区|旗|州|盟|镇|乡|岛|地区|新区|特别行政区)$")
_LIST_SEPARATORS = re.compile(r"\s*[|｜/、]\s*|\s+")
_EDITOR = re.compile(for_re(r"(?:责任编辑|责编|编辑)\s*[:：/|｜]\s*(\p{Han}{2,4})"))


_IN_REGION = FEATURES.index("in_region")
_DISTANCE = FEATURES.index("region_distance_log")
_NEXT_TO = math.log1p(1) + 1e-9
MODEL_MIN_LINES = 12
"""Pages with fewer lines of text are left to the rules: the model reads a line among its neighbours and its
page, and a page this short (a plain article) gives it too little of either."""
_DECK_DASHES = ("—", "－", "-")
_COPY_MIN = 20
"""A paragraph of at least this many characters met again on the page is a copy (print or mobile version)."""
_LEADING_FLAGS = re.compile(r"^\(\?([a-zA-Z]+)\)")
SEARCH_TIMEOUT = 1.0
"""Seconds a floating lexicon search may take: the last safety net, never reached by a linear pattern (the
guard tests check that every pattern is); a line that reaches it is kept as body and counted ``unjudged``."""


def _scoped(pattern: str) -> str:
    """``(?i)abc|def`` -> ``(?i:abc|def)``: a pattern's flags stay with it once it joins an alternation."""
    m = _LEADING_FLAGS.match(pattern)
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else pattern


def _starts_at_line_start(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts at the line start: a leading ``^`` and no ``|``
    outside groups and classes (``^a|b`` matches ``b`` anywhere)."""
    if not pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for c in pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
    return True


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


class Lexicon:
    """The patterns of one reason, searched in a line as one.

    Patterns anchored at the line start are tried at that one position, with
    the standard ``re`` engine (fastest there); the others are searched with
    ``regex``, whose literal scanning is faster for them. Splitting the two is
    several times faster than searching one alternation of all of them. Before
    either, a literal gate (:func:`~corpus_clean.prefilter.literal_gate`) looks
    for the words every match needs; most lines hold none.
    """

    def __init__(self, patterns: list[str]) -> None:
        patterns = [_scoped(p) for p in patterns]
        anchored = [p[1:] for p in patterns if _starts_at_line_start(p)]
        floating = [p for p in patterns if not _starts_at_line_start(p)]
        self._start: Any = None
        if anchored:
            try:
                self._start = re.compile(_alternation([for_re(p) for p in anchored]))
            except re.error:  # a pattern only the regex module reads
                self._start = regex.compile(_alternation(anchored))
        self._anywhere = regex.compile(_alternation(floating)) if floating else None
        self._gate = literal_gate(patterns)

    def search(self, text: str) -> Any:
        """A match of any pattern in ``text``, or None."""
        if self._gate is not None and not self._gate.search(text):
            return None  # none of the words every match needs is in the text
        if self._start is not None:
            m = self._start.match(text)
            if m:
                return m
        return self._anywhere.search(text, timeout=SEARCH_TIMEOUT) if self._anywhere is not None else None


@lru_cache(maxsize=1)
def lexicon_patterns() -> dict[str, list[str]]:
    """The patterns of each reason, from ``resources/boilerplate/<reason>.txt``."""
    folder = resources.files("corpus_clean.resources").joinpath("boilerplate")
    patterns: dict[str, list[str]] = {}
    for reason in (*_LEXICON_ORDER, "seo_spam"):
        lines = folder.joinpath(f"{reason}.txt").read_text(encoding="utf-8").splitlines()
        patterns[reason] = [_scoped(p) for p in lines if p.strip() and not p.startswith("#")]
    return patterns


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    """The lexicon of each reason, from ``resources/boilerplate/<reason>.txt``."""
    return {reason: Lexicon(patterns) for reason, patterns in lexicon_patterns().items()}


@lru_cache(maxsize=1)
def lexicon_prefilter() -> Prefilter:
    """Which lexicons could match a line, from the characters their patterns need: most short
    lines hold none of them, and a lexicon ruled out is not searched."""
    return Prefilter(lexicon_patterns())


@lru_cache(maxsize=1)
def _sentence_lexicons() -> int:
    """The prefilter bits of the lexicons that are searched on sentences too."""
    prefilter = lexicon_prefilter()
    return sum(prefilter.bits[r] for r in prefilter.names if r not in _SHORT_ONLY)


@lru_cache(maxsize=1)
def _place_tags() -> dict[str, str]:
    from ..names import jieba_dictionary

    return jieba_dictionary()[1]


@dataclass
class Verdict:
    """How one line was judged: ``kind`` body, heading, meta or removed."""

    kind: str
    reason: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``body``, ``heading``, ``meta:<kind>`` or ``removed:<reason>``: the verdict as the line model reads it."""
        return self.kind if self.kind in (BODY, HEADING) else f"{self.kind}:{self.reason or ''}"


def _is_sentence(key: str) -> bool:
    """Prose rather than a label: long with punctuation, or with a sentence end inside."""
    if not _PUNCTUATED.search(key):
        return False
    return len(key) > 40 and han_count(key) > 40 or len(key) > 25 and bool(_INNER_END.search(key))


def ends_with_full_stop(text: str) -> bool:
    """Whether ``text`` ends with 。 and only closing quotes and brackets after it (read from the end)."""
    return text.rstrip("”’」』）)")[-1:] == "。"


def _balanced(text: str) -> bool:
    """No more opening quotes and brackets than closing ones, and straight double quotes in pairs."""
    return _opener_count(text) <= _closer_count(text) and text.count("\"") % 2 == 0


def heading_like(text: str) -> bool:
    """Short, without sentence-final punctuation, balanced: could be a heading."""
    text = text.strip()
    bare = text.rstrip("”’」』）)】》\"")
    if not bare or bare[-1] in _FINAL or text.endswith("——"):
        return False
    if not _HAN.search(text) or len(text) > 40 and han_count(text) > 40:
        return False
    if len(_COMMAS.findall(text)) > 1 or "。" in text:
        return False
    return _balanced(text)


def strong_body(text: str) -> bool:
    """Clearly article text: a sentence end, or too long to be anything but a paragraph."""
    text = text.strip()
    if text[:1] in "“「" and text[-1:] in "”」":  # quoted speech
        return True
    return bool(_SENTENCE_END.search(text)) or len(text) > 40 and han_count(text) > 40 or len(_COMMAS.findall(text)) >= 2


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
            fields[0].group(1) in _SOURCE_KEYS and _DATE_ONLY.fullmatch(key[:fields[0].start()].strip())
            and _DATE_TAIL.fullmatch(key[fields[0].end():].strip())):
        return None
    values: dict[str, Any] = {}
    for m, nxt in zip(fields, fields[1:] + [None]):
        value = key[m.end():nxt.start() if nxt else len(key)].strip()
        value = _ANY_DATE.split(value)[0].strip() if m.group(1) in ("来源", "稿源", "出处", "作者", "记者") else value
        if m.group(1) in ("作者", "记者", "通讯员") and value:
            names = parse_byline(value)
            if names:
                values.setdefault("authors", []).extend(names)
        elif m.group(1) in ("来源", "稿源", "出处", "文章来源") and value:
            values["source_site"] = value.split()[0]
    iso = iso_date(*date.groups()) if date else None
    if iso:
        values["date"] = iso
    return values


def _fields(text: str) -> list[str]:
    return [t for t in _LIST_SEPARATORS.split(text.strip()) if t]


def _shape(key: str) -> str | None:
    """Spam, place lists and navigation bars, told by their shape."""
    fields_apart = key.count(" ") + key.count("、") + key.count("/") + key.count("|") + key.count("｜")
    if fields_apart < 3 and key.count("_") < 2 and key.count("-") < 2:
        return None  # most lines: no separator run that either test below needs
    if _ROLE_START.match(key) and parse_byline(key):
        return None  # a byline's separators (文｜财新 周颖　编辑｜林静) are not a navigation bar's
    for sep in ("_", "-"):
        if key.count(sep) >= 2 and _JOINED[sep].search(key) and _HAN.search(key):
            parts = [p for p in key.split(sep) if p.strip()]
            stuffed = len(parts) >= 3 and max(len(p) for p in parts) <= 30
            if stuffed and (sep == "_" or lexicons()["seo_spam"].search(key)):
                return "seo_spam"
    # four fields need three separators
    if fields_apart < 3:
        return None
    fields = _fields(key)
    if len(fields) >= 4 and not _is_sentence(key):
        han_fields = [f for f in fields if _HAN.search(f)]
        if len(han_fields) >= 0.8 * len(fields):
            tags = _place_tags()
            places = sum(1 for f in han_fields if _PLACE.search(f) or tags.get(f, "").startswith("ns"))
            if places >= 0.6 * len(han_fields) and len(han_fields) >= 5:
                return "place_list"
            if "|" in key or "｜" in key:
                if lexicons()["seo_spam"].search(key) or sum(len(f) for f in fields) / len(fields) > 5:
                    return "seo_spam"
                if all(len(f) <= 6 for f in fields):
                    return "navigation"
            names = sum(1 for f in han_fields if is_person_name(f))
            if names < 0.5 * len(han_fields) and all(len(f) <= 5 for f in han_fields) and len(fields) >= 5 \
                    and not _PUNCTUATED.search(key):
                return "navigation"
    return None


def judge(text: str, simple: str | None = None, looks_like: Callable[[str], bool] = heading_like) -> Verdict:
    """Judge one line on its own (no neighbours); ``simple`` is its Simplified form if known,
    ``looks_like`` the :func:`heading_like` to use (the cleaner passes one that remembers its answers)."""
    key = " ".join((to_simplified(text) if simple is None else simple).split())
    if len(key) > 60 and ends_with_full_stop(key) and _HAN.search(key):
        # the common case, a paragraph: metadata lines and shapes are short, only footers can be this long
        compiled = lexicons()
        for reason in ("copyright", "disclaimer"):
            if compiled[reason].search(key):
                return Verdict("removed", reason)
        return Verdict(BODY)
    if not _TEXT_CHAR.search(key):
        return Verdict("removed", "punctuation_only")
    date = parse_date(key) if key[0].isdigit() else None
    if date is not None:
        return Verdict(META, "date", date)
    journal = _JOURNAL.match(key) if "期" in key else None
    if journal and not _PLACE.search(journal["pub"]):
        return Verdict(META, "journal", {"publication": journal["pub"], "issue": f"{journal['y']}年{journal['n']}期"})
    colon = ":" in key or "：" in key
    info = parse_info(key) if colon and len(key) <= 120 else None
    if info is not None:
        return Verdict(META, "info", info)
    keywords = _KEYWORDS.match(key) if colon else None
    if keywords:
        return Verdict(META, "keywords", {"keywords": [w for w in _SPLIT_WORDS.split(keywords["words"]) if w]})
    # a full sentence ending in 。 is prose even when it uses the words of a prompt
    full_stop = len(key) >= 8 and ends_with_full_stop(key) and bool(_HAN.search(key))
    # quoted speech (“下载个APP就能查到！”) is never site furniture, whatever words it uses
    quoted = key[:1] in "“「『\"" and key[-1:] in "”」』\"" and _balanced(key)
    sentence = (full_stop or quoted or _is_sentence(key)) and not _LABEL_START.match(key)
    compiled = lexicons()
    prefilter = lexicon_prefilter()
    possible = prefilter.mask(key) & (_sentence_lexicons() if sentence else -1)
    for reason in _LEXICON_ORDER if possible else ():
        if not possible & prefilter.bits[reason]:
            continue
        try:
            found = compiled[reason].search(key)
        except TimeoutError:
            return Verdict(BODY, "unjudged")
        if found:
            verdict = Verdict("removed", reason)
            if reason == "editor_line":
                editor = _EDITOR.search(key)
                if editor:
                    verdict.values["editor"] = editor.group(1)
            return verdict
    shape = None if full_stop else _shape(key)
    if shape:
        return Verdict("removed", shape)
    if "期" in key and _CITATION.match(key):
        return Verdict("removed", "related_articles")
    return Verdict(HEADING if looks_like(text) else BODY)


def _is_block_header(text: str) -> bool:
    key = " ".join(to_simplified(text).split())
    return bool(lexicons()["related_articles"].search(key)) and not _COLON_VALUE.search(key)


class SpamLines(Cleaner):
    """Remove boilerplate lines with a reason, turn metadata lines into values, mark headings.

    Args:
        blocks: let a related-articles header take the title lines under it.
        tail: treat what follows the last body line of the page as furniture.
        model: let the fitted line model (:mod:`corpus_clean.lines`) judge the lines that no lexicon,
            metadata parser or shape settles; what it removes is ``outside_article`` or ``low_content``.
    """

    name: ClassVar[str] = "spam_lines"
    reasons: ClassVar[dict[str, str]] = REASONS

    def __init__(self, blocks: bool = True, tail: bool = True, model: bool = True) -> None:
        self.blocks = blocks
        self.tail = tail
        self.model = model

    def warm_up(self) -> None:
        from ..names import surnames

        lexicons(), lexicon_prefilter(), _sentence_lexicons(), _place_tags(), surnames()
        script_chars()
        rejoin_tokenizer()
        if self.model:
            shipped_model()

    def apply(self, page: Page) -> Page:
        candidates = [ln for ln in page.lines if ln.kind == BODY]
        simple = to_simplified_lines([ln.text for ln in candidates])
        looks_like = _remembered(heading_like)  # asked of most lines two or three times; the text does not change
        verdicts = [judge(line.text, key, looks_like) for line, key in zip(candidates, simple)]
        for line, verdict in zip(candidates, verdicts):
            self._settle(line, verdict, page)
        if self.blocks:
            self._related_blocks(page)
        self._bylines(page, looks_like)
        if self.tail:
            self._tail(page)
        if self.model and len(candidates) >= MODEL_MIN_LINES:
            self._model(page, candidates, verdicts)
        self._headings(page, looks_like)
        return page

    def _settle(self, line: Line, verdict: Verdict, page: Page) -> None:
        if verdict.reason == "unjudged":
            page.meta["unjudged_lines"] = page.meta.get("unjudged_lines", 0) + 1
        if verdict.kind == "removed":
            line.remove(self.name, verdict.reason or "page_furniture")
            line.values.update(verdict.values)
        elif verdict.kind == META:
            kind = verdict.reason or "meta"
            line.mark_meta(self.name, kind, verdict.values)
            if kind == "date" and verdict.values.get("masthead"):
                line.role = "page_date"
                page.meta.setdefault("page_date", verdict.values["date"])
        elif verdict.kind == HEADING:
            line.kind = HEADING

    def _model(self, page: Page, candidates: list[Line], verdicts: list[Verdict]) -> None:
        """The fitted model's verdict on the lines the rules left as text.

        Features are computed for every candidate line in its page (the other lines are gaps, as in
        the corpus the model was fitted on), in one pass. A heading the model would remove is kept
        when article text follows it, with at most one kept heading between (a deck): a headline
        stands over its article, and headlines are too rare in the corpus for the model to know them.
        Nor does it take a sentence right next to the run of prose (an article's short last line).
        A paragraph met a second time on the page is a copy of the article (``repeated_text``).
        Pages read from their HTML (lines with DOM features) are left alone: the content was chosen from
        the DOM already, and the model was fitted on scraped text, where no line has DOM features.
        """
        model = shipped_model()
        said = {id(line): verdict for line, verdict in zip(candidates, verdicts)}
        texts = [ln.text.strip() if id(ln) in said else "" for ln in page.lines]
        labels = [said[id(ln)].label if id(ln) in said else "" for ln in page.lines]
        if any(ln.features for ln in candidates):
            return  # read from its HTML: the DOM already chose the content; the model knows scraped text
        vectors = page_features(texts, labels)
        if not any(v is not None and v[_IN_REGION] for v in vectors):
            return  # no run of prose on the page: no article for the model to place lines against
        reasons: list[str | None] = [None] * len(page.lines)
        for i, (line, vector) in enumerate(zip(page.lines, vectors)):
            if vector is None or not line.is_text or said[id(line)].kind not in (BODY, HEADING):
                continue
            if said[id(line)].reason == "unjudged" or not model.is_boilerplate(vector):
                continue
            if not vector[_IN_REGION] and vector[_DISTANCE] <= _NEXT_TO and strong_body(texts[i]):
                continue  # a sentence right before or after the run of prose: the article's first or last
            reasons[i] = "low_content" if vector[_IN_REGION] else "outside_article"
        seen: set[str] = set()
        for i, text in enumerate(texts):
            if len(text) >= _COPY_MIN and strong_body(text) and page.lines[i].is_text:
                if text in seen:
                    reasons[i] = "repeated_text"
                elif reasons[i] is None:
                    seen.add(text)
        above_text = 0  # 2: article text follows; 1: it follows under one kept heading (a deck); 0: neither
        for i in range(len(page.lines) - 1, -1, -1):
            line = page.lines[i]
            if reasons[i] is not None and line.kind == HEADING and above_text:
                reasons[i] = None  # the headline, kept; above it only the headline of a deck (——...)
                above_text = 1 if above_text == 2 and line.text.lstrip().startswith(_DECK_DASHES) else 0
            elif reasons[i] is not None:
                line.remove(self.name, reasons[i])
                above_text = 0
            elif line.is_text:
                above_text = 2 if strong_body(line.text) else 1 if above_text == 2 else 0

    def _related_blocks(self, page: Page) -> None:
        in_block = False
        for line in page.lines:
            if line.kind == "removed" and line.removal and line.removal.reason == "related_articles":
                in_block = in_block or _is_block_header(line.removal.text)
                continue
            if not in_block or not line.is_text:
                continue
            text = line.text.strip()
            if strong_body(text) and not _CITATION.match(to_simplified(text)) and (
                    text[-1] in "。" or len(text) > 40 and han_count(text) > 40):
                in_block = False
                continue
            line.remove(self.name, "related_articles")

    def _bylines(self, page: Page, looks_like: Callable[[str], bool] = heading_like) -> None:
        previous: Line | None = None
        for line in page.lines:
            if line.kind in ("blank", "removed"):
                continue
            if line.is_text and len(line.text.strip()) <= 40:
                stands_under_heading = previous is not None and (
                    previous.kind in (HEADING, META) or looks_like(previous.text))
                names = parse_byline(line.text) if stands_under_heading or _has_role(line.text) else None
                if names:
                    line.mark_meta(self.name, "byline", {"authors": names})
            previous = line

    def _tail(self, page: Page) -> None:
        last_body = next((i for i in range(len(page.lines) - 1, -1, -1)
                          if page.lines[i].is_text and strong_body(page.lines[i].text)), -1)
        if last_body < 0:
            return
        for line in page.lines[last_body + 1:]:
            if line.kind == META and line.role in ("date", "page_date"):
                line.role = "page_date"
                page.meta.setdefault("page_date", line.values.get("date"))
            if not line.is_text or is_caption(line.text):  # a photo caption belongs to the article above
                continue
            text = line.text.strip()
            reason = "orphan_headline" if han_count(text) >= 12 and not text[:1].isdigit() \
                else "page_furniture"
            line.remove(self.name, reason)

    def _headings(self, page: Page, looks_like_heading: Callable[[str], bool] = heading_like) -> None:
        text_lines = [ln for ln in page.lines if ln.is_text]
        for line, after in zip(text_lines, text_lines[1:] + [None]):
            # a word read across the break (与行 / 业系统) means a paragraph split in two, not a heading
            looks_like = looks_like_heading(line.text)
            if line.kind == BODY:
                if after is not None and looks_like and _is_clause(line.text) and not _split_word(line, after):
                    line.kind = HEADING
            elif line.kind == HEADING and (after is None or not looks_like or _split_word(line, after)):
                line.kind = BODY


def _split_word(line: Line, after: Line) -> bool:
    return word_spans_break(line.text.strip(), after.text.strip())


def _remembered(fn: Callable[[str], bool]) -> Callable[[str], bool]:
    """``fn`` with its answers kept, for the lines of one page."""
    answers: dict[str, bool] = {}

    def ask(text: str) -> bool:
        answer = answers.get(text)
        if answer is None:
            answer = answers[text] = fn(text)
        return answer

    return ask


def _is_clause(text: str) -> bool:
    text = text.strip()
    return not text.startswith(("“", "‘", "「")) or _balanced(text)


def _has_role(text: str) -> bool:
    return bool(_ROLE_START.match(to_simplified(text.strip())))
