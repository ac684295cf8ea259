"""OpenCC backends: one converter per configuration per process, built lazily.

Two packages install a module named ``opencc``: the official binding
(``OpenCC`` on PyPI, C++, exact) and ``opencc-python-reimplemented`` (pure
Python, slower and older). They are told apart by their API, never by
catching arbitrary errors: the official binding exposes its compiled
extension (``opencc_clib``/``clib``); the reimplementation's ``OpenCC`` class
has ``set_conversion``. The reimplementation is used with a one-time warning.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice

import numpy as np

from .chars import HAN, ClassCounter, char_class

OFFICIAL = "official"
REIMPLEMENTED = "reimplemented"

CONFIGS = ("s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "t2hk", "tw2t", "hk2t")


class BackendError(RuntimeError):
    """No usable OpenCC module is installed."""


@lru_cache(maxsize=1)
def backend() -> str:
    """Which ``opencc`` module is installed: ``official`` or ``reimplemented``."""
    try:
        import opencc
    except ImportError as err:
        raise BackendError("script conversion needs OpenCC: pip install OpenCC") from err
    if hasattr(opencc, "opencc_clib") or hasattr(opencc, "clib"):
        return OFFICIAL
    if hasattr(getattr(opencc, "OpenCC", None), "set_conversion"):
        warnings.warn("using opencc-python-reimplemented: it is about 40x slower than the official "
                      "OpenCC binding and fails some of OpenCC's own test cases; pip install OpenCC",
                      RuntimeWarning, stacklevel=2)
        return REIMPLEMENTED
    raise BackendError(f"the installed 'opencc' module ({getattr(opencc, '__file__', '?')}) is neither the "
                       "official OpenCC binding nor opencc-python-reimplemented")


@lru_cache(maxsize=None)
def converter(config: str) -> Callable[[str], str]:
    """The ``convert`` function of an OpenCC configuration such as ``t2s``."""
    if config not in CONFIGS:
        raise ValueError(f"unknown OpenCC configuration {config!r}; known: {', '.join(CONFIGS)}")
    import opencc

    convert = opencc.OpenCC(f"{config}.json").convert if backend() == OFFICIAL else opencc.OpenCC(config).convert

    def convert_all(text: str) -> str:
        # some configurations (tw2s, s2hk...) of the official binding drop everything after a NUL
        if "\x00" in text:
            return "\x00".join(convert(part) for part in text.split("\x00"))
        return convert(text)

    return convert_all


ARRAY_CHARS = 512
"""Texts at least this long are simplified as arrays of code points (see :meth:`ScriptChars.simplify_text`)."""
ARRAY_SLICE = 1 << 20
"""Characters mapped as one array: a huge page needs memory for a slice of it, not for the page."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class ScriptChars:
    """The Han characters that exist in one script only, as OpenCC converts each character alone.

    ``traditional`` matches a character ``t2s`` changes, ``simplified`` one ``s2t``
    changes; both are standard-library ``re`` classes of BMP characters, which
    test a character in constant time. Characters beyond the BMP (rare) are
    kept in sets and counted only on text that has any.
    """

    traditional: re.Pattern[str]
    simplified: re.Pattern[str]
    traditional_astral: frozenset[str]
    simplified_astral: frozenset[str]
    simplify: dict[int, str]
    """A ``str.translate`` table: each Traditional-only character to what ``t2s`` makes of it alone."""

    @cached_property
    def _traditional_count(self) -> ClassCounter:
        return ClassCounter(self.traditional.pattern[1:-1])

    def count_traditional(self, text: str) -> int:
        """How many characters of ``text`` exist only in Traditional."""
        n = self._traditional_count(text)
        return n + self._astral(text, self.traditional_astral) if _ASTRAL.search(text) else n

    def count_simplified(self, text: str, limit: int | None = None) -> int:
        """How many characters of ``text`` exist only in Simplified; counting stops at ``limit`` if given."""
        if limit is not None:
            n = sum(1 for _ in islice(self.simplified.finditer(text), limit))
            if n >= limit:
                return n
        else:
            n = len(self.simplified.findall(text))
        return n + self._astral(text, self.simplified_astral) if _ASTRAL.search(text) else n

    @cached_property
    def _simplify_bmp(self) -> str | None:
        """:attr:`simplify` as one string indexed by BMP code point (faster for ``str.translate`` than a dict,
        which raises and catches a KeyError for every character it does not map); None if some character
        becomes several."""
        table = [chr(code) for code in range(0x10000)]
        for code, new in self.simplify.items():
            if code < 0x10000:
                if len(new) != 1:
                    return None
                table[code] = new
        return "".join(table)

    @cached_property
    def _simplify_codes(self) -> np.ndarray | None:
        """:attr:`_simplify_bmp` as code points, for :meth:`simplify_text` on long texts."""
        table = self._simplify_bmp
        return None if table is None else np.frombuffer(table.encode("utf-32-le", "surrogatepass"), dtype="<u4")

    def simplify_text(self, text: str) -> str:
        """``text`` with each Traditional-only character as ``t2s`` makes it alone.

        A long text (a page) is mapped as an array of code points, about ten times faster than
        ``str.translate``, which looks each character up one at a time."""
        codes = self._simplify_codes if len(text) >= ARRAY_CHARS else None
        if codes is not None and not _ASTRAL.search(text):
            # a slice at a time: the arrays of a slice, not of the page, are held at once
            return "".join(codes[np.frombuffer(text[at:at + ARRAY_SLICE].encode("utf-32-le", "surrogatepass"),
                                               dtype="<u4")].tobytes().decode("utf-32-le", "surrogatepass")
                           for at in range(0, len(text), ARRAY_SLICE))
        table = self._simplify_bmp
        if table is not None and not _ASTRAL.search(text):
            return text.translate(table)
        return text.translate(self.simplify)

    def has_traditional(self, text: str) -> bool:
        """Whether ``text`` has any character that exists only in Traditional."""
        if self.traditional.search(text):
            return True
        return bool(_ASTRAL.search(text)) and not self.traditional_astral.isdisjoint(text)

    @staticmethod
    def _astral(text: str, chars: frozenset[str]) -> int:
        return sum(1 for c in _ASTRAL.findall(text) if c in chars)


