"""Throughput of each cleaner and of the whole default pipeline, on a corpus built from the sample pages.

    python benchmarks/cleaners.py [--mb 20] [--repeat 3]

Prints MB/s (UTF-8 bytes of page text per second, one core) per cleaner and
the share of the pipeline's time each takes. Pages go through the pipeline one
at a time, as the engines run them (splitting into lines, every cleaner,
building the records), so the figures include what a real run pays. Figures
only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from corpus_clean import Pipeline
from corpus_clean.page import Page

HERE = Path(__file__).resolve().parent
PAGES = sorted((HERE.parent / "data" / "pages").glob("*.txt"))
NOISE = ["<p>", "</p>", "&nbsp;", "&#12290;", "/p>", "• ", "發(fā)", "們(men)", "责任编辑：王五", "分享到：微信 微博",
         "首页 | 新闻 | 财经 | 体育 | 娱乐", "Copyright © 2023 版权所有", "上一页 1 2 3 下一页"]


def build_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Pages of the sample set with their lines shuffled a little and noise sprinkled in."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    pages, size = [], 0
    while size < megabytes * 1e6:
        lines = rng.choice(texts).splitlines()
        for _ in range(5):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(NOISE))
        page = "\n".join(lines)
        pages.append(page)
        size += len(page.encode("utf-8"))
    return pages


def _timed_run(pipeline: Pipeline, corpus: list[str]) -> tuple[float, dict[str, float]]:
    """Seconds for the whole corpus, and per step."""
    seconds: dict[str, float] = {"lines": 0.0}
    seconds.update({cleaner.name: 0.0 for cleaner in pipeline.cleaners})
    seconds["records"] = 0.0
    start = time.perf_counter()
    for i, text in enumerate(corpus):
        t0 = time.perf_counter()
        page = Page.from_text(text, f"p{i}")
        seconds["lines"] += time.perf_counter() - t0
        page = pipeline.run(page, seconds)
        t0 = time.perf_counter()
        page.to_articles()
        seconds["records"] += time.perf_counter() - t0
    return time.perf_counter() - start, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs over the corpus; the fastest is shown (default 3)")
    args = ap.parse_args()
    corpus = build_corpus(args.mb)
    nbytes = sum(len(p.encode("utf-8")) for p in corpus)
    pipeline = Pipeline.default()
    pipeline.warm_up()  # load dictionaries and tables before timing
    pipeline.clean_page(corpus[0])
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(args.repeat):
        total, seconds = _timed_run(pipeline, corpus)
        if best is None or total < best[0]:
            best = (total, seconds)
    assert best is not None
    total, seconds = best
    print(f"corpus: {len(corpus)} pages, {nbytes / 1e6:.1f} MB (sample pages with noise), one core, page by page, "
          f"fastest of {args.repeat} runs")
    print(f"{'step':<14}{'MB/s':>10}{'share':>9}")
    for name, s in seconds.items():
        print(f"{name:<14}{nbytes / 1e6 / s:>10.1f}{s / total:>9.1%}")
    print(f"{'pipeline':<14}{nbytes / 1e6 / total:>10.1f}{1:>9.0%}")


if __name__ == "__main__":
    main()
