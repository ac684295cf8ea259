"""Tests for corpus_clean.io: decoding page bytes, finding and reading pages, writing records atomically."""
from __future__ import annotations

import codecs
import errno
import gzip
import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_clean.io import (AtomicWriter, PageError, declared_charset, decode_bytes, decode_page, expand_inputs,
                             iter_pages, read_jsonl, write_jsonl)
from corpus_clean.record import Article, Removal

DATA_PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"

SIMPLIFIED = ("近日，中共中央办公厅、国务院办公厅印发了《关于减轻中小学教师负担进一步营造教育教学良好环境的若干意见》，"
              "并发出通知，要求各地区各部门结合实际认真贯彻落实。")
TRADITIONAL = ("臺灣的經濟發展與國際貿易關係，長期以來備受關注。城口縣委組織部表示，將繼續推動黨建工作與經濟發展"
               "相互促進，為群眾辦實事、解難題。")


def _random_high_bytes(seed: int, n: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _pages(inputs, **kwargs):
    return list(iter_pages([str(i) for i in inputs], **kwargs))


def _by_source(pages):
    return {p.source: p for p in pages}


# --------------------------------------------------------------------------- decode_bytes


def test_utf8_bytes_decode_to_the_same_text():
    assert decode_bytes(SIMPLIFIED.encode("utf-8")) == SIMPLIFIED


def test_utf8_with_bom_decodes_without_the_bom():
    text = decode_bytes(b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"))
    assert text == SIMPLIFIED
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32"])
def test_utf16_and_utf32_with_bom_decode_to_the_same_text(encoding):
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + TRADITIONAL.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + TRADITIONAL.encode("utf-16-be")
    else:
        data = TRADITIONAL.encode(encoding)
    assert decode_bytes(data) == TRADITIONAL


def test_utf16_bom_with_broken_body_is_reported_not_garbled():
    data = b"\xff\xfe" + "中文".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate at the end
    with pytest.raises(PageError, match="byte-order mark"):
        decode_bytes(data)


def test_gbk_encoded_chinese_sentence_is_recognised():
    data = SIMPLIFIED.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only meaningful if these bytes are not UTF-8
    assert decode_bytes(data) == SIMPLIFIED


def test_gbk_encoded_sample_page_decodes_to_the_original_page():
    page = next(p for p in sorted(DATA_PAGES.glob("*.txt")) if _encodable(p.read_text(encoding="utf-8"), "gbk"))
    text = page.read_text(encoding="utf-8")
    assert decode_bytes(text.encode("gbk")) == text


def test_big5_encoded_traditional_chinese_is_recognised():
    data = TRADITIONAL.encode("big5")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == TRADITIONAL


@pytest.mark.parametrize("data", [b"", b" ", b" \t\r\n  \n\n", b"\n" * 1000], ids=["nothing", "space", "mixed", "newlines"])
def test_empty_or_ascii_whitespace_bytes_are_reported_as_empty(data):
    with pytest.raises(PageError, match="^empty"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n\t\n", " \n \n".encode("utf-16"), "\u3000\u3000\n\u3000\n".encode("utf-8")],
    ids=["utf8-bom-only", "utf8-bom-then-whitespace", "utf16-whitespace", "ideographic-spaces"],
)
def test_page_that_is_only_whitespace_once_decoded_is_reported_as_empty(data):
    # SPEC: an empty page "yields a clear error entry"; a byte-order mark or full-width
    # spaces with no text are as empty as b"".
    with pytest.raises(PageError, match="^empty"):
        decode_bytes(data)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 20240])
def test_random_bytes_are_reported_as_binary(seed):
    rng = random.Random(seed)
    data = bytearray(rng.randrange(256) for _ in range(rng.randrange(200, 5000)))
    data[rng.randrange(len(data))] = 0  # make sure there is at least one NUL
    with pytest.raises(PageError, match="binary"):
        decode_bytes(bytes(data))


