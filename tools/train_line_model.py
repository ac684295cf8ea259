"""Fit the line model on the labelled-lines corpus, validate it leaving one site out, and ship it.

    pip install -e ".[train]"
    PYTHONPATH=. python tools/train_line_model.py --threshold 0.6  # what is shipped (README: why 0.6)
    PYTHONPATH=. python tools/train_line_model.py --kinds logistic # one kind only, threshold by --min-recall
    PYTHONPATH=. python tools/train_line_model.py --pipeline-only --kinds hgbt  # while developing (about a
        # minute): only the site-held-out pipeline figures, per page on stdout, nothing written

Reads ``tests/lines/lines.jsonl`` (``tools/build_line_corpus.py``). The target is "not article text"
(``boilerplate`` or ``metadata``) against article text (``body`` or ``heading``); ``ambiguous`` lines
are left out of fitting and of the figures. Each kind is scored by leave-one-site-out (LOSO)
cross-validation: the model that judges a site's lines never saw a line of that site. The kind with
the best LOSO F1 for boilerplate among those keeping article recall at or above ``--min-recall`` is
fitted on all lines and written to ``corpus_clean/resources/line_model.json`` with its LOSO figures;
the figures also go to ``tests/lines/loso.json`` and ``tests/lines/README.md``.

Per-reason precision is that of the judgement the pipeline makes with the model: a line today's
lexicons or metadata parsers remove keeps their reason, a line only the model removes gets
``outside_article`` (outside the page's densest run of prose) or ``low_content`` (inside it).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_clean.lines.corpus import labelled_lines  # noqa: E402
from corpus_clean.lines.features import FEATURES  # noqa: E402
from corpus_clean.lines.model import LineModel  # noqa: E402

_IN_REGION = FEATURES.index("in_region")


def load(corpus: Path) -> dict:
    """Features, targets, sites and today's verdicts of every labelled line, as arrays."""
    lines = labelled_lines(corpus)
    return {"X": np.array([ln.vector for ln in lines], dtype=float), "y": np.array([int(ln.boilerplate) for ln in lines]),
            "sites": np.array([ln.site for ln in lines]), "verdicts": [ln.verdict for ln in lines],
            "labels": [ln.label for ln in lines], "sets": [ln.set for ln in lines],
            "chars": np.array([ln.chars for ln in lines], dtype=float)}


def weights(sites: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """A line weighs its characters (what the body scores count) over the square root of its site's
    characters: a big site does not drown the small ones, and a paragraph counts more than a menu item."""
    totals: Counter[str] = Counter()
    for site, n in zip(sites.tolist(), chars.tolist()):
        totals[site] += n
    w = np.array([n / np.sqrt(totals[s]) for s, n in zip(sites.tolist(), chars.tolist())])
    return w / w.mean()


def make(kind: str):  # type: ignore[no-untyped-def]
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    if kind == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=300, tol=1e-3))
    if kind == "tree":
        return DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=0)
    if kind == "hgbt":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=60, max_depth=4, learning_rate=0.15, min_samples_leaf=40,
                                              l2_regularization=1.0, random_state=0)
    if kind == "gbt":
        return GradientBoostingClassifier(n_estimators=80, max_depth=3, learning_rate=0.15, subsample=0.8,
                                          random_state=0)
    raise ValueError(f"unknown kind {kind!r}")


def fit(kind: str, X: np.ndarray, y: np.ndarray, w: np.ndarray):  # type: ignore[no-untyped-def]
    model = make(kind)
    if kind == "logistic":
        model.fit(X, y, logisticregression__sample_weight=w)
    else:
        model.fit(X, y, sample_weight=w)
    return model


def loso(kind: str, data: dict, folds: int = 0) -> np.ndarray:
    """Probability of boilerplate for each line from a model fitted without the line's site
    (with ``folds``, without the sites of its fold of that many: a quicker look while developing)."""
    X, y, sites = data["X"], data["y"], data["sites"]
    w = weights(sites, data["chars"])
    out = np.zeros(len(y))
    names = sorted(set(sites.tolist()))
    groups = [[s] for s in names] if not folds else [names[i::folds] for i in range(folds)]
    for group in groups:
        held = np.isin(sites, group)
        model = fit(kind, X[~held], y[~held], w[~held])
        out[held] = model.predict_proba(X[held])[:, 1]
    return out


