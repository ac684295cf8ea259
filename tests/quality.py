"""The scoring method of ``../shared/tools/score.py``, kept here so the tests do not depend on ../shared.

Same folding (Han characters, letters and digits only), same metrics: text
precision/recall/F1 by longest common subsequence (difflib, the scorer's
dependency-free path), exact paragraphs, titles, authors, article counts,
dates, leaks of gold-removed lines and residues. The scorer's own copy stays
the reference; ``test_quality_gate`` only needs the same numbers.
"""
from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

import opencc

KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
PINYIN = re.compile(r"[\u3400-\u9fff][(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\d?\s*[)）]")
HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});|/p>")
MOJIBAKE = re.compile(r"[\ue000-\uf8ff\ufffd]|\?!")
T2S = opencc.OpenCC("t2s.json" if hasattr(opencc, "opencc_clib") or hasattr(opencc, "clib") else "t2s")


def lcs(a: str, b: str) -> int:
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def fold(text: str | None) -> str:
    return "".join(KEEP.findall(text or ""))


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def set_f1(out: list[str], gold: list[str]) -> float:
    out_c: dict[str, int] = defaultdict(int)
    gold_c: dict[str, int] = defaultdict(int)
    for x in out:
        out_c[x] += 1
    for x in gold:
        gold_c[x] += 1
    hit = sum(min(n, gold_c[x]) for x, n in out_c.items())
    if not out and not gold:
        return 1.0
    p = hit / len(out) if out else 0.0
    r = hit / len(gold) if gold else 0.0
    return f1(p, r)


def traditional_chars(text: str) -> int:
    chars = sorted(set(KEEP.findall(text)))
    converted = T2S.convert("\n".join(chars)).split("\n")
    changed = {c for c, s in zip(chars, converted) if c != s}
    return sum(1 for c in text if c in changed)


def score_page(gold: dict, records: list[dict]) -> dict:
    every = [(fold(p), i in a["optional"]) for a in gold["articles"] for i, p in enumerate(a["paragraphs"])]
    gold_paras = [p for p, opt in every if not opt]
    optional = {p for p, opt in every if opt}
    out_paras = [p for p in (fold(p) for r in records for p in (r.get("paragraphs") or [])) if p]
    raw_out = "\n".join("\n".join([r.get("title") or ""] + list(r.get("paragraphs") or [])) for r in records)
    g_req, g_all, o = "".join(gold_paras), "".join(p for p, _ in every), "".join(out_paras)
    p = lcs(o, g_all) / len(o) if o else (1.0 if not g_all else 0.0)
    r = lcs(o, g_req) / len(g_req) if g_req else 1.0
    scored_out = [x for x in out_paras if x not in optional]
    titles_g = [fold(a["title"]) for a in gold["articles"] if a["title"]]
    titles_o = [fold(x.get("title")) for x in records if x.get("title")]
    authors_g = [fold(n) for a in gold["articles"] for n in a["authors"]]
    authors_o = [fold(n) for x in records for n in (x.get("authors") or [])]
    dates_g = [a["date"] or gold.get("page_date") for a in gold["articles"]]
    dates_o = [x.get("date") for x in records]
    dated = [d for d in dates_g if d]
    date_hits = sum(min(dates_o.count(d), dates_g.count(d)) for d in set(dated))
    folded_out = fold(T2S.convert(raw_out))
    leaks = [line[:30] for line in gold["removed_lines"] if len(fold(line)[:8]) >= 4 and fold(line)[:8] in folded_out]
    return {
        "text_p": p, "text_r": r, "text_f1": f1(p, r),
        "para_f1": set_f1(scored_out, gold_paras),
        "title_f1": set_f1(titles_o, titles_g),
        "author_f1": set_f1(authors_o, authors_g),
        "articles_out": len(records), "articles_gold": len(gold["articles"]),
        "date_hits": date_hits, "dated": len(dated),
        "spam_leaks": len(leaks), "leaked": leaks,
        "pinyin_left": len(PINYIN.findall(raw_out)),
        "html_left": len(HTML.findall(raw_out)),
        "mojibake_left": len(MOJIBAKE.findall(raw_out)),
        "trad_left": traditional_chars(raw_out),
        "gold_chars": len(g_req),
    }


def overall(pages: dict[str, dict]) -> dict:
    weight = sum(m["gold_chars"] for m in pages.values()) or 1
    result = {k: sum(m[k] * m["gold_chars"] for m in pages.values()) / weight
              for k in ("text_p", "text_r", "text_f1", "para_f1", "title_f1", "author_f1")}
    for k in ("spam_leaks", "pinyin_left", "html_left", "mojibake_left", "trad_left"):
        result[k] = sum(m[k] for m in pages.values())
    return result
