"""The scoring method of ``../shared/tools/score_body.py``, kept here so the tests do not depend on ../shared.

Body figures: character-LCS precision, recall and F1 over Han characters,
letters and digits, after OpenCC t2s on both sides; the output of a page is the
title and paragraphs of all its records, in order. ``author_ok``: the gold author
is among the page's authors; ``date_ok``: the page's first date equals the gold
date at the gold's precision. The scorer's own copy stays the reference.
LCS is rapidfuzz's (exact and fast) when installed, else difflib's.
"""
from __future__ import annotations

import re

import opencc

try:
    from rapidfuzz.distance import LCSseq

    def lcs(a: str, b: str) -> int:
        return int(LCSseq.similarity(a, b))
except ImportError:  # slower, and approximate as the scorer's own fallback is
    from difflib import SequenceMatcher

    def lcs(a: str, b: str) -> int:
        return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())

KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
_T2S = opencc.OpenCC("t2s.json" if hasattr(opencc, "opencc_clib") or hasattr(opencc, "clib") else "t2s")


def fold(text: str | None) -> str:
    return "".join(KEEP.findall(_T2S.convert(text or "")))


def norm_date(value: str | None) -> str | None:
    if not value:
        return None
    nums = re.findall(r"\d+", value)
    if not nums or len(nums[0]) != 4:
        return None
    return "-".join([nums[0]] + [n.zfill(2) for n in nums[1:3]])


def prf(out: str, gold: str) -> tuple[float, float, float]:
    common = lcs(out, gold) if out and gold else 0
    p = common / len(out) if out else 0.0
    r = common / len(gold) if gold else 1.0
    return p, r, (0.0 if p + r == 0 else 2 * p * r / (p + r))


def score_page(gold: dict, records: list[dict]) -> dict:
    """Body precision, recall and F1 of one page's records, with author_ok and date_ok where the gold has them."""
    text = "\n".join("\n".join([r.get("title") or ""] + list(r.get("paragraphs") or [])) for r in records)
    p, r, f = prf(fold(text), fold(gold["body"]))
    row: dict = {"p": p, "r": r, "f1": f}
    if gold.get("author"):
        row["author_ok"] = any(fold(gold["author"]) == fold(a) for rec in records for a in rec.get("authors") or [])
    if norm_date(gold.get("date")):
        g = norm_date(gold["date"])
        o = norm_date(next((rec["date"] for rec in records if rec.get("date")), None))
        row["date_ok"] = bool(o) and o[: len(g)] == g  # type: ignore[index]
    return row


def overall(pages: dict[str, dict]) -> dict:
    """Means over pages, and counts of right authors and dates."""
    n = max(1, len(pages))
    return {
        "pages": len(pages),
        "p": sum(r["p"] for r in pages.values()) / n,
        "r": sum(r["r"] for r in pages.values()) / n,
        "f1": sum(r["f1"] for r in pages.values()) / n,
        "below_0.5": sorted(k for k, r in pages.items() if r["f1"] < 0.5),
        "author_ok": sum(r.get("author_ok", False) for r in pages.values()),
        "date_ok": sum(r.get("date_ok", False) for r in pages.values()),
    }
