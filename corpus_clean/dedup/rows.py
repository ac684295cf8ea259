"""Reading the rows to deduplicate: JSON Lines files (plain, ``.gz``, ``.zst``), each row with its raw bytes.

The runner reads its inputs twice (signatures, then the output), so rows come
from files, never from standard input. A row that is not a JSON object is
yielded with the reason and its place (``file:line``); the runner reports it.
"""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")


@dataclass
class Row:
    """One input row: where it is, its raw line, and (when it is a JSON object) its id and text."""

    where: str
    raw: bytes
    id: str = ""
    text: str | None = None
    error: str | None = None


class InputError(ValueError):
    """An input that is missing, a folder without JSON Lines, or of a kind dedup cannot read twice."""


def input_files(inputs: Iterable[str]) -> list[Path]:
    """The JSON Lines files named (folders searched recursively, sorted); raises for anything else."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if item == "-":
            raise InputError("dedup reads its inputs twice, so it cannot read standard input; give a file")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
            if not found:
                raise InputError(f"{item}: a folder with no .jsonl, .jsonl.gz or .jsonl.zst file")
            files.extend(found)
        elif not path.exists():
            raise InputError(f"{item}: no such file")
        elif not path.name.lower().endswith(SUFFIXES):
            raise InputError(f"{item}: not JSON Lines (name it .jsonl, .jsonl.gz or .jsonl.zst)")
        else:
            files.append(path)
    return files


def _open(path: Path) -> IO[bytes]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True))
    return open(path, "rb")


def iter_rows(files: Iterable[Path], text_field: str = "text",
              id_fields: tuple[str, ...] = ("id", "url")) -> Iterator[Row]:
    """Every non-blank row of the files in order; the id is the first id field present, else ``file:line``."""
    for path in files:
        with _open(path) as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    row = json.loads(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as err:
                    yield Row(where, raw, error=f"not a JSON object: {err}")
                    continue
                if not isinstance(row, dict):
                    yield Row(where, raw, error=f"a JSON {type(row).__name__}, not an object")
                    continue
                rid = next((str(row[f]) for f in id_fields if row.get(f) not in (None, "")), where)
                text = row.get(text_field)
                yield Row(where, raw, id=rid, text=text if isinstance(text, str) else None)
