"""Tests for the corpus-clean command line (corpus_clean.cli), in-process and end to end."""
from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import opencc
import pytest

import corpus_clean.pipeline
from corpus_clean.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE_PAGES = sorted((DATA / "pages").glob("*.txt"))
CONTRACT_KEYS = {"id", "source", "title", "subtitle", "authors", "date", "paragraphs", "text", "meta", "removed"}
HAN = re.compile(r"[\u4e00-\u9fff]")
T2S = opencc.OpenCC("t2s")

SMALL_PAGE = ("推动文明城市创建常态长效\n\n"
              "近日，中共中央办公厅、国务院办公厅印发了关于减轻中小学教师负担的若干意见，要求各地区各部门结合实际认真贯彻落实。\n\n"
              "各地积极发展社区志愿服务，为群众办实事、解难题，进一步营造教育教学良好环境。\n")


def _cli(argv, capsys):
    """Run ``main`` in-process; return (exit status, stdout, stderr)."""
    rc = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _records(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "output ends with a partial line"
    return [json.loads(line) for line in raw.decode("utf-8").split("\n") if line]


def _failure_lines(stderr: str) -> dict[str, str]:
    """The '  source: reason' lines under 'N pages failed:' in the summary."""
    if "pages failed:" not in stderr:
        return {}
    tail = stderr.split("pages failed:", 1)[1]
    out = {}
    for line in tail.splitlines():
        if line.startswith("  ") and ": " in line:
            source, reason = line.strip().split(": ", 1)
            out[source] = reason
    return out


def _write_small_pages(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"page_{i}.txt"
        path.write_text(SMALL_PAGE.replace("近日", f"第{i}天"), encoding="utf-8")
        paths.append(path)
    return paths


def _subprocess(args, cwd, input=None, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "corpus_clean.cli", *map(str, args)], cwd=cwd, input=input,
                          capture_output=True, timeout=timeout, env=env)


# --------------------------------------------------------------------------- the bundled sample pages


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """One default run over data/ (the bundled sample pages), shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("sample") / "out.jsonl"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["clean", str(DATA), "-o", str(out), "--no-progress"])
    return {"rc": rc, "out": out, "raw": out.read_bytes(), "records": _records(out), "stderr": err.getvalue()}


def test_sample_pages_exist():
    assert len(SAMPLE_PAGES) >= 3


def test_cleaning_sample_pages_exits_zero_and_gives_records_for_every_page(sample_run):
    assert sample_run["rc"] == 0
    sources = Counter(r["source"] for r in sample_run["records"])
    for page in SAMPLE_PAGES:
        assert sources[str(page)] >= 1, f"no record for {page.name}"
    assert set(sources) == {str(p) for p in SAMPLE_PAGES}


def test_every_record_has_exactly_the_contract_fields_with_their_types(sample_run):
    assert sample_run["records"]
    for record in sample_run["records"]:
        assert set(record) == CONTRACT_KEYS
        assert isinstance(record["id"], str) and isinstance(record["source"], str)
        assert record["title"] is None or isinstance(record["title"], str)
        assert record["subtitle"] is None or isinstance(record["subtitle"], str)
        assert isinstance(record["authors"], list) and all(isinstance(a, str) for a in record["authors"])
        assert record["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert isinstance(record["paragraphs"], list) and all(isinstance(p, str) for p in record["paragraphs"])
        assert record["text"] == "\n".join(record["paragraphs"])
        assert {"original_script", "target_script", "continued"} <= set(record["meta"])
        assert record["meta"]["target_script"] == "simplified"
        for removal in record["removed"]:
            assert set(removal) == {"text", "cleaner", "reason"}


def test_record_ids_count_articles_within_each_page_from_zero(sample_run):
    per_source: dict[str, list[str]] = {}
    for record in sample_run["records"]:
        per_source.setdefault(record["source"], []).append(record["id"])
    for source, ids in per_source.items():
        assert ids == [f"{source}#{n}" for n in range(len(ids))]


def test_output_is_utf8_chinese_not_ascii_escaped(sample_run):
    text = sample_run["raw"].decode("utf-8")
    assert len(HAN.findall(text)) > 1000
    assert not re.search(r"\\u[0-9a-fA-F]{4}", text)
    assert text.endswith("\n")
    assert len(text.split("\n")) == len(sample_run["records"]) + 1


def test_summary_names_pages_articles_and_removed_reasons(sample_run):
    stderr = sample_run["stderr"]
    records = sample_run["records"]
    assert f"{len(SAMPLE_PAGES)} pages" in stderr
    assert f"{len(records)} articles" in stderr
    reasons = Counter(r["reason"] for record in records for r in record["removed"])
    assert reasons, "the sample pages have boilerplate that should be removed"
    assert "removed lines by reason" in stderr
    for reason, n in reasons.items():
        assert re.search(rf"\b{re.escape(reason)} {n}\b", stderr), f"{reason} {n} not in summary"
    assert "failed" not in stderr


def test_end_to_end_subprocess_exit_status_and_same_records_as_in_process(sample_run, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _subprocess(["clean", DATA, "-o", out], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    assert _records(out) == sample_run["records"]
    assert b"articles" in proc.stderr


def test_target_traditional_gives_traditional_text(sample_run, tmp_path, capsys):
    out = tmp_path / "trad.jsonl"
    rc, _, err = _cli(["clean", DATA, "-o", out, "--target", "traditional", "--no-progress"], capsys)
    assert rc == 0, err
    records = _records(out)
    assert len(records) == len(sample_run["records"])
    assert all(r["meta"]["target_script"] == "traditional" for r in records)
    text = "\n".join(r["text"] for r in records)
    simplified = T2S.convert(text)
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    assert changed > 100, "Traditional output should have many characters that t2s changes"
    default_text = "\n".join(r["text"] for r in sample_run["records"])
    assert text != default_text


def test_recipe_from_the_recipe_command_reproduces_the_default_run(sample_run, tmp_path, capsys):
    rc, recipe, _ = _cli(["recipe"], capsys)
    assert rc == 0 and "[[step]]" in recipe
    recipe_path = tmp_path / "recipe.toml"
    recipe_path.write_text(recipe, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", DATA, "-o", out, "--config", recipe_path, "--no-progress"], capsys)
    assert rc == 0, err
    assert _records(out) == sample_run["records"]


def test_traditional_recipe_converts_a_simplified_page(tmp_path, capsys):
    rc, recipe, _ = _cli(["recipe", "--target", "traditional"], capsys)
    assert rc == 0
    recipe_path = tmp_path / "trad.toml"
    recipe_path.write_text(recipe, encoding="utf-8")
    [page] = _write_small_pages(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", page, "-o", out, "--config", recipe_path, "--no-progress"], capsys)
    assert rc == 0, err
    text = "\n".join(r["text"] for r in _records(out))
    assert text and T2S.convert(text) != text
    assert "發展" in text


def test_target_option_overrides_the_recipe_target(tmp_path, capsys):
    rc, recipe, _ = _cli(["recipe"], capsys)
    recipe_path = tmp_path / "simp.toml"
    recipe_path.write_text(recipe, encoding="utf-8")
    [page] = _write_small_pages(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", page, "-o", out, "--config", recipe_path, "--target", "traditional",
                       "--no-progress"], capsys)
    assert rc == 0, err
    records = _records(out)
    assert all(r["meta"]["target_script"] == "traditional" for r in records)
    assert "發展" in "".join(r["text"] for r in records)


def test_recipe_naming_an_unknown_step_exits_2_naming_the_step(tmp_path, capsys):
    recipe = tmp_path / "bad.toml"
    recipe.write_text('[[step]]\nname = "html_residue"\n\n[[step]]\nname = "frobnicate_text"\n', encoding="utf-8")
    [page] = _write_small_pages(tmp_path / "in", 1)
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", page, "-o", out, "--config", recipe], capsys)
    assert rc == 2
    assert "frobnicate_text" in err
    assert not out.exists()


def test_recipe_giving_a_step_an_unknown_setting_exits_2_naming_the_step(tmp_path, capsys):
    recipe = tmp_path / "bad.toml"
    recipe.write_text('[[step]]\nname = "rejoin"\nno_such_setting = 3\n', encoding="utf-8")
    [page] = _write_small_pages(tmp_path / "in", 1)
    rc, _, err = _cli(["clean", page, "-o", tmp_path / "out.jsonl", "--config", recipe], capsys)
    assert rc == 2
    assert "rejoin" in err and "no_such_setting" in err


def test_missing_recipe_file_exits_2_naming_it(tmp_path, capsys):
    [page] = _write_small_pages(tmp_path / "in", 1)
    missing = tmp_path / "nope.toml"
    rc, _, err = _cli(["clean", page, "-o", tmp_path / "out.jsonl", "--config", missing], capsys)
    assert rc == 2
    assert str(missing) in err


# --------------------------------------------------------------------------- errors and exit statuses


def test_missing_input_exits_1_names_it_and_still_writes_the_rest(tmp_path, capsys):
    [page] = _write_small_pages(tmp_path / "in", 1)
    missing = tmp_path / "does_not_exist.txt"
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", missing, page, "-o", out, "--no-progress"], capsys)
    assert rc == 1
    failures = _failure_lines(err)
    assert str(missing) in failures and "no such file" in failures[str(missing)]
    assert {r["source"] for r in _records(out)} == {str(page)}


@pytest.mark.parametrize("argv", [
    ["clean", "somewhere"],                               # no -o
    ["clean", "-o", "out.jsonl"],                         # no input
    ["clean", "x.txt", "-o", "out.jsonl", "--target", "klingon"],
    ["clean", "x.txt", "-o", "out.jsonl", "--progress", "--no-progress"],
    ["clean", "x.txt", "-o", "out.jsonl", "--max-page-mb", "lots"],
    [],                                                   # no command
    ["polish", "x.txt"],
], ids=["no-output", "no-input", "bad-target", "both-progress", "bad-number", "no-command", "bad-command"])
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage" in capsys.readouterr().err.lower()
    assert not (tmp_path / "out.jsonl").exists()


def test_usage_error_exit_status_end_to_end(tmp_path):
    proc = _subprocess(["clean", "somewhere"], cwd=tmp_path)
    assert proc.returncode == 2
    assert b"-o" in proc.stderr


def test_output_that_is_a_folder_exits_2_with_a_message(tmp_path, capsys):
    [page] = _write_small_pages(tmp_path / "in", 1)
    target = tmp_path / "a_folder"
    target.mkdir()
    rc, _, err = _cli(["clean", page, "-o", target, "--no-progress"], capsys)
    assert rc == 2
    assert "cannot write" in err and str(target) in err
    assert list(target.iterdir()) == []


def test_output_inside_a_missing_folder_creates_it(tmp_path, capsys):
    pages = _write_small_pages(tmp_path / "in", 2)
    out = tmp_path / "new" / "nested" / "out.jsonl"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress"], capsys)
    assert rc == 0, err
    assert {r["source"] for r in _records(out)} == {str(p) for p in pages}
    # the records and the run report, and nothing half-written: no temporary file, no shard folder
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl", "out.report.json"]


def test_gz_output_is_gzip_compressed(tmp_path, capsys):
    import gzip

    pages = _write_small_pages(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl.gz"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress"], capsys)
    assert rc == 0, err
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert {r["source"] for r in records} == {str(p) for p in pages}


def test_dash_output_writes_records_to_stdout(tmp_path, capsys):
    [page] = _write_small_pages(tmp_path / "in", 1)
    rc, out, err = _cli(["clean", page, "-o", "-", "--no-progress"], capsys)
    assert rc == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(r["source"] == str(page) for r in records)


def test_quiet_run_prints_no_summary(tmp_path, capsys):
    _write_small_pages(tmp_path / "in", 2)
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", tmp_path / "out.jsonl", "-q", "--no-progress"], capsys)
    assert rc == 0
    assert err == ""


# --------------------------------------------------------------------------- atomic output


def test_run_interrupted_midway_leaves_existing_output_unchanged_and_keeps_finished_shards(tmp_path, monkeypatch,
                                                                                           capsys):
    _write_small_pages(tmp_path / "in", 3)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.jsonl"
    out.write_text('{"previous": "run"}\n', encoding="utf-8")
    original = out.read_bytes()
    real_run = corpus_clean.pipeline.Pipeline.run
    calls = []

    def interrupted_on_second_page(self, page, timings=None):
        calls.append(page.source)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_run(self, page, timings)

    monkeypatch.setattr(corpus_clean.pipeline.Pipeline, "run", interrupted_on_second_page)
    rc = main(["clean", str(tmp_path / "in"), "-o", str(out), "--no-progress", "--workers", "1",
               "--shard-pages", "1"])
    assert rc == 130
    assert "--resume" in capsys.readouterr().err
    assert len(calls) == 2
    assert out.read_bytes() == original  # the output is only replaced by a complete run
    assert not list(out_dir.rglob("*.tmp"))
    shards = sorted(p.name for p in (out_dir / ".out.jsonl.parts").iterdir())
    assert shards == ["part-000000.done.json", "part-000000.jsonl"]  # the first page's shard, whole, and its keys


def test_pipeline_failing_on_every_page_is_reported_per_page_and_run_finishes(tmp_path, monkeypatch, capsys):
    pages = _write_small_pages(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"

    def always_fails(self, page, timings=None):
        raise RuntimeError(f"boom on {page.source}")

    monkeypatch.setattr(corpus_clean.pipeline.Pipeline, "run", always_fails)
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress", "--workers", "1"], capsys)
    assert rc == 1
    failures = _failure_lines(err)
    for page in pages:
        assert "cleaning failed" in failures[str(page)] and "RuntimeError" in failures[str(page)]
    assert _records(out) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_lines_are_all_complete_json_objects(tmp_path, capsys):
    _write_small_pages(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    rc, _, _ = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress"], capsys)
    assert rc == 0
    raw = out.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.split(b"\n")[:-1]
    assert len(lines) >= 4
    assert all(isinstance(json.loads(line), dict) for line in lines)


# --------------------------------------------------------------------------- the mixed bad-input folder


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed") / "in"
    folder.mkdir()
    copies = []
    for page in SAMPLE_PAGES:
        shutil.copy(page, folder / page.name)
        copies.append(folder / page.name)
    rng = random.Random(1234)
    random_page = folder / "random_bytes.txt"
    random_page.write_bytes(bytes(rng.randrange(256) for _ in range(8192)) + b"\x00\x00")
    empty_page = folder / "empty.txt"
    empty_page.write_bytes(b"")
    gbk_source = next(p for p in SAMPLE_PAGES if _gbk_ok(p.read_text(encoding="utf-8")))
    gbk_page = folder / "gbk_copy.txt"
    gbk_page.write_bytes(gbk_source.read_text(encoding="utf-8").encode("gbk"))
    # Built from the first two sample pages: with the third (HTML residue) in the mix the
    # page takes minutes, see test_cleaning_time_grows_linearly_with_page_size.
    unit = "".join(p.read_text(encoding="utf-8") for p in SAMPLE_PAGES[:2])
    unit = re.sub(r"[\r\n]+", "", unit).encode("utf-8")
    huge_page = folder / "huge_one_line.txt"
    huge_page.write_bytes(unit * (20_000_000 // len(unit) + 1))
    assert huge_page.stat().st_size >= 20_000_000 and b"\n" not in huge_page.read_bytes()

    out = folder.parent / "out.jsonl"
    proc = _subprocess(["clean", folder, "-o", out, "--no-progress"], cwd=folder.parent, timeout=300)
    return {"proc": proc, "stderr": proc.stderr.decode("utf-8", "replace"), "records": _records(out),
            "copies": copies, "random": random_page, "empty": empty_page, "gbk": gbk_page,
            "gbk_source": gbk_source, "huge": huge_page}


def _gbk_ok(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def test_mixed_folder_run_finishes_with_exit_status_1(mixed_run):
    assert mixed_run["proc"].returncode == 1, mixed_run["stderr"]
    assert "Traceback" not in mixed_run["stderr"]
    assert f"{len(SAMPLE_PAGES) + 4} pages" in mixed_run["stderr"]


def test_mixed_folder_names_empty_and_random_files_with_their_reason(mixed_run):
    failures = _failure_lines(mixed_run["stderr"])
    assert failures.get(str(mixed_run["empty"]), "").startswith("empty")
    assert "binary" in failures.get(str(mixed_run["random"]), "")
    assert set(failures) == {str(mixed_run["empty"]), str(mixed_run["random"])}


def test_mixed_folder_keeps_all_sample_pages(mixed_run):
    sources = {r["source"] for r in mixed_run["records"]}
    for copy in mixed_run["copies"]:
        assert str(copy) in sources


def test_mixed_folder_gbk_copy_gives_the_same_articles_as_the_utf8_page(mixed_run):
    by_source: dict[str, list[dict]] = {}
    for record in mixed_run["records"]:
        by_source.setdefault(record["source"], []).append(record)
    gbk = by_source.get(str(mixed_run["gbk"]))
    original = by_source[str(mixed_run["gbk"].parent / mixed_run["gbk_source"].name)]
    assert gbk, "the GBK-encoded page gave no records"
    assert [r["paragraphs"] for r in gbk] == [r["paragraphs"] for r in original]
    assert [r["title"] for r in gbk] == [r["title"] for r in original]


def test_mixed_folder_twenty_megabyte_single_line_page_gives_records(mixed_run):
    huge = [r for r in mixed_run["records"] if r["source"] == str(mixed_run["huge"])]
    assert huge, "the 20 MB page gave no records"
    assert sum(len(r["text"]) for r in huge) > 1_000_000


def _flat_page(path: Path, folder: Path, nbytes: int) -> Path:
    unit = re.sub(r"[\r\n]+", "", path.read_text(encoding="utf-8")).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{path.stem}_{nbytes}.txt"
    out.write_bytes(unit * (nbytes // len(unit) + 1))
    return out


def test_joining_a_long_single_line_page_scores_bounded_text(tmp_path, capsys, monkeypatch):
    # Pages are untrusted, any size (SPEC). Rejoin once re-read the whole paragraph built so far at
    # every join, which made long pages quadratic; each join must look at a bounded tail only.
    # (Speed itself is measured by benchmarks/, not asserted here.)
    from corpus_clean.cleaners import rejoin

    seen = []
    real = rejoin.joins
    monkeypatch.setattr(rejoin, "joins", lambda left, right, threshold: seen.append(len(left)) or real(left, right,
                                                                                                       threshold))
    page = tmp_path / "many.txt"
    # one paragraph broken into 300 parts that all must be joined (each ends with a comma)
    page.write_text("\n\n".join(f"会议听取了第{i}项工作的汇报，" for i in range(300)) + "\n\n会议结束。",
                    encoding="utf-8")
    rc, _, err = _cli(["clean", page, "-o", tmp_path / "out.jsonl", "--no-progress", "--workers", "1"], capsys)
    assert rc == 0, err
    assert len(seen) >= 300, "rejoin was not exercised"
    assert max(seen) <= rejoin._TAIL
    assert len(_records(tmp_path / "out.jsonl")[0]["paragraphs"]) == 1


def test_too_large_page_is_reported_by_name_when_over_max_page_mb(tmp_path, capsys):
    pages = _write_small_pages(tmp_path / "in", 1)
    big = tmp_path / "in" / "big.txt"
    big.write_bytes(SMALL_PAGE.encode("utf-8") * 5000)  # about 1.3 MB
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--max-page-mb", "0.5", "--no-progress"], capsys)
    assert rc == 1
    assert "too large" in _failure_lines(err)[str(big)]
    assert {r["source"] for r in _records(out)} == {str(p) for p in pages}


# --------------------------------------------------------------------------- standard input


def test_page_on_stdin_gives_records_from_stdin(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _subprocess(["clean", "-", "-o", out], cwd=tmp_path, input=SMALL_PAGE.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    records = _records(out)
    assert records and all(r["source"] == "<stdin>" for r in records)
    assert records[0]["id"] == "<stdin>#0"
    assert "中共中央办公厅" in "".join(r["text"] for r in records)


def test_gbk_page_on_stdin_is_decoded(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _subprocess(["clean", "-", "-o", out], cwd=tmp_path, input=SMALL_PAGE.encode("gbk"))
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "中共中央办公厅" in "".join(r["text"] for r in _records(out))


def test_empty_stdin_is_reported_and_exits_1(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _subprocess(["clean", "-", "-o", out], cwd=tmp_path, input=b"")
    assert proc.returncode == 1
    assert "<stdin>: empty" in proc.stderr.decode("utf-8")
    assert _records(out) == []


def _jsonl_rows() -> bytes:
    rows = [
        {"id": "row-a", "text": SMALL_PAGE},
        {"url": "https://news.example.cn/b", "text": SMALL_PAGE.replace("近日", "昨天")},
    ]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def test_stdin_jsonl_format_reads_rows(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = _subprocess(["clean", "-", "-o", out, "--stdin-format", "jsonl"], cwd=tmp_path, input=_jsonl_rows())
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    records = _records(out)
    assert [r["source"] for r in records if r["id"].endswith("#0")] == ["row-a", "https://news.example.cn/b"]
    assert "中共中央办公厅" in records[0]["text"] or "中共中央办公厅" in "".join(records[0]["paragraphs"])


def test_stdin_jsonl_bad_row_is_reported_with_its_line_and_others_kept(tmp_path):
    out = tmp_path / "out.jsonl"
    data = b"not json at all\n" + _jsonl_rows()
    proc = _subprocess(["clean", "-", "-o", out, "--stdin-format", "jsonl"], cwd=tmp_path, input=data)
    assert proc.returncode == 1
    failures = _failure_lines(proc.stderr.decode("utf-8"))
    assert "not a JSON object" in failures["<stdin>:1"]
    assert {r["source"] for r in _records(out)} == {"row-a", "https://news.example.cn/b"}


def test_stdin_jsonl_is_read_as_utf8_whatever_the_locale_encoding(tmp_path):
    # JSON Lines is UTF-8 (SPEC); '-' in text mode decodes bytes itself, but jsonl mode
    # reads sys.stdin with the locale's encoding (e.g. a Windows code page).
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    proc = _subprocess(["clean", "-", "-o", out, "--stdin-format", "jsonl"], cwd=tmp_path, input=_jsonl_rows(),
                       env=env)
    assert proc.returncode == 0, proc.stderr.decode("latin-1")
    assert "中共中央办公厅" in "".join(r["text"] for r in _records(out))


# --------------------------------------------------------------------------- progress


def test_progress_option_shows_a_progress_bar(tmp_path, capsys):
    _write_small_pages(tmp_path / "in", 4)
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", tmp_path / "out.jsonl", "--progress"], capsys)
    assert rc == 0
    assert "\r" in err
    assert re.search(r"\[[#.]{30}\] 4/4 pages, [\d.]+ pages/s", err)


def test_progress_option_with_jsonl_input_counts_pages_without_a_total(tmp_path, capsys):
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(_jsonl_rows())
    rc, _, err = _cli(["clean", rows, "-o", tmp_path / "out.jsonl", "--progress"], capsys)
    assert rc == 0
    assert re.search(r"\r\d+ pages, [\d.]+ pages/s", err)


@pytest.mark.parametrize("flag", ["--no-progress", None])
def test_no_progress_bar_without_the_option_or_with_no_progress(tmp_path, capsys, flag):
    _write_small_pages(tmp_path / "in", 4)
    argv = ["clean", tmp_path / "in", "-o", tmp_path / "out.jsonl"] + ([flag] if flag else [])
    rc, _, err = _cli(argv, capsys)  # captured stderr is not a terminal
    assert rc == 0
    assert "\r" not in err and "pages/s" not in err
    assert "4 pages" in err  # the summary is still there


# --------------------------------------------------------------------------- errors before the first page


def _recipe(tmp_path: Path, script_settings: str, extra_steps: str = "") -> Path:
    recipe = tmp_path / "recipe.toml"
    recipe.write_text(f'{extra_steps}[[step]]\nname = "script"\n{script_settings}\n', encoding="utf-8")
    return recipe


def _fail_if_any_page_is_cleaned(monkeypatch) -> None:
    def never(self, page, timings=None):
        raise AssertionError(f"a page was cleaned: {page.source}")

    monkeypatch.setattr(corpus_clean.pipeline.Pipeline, "run", never)


@pytest.mark.parametrize("settings, named", [
    ('target = "klingon"', "target"),
    ('user_dict = ["a"]', "user_dict"),
    ('protect_regex = "(unclosed"', "protect_regex"),
    ('protect = "臺積電"', "protect"),
    ('phrases = "yes"', "phrases"),
])
def test_bad_recipe_setting_exits_2_naming_step_and_setting_before_any_page(settings, named, tmp_path, monkeypatch,
                                                                          capsys):
    _write_small_pages(tmp_path / "in", 2)
    _fail_if_any_page_is_cleaned(monkeypatch)
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--config", _recipe(tmp_path, settings),
                       "--no-progress"], capsys)
    assert rc == 2
    assert "step 1 (script)" in err and f"setting {named} =" in err
    assert not out.exists()


def test_bad_width_in_a_recipe_is_named(tmp_path, capsys):
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('[[step]]\nname = "normalize"\nwidth = "wide"\n', encoding="utf-8")
    rc, _, err = _cli(["clean", tmp_path, "-o", tmp_path / "o.jsonl", "--config", recipe], capsys)
    assert rc == 2 and "step 1 (normalize)" in err and "width" in err and "cjk, keep" in err


def test_target_with_a_recipe_without_a_script_step_is_an_error(tmp_path, monkeypatch, capsys):
    _write_small_pages(tmp_path / "in", 1)
    _fail_if_any_page_is_cleaned(monkeypatch)
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('[[step]]\nname = "normalize"\n', encoding="utf-8")
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", tmp_path / "o.jsonl", "--config", recipe,
                       "--target", "traditional"], capsys)
    assert rc == 2 and "--target traditional" in err and "no script step" in err


def test_target_overrides_the_recipe(tmp_path, capsys):
    pages = _write_small_pages(tmp_path / "in", 1)
    out = tmp_path / "o.jsonl"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--config", _recipe(tmp_path, 'target = "simplified"'),
                       "--target", "traditional", "--no-progress"], capsys)
    assert rc == 0, err
    assert {r["source"] for r in _records(out)} == {str(p) for p in pages}
    assert all(r["meta"]["target_script"] == "traditional" for r in _records(out))


def test_parquet_output_without_pyarrow_fails_before_any_page(tmp_path, monkeypatch, capsys):
    _write_small_pages(tmp_path / "in", 2)
    _fail_if_any_page_is_cleaned(monkeypatch)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", tmp_path / "o.parquet", "--no-progress"], capsys)
    assert rc == 2 and "pyarrow" in err
    assert not (tmp_path / "o.parquet").exists()


@pytest.mark.parametrize("option, value", [("--workers", "-3"), ("--workers", "0"), ("--shard-pages", "0"),
                                           ("--shard-pages", "-1"), ("--max-page-mb", "0"), ("--workers", "two")])
def test_numbers_out_of_range_are_usage_errors(option, value, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["clean", "x.txt", "-o", "out.jsonl", option, value])
    assert exc.value.code == 2
    assert option in capsys.readouterr().err


def test_recipe_prints_every_setting_and_reads_back_as_the_default(tmp_path, capsys):
    assert main(["recipe", "--target", "taiwan"]) == 0
    text = capsys.readouterr().out
    for cleaner in corpus_clean.pipeline.Pipeline.default().cleaners:
        for key in cleaner.get_params():
            assert re.search(rf"^(# )?{key} = ", text, re.M), key
    assert "# user_dict = {}" in text and "# protect = []" in text and '# protect_regex = ""' in text
    recipe = tmp_path / "r.toml"
    recipe.write_text(text, encoding="utf-8")
    assert corpus_clean.pipeline.Pipeline.from_config(recipe) == corpus_clean.pipeline.Pipeline.default("taiwan")
    # an unset setting, uncommented with a value, is taken
    recipe.write_text(text.replace("# protect = []", 'protect = ["臺積電"]'), encoding="utf-8")
    assert corpus_clean.pipeline.Pipeline.from_config(recipe).cleaners[6].protect == ["臺積電"]


def test_replaced_bytes_are_counted_in_the_record(tmp_path, capsys):
    page = tmp_path / "nul.txt"
    page.write_bytes(SMALL_PAGE.encode("utf-8").replace("。".encode("utf-8"), "。".encode("utf-8") + b"\x00", 1))
    out = tmp_path / "o.jsonl"
    rc, _, err = _cli(["clean", page, "-o", out, "--no-progress"], capsys)
    assert rc == 0, err
    records = _records(out)
    assert records and all(r["meta"]["replaced_bytes"] == 1 for r in records)


def test_help_names_every_output_format_and_the_page_timeout(capsys):
    with pytest.raises(SystemExit):
        main(["clean", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet", "--page-timeout"):
        assert name in text


def test_a_link_back_to_an_input_folder_is_reported_and_no_page_cleaned_twice(tmp_path, capsys):
    pages = _write_small_pages(tmp_path / "in", 2)
    (tmp_path / "in" / "up").symlink_to(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress"], capsys)
    assert rc == 1
    assert "symbolic link loop" in _failure_lines(err)[str(tmp_path / "in" / "up")]
    sources = [r["source"] for r in _records(out)]
    assert sorted(sources) == sorted(str(p) for p in pages)  # one record each, none twice
    assert sum(1 for line in err.splitlines() if "symbolic link loop" in line) == 1


def test_zst_output_is_read_back_by_read_jsonl(tmp_path, capsys):
    from corpus_clean.io import read_jsonl

    pages = _write_small_pages(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl.zst"
    rc, _, err = _cli(["clean", tmp_path / "in", "-o", out, "--no-progress"], capsys)
    assert rc == 0, err
    assert {a.source for a in read_jsonl(out)} == {str(p) for p in pages}


def test_cut_off_zst_input_is_reported_and_its_whole_rows_cleaned(tmp_path, capsys):
    import zstandard

    rows = "".join(json.dumps({"id": f"r{i}", "text": SMALL_PAGE}, ensure_ascii=False) + "\n" for i in range(400))
    data = zstandard.ZstdCompressor().compress(rows.encode("utf-8"))
    source = tmp_path / "rows.jsonl.zst"
    source.write_bytes(data[: len(data) * 3 // 4])
    rc, _, err = _cli(["clean", source, "-o", tmp_path / "out.jsonl", "--no-progress"], capsys)
    assert rc == 1
    assert "ended before the end-of-stream marker" in _failure_lines(err)[str(source)]
