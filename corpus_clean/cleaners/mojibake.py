"""Mojibake repair: text that went through the wrong decoder.

Faults repaired, each only when the repaired text decodes cleanly and is more
plausible Chinese than what stood there (see :func:`plausibility`):

``out_of_step``
    A GBK byte stream read one byte out of step after a closing quote, as in
    ``好幾個?!背强诳h委`` for ``好幾個。”城口縣委``: the marker ``?!`` stands for
    ``。`` and a closing quote, and the run after it, re-encoded as GB18030 and
    read one byte later, is the real text up to the first ASCII character,
    which closes the run. The byte dropped from the run tells which quote it was.
``utf8_as_gbk``
    UTF-8 bytes decoded as GBK: ``鍦ㄧ嚎`` for ``在线``.
``gbk_as_latin1``
    GBK bytes decoded as Latin-1 or cp1252: ``ÔÚÏß`` for ``在线``.
``utf8_as_latin1``
    UTF-8 bytes decoded as Latin-1 or cp1252: ``å·¥ä½œ`` for ``工作``.

What cannot be repaired is left as it is and counted as ``unrepaired``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from ..chars import ClassCounter, char_class
from ..page import NO_EDITS, TEXT_KINDS, Page
from .base import Cleaner

_OUT_OF_STEP = re.compile(r"\?!([^\x00-\x7f]*[\x21-\x7e]?)")
# runs of characters that Latin-1 / cp1252 decoding produces from high bytes
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# a GBK trail byte can be ASCII (縣 is BF 68): a run may end on one ASCII character
_LATIN_RUN = re.compile(rf"[\x80-\xff{_CP1252_EXTRA}](?:[\x20-\x7e]{{0,3}}[\x80-\xff{_CP1252_EXTRA}])+[\x40-\x7e]?")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕—")


def _is_common_han(char: str) -> bool:
    """A character of GB2312 level 1 (3755 most used) or Big5's frequent set (5401)."""
    try:
        gb = char.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, None], dict[int, None]]:
    """``str.translate`` tables: one deletes what is not weighed, the other also what is good."""
    ignored = {c: None for c in range(0x80) if chr(c).isspace() or chr(c).isalnum()}
    ignored.update({ord(c): None for c in "\u3000\u00a0"})
    good = dict(ignored)
    good.update({c: None for c in range(0x80)})
    good.update({ord(c): None for c in _COMMON_PUNCT})
    good.update({c: None for c in range(0x3400, 0xA000) if _is_common_han(chr(c))})
    return ignored, good


@lru_cache(maxsize=1)
def _classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns of one character that is not good, and of one that is weighed (not ignored)."""
    ignored, good = _tables()
    return re.compile(f"[^{char_class(good)}]"), re.compile(f"[^{char_class(ignored)}]")


@lru_cache(maxsize=1)
def _counters() -> tuple[ClassCounter, ClassCounter]:
    """Counters of the good characters and of the ignored ones."""
    ignored, good = _tables()
    return ClassCounter(char_class(good)), ClassCounter(char_class(ignored))


@lru_cache(maxsize=1)
def _suspect() -> re.Pattern[str]:
    """A character that is neither weighed nor good, or an out-of-step marker.

    A line without one is never changed: every codec repair must raise the
    line's :func:`plausibility` by a margin, and such a line already scores 1.
    """
    not_good, _ = _classes()
    return re.compile(f"{not_good.pattern}|\\?!")


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese, from 0 to 1.

    The share of its non-space, non-ASCII-alphanumeric characters that are
    common Han characters or Chinese punctuation. Mojibake is made of rare
    characters, bopomofo, box drawing, Latin-1 letters and private-use code
    points, so it scores low; real text of any register scores high.
    """
    good, ignored = _counters()
    bad = len(text) - good(text)
    if not bad:
        return 1.0
    return 1 - bad / (len(text) - ignored(text))


def _better(candidate: str, original: str, margin: float = 0.2, original_score: float | None = None) -> bool:
    score = plausibility(original) if original_score is None else original_score
    return bool(_HAN.search(candidate)) and plausibility(candidate) >= score + margin


def _repair_out_of_step(match: re.Match[str]) -> str | None:
    run = match.group(1)
    if not run:
        return None
    try:
        raw = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    quote = _closing_quote(raw[0])
    try:
        repaired = raw[1:].decode("gb18030")
    except UnicodeDecodeError:
        return None
    if not _better(repaired, run, margin=0.0) or "\ufffd" in repaired:
        return None
    return "。" + quote + repaired


def _closing_quote(byte: int) -> str:
    try:
        char = bytes([0xA1, byte]).decode("gbk")
    except UnicodeDecodeError:
        return "”"
    return char if char in "”’」』）" else "”"


