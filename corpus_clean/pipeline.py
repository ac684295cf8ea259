"""Pipeline: an ordered list of cleaner instances, its default, and TOML recipes.

Recipes name their steps through one explicit table, :data:`CLEANERS`; nothing
registers itself on import. A recipe looks like::

    [[step]]
    name = "html_residue"

    [[step]]
    name = "script"
    target = "traditional"
    protect = ["臺積電"]
"""
from __future__ import annotations

import collections.abc
import sys
import time
import types
import typing
from pathlib import Path
from typing import Any, Iterable

import regex

from .cleaners.base import Cleaner
from .cleaners.html_residue import HtmlResidue
from .cleaners.mojibake import Mojibake
from .cleaners.normalize import WIDTHS, Normalize
from .cleaners.pinyin import PinyinAnnotations
from .cleaners.rejoin import Rejoin
from .cleaners.script import TARGETS, ScriptConversion
from .cleaners.segment import Segment
from .cleaners.spam_lines import SpamLines
from .html import is_document, thread_replies
from .page import Page
from .quality.filter import QualityFilter
from .site_boilerplate import SiteBoilerplate
from .record import Article

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CLEANERS: dict[str, type[Cleaner]] = {
    cls.name: cls
    for cls in (HtmlResidue, Mojibake, PinyinAnnotations, SpamLines, Rejoin, Segment, ScriptConversion, Normalize)
} | {QualityFilter.name: QualityFilter, SiteBoilerplate.name: SiteBoilerplate}
"""The one table from step names (as in recipes) to cleaner classes."""


class RecipeError(ValueError):
    """A recipe names an unknown step or gives a step settings it does not take."""


SETTING_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("script", "target"): TARGETS,
                                                           ("normalize", "width"): WIDTHS}
"""Settings that take one of a closed list of words, by (step, setting)."""
PATTERN_SETTINGS = {("script", "protect_regex")}
"""Settings that hold a pattern (``regex`` syntax), by (step, setting)."""


def setting_problem(cleaner: Cleaner, key: str, value: Any) -> str | None:
    """What is wrong with one setting of a cleaner (its type, its choices, its pattern), or None."""
    hint = typing.get_type_hints(type(cleaner).__init__).get(key)
    if hint is not None and not _conforms(value, hint):
        return f"must be {_describe(hint)}"
    choices = SETTING_CHOICES.get((cleaner.name, key))
    if choices is not None and value not in choices:
        return f"must be one of {', '.join(choices)}"
    if (cleaner.name, key) in PATTERN_SETTINGS and value is not None:
        try:
            regex.compile(value)
        except regex.error as err:
            return f"is not a valid pattern: {err}"
    return None


