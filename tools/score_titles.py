"""Score the headlines (and authors) the default pipeline finds, on every page set the repo carries.

    PYTHONPATH=. python tools/score_titles.py [--sets cwce magic_html_article magic_html_forum] [--show N] [--html]
                                              [--json]

Two kinds of figure:

* **HTML page sets** (``tests/html/*/pages``), whose gold has no title. Each page is made into scraped text
  with the recipe of ``tests/html/README.md`` and cleaned; the right headline is taken from the page's own
  markup, a proxy: the text of an ``<h1>`` when it occurs inside the ``<title>``, else the ``<title>``'s first
  part before a separator (``_``, ``|``, ``-``, ``–``, ``—``, ``::``). Pages where neither gives 4 or more
  characters have no proxy and are not counted (``tests/headline_proxy.py``). Printed per set: pages with a
  proxy, pages where a record's title is the right headline (``right``), records whose title is something else
  (``junk``), the mean per-page title F1 (the method of ``score.py``: exact titles after folding, over all of a
  page's records), and, where the gold has them, ``author_ok`` / ``date_ok`` (``score_body.py``),
  ``author_junk`` (names other than the gold's on pages whose gold names an author) and ``author_names`` (all
  names output). ``--html`` cleans the HTML documents instead of their scraped text.
* **Page sets with gold titles** (``data/pages``, ``tests/heldout``, ``tests/fresh``): ``title_f1`` and
  ``author_f1`` of ``score.py`` (copied in ``tests/quality.py``), weighted as it weights them.

Figures only: nothing is asserted (the floors are in ``tests/quality_baseline.json``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bs4 import BeautifulSoup  # noqa: E402

from corpus_clean import Pipeline  # noqa: E402
from corpus_clean.io import PageError, decode_bytes  # noqa: E402
from tests import body_score, quality  # noqa: E402
from tests.headline_proxy import proxy_headline  # noqa: E402

HTML_SETS = ("cwce", "magic_html_article", "magic_html_forum")
GOLD_SETS = {"samples": ("data/pages", "tests/gold"), "heldout": ("tests/heldout/pages", "tests/heldout/gold"),
             "fresh": ("tests/fresh/pages", "tests/fresh/gold")}


def decoded(raw: bytes) -> str:
    """The page as ``corpus_clean.io`` decodes it; GB18030 with replacement where io refuses it."""
    try:
        return decode_bytes(raw)
    except PageError:
        return raw.decode("gb18030", errors="replace")


def scraped_text(html: str) -> str:
    """tests/html/README.md's recipe: BeautifulSoup text, lines stripped, runs of blank lines made one."""
    lines = [line.strip() for line in BeautifulSoup(html, "html.parser").get_text("\n").splitlines()]
    return "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))


def html_set(name: str, pipeline: Pipeline, as_html: bool) -> dict:
    """Per-page rows of one HTML set: proxy, record titles, right, junk, title F1, author_ok, date_ok."""
    rows = {}
    for gold_file in sorted((ROOT / "tests" / "html" / name / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        html = decoded((ROOT / "tests" / "html" / name / "pages" / f"{gold['id']}.html").read_bytes())
        text = html if as_html else scraped_text(html)
        records = [a.to_dict() for a in pipeline.clean_page(text, source=f"{gold['id']}.txt")]
        row = body_score.score_page(gold, records)
        row["titles"] = [r["title"] for r in records if r.get("title")]
        row["authors"] = [a for r in records for a in r.get("authors") or []]
        row["gold_author"] = gold.get("author")
        proxy = proxy_headline(html)
        row["proxy"] = proxy
        if proxy is not None:
            key = body_score.fold(proxy)
            folded = [body_score.fold(t) for t in row["titles"]]
            row["right"] = key in folded
            row["junk"] = sum(1 for t in folded if t != key)
            row["title_f1"] = quality.set_f1(folded, [key])
        rows[gold["id"]] = row
    return rows


def html_summary(rows: dict) -> dict:
    scored = [r for r in rows.values() if r["proxy"] is not None]
    total = body_score.overall(rows)
    return {"pages": len(rows), "with_proxy": len(scored), "right": sum(r["right"] for r in scored),
            "junk": sum(r["junk"] for r in scored),
            "title_f1": round(sum(r["title_f1"] for r in scored) / max(1, len(scored)), 3),
            "authors_gold": sum(1 for r in rows.values() if r["gold_author"]),
            "author_ok": total["author_ok"], "author_junk": sum(
                1 for r in rows.values() if r["gold_author"] for a in r["authors"]
                if body_score.fold(a) != body_score.fold(r["gold_author"])),
            "author_names": sum(len(r["authors"]) for r in rows.values()),
            "date_ok": total["date_ok"], "body_f1": round(total["f1"], 3)}


def gold_set(pages: str, gold_dir: str, pipeline: Pipeline) -> dict:
    scores = {}
    misses = []
    for gold_file in sorted((ROOT / gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        page = ROOT / pages / gold["source"]
        records = [a.to_dict() for a in pipeline.clean_page(page.read_text(encoding="utf-8"), source=str(page))]
        scores[gold["source"]] = m = quality.score_page(gold, records)
        if m["title_f1"] < 1 or m["author_f1"] < 1:
            misses.append((gold["source"], [a["title"] for a in gold["articles"]], [r.get("title") for r in records],
                           [n for a in gold["articles"] for n in a["authors"]],
                           [n for r in records for n in r.get("authors") or []]))
    total = quality.overall(scores)
    return {"pages": len(scores), "title_f1": round(total["title_f1"], 4), "author_f1": round(total["author_f1"], 4),
            "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="*", default=list(HTML_SETS) + list(GOLD_SETS))
    parser.add_argument("--html", action="store_true", help="clean the HTML documents, not their scraped text")
    parser.add_argument("--show", type=int, default=0, help="print up to N pages with a wrong or junk title")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pipeline = Pipeline.default()
    result = {}
    for name in args.sets:
        if name in GOLD_SETS:
            result[name] = gold_set(*GOLD_SETS[name], pipeline)
            misses = result[name].pop("misses")
            for source, gold_t, out_t, gold_a, out_a in misses[:args.show]:
                print(f"  {name}/{source}: titles {gold_t} -> {out_t}; authors {gold_a} -> {out_a}")
            continue
        rows = html_set(name, pipeline, args.html)
        result[name] = html_summary(rows)
        shown = 0
        for page_id, row in rows.items():
            if shown >= args.show:
                break
            bad_title = row["proxy"] is not None and (not row["right"] or row["junk"])
            bad_author = any(not row["gold_author"] or body_score.fold(a) != body_score.fold(row["gold_author"])
                             for a in row["authors"])
            if bad_title or bad_author:
                shown += 1
                print(f"  {name}/{page_id}: proxy {row['proxy']!r} -> {row['titles'][:4]}"
                      f"; authors {row['gold_author']!r} -> {row['authors'][:4]}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    form = "HTML" if args.html else "scraped text"
    for name, figures in result.items():
        kind = form if name in HTML_SETS else "gold titles"
        print(f"{name:20s} ({kind}): " + ", ".join(f"{k} {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
