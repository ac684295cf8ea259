"""Build the labelled-lines corpus: every line the line judgement sees, on pages with gold, with its label.

    PYTHONPATH=. python tools/build_line_corpus.py [-o tests/lines/lines.jsonl]

Pages come from two kinds of source in the repo:

* the project's page sets with article gold (``data/pages`` + ``tests/gold``, ``tests/heldout``,
  ``tests/fresh``): each line is labelled ``body``, ``heading`` (``role`` title/subtitle), ``metadata``
  or ``boilerplate`` by aligning it with the gold articles and ``removed_lines``;
* the scraped text of the real HTML pages in ``tests/html/*/pages`` (recipe in ``tests/html/README.md``),
  labelled ``body`` when the line's text is (nearly) all inside the gold body, ``boilerplate`` when
  (nearly) none of it is (``metadata`` when today's pipeline reads it as a metadata line), and
  ``ambiguous`` otherwise, never forced. A short line (under 10 characters) found in the gold only
  counts as body between the first and last long body lines: elsewhere a short nav word that happens
  to occur in the article is ``ambiguous``. A line of 6 or more characters that opens the page's
  ``<title>`` (its first line), above the article and not in the body, is the headline, which
  these datasets leave out of the body: it is labelled ``heading``.

A line is the unit :class:`~corpus_clean.cleaners.spam_lines.SpamLines` judges: the page after the
steps before it (``html_residue``, ``mojibake``, ``pinyin``). Every line of a page is written, blank
lines and lines an earlier step already removed included (label ``blank`` / ``settled``), so the
trainer can rebuild each page and compute context features exactly as the pipeline will (a blank
line's row holds only ``page``, ``i`` and ``label``).

Texts are compared after OpenCC-like t2s with punctuation and spaces dropped (Han, letters, digits),
with character 3-gram sets of the gold: one pass over the gold and one over each line.

Each row: ``page``, ``set``, ``site`` (pages of one site share it: the host of the page's URL, or
the host most of its links point to, else the page itself), ``i`` (line index), ``text``,
``label``, ``role``, ``reason`` (of a removed line, when known), ``coverage`` (share of the line's
3-grams in the gold) and ``today`` (what the default pipeline does with the line now: ``kept``,
``heading:<role>`` or the reason it removes it for).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_clean.cleaners.html_residue import HtmlResidue  # noqa: E402
from corpus_clean.cleaners.mojibake import Mojibake  # noqa: E402
from corpus_clean.cleaners.pinyin import PinyinAnnotations  # noqa: E402
from corpus_clean.convert import converter  # noqa: E402
from corpus_clean.io import PageError, decode_bytes  # noqa: E402
from corpus_clean.page import BLANK, BODY, Line, Page  # noqa: E402
from corpus_clean.pipeline import Pipeline  # noqa: E402

GOLD_SETS = {"samples": ("data/pages", "tests/gold"), "heldout": ("tests/heldout/pages", "tests/heldout/gold"),
             "fresh": ("tests/fresh/pages", "tests/fresh/gold")}
HTML_SETS = ("cwce", "magic_html_article", "magic_html_forum")
N = 3                      # n-gram size of the alignment
ARTICLE_AT, NONE_AT = 0.8, 0.2  # coverage at or above: inside the gold; at or below: outside
SHORT = 10                 # lines shorter than this (folded) only count as article inside the article span
_KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
_HOST = re.compile(rb"""(?:href|src|action)\s*=\s*["']?https?://([A-Za-z0-9.-]+)""", re.IGNORECASE)
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac"}
_t2s = converter("t2s")


def fold(text: str) -> str:
    """The text as the scorer compares it: Simplified, Han characters, letters and digits only."""
    return "".join(_KEEP.findall(_t2s(text or "")))


def grams(text: str) -> set[str]:
    return {text[i:i + N] for i in range(len(text) - N + 1)}


def site_of(url: str | None, raw: bytes, page_id: str) -> str:
    """A site key: the brand label of the URL's registered domain, else of the host most links name."""
    if url:
        m = re.match(r"https?://([^/:]+)", url)
        if m:
            return brand(m.group(1))
    hosts = Counter(brand(h.decode("ascii", "replace")) for h in _HOST.findall(raw))
    if hosts:
        host, count = hosts.most_common(1)[0]
        if count >= 3:
            return host
    return f"page:{page_id}"


def brand(host: str) -> str:
    """``news.sina.com.cn`` -> ``sina``; ``finance.sina.cn`` -> ``sina``: one key for one site's hosts."""
    parts = host.lower().strip(".").split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def scraped_text(raw: bytes) -> str:
    """The recipe of tests/html/README.md: BeautifulSoup text, lines stripped, blank runs collapsed."""
    try:
        html = decode_bytes(raw)
    except PageError:
        html = raw.decode("gb18030", errors="replace")
    text = BeautifulSoup(html, "html.parser").get_text("\n")
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def judged_page(text: str, source: str) -> tuple[list[Line], dict[int, str]]:
    """The page's lines as the line judgement receives them (copies), and what today's pipeline does with each."""
    page = Page.from_text(text, source)
    for step in (HtmlResidue(), Mojibake(), PinyinAnnotations()):
        page = step.apply(page)
    lines = list(page.lines)
    before = [Line(ln.text, ln.kind, removal=ln.removal) for ln in lines]
    rest = Pipeline.default().cleaners[3:]
    for step in rest:
        page = step.apply(page)
    today: dict[int, str] = {}
    for line in lines:
        if line.kind == "removed" and line.removal is not None:
            today[id(line)] = line.removal.reason
        elif line.kind == "meta":
            today[id(line)] = line.removal.reason if line.removal else "metadata"
        elif line.kind == "heading":
            today[id(line)] = f"heading:{line.role or 'section'}"
        else:
            today[id(line)] = "kept"
    return before, {id(b): today[id(line)] for b, line in zip(before, lines)}


