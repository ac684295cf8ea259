"""Main-content extraction from real HTML pages: corpus_clean against trafilatura, readability-lxml, magic-html.

    pip install -e ".[bench]"
    python benchmarks/html_extract.py [--sets cwce magic_html_article magic_html_forum DIR...] [--repeat 1]

Runs every tool that is installed on the same pages (``tests/html/<set>/pages``,
third-party gold in ``tests/html/<set>/gold``) in one run and prints, per set,
body F1 (the method of ``../shared/tools/score_body.py``, copied in
``tests/body_score.py``), precision, recall, pages below F1 0.5, and pages per
second of CPU and of wall time. ``corpus_clean`` is the whole default pipeline
on the page (the HTML path, then the line judgement and the rest);
``corpus_clean.html`` is the HTML extraction alone. Pages are decoded once, before timing, with
``corpus_clean.io.decode_bytes`` (GB18030 with replacement where it refuses a page, as noted).
Figures only: nothing is asserted. magic-html needs Python 3.12 or later; where a tool is not installed its row says so.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_clean import Pipeline  # noqa: E402
from corpus_clean.html import reduce_document  # noqa: E402
from corpus_clean.io import PageError, decode_bytes  # noqa: E402
from tests.body_score import overall, score_page  # noqa: E402

SETS = ("cwce", "magic_html_article", "magic_html_forum")
Extractor = Callable[[str, str], list[dict]]


def load(name: str) -> list[tuple[str, str, dict]]:
    """(page id, decoded HTML, gold) of each page of a set: one of ``tests/html``, or a folder in its layout
    (gold marked ``skip`` left out)."""
    out = []
    folder = Path(name) if name not in SETS else ROOT / "tests" / "html" / name
    for gold_file in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if gold.get("skip"):
            continue
        raw = (folder / "pages" / f"{gold['id']}.html").read_bytes()
        try:
            text = decode_bytes(raw)
        except PageError as err:
            print(f"  note: {gold['id']}: {err}; decoded as GB18030 with replacement", file=sys.stderr)
            text = raw.decode("gb18030", errors="replace")
        out.append((gold["id"], text, gold))
    return out


def corpus_clean_pipeline(replies: bool = False) -> Extractor:
    pipeline = Pipeline.default(replies=replies)
    pipeline.warm_up()
    return lambda html, source: [a.to_dict() for a in pipeline.clean_page(html, source=source)]


def corpus_clean_replies() -> Extractor:
    """The whole pipeline with ``replies=True``: a thread's other posts as records too (the forum gold keeps them)."""
    return corpus_clean_pipeline(replies=True)


def corpus_clean_html() -> Extractor:
    def run(html: str, source: str) -> list[dict]:
        kept = [b.text for b in reduce_document(html).blocks if b.reason is None]
        return [{"title": None, "paragraphs": kept}]
    return run


def trafilatura_tool() -> Extractor:
    import trafilatura

    def run(html: str, source: str) -> list[dict]:
        text = trafilatura.extract(html, include_comments=False, favor_precision=False) or ""
        return [{"title": None, "paragraphs": text.splitlines()}]
    return run


def readability_tool() -> Extractor:
    import lxml.html
    from readability import Document

    def run(html: str, source: str) -> list[dict]:
        document = Document(html)
        summary = lxml.html.fromstring(document.summary())
        return [{"title": document.short_title(), "paragraphs": summary.text_content().splitlines()}]
    return run


def magic_html_tool() -> Extractor:
    import lxml.html
    from magic_html import GeneralExtractor

    extractor = GeneralExtractor()

    def run(html: str, source: str) -> list[dict]:
        result = extractor.extract(html, base_url="")
        text = lxml.html.fromstring(result.get("html") or "<p></p>").text_content()
        return [{"title": result.get("title"), "paragraphs": text.splitlines()}]
    return run


TOOLS: dict[str, Callable[[], Extractor]] = {
    "corpus_clean": corpus_clean_pipeline, "corpus_clean --replies": corpus_clean_replies,
    "corpus_clean.html": corpus_clean_html,
    "trafilatura": trafilatura_tool, "readability-lxml": readability_tool, "magic-html": magic_html_tool,
}


def run_tool(extract: Extractor, pages: list[tuple[str, str, dict]], repeat: int) -> tuple[dict, float, float]:
    """Scores of each page, and the CPU and wall seconds the tool took over all of them."""
    cpu = wall = 0.0
    scores: dict[str, dict] = {}
    for _ in range(repeat):
        for pid, html, gold in pages:
            c0, w0 = time.process_time(), time.perf_counter()
            try:
                records = extract(html, pid)
            except Exception as err:  # a tool that fails on a page scores 0 there
                print(f"  note: {pid}: {type(err).__name__}: {err}", file=sys.stderr)
                records = []
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            scores[pid] = score_page(gold, records)
    return scores, cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), metavar="SET",
                    help=f"sets of tests/html ({', '.join(SETS)}) or folders in their layout (pages/, gold/)")
    ap.add_argument("--tools", nargs="+", default=list(TOOLS), choices=list(TOOLS))
    ap.add_argument("--repeat", type=int, default=1, help="run each tool this many times over the pages")
    ap.add_argument("--show", type=int, default=0, help="list the N worst pages of each tool (on stderr)")
    args = ap.parse_args()
    data = {name: load(name) for name in args.sets}
    print(f"| tool | {' | '.join(f'{s} F1' for s in args.sets)} | pages < 0.5 | pages/s (CPU) | pages/s (wall) |")
    print("|---|" + "---|" * (len(args.sets) + 3))
    for tool in args.tools:
        try:
            extract = TOOLS[tool]()
        except ImportError as err:
            print(f"| {tool} | not installed ({err.name}) |" + " |" * (len(args.sets) + 2))
            continue
        figures, low, cpu, wall, n = [], [], 0.0, 0.0, 0
        worst: list[tuple[float, str]] = []
        for name in args.sets:
            scores, set_cpu, set_wall = run_tool(extract, data[name], args.repeat)
            total = overall(scores)
            figures.append(f"{total['f1']:.3f}")
            low += total["below_0.5"]
            worst += [(row["f1"], pid) for pid, row in scores.items()]
            cpu, wall, n = cpu + set_cpu, wall + set_wall, n + len(data[name]) * args.repeat
        print(f"| {tool} | {' | '.join(figures)} | {len(low)} | {n / max(cpu, 1e-9):.1f} | {n / max(wall, 1e-9):.1f} |")
        for f1, pid in sorted(worst)[: args.show]:
            print(f"    {tool}: {pid} f1={f1:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
