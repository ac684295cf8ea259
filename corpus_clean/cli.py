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
from collections import Counter, deque
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from . import __version__, stages_cli
from .cleaners.script import TARGETS
from .engines.local import PageResult, RunStats, clean_pages, default_workers
from .engines.time_limit import DEFAULT_PAGE_TIMEOUT
from .io import (DEFAULT_MAX_PAGE_BYTES, JSONL_SUFFIXES, OUTPUT_SUFFIXES, AtomicWriter, PageError, PageInput,
                 Resumed, ShardedOutput, expand_inputs, iter_pages)
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


def _positive(kind: type, zero: bool = False):  # type: ignore[no-untyped-def]
    """An argparse type: a number of ``kind`` above 0 (or 0 too, with ``zero``)."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError(f"must be {'0 or more' if zero else 'more than 0'}, not {text}")
        return value  # type: ignore[no-any-return]

    parse.__name__ = kind.__name__
    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-clean", description="Clean scraped Chinese news pages into "
                                     "article records (JSON Lines).")
    parser.add_argument("--version", action="version", version=f"corpus-clean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help="clean pages into article records",
                           description="Clean pages (files, folders searched recursively, .jsonl/.jsonl.gz/"
                                       ".jsonl.zst rows, or - for standard input) into one record per article.")
    clean.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for standard input")
    clean.add_argument("-o", "--output", required=True, metavar="OUT.jsonl",
                       help="where to write the records: .jsonl, .jsonl.gz, .jsonl.zst or .parquet (needs "
                            "pyarrow), chosen by the name; - for JSON Lines on standard output")
    clean.add_argument("--target", choices=TARGETS, default=None,
                       help="script of the output (default: simplified; with --config, the recipe's)")
    clean.add_argument("--config", metavar="RECIPE.toml", help="a pipeline recipe (see 'corpus-clean recipe')")
    clean.add_argument("--replies", action="store_true",
                       help="on thread pages (forums, blog comments, Q&A answers), write each reply, comment or other "
                            "answer as a record of its own after the main post, with meta.reply_to (the main post's "
                            "id) and meta.post; by default only the main post is the article")
    clean.add_argument("--text-field", default="text", help="JSON Lines field holding the page (default: text)")
    clean.add_argument("--id-field", action="append", default=None,
                       help="JSON Lines field(s) giving the source, tried in order (default: id, then url)")
    clean.add_argument("--stdin-format", choices=("text", "jsonl"), default="text",
                       help="what '-' reads: one page of text (default) or JSON Lines rows")
    clean.add_argument("--max-page-mb", type=_positive(float), default=DEFAULT_MAX_PAGE_BYTES / 1e6,
                       help="pages larger than this are reported and skipped (default: %(default).0f)")
    progress = clean.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="always show the progress bar (default: when stderr is a terminal)")
    progress.add_argument("--no-progress", dest="progress", action="store_false", help="never show it")
    clean.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    clean.add_argument("--workers", type=_positive(int), default=None,
                       help="worker processes for the local engine (default: all cores)")
    clean.add_argument("--page-timeout", type=_positive(float, zero=True), default=DEFAULT_PAGE_TIMEOUT,
                       metavar="SECONDS",
                       help="a page that takes longer is reported as failed (timeout) and the run goes on; "
                            "0 for no limit (default: %(default)g; local engine)")
    clean.add_argument("--resume", action="store_true",
                       help="continue a killed run: skip the pages (by file, or file and row) already in its shards")
    clean.add_argument("--shard-pages", type=_positive(int), default=1000,
                       help="pages per output shard; a killed run keeps every finished shard (default: 1000)")
    clean.add_argument("--report", metavar="REPORT.json",
                       help="where to write the run report (default: OUT.report.json beside the output)")
    clean.add_argument("--no-report", action="store_true", help="write no run report")
    clean.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local worker processes (default) or a Ray cluster (pip install 'corpus-clean[ray]')")
    clean.add_argument("--address", default=None,
                       help="with --engine ray: the cluster to join (default: start or find a local one)")
    stages_cli.add_arguments(clean)

    recipe = sub.add_parser("recipe", help="print the default pipeline as a TOML recipe")
    recipe.add_argument("--target", choices=TARGETS, default="simplified")
    from .report.cli import add_report_parser  # the report command lives with the report
    add_report_parser(sub)
    return parser


def _pipeline(args: argparse.Namespace) -> Pipeline:
    """The pipeline of the run, every setting checked before the first page."""
    if args.config:
        pipeline = Pipeline.from_config(args.config)
        if args.target:
            steps = [cleaner for cleaner in pipeline.cleaners if cleaner.name == "script"]
            if not steps:
                raise RecipeError(f"--target {args.target} has nothing to set: the recipe {args.config} has no "
                                  "script step (add one, or leave out --target)")
            for cleaner in steps:
                cleaner.target = args.target  # type: ignore[attr-defined]
        pipeline.validate(args.config)
        pipeline.replies = args.replies
        return pipeline
    return Pipeline.default(target=args.target or "simplified", replies=args.replies)


def run_clean(args: argparse.Namespace, stderr: TextIO) -> int:
    try:
        pipeline = _pipeline(args)
    except (RecipeError, ValueError) as err:
        stderr.write(f"corpus-clean: {err}\n")
        return 2
    if args.output == "-" and args.resume:
        stderr.write("corpus-clean: --resume needs an output file, not standard output\n")
        return 2
    found, problems = expand_inputs(args.inputs)
    if args.output != "-":  # the output and its report are never read as pages, even inside an input folder
        excluded = {Path(args.output).resolve(), report_path_for(Path(args.output)).resolve()}
        if args.report:
            excluded.add(Path(args.report).resolve())
        found = [f for f in found if f == "-" or Path(f).resolve() not in excluded]
    rows = any(str(f) == "-" or str(f).lower().endswith(JSONL_SUFFIXES) for f in found)
    total = None if rows else len(found) + len(problems)
    pages: Iterable[PageInput] = iter_pages(args.inputs, text_field=args.text_field,
                                            id_fields=tuple(args.id_field or ("id", "url")),
                                            max_bytes=int(args.max_page_mb * 1e6), stdin_format=args.stdin_format,
                                            expanded=(found, problems))
    stats = RunStats()
    output = None if args.output == "-" else ShardedOutput(args.output, resume=args.resume,
                                                           shard_pages=args.shard_pages)
    try:
        resumed = output.open() if output is not None else Resumed()
    except (OSError, PageError) as err:
        stderr.write(f"corpus-clean: cannot write {args.output}: {getattr(err, 'strerror', None) or err}\n")
        return 2
    if resumed:
        pages = _skip_done(pages, resumed, stats)
    keys: deque[str] = deque()
    pages = _remember_keys(pages, keys)
    show = args.progress if args.progress is not None else stderr.isatty()
    progress = Progress(stderr, total, enabled=bool(show) and (total is None or total > 1))
    workers = args.workers or default_workers()
    shard = RunStats()  # this shard's share of the counts, kept beside it for a resumed run's report
    try:
        for result in stages_cli.run(args, pipeline, pages, workers, _engine, stderr):
            stats.add(result)
            if output is not None:
                shard.add(result)
                if output.write(result.rows, keys.popleft()):
                    output.seal(shard.summary())
                    shard = RunStats()
            else:
                sys.stdout.write(result.rows)
            progress.step()
        progress.close()
        if output is not None:
            stats.output_bytes = output.finish(shard.summary())
    except KeyboardInterrupt:
        progress.close()
        if output is not None:
            output.seal(shard.summary())
        stderr.write(f"corpus-clean: interrupted after {stats.pages} pages; what was cleaned is kept: run the "
                     "same command with --resume to continue\n")
        return 130
    except (OSError, PageError) as err:
        progress.close()
        stderr.write(f"corpus-clean: cannot write {args.output}: {getattr(err, 'strerror', None) or err}\n")
        return 2
    seconds = time.monotonic() - stats.started
    report_path = Path(args.report) if args.report else report_path_for(Path(args.output))
    earlier = [RunStats.from_summary(s) for s in resumed.summaries]
    if resumed.without_summary:  # a finished output resumed: its own report says what made it
        earlier.extend(_stats_of_report(report_path, stderr))
    report = run_report(stats, seconds, workers=workers, engine=args.engine, output=args.output, earlier=earlier)
    if output is not None and not args.no_report:
        with AtomicWriter(report_path) as fh:
            json.dump(report, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    if not args.quiet:
        stderr.write(render_summary(report) + "\n")
    return 1 if report["failures"] else 0  # after --resume, as the uninterrupted run would have ended


def _engine(args: argparse.Namespace, pipeline: Pipeline, pages: Iterable[PageInput],
            workers: int) -> Iterator[PageResult]:
    if args.engine == "ray":
        from .engines.ray import clean_pages_on_ray

        return clean_pages_on_ray(pages, pipeline, address=args.address, page_timeout=args.page_timeout or None)
    return clean_pages(pages, pipeline, workers=workers, page_timeout=args.page_timeout or None)


def _skip_done(pages: Iterable[PageInput], done: Resumed, stats: RunStats) -> Iterator[PageInput]:
    for page in pages:
        if page in done:
            stats.skipped += 1
            continue
        yield page


def _remember_keys(pages: Iterable[PageInput], keys: deque[str]) -> Iterator[PageInput]:
    """Pass the pages on, queueing each one's key: engines give one result per page, in input order."""
    for page in pages:
        keys.append(page.key)
        yield page


