"""``corpus-clean``: the command line, thin over the library.

    corpus-clean clean INPUT... -o OUT.jsonl [--target simplified] [--config recipe.toml]
    corpus-clean recipe [--target simplified] > recipe.toml

Exit status: 0 when every page was cleaned, 1 when some pages failed (they are
listed, the rest is written), 2 for usage errors.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from . import __version__
from .cleaners.script import TARGETS
from .engines.local import PageResult, RunStats, clean_pages, default_workers
from .io import (DEFAULT_MAX_PAGE_BYTES, JSONL_SUFFIXES, OUTPUT_SUFFIXES, AtomicWriter, PageError, PageInput,
                 ShardedOutput, expand_inputs, iter_pages)
from .pipeline import Pipeline, RecipeError


class Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, total, enabled
        self.done = 0
        self._last = 0.0
        self._start = time.monotonic()

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            rate = self.done / max(now - self._start, 1e-9)
            if self.total:
                filled = int(30 * self.done / self.total)
                bar = "#" * filled + "." * (30 - filled)
                self.stream.write(f"\r[{bar}] {self.done}/{self.total} pages, {rate:.1f} pages/s")
            else:
                self.stream.write(f"\r{self.done} pages, {rate:.1f} pages/s")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-clean", description="Clean scraped Chinese news pages into "
                                     "article records (JSON Lines).")
    parser.add_argument("--version", action="version", version=f"corpus-clean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help="clean pages into article records",
                           description="Clean pages (files, folders searched recursively, .jsonl/.jsonl.gz rows, "
                                       "or - for standard input) into one JSON Lines record per article.")
    clean.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for standard input")
    clean.add_argument("-o", "--output", required=True, metavar="OUT.jsonl",
                       help="where to write the records (.jsonl or .jsonl.gz; - for standard output)")
    clean.add_argument("--target", choices=TARGETS, default=None,
                       help="script of the output (default: simplified; with --config, the recipe's)")
    clean.add_argument("--config", metavar="RECIPE.toml", help="a pipeline recipe (see 'corpus-clean recipe')")
    clean.add_argument("--text-field", default="text", help="JSON Lines field holding the page (default: text)")
    clean.add_argument("--id-field", action="append", default=None,
                       help="JSON Lines field(s) giving the source, tried in order (default: id, then url)")
    clean.add_argument("--stdin-format", choices=("text", "jsonl"), default="text",
                       help="what '-' reads: one page of text (default) or JSON Lines rows")
    clean.add_argument("--max-page-mb", type=float, default=DEFAULT_MAX_PAGE_BYTES / 1e6,
                       help="pages larger than this are reported and skipped (default: %(default).0f)")
    progress = clean.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="always show the progress bar (default: when stderr is a terminal)")
    progress.add_argument("--no-progress", dest="progress", action="store_false", help="never show it")
    clean.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    clean.add_argument("--workers", type=int, default=None,
                       help="worker processes for the local engine (default: all cores)")
    clean.add_argument("--resume", action="store_true",
                       help="skip sources already in the output (or its shards) and continue a killed run")
    clean.add_argument("--shard-pages", type=int, default=1000,
                       help="pages per output shard; a killed run keeps every finished shard (default: 1000)")
    clean.add_argument("--report", metavar="REPORT.json",
                       help="where to write the run report (default: OUT.report.json beside the output)")
    clean.add_argument("--no-report", action="store_true", help="write no run report")
    clean.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local worker processes (default) or a Ray cluster (pip install 'corpus-clean[ray]')")
    clean.add_argument("--address", default=None,
                       help="with --engine ray: the cluster to join (default: start or find a local one)")

    recipe = sub.add_parser("recipe", help="print the default pipeline as a TOML recipe")
    recipe.add_argument("--target", choices=TARGETS, default="simplified")
    return parser


def _pipeline(args: argparse.Namespace) -> Pipeline:
    if args.config:
        pipeline = Pipeline.from_config(args.config)
        if args.target:
            for cleaner in pipeline.cleaners:
                if cleaner.name == "script":
                    cleaner.target = args.target  # type: ignore[attr-defined]
        return pipeline
    return Pipeline.default(target=args.target or "simplified")


def run_clean(args: argparse.Namespace, stderr: TextIO) -> int:
    try:
        pipeline = _pipeline(args)
    except (RecipeError, ValueError) as err:
        stderr.write(f"corpus-clean: {err}\n")
        return 2
    if args.output == "-" and args.resume:
        stderr.write("corpus-clean: --resume needs an output file, not standard output\n")
        return 2
    found, missing = expand_inputs(args.inputs)
    if args.output != "-":
        excluded = {Path(args.output).resolve(), report_path_for(Path(args.output)).resolve()}
        if args.report:
            excluded.add(Path(args.report).resolve())
        args.inputs = [str(f) for f in found if f == "-" or Path(f).resolve() not in excluded] + \
            [m.source for m in missing]
        found, missing = expand_inputs(args.inputs)
    rows = any(str(f) == "-" or str(f).lower().endswith(JSONL_SUFFIXES) for f in found)
    total = None if rows else len(found) + len(missing)
    pages: Iterable[PageInput] = iter_pages(args.inputs, text_field=args.text_field,
                                            id_fields=tuple(args.id_field or ("id", "url")),
                                            max_bytes=int(args.max_page_mb * 1e6), stdin_format=args.stdin_format)
    stats = RunStats()
    output = None if args.output == "-" else ShardedOutput(args.output, resume=args.resume,
                                                           shard_pages=args.shard_pages)
    try:
        done = output.open() if output is not None else set()
    except (OSError, PageError) as err:
        stderr.write(f"corpus-clean: cannot write {args.output}: {getattr(err, 'strerror', None) or err}\n")
        return 2
    if done:
        pages = _skip_done(pages, done, stats)
    show = args.progress if args.progress is not None else stderr.isatty()
    progress = Progress(stderr, total, enabled=bool(show) and (total is None or total > 1))
    workers = args.workers or default_workers()
    try:
        for result in _engine(args, pipeline, pages, workers):
            stats.add(result)
            if output is not None:
                output.write(result.rows)
            else:
                sys.stdout.write(result.rows)
            progress.step()
        progress.close()
        if output is not None:
            stats.output_bytes = output.finish()
    except KeyboardInterrupt:
        progress.close()
        if output is not None:
            output.seal()
        stderr.write(f"corpus-clean: interrupted after {stats.pages} pages; what was cleaned is kept: run the "
                     "same command with --resume to continue\n")
        return 130
    except (OSError, PageError) as err:
        progress.close()
        stderr.write(f"corpus-clean: cannot write {args.output}: {getattr(err, 'strerror', None) or err}\n")
        return 2
    seconds = time.monotonic() - stats.started
    report = run_report(stats, seconds, workers=workers, engine=args.engine, output=args.output)
    if output is not None and not args.no_report:
        report_path = Path(args.report) if args.report else report_path_for(Path(args.output))
        with AtomicWriter(report_path) as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    if not args.quiet:
        stderr.write(render_summary(report) + "\n")
    return 1 if stats.failures else 0


def _engine(args: argparse.Namespace, pipeline: Pipeline, pages: Iterable[PageInput],
            workers: int) -> Iterator[PageResult]:
    if args.engine == "ray":
        from .engines.ray import clean_pages_on_ray

        return clean_pages_on_ray(pages, pipeline, address=args.address)
    return clean_pages(pages, pipeline, workers=workers)


def _skip_done(pages: Iterable[PageInput], done: set[str], stats: RunStats) -> Iterator[PageInput]:
    for page in pages:
        if page.source in done:
            stats.skipped += 1
            continue
        yield page


def report_path_for(output: Path) -> Path:
    """``out.jsonl`` -> ``out.report.json`` beside it."""
    name = output.name
    for suffix in sorted(OUTPUT_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output.with_name(f"{name}.report.json")


def run_report(stats: RunStats, seconds: float, workers: int, engine: str, output: str) -> dict:
    """The run report: counts, bytes, removed lines by cleaner and reason, failures, throughput."""
    removed: dict[str, dict[str, int]] = {}
    for (cleaner, reason), n in sorted(stats.removed.items()):
        removed.setdefault(cleaner, {})[reason] = n
    cleaner_seconds = sum(stats.seconds.values()) or 1.0
    return {
        "output": output,
        "engine": engine,
        "workers": workers,
        "pages": stats.pages,
        "pages_skipped_resume": stats.skipped,
        "pages_failed": len(stats.failures),
        "pages_without_articles": len(stats.empty_pages),
        "articles": stats.articles,
        "bytes_in": stats.bytes_in,
        "bytes_out": stats.bytes_out,
        "output_bytes": stats.output_bytes,
        "seconds": round(seconds, 3),
        "mb_per_s": round(stats.bytes_in / 1e6 / seconds, 3) if seconds > 0 else None,
        "removed": removed,
        "time_share_by_cleaner": {k: round(v / cleaner_seconds, 4) for k, v in stats.seconds.most_common()},
        "failures": [{"source": s, "reason": r} for s, r in stats.failures],
        "pages_without_articles_list": stats.empty_pages[:1000],
    }


def render_summary(report: dict) -> str:
    """The readable end-of-run summary for stderr."""
    lines = [f"{report['pages']} pages, {report['articles']} articles, {report['bytes_in'] / 1e6:.1f} MB in "
             f"{report['seconds']:.1f} s"
             + (f" ({report['mb_per_s']:.2f} MB/s, {report['workers']} workers)" if report["mb_per_s"] else "")]
    if report["pages_skipped_resume"]:
        lines.append(f"{report['pages_skipped_resume']} pages skipped: already in the output (--resume)")
    totals = Counter({reason: n for per in report["removed"].values() for reason, n in per.items()})
    if totals:
        lines.append("removed lines by reason: " + ", ".join(f"{r} {n}" for r, n in totals.most_common()))
    if report["pages_without_articles"]:
        shown = report["pages_without_articles_list"][:5]
        lines.append(f"{report['pages_without_articles']} pages had no article text left: " + ", ".join(shown)
                     + (" ..." if report["pages_without_articles"] > 5 else ""))
    if report["failures"]:
        lines.append(f"{len(report['failures'])} pages failed:")
        lines.extend(f"  {f['source']}: {f['reason']}" for f in report["failures"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from .dedup import cli as dedup_cli  # the dedup command and clean --dedup live in their own module

    parser = _parser()
    dedup_cli.register(parser)
    args = parser.parse_args(argv)
    if args.command == "recipe":
        sys.stdout.write(Pipeline.default(target=args.target).to_config())
        return 0
    return dedup_cli.dispatch(args, run_clean, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
