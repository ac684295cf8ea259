"""The ``report`` subcommand: its arguments and what it runs."""
from __future__ import annotations

import argparse
from typing import TextIO

from . import build_report


def add_report_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``corpus-clean report`` on the command line's subparsers."""
    report = sub.add_parser("report", help="write an HTML audit report of a run's records",
                            description="Write one self-contained HTML file: the run's figures, charts of removed "
                                        "lines by cleaner, reason and site, and a sample of pages coloured by fate.")
    report.add_argument("records", metavar="OUT.jsonl", help="the records of a run (.jsonl, .jsonl.gz, .jsonl.zst, "
                                                             ".parquet)")
    report.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="where to write the report")
    report.add_argument("--pages", type=int, default=20,
                        help="pages to show: half the most edited, half at random (default: %(default)s)")
    report.add_argument("--seed", type=int, default=0, help="seed of the random sample (default: %(default)s)")
    report.add_argument("--run-report", metavar="REPORT.json", default=None,
                        help="the run report (default: OUT.report.json beside the records, when present)")


def run_report_command(args: argparse.Namespace, stderr: TextIO) -> int:
    """Build the report; a missing or unreadable input is a clear error and exit status 2."""
    if args.pages < 0:
        stderr.write("corpus-clean report: --pages must be 0 or more\n")
        return 2
    try:
        scan = build_report(args.records, args.output, pages=args.pages, seed=args.seed, run_report=args.run_report)
    except (OSError, ValueError) as err:
        stderr.write(f"corpus-clean report: {err}\n")
        return 2
    stderr.write(f"{args.output}: {scan.pages} pages, {scan.articles} articles, {len(scan.sample)} pages shown\n")
    for problem in scan.bad_records[:5]:
        stderr.write(f"  skipped {problem}\n")
    return 1 if scan.bad_records else 0
