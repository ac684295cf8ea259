"""Reading pages and writing records, streaming.

Pages come from files (``.txt``, ``.html``, ``.htm``; decoded by
:mod:`corpus_clean.decode`), folders of them (searched recursively), JSON Lines
(``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``: one page per row, its text in
``text``, its source in ``id`` or ``url``) or standard input.
A page that cannot be read is not an exception that ends the run: the reader
yields it with the reason, and the caller reports it.

Records are written to a temporary file beside the output and renamed over it
only when the run is complete, so an output file is never half-written.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .decode import Decoded, PageError, declared_charset, decode_bytes, decode_page  # noqa: F401 - part of io's API
from .record import Article

TEXT_SUFFIXES = (".txt", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")
OUTPUT_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet")
DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024


@dataclass
class PageInput:
    """One page to clean, or the reason it could not be read."""

    source: str
    text: str | None = None
    error: str | None = None
    nbytes: int = 0
    key: str = ""
    """Where the page is in the inputs (the file, or ``file:row``): unique even when sources repeat."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Facts about reading the page that go into its records' ``meta`` (``replaced_bytes``)."""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = self.source


def text_page(source: str, data: bytes, key: str | None = None) -> PageInput:
    """A page from its bytes: decoded, or with the reason it could not be."""
    try:
        decoded = decode_page(data)
    except PageError as err:
        return PageInput(source, error=str(err), nbytes=len(data), key=key or source)
    meta = {"replaced_bytes": decoded.replaced_bytes} if decoded.replaced_bytes else {}
    return PageInput(source, text=decoded.text, nbytes=len(data), key=key or source, meta=meta)


def _read_file(path: Path, max_bytes: int) -> PageInput:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return PageInput(source, error=f"page too large: {size / 1e6:.1f} MB over the limit of "
                                           f"{max_bytes / 1e6:.1f} MB (see --max-page-mb)", nbytes=size)
        data = path.read_bytes()
    except OSError as err:
        return PageInput(source, error=f"cannot read: {_os_reason(err)}")
    return text_page(source, data)


def _os_reason(err: OSError) -> str:
    """What an OS error says, in words (a symlink loop is named as one)."""
    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    return err.strerror or str(err)


