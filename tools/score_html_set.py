"""Score the default pipeline on any folder of HTML pages with gold, as HTML and as scraped text.

    PYTHONPATH=. python tools/score_html_set.py DIR [DIR ...] [--show N] [--json]

``DIR`` holds ``pages/<id>.html`` and ``gold/<id>.json`` in the layout of ``tests/html`` (``body``, and
optionally ``title``, ``author``, ``date``; a gold with ``skip`` is left out). Each page is cleaned twice: as
the HTML document, and as its scraped text made by the recipe of ``tests/html/README.md``. Printed for each
form: body precision, recall and F1 (the method of ``score_body.py``, copied in ``tests/body_score.py``:
character LCS after t2s, mean over pages), ``author_ok`` / ``date_ok`` where the gold has them, and, where
the gold has a title, ``title_ok`` (a record's title is the gold title, compared folded) and ``records``
(records per page). Meant for page sets the project was never tuned on: a folder kept outside the
repository (a licence that forbids carrying it, or pages held out on purpose) is scored the same way.

Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from build_line_corpus import scraped_text  # noqa: E402

from corpus_clean import Pipeline  # noqa: E402
from corpus_clean.io import decode_bytes  # noqa: E402
from tests.body_score import fold, overall, score_page  # noqa: E402


def score_form(folder: Path, form: str, pipeline: Pipeline) -> dict[str, dict]:
    """Per-page figures of ``form`` (``html`` or ``text``) on the pages of ``folder`` whose gold is not skipped."""
    pages: dict[str, dict] = {}
    for gold_file in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        page_file = folder / "pages" / f"{gold_file.stem}.html"
        if gold.get("skip") or not page_file.exists():
            continue
        data = page_file.read_bytes()
        text = decode_bytes(data) if form == "html" else scraped_text(data)
        records = [a.to_dict() for a in pipeline.clean_page(text, source=page_file.name)]
        row = score_page(gold, records)
        if gold.get("title"):
            row["title_ok"] = any(fold(r.get("title")) == fold(gold["title"]) for r in records)
        row["records"] = len(records)
        pages[gold_file.stem] = row
    return pages


def summary(pages: dict[str, dict]) -> dict:
    """:func:`tests.body_score.overall` with the title figures added."""
    out = overall(pages)
    titled = [r["title_ok"] for r in pages.values() if "title_ok" in r]
    out["title_ok"] = f"{sum(titled)}/{len(titled)}"
    for key in ("author_ok", "date_ok"):
        out[key] = f"{out[key]}/{sum(key in r for r in pages.values())}"
    out["records_per_page"] = round(sum(r["records"] for r in pages.values()) / max(1, len(pages)), 2)
    for key in ("p", "r", "f1"):
        out[key] = round(out[key], 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    ap.add_argument("--show", type=int, default=0, help="list the N worst pages of each form")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    pipeline = Pipeline.default()
    report: dict[str, dict] = {}
    for folder in args.folders:
        for form in ("html", "text"):
            pages = score_form(folder, form, pipeline)
            report[f"{folder.name}/{form}"] = summary(pages)
            if args.show and not args.json:
                for name, row in sorted(pages.items(), key=lambda kv: kv[1]["f1"])[:args.show]:
                    print(f"  {folder.name}/{form} {name:<40} p={row['p']:.3f} r={row['r']:.3f} f1={row['f1']:.3f} "
                          f"title_ok={row.get('title_ok', '-')} records={row['records']}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    for name, figures in report.items():
        print(f"{name:<32} P {figures['p']:.3f}  R {figures['r']:.3f}  F1 {figures['f1']:.3f}  "
              f"pages {figures['pages']}  below 0.5 {len(figures['below_0.5'])}  author_ok {figures['author_ok']}  "
              f"date_ok {figures['date_ok']}  title_ok {figures['title_ok']}  records/page {figures['records_per_page']}")


if __name__ == "__main__":
    main()
