"""Throughput of each cleaner and of the whole default pipeline, on a corpus whose lines are not all repeats.

    python benchmarks/cleaners.py [--mb 20] [--repeat 3]
    python benchmarks/cleaners.py --against HEAD~1 [other revisions...] [--rounds 3]

Prints MB/s (UTF-8 bytes of page text per CPU second, one core; wall too) per
cleaner and the share of the pipeline's time each takes. Pages go through the
pipeline one at a time, as the engines run them (splitting into lines, every
cleaner, building the records), so the figures include what a real run pays.

The corpus is built from every page set in the repository (sample, held-out,
fresh, and the scraped text of the HTML pages); each copy of a page has some of
its Han characters replaced by others drawn from the same pages, so nearly all
lines are distinct and no per-line cache looks free (the share of distinct
lines is printed). ``--against REV [REV...]`` checks each REV out beside this
tree and runs them all on the same corpus, alternating, each run in a fresh
process. Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_clean import Pipeline
from corpus_clean.page import Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = [*sorted((ROOT / "data" / "pages").glob("*.txt")), *sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt")),
         *sorted((ROOT / "tests" / "fresh" / "pages").glob("*.txt"))]
HTML_PAGES = sorted((ROOT / "tests" / "html").glob("*/pages/*.html"))
MUTATE = 0.08
"""Share of a page copy's Han characters replaced by others from the corpus: enough that lines do not repeat."""
NOISE = ["<p>", "</p>", "&nbsp;", "&#12290;", "/p>", "• ", "發(fā)", "們(men)", "责任编辑：王五", "分享到：微信 微博",
         "首页 | 新闻 | 财经 | 体育 | 娱乐", "Copyright © 2023 版权所有", "上一页 1 2 3 下一页"]


def _decoded(data: bytes) -> str:
    """UTF-8, else the declared charset, else GB18030, with replacement: the benchmark's own reading, so two
    versions of the library compared with ``--against`` clean the same text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
        name = declared.group(1).decode("ascii").lower() if declared else "gb18030"
        try:
            return data.decode("gb18030" if name in ("gb2312", "gbk") else name, errors="replace")
        except LookupError:
            return data.decode("gb18030", errors="replace")


def _scraped(path: Path) -> str:
    """The scraped text of an HTML page, made as ``tests/html/README.md`` says."""
    from bs4 import BeautifulSoup

    lines = [ln.strip() for ln in BeautifulSoup(_decoded(path.read_bytes()), "html.parser").get_text("\n").splitlines()]
    return "\n".join(ln for i, ln in enumerate(lines) if ln or (i and lines[i - 1]))


def _mutated(text: str, rng: random.Random, pool: str) -> str:
    """``text`` with about MUTATE of its Han characters replaced, and at least one in every line that has any."""
    lines = []
    for line in text.split("\n"):
        chars = list(line)
        han = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
        for i in han:
            if rng.random() < MUTATE:
                chars[i] = rng.choice(pool)
        if han:
            chars[rng.choice(han)] = rng.choice(pool)
        lines.append("".join(chars))
    return "\n".join(lines)


def build_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Copies of every page set's pages, Han characters replaced here and there, noise lines sprinkled in."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in PAGES] + [_scraped(p) for p in HTML_PAGES]
    pool = "".join(c for t in texts for c in t if "\u4e00" <= c <= "\u9fff")
    pages, size = [], 0
    while size < megabytes * 1e6:
        lines = _mutated(rng.choice(texts), rng, pool).splitlines()
        for _ in range(5):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(NOISE))
        page = "\n".join(lines)
        pages.append(page)
        size += len(page.encode("utf-8"))
    return pages


def distinct_share(corpus: list[str]) -> float:
    """Share of the corpus's non-empty lines that occur once."""
    lines = [ln for page in corpus for ln in page.splitlines() if ln.strip()]
    return len(set(lines)) / max(1, len(lines))


def _forget_lines() -> None:
    """Clear the verdicts the line filter remembers across pages (trees older than the memo have none)."""
    try:
        from corpus_clean.cleaners.line_verdict import judged_lines
    except ImportError:
        return
    judged_lines.clear()