def repair_out_of_step(text: str) -> tuple[str, int]:
    """Repair ``?!`` out-of-step runs; return the text and how many were repaired."""
    if "?!" not in text:
        return text, 0
    repaired = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal repaired
        fixed = _repair_out_of_step(match)
        if fixed is None:
            return match.group(0)
        repaired += 1
        return fixed

    return _OUT_OF_STEP.sub(replace, text), repaired


def _try_decode(text: str, encoding: str, decoding: str) -> str | None:
    try:
        return text.encode(encoding).decode(decoding)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def repair_codec_runs(text: str) -> tuple[str, dict[str, int]]:
    """Repair whole-text and run-level decoder faults (UTF-8/GBK/Latin-1 confusions)."""
    if text.isascii():
        return text, NO_EDITS
    counts: dict[str, int] = {}
    score = plausibility(text)
    # UTF-8 read as GBK: the whole line re-encodes to valid UTF-8 (real GBK text almost never does);
    # a repair must gain 0.2, so a line scoring above 0.8 cannot have one
    fixed = _try_decode(text, "gb18030", "utf-8") if score <= 0.8 else None
    if fixed is not None and fixed != text and _better(fixed, text, original_score=score):
        counts["utf8_as_gbk"] = 1
        text = fixed
    elif score < 0.9 and _HAN.search(text):
        def fix_run(m: re.Match[str]) -> str:
            run = m.group(0)
            cand = _try_decode(run, "gb18030", "utf-8")
            if cand is not None and cand != run and _better(cand, run):
                counts["utf8_as_gbk"] = counts.get("utf8_as_gbk", 0) + 1
                return cand
            return run
        text = _NON_ASCII_RUN.sub(fix_run, text)

    def fix_latin(m: re.Match[str]) -> str:
        whole = m.group(0)
        # two Chinese characters make at least four Latin-1 characters; accented words rarely do
        if sum(1 for c in whole if not c.isascii()) < 4:
            return whole
        for run in (whole, whole[:-1]) if whole[-1].isascii() else (whole,):
            for reason, decoding in (("utf8_as_latin1", "utf-8"), ("gbk_as_latin1", "gb18030")):
                for encoding in ("latin-1", "cp1252"):
                    cand = _try_decode(run, encoding, decoding)
                    if cand is not None and cand != run and _better(cand, run) and plausibility(cand) >= 0.75:
                        counts[reason] = counts.get(reason, 0) + 1
                        return cand + whole[len(run):]
        return whole

    if _LATIN_RUN.search(text):
        text = _LATIN_RUN.sub(fix_latin, text)
    return text, counts or NO_EDITS


class Mojibake(Cleaner):
    """Repair text that went through the wrong decoder, only where the repair is plausible.

    Args:
        out_of_step: repair the ``?!`` out-of-step GBK runs.
        codecs: repair UTF-8/GBK/Latin-1 decoder confusions.
    """

    name: ClassVar[str] = "mojibake"
    reasons: ClassVar[dict[str, str]] = {}

    def __init__(self, out_of_step: bool = True, codecs: bool = True) -> None:
        self.out_of_step = out_of_step
        self.codecs = codecs

    def fix(self, text: str) -> tuple[str, Mapping[str, int]]:
        """Repair one line of text; return it with the repairs counted by fault."""
        counts: Mapping[str, int] = NO_EDITS
        if self.codecs:
            text, counts = repair_codec_runs(text)
        if self.out_of_step and "?!" in text:
            text, n = repair_out_of_step(text)
            if n:
                counts = {**counts, "out_of_step": counts.get("out_of_step", 0) + n}
        return text, counts

    def warm_up(self) -> None:
        _tables(), _classes(), _counters(), _suspect()

    def apply(self, page: Page) -> Page:
        page.edit_lines(self.name, self.fix, trigger=_suspect())
        if "?!" not in "\n".join([ln.text for ln in page.lines if ln.kind in TEXT_KINDS]):  # a break makes none
            return page
        _finish_bare_markers(page, self.name)
        for line in page.lines:
            if line.is_text and "?!" in line.text:
                line.edits[(self.name, "unrepaired")] += line.text.count("?!")
        return page


_BARE_MARKER = re.compile(r"(?<=[\u3400-\u9fff])\?!(?=$|[\x00-\x7f])")


def _finish_bare_markers(page: Page, name: str) -> None:
    """On a page that showed out-of-step runs, a ``?!`` with no run after it is the same ``。”``.

    Only the page's own evidence licenses this: a bare ``?!`` after Chinese text
    is left alone on a page where no out-of-step run was repaired, since
    ``?!`` is also ordinary (if ASCII) punctuation.
    """
    if not any(ln.has_edits and ln.edits.get((name, "out_of_step")) for ln in page.lines):
        return
    for line in page.lines:
        if line.is_text and "?!" in line.text:
            line.text, n = _BARE_MARKER.subn("。”", line.text)
            if n:
                line.edits[(name, "out_of_step")] += n