def test_text_with_a_single_nul_byte_keeps_the_page_and_counts_the_byte():
    data = SIMPLIFIED.encode("utf-8") + b"\x00" + SIMPLIFIED.encode("utf-8")
    decoded = decode_page(data)
    assert decoded.text == SIMPLIFIED + SIMPLIFIED
    assert decoded.replaced_bytes == 1


def test_gbk_page_with_a_few_invalid_bytes_is_read_with_replacement_and_counted():
    page = next(p for p in sorted(DATA_PAGES.glob("*.txt")) if _encodable(p.read_text(encoding="utf-8"), "gbk"))
    text = page.read_text(encoding="utf-8")
    middle = len(text) // 2
    data = text[:middle].encode("gbk") + b"\xff\xff\xff" + text[middle:].encode("gbk")  # 0xFF starts no sequence
    decoded = decode_page(data)
    assert decoded.encoding == "gb18030"
    assert decoded.replaced_bytes == 3
    assert decoded.text.count("\ufffd") == 3
    assert decoded.text.replace("\ufffd", "") == text


def test_replaced_bytes_reach_the_page_meta_and_the_record(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(SIMPLIFIED.encode("utf-8") + b"\x00")
    [page] = _pages([path])
    assert page.meta == {"replaced_bytes": 1}
    path.write_bytes(SIMPLIFIED.encode("utf-8"))
    [clean] = _pages([path])
    assert clean.meta == {}


def test_declared_charset_is_honoured_before_plausibility():
    # Big5 bytes of these characters are also common GB2312 characters: only the declaration tells them apart
    traditional = "乾亂价伎优侄侗倏偃假偉偌偎偏偕做停健偭偯側偵偶偷偺偽傀傅傍傑傖傘備傚傢催傭傯傲傳"
    body = traditional.encode("big5")
    assert body.decode("gb18030") != traditional and decode_bytes(body) != traditional
    for head in (b'<html><head><meta charset="big5"></head><body>',
                 b"<meta http-equiv='Content-Type' content='text/html; charset=BIG5'>\n"):
        assert decode_bytes(head + body).endswith(traditional)


def test_declared_charset_loses_to_valid_utf8_and_to_a_bom():
    utf8 = SIMPLIFIED.encode("utf-8")
    assert decode_bytes(b'<meta charset="gb2312">' + utf8).endswith(SIMPLIFIED)
    assert decode_bytes(codecs.BOM_UTF8 + b'<meta charset="gbk">' + utf8).endswith(SIMPLIFIED)


def test_declared_charset_reads_only_meta_tags():
    assert declared_charset(b"<p>charset=big5</p>") is None
    assert declared_charset(b'<meta name="x" content="text/html; charset=gb2312">') == "gb18030"
    assert declared_charset(b'<meta charset="no-such-encoding">') is None


@pytest.mark.parametrize(
    "data",
    [
        "Ça coûte très cher à Montréal : éàèùâêîôû ÀÉÈ".encode("latin-1"),
        bytes(range(0x80, 0x100)) * 8,
        _random_high_bytes(seed=7, n=3000),
    ],
    ids=["latin1-french", "every-high-byte", "random-high-bytes"],
)
def test_bytes_that_are_not_utf8_nor_plausible_chinese_are_undecodable(data):
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(PageError, match="undecodable"):
        decode_bytes(data)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from("，。、“”《》 \n"),
               min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_chinese_text_in_utf8_decodes_unchanged(text):
    assert decode_bytes(text.encode("utf-8")) == text


# --------------------------------------------------------------------------- iter_pages: files and folders


def test_folder_is_searched_recursively_in_sorted_order_keeping_only_page_files(tmp_path):
    root = tmp_path / "pages"
    wanted = {
        "b.txt": "乙页正文。",
        "a_sub/c.html": "<p>丙页正文。</p>",
        "a_sub/deeper/d.htm": "丁页正文。",
        "m_rows.jsonl": json.dumps({"id": "row-1", "text": "戊页正文。"}, ensure_ascii=False) + "\n",
        "z/E.TXT": "己页正文。",
    }
    ignored = {"notes.md": "不要读", "data.json": "{}", "README": "x", "b.txt.bak": "x", "z/page.txt~": "x",
               "rows.jsonl.bz2": "x"}
    for name, content in {**wanted, **ignored}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    with gzip.open(root / "n_rows.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"url": "http://example.com/g", "text": "庚页正文。"}, ensure_ascii=False) + "\n")

    pages = _pages([root])

    assert all(p.error is None for p in pages), [(p.source, p.error) for p in pages]
    expected_order = [str(root / "a_sub/c.html"), str(root / "a_sub/deeper/d.htm"), str(root / "b.txt"),
                      "row-1", "http://example.com/g", str(root / "z/E.TXT")]
    assert [p.source for p in pages] == expected_order
    texts = [p.text for p in pages]
    assert "不要读" not in "".join(texts)
    assert texts[2] == "乙页正文。"


def test_text_file_page_carries_its_text_and_byte_count(tmp_path):
    path = tmp_path / "page.txt"
    data = SIMPLIFIED.encode("utf-8")
    path.write_bytes(data)
    [page] = _pages([path])
    assert (page.source, page.text, page.error, page.nbytes) == (str(path), SIMPLIFIED, None, len(data))


def test_missing_path_is_reported_as_no_such_file_and_other_inputs_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    missing = tmp_path / "nope" / "missing.txt"
    pages = _by_source(_pages([missing, good]))
    assert pages[str(missing)].text is None
    assert "no such file" in pages[str(missing)].error
    assert pages[str(good)].text == SIMPLIFIED


def test_unreadable_files_are_yielded_with_their_reason_not_raised(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    rng = random.Random(3)
    (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(256) for _ in range(2048)) + b"\x00")
    (tmp_path / "ok.txt").write_text(SIMPLIFIED, encoding="utf-8")
    pages = _by_source(_pages([tmp_path]))
    assert pages[str(tmp_path / "empty.txt")].error.startswith("empty")
    assert "binary" in pages[str(tmp_path / "noise.txt")].error
    assert pages[str(tmp_path / "ok.txt")].text == SIMPLIFIED


def test_page_over_max_bytes_is_reported_too_large_and_not_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SIMPLIFIED.encode("utf-8") * 50)
    small = tmp_path / "small.txt"
    small.write_text("短页。", encoding="utf-8")
    limit = big.stat().st_size - 1
    pages = _by_source(_pages([tmp_path], max_bytes=limit))
    assert pages[str(big)].text is None
    assert "too large" in pages[str(big)].error
    assert pages[str(big)].nbytes == big.stat().st_size
    assert pages[str(small)].text == "短页。"


def test_page_exactly_at_max_bytes_is_read(tmp_path):
    page = tmp_path / "edge.txt"
    page.write_text(SIMPLIFIED, encoding="utf-8")
    [result] = _pages([page], max_bytes=page.stat().st_size)
    assert result.text == SIMPLIFIED


# --------------------------------------------------------------------------- iter_pages: JSON Lines


def _write_rows(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_jsonl_rows_are_pages_and_bad_rows_are_reported_without_stopping(tmp_path):
    rows = _write_rows(tmp_path / "rows.jsonl", [
        json.dumps({"id": "doc-1", "url": "http://ignored", "text": SIMPLIFIED}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"id": "doc-3", "body": "正文在别的字段"}, ensure_ascii=False),
        "",
        json.dumps({"url": "http://example.com/4", "text": TRADITIONAL}, ensure_ascii=False),
        json.dumps({"id": "", "url": "http://example.com/5", "text": "第五行。"}, ensure_ascii=False),
        json.dumps({"text": "没有来源的行。"}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        json.dumps({"id": "doc-9", "text": 42}),
        json.dumps({"id": "doc-10", "text": "   \n "}),
    ])
    pages = _pages([rows])
    by_source = _by_source(pages)

    assert by_source["doc-1"].text == SIMPLIFIED and by_source["doc-1"].error is None
    assert by_source["http://example.com/4"].text == TRADITIONAL
    assert by_source["http://example.com/5"].text == "第五行。"
    assert by_source[f"{rows}:7"].text == "没有来源的行。"

    not_json = by_source[f"{rows}:2"]
    assert not_json.text is None and "not a JSON object" in not_json.error
    assert "text" in by_source["doc-3"].error and by_source["doc-3"].text is None
    assert "list" in by_source[f"{rows}:8"].error
    assert "text" in by_source["doc-9"].error
    assert by_source["doc-10"].error.startswith("empty")
    assert len(pages) == 9  # the blank line is skipped, every other row is one page


def test_jsonl_text_and_id_fields_can_be_chosen(tmp_path):
    rows = _write_rows(tmp_path / "rows.jsonl", [
        json.dumps({"key": "k1", "id": "i1", "content": "正文一。"}, ensure_ascii=False),
        json.dumps({"id": "i2", "content": "正文二。"}, ensure_ascii=False),
    ])
    pages = _pages([rows], text_field="content", id_fields=("key", "id"))
    assert [(p.source, p.text) for p in pages] == [("k1", "正文一。"), ("i2", "正文二。")]


def test_gzipped_jsonl_rows_are_read(tmp_path):
    path = tmp_path / "rows.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for n in range(3):
            fh.write(json.dumps({"id": f"gz-{n}", "text": f"第{n}页。{SIMPLIFIED}"}, ensure_ascii=False) + "\n")
    pages = _pages([path])
    assert [p.source for p in pages] == ["gz-0", "gz-1", "gz-2"]
    assert all(p.error is None and p.text.endswith(SIMPLIFIED) for p in pages)


def test_corrupt_gzip_jsonl_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip at all")
    pages = _pages([path])
    assert pages and all(p.text is None for p in pages)
    assert any(p.source == str(path) and p.error for p in pages)


def test_jsonl_row_with_invalid_utf8_is_reported_and_other_rows_still_read(tmp_path):
    # io.iter_jsonl: "a bad row is yielded with its error and the rest are still read."
    path = tmp_path / "rows.jsonl"
    good_1 = json.dumps({"id": "good-1", "text": "第一行正文。"}, ensure_ascii=False).encode("utf-8")
    bad = b'{"id": "bad", "text": "\xff\xfe broken"}'
    good_3 = json.dumps({"id": "good-3", "text": "第三行正文。"}, ensure_ascii=False).encode("utf-8")
    path.write_bytes(good_1 + b"\n" + bad + b"\n" + good_3 + b"\n")
    pages = _by_source(_pages([path]))
    assert pages.get("good-1") is not None and pages["good-1"].text == "第一行正文。"
    assert pages.get("good-3") is not None and pages["good-3"].text == "第三行正文。"
    assert sum(1 for p in pages.values() if p.error) == 1


def test_jsonl_file_starting_with_utf8_bom_reads_its_first_row(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "first", "text": "第一行。"}, ensure_ascii=False).encode()
                     + b"\n")
    [page] = _pages([path])
    assert (page.source, page.text, page.error) == ("first", "第一行。", None)


