"""Size, time and memory of ``corpus-clean report`` on a large synthetic run.

    python benchmarks/report_size.py [--pages 100000] [--shown 20]

Cleans the bundled sample and held-out pages once, then writes a run of
``--pages`` pages by repeating their records under new sources spread over 500
sites (URL hosts), and runs the report command on it in a child process.
Prints the run's size, the report's size, wall and CPU seconds and the peak
resident memory of the report process. Figures only: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = 500
MEASURE = """
import json, resource, subprocess, sys, time
start, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run(sys.argv[1:], check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024}))
"""


def synthetic_run(path: Path, pages: int, work: Path) -> int:
    """Write ``pages`` pages of real records under new sources; return the bytes written."""
    seed = work / "seed.jsonl"
    inputs = [str(ROOT / "data" / "pages"), str(ROOT / "tests" / "heldout" / "pages")]
    subprocess.run([sys.executable, "-m", "corpus_clean.cli", "clean", *inputs, "-o", str(seed), "-q",
                    "--no-progress", "--no-report"], check=True)
    by_page: dict[str, list[dict]] = {}
    for line in seed.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        by_page.setdefault(rec["source"], []).append(rec)
    templates = list(by_page.values())
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(pages):
            source = f"https://news{i % SITES}.example.cn/{i // SITES}/{i}.html"
            for n, rec in enumerate(templates[i % len(templates)]):
                fh.write(json.dumps({**rec, "id": f"{source}#{n}", "source": source}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000, help="pages in the synthetic run")
    parser.add_argument("--shown", type=int, default=20, help="the report's --pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = work / "run.jsonl"
        size = synthetic_run(run, args.pages, work)
        html = work / "report.html"
        done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "corpus_clean.cli", "report",
                               str(run), "-o", str(html), "--pages", str(args.shown)],
                              check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"run: {args.pages:,} pages, {size / 1e6:,.1f} MB of records")
        print(f"report (--pages {args.shown}): {html.stat().st_size / 1e3:,.1f} kB")
        print(f"report process: wall {figures['wall']:.1f} s, CPU {figures['cpu']:.1f} s, "
              f"peak memory {figures['peak_mb']:.0f} MB, {size / 1e6 / figures['wall']:.1f} MB/s of records")


if __name__ == "__main__":
    main()
