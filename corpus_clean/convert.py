"""OpenCC backends: one converter per configuration per process, built lazily.

Two packages install a module named ``opencc``: the official binding
(``OpenCC`` on PyPI, C++, exact) and ``opencc-python-reimplemented`` (pure
Python, slower and older). They are told apart by their API, never by
catching arbitrary errors: the official binding exposes its compiled
extension (``opencc_clib``/``clib``); the reimplementation's ``OpenCC`` class
has ``set_conversion``. The reimplementation is used with a one-time warning.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Callable

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

    if backend() == OFFICIAL:
        return opencc.OpenCC(f"{config}.json").convert
    return opencc.OpenCC(config).convert


def to_simplified(text: str) -> str:
    """``text`` in Simplified Chinese (OpenCC ``t2s``); used to match single-script lexicons.

    Short strings (names, bylines, labels) recur across pages and are cached.
    """
    if text.isascii():
        return text
    if len(text) <= 40:
        return _short_simplified(text)
    return converter("t2s")(text)


@lru_cache(maxsize=1 << 16)
def _short_simplified(text: str) -> str:
    return converter("t2s")(text)


def to_simplified_lines(lines: list[str]) -> list[str]:
    """:func:`to_simplified` of many lines in one OpenCC call (which keeps line breaks)."""
    if not lines:
        return []
    joined = "\n".join(lines)
    out = to_simplified(joined).split("\n")
    return out if len(out) == len(lines) else [to_simplified(line) for line in lines]
