"""Script conversion: Traditional/Simplified with OpenCC's phrase-level semantics, detected per page.

A page that is not Chinese (Japanese or Korean, by its share of kana or
Hangul) passes through unconverted; ``meta.language`` says which it is.
The page's script is detected first from characters that exist in one script
only: ``meta.original_script`` is ``simplified``, ``traditional`` or ``mixed``,
and for Traditional pages ``meta.traditional_variant`` is ``tw`` or ``hk`` when
the page's variant characters say so. The OpenCC configuration follows from
the target and what was detected (``tw2s``/``hk2s`` for Taiwan and Hong Kong
pages going to Simplified, ``t2s`` otherwise); a page already in the target
script is not converted.

User control: ``user_dict`` maps phrases to their replacements before OpenCC
runs; ``protect`` (terms) and ``protect_regex`` (a pattern) name spans that are
never converted. URLs, e-mail addresses and Latin text are never converted.
"""
from __future__ import annotations

import re
from array import array
from functools import lru_cache
from typing import ClassVar

import regex

from ..chars import HAN, ClassCounter, han_count
from ..convert import changed_alone, converter, script_chars
from ..page import Page, map_value
from .base import Cleaner

TARGETS = ("simplified", "traditional", "taiwan", "hongkong", "keep")
_UINT32 = next(code for code in "ILH" if array(code).itemsize == 4)
# the look-behind starts an address only where a run of its characters starts (\w matches Han): linear
_ALWAYS_PROTECTED = r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+"


KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
FOREIGN_SHARE = 0.2
"""A page is Japanese (Korean) when kana (Hangul) make up at least this share of its kana (Hangul) and Han
characters: Japanese prose runs about half kana, while a Chinese page holds a stray の at most."""
_FOREIGN = re.compile(f"[{KANA}{HANGUL}]")
_HAN_ANY = re.compile(f"[{HAN}]")
_kana_count, _hangul_count = ClassCounter(KANA), ClassCounter(HANGUL)


_CONVERTED = ("body", "heading", "meta")
"""Kinds of line whose text (and metadata values) the step reads and converts: text and metadata."""


def detect_language(text: str) -> str:
    """``zh``, ``ja`` or ``ko`` from the share of kana or Hangul among the CJK characters; ``und`` for a
    text with none of them. Only ``zh`` pages are converted between scripts."""
    if _FOREIGN.search(text) is None:  # nearly every page: one scan, nothing counted
        return "zh" if _HAN_ANY.search(text) else "und"
    han = han_count(text)
    for language, count in (("ja", _kana_count(text)), ("ko", _hangul_count(text))):
        if count and count >= FOREIGN_SHARE * (count + han):
            return language
    return "zh" if han else "und"


def detect_script(text: str) -> tuple[str, str | None]:
    """(``simplified``/``traditional``/``mixed``, ``tw``/``hk``/None) from character evidence."""
    script, variant, _ = script_evidence(text)
    return script, variant


def script_evidence(text: str) -> tuple[str, str | None, int]:
    """:func:`detect_script`, and how many characters of the text exist only in Traditional.

    Characters count by occurrence. A text with no Traditional-only character
    is Simplified at once; only texts with some are counted further.
    """
    chars = script_chars()
    traditional_only = chars.count_traditional(text)
    if traditional_only == 0:
        return "simplified", None, 0
    # nine Simplified-only characters to each Traditional one already make the text Simplified
    simplified_only = chars.count_simplified(text, limit=9 * traditional_only)
    share = traditional_only / (traditional_only + simplified_only)
    script = "traditional" if share >= 0.9 else "simplified" if share <= 0.1 else "mixed"
    variant = None
    if script != "simplified":
        tw, hk = changed_alone("t2tw")(text), changed_alone("t2hk")(text)  # distinct characters of each variant
        variant = "tw" if tw < hk else "hk" if hk < tw else None
    return script, variant, traditional_only


def choose_config(target: str, script: str, variant: str | None, phrases: bool = False) -> str | None:
    """The OpenCC configuration for a page, or None when it needs no conversion."""
    if target == "keep":
        return None
    if target == "simplified":
        if script == "simplified":
            return None
        if variant == "tw":
            return "tw2sp" if phrases else "tw2s"
        return "hk2s" if variant == "hk" else "t2s"
    if target == "traditional":
        return None if script == "traditional" else "s2t"
    if target == "taiwan":
        if script == "traditional":
            return "t2tw"
        return "s2twp" if phrases else "s2tw"
    if target == "hongkong":
        return "t2hk" if script == "traditional" else "s2hk"
    raise ValueError(f"unknown target script {target!r}; choose one of {', '.join(TARGETS)}")


@lru_cache(maxsize=64)
def _protector(terms: tuple[str, ...], pattern: str | None, user_keys: tuple[str, ...]) -> regex.Pattern[str]:
    """One pattern for every protected span; user patterns may use ``regex`` syntax such as ``\\p{Han}``."""
    alternatives = [_ALWAYS_PROTECTED]
    if pattern:
        alternatives.append(f"(?:{pattern})")
    words = sorted(set(terms) | set(user_keys), key=len, reverse=True)
    alternatives.extend(regex.escape(w) for w in words if w)
    return regex.compile("|".join(alternatives))