def _timed_run(pipeline: Pipeline, corpus: list[str]) -> tuple[float, float, dict[str, float]]:
    """CPU seconds and wall seconds for the whole corpus, and wall seconds per step."""
    seconds: dict[str, float] = {"lines": 0.0}
    seconds.update({cleaner.name: 0.0 for cleaner in pipeline.cleaners})
    seconds["records"] = 0.0
    cpu = time.process_time()
    start = time.perf_counter()
    for i, text in enumerate(corpus):
        t0 = time.perf_counter()
        page = Page.from_text(text, f"p{i}")
        seconds["lines"] += time.perf_counter() - t0
        page = pipeline.run(page, seconds)
        t0 = time.perf_counter()
        page.to_articles()
        seconds["records"] += time.perf_counter() - t0
    return time.process_time() - cpu, time.perf_counter() - start, seconds


def compare(revs: list[str], megabytes: float, rounds: int) -> None:
    """This tree against each of ``revs`` on the same corpus, alternating, each run in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.json"
        corpus_file.write_text(json.dumps(build_corpus(megabytes), ensure_ascii=False), encoding="utf-8")
        trees = {"this tree": ROOT}
        try:
            for n, rev in enumerate(revs):
                other = Path(tmp) / f"other{n}"
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), rev], check=True)
                trees[rev] = other
            cpu: dict[str, list[float]] = {name: [] for name in trees}
            wall: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(rounds):
                for name, tree in trees.items():
                    done = subprocess.run([sys.executable, str(HERE / "cleaners.py"), "--corpus", str(corpus_file),
                                           "--repeat", "1", "--json"], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                                          capture_output=True, text=True, check=True)
                    figures = json.loads(done.stdout.splitlines()[-1])
                    cpu[name].append(figures["cpu_mb_s"])
                    wall[name].append(figures["wall_mb_s"])
            print(f"{megabytes:.0f} MB corpus, the same file for all, {rounds} alternating rounds; best and median MB/s")
            for name in trees:
                print(f"{name:<12} CPU {max(cpu[name]):6.2f} (median {statistics.median(cpu[name]):.2f})   "
                      f"wall {max(wall[name]):6.2f} (median {statistics.median(wall[name]):.2f})")
        finally:
            for name, tree in trees.items():
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs over the corpus; the fastest is shown (default 3)")
    ap.add_argument("--against", metavar="REV", nargs="+", help="compare with these git revisions (alternating runs)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds with --against (default 3)")
    ap.add_argument("--json", action="store_true", help="print only the pipeline's CPU and wall MB/s as JSON")
    ap.add_argument("--corpus", metavar="FILE", help="read the corpus (a JSON list of pages) instead of building it")
    args = ap.parse_args()
    if args.against:
        compare(args.against, args.mb, args.rounds)
        return
    corpus = json.loads(Path(args.corpus).read_text(encoding="utf-8")) if args.corpus else build_corpus(args.mb)
    nbytes = sum(len(p.encode("utf-8")) for p in corpus)
    pipeline = Pipeline.default()
    pipeline.warm_up()  # load dictionaries and tables before timing
    pipeline.clean_page(corpus[0])
    best: tuple[float, float, dict[str, float]] | None = None
    for _ in range(args.repeat):
        _forget_lines()  # each run meets the corpus's lines for the first time, as a real run does
        run = _timed_run(pipeline, corpus)
        if best is None or run[0] < best[0]:
            best = run
    assert best is not None
    cpu, total, seconds = best
    if args.json:
        print(json.dumps({"cpu_mb_s": nbytes / 1e6 / cpu, "wall_mb_s": nbytes / 1e6 / total}))
        return
    print(f"corpus: {len(corpus)} pages, {nbytes / 1e6:.1f} MB, {distinct_share(corpus):.0%} of lines distinct; "
          f"one core, page by page, fastest of {args.repeat} runs")
    print(f"{'step':<14}{'MB/s':>10}{'share':>9}")
    for name, s in seconds.items():
        print(f"{name:<14}{nbytes / 1e6 / s:>10.1f}{s / total:>9.1%}")
    print(f"{'pipeline':<14}{nbytes / 1e6 / total:>10.1f}{1:>9.0%}   (CPU: {nbytes / 1e6 / cpu:.1f} MB/s)")


if __name__ == "__main__":
    main()