class _ZstdReader(io.RawIOBase):
    """Every frame of a ``.zst`` stream, decompressed; a stream cut off inside a frame raises ``EOFError``,
    as :mod:`gzip` does, instead of ending quietly."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._zstd = _zstandard()
        self._raw = raw
        self._frame = self._zstd.ZstdDecompressor().decompressobj()
        self._in_frame = False
        self._out = b""
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._pos >= len(self._out):
            chunk = self._raw.read(1 << 20)
            if not chunk:
                if self._in_frame:
                    raise EOFError("compressed file ended before the end-of-stream marker was reached")
                return 0
            self._out, self._pos = self._feed(chunk), 0
        n = min(len(buffer), len(self._out) - self._pos)
        buffer[:n] = self._out[self._pos:self._pos + n]
        self._pos += n
        return n

    def _feed(self, chunk: bytes) -> bytes:
        out = []
        try:
            while chunk:
                out.append(self._frame.decompress(chunk))
                self._in_frame = True
                if not self._frame.eof:
                    break
                chunk = self._frame.unused_data
                self._frame = self._zstd.ZstdDecompressor().decompressobj()
                self._in_frame = False
        except self._zstd.ZstdError as err:
            raise OSError(f"not valid zstd data: {err}") from None
        return b"".join(out)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _open_binary(path: Path) -> IO[bytes]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        _zstandard()  # before the file is opened: a missing package must not leave it open
        return io.BufferedReader(_ZstdReader(open(path, "rb")), 1 << 16)  # type: ignore[return-value]
    return open(path, "rb")


def _zstandard():  # type: ignore[no-untyped-def]
    try:
        import zstandard
    except ImportError:
        raise PageError("reading or writing .zst needs the zstandard package: pip install zstandard") from None
    return zstandard


def source_value(value: object) -> str:
    """A row's ``id``/``url`` value as a source: strings as they are, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _rows(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[bytes | None, int]]:
    """Each line's bytes, or None and its size for a line over ``max_bytes``, which is skipped unread:
    an over-size row must not cost its size in memory several times over."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n") and len(line) == max_bytes + 1:
            yield line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = fh.readline(1 << 20)
            if not line:
                break
            size += len(line)
        yield None, size


def iter_jsonl(path: Path, text_field: str = "text", id_fields: tuple[str, ...] = ("id", "url"),
               stream: IO[bytes] | None = None, max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> Iterator[PageInput]:
    """One page per row; a bad row is yielded with its error and the other rows are still read.

    Rows are decoded one by one as UTF-8 (a BOM on the first is allowed), so a
    row with broken bytes costs that row only. A row longer than ``max_bytes``
    is reported before it is parsed. Every page's ``key`` is ``file:row``.
    """
    name = str(path)
    try:
        fh = stream if stream is not None else _open_binary(path)
    except (OSError, PageError) as err:
        yield PageInput(name, error=f"cannot read: {_os_reason(err) if isinstance(err, OSError) else err}")
        return
    try:
        for n, (raw_bytes, size) in enumerate(_rows(fh, max_bytes), 1):
            where = f"{name}:{n}"
            if raw_bytes is None:
                yield PageInput(where, error=f"page too large: row of {size / 1e6:.1f} MB over the limit of "
                                             f"{max_bytes / 1e6:.1f} MB (see --max-page-mb)", nbytes=size)
                continue
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
            source = next((source_value(row[f]) for f in id_fields if row.get(f) not in (None, "")), where)
            text = row.get(text_field)
            if not isinstance(text, str):
                yield PageInput(source, error=f"row has no string field {text_field!r}", key=where)
                continue
            if not text.strip():
                yield PageInput(source, error="empty page", key=where)
                continue
            yield PageInput(source, text=text, nbytes=len(raw_bytes), key=where)
    except (OSError, EOFError, gzip.BadGzipFile, PageError) as err:
        yield PageInput(name, error=f"stopped reading: {err}", key=f"{name}:stopped")
    finally:
        if stream is None:
            fh.close()


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path | str], list[PageInput]]:
    """Files to read (folders expanded, sorted) and the inputs that cannot be read, each with its reason.

    A folder or file the process may not read, a broken link and a symbolic
    link loop are reported by name; hidden files and folders (``.git``, an
    output's ``.out.jsonl.parts`` shards) are not pages.
    """
    found: list[Path | str] = []
    problems: list[PageInput] = []
    for item in inputs:
        if item == "-":
            found.append("-")
            continue
        try:
            mode = os.stat(item).st_mode
        except OSError as err:
            missing = err.errno in (errno.ENOENT, errno.ENOTDIR)
            problems.append(PageInput(item, error="no such file or folder" if missing
                                      else f"cannot read: {_os_reason(err)}"))
            continue
        if stat.S_ISDIR(mode):
            files, unreadable = _walk(Path(item))
            found.extend(files)
            problems.extend(unreadable)
        else:
            found.append(Path(item))
    return found, problems


def _walk(root: Path) -> tuple[list[Path], list[PageInput]]:
    """The page files under ``root``, sorted, and the folders and entries that could not be read."""
    files: list[Path] = []
    problems: list[PageInput] = []

    def unreadable(err: OSError) -> None:
        problems.append(PageInput(str(err.filename or root), error=f"cannot read folder: {_os_reason(err)}"))

    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:  # a link back to a folder already searched
            problems.append(PageInput(folder, error="cannot read folder: symbolic link loop (a link back to a "
                                                    "folder already searched)"))
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or not _known(Path(name)):
                continue
            path = Path(folder, name)
            try:
                if not stat.S_ISREG(os.stat(path).st_mode):
                    continue
            except OSError as err:
                problems.append(PageInput(str(path), error=f"cannot read: {_os_reason(err)}"))
                continue
            files.append(path)
    return sorted(files), problems


def _known(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(TEXT_SUFFIXES) or name.endswith(JSONL_SUFFIXES)


def iter_pages(inputs: Iterable[str], text_field: str = "text", id_fields: tuple[str, ...] = ("id", "url"),
               max_bytes: int = DEFAULT_MAX_PAGE_BYTES, stdin_format: str = "text",
               expanded: tuple[list[Path | str], list[PageInput]] | None = None) -> Iterator[PageInput]:
    """Every page of every input, in order; unreadable ones carry their error.

    ``expanded``: what :func:`expand_inputs` gave for ``inputs`` (perhaps filtered), to use instead of
    searching the folders again.
    """
    found, missing = expanded if expanded is not None else expand_inputs(inputs)
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
                yield text_page("<stdin>", data)
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
        elif self.path.endswith(".zst"):
            stream = _zstandard().ZstdCompressor(level=6).stream_writer(os.fdopen(fd, "wb"), closefd=True)
            self._fh = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")  # type: ignore[arg-type]
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
    """Read records written by :func:`write_jsonl` or the CLI (``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``)."""
    path = Path(path)
    with _open_binary(path) as fh:
        for n, raw in enumerate(fh, 1):
            if raw.strip():
                try:
                    yield Article.from_json(raw.decode("utf-8-sig" if n == 1 else "utf-8"))
                except (ValueError, TypeError) as err:
                    raise ValueError(f"{path}:{n}: not an article record: {err}") from None


def write_parquet(rows: Iterable[dict], path: str | Path, batch_rows: int = 2000) -> int:
    """Write records to Parquet, atomically, in row groups of ``batch_rows`` (needs ``pyarrow``).

    ``meta`` varies from record to record, so it is stored as a JSON string.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise PageError('writing Parquet needs pyarrow: pip install "corpus-clean[parquet]"') from None
    schema = pa.schema([("id", pa.string()), ("source", pa.string()), ("title", pa.string()),
                        ("subtitle", pa.string()), ("authors", pa.list_(pa.string())), ("date", pa.string()),
                        ("paragraphs", pa.list_(pa.string())), ("text", pa.string()), ("meta", pa.string()),
                        ("removed", pa.list_(pa.struct([("text", pa.string()), ("cleaner", pa.string()),
                                                        ("reason", pa.string())])))])
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    n = 0
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            batch: list[dict] = []
            for row in rows:
                batch.append({**row, "meta": json.dumps(row["meta"], ensure_ascii=False)})
                if len(batch) >= batch_rows:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    n += len(batch)
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return n


class ShardedOutput:
    """The output of a run, written in shards so a killed run can resume.

    Results are appended to a shard file in ``.<name>.parts/`` beside the
    output; every ``shard_pages`` pages the shard is put in place whole, with a
    ``part-N.done.json`` beside it that lists the keys of the pages it covers
    (file, or file:row, so rows of different inputs that share an id are told
    apart) and the caller's summary of them. When the run completes, the
    shards are merged, in order, into the output in the format its name asks
    for (``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst``, ``.parquet``), again
    through a temporary file, and the shards are removed. With ``resume``, the
    pages already in the shards are skipped by the caller.
    """

    def __init__(self, path: str | Path, resume: bool = False, shard_pages: int = 1000) -> None:
        self.path = Path(path)
        self.resume = resume
        self.shard_pages = shard_pages
        self.parts = self.path.parent / f".{self.path.name}.parts"
        self._index = 0
        self._keys: list[str] = []
        self._fh: IO[str] | None = None

    def check(self) -> None:
        """Fail now, before any page is cleaned, if the output cannot be written."""
        if not self.path.name.lower().endswith(OUTPUT_SUFFIXES):
            raise PageError(f"output {self.path}: name it .jsonl, .jsonl.gz, .jsonl.zst or .parquet")
        if self.path.is_dir():
            raise PageError(f"output {self.path} is a folder; give a file name")
        name = self.path.name.lower()
        if name.endswith(".parquet"):
            try:
                import pyarrow.parquet  # noqa: F401
            except ImportError:
                raise PageError('writing Parquet needs pyarrow: pip install "corpus-clean[parquet]"') from None
        elif name.endswith(".zst"):
            _zstandard()

    def open(self) -> Resumed:
        """Prepare the shards; return what earlier runs already did (nothing unless resuming)."""
        self.check()
        if not self.resume and self.parts.exists():
            shutil.rmtree(self.parts)
        self.parts.mkdir(parents=True, exist_ok=True)
        for stray in self.parts.glob("*.tmp"):
            stray.unlink()  # a shard that a killed run did not finish
        if self.resume and self.path.exists() and not list(self.parts.glob("part-*.jsonl")):
            self._adopt_finished_output()
        resumed = Resumed()
        shards = sorted(self.parts.glob("part-*.jsonl"))
        for shard in shards:
            done = shard.with_name(f"{shard.stem}.done.json")
            if done.exists():
                state = json.loads(done.read_text(encoding="utf-8"))
                resumed.keys.update(state["keys"])
                resumed.summaries.append(state["summary"])
            else:  # a finished output adopted, or shards of an older version: only the sources are known
                resumed.without_summary = True
                with open(shard, encoding="utf-8") as fh:
                    resumed.sources.update(json.loads(line)["source"] for line in fh if line.strip())
        self._index = int(shards[-1].stem.split("-")[1]) + 1 if shards else 0
        for orphan in self.parts.glob("part-*.done.json"):
            if not orphan.with_name(orphan.name.replace(".done.json", ".jsonl")).exists():
                orphan.unlink()  # its shard was never put in place
        return resumed

    def _adopt_finished_output(self) -> None:
        rows = read_rows(self.path)
        with open(self.parts / "part-000000.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def write(self, rows: str, key: str) -> bool:
        """Append one page's rows (possibly none) to the current shard; True when the shard is full
        and should be sealed."""
        if self._fh is None:
            self._fh = open(self.parts / f"part-{self._index:06d}.jsonl.tmp", "w", encoding="utf-8", newline="\n")
        self._fh.write(rows)
        self._keys.append(key)
        return len(self._keys) >= self.shard_pages

    def seal(self, summary: dict[str, Any] | None = None) -> None:
        """Put the current shard in place whole, with the keys of its pages and ``summary``."""
        if self._fh is None:
            return
        self._fh.close()
        stem = self.parts / f"part-{self._index:06d}"
        done_tmp = stem.with_name(f"{stem.name}.done.json.tmp")
        done_tmp.write_text(json.dumps({"keys": self._keys, "summary": summary or {}}, ensure_ascii=False),
                            encoding="utf-8")
        os.replace(done_tmp, stem.with_name(f"{stem.name}.done.json"))
        os.replace(stem.with_name(f"{stem.name}.jsonl.tmp"), stem.with_name(f"{stem.name}.jsonl"))
        self._fh, self._keys = None, []
        self._index += 1

    def finish(self, summary: dict[str, Any] | None = None) -> int:
        """Seal the last shard, merge the shards into the output; return its size in bytes."""
        self.seal(summary)
        shards = sorted(self.parts.glob("part-*.jsonl"))
        if self.path.name.lower().endswith(".parquet"):
            write_parquet((json.loads(line) for shard in shards
                           for line in open(shard, encoding="utf-8") if line.strip()), self.path)
        else:
            with AtomicWriter(self.path) as out:
                out.flush()
                for shard in shards:  # shards are UTF-8 with \n line ends already: copy their bytes
                    with open(shard, "rb") as fh:
                        shutil.copyfileobj(fh, out.buffer, 1 << 20)
        shutil.rmtree(self.parts)
        return self.path.stat().st_size


@dataclass
class Resumed:
    """What earlier runs of a resumed output did: the keys of the pages done, the sources of an output
    adopted without keys, and each shard's summary."""

    keys: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    summaries: list[dict[str, Any]] = field(default_factory=list)
    without_summary: bool = False
    """Whether some records came without a summary (a finished output): the caller may have one elsewhere."""

    def __contains__(self, page: object) -> bool:
        assert isinstance(page, PageInput)
        return page.key in self.keys or page.source in self.sources

    def __bool__(self) -> bool:
        return bool(self.keys or self.sources)


def read_rows(path: str | Path) -> Iterator[dict]:
    """The records of an output file as dicts, whatever its format."""
    path = Path(path)
    if path.name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        for row in pq.read_table(path).to_pylist():
            yield {**row, "meta": json.loads(row["meta"])}
        return
    with _open_binary(path) as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line.decode("utf-8-sig"))