def prf(pred: np.ndarray, truth: np.ndarray, weight: np.ndarray | None = None) -> dict[str, float]:
    """Precision, recall and F1 of ``pred`` for ``truth``, counting lines or (``weight``) characters."""
    w = np.ones(len(pred)) if weight is None else weight
    tp = float(w[pred & truth].sum())
    p = tp / max(1e-9, float(w[pred].sum())) if pred.any() else 0.0
    r = tp / max(1e-9, float(w[truth].sum())) if truth.any() else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def scores(removed: np.ndarray, y: np.ndarray, chars: np.ndarray, sites: np.ndarray) -> dict:
    """Line-level figures (the main ones), character-weighted ones, and the mean over sites of each site's F1."""
    out = {"boilerplate": prf(removed, y), "article": prf(~removed, ~y),
           "chars": {"boilerplate": prf(removed, y, chars), "article": prf(~removed, ~y, chars)}}
    per_site_b, per_site_a = [], []
    for site in sorted(set(sites.tolist())):
        m = sites == site
        if y[m].any():
            per_site_b.append(prf(removed[m], y[m])["f1"])
        if (~y[m]).any():
            per_site_a.append(prf(~removed[m], ~y[m])["f1"])
    out["site_mean_f1"] = {"boilerplate": round(float(np.mean(per_site_b)), 4),
                           "article": round(float(np.mean(per_site_a)), 4)}
    return out


def removal_reasons(data: dict, removed_by_model: np.ndarray) -> list[str | None]:
    """The reason each line would be removed for by the judgement with the model, None if kept."""
    reasons: list[str | None] = []
    for verdict, model_says, vec in zip(data["verdicts"], removed_by_model, data["X"]):
        kind, _, reason = verdict.partition(":")
        if kind in ("removed", "meta"):
            reasons.append(reason if kind == "removed" else f"metadata_{reason}")
        elif model_says:
            reasons.append("low_content" if vec[_IN_REGION] else "outside_article")
        else:
            reasons.append(None)
    return reasons


def figures(data: dict, proba: np.ndarray, threshold: float) -> dict:
    y = data["y"].astype(bool)
    pred = proba >= threshold
    reasons = removal_reasons(data, pred)
    removed = np.array([r is not None for r in reasons])
    by_reason: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for reason, truth in zip(reasons, y):
        if reason is not None:
            by_reason[reason][0] += 1
            by_reason[reason][1] += int(truth)
    by_set = {}
    for name in sorted(set(data["sets"])):
        mask = np.array([s == name for s in data["sets"]])
        by_set[name] = {"boilerplate": prf(removed[mask], y[mask]), "article": prf(~removed[mask], ~y[mask]),
                        "chars": {"article": prf(~removed[mask], ~y[mask], data["chars"][mask])}}
    return {
        "threshold": threshold,
        "model": {"boilerplate": prf(pred, y), "article": prf(~pred, ~y)},
        "judgement": scores(removed, y, data["chars"], data["sites"]),
        "per_reason_precision": {r: {"lines": n, "precision": round(t / n, 4)}
                                 for r, (n, t) in sorted(by_reason.items(), key=lambda kv: -kv[1][0])},
        "by_set": by_set,
    }


def today(data: dict) -> dict:
    """Today's single-line rules alone on the same lines: removed or metadata counts as boilerplate."""
    y = data["y"].astype(bool)
    removed = np.array([v.split(":")[0] in ("removed", "meta") for v in data["verdicts"]])
    return scores(removed, y, data["chars"], data["sites"])


def choose_threshold(data: dict, proba: np.ndarray, min_recall: float) -> float:
    """The threshold with the best character-weighted article F1 among those keeping the article's
    characters at recall ``min_recall`` or more (the body scores count characters)."""
    best, best_t = -1.0, None
    steps = [round(float(t), 3) for t in np.arange(0.3, 0.96, 0.025)]
    for t in steps:
        f = figures(data, proba, t)["judgement"]["chars"]["article"]
        if f["recall"] >= min_recall and f["f1"] > best:
            best, best_t = f["f1"], t
    return steps[-1] if best_t is None else best_t


