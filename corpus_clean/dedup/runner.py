"""The dedup run over files: collect state in one pass, resolve, then write kept rows and exclusions.

Pass 1 streams the rows and keeps only :class:`DedupState` (no text). Pass 2
streams the rows again: a kept row is copied byte for byte to the output; a
duplicate goes to the exclusions file with ``duplicate_of`` (the kept row's id)
and ``similarity`` (1.0 for exact duplicates, else the estimated Jaccard
similarity to the kept row). Both files are written through temporary files
renamed into place at the end, so a failed run leaves neither half-written,
and every input row ends up in exactly one of them.
"""
from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterator

from ..io import AtomicWriter
from .duplicates import DedupParams, DedupState, Resolution, resolve_state
from .rows import InputError, Row, input_files, iter_rows

BATCH = 512
"""Rows per signature batch: enough for numpy to amortise its per-call cost, few enough to stay small."""

OUTPUT_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")


def beside(output: Path, kind: str) -> Path:
    """``out.jsonl`` -> ``out.<kind>.jsonl`` (``excluded``; the compression suffix is kept) or ``out.report.json``."""
    name = output.name
    suffix = next((s for s in sorted(OUTPUT_SUFFIXES, key=len, reverse=True) if name.lower().endswith(s)), "")
    stem = name[:len(name) - len(suffix)] if suffix else name
    return output.with_name(f"{stem}.report.json" if kind == "report" else f"{stem}.{kind}{suffix or '.jsonl'}")


@dataclass
class DedupReport:
    """What a run did; ``rows_in == kept + excluded``, bad rows included in ``kept`` (copied through)."""

    params: DedupParams
    rows_in: int = 0
    kept: int = 0
    excluded: int = 0
    excluded_exact: int = 0
    excluded_near: int = 0
    clusters: int = 0
    rows_without_text: int = 0
    bad_rows: list[tuple[str, str]] = field(default_factory=list)
    candidate_pairs: int = 0
    verified_pairs: int = 0
    bytes_per_document: float = 0.0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    def to_dict(self) -> dict:
        return {"mode": self.params.mode, "params": {k: getattr(self.params, k) for k in
                                                     ("ngram", "num_perm", "bands", "rows", "threshold", "keep")},
                "backend": self.params.hasher().backend if self.params.mode == "near" else None,
                "rows_in": self.rows_in, "kept": self.kept, "excluded": self.excluded,
                "excluded_exact": self.excluded_exact, "excluded_near": self.excluded_near,
                "clusters_with_duplicates": self.clusters, "rows_without_text": self.rows_without_text,
                "bad_rows": len(self.bad_rows),
                "bad_rows_list": [{"where": w, "reason": r} for w, r in self.bad_rows[:1000]],
                "candidate_pairs": self.candidate_pairs, "verified_pairs": self.verified_pairs,
                "state_bytes_per_document": round(self.bytes_per_document, 1),
                "seconds": round(self.seconds, 3), "peak_rss_mb": round(self.peak_rss_mb, 1)}

    def summary(self) -> str:
        lines = [f"{self.rows_in} rows: {self.kept} kept, {self.excluded} duplicates excluded "
                 f"({self.excluded_exact} exact, {self.excluded_near} near) in {self.clusters} clusters, "
                 f"{self.seconds:.1f} s"]
        if self.rows_without_text:
            lines.append(f"{self.rows_without_text} rows had no text field and were kept as they are")
        if self.bad_rows:
            lines.append(f"{len(self.bad_rows)} rows are not JSON objects; copied to the output as they are:")
            lines.extend(f"  {w}: {r}" for w, r in self.bad_rows[:20])
        return "\n".join(lines)


def _texts(rows: Iterator[Row]) -> Iterator[tuple[str, str]]:
    for row in rows:
        if row.error is None and row.text is not None:
            yield row.id, row.text


def _write(rows: Iterator[Row], state: DedupState, resolution: Resolution, output: Path, excluded: Path,
           report: DedupReport) -> None:
    """Pass 2: each row to the output (kept, or unreadable) or to the exclusions (with what it duplicates)."""
    kept, n = resolution.kept, 0
    with AtomicWriter(output) as out, AtomicWriter(excluded) as dup:
        for row in rows:
            report.rows_in += 1
            if row.error is not None or row.text is None:
                if row.error is not None:
                    report.bad_rows.append((row.where, row.error))
                else:
                    report.rows_without_text += 1
                out.write(row.raw.decode("utf-8", "replace").rstrip("\r\n") + "\n")
                report.kept += 1
                continue
            if n >= len(kept):
                raise InputError(f"{row.where}: the inputs grew between the two passes of the run")
            if kept[n] == n:
                out.write(row.raw.decode("utf-8-sig").rstrip("\r\n") + "\n")
                report.kept += 1
            else:
                record = json.loads(row.raw)
                record["duplicate_of"] = state.id(int(kept[n]))
                record["similarity"] = round(float(resolution.similarity[n]), 4)
                dup.write(json.dumps(record, ensure_ascii=False) + "\n")
                report.excluded += 1
                if resolution.exact[n]:
                    report.excluded_exact += 1
                else:
                    report.excluded_near += 1
            n += 1
        if n != len(kept):
            raise InputError(f"the inputs changed between the two passes of the run ({len(kept)} rows, then {n})")


def dedup_files(inputs: list[str], output: str | Path, params: DedupParams, text_field: str = "text",
                id_fields: tuple[str, ...] = ("id", "url"), excluded: str | Path | None = None,
                spill_dir: str | Path | None = None) -> DedupReport:
    """Deduplicate JSON Lines files into ``output``, duplicates into ``excluded`` (default: beside it).

    With ``spill_dir``, signatures go to a temporary file there instead of memory (see :class:`DedupState`).
    """
    started = time.monotonic()
    files = input_files(inputs)
    output = Path(output)
    excluded = Path(excluded) if excluded is not None else beside(output, "excluded")
    report = DedupReport(params)
    state = DedupState(params, spill_dir)
    try:
        pairs = _texts(iter_rows(files, text_field, id_fields))
        while batch := list(islice(pairs, BATCH)):
            state.add([i for i, _ in batch], [t for _, t in batch])
        resolution = resolve_state(state)
        report.bytes_per_document = state.bytes_per_document
        report.candidate_pairs, report.verified_pairs = resolution.candidate_pairs, resolution.verified_pairs
        _write(iter_rows(files, text_field, id_fields), state, resolution, output, excluded, report)
    finally:
        state.close()
    kept = resolution.kept
    report.clusters = len(set(kept[resolution.duplicates()].tolist()))
    report.seconds = time.monotonic() - started
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report
