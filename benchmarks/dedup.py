"""Deduplication speed and memory: articles per second on one core for exact and near, and peak memory.

Builds a JSON Lines corpus of synthetic articles (default 1,000,000, 2.5 GB and
about 17 minutes here; ``--articles 100000`` for a quick run) of about 800 characters from a pool of random
sentences, 10% of them reprints of an earlier article (converted to
Traditional, a sentence dropped, or a note added), then runs
``corpus_clean.dedup.dedup_files`` in a fresh process per mode (so the peak
resident memory is that mode's), and prints articles/s by CPU and by wall
time, the peak memory, and the state kept per article.

    PYTHONPATH=. python benchmarks/dedup.py [--articles N] [--modes exact near]

The corpus is written to a temporary folder and removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
         "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
         "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
         "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")


def make_corpus(path: Path, articles: int, seed: int = 1) -> None:
    """``articles`` rows of about 800 characters; every tenth row reprints an earlier one."""
    rng = random.Random(seed)
    sentences = ["".join(rng.choices(CHARS, k=rng.randint(12, 40))) + rng.choice("，。；") for _ in range(50_000)]
    import opencc

    s2t = opencc.OpenCC("s2t.json").convert
    kept: list[list[str]] = []
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(articles):
            if n % 10 == 9 and kept:
                body = list(rng.choice(kept))
                kind = rng.randrange(3)
                if kind == 0:
                    body = [s2t(s) for s in body]
                elif kind == 1:
                    del body[rng.randrange(len(body))]
                else:
                    body.append("（编者注：本文有删节。）")
            else:
                body = rng.choices(sentences, k=rng.randint(20, 40))
                if len(kept) < 10_000:
                    kept.append(body)
                else:
                    kept[rng.randrange(10_000)] = body
            fh.write(json.dumps({"id": f"a{n}", "text": "".join(body)}, ensure_ascii=False) + "\n")


def run_mode(corpus: Path, mode: str) -> dict:
    """Dedup ``corpus`` in this process; what the parent prints."""
    import resource

    from corpus_clean.dedup import DedupParams, dedup_files

    out = corpus.with_name(f"out-{mode}.jsonl")
    cpu, wall = time.process_time(), time.monotonic()
    report = dedup_files([str(corpus)], out, DedupParams(mode=mode))
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    return {"mode": mode, "articles": report.rows_in, "excluded": report.excluded, "cpu_s": cpu, "wall_s": wall,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "state_bytes": report.bytes_per_document, "backend": report.to_dict()["backend"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--modes", nargs="+", default=["exact", "near"])
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_mode(Path(args.child[0]), args.child[1])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        started = time.monotonic()
        make_corpus(corpus, args.articles)
        print(f"{args.articles} synthetic articles, {corpus.stat().st_size / 1e6:.0f} MB, built in "
              f"{time.monotonic() - started:.0f} s")
        for mode in args.modes:
            # taskset: one core, as the figure is per core (the CPU figure is per core either way)
            pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
            cmd = [*pin, sys.executable, __file__, "--child", str(corpus), mode]
            result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True,
                                               env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout)
            print(f"{mode:5s} ({result['backend'] or 'no minhash'}): {result['articles'] / result['cpu_s']:,.0f} "
                  f"articles/s CPU, {result['articles'] / result['wall_s']:,.0f} articles/s wall "
                  f"({result['wall_s']:.1f} s), {result['excluded']} excluded, peak {result['peak_mb']:.0f} MB, "
                  f"state {result['state_bytes']:.0f} bytes/article")


if __name__ == "__main__":
    main()