def _stats_of_report(path: Path, stderr: TextIO) -> list[RunStats]:
    """The counts of an earlier run's report, to add to a resumed run's; none (with a warning) if it is
    missing or unreadable."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        stats = RunStats.from_summary({
            "pages": report["pages"], "articles": report["articles"], "bytes_in": report["bytes_in"],
            "bytes_out": report["bytes_out"],
            "removed": [[c, r, n] for c, per in report["removed"].items() for r, n in per.items()],
            "failures": [[f["source"], f["reason"]] for f in report["failures"]],
            "empty_pages": report["pages_without_articles_list"],
            "excluded": report.get("articles_excluded", {})})
    except (OSError, ValueError, KeyError, TypeError) as err:
        stderr.write(f"corpus-clean: the report of the finished output ({path}) cannot be read ({err}); this "
                     "run's report counts this run only\n")
        return []
    return [stats]


def report_path_for(output: Path) -> Path:
    """``out.jsonl`` -> ``out.report.json`` beside it."""
    name = output.name
    for suffix in sorted(OUTPUT_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output.with_name(f"{name}.report.json")


def run_report(stats: RunStats, seconds: float, workers: int, engine: str, output: str,
               earlier: Iterable[RunStats] = ()) -> dict:
    """The run report: counts, bytes, removed lines by cleaner and reason, failures, throughput.

    After ``--resume``, the counts cover the whole output (``earlier`` holds what the
    interrupted runs did); ``pages_this_run`` and the throughput are this run's own.
    """
    this_run = stats
    earlier = list(earlier)
    if earlier:
        stats = RunStats(skipped=this_run.skipped, output_bytes=this_run.output_bytes)
        for part in [*earlier, this_run]:
            stats.merge(part)
    removed: dict[str, dict[str, int]] = {}
    for (cleaner, reason), n in sorted(stats.removed.items()):
        removed.setdefault(cleaner, {})[reason] = n
    cleaner_seconds = sum(stats.seconds.values()) or 1.0
    return {
        "output": output,
        "engine": engine,
        "workers": workers,
        "pages": stats.pages,
        "pages_this_run": this_run.pages,
        "pages_skipped_resume": stats.skipped,
        "pages_failed": len(stats.failures),
        "pages_without_articles": len(stats.empty_pages),
        "articles": stats.articles,
        "articles_excluded": dict(stats.excluded.most_common()),
        "bytes_in": stats.bytes_in,
        "bytes_out": stats.bytes_out,
        "output_bytes": stats.output_bytes,
        "seconds": round(seconds, 3),
        "mb_per_s": round(this_run.bytes_in / 1e6 / seconds, 3) if seconds > 0 else None,
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
        lines.append(f"{report['pages_skipped_resume']} pages skipped: already in the output (--resume); "
                     f"{report['pages_this_run']} cleaned by this run; the counts cover the whole output")
    totals = Counter({reason: n for per in report["removed"].values() for reason, n in per.items()})
    if totals:
        lines.append("removed lines by reason: " + ", ".join(f"{r} {n}" for r, n in totals.most_common()))
    if report.get("articles_excluded"):
        lines.append("articles excluded by the quality filter: "
                     + ", ".join(f"{r} {n}" for r, n in report["articles_excluded"].items()))
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
    if args.command == "report":
        from .report.cli import run_report_command
        return run_report_command(args, sys.stderr)
    return dedup_cli.dispatch(args, run_clean, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