def test_uppercase_jsonl_gz_suffix_is_read_as_gzip(tmp_path):
    path = tmp_path / "ROWS.JSONL.GZ"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "up-1", "text": "大写后缀。"}, ensure_ascii=False) + "\n")
    pages = _pages([tmp_path])  # the folder scan accepts the name case-insensitively
    assert [(p.source, p.text, p.error) for p in pages] == [("up-1", "大写后缀。", None)]


def test_jsonl_row_over_max_bytes_is_reported_too_large(tmp_path):
    # --max-page-mb: "pages larger than this are reported and skipped"; a row is a page.
    rows = _write_rows(tmp_path / "rows.jsonl", [
        json.dumps({"id": "huge", "text": SIMPLIFIED * 100}, ensure_ascii=False),
        json.dumps({"id": "tiny", "text": "小。"}, ensure_ascii=False),
    ])
    pages = _by_source(_pages([rows], max_bytes=1000))
    assert pages["tiny"].text == "小。"
    huge = pages[f"{rows}:1"]  # the row is rejected unparsed, so its id is not known
    assert huge.text is None
    assert "too large" in (huge.error or "")


def test_jsonl_row_over_max_bytes_is_rejected_by_length_before_it_is_parsed(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("{" + "x" * 5000 + "\n" + json.dumps({"id": "ok", "text": "好。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    pages = _pages([rows], max_bytes=1000)
    assert [(p.source, p.text) for p in pages] == [(f"{rows}:1", None), ("ok", "好。")]
    assert "too large" in pages[0].error and "5.0" not in pages[0].error.split("limit")[1]
    assert pages[0].nbytes == 5002


def test_jsonl_pages_are_keyed_by_file_and_row_even_when_ids_repeat(tmp_path):
    a = _write_rows(tmp_path / "a.jsonl", [json.dumps({"id": "same", "text": "甲。"}, ensure_ascii=False)])
    b = _write_rows(tmp_path / "b.jsonl", [json.dumps({"id": "same", "text": "乙。"}, ensure_ascii=False)])
    pages = _pages([a, b])
    assert [p.source for p in pages] == ["same", "same"]
    assert [p.key for p in pages] == [f"{a}:1", f"{b}:1"]


@pytest.mark.parametrize("value, source", [({"site": "x", "n": 1}, '{"n":1,"site":"x"}'), ([1, "二"], '[1,"二"]'),
                                           (True, "true"), (7, "7"), ("页-1", "页-1")])
def test_non_string_ids_become_json_not_python_reprs(tmp_path, value, source):
    rows = _write_rows(tmp_path / "rows.jsonl", [json.dumps({"id": value, "text": "正文。"}, ensure_ascii=False)])
    [page] = _pages([rows])
    assert page.source == source


# --------------------------------------------------------------------------- .jsonl.zst


def _zst(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=3).compress(data)


def _rows_bytes(n: int) -> bytes:
    return "".join(json.dumps({"id": f"r{i}", "text": f"第{i}页正文。"}, ensure_ascii=False) + "\n"
                   for i in range(n)).encode("utf-8")


def test_truncated_zst_jsonl_is_reported_as_cut_off(tmp_path):
    data = _zst(_rows_bytes(3000))
    path = tmp_path / "rows.jsonl.zst"
    path.write_bytes(data[: len(data) // 2])
    pages = _pages([path])
    assert pages and "stopped reading" in pages[-1].error and "ended before" in pages[-1].error


def test_zst_jsonl_of_several_frames_is_read_to_the_end(tmp_path):
    path = tmp_path / "rows.jsonl.zst"
    path.write_bytes(_zst(_rows_bytes(2)) + _zst(_rows_bytes(3)))
    pages = _pages([path])
    assert [p.error for p in pages] == [None] * 5
    assert [p.source for p in pages] == ["r0", "r1", "r0", "r1", "r2"]


def test_zst_that_is_not_zstd_is_reported(tmp_path):
    path = tmp_path / "rows.jsonl.zst"
    path.write_bytes(b"this is not zstd at all\n" * 10)
    [page] = _pages([path])
    assert "stopped reading" in page.error and "zstd" in page.error


def test_read_jsonl_reads_the_zst_output_it_writes(tmp_path):
    path = tmp_path / "out.jsonl.zst"
    write_jsonl(_articles(), path)
    assert [a.to_dict() for a in read_jsonl(path)] == [a.to_dict() for a in _articles()]


# --------------------------------------------------------------------------- folders that cannot be read


def _deny(monkeypatch, function: str, denied: Path) -> None:
    """Make ``os.<function>`` fail with EACCES on ``denied`` (tests run as root, where chmod denies nothing)."""
    real = getattr(os, function)

    def fake(path, *args, **kwargs):
        if Path(os.fspath(path)) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function, fake)


def test_unreadable_folder_inside_an_input_is_reported_by_name_and_the_rest_read(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(SIMPLIFIED, encoding="utf-8")
    _deny(monkeypatch, "scandir", tmp_path / "locked")
    pages = _by_source(_pages([tmp_path]))
    assert pages[str(tmp_path / "ok" / "a.txt")].text == SIMPLIFIED
    locked = pages[str(tmp_path / "locked")]
    assert locked.text is None and "cannot read folder" in locked.error and "Permission denied" in locked.error


def test_page_inside_an_unreadable_folder_is_a_failed_page_not_a_traceback(tmp_path, monkeypatch):
    page = tmp_path / "locked" / "b.txt"
    good = tmp_path / "good.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    _deny(monkeypatch, "stat", page)
    pages = _by_source(_pages([page, good]))
    assert pages[str(page)].text is None and "Permission denied" in pages[str(page)].error
    assert pages[str(good)].text == SIMPLIFIED


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_folder_without_read_permission_is_reported(tmp_path):  # pragma: no cover - not as root
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(SIMPLIFIED, encoding="utf-8")
    locked.chmod(0)
    try:
        [page] = _pages([tmp_path])
        assert page.source == str(locked) and "cannot read folder" in page.error
    finally:
        locked.chmod(0o755)


def test_symlink_loop_is_reported_as_a_loop_not_a_missing_file(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    [page] = _pages([loop])
    assert page.error == "cannot read: symbolic link loop"


def test_link_back_to_a_searched_folder_is_reported_once_and_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    found, problems = expand_inputs([str(tmp_path)])
    assert found == [tmp_path / "sub" / "a.txt"]
    assert [p.source for p in problems] == [str(tmp_path / "sub" / "up")]
    assert "symbolic link loop" in problems[0].error


# --------------------------------------------------------------------------- writing and reading records


def _articles() -> list[Article]:
    return [
        Article(id="页面一.txt#0", source="页面一.txt", title="建立“四注重”体系", subtitle="——江西省景德镇市推动文明城市创建常态长效",
                authors=["倪凯"], date="2021-05-01", paragraphs=[SIMPLIFIED, "第二段。"],
                meta={"original_script": "simplified", "target_script": "simplified", "continued": False,
                      "changes": {"pinyin": 2}},
                removed=[Removal(text="全文请扫二维码", cleaner="spam_lines", reason="qr_or_subscription")]),
        Article(id="页面一.txt#1", source="页面一.txt", paragraphs=[TRADITIONAL],
                meta={"original_script": "traditional", "target_script": "traditional", "continued": True}),
        Article(id="empty#0", source="empty"),
    ]


def test_records_round_trip_through_jsonl_with_chinese_written_as_is(tmp_path):
    path = tmp_path / "out.jsonl"
    articles = _articles()
    assert write_jsonl(articles, path) == len(articles)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "倪凯" in text and "臺灣的經濟發展" in text and "全文请扫二维码" in text
    assert "\\u" not in text
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == len(articles) + 1
    assert [json.loads(line)["id"] for line in lines[:-1]] == [a.id for a in articles]
    assert list(read_jsonl(path)) == articles


def test_gz_output_is_gzip_and_round_trips(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    articles = _articles()
    assert write_jsonl(articles, path) == len(articles)
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        assert "臺灣的經濟發展" in fh.read()
    assert list(read_jsonl(path)) == articles


def test_writing_no_records_gives_an_empty_file(tmp_path):
    path = tmp_path / "out.jsonl"
    assert write_jsonl([], path) == 0
    assert path.exists() and path.read_bytes() == b""
    assert list(read_jsonl(path)) == []


def _generator_that_fails(articles):
    yield from articles
    raise RuntimeError("pipeline blew up")


def test_failed_write_creates_no_target_and_leaves_no_temporary_file(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = sorted(out_dir.iterdir())
    with pytest.raises(RuntimeError, match="blew up"):
        write_jsonl(_generator_that_fails(_articles()), out_dir / "records.jsonl")
    assert not (out_dir / "records.jsonl").exists()
    assert sorted(out_dir.iterdir()) == before


@pytest.mark.parametrize("name", ["records.jsonl", "records.jsonl.gz"])
def test_failed_write_leaves_an_existing_target_unchanged(tmp_path, name):
    target = tmp_path / name
    write_jsonl(_articles()[:1], target)
    original = target.read_bytes()
    with pytest.raises(KeyError):
        with AtomicWriter(target) as fh:
            fh.write("partial line with no newline")
            raise KeyError("interrupted")
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_successful_write_replaces_an_existing_target_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "records.jsonl"
    target.write_text("old content\n", encoding="utf-8")
    with AtomicWriter(target) as fh:
        fh.write("新内容\n")
        assert target.read_text(encoding="utf-8") == "old content\n"  # not visible before the block ends
    assert target.read_text(encoding="utf-8") == "新内容\n"
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


def test_writer_creates_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "c" / "records.jsonl"
    assert write_jsonl(_articles(), target) == 3
    assert list(read_jsonl(target)) == _articles()


def test_writer_refuses_a_folder_as_target(tmp_path):
    with pytest.raises(IsADirectoryError, match="folder"):
        with AtomicWriter(tmp_path):
            pass  # pragma: no cover


def test_dash_writes_to_standard_output(capsys):
    write_jsonl(_articles()[:1], "-")
    out = capsys.readouterr().out
    assert json.loads(out)["title"] == "建立“四注重”体系"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_new_output_file_gets_ordinary_permissions_not_the_private_temp_mode(tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "records.jsonl"
        write_jsonl(_articles(), target)
        mode = target.stat().st_mode & 0o777
    finally:
        os.umask(old)
    assert mode == 0o644, oct(mode)


def test_reading_a_file_with_a_bad_record_names_the_file_and_line(tmp_path):
    path = tmp_path / "records.jsonl"
    write_jsonl(_articles()[:1], path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x", "source": "y", "colour": "red"}) + "\n")
    records = read_jsonl(path)
    assert next(records) == _articles()[0]
    with pytest.raises(ValueError, match=rf"{path.name}:2"):
        next(records)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.builds(Article, id=_text, source=_text, title=st.none() | _text, subtitle=st.none() | _text,
                          authors=st.lists(_text, max_size=3), date=st.none() | _text,
                          paragraphs=st.lists(_text, max_size=4),
                          meta=st.dictionaries(_text, st.booleans() | st.integers() | _text, max_size=3),
                          removed=st.lists(st.builds(Removal, text=_text, cleaner=_text, reason=_text), max_size=2)),
                max_size=4))
def test_any_records_round_trip_one_line_each(tmp_path, articles):
    path = tmp_path / "prop.jsonl"
    write_jsonl(articles, path)
    assert list(read_jsonl(path)) == articles
    with open(path, "rb") as fh:
        assert fh.read().count(b"\n") == len(articles)


def test_short_page_with_one_nul_byte_is_still_text():
    decoded = decode_page("短讯：今天下雨。".encode("utf-8") + b"\x00")
    assert (decoded.text, decoded.replaced_bytes) == ("短讯：今天下雨。", 1)


def test_text_with_many_control_bytes_is_still_binary():
    with pytest.raises(PageError, match="binary"):
        decode_page(SIMPLIFIED.encode("utf-8") + b"\x00\x01\x02\x03" * 20)
