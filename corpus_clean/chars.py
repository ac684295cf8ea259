"""Character classes for the standard library's ``re``, shared by the cleaners.

The third-party ``regex`` module spells these ``\\p{Han}`` and friends, but on
hot paths (patterns run on every line of every page) the standard ``re``
engine is several times faster, and it checks a character class of BMP code
points in constant time. These strings are class *bodies*: use them inside
``[...]``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

HAN = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
       "\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6\U00020000-\U0002a6df"
       "\U0002a700-\U0002b81e\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0\U0002ebf0-\U0002ee5d"
       "\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479")
"""Han script, as the ``regex`` module's ``\\p{Han}`` (Unicode 16) has it."""


def char_class(codes: Iterable[int]) -> str:
    """A ``re`` class body matching exactly the code points ``codes`` (runs become ranges)."""
    ordered = sorted(set(codes))
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0], ordered[0]]]
    for code in ordered[1:]:
        if code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


def for_re(pattern: str) -> str:
    """``pattern`` with ``\\p{Han}`` spelt out, so that the standard ``re`` module compiles it."""
    return pattern.replace("[\\p{Han}", f"[{HAN}").replace("\\p{Han}", f"[{HAN}]")


class ClassCounter:
    """Counts the characters of one class in a text.

    ``len(pattern.findall(text))`` builds a string for every character found
    (for Han, a new object each), which dominates on long lines. Removing the
    runs of the other characters and taking the length costs one C call and
    no object per character.
    """

    def __init__(self, body: str) -> None:
        self._others = re.compile(f"[^{body}]+")

    def __call__(self, text: str) -> int:
        return len(self._others.sub("", text))


han_count = ClassCounter(HAN)
"""How many Han characters a text holds."""
