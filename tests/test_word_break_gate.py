"""``word_spans_break`` asks jieba only where a dictionary word could span the break, and answers as the full cut.

The oracle below is the cut it made on every break before the dictionary look-up was put in front of it.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from corpus_clean.chars import HAN
from corpus_clean.cleaners.rejoin import word_spans_break, word_tokenizer

ROOT = Path(__file__).resolve().parent.parent
_HAN = re.compile(f"[{HAN}]")


def _full_cut(left: str, right: str) -> bool:
    a, b = left[-3:], right[:3]
    if not (a and b and _HAN.match(a[-1]) and _HAN.match(b[0])):
        return False
    pos = 0
    for token in word_tokenizer().cut(a + b, HMM=False):
        if pos < len(a) < pos + len(token):
            return True
        pos += len(token)
    return False


def test_breaks_inside_dictionary_words_and_between_page_lines_are_read_as_the_full_cut_reads_them() -> None:
    rng = random.Random(4)
    words = sorted(w for w, f in word_tokenizer().FREQ.items() if f and 2 <= len(w) <= 6)
    pairs = [("前" + w[:k], w[k:] + "后") for w in rng.sample(words, 5000) for k in range(1, len(w))]
    lines = [ln.strip() for path in sorted((ROOT / "data" / "pages").glob("*.txt"))
             for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    pairs += list(zip(lines, lines[1:]))
    answers = [word_spans_break(left, right) for left, right in pairs]
    assert answers == [_full_cut(left, right) for left, right in pairs]
    assert sum(answers) > 1000 and len(answers) - sum(answers) > 200  # both answers are exercised


def test_the_dictionary_holds_every_prefix_of_its_words_which_the_word_look_up_stops_on() -> None:
    freq = word_tokenizer().FREQ
    words = [w for w, f in freq.items() if f and len(w) >= 2]
    assert len(words) > 100_000
    assert [w for w in words if any(w[:k] not in freq for k in range(1, len(w)))] == []