def export(kind: str, model, threshold: float, info: dict) -> dict:  # type: ignore[no-untyped-def]
    base = {"version": 1, "features": list(FEATURES), "kind": "logistic" if kind == "logistic" else "trees",
            "threshold": threshold, "info": info}
    if kind == "logistic":
        scaler, lr = model.steps[0][1], model.steps[1][1]
        return {**base, "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
                "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}
    if kind == "tree":
        t = model.tree_
        value = (t.value[:, 0, 1] / t.value[:, 0, :].sum(axis=1)).tolist()
        return {**base, "init": 0.0, "learning_rate": 1.0, "raw": False, "trees": [_tree(t, value)]}
    if kind == "hgbt":
        hist = []
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            hist.append({"feature": [int(v) for v in nodes["feature_idx"]],
                         "threshold": [float(v) for v in nodes["num_threshold"]],
                         "left": [-1 if leaf else int(v) for v, leaf in zip(nodes["left"], nodes["is_leaf"])],
                         "right": [int(v) for v in nodes["right"]],
                         "value": [round(float(v), 6) for v in nodes["value"]]})
        return {**base, "init": float(np.ravel(model._baseline_prediction)[0]), "learning_rate": 1.0, "trees": hist}
    trees = [_tree(est[0].tree_, est[0].tree_.value[:, 0, 0].tolist()) for est in model.estimators_]
    x0 = np.zeros((1, len(FEATURES)))
    raw0 = float(model.decision_function(x0)[0])
    init = raw0 - model.learning_rate * sum(
        LineModel({**base, "kind": "trees", "init": 0.0, "learning_rate": 1.0, "trees": [tr]}).trees[0].predict(x0[0])
        for tr in trees)
    return {**base, "init": init, "learning_rate": model.learning_rate, "trees": trees}


def _tree(t, value: list[float]) -> dict:  # type: ignore[no-untyped-def]
    left = [int(v) for v in t.children_left]
    return {"feature": [max(0, int(f)) for f in t.feature], "threshold": [round(float(v), 6) for v in t.threshold],
            "left": left, "right": [int(v) for v in t.children_right], "value": [round(v, 6) for v in value]}


def pipeline_heldout(kind: str, data: dict, threshold: float, folds: int, records: Path | None = None) -> dict:
    """Body figures of the whole default pipeline on the scraped text of the HTML pages, each page cleaned
    with a model fitted without its site's lines (sites in ``folds`` groups): what the hidden half of the
    same datasets should see. Scored as ``score_body.py`` scores (character LCS after t2s, mean over pages).
    With ``records``, the held-out records of each set go to ``records/<set>.jsonl``, for
    ``score_body.py --show`` to say what was lost."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_line_corpus as corpus  # noqa: E402 - the same scraped-text recipe as the corpus

    from corpus_clean.cleaners import spam_lines
    from corpus_clean.pipeline import Pipeline
    from tests.quality import T2S, fold, lcs

    site_of = {}
    for name in corpus.HTML_SETS:
        for gold_file in sorted((ROOT / "tests" / "html" / name / "gold").glob("*.json")):
            page = f"html/{name}/{gold_file.stem}"
            site_of[page] = None
    for ln in labelled_lines(ROOT / "tests" / "lines" / "lines.jsonl"):
        if ln.page in site_of:
            site_of[ln.page] = ln.site
    names = sorted({s for s in site_of.values() if s})
    groups = [names[i::folds] for i in range(folds)]
    w = weights(data["sites"], data["chars"])
    shipped = spam_lines.shipped_model
    scores: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    per_page: dict[str, list[float]] = {}
    written: dict[str, list[str]] = defaultdict(list)
    try:
        for group in groups:
            held = np.isin(data["sites"], group)
            model = LineModel(export(kind, fit(kind, data["X"][~held], data["y"][~held], w[~held]), threshold, {}))
            spam_lines.shipped_model = lambda model=model: model  # this fold's model, for this measurement only
            pipeline = Pipeline.default()
            for page, site in site_of.items():
                if site not in group:
                    continue
                _, name, stem = page.split("/")
                folder = ROOT / "tests" / "html" / name
                text = corpus.scraped_text((folder / "pages" / f"{stem}.html").read_bytes())
                gold = fold(T2S.convert(json.loads((folder / "gold" / f"{stem}.json").read_text("utf-8"))["body"]))
                articles = pipeline.clean_page(text, source=f"{stem}.html")
                written[name] += [json.dumps(a.to_dict(), ensure_ascii=False) for a in articles]
                out = fold(T2S.convert("\n".join("\n".join([a.title or "", *a.paragraphs]) for a in articles)))
                common = lcs(out, gold) if out and gold else 0
                p, r = (common / len(out) if out else 0.0), (common / len(gold) if gold else 1.0)
                scores[name].append((p, r, 2 * p * r / (p + r) if p + r else 0.0))
                per_page[page] = [round(v, 3) for v in scores[name][-1]]
    finally:
        spam_lines.shipped_model = shipped
    if records is not None:
        records.mkdir(parents=True, exist_ok=True)
        for name, rows in written.items():
            (records / f"{name}.jsonl").write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    out: dict = {name: dict(zip(("p", "r", "f1"), (round(float(v), 4) for v in np.mean(vals, axis=0))))
                 for name, vals in sorted(scores.items())}
    out["pages"] = per_page
    return out


def markdown(report: dict) -> str:
    out = ["# The fitted line model", "",
           f"Generated by `{report.get('command', 'PYTHONPATH=. python tools/train_line_model.py')}` from "
           "`tests/lines/lines.jsonl` "
           "(`tools/build_line_corpus.py`). Figures are leave-one-site-out (LOSO): each site's lines are judged "
           "by a model fitted without any line of that site. \"boilerplate\" is every line that is not article "
           "text (boilerplate and metadata lines); ambiguous lines are left out.", "",
           f"Corpus: {report['corpus']['lines']} labelled lines ({report['corpus']['ambiguous']} more ambiguous) "
           f"from {report['corpus']['pages']} pages of {report['corpus']['sites']} sites.", "",
           "| kind | LOSO boilerplate lines P / R / F1 | LOSO article lines P / R / F1 | "
           "LOSO article characters P / R / F1 | threshold |", "|---|---|---|---|---|"]

    def cells(f: dict) -> str:
        return " | ".join(f"{x['precision']} / {x['recall']} / {x['f1']}"
                          for x in (f["boilerplate"], f["article"], f["chars"]["article"]))

    for kind, f in report["kinds"].items():
        mark = " (shipped)" if kind == report["shipped"] else ""
        out.append(f"| {kind}{mark} | {cells(f['judgement'])} | {f['threshold']} |")
    out.append(f"| today's single-line rules alone | {cells(report['today'])} | |")
    shipped = report["kinds"][report["shipped"]]
    out += ["", "The judgement: lexicon and metadata verdicts stand, the model judges the other lines. "
            f"Per-reason precision of the shipped kind ({report['shipped']}), LOSO:", "",
            "| reason | lines removed | precision |", "|---|---|---|"]
    out += [f"| `{r}` | {v['lines']} | {v['precision']} |" for r, v in shipped["per_reason_precision"].items()]
    held = report.get("pipeline_site_heldout")
    if held:
        out += ["", "The whole default pipeline on the scraped text of the HTML pages (tests/html), each page cleaned "
                "with the shipped kind fitted without its site's lines (sites in 5 groups), scored as "
                "`score_body.py` scores (character LCS after t2s, mean over pages):", "",
                "| set | body P | body R | body F1 |", "|---|---|---|---|"]
        out += [f"| {name} | {v['p']} | {v['r']} | {v['f1']} |" for name, v in held.items() if name != "pages"]
    out += ["", "By page set (LOSO, shipped kind):", "", "| set | boilerplate P / R / F1 | article P / R / F1 |",
            "|---|---|---|"]
    for name, f in shipped["by_set"].items():
        b, a = f["boilerplate"], f["article"]
        out.append(f"| {name} | {b['precision']} / {b['recall']} / {b['f1']} | "
                   f"{a['precision']} / {a['recall']} / {a['f1']} |")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "lines" / "lines.jsonl")
    ap.add_argument("--kinds", nargs="+", default=["logistic", "tree", "gbt"])
    ap.add_argument("--min-recall", type=float, default=0.88, help="article recall the threshold must keep")
    ap.add_argument("--folds", type=int, default=0,
                    help="group the sites into this many folds instead of one per site (development only: "
                         "nothing is written)")
    ap.add_argument("--pipeline-folds", type=int, default=5,
                    help="also clean the HTML pages' scraped text with the pipeline, each page with a model fitted "
                         "without its site (sites in this many groups); 0 to skip")
    ap.add_argument("--threshold", type=float, default=None,
                    help="ship the chosen kind with this threshold instead of the one --min-recall picks (its "
                         "figures are recomputed at it): the README says how the shipped one was chosen")
    ap.add_argument("--pipeline-only", action="store_true",
                    help="development: only the site-held-out pipeline figures of the first of --kinds at --threshold "
                         "(default 0.6), no LOSO and nothing written; per-page figures to stdout as JSON")
    ap.add_argument("--records", type=Path, metavar="DIR",
                    help="with --pipeline-only: write the held-out records of each set to DIR/<set>.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_clean" / "resources" / "line_model.json")
    args = ap.parse_args()
    data = load(args.corpus)
    if args.pipeline_only:
        held = pipeline_heldout(args.kinds[0], data, 0.6 if args.threshold is None else args.threshold,
                                args.pipeline_folds or 5, args.records)
        print(json.dumps(held, indent=1))
        print(f"pipeline, site held out: { {k: v for k, v in held.items() if k != 'pages'} }", file=sys.stderr)
        return
    print(f"today: {json.dumps(today(data))}", file=sys.stderr)
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    labelled = [r for r in rows if r["label"] not in ("blank", "settled")]
    report: dict = {"corpus": {"lines": len(data["y"]), "ambiguous": sum(r["label"] == "ambiguous" for r in labelled),
                               "pages": len({r["page"] for r in rows}), "sites": len(set(data["sites"].tolist()))},
                    "today": today(data), "kinds": {}}
    probas = {}
    for kind in args.kinds:
        start = time.perf_counter()
        probas[kind] = loso(kind, data, args.folds)
        threshold = choose_threshold(data, probas[kind], args.min_recall)
        report["kinds"][kind] = figures(data, probas[kind], threshold)
        j = report["kinds"][kind]["judgement"]
        print(f"{kind} at {threshold} ({time.perf_counter() - start:.0f} s): {json.dumps(j)}", file=sys.stderr)
    if args.folds:
        return
    shipped = max(report["kinds"], key=lambda k: report["kinds"][k]["judgement"]["chars"]["article"]["f1"])
    report["shipped"] = shipped
    report["command"] = "PYTHONPATH=. python tools/train_line_model.py " + " ".join(sys.argv[1:])
    if args.threshold is not None:
        report["kinds"][shipped] = figures(data, probas[shipped], args.threshold)
    if args.pipeline_folds:
        report["pipeline_site_heldout"] = pipeline_heldout(shipped, data, report["kinds"][shipped]["threshold"],
                                                           args.pipeline_folds)
        print(f"pipeline, site held out: { {k: v for k, v in report['pipeline_site_heldout'].items() if k != 'pages'} }",
              file=sys.stderr)
    model = fit(shipped, data["X"], data["y"], weights(data["sites"], data["chars"]))
    info = {"loso": report["kinds"][shipped]["judgement"], "corpus": report["corpus"]}
    exported = export(shipped, model, report["kinds"][shipped]["threshold"], info)
    check = LineModel(exported)
    ours = np.array([check.probability(x) for x in data["X"]])
    theirs = model.predict_proba(data["X"])[:, 1]
    if np.abs(ours - theirs).max() > 1e-4:
        raise SystemExit(f"pure-Python inference disagrees with scikit-learn by {np.abs(ours - theirs).max():.2g}")
    args.out.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    (ROOT / "tests" / "lines" / "loso.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (ROOT / "tests" / "lines" / "README.md").write_text(markdown(report), encoding="utf-8")
    print(f"shipped {shipped} to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
