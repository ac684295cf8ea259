"""Site boilerplate on a synthetic crawl: precision and recall of removed lines, text F1 against one pass.

    python benchmarks/site_boilerplate.py [--sites 50] [--pages 40] [--workers 1]

Builds the crawl of ``tests/site_corpus.py`` (gold articles of the project in site
furniture invented there), cleans it once with the default pipeline and once with
``--site-boilerplate``, each run a ``corpus-clean`` process of its own, and prints
both runs' figures and their CPU (the process and its waited-for children) and wall
time. Figures only: ``tests/test_site_boilerplate.py`` asserts on a smaller crawl.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_clean.io import read_rows  # noqa: E402
from tests.site_corpus import build, evaluate, write_jsonl  # noqa: E402


def cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def run(pages: Path, out: Path, workers: int, extra: list[str]) -> tuple[list[dict], float, float]:
    wall, used = time.perf_counter(), cpu()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "corpus_clean.cli", "clean", str(pages), "-o", str(out), "--no-progress",
                    "-q", "--workers", str(workers), *extra], check=True, env=env)
    return list(read_rows(out)), time.perf_counter() - wall, cpu() - used


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1, help="with more than one, CPU leaves out the workers")
    args = parser.parse_args()
    crawl = build(args.sites, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        pages = write_jsonl(crawl, Path(tmp) / "crawl.jsonl")
        print(f"crawl: {args.sites} sites x {args.pages} pages = {len(crawl)} pages, "
              f"{pages.stat().st_size / 1e6:.1f} MB, {sum(len(p.furniture) for p in crawl)} furniture lines printed")
        for name, extra in (("one pass", []), ("two passes (--site-boilerplate)", ["--site-boilerplate"])):
            records, wall, used = run(pages, Path(tmp) / "out.jsonl", args.workers, extra)
            figures = evaluate(crawl, records)
            print(f"{name}: {json.dumps({k: round(v, 4) for k, v in figures.items()})}; "
                  f"wall {wall:.1f} s, CPU {used:.1f} s")


if __name__ == "__main__":
    main_()
