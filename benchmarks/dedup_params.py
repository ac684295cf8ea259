"""Choose the near-duplicate parameters by measurement on the test corpus (tests/dedup_corpus.py).

For each n-gram size it prints the true Jaccard similarity of the hardest
duplicate pair and of the most similar pair that must stay apart (the margin
the threshold must sit in), then pair precision and recall of the whole method
(exact + MinHash LSH + verification + union-find) for permutation counts,
band x row layouts and thresholds, with the time to sign the corpus.

    PYTHONPATH=. python benchmarks/dedup_params.py
"""
from __future__ import annotations

import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus_clean.dedup import DedupParams, DedupState, resolve_state  # noqa: E402
from corpus_clean.dedup.fold import fold  # noqa: E402
from tests.dedup_corpus import build, true_pairs  # noqa: E402


def shingle_set(text: str, n: int) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)} if len(text) >= n else {text}


def margins(rows: list[dict], n: int) -> tuple[float, float]:
    """The lowest true Jaccard of a duplicate pair and the highest of a pair that must stay apart."""
    sets = [shingle_set(fold(r["text"]), n) for r in rows]
    low_dup, high_apart = 1.0, 0.0  # all pairs: fine for a few hundred rows
    for i, j in combinations(range(len(rows)), 2):
        a, b = sets[i], sets[j]
        jac = len(a & b) / len(a | b)
        if rows[i]["family"] == rows[j]["family"]:
            low_dup = min(low_dup, jac)
        else:
            high_apart = max(high_apart, jac)
    return low_dup, high_apart


def score(rows: list[dict], params: DedupParams) -> tuple[float, float, float]:
    """Pair precision, pair recall, and seconds to sign and resolve."""
    started = time.process_time()
    state = DedupState(params)
    state.add([r["id"] for r in rows], [r["text"] for r in rows])
    kept = resolve_state(state).kept
    seconds = time.process_time() - started
    clusters: dict[int, list[str]] = {}
    for row, k in zip(rows, kept.tolist()):
        clusters.setdefault(k, []).append(row["id"])
    found = {tuple(sorted(p)) for ids in clusters.values() for p in combinations(ids, 2)}
    truth = true_pairs(rows)
    precision = len(found & truth) / len(found) if found else 1.0
    return precision, len(found & truth) / len(truth), seconds


def main() -> None:
    rows = build()
    print(f"{len(rows)} rows, {len(true_pairs(rows))} duplicate pairs")
    for n in (3, 5, 7, 9, 24):
        low, high = margins(rows, n)
        print(f"n={n:2d}: hardest duplicate pair J={low:.3f}, closest distinct pair J={high:.3f}")
    print("setting: n perms bands x rows threshold -> precision recall cpu_s")
    configs = [("data-juicer (char 5-grams, 256 perms, layout for 0.7)", 5, 256, 25, 10, 0.7),
               ("datatrove layout 14x8 (word 5-grams there; char 5-grams here)", 5, 112, 14, 8, 0.75),
               ("NeMo Curator 20x13 on 24-grams", 24, 260, 20, 13, 0.8)]
    for n in (3, 5, 7, 9):
        for perms, bands, rows_ in ((64, 16, 4), (128, 32, 4), (128, 25, 5), (128, 16, 8)):
            for threshold in (0.5, 0.6, 0.7):
                configs.append(("", n, perms, bands, rows_, threshold))
    for name, n, perms, bands, rows_, threshold in configs:
        p, r, s = score(rows, DedupParams(ngram=n, num_perm=perms, bands=bands, rows=rows_, threshold=threshold))
        print(f"{name or 'candidate'}: {n} {perms} {bands} x {rows_} {threshold:.2f} -> {p:.3f} {r:.3f} {s:.2f}")

if __name__ == "__main__":
    main()
