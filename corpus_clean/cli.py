"""``corpus-clean``: the command line, thin over the library.

    corpus-clean clean INPUT... -o OUT.jsonl [--target simplified] [--config recipe.toml]
    corpus-clean recipe [--target simplified] > recipe.toml

Exit status: 0 when every page was cleaned, 1 when some pages failed (they are
listed, the rest is written), 2 for usage errors.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from . import __version__
from .cleaners.script import TARGETS
from .io import DEFAULT_MAX_PAGE_BYTES, JSONL_SUFFIXES, AtomicWriter, PageInput, expand_inputs, iter_pages
from .pipeline import Pipeline, RecipeError


@dataclass
class RunSummary:
    """What a run did, merged by addition."""

    pages: int = 0
    articles: int = 0
    bytes_in: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    empty_pages: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def render(self, seconds: float) -> str:
        lines = [f"{self.pages} pages, {self.articles} articles, {self.bytes_in / 1e6:.1f} MB in {seconds:.1f} s"
                 + (f" ({self.bytes_in / 1e6 / seconds:.2f} MB/s)" if seconds > 0 else "")]
        if self.removed:
            top = ", ".join(f"{reason} {n}" for reason, n in self.removed.most_common())
            lines.append(f"removed lines by reason: {top}")
        if self.empty_pages:
            lines.append(f"{len(self.empty_pages)} pages had no article text left: "
                         + ", ".join(self.empty_pages[:5]) + (" ..." if len(self.empty_pages) > 5 else ""))
        if self.failures:
            lines.append(f"{len(self.failures)} pages failed:")
            lines.extend(f"  {source}: {reason}" for source, reason in self.failures)
        return "\n".join(lines)


class Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, total: int | None, enabled: bool) -> None:
        self.stream, self.total, self.enabled = stream, total, enabled
        self.done = 0
        self._last = 0.0
        self._start = time.monotonic()

    def step(self, nbytes: int = 0) -> None:
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
    found, missing = expand_inputs(args.inputs)
    rows = any(str(f) == "-" or str(f).lower().endswith(JSONL_SUFFIXES) for f in found)
    total = None if rows else len(found) + len(missing)
    pages = iter_pages(args.inputs, text_field=args.text_field, id_fields=tuple(args.id_field or ("id", "url")),
                       max_bytes=int(args.max_page_mb * 1e6), stdin_format=args.stdin_format)
    show = args.progress if args.progress is not None else stderr.isatty()
    progress = Progress(stderr, total, enabled=bool(show) and (total is None or total > 1))
    summary = RunSummary()
    start = time.monotonic()
    try:
        with AtomicWriter(args.output) as out:
            for page in pages:
                _clean_one(pipeline, page, out, summary)
                progress.step()
    except OSError as err:
        progress.close()
        stderr.write(f"corpus-clean: cannot write {args.output}: {err.strerror or err}\n")
        return 2
    progress.close()
    if not args.quiet:
        stderr.write(summary.render(time.monotonic() - start) + "\n")
    return 1 if summary.failures else 0


def _clean_one(pipeline: Pipeline, page: PageInput, out: TextIO, summary: RunSummary) -> None:
    summary.pages += 1
    summary.bytes_in += page.nbytes
    if page.error is not None or page.text is None:
        summary.failures.append((page.source, page.error or "no text"))
        return
    try:
        articles = pipeline.clean_page(page.text, source=page.source)
        rows = "".join(article.to_json() + "\n" for article in articles)
        rows.encode("utf-8")  # a lone surrogate from a JSON row must fail this page, not the writer
    except Exception as err:  # a page must never stop the run; the reason is reported
        summary.failures.append((page.source, f"cleaning failed: {type(err).__name__}: {err}"))
        return
    if not articles:
        summary.empty_pages.append(page.source)
    out.write(rows)
    for article in articles:
        summary.articles += 1
        summary.removed.update(r.reason for r in article.removed)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "recipe":
        sys.stdout.write(Pipeline.default(target=args.target).to_config())
        return 0
    return run_clean(args, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
