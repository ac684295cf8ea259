"""Decoding a page's bytes to text: byte-order mark, declared charset, UTF-8, then GB18030 or Big5.

A page is not lost for a few bytes that are not text: NUL bytes are dropped
and invalid sequences become U+FFFD, counted, as long as they are at most
:data:`MAX_REPLACED_SHARE` of the page and the text is plausible Chinese.
"""
from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from .cleaners.mojibake import plausibility


class PageError(ValueError):
    """A page that cannot be read as text; the message says why."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DECLARED_CHARSET_BYTES = 4096
"""How far into a page a ``<meta charset>`` declaration is looked for."""
MAX_REPLACED_SHARE = 0.01
"""A page is still text when at most this share of its bytes had to be replaced (invalid sequences, NULs)."""
MIN_PLAUSIBILITY = 0.6
"""Below this :func:`~corpus_clean.cleaners.mojibake.plausibility`, a legacy decoding is not taken as Chinese."""
_CHARSET_NAME = re.compile(rb"[\"' ]{0,4}([a-z0-9_-]{0,40})")
_LEGACY_CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5",
                   "big5hkscs": "big5hkscs", "cp936": "gb18030", "cp950": "big5"}


@dataclass
class Decoded:
    """A page's text, the encoding it was read with, and how many bytes were not text (replaced or dropped)."""

    text: str
    encoding: str
    replaced_bytes: int = 0


def decode_bytes(data: bytes) -> str:
    """Decode a page's bytes (see :func:`decode_page`); the text only.

    Raises :class:`PageError` for empty, binary or undecodable input.
    """
    return decode_page(data).text


def decode_page(data: bytes) -> Decoded:
    """Decode a page's bytes: BOM, then a declared charset, then UTF-8, then GB18030 or Big5 if plausible.

    A few bytes that are not text do not lose the page: NUL bytes are dropped
    and invalid sequences become U+FFFD, counted in ``replaced_bytes``, as long
    as they are at most :data:`MAX_REPLACED_SHARE` of the page and, for the
    legacy encodings, the result is plausible Chinese. Raises
    :class:`PageError` for empty, binary or undecodable input.
    """
    decoded = _decode(data)
    if not decoded.text.strip():
        raise PageError("empty page")
    return decoded


class _ReplacedCounter(threading.local):
    n = 0


_REPLACED = _ReplacedCounter()


def _replace_and_count(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    _REPLACED.n += err.end - err.start
    return "\ufffd", err.end


codecs.register_error("corpus_clean.replace_and_count", _replace_and_count)


def _count_replacing(data: bytes, encoding: str) -> Decoded:
    """Decode with U+FFFD for each invalid sequence, counting the bytes replaced."""
    _REPLACED.n = 0
    text = data.decode(encoding, "corpus_clean.replace_and_count")
    return Decoded(text, encoding, _REPLACED.n)


def declared_charset(data: bytes) -> str | None:
    """The encoding a ``<meta charset=...>`` or ``http-equiv`` content type names in the page's first bytes."""
    head = data[:DECLARED_CHARSET_BYTES].lower()
    at = head.find(b"charset=")
    while at != -1:
        tag = head.rfind(b"<meta", 0, at)
        if tag != -1 and head.find(b">", tag, at) == -1:
            name = _CHARSET_NAME.match(head, at + 8).group(1).decode("ascii")
            try:
                codec = codecs.lookup(name).name
            except LookupError:
                return None
            return _LEGACY_CHINESE.get(codec.replace("_", ""), codec)
        at = head.find(b"charset=", at + 8)
    return None


def _decode(data: bytes) -> Decoded:
    if not data.strip():
        raise PageError("empty page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as err:
                raise PageError(f"has a {encoding} byte-order mark but is not valid {encoding}: {err.reason} "
                                f"at byte {err.start}") from None
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > max(1, int(len(sample) * MAX_REPLACED_SHARE)):  # one stray control byte in a short page is not binary
        raise PageError(f"binary content, not text ({controls} control bytes in the first {len(sample)})")
    nuls = data.count(0)
    if nuls:
        data = data.replace(b"\x00", b"")
    budget = max(1, int(len(data) * MAX_REPLACED_SHARE))
    declared = declared_charset(data)
    if declared is not None and declared not in ("utf-8", "ascii") and not _is_utf8(data):
        result = _count_replacing(data, declared)
        if result.replaced_bytes <= budget and plausibility(result.text[:20000]) >= MIN_PLAUSIBILITY:
            return Decoded(result.text, declared, result.replaced_bytes + nuls)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", nuls)
    except UnicodeDecodeError:
        pass
    best: tuple[float, int, Decoded] | None = None
    for encoding in ("utf-8", "gb18030", "big5"):
        result = _count_replacing(data, encoding)
        if result.replaced_bytes > budget:
            continue
        score = plausibility(result.text[:20000])
        key = (score, -result.replaced_bytes)
        if best is None or key > best[:2]:
            best = (score, -result.replaced_bytes, result)
    if best is None or best[0] < MIN_PLAUSIBILITY:
        raise PageError("undecodable: not UTF-8, and not plausible GB18030 or Big5 text")
    found = best[2]
    return Decoded(found.text, found.encoding, found.replaced_bytes + nuls)


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 with some non-ASCII: legacy Chinese bytes almost never are, so it beats a declaration."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
