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

6. **Model.** Last, the fitted line model (:mod:`corpus_clean.lines`) judges
   what the rules left as text, among its neighbours (``outside_article``,
   ``low_content``, ``repeated_text``).

This module is the cleaner, which runs the steps in that order, and the model's
step; the others live beside it, one job each: :mod:`.lexicons` (matching the
boilerplate lexicons), :mod:`.metadata_lines` (date, journal, keyword and
information lines), :mod:`.line_shape` (heading, prose and spam shapes),
:mod:`.line_verdict` (step 1, a line alone) and :mod:`.line_context` (steps 2
to 5). Their public names used by callers are importable from here too.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from operator import attrgetter
from typing import ClassVar

import numpy as np

from ..convert import script_chars, to_simplified_lines
from ..lines.features import FEATURES, line_table
from ..lines.model import shipped_model
from ..page import BODY, HEADING, META, TEXT_KINDS, Line, Page
from . import line_context
from .base import Cleaner
from .lexicons import SEARCH_TIMEOUT, Lexicon, lexicon_patterns, lexicon_prefilter, lexicons, sentence_lexicons
from .line_shape import ends_with_full_stop, heading_like, place_tags, strong_body, title_shaped
from .line_verdict import Verdict, judge, judged_lines
from .metadata_lines import iso_date, parse_date, parse_info
from .rejoin import word_tokenizer as rejoin_tokenizer

__all__ = ["MODEL_MIN_LINES", "REASONS", "SEARCH_TIMEOUT", "Lexicon", "SpamLines", "Verdict", "ends_with_full_stop",
           "heading_like", "iso_date", "judge", "lexicon_patterns", "lexicon_prefilter", "lexicons", "parse_date",
           "parse_info", "strong_body"]

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

