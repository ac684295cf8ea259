"""An HTML audit report of a cleaning run: figures, removals by reason and site, and sampled pages.

    corpus-clean report OUT.jsonl [--pages N] -o report.html

The records are streamed once (see :mod:`.scan`); the report holds the totals and
a bounded sample of pages, so its size does not grow with the run.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..io import OUTPUT_SUFFIXES, AtomicWriter
from .render import render_report
from .scan import RunScan, scan_run

__all__ = ["build_report", "run_report_path", "RunScan", "scan_run"]


def run_report_path(records: Path) -> Path:
    """The run report the ``clean`` command writes beside its output: ``out.jsonl`` -> ``out.report.json``."""
    name = records.name
    for suffix in sorted(OUTPUT_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return records.with_name(f"{name}.report.json")


def _load_run_report(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: run report is not readable JSON ({err})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: run report is not a JSON object")
    return data


def build_report(records: str | Path, output: str | Path, pages: int = 20, seed: int = 0,
                 run_report: str | Path | None = None) -> RunScan:
    """Write the HTML report of the run whose records are at ``records``; return what the scan found.

    ``pages`` pages are shown: half the most edited, half drawn at random. The run
    report is read from ``run_report``, else from beside the records when it is there.
    """
    records = Path(records)
    most_edited = (pages + 1) // 2
    scan = scan_run(records, most_edited=most_edited, random_pages=pages - most_edited, seed=seed)
    run = _load_run_report(Path(run_report) if run_report else run_report_path(records))
    html = render_report(scan, run, f"corpus-clean report: {records.name}")
    with AtomicWriter(output) as fh:
        fh.write(html)
    return scan