def _may_hold_protected(text: str) -> bool:
    """Whether ``text`` could hold a URL or an e-mail address: a cheap test before the protector runs."""
    return "@" in text or "://" in text or "www." in text


def _strings(value: object) -> list[str]:
    """The strings in a metadata value (a string, or lists of them), in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def differing_chars(old: list[str], new: list[str]) -> list[int]:
    """For each pair of texts, how many positions differ; a changed pair of unequal lengths counts 1.

    The pairs of equal length are compared all at once, as two arrays of code
    points XORed together: no Python work per character.
    """
    same_length = [len(a) == len(b) for a, b in zip(old, new)]
    left = "".join(a for a, same in zip(old, same_length) if same).encode("utf-32-le")
    right = "".join(b for b, same in zip(new, same_length) if same).encode("utf-32-le")
    xor = array(_UINT32, (int.from_bytes(left, "little") ^ int.from_bytes(right, "little")).to_bytes(len(left), "little"))
    counts, pos = [], 0
    for a, b, same in zip(old, new, same_length):
        if same:
            span = xor[pos:pos + len(a)]
            counts.append(len(span) - span.count(0))
            pos += len(a)
        else:
            counts.append(int(a != b))
    return counts


class ScriptConversion(Cleaner):
    """Convert every page to the target script with OpenCC, leaving protected spans alone.

    Args:
        target: ``simplified``, ``traditional``, ``taiwan``, ``hongkong`` or ``keep``.
        phrases: use Taiwan phrase variants (``s2twp``/``tw2sp``) where they apply.
        user_dict: phrase -> replacement, applied before OpenCC; replaced text is not converted again.
        protect: terms never converted (names, brands).
        protect_regex: a pattern whose matches are never converted.
    """

    name: ClassVar[str] = "script"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, target: str = "simplified", phrases: bool = False, user_dict: dict[str, str] | None = None,
                 protect: list[str] | None = None, protect_regex: str | None = None) -> None:
        self.target = target
        self.phrases = phrases
        self.user_dict = user_dict
        self.protect = protect
        self.protect_regex = protect_regex

    def warm_up(self) -> None:
        if self.target not in TARGETS or self.target == "keep":
            return
        script_chars()
        changed_alone("t2tw"), changed_alone("t2hk")  # the tables that tell a Taiwan page from a Hong Kong one
        for script in ("simplified", "traditional", "mixed"):
            for variant in (None, "tw", "hk"):
                config = choose_config(self.target, script, variant, self.phrases)
                if config:
                    converter(config)

    def apply(self, page: Page) -> Page:
        if self.target not in TARGETS:
            raise ValueError(f"unknown target script {self.target!r}; choose one of {', '.join(TARGETS)}")
        text = "\n".join([ln.text for ln in page.lines if ln.kind in _CONVERTED])
        language = page.meta["language"] = detect_language(text)
        if language not in ("zh", "und"):
            return page  # Japanese kanji are not Traditional Chinese: 確保 stays 確保
        script, variant, traditional_chars = script_evidence(text)
        page.meta["original_script"] = script
        page.meta["target_script"] = self.target
        if variant:
            page.meta["traditional_variant"] = variant
        config = choose_config(self.target, script, variant, self.phrases)
        stray_only = config is None and self.target == "simplified" and traditional_chars > 0
        if stray_only:
            config = "t2s"  # a Simplified page with a few Traditional characters: convert their lines
        if config is None and not self.user_dict:
            return page
        convert = converter(config) if config else (lambda s: s)
        user = self.user_dict or {}
        protector = _protector(tuple(self.protect or ()), self.protect_regex, tuple(user))
        always_only = not (self.protect or self.protect_regex or user)

        def fix(line: str) -> str:
            if line.isascii() and not user:  # no OpenCC configuration changes ASCII
                return line
            if always_only and not _may_hold_protected(line):
                return convert(line)
            out: list[str] = []
            pos = 0
            for m in protector.finditer(line):
                out.append(convert(line[pos:m.start()]))
                out.append(user.get(m.group(0), m.group(0)))
                pos = m.end()
            out.append(convert(line[pos:]))
            return "".join(out)

        lines = [ln for ln in page.lines if ln.kind in _CONVERTED]
        if stray_only and not self.user_dict:
            has_traditional = script_chars().has_traditional
            lines = [ln for ln in lines if has_traditional(ln.text) or ln.has_values]
        # one OpenCC call per page, for the lines and the metadata values parsed from them (author names...):
        # protected spans and user phrases never hold a line break
        texts = [ln.text for ln in lines]
        values = [s for ln in lines if ln.has_values for v in ln.values.values() for s in _strings(v) if "\n" not in s]
        converted = fix("\n".join(texts + values)).split("\n")
        if len(converted) != len(texts) + len(values):
            converted = [fix(t) for t in texts + values]
        done = dict(zip(values, converted[len(texts):]))
        for line, new, changed in zip(lines, converted, differing_chars(texts, converted[:len(texts)])):
            if changed:
                line.edits[(self.name, "converted_chars")] += changed
                line.text = new
            if line.has_values:
                line.values = {k: map_value(v, lambda s: done[s] if s in done else fix(s))
                               for k, v in line.values.items()}
        return page