def _conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the type ``hint`` names (unions, ``list[X]``, ``dict[K, V]``, scalars)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin in (list, tuple, collections.abc.Sequence):  # a TOML array reads as a list
        item = typing.get_args(hint)[0]
        return isinstance(value, (list, tuple)) and all(_conforms(v, item) for v in value)
    if origin is dict:
        key, item = typing.get_args(hint)
        return isinstance(value, dict) and all(_conforms(k, key) and _conforms(v, item) for k, v in value.items())
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _describe(hint: Any) -> str:
    """A type hint in words: ``dict[str, str] | None`` -> ``a table of str to str, or unset``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arm) for arm in typing.get_args(hint) if arm is not type(None))
    plural = {bool: "booleans", int: "whole numbers", float: "numbers", str: "strings"}
    if origin in (list, tuple, collections.abc.Sequence):
        item = typing.get_args(hint)[0]
        return f"a list of {plural.get(item, str(item))}"
    if origin is dict:
        key, item = typing.get_args(hint)
        return f"a table of {plural.get(key, str(key))} to {plural.get(item, str(item))}"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}.get(hint, str(hint))


class Pipeline:
    """Cleaners applied in order to each page.

    ``replies``: on a thread page (a forum, a blog with comments, a Q&A page), each reply, comment or other
    answer becomes a record of its own after the main post's (see :data:`REPLIES_KEY`); by default only the
    main post is the article and the others stay in its ``removed``."""

    def __init__(self, cleaners: Iterable[Cleaner], replies: bool = False) -> None:
        self.cleaners = list(cleaners)
        self.replies = replies
        for cleaner in self.cleaners:
            if not isinstance(cleaner, Cleaner):
                raise TypeError(f"pipeline steps must be Cleaner instances, got {cleaner!r}")

    @classmethod
    def default(cls, target: str = "simplified", replies: bool = False) -> Pipeline:
        """The eight steps of SPEC.md, in order, converting to ``target``."""
        if target not in TARGETS:
            raise ValueError(f"unknown target script {target!r}; choose one of {', '.join(TARGETS)}")
        return cls([HtmlResidue(), Mojibake(), PinyinAnnotations(), SpamLines(), Rejoin(), Segment(),
                    ScriptConversion(target=target), Normalize()], replies=replies)

    def with_cleaners(self, cleaners: Iterable[Cleaner]) -> Pipeline:
        """A pipeline of ``cleaners`` with this one's other settings (``replies``): what a stage that adds or
        splits steps builds, so that no setting is lost on the way."""
        return type(self)(cleaners, replies=self.replies)

    def validate(self, origin: str = "pipeline") -> None:
        """Check every setting of every step now, before the first page: raise :class:`RecipeError`
        naming the step and the setting. (Constructors only store their settings, so a pipeline built in
        Python is checked here or when its cleaners first run.)"""
        for n, cleaner in enumerate(self.cleaners, 1):
            for key, value in cleaner.get_params().items():
                problem = setting_problem(cleaner, key, value)
                if problem:
                    raise RecipeError(f"{origin}: step {n} ({cleaner.name}): setting {key} = {value!r} {problem}")

    def warm_up(self) -> None:
        """Load every cleaner's dictionaries and tables now (see :meth:`Cleaner.warm_up`)."""
        for cleaner in self.cleaners:
            cleaner.warm_up()

    def run(self, page: Page, timings: dict[str, float] | None = None) -> Page:
        """Apply every cleaner in order; add the seconds each took to ``timings`` if given."""
        if self.replies:
            return self._run_thread(page, timings)
        if timings is None:
            for cleaner in self.cleaners:
                page = cleaner.apply(page)
            return page
        for cleaner in self.cleaners:
            start = time.perf_counter()
            page = cleaner.apply(page)
            timings[cleaner.name] = timings.get(cleaner.name, 0.0) + time.perf_counter() - start
        return page

    def _run_thread(self, page: Page, timings: dict[str, float] | None) -> Page:
        """:meth:`run`, and each other post of a thread document cleaned as a page of its own, kept under
        :data:`REPLIES_KEY` in the page's ``meta`` for :func:`records`."""
        text = "\n".join([line.text for line in page.lines])
        main = Pipeline(self.cleaners).run(page, timings)
        if "<" in text and is_document(text):
            url = page.source if "://" in page.source else None
            try:
                posts = [Pipeline(self.cleaners).run(Page.from_text("\n".join(post), page.source), timings)
                         for post in thread_replies(text, url)]
            except Exception as err:  # the main post stands; its records say why the replies are missing
                main.meta[REPLIES_FAILED] = f"{type(err).__name__}: {err}"
                return main
            if posts:
                main.meta[REPLIES_KEY] = posts
        return main

    def clean_page(self, text: str, source: str | None = None,
                   timings: dict[str, float] | None = None) -> list[Article]:
        """Clean one page of text (plain text, text with HTML residue, or an HTML document).

        ``timings``, if given, receives the seconds spent in each cleaner.
        """
        if not isinstance(text, str):
            raise TypeError(f"clean_page takes the page as str, got {type(text).__name__}; decode bytes first "
                            "(corpus_clean.io.decode_bytes)")
        page = Page.from_text(text, source or "<text>")
        return records(self.run(page, timings))

    # recipes ---------------------------------------------------------------

    def to_config(self, path: str | Path | None = None) -> str:
        """This pipeline as a TOML recipe that :meth:`from_config` reads back; written to ``path`` if given."""
        out = ["# corpus-clean recipe: the steps in order, with every setting; an unset setting is shown",
               "# commented out with an empty value of its type: uncomment it and fill it in to use it.", ""]
        for cleaner in self.cleaners:
            out.append("[[step]]")
            out.append(f"name = {_toml_value(cleaner.name)}")
            hints = typing.get_type_hints(type(cleaner).__init__)
            for key, value in cleaner.get_params().items():
                if value is not None:
                    out.append(f"{key} = {_toml_value(value)}")
                else:  # TOML has no null: an unset setting is shown commented out, with an empty value
                    out.append(f"# {key} = {_empty_toml(hints.get(key))}")
            out.append("")
        recipe = "\n".join(out)
        if path is not None:
            Path(path).write_text(recipe, encoding="utf-8")
        return recipe

    @classmethod
    def from_config(cls, path: str | Path) -> Pipeline:
        """Build a pipeline from a TOML recipe file."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise RecipeError(f"{path}: cannot read recipe: {err.strerror or err}") from None
        except tomllib.TOMLDecodeError as err:
            raise RecipeError(f"{path}: not valid TOML: {err}") from None
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "recipe") -> Pipeline:
        steps = data.get("step")
        if not isinstance(steps, list) or not steps:
            raise RecipeError(f"{origin}: a recipe needs at least one [[step]] table")
        cleaners = []
        for n, step in enumerate(steps, 1):
            settings = dict(step)
            name = settings.pop("name", None)
            if name not in CLEANERS:
                raise RecipeError(f"{origin}: step {n} names {name!r}, not a cleaner; known: {', '.join(CLEANERS)}")
            try:
                cleaners.append(CLEANERS[name](**settings))
            except TypeError as err:
                raise RecipeError(f"{origin}: step {n} ({name}): {err}") from None
        pipeline = cls(cleaners)
        pipeline.validate(origin)
        return pipeline

    def __repr__(self) -> str:
        return f"Pipeline({self.cleaners!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other.cleaners == self.cleaners and other.replies == self.replies


REPLIES_FAILED = "replies_failed"
"""Page ``meta`` key (and record ``meta`` field) saying why a thread's replies could not be read: the main post's
records are written all the same."""
RECORD_PAGE_META = ("language", "replaced_bytes", REPLIES_FAILED)
"""Page-level facts that go into every record's ``meta`` when the page has them: the language the script
step detected, the bytes the reader had to replace, and why a thread's replies are missing."""


