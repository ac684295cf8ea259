"""Reading pages and writing records, streaming.

Pages come from files (``.txt``, ``.html``, ``.htm``), folders of them
(searched recursively), JSON Lines (``.jsonl``, ``.jsonl.gz``: one page per
row, its text in ``text``, its source in ``id`` or ``url``) or standard input.
A page that cannot be read is not an exception that ends the run: the reader
yields it with the reason, and the caller reports it.

Records are written to a temporary file beside the output and renamed over it
only when the run is complete, so an output file is never half-written.
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator

from .cleaners.mojibake import plausibility
from .record import Article

TEXT_SUFFIXES = (".txt", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024


class PageError(ValueError):
    """A page that cannot be read as text; the message says why."""


@dataclass
class PageInput:
    """One page to clean, or the reason it could not be read."""

    source: str
    text: str | None = None
    error: str | None = None
    nbytes: int = 0


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Decode a page's bytes: by BOM, then strict UTF-8, then GB18030 or Big5 if plausible Chinese.

    Raises :class:`PageError` for empty, binary or undecodable input.
    """
    text = _decode(data)
    if not text.strip():
        raise PageError("empty page")
    return text


def _decode(data: bytes) -> str:
    if not data.strip():
        raise PageError("empty page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise PageError(f"has a {encoding} byte-order mark but is not valid {encoding}: {err.reason} "
                                f"at byte {err.start}") from None
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise PageError(f"binary content, not text ({controls} control bytes in the first {len(sample)})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text[:20000])
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.6:
        raise PageError("undecodable: not UTF-8, and not plausible GB18030 or Big5 text")
    return best[1]


def _read_file(path: Path, max_bytes: int) -> PageInput:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return PageInput(source, error=f"page too large: {size / 1e6:.1f} MB over the limit of "
                                           f"{max_bytes / 1e6:.1f} MB (see --max-page-mb)", nbytes=size)
        data = path.read_bytes()
    except OSError as err:
        return PageInput(source, error=f"cannot read: {err.strerror or err}")
    try:
        return PageInput(source, text=decode_bytes(data), nbytes=len(data))
    except PageError as err:
        return PageInput(source, error=str(err), nbytes=len(data))


def _open_jsonl(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="strict")
    return open(path, encoding="utf-8-sig", errors="strict")


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def iter_jsonl(path: Path, text_field: str = "text", id_fields: tuple[str, ...] = ("id", "url"),
               stream: IO[bytes] | None = None, max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> Iterator[PageInput]:
    """One page per row; a bad row is yielded with its error and the other rows are still read.

    Rows are decoded one by one as UTF-8 (a BOM on the first is allowed), so a
    row with broken bytes costs that row only.
    """
    name = str(path)
    try:
        fh = stream if stream is not None else _open_binary(path)
    except OSError as err:
        yield PageInput(name, error=f"cannot read: {err.strerror or err}")
        return
    try:
        for n, raw_bytes in enumerate(fh, 1):
            where = f"{name}:{n}"
            try:
                raw = raw_bytes.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as err:
                yield PageInput(where, error=f"row is not UTF-8: {err.reason} at byte {err.start}",
                                nbytes=len(raw_bytes))
                continue
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as err:
                yield PageInput(where, error=f"not a JSON object: {err.msg} at column {err.colno}")
                continue
            if not isinstance(row, dict):
                yield PageInput(where, error=f"row is a JSON {type(row).__name__}, not an object")
                continue
            source = next((str(row[f]) for f in id_fields if row.get(f) not in (None, "")), where)
            text = row.get(text_field)
            if not isinstance(text, str):
                yield PageInput(source, error=f"row has no string field {text_field!r}")
                continue
            if len(raw_bytes) > max_bytes:
                yield PageInput(source, error=f"page too large: {len(raw_bytes) / 1e6:.1f} MB over the limit of "
                                              f"{max_bytes / 1e6:.1f} MB (see --max-page-mb)", nbytes=len(raw_bytes))
                continue
            if not text.strip():
                yield PageInput(source, error="empty page")
                continue
            yield PageInput(source, text=text, nbytes=len(raw_bytes))
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield PageInput(name, error=f"stopped reading: {err}")
    finally:
        if stream is None:
            fh.close()


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path | str], list[PageInput]]:
    """Files to read (folders expanded, sorted) and the inputs that do not exist."""
    found: list[Path | str] = []
    missing: list[PageInput] = []
    for item in inputs:
        if item == "-":
            found.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and _known(p)))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(PageInput(item, error="no such file or folder"))
    return found, missing


def _known(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(TEXT_SUFFIXES) or name.endswith(JSONL_SUFFIXES)


def iter_pages(inputs: Iterable[str], text_field: str = "text", id_fields: tuple[str, ...] = ("id", "url"),
               max_bytes: int = DEFAULT_MAX_PAGE_BYTES, stdin_format: str = "text") -> Iterator[PageInput]:
    """Every page of every input, in order; unreadable ones carry their error."""
    found, missing = expand_inputs(inputs)
    yield from missing
    for item in found:
        if item == "-":
            if stdin_format == "jsonl":
                yield from iter_jsonl(Path("<stdin>"), text_field, id_fields, stream=sys.stdin.buffer,
                                      max_bytes=max_bytes)
            else:
                data = sys.stdin.buffer.read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield PageInput("<stdin>", error=f"page too large: over the limit of {max_bytes / 1e6:.1f} MB "
                                                     "(see --max-page-mb)", nbytes=len(data))
                    continue
                try:
                    yield PageInput("<stdin>", text=decode_bytes(data), nbytes=len(data))
                except PageError as err:
                    yield PageInput("<stdin>", error=str(err), nbytes=len(data))
        elif isinstance(item, Path) and item.name.lower().endswith(JSONL_SUFFIXES):
            yield from iter_jsonl(item, text_field, id_fields, max_bytes=max_bytes)
        else:
            yield _read_file(Path(item), max_bytes)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicWriter:
    """Write text to ``path`` through a temporary file renamed over it on success.

    Use as a context manager; if the block raises, the temporary file is
    removed and ``path`` is left as it was. ``-`` writes to standard output.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._tmp: str | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path == "-":
            self._fh = sys.stdout
            return sys.stdout
        target = Path(self.path)
        if target.is_dir():
            raise IsADirectoryError(f"output {self.path} is a folder; give a file name")
        directory = target.parent if str(target.parent) else Path(".")
        directory.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes it private; the output should not be
        if self.path.endswith(".gz"):
            os.close(fd)
            self._fh = gzip.open(self._tmp, "wt", encoding="utf-8")
        else:
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._fh

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.path == "-":
            sys.stdout.flush()
            return
        assert self._fh is not None and self._tmp is not None
        try:
            self._fh.close()
        finally:
            if exc_type is None:
                os.replace(self._tmp, self.path)
            elif os.path.exists(self._tmp):
                os.unlink(self._tmp)


def write_jsonl(articles: Iterable[Article], path: str | Path) -> int:
    """Write records as JSON Lines, atomically; return how many."""
    n = 0
    with AtomicWriter(path) as fh:
        for article in articles:
            fh.write(article.to_json() + "\n")
            n += 1
    return n


def read_jsonl(path: str | Path) -> Iterator[Article]:
    """Read records written by :func:`write_jsonl` (plain or ``.gz``)."""
    path = Path(path)
    with _open_jsonl(path) as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield Article.from_json(line)
                except (ValueError, TypeError) as err:
                    raise ValueError(f"{path}:{n}: not an article record: {err}") from None
