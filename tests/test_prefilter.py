"""The lexicon prefilter only rules out what cannot match.

``required_chars`` promises that every match of a pattern holds one of the
characters it returns. The property tests generate matches of every lexicon
pattern from its own parse tree, in random surroundings, and check the promise
on each; the example tests pin down how each part of a pattern is read.
"""
from __future__ import annotations

import random
import re
from typing import Any

import pytest

from corpus_clean import pattern_tree as sre
from corpus_clean.chars import for_re
from corpus_clean.cleaners.spam_lines import lexicon_patterns, lexicon_prefilter, lexicons
from corpus_clean.prefilter import Prefilter, literal_gate, required_chars, required_literals

_POOL = list("的是在了一国人中有这来他新闻记者编辑分享首页版权所有网站热点年月日，。：:、 |/-_>()（）【】abcXYZ0123456789")
_DIGITS, _SPACES = list("0123456789３"), [" ", "\u3000"]


def _generate(items: Any, flags: int, rng: random.Random) -> str | None:
    """A random string that the parsed pattern ``items`` could match (None if not generable)."""
    out = []
    for op, av in items:
        piece = _generate_node(op, av, flags, rng)
        if piece is None:
            return None
        out.append(piece)
    return "".join(out)


def _generate_node(op: Any, av: Any, flags: int, rng: random.Random) -> str | None:
    if op is sre.LITERAL:
        c = chr(av)
        return c.swapcase() if flags & re.IGNORECASE and rng.random() < 0.5 and len(c.swapcase()) == 1 else c
    if op is sre.ANY:
        return rng.choice(_POOL)
    if op is sre.IN:
        if av and av[0][0] is sre.NEGATE:
            return rng.choice(_POOL)
        kind, value = rng.choice(av)
        if kind is sre.LITERAL:
            return chr(value)
        if kind is sre.RANGE:
            return chr(rng.randint(*value))
        if kind is sre.CATEGORY:
            if "DIGIT" in str(value) and "NOT" not in str(value):
                return rng.choice(_DIGITS)
            if "SPACE" in str(value) and "NOT" not in str(value):
                return rng.choice(_SPACES)
            return rng.choice("新闻abc的")
        return None
    if op is sre.BRANCH:
        return _generate(rng.choice(av[1]), flags, rng)
    if op is sre.SUBPATTERN:
        _group, add, delete, sub = av
        return _generate(sub, (flags | add) & ~delete, rng)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        parts = [_generate(sub, flags, rng) for _ in range(rng.randint(low, min(high, low + 3)))]
        return None if any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]
    if op in (sre.AT, sre.ASSERT_NOT, sre.ASSERT):
        return ""  # a position, or a look-around that only rules positions out: it adds no characters
    return None


def _matches(pattern: str, rng: random.Random, count: int) -> list[str]:
    """Up to ``count`` strings, each holding a match of ``pattern`` in random surroundings."""
    items, flags = sre.parse(pattern)
    compiled = re.compile(for_re(pattern))
    found: list[str] = []
    for _ in range(count * 5):
        core = _generate(items, flags, rng)
        if core is None:
            continue
        before = "".join(rng.choices(_POOL, k=rng.randint(0, 6)))
        after = "".join(rng.choices(_POOL, k=rng.randint(0, 6)))
        for text in (before + core + after, core + after, core):
            if compiled.search(text):
                found.append(text)
                break
        if len(found) == count:
            break
    return found


_ALL_PATTERNS = [(reason, p) for reason, patterns in lexicon_patterns().items() for p in patterns]


@pytest.mark.parametrize(("reason", "pattern"), _ALL_PATTERNS, ids=[f"{r}:{p[:24]}" for r, p in _ALL_PATTERNS])
def test_every_match_of_a_lexicon_pattern_holds_a_required_character(reason: str, pattern: str) -> None:
    rng = random.Random(pattern)
    texts = _matches(pattern, rng, 40)
    assert texts, f"no match generated for {pattern}"
    chars = required_chars(pattern)
    prefilter = lexicon_prefilter()
    gate = literal_gate([pattern])
    for text in texts:
        assert chars is None or set(text) & chars, (pattern, text)
        assert reason in prefilter.candidates(text), (pattern, text)
        assert gate is None or gate.search(text), (pattern, text)
        assert lexicons()[reason].search(text), (pattern, text)