REPLIES_KEY = "thread_replies"
"""Page ``meta`` key under which a pipeline with ``replies`` keeps the cleaned pages of a thread's other posts.
Their records follow the page's own, numbered on (``<source>#<n>``), each with ``meta.reply_to`` (the id of
the page's first record, the main post; the source when the main post gave none) and ``meta.post`` (1 for the
first reply)."""


def records(page: Page) -> list[Article]:
    """The page's article records, with the page-level facts of :data:`RECORD_PAGE_META` in their ``meta``;
    then the records of a thread's other posts, when the pipeline read them (:data:`REPLIES_KEY`)."""
    articles = page.to_articles()
    posts: list[Page] = page.meta.get(REPLIES_KEY, [])
    main_id = articles[0].id if articles else page.source
    for number, post in enumerate(posts, 1):
        for article in post.to_articles():
            article.id = f"{page.source}#{len(articles)}"
            article.meta.update({"reply_to": main_id, "post": number})
            articles.append(article)
    facts = {key: page.meta[key] for key in RECORD_PAGE_META if key in page.meta}
    if facts:
        for article in articles:
            article.meta.update(facts)
    return articles


def _empty_toml(hint: Any) -> str:
    """An empty TOML value of the type ``hint`` names, to show an unset setting's form."""
    arms = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    origins = {typing.get_origin(arm) or arm for arm in arms}
    return "{}" if dict in origins else "[]" if list in origins else '""'


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} to TOML")
