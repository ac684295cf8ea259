"""Score the project's page sets with the line model held out by site: what unseen sites of the same kind see.

    pip install -e ".[train]"
    PYTHONPATH=. python tools/heldout_page_sets.py [--folds 5] [--json]

The quality gate scores ``samples``, ``heldout`` and ``fresh`` with the shipped line model, which was
fitted on their lines too, so its figures are in-sample. Here each page is cleaned with the shipped kind
of model refitted without its site's lines (sites in ``--folds`` groups, as ``train_line_model.py
--pipeline-folds`` does for the HTML pages), and scored as ``../shared/tools/score.py`` scores
(``tests/quality.py``): text, paragraph, title and author F1, and lines of the gold's removed list that
leak. The lexicons and rules were still written with these pages in view; only the model is held out,
so this is an upper bound of what an unseen site sees, and a lower bound of the gate's figures.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import train_line_model as training  # noqa: E402

from corpus_clean.cleaners import spam_lines  # noqa: E402
from corpus_clean.lines.corpus import labelled_lines  # noqa: E402
from corpus_clean.lines.model import LineModel  # noqa: E402
from corpus_clean.pipeline import Pipeline  # noqa: E402
from tests.quality import overall, score_page  # noqa: E402

SETS = {"samples": ("data/pages", "tests/gold"), "heldout": ("tests/heldout/pages", "tests/heldout/gold"),
        "fresh": ("tests/fresh/pages", "tests/fresh/gold")}
SHOWN = ("text_p", "text_r", "text_f1", "para_f1", "title_f1", "author_f1", "spam_leaks")


def site_of_pages(corpus: Path) -> dict[str, str]:
    """Each labelled page of the corpus (``set/stem``) and its site."""
    return {ln.page: ln.site for ln in labelled_lines(corpus)}


def heldout_scores(folds: int, corpus: Path) -> dict[str, dict]:
    data = training.load(corpus)
    threshold = float(json.loads((ROOT / "corpus_clean" / "resources" / "line_model.json").read_text("utf-8"))["threshold"])
    kind = json.loads((ROOT / "tests" / "lines" / "loso.json").read_text("utf-8"))["shipped"]
    sites = site_of_pages(corpus)
    names = sorted(set(data["sites"].tolist()))
    groups = [names[i::folds] for i in range(folds)]
    w = training.weights(data["sites"], data["chars"])
    per_set: dict[str, dict[str, dict]] = {name: {} for name in SETS}
    shipped = spam_lines.shipped_model
    try:
        for group in groups:
            held = np.isin(data["sites"], group)
            model = LineModel(training.export(kind, training.fit(kind, data["X"][~held], data["y"][~held], w[~held]),
                                              threshold, {}))
            spam_lines.shipped_model = lambda model=model: model  # this fold's model, for this measurement only
            pipeline = Pipeline.default()
            for name, (pages, gold) in SETS.items():
                for page in sorted((ROOT / pages).glob("*.txt")):
                    if sites.get(f"{name}/{page.stem}") not in group:
                        continue
                    records = [a.to_dict() for a in pipeline.clean_page(page.read_text("utf-8"), source=str(page))]
                    gold_page = json.loads((ROOT / gold / f"{page.stem}.json").read_text("utf-8"))
                    per_set[name][page.stem] = score_page(gold_page, records)
    finally:
        spam_lines.shipped_model = shipped
    return per_set


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "lines" / "lines.jsonl")
    ap.add_argument("--json", action="store_true", help="print per-page figures too, as JSON")
    args = ap.parse_args()
    per_set = heldout_scores(args.folds, args.corpus)
    if args.json:
        print(json.dumps(per_set, ensure_ascii=False, default=str))
        return
    print("| set | pages | " + " | ".join(SHOWN) + " |")
    print("|---|---|" + "---|" * len(SHOWN))
    for name, pages in per_set.items():
        total = overall(pages)
        print(f"| {name} | {len(pages)} | " + " | ".join(
            str(total[k]) if k == "spam_leaks" else f"{total[k]:.3f}" for k in SHOWN) + " |")


if __name__ == "__main__":
    main()