def test_a_literal_word_requires_its_rarest_character() -> None:
    # 辑 is far rarer in Chinese text than 编, 责 or 任
    assert required_chars("责任编辑[:：]") == {"辑"}


def test_an_alternation_requires_a_character_of_each_branch() -> None:
    chars = required_chars("^(当前位置|您的位置|返回首页)")
    assert chars is not None and len(chars) <= 3
    assert all(chars & set(word) for word in ("当前位置", "您的位置", "返回首页"))


@pytest.mark.parametrize("pattern", [r"\d+", r"^.{2,8}$", r"(分享)?\s*", r"[^，。]+", r"[一-龥]{2}"])
def test_nothing_is_promised_for_what_any_character_can_match(pattern: str) -> None:
    assert required_chars(pattern) is None


def test_an_optional_part_is_never_required() -> None:
    chars = required_chars("(?:分享到)?微信")
    assert chars is not None and chars <= set("微信")


def test_case_insensitive_letters_bring_every_case_re_accepts() -> None:
    chars = required_chars("(?i:k)")
    assert chars is not None and {"k", "K", "\u212a"} <= chars  # the Kelvin sign matches k under IGNORECASE
    assert "\u017f" in (required_chars("(?i:s)") or ())  # and the long s matches s
    assert re.search("(?i:s)", "\u017f")
    assert Prefilter({"copyright": ["(?i:copyright)"]}).candidates("COPYRIGHT 2023") == {"copyright"}


def test_a_pattern_our_parser_cannot_read_is_always_run() -> None:
    prefilter = Prefilter({"odd": [r"\p{Greek}+"], "plain": ["责任编辑"]})
    assert prefilter.always == {"odd"}
    assert prefilter.candidates("今天天气很好") == {"odd"}
    assert prefilter.candidates("责任编辑：王五") == {"odd", "plain"}


def test_lines_without_furniture_words_rule_most_lexicons_out() -> None:
    candidates = lexicon_prefilter().candidates("今天上午")
    assert len(candidates) < len(lexicon_patterns()) / 2


@pytest.mark.parametrize("letter", ["k", "s", "i", "c"])
def test_case_variants_cover_what_the_regex_module_folds_together(letter: str) -> None:
    # floating lexicon patterns run on the regex module, whose case folding differs from re's in places
    import regex

    folded = regex.compile(f"(?i){letter}")
    chars = required_chars(f"(?i:{letter})") or frozenset()
    assert {chr(c) for c in range(0x10000) if folded.match(chr(c))} <= chars


def test_a_literal_run_is_required_whole() -> None:
    assert required_literals("责任编辑[:：]") == {("责任编辑:", False), ("责任编辑：", False)}
    assert required_literals(r"责任编辑\s*[:：]") == {("责任编辑", False)}
    assert required_literals("(?i:all rights reserved)") == {("all rights reserved", True)}


def test_optional_parts_give_no_literal_and_alternations_give_one_per_branch() -> None:
    assert required_literals(r"(分享到)?\s*") is None
    assert required_literals("版权所有|版权归") == {("版权所有", False), ("版权归", False)}


def test_the_literal_gate_matches_case_insensitive_words_in_any_case() -> None:
    gate = literal_gate(["(?i:copyright)", "版权所有"])
    assert gate is not None
    assert gate.search("COPYRIGHT 2023") and gate.search("本站版权所有")
    assert not gate.search("今天天气很好")
    assert literal_gate([r"\d+", "版权所有"]) is None


@pytest.mark.parametrize("letter", list("abcdefghijklmnopqrstuvwxyz"))
def test_the_literal_gate_accepts_every_case_the_regex_module_folds_together(letter: str) -> None:
    import regex

    gate = literal_gate([f"(?i:{letter})"])
    folded = regex.compile(f"(?i){letter}")
    assert gate is not None
    assert all(gate.search(chr(c)) for c in range(0x10000) if folded.match(chr(c)))
