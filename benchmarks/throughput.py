"""Throughput and memory of the full default pipeline through the CLI, on 1 worker and on all workers.

    python benchmarks/throughput.py [--mb 100] [--workers N]

Builds a JSON Lines corpus of at least ``--mb`` MB by repeating the sample and
held-out pages with varied noise (shuffled boilerplate, HTML fragments, pinyin
annotations, ids), then runs ``corpus-clean clean`` on it once with one worker
and once with all of them. Prints MB/s, the speed-up, each cleaner's share of
the time (from the run report) and the peak resident memory of the largest
process, as a Markdown table ready for the README. Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_clean.engines.local import default_workers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGES = sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))
NOISE = ["<p>", "</p>", "&nbsp;", "&#12290;", "/p>", "• ", "責任編輯：王五", "分享到：微信 微博 QQ空间",
         "首页 | 新闻 | 财经 | 体育 | 娱乐", "Copyright © 2023 版权所有", "上一页 1 2 3 下一页", "京ICP备12345678号",
         "相关阅读", "扫一扫关注我们", "第A03版：要闻", "…………"]
MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def build_corpus(path: Path, megabytes: float, seed: int = 11) -> int:
    """Write the corpus; return its size in bytes."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    size = 0
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < megabytes * 1e6:
            lines = rng.choice(texts).splitlines()
            for _ in range(rng.randrange(2, 8)):
                lines.insert(rng.randrange(len(lines) + 1), rng.choice(NOISE))
            row = json.dumps({"id": f"page-{n:07d}", "text": "\n".join(lines)}, ensure_ascii=False) + "\n"
            fh.write(row)
            size += len(row.encode("utf-8"))
            n += 1
    return size


def run(corpus: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "corpus_clean.cli", "clean", str(corpus), "-o", str(out), "--no-progress", "-q",
           "--workers", str(workers)]
    measured = json.loads(subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True,
                                         check=True).stdout)
    report = json.loads(out.with_name(out.name.replace(".jsonl", ".report.json")).read_text(encoding="utf-8"))
    return {**measured, "report": report}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=100.0, help="corpus size in MB (default 100)")
    ap.add_argument("--workers", type=int, default=default_workers(), help="the 'all workers' run (default: cores)")
    ap.add_argument("--skip-one", action="store_true", help="only the all-workers run (for a quick memory check)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        start = time.perf_counter()
        nbytes = build_corpus(corpus, args.mb)
        print(f"corpus: {nbytes / 1e6:.1f} MB of JSON Lines, built in {time.perf_counter() - start:.1f} s "
              f"from {len(PAGES)} pages with varied noise")
        many = run(corpus, Path(tmp) / "many.jsonl", args.workers)
        one = many if args.skip_one else run(corpus, Path(tmp) / "one.jsonl", 1)
    rate = {k: r["report"]["bytes_in"] / 1e6 / r["seconds"] for k, r in (("one", one), ("many", many))}
    print()
    print("| run | MB/s | seconds | peak memory (largest process) |")
    print("|---|---|---|---|")
    if not args.skip_one:
        print(f"| 1 worker | {rate['one']:.2f} | {one['seconds']:.1f} | {one['peak_rss_mb']:.0f} MB |")
    print(f"| {args.workers} workers | {rate['many']:.2f} | {many['seconds']:.1f} | {many['peak_rss_mb']:.0f} MB |")
    if not args.skip_one:
        print(f"\nspeed-up with {args.workers} workers: {rate['many'] / rate['one']:.2f}x")
    print(f"\n| cleaner | share of time ({'1 worker' if not args.skip_one else f'{args.workers} workers'}) |")
    print("|---|---|")
    for name, share in one["report"]["time_share_by_cleaner"].items():
        print(f"| {name} | {share:.1%} |")
    print(f"\npages {one['report']['pages']}, articles {one['report']['articles']}, "
          f"failed {one['report']['pages_failed']}")


if __name__ == "__main__":
    main()
