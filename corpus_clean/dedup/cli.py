"""``corpus-clean dedup IN... -o OUT.jsonl`` and ``corpus-clean clean ... --dedup exact|near``.

:func:`register` adds the ``dedup`` command and the ``--dedup`` option of
``clean`` to the main parser; :func:`dispatch` runs them. With ``--dedup``,
dedup runs on the finished output of ``clean``: the output is replaced by the
deduplicated one (atomically), the duplicates go beside it, and the run report
gets a ``dedup`` section.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable, TextIO

from ..io import AtomicWriter
from .cluster import KEEP_RULES
from .duplicates import MODES, DedupParams
from .rows import InputError
from .runner import DedupReport, beside, dedup_files

DEFAULTS = DedupParams()


def _add_params(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ngram", type=int, default=DEFAULTS.ngram,
                        help="characters per shingle of the folded text (default: %(default)s)")
    parser.add_argument("--num-perm", type=int, default=DEFAULTS.num_perm,
                        help="MinHash permutations (default: %(default)s)")
    parser.add_argument("--bands", type=int, default=DEFAULTS.bands, help="LSH bands (default: %(default)s)")
    parser.add_argument("--rows", type=int, default=DEFAULTS.rows, help="rows per LSH band (default: %(default)s)")
    parser.add_argument("--threshold", type=float, default=DEFAULTS.threshold,
                        help="estimated Jaccard similarity a candidate pair needs (default: %(default)s)")
    parser.add_argument("--keep", choices=tuple(KEEP_RULES), default=DEFAULTS.keep,
                        help="which article of a cluster is kept: " +
                             "; ".join(f"{k}: {v}" for k, v in KEEP_RULES.items()) + " (default: %(default)s)")
    parser.add_argument("--spill-dir", metavar="DIR", default=None,
                        help="keep MinHash signatures in a temporary file in DIR, memory-mapped, not in memory")
    parser.add_argument("--minhash-backend", choices=("auto", "rensa", "numpy"), default="auto",
                        help="auto: rensa if installed, else numpy (default: %(default)s)")


def register(parser: argparse.ArgumentParser) -> None:
    """Add ``dedup`` to the parser's commands and ``--dedup`` (with the parameters) to ``clean``."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    clean = sub.choices["clean"]
    group = clean.add_argument_group("deduplication (after cleaning)")
    group.add_argument("--dedup", choices=tuple(MODES), default=None,
                       help="remove duplicate articles from the output: exact or near (see 'corpus-clean dedup')")
    _add_params(group)  # type: ignore[arg-type]
    dedup = sub.add_parser("dedup", help="remove duplicate articles (exact or near) from JSON Lines records",
                           description="Remove duplicate articles from JSON Lines files: exact (same folded text) "
                                       "or near (MinHash LSH on character n-grams). Duplicates go to "
                                       "OUT.excluded.jsonl with duplicate_of and similarity.")
    dedup.add_argument("inputs", nargs="+", metavar="IN", help="JSON Lines file (.jsonl, .gz, .zst) or folder")
    dedup.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="the kept rows")
    dedup.add_argument("--mode", choices=tuple(MODES), default="near", help="exact or near (default: near)")
    dedup.add_argument("--excluded", metavar="PATH", help="where duplicates go (default: OUT.excluded.jsonl)")
    dedup.add_argument("--text-field", default="text", help="field holding the text (default: text)")
    dedup.add_argument("--id-field", action="append", default=None,
                       help="field(s) giving the id, tried in order (default: id, then url; else file:line)")
    dedup.add_argument("--report", metavar="REPORT.json", help="default: OUT.report.json beside the output")
    dedup.add_argument("--no-report", action="store_true", help="write no run report")
    dedup.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    _add_params(dedup)


def _params(args: argparse.Namespace, mode: str) -> DedupParams:
    return DedupParams(mode=mode, ngram=args.ngram, num_perm=args.num_perm, bands=args.bands, rows=args.rows,
                       threshold=args.threshold, keep=args.keep, backend=args.minhash_backend)


def _write_report(path: Path, section: dict, merge: bool) -> None:
    report = json.loads(path.read_text(encoding="utf-8")) if merge and path.exists() else {}
    report = {**report, "dedup": section} if merge else section
    with AtomicWriter(path) as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def _run(args: argparse.Namespace, inputs: list[str], mode: str, stderr: TextIO) -> tuple[int, DedupReport | None]:
    try:
        params = _params(args, mode)
        report = dedup_files(inputs, args.output, params, text_field=getattr(args, "text_field", "text"),
                             id_fields=tuple(getattr(args, "id_field", None) or ("id", "url")),
                             excluded=getattr(args, "excluded", None), spill_dir=args.spill_dir)
    except (InputError, ValueError) as err:
        stderr.write(f"corpus-clean dedup: {err}\n")
        return 2, None
    except OSError as err:
        stderr.write(f"corpus-clean dedup: {getattr(err, 'filename', None) or ''}: {err.strerror or err}\n")
        return 2, None
    if not args.quiet:
        stderr.write(report.summary() + "\n")
    return (1 if report.bad_rows else 0), report


def run(args: argparse.Namespace, stderr: TextIO) -> int:
    """``corpus-clean dedup``: exit 0, 1 when some rows were not JSON objects (copied through), 2 for errors."""
    if args.output == "-":
        stderr.write("corpus-clean dedup: give an output file (-o OUT.jsonl); duplicates are written beside it\n")
        return 2
    status, report = _run(args, args.inputs, args.mode, stderr)
    if report is not None and not args.no_report:
        _write_report(Path(args.report) if args.report else beside(Path(args.output), "report"),
                      report.to_dict(), merge=False)
    return status


def dispatch(args: argparse.Namespace, run_clean: Callable[[argparse.Namespace, TextIO], int], stderr: TextIO) -> int:
    """Run ``dedup``, or ``clean`` followed by dedup of its output when ``--dedup`` is given."""
    if args.command == "dedup":
        return run(args, stderr)
    if args.dedup is None:
        return run_clean(args, stderr)
    if args.output == "-" or args.output.lower().endswith(".parquet"):
        stderr.write("corpus-clean: --dedup needs a JSON Lines output file (.jsonl, .jsonl.gz, .jsonl.zst)\n")
        return 2
    status = run_clean(args, stderr)
    if status not in (0, 1):
        return status
    dedup_status, report = _run(args, [args.output], args.dedup, stderr)
    if report is not None and not args.no_report:
        _write_report(Path(args.report) if args.report else beside(Path(args.output), "report"),
                      report.to_dict(), merge=True)
    return max(status, dedup_status)