def article_span(folded: list[str], covers: list[float]) -> tuple[int, int]:
    """First and last index of the long lines that lie inside the gold: where the article is."""
    inside = [i for i, (f, c) in enumerate(zip(folded, covers)) if len(f) >= SHORT and c >= ARTICLE_AT]
    return (inside[0], inside[-1]) if inside else (-1, -1)


def label_rows(lines: list[Line], today: dict[int, str], gold: set[str], short_gold: set[str],
               titles: dict[str, str], removed: set[str], title_echo: str | None) -> Iterator[dict]:
    """Label each line of one page against its gold (see the module docstring)."""
    texts = [ln.text.strip() for ln in lines]
    folded = [fold(t) for t in texts]
    covers = [coverage_of(f, gold, short_gold) for f in folded]
    first, last = article_span(folded, covers)
    for i, (line, text, f, cover) in enumerate(zip(lines, texts, folded, covers)):
        row = {"i": i, "text": text, "label": None, "role": None, "reason": None,
               "coverage": round(cover, 3), "today": today.get(id(line), "kept")}
        if line.kind == BLANK or not text:
            row["label"] = "blank"
        elif line.kind != BODY:
            row["label"], row["reason"] = "settled", line.removal.reason if line.removal else None
        elif f and f in titles:
            row["label"], row["role"] = "heading", titles[f]
        elif f in removed:
            row["label"], row["reason"] = "boilerplate", reason_today(row["today"])
        elif not f:
            row["label"] = "ambiguous" if row["today"] == "kept" else "boilerplate"
            row["reason"] = reason_today(row["today"])
        elif cover >= ARTICLE_AT and (len(f) >= SHORT or first <= i <= last):
            row["label"] = "body"
        elif cover <= NONE_AT:
            row["label"] = "metadata" if row["today"].startswith("metadata") else "boilerplate"
            row["reason"] = reason_today(row["today"])
        else:
            row["label"] = "ambiguous"
        if row["label"] in ("boilerplate", "ambiguous") and title_echo and len(f) >= 6 \
                and title_echo.startswith(f) and i > 0 and (first < 0 or i <= first):
            row["label"], row["role"], row["reason"] = "heading", "title", None
        yield row


def coverage_of(folded: str, gold: set[str], short_gold: set[str]) -> float:
    if len(folded) < N:
        return 1.0 if folded in short_gold else 0.0
    own = [folded[i:i + N] for i in range(len(folded) - N + 1)]
    return sum(1 for g in own if g in gold) / len(own)


def reason_today(today: str) -> str | None:
    return None if today == "kept" or today.startswith("heading:") else today


def gold_index(text: str) -> tuple[set[str], set[str]]:
    """The gold's 3-grams, and its 1- and 2-grams for lines shorter than that."""
    short = {text[i:i + n] for n in (1, 2) for i in range(len(text) - n + 1)}
    return grams(text), short


def gold_set_pages(name: str, pages: str, gold_dir: str) -> Iterator[dict]:
    for gold_file in sorted((ROOT / gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = ROOT / pages / gold["source"]
        lines, today = judged_page(source.read_text(encoding="utf-8"), str(source))
        titles: dict[str, str] = {}
        parts: list[str] = []
        for art in gold["articles"]:
            for role in ("title", "subtitle"):
                if art.get(role):
                    titles.setdefault(fold(art[role]), role)
                    parts.append(fold(art[role]))
            parts.extend(fold(p) for p in art["paragraphs"])
        grams_, short = gold_index("\n".join(parts))
        removed = {fold(r) for r in gold.get("removed_lines", []) if fold(r)}
        page_id = f"{name}/{source.stem}"
        for row in label_rows(lines, today, grams_, short, titles, removed, None):
            yield {"page": page_id, "set": name, "site": f"page:{page_id}", **row}


def html_pages(name: str) -> Iterator[dict]:
    folder = ROOT / "tests" / "html" / name
    for html_file in sorted((folder / "pages").glob("*.html")):
        gold = json.loads((folder / "gold" / f"{html_file.stem}.json").read_text(encoding="utf-8"))
        raw = html_file.read_bytes()
        text = scraped_text(raw)
        lines, today = judged_page(text, html_file.stem)
        body = "\n".join(fold(ln) for ln in gold["body"].splitlines())
        grams_, short = gold_index(body)
        first = next((fold(ln.text) for ln in lines if ln.text.strip()), "")
        page_id = f"html/{name}/{html_file.stem}"
        site = site_of(gold.get("url"), raw, page_id)
        for row in label_rows(lines, today, grams_, short, {}, set(), first):
            yield {"page": page_id, "set": f"html/{name}", "site": site, **row}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "tests" / "lines" / "lines.jsonl")
    args = ap.parse_args()
    rows: list[dict] = []
    for name, (pages, gold_dir) in GOLD_SETS.items():
        rows.extend(gold_set_pages(name, pages, gold_dir))
    for name in HTML_SETS:
        rows.extend(html_pages(name))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for row in rows:
            if row["label"] == "blank":  # only its place matters
                row = {"page": row["page"], "i": row["i"], "label": "blank"}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    labelled = [r for r in rows if r["label"] not in ("blank", "settled")]
    counts = Counter(r["label"] for r in labelled)
    sites = {r["site"] for r in labelled}
    print(f"{len(labelled)} lines from {len({r['page'] for r in rows})} pages of {len(sites)} sites: "
          + ", ".join(f"{k} {v}" for k, v in counts.most_common()), file=sys.stderr)


if __name__ == "__main__":
    main()
