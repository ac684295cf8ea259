"""The command line of the optional stages: ``--quality-filter`` and ``--site-boilerplate``.

``cli.py`` calls :func:`add_arguments` on its ``clean`` parser and runs its
engine through :func:`run`, which prepares the pipeline (the site boilerplate
table comes from a first pass over the same inputs) and routes the articles the
quality step excluded to the exclusions file beside the output.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from .engines.local import PageResult
from .io import OUTPUT_SUFFIXES, PageInput, ShardedOutput, iter_pages
from .pipeline import Pipeline
from .quality.filter import QualityFilter
from .quality.thresholds import STEP
from .site_boilerplate import MIN_PAGES, MIN_SITE_PAGES, split_at_step, with_step
from .site_counting import count_local, count_ray

Engine = Callable[[argparse.Namespace, Pipeline, Iterable[PageInput], int], Iterator[PageResult]]
EXCLUDED_MARK = f'"excluded": {{"cleaner": "{STEP}"'
"""What an excluded record's JSON holds; rows without it need no parsing."""


def add_arguments(clean: argparse.ArgumentParser) -> None:
    """The options of the optional stages, on the ``clean`` subcommand."""
    group = clean.add_argument_group("optional stages")
    group.add_argument("--quality-filter", action="store_true",
                       help="exclude articles whose quality signals fail the thresholds of docs/quality.md; they go "
                            "to the exclusions file with their reason and signals")
    group.add_argument("--exclusions", metavar="PATH",
                       help="where excluded articles go (default: OUT.excluded.jsonl beside the output)")
    group.add_argument("--site-boilerplate", action="store_true",
                       help="two passes: count lines per site, then remove lines on many pages of a site "
                            "(repeated_across_pages)")
    group.add_argument("--site-min-pages", type=int, default=MIN_PAGES,
                       help="with --site-boilerplate: a line on this many pages of a site is removed "
                            "(default: %(default)s)")
    group.add_argument("--site-min-site-pages", type=int, default=MIN_SITE_PAGES,
                       help="with --site-boilerplate: sites with fewer pages are left alone (default: %(default)s)")


def beside(output: str, suffix: str) -> Path:
    """``out.jsonl.gz`` -> ``out<suffix>`` in the same folder."""
    path = Path(output)
    name = path.name
    for known in sorted(OUTPUT_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(known):
            name = name[: -len(known)]
            break
    return path.with_name(name + suffix)


def _usage_error(stderr: TextIO, message: str) -> None:
    stderr.write(f"corpus-clean: {message}\n")
    raise SystemExit(2)


def run(args: argparse.Namespace, pipeline: Pipeline, pages: Iterable[PageInput], workers: int, engine: Engine,
        stderr: TextIO) -> Iterator[PageResult]:
    """The engine's results, with the optional stages the options ask for."""
    if getattr(args, "quality_filter", False) and not any(c.name == STEP for c in pipeline.cleaners):
        pipeline = pipeline.with_cleaners([*pipeline.cleaners, QualityFilter()])
    if getattr(args, "site_boilerplate", False):
        pipeline = _first_pass(args, pipeline, workers, stderr)
    results = engine(args, pipeline, pages, workers)
    if any(c.name == STEP and getattr(c, "drop", True) for c in pipeline.cleaners):
        return _route_excluded(args, results, stderr)
    return results


def _first_pass(args: argparse.Namespace, pipeline: Pipeline, workers: int, stderr: TextIO) -> Pipeline:
    if "-" in args.inputs:
        _usage_error(stderr, "--site-boilerplate reads the inputs twice; standard input cannot be read twice")
    if args.site_min_pages < 2:
        _usage_error(stderr, f"--site-min-pages must be at least 2 (a line on one page repeats nothing), "
                             f"got {args.site_min_pages}")
    if args.output == "-":
        _usage_error(stderr, "--site-boilerplate writes its table beside the output; give an output file")
    pages = iter_pages(args.inputs, text_field=args.text_field, id_fields=tuple(args.id_field or ("id", "url")),
                       max_bytes=int(args.max_page_mb * 1e6), stdin_format=args.stdin_format)
    prefix, _ = split_at_step(pipeline)
    if args.engine == "ray":
        counts = count_ray(pages, prefix, address=args.address, min_pages=args.site_min_pages)
    else:
        counts = count_local(pages, prefix, workers=workers, min_pages=args.site_min_pages)
    table = beside(args.output, ".site-lines.json")
    n = counts.write_table(table, min_site_pages=args.site_min_site_pages)
    if not args.quiet:
        large = sum(1 for c in counts.pages.values() if c >= args.site_min_site_pages)
        stderr.write(f"site boilerplate: {sum(counts.pages.values())} pages of {len(counts.pages)} sites counted; "
                     f"{n} lines repeat on {args.site_min_pages}+ pages of the {large} sites with "
                     f"{args.site_min_site_pages}+ pages ({table})\n")
    return with_step(pipeline, str(table))


def _route_excluded(args: argparse.Namespace, results: Iterator[PageResult], stderr: TextIO) -> Iterator[PageResult]:
    """Move excluded records from each result to the exclusions file, kept in shards in step with the output."""
    if args.output == "-" and not args.exclusions:
        _usage_error(stderr, "--quality-filter with standard output needs --exclusions PATH")
    path = Path(args.exclusions) if args.exclusions else beside(args.output, ".excluded.jsonl")
    shards = ShardedOutput(path, resume=args.resume, shard_pages=args.shard_pages)
    shards.open()
    # a page whose articles were all excluded is in no output shard, so --resume cleans it again: its
    # exclusions already written are not written twice
    written = {json.loads(line)["id"] for shard in sorted(shards.parts.glob("part-*.jsonl"))
               for line in shard.read_text(encoding="utf-8").splitlines() if line.strip()}
    reasons: Counter[str] = Counter()
    finished = False
    try:
        for result in results:
            excluded = ""
            if EXCLUDED_MARK in result.rows:
                kept = []
                for row in result.rows.splitlines(keepends=True):
                    record = json.loads(row) if EXCLUDED_MARK in row else None
                    verdict = record["meta"].get("excluded") if record else None
                    if not verdict:
                        kept.append(row)
                    elif record["id"] not in written:  # counted where it is written, once
                        excluded += row
                        reasons[verdict["reason"]] += 1
                        result.excluded[verdict["reason"]] = result.excluded.get(verdict["reason"], 0) + 1
                result.rows = "".join(kept)
                result.articles = len(kept)
                result.bytes_out = len(result.rows.encode("utf-8"))
            # one entry per page, even empty, sealed at the same counts, so its shards end where the output's do
            if shards.write(excluded, result.source):
                shards.seal()
            yield result
        shards.finish()
        finished = True
    finally:
        if not finished:
            shards.seal()
    if not args.quiet:
        total = sum(reasons.values())
        detail = ", ".join(f"{r} {n}" for r, n in reasons.most_common())
        stderr.write(f"quality filter: {total} articles excluded{': ' + detail if detail else ''} ({path})\n")
