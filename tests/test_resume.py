"""--resume: a run interrupted and resumed gives the output and the report of one uninterrupted run,
even when inputs share row ids."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import corpus_clean.pipeline
from corpus_clean.cli import main

BODY = "近日，中共中央办公厅、国务院办公厅印发了关于减轻中小学教师负担的若干意见，要求各地区各部门认真贯彻落实。"


def _rows(path: Path, prefix: str, n: int) -> Path:
    """``n`` rows whose ids (``row-0``...) are the same in every file; their texts differ."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"row-{i}", "text": f"{prefix}第{i}篇\n\n{BODY}{prefix}{i}"},
                                ensure_ascii=False) + "\n")
    return path


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    real_run = corpus_clean.pipeline.Pipeline.run
    calls = []

    def run(self, page, timings=None):  # type: ignore[no-untyped-def]
        calls.append(page.source)
        if len(calls) > pages:
            raise KeyboardInterrupt
        return real_run(self, page, timings)

    monkeypatch.setattr(corpus_clean.pipeline.Pipeline, "run", run)


def _clean(*args: object) -> int:
    return main(["clean", *[str(a) for a in args], "--no-progress", "--workers", "1", "--shard-pages", "5"])


def test_resume_keys_on_input_and_row_when_inputs_share_ids(tmp_path, monkeypatch, capsys):
    a, b = _rows(tmp_path / "a.jsonl", "甲", 12), _rows(tmp_path / "b.jsonl", "乙", 12)
    whole = tmp_path / "whole.jsonl"
    assert _clean(a, b, "-o", whole) == 0
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 17)  # 17 pages kept: all 12 of a.jsonl and 5 of b.jsonl, whose ids a.jsonl has too
        assert _clean(a, b, "-o", out) == 130
    capsys.readouterr()
    assert _clean(a, b, "-o", out, "--resume") == 0
    err = capsys.readouterr().err
    assert out.read_bytes() == whole.read_bytes()
    assert "17 pages skipped" in err
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    full = json.loads((tmp_path / "whole.report.json").read_text(encoding="utf-8"))
    assert (report["pages_skipped_resume"], report["pages_this_run"]) == (17, 7)
    for key in ("pages", "articles", "bytes_in", "bytes_out", "removed", "failures", "pages_failed"):
        assert report[key] == full[key], key


def test_resumed_report_counts_the_failures_of_the_interrupted_run(tmp_path, monkeypatch, capsys):
    a = _rows(tmp_path / "a.jsonl", "甲", 8)
    with open(a, "a", encoding="utf-8") as fh:
        fh.write("not json\n")
    _rows(tmp_path / "b.jsonl", "乙", 4)
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 11)
        assert _clean(a, tmp_path / "b.jsonl", "-o", out) == 130
    assert _clean(a, tmp_path / "b.jsonl", "-o", out, "--resume") == 1
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert report["pages"] == 13 and report["failures"] == [
        {"source": f"{a}:9", "reason": "not a JSON object: Expecting value at column 1"}]
    assert len(out.read_text(encoding="utf-8").splitlines()) == report["articles"] == 12


def test_resuming_a_finished_output_adds_the_new_pages_and_reports_them_all(tmp_path, capsys):
    a = _rows(tmp_path / "a.jsonl", "甲", 6)
    out = tmp_path / "out.jsonl"
    assert _clean(a, "-o", out) == 0
    b = tmp_path / "b.jsonl"  # new ids: a finished output knows its pages by their sources only
    b.write_text("".join(json.dumps({"id": f"new-{i}", "text": f"乙第{i}篇\n\n{BODY}"}, ensure_ascii=False) + "\n"
                         for i in range(3)), encoding="utf-8")
    capsys.readouterr()
    assert _clean(a, b, "-o", out, "--resume") == 0
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert (report["pages"], report["pages_this_run"], report["pages_skipped_resume"]) == (9, 3, 6)
    assert report["articles"] == len(out.read_text(encoding="utf-8").splitlines()) == 9
