"""corpus_clean: noisy scraped Chinese news pages in, clean article records out.

    >>> from corpus_clean import clean_page
    >>> articles = clean_page(page_text, source="page.txt")

Every cleaner is importable from here; :class:`Pipeline` composes them.
"""
from __future__ import annotations

from functools import lru_cache

from .cleaners.base import Cleaner
from .cleaners.html_residue import HtmlResidue
from .cleaners.mojibake import Mojibake
from .cleaners.normalize import Normalize
from .cleaners.pinyin import PinyinAnnotations
from .cleaners.rejoin import Rejoin
from .cleaners.script import ScriptConversion
from .cleaners.segment import Segment
from .cleaners.spam_lines import SpamLines
from .page import Line, Page
from .pipeline import CLEANERS, Pipeline, RecipeError
from .record import Article, Removal

__version__ = "0.1.0"

__all__ = ["clean_page", "Pipeline", "Article", "Removal", "Page", "Line", "Cleaner", "CLEANERS", "RecipeError",
           "HtmlResidue", "Mojibake", "PinyinAnnotations", "SpamLines", "Rejoin", "Segment", "ScriptConversion",
           "Normalize", "__version__"]


@lru_cache(maxsize=8)
def _default(target: str) -> Pipeline:
    return Pipeline.default(target=target)


def clean_page(text: str, *, source: str | None = None, target: str = "simplified") -> list[Article]:
    """Clean one page with the default pipeline; one record per article found on it."""
    return _default(target).clean_page(text, source=source)