_NEXT_TO = math.log1p(1) + 1e-9
MODEL_MIN_LINES = 12
"""Pages with fewer lines of text are left to the rules: the model reads a line among its neighbours and its
page, and a page this short (a plain article) gives it too little of either."""
_DECK_DASHES = ("—", "－", "-")
_IN_REGION, _REGION_DISTANCE = FEATURES.index("in_region"), FEATURES.index("region_distance_log")
_REPEATS = FEATURES.index("repeats_log")
_COPY_MIN = 20
"""A paragraph of at least this many characters met again on the page is a copy (print or mobile version)."""


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
        from ..names import may_be_byline, surnames

        lexicons(), lexicon_prefilter(), sentence_lexicons(), place_tags(), surnames(), may_be_byline("x")
        script_chars()
        rejoin_tokenizer()
        if self.model:
            shipped_model()

    def apply(self, page: Page) -> Page:
        candidates = [ln for ln in page.lines if ln.kind == BODY]
        simple = to_simplified_lines([ln.text for ln in candidates])
        looks_like = _remembered(heading_like)  # asked of most lines two or three times; the text does not change
        verdicts = [judged_lines.judge(line.text, key, looks_like) for line, key in zip(candidates, simple)]
        for line, verdict in zip(candidates, verdicts):
            if verdict.kind != BODY or verdict.reason is not None:  # plain body, most lines: nothing to settle
                self._settle(line, verdict, page)
        if self.blocks:
            line_context.related_blocks(page, self.name)
        line_context.bylines(page, self.name, looks_like)
        if self.tail:
            line_context.tail(page, self.name)
        if self.model and len(candidates) >= MODEL_MIN_LINES:
            self._model(page, candidates, verdicts)
        line_context.headings(page, looks_like)
        return page

    def _settle(self, line: Line, verdict: Verdict, page: Page) -> None:
        if verdict.reason == "unjudged":
            page.meta["unjudged_lines"] = page.meta.get("unjudged_lines", 0) + 1
        if verdict.kind == "removed":
            line.remove(self.name, verdict.reason or "page_furniture")
            if verdict.values:  # most removals carry none; a line makes its values only when given some
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

        Every candidate gets its features (its neighbours read them), but the trees are walked only for
        the lines whose verdict can count: text lines the rules called body or heading.
        """
        if any(map(attrgetter("features"), candidates)):
            return  # read from its HTML: the DOM already chose the content; the model knows scraped text
        lines = page.lines
        verdict_of = {id(line): verdict for line, verdict in zip(candidates, verdicts)}
        index: list[int] = []  # the candidates' places on the page; the other lines are gaps
        texts: list[str] = []
        labels: list[str] = []
        asked: list[int] = []  # rows of the lines whose model verdict can count
        for i, line in enumerate(lines):
            verdict = verdict_of.get(id(line))
            if verdict is None:
                continue
            text = line.text.strip()
            if not text:
                continue
            if verdict.kind in TEXT_KINDS and verdict.reason != "unjudged" and line.kind in TEXT_KINDS:
                asked.append(len(index))
            index.append(i)
            texts.append(text)
            labels.append(verdict.label)
        features = line_table(len(lines), index, texts, labels)
        matrix = features.matrix
        if not len(matrix) or not matrix[:, _IN_REGION].any():
            return  # no run of prose on the page: no article for the model to place lines against
        asked_rows = matrix[asked]
        region, distance = asked_rows[:, _IN_REGION].tolist(), asked_rows[:, _REGION_DISTANCE].tolist()
        judged = shipped_model().flags(asked_rows)
        text_at = dict(zip(index, texts))
        strong: dict[int, bool] = {}  # strong_body of line i's text, asked up to three times

        def strong_at(i: int) -> bool:
            answer = strong.get(i)
            if answer is None:
                answer = strong[i] = strong_body(text_at.get(i) or lines[i].text)
            return answer

        reasons: dict[int, str] = {}
        for k, boilerplate in enumerate(judged):
            if not boilerplate:
                continue
            i = index[asked[k]]
            if not region[k] and distance[k] <= _NEXT_TO and strong_at(i):
                continue  # a sentence right before or after the run of prose: the article's first or last
            reasons[i] = "low_content" if region[k] else "outside_article"
        # a text met twice on the page: its repeats_log feature (log1p of its count less one) is above 0
        twice = {texts[k] for k in np.flatnonzero(matrix[:, _REPEATS] > 0).tolist() if len(texts[k]) >= _COPY_MIN}
        self._copies(lines, index, texts, twice, reasons, strong_at)
        self._remove(lines, reasons, strong_at)

    @staticmethod
    def _copies(lines: list[Line], index: list[int], texts: list[str], twice: set[str], reasons: dict[int, str],
                strong_at: Callable[[int], bool]) -> None:
        """Mark ``repeated_text`` each paragraph (a strong text line of :data:`_COPY_MIN` characters or more)
        met again after a copy of it that stays; ``texts`` are the candidates' at ``index``. Only texts found
        twice on the page (``twice``, those of :data:`_COPY_MIN` characters or more) can be copies."""
        if not twice:
            return
        seen: set[str] = set()
        # a first line shaped as a title is the page's <title>: its echo below is the headline, not a copy
        skip = 1 if texts and title_shaped(texts[0]) else 0
        for i, text in zip(index[skip:], texts[skip:]):
            if text in twice and lines[i].is_text and strong_at(i):
                if text in seen:
                    reasons[i] = "repeated_text"
                elif i not in reasons:
                    seen.add(text)

    def _remove(self, lines: list[Line], reasons: dict[int, str], strong_at: Callable[[int], bool]) -> None:
        """Remove the lines with a reason, bottom up, but keep a heading that article text follows, possibly
        under one kept deck heading (``——...``)."""
        follows = 0  # under the line last settled, 2: article text follows; 1: under one kept heading; 0: neither
        settled = len(lines)
        for i in sorted(reasons, reverse=True):
            line = lines[i]
            state = _text_follows(lines, i + 1, settled, follows, strong_at) if line.kind == HEADING else 0
            if state:  # the headline, kept; above it only the headline of a deck (——...)
                follows = 1 if state == 2 and line.text.lstrip().startswith(_DECK_DASHES) else 0
            else:
                line.remove(self.name, reasons[i])
                follows = 0
            settled = i


def _text_follows(lines: list[Line], start: int, stop: int, after: int, strong_at: Callable[[int], bool]) -> int:
    """Whether article text follows line ``start - 1``: 2 if the next text line is strong body, 1 if the one
    after it is (or, when ``lines[start:stop]`` holds only one text line, if ``after`` is 2: the state under
    ``stop``), else 0. Only the two nearest text lines are read, so the cost is what lies between them."""
    under: list[int] = []
    for j in range(start, stop):
        if lines[j].is_text:
            under.append(j)
            if len(under) == 2:
                break
    if not under:
        return after
    if strong_at(under[0]):
        return 2
    return 1 if (strong_at(under[1]) if len(under) > 1 else after == 2) else 0


def _remembered(fn: Callable[[str], bool]) -> Callable[[str], bool]:
    """``fn`` with its answers kept, for the lines of one page."""
    answers: dict[str, bool] = {}

    def ask(text: str) -> bool:
        answer = answers.get(text)
        if answer is None:
            answer = answers[text] = fn(text)
        return answer

    return ask