def _han_chars() -> list[str]:
    chars = []
    for part in re.findall(r"(.)(?:-(.))?", HAN, flags=re.S):
        first, last = part[0], part[1] or part[0]
        chars.extend(chr(c) for c in range(ord(first), ord(last) + 1))
    return chars


def _char_class(chars: list[str]) -> re.Pattern[str]:
    body = char_class(ord(c) for c in chars)
    return re.compile(f"[{body}]") if body else re.compile("(?!)")


def _conversions_alone(config: str) -> list[tuple[str, str]]:
    """Every Han character with what OpenCC ``config`` makes of it alone."""
    chars = _han_chars()
    converted = converter(config)("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a broken backend
        raise BackendError("OpenCC changed the line breaks of its input")
    return list(zip(chars, converted))


def _changed_alone(config: str) -> list[str]:
    """The Han characters that OpenCC ``config`` changes when it converts each one alone."""
    return [c for c, new in _conversions_alone(config) if new != c]


@lru_cache(maxsize=1)
def script_chars() -> ScriptChars:
    """The :class:`ScriptChars` of the installed OpenCC, built once per process (~0.1 s)."""
    to_simple = [(c, new) for c, new in _conversions_alone("t2s") if new != c]
    trad = [c for c, _ in to_simple]
    simp = _changed_alone("s2t")
    return ScriptChars(
        traditional=_char_class([c for c in trad if ord(c) <= 0xFFFF]),
        simplified=_char_class([c for c in simp if ord(c) <= 0xFFFF]),
        traditional_astral=frozenset(c for c in trad if ord(c) > 0xFFFF),
        simplified_astral=frozenset(c for c in simp if ord(c) > 0xFFFF),
        simplify={ord(c): new for c, new in to_simple},
    )


@lru_cache(maxsize=None)
def changed_alone(config: str) -> Callable[[str], int]:
    """A counter of the distinct characters of a text that OpenCC ``config`` changes when it converts each
    one alone (``t2tw`` and ``t2hk`` tell a Taiwan page from a Hong Kong one); the table is built once per
    process. Such characters are few in any text, so listing the matches costs little."""
    changed = _changed_alone(config)
    bmp = _char_class([c for c in changed if ord(c) <= 0xFFFF])
    astral = frozenset(c for c in changed if ord(c) > 0xFFFF)

    def count(text: str) -> int:
        found = set(bmp.findall(text))
        if _ASTRAL.search(text):
            found.update(c for c in _ASTRAL.findall(text) if c in astral)
        return len(found)

    return count


def to_simplified(text: str) -> str:
    """``text`` with each Traditional-only character in its Simplified form; used to match single-script lexicons.

    Characters are converted one by one, as OpenCC ``t2s`` converts each alone,
    with a table built once: no OpenCC call per line. Phrase conversions
    (藉口→借口, 著→着 in 看著) are not needed to match lexicons, and text
    without a Traditional-only character comes back as it is.
    """
    if text.isascii() or not script_chars().has_traditional(text):
        return text
    return script_chars().simplify_text(text)


def to_simplified_lines(lines: list[str]) -> list[str]:
    """:func:`to_simplified` of many lines."""
    if not lines:
        return []
    joined = "\n".join(lines)
    if not script_chars().has_traditional(joined):
        return list(lines)
    return script_chars().simplify_text(joined).split("\n")
