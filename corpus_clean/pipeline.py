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

import sys
import time
from pathlib import Path
from typing import Any, Iterable

from .cleaners.base import Cleaner
from .cleaners.html_residue import HtmlResidue
from .cleaners.mojibake import Mojibake
from .cleaners.normalize import Normalize
from .cleaners.pinyin import PinyinAnnotations
from .cleaners.rejoin import Rejoin
from .cleaners.script import TARGETS, ScriptConversion
from .cleaners.segment import Segment
from .cleaners.spam_lines import SpamLines
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


class Pipeline:
    """Cleaners applied in order to each page."""

    def __init__(self, cleaners: Iterable[Cleaner]) -> None:
        self.cleaners = list(cleaners)
        for cleaner in self.cleaners:
            if not isinstance(cleaner, Cleaner):
                raise TypeError(f"pipeline steps must be Cleaner instances, got {cleaner!r}")

    @classmethod
    def default(cls, target: str = "simplified") -> Pipeline:
        """The eight steps of SPEC.md, in order, converting to ``target``."""
        if target not in TARGETS:
            raise ValueError(f"unknown target script {target!r}; choose one of {', '.join(TARGETS)}")
        return cls([HtmlResidue(), Mojibake(), PinyinAnnotations(), SpamLines(), Rejoin(), Segment(),
                    ScriptConversion(target=target), Normalize()])

    def warm_up(self) -> None:
        """Load every cleaner's dictionaries and tables now (see :meth:`Cleaner.warm_up`)."""
        for cleaner in self.cleaners:
            cleaner.warm_up()

    def run(self, page: Page, timings: dict[str, float] | None = None) -> Page:
        """Apply every cleaner in order; add the seconds each took to ``timings`` if given."""
        if timings is None:
            for cleaner in self.cleaners:
                page = cleaner.apply(page)
            return page
        for cleaner in self.cleaners:
            start = time.perf_counter()
            page = cleaner.apply(page)
            timings[cleaner.name] = timings.get(cleaner.name, 0.0) + time.perf_counter() - start
        return page

    def clean_page(self, text: str, source: str | None = None,
                   timings: dict[str, float] | None = None) -> list[Article]:
        """Clean one page of text (plain text, text with HTML residue, or an HTML document).

        ``timings``, if given, receives the seconds spent in each cleaner.
        """
        if not isinstance(text, str):
            raise TypeError(f"clean_page takes the page as str, got {type(text).__name__}; decode bytes first "
                            "(corpus_clean.io.decode_bytes)")
        page = Page.from_text(text, source or "<text>")
        return self.run(page, timings).to_articles()

    # recipes ---------------------------------------------------------------

    def to_config(self, path: str | Path | None = None) -> str:
        """This pipeline as a TOML recipe that :meth:`from_config` reads back; written to ``path`` if given."""
        out = []
        for cleaner in self.cleaners:
            out.append("[[step]]")
            out.append(f"name = {_toml_value(cleaner.name)}")
            for key, value in cleaner.get_params().items():
                if value is not None:
                    out.append(f"{key} = {_toml_value(value)}")
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
        return cls(cleaners)

    def __repr__(self) -> str:
        return f"Pipeline({self.cleaners!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other.cleaners == self.cleaners


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
