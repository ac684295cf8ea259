"""Fold an article's text to the form its duplicates share, and hash it for exact dedup.

A reprint differs from its source in ways that do not change the article: the
script (a Traditional or Taiwan-standard copy of a Simplified wire story), the
width and kind of its punctuation (``，`` or ``,``), spaces and line breaks,
full-width digits. :func:`fold` removes all of these: NFKC character by
character (full-width to half-width), every Han character to one
representative of its script variants,
lower case, and every character that is not a letter or digit dropped.

The script fold is by character, not OpenCC's phrase conversion: ``t2s`` of a
Taiwan copy gives back ``著`` where the Simplified source has ``着``, and no
character-alone conversion links ``了`` to ``瞭`` (``了解`` -> ``瞭解``) or ``借`` to
``藉``; measured on the test corpus, phrase ``t2s`` missed 19 of 150
script-converted copies and character-alone classes from the OpenCC converters
16. So the classes come from OpenCC's character dictionaries with every
candidate (``variant_classes.txt``, 3,986 classes, derived from OpenCC 1.4.2's
STCharacters, TSCharacters, TW/HK variants): each character is folded to the
first of its class, by code point (``着 著`` -> ``着``; ``乾 干 幹 榦`` -> ``乾``). Folding is for
hashing only: it may join characters a reader tells apart, never text a reader
would call different articles.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path


NOT_WORD = re.compile(r"[\W_]+")
"""Punctuation, symbols, spaces and line breaks: one class, so the scan is linear."""

CLASSES_FILE = Path(__file__).with_name("variant_classes.txt")


@lru_cache(maxsize=1)
def variant_table() -> str:
    """A ``str.translate`` table over the BMP (one string, indexed by code point): each character to its NFKC
    form when that is one character (full-width to half-width, compatibility ideographs to unified ones), then
    each Han character to the first character of its script-variant class. Built once per process (~0.1 s)."""
    first = {}
    for line in CLASSES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            for c in line:
                first[c] = line[0]  # the few classes with a character beyond the BMP never meet it in the table
    table = []
    for code in range(0x10000):
        c = chr(code)
        if not 0xD800 <= code <= 0xDFFF:
            nfkc = unicodedata.normalize("NFKC", c)
            c = nfkc if len(nfkc) == 1 else c
        table.append(first.get(c, c))
    return "".join(table)


def fold(text: str) -> str:
    """``text`` half-width, one character per script-variant class, lower case, punctuation and spaces removed.

    One ``str.translate`` pass does both the character-wise NFKC and the script fold (the table is a string
    indexed by code point); characters beyond the BMP are left as they are.
    """
    return NOT_WORD.sub("", text.translate(variant_table()).lower())


def exact_key(folded: str) -> bytes:
    """A 128-bit hash of folded text: equal for exact duplicates; a collision in 10^9 articles has odds ~10^-21."""
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).digest()
