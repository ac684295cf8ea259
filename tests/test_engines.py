"""Engines: local worker processes, resume after a kill, the run report, output formats, and Ray."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import pytest

from corpus_clean import Pipeline
from corpus_clean.cleaners.base import Cleaner
from corpus_clean.cli import main
from corpus_clean.engines.local import clean_pages
from corpus_clean.io import PageInput, iter_pages, read_rows
from corpus_clean.page import Page

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))


def many_pages(folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of every sample page, each under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(copies):
        for page in SAMPLES:
            target = folder / f"{n:04d}_{page.name}"
            target.write_bytes(page.read_bytes())
            written.append(target)
    return written


class ExitOnMarker(Cleaner):
    """Kills its worker process outright on a page holding the marker, as a segfault would."""

    name: ClassVar[str] = "exit_on_marker"

    def apply(self, page: Page) -> Page:
        if any("KILL-THE-WORKER" in line.text for line in page.lines):
            os._exit(3)
        return page


def test_two_workers_give_the_same_records_in_the_same_order_as_one() -> None:
    pages = list(iter_pages([str(p) for p in SAMPLES])) * 3
    one = [r.rows for r in clean_pages(pages, Pipeline.default(), workers=1)]
    two = [r.rows for r in clean_pages(pages, Pipeline.default(), workers=2, chunk_pages=2)]
    assert one == two and len(one) == len(pages)


def test_a_page_that_kills_its_worker_costs_that_page_only() -> None:
    pages = [PageInput(f"p{i}", text=f"第{i}篇正文，内容完整。") for i in range(12)]
    pages[5] = PageInput("bad", text="KILL-THE-WORKER")
    pipeline = Pipeline([ExitOnMarker(), *Pipeline.default().cleaners])
    results = list(clean_pages(pages, pipeline, workers=2, chunk_pages=3))
    assert [r.source for r in results] == [p.source for p in pages]
    assert results[5].error == "the worker process died cleaning this page"
    assert all(r.error is None and r.articles == 1 for i, r in enumerate(results) if i != 5)


def run_cli(args: list[str], **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-m", "corpus_clean.cli", "clean", *args, "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc; empty where there is none)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_run_resumed_gives_the_same_output_as_an_uninterrupted_run(tmp_path: Path) -> None:
    many_pages(tmp_path / "in", 25)  # 275 pages
    whole = tmp_path / "whole.jsonl"
    done = run_cli([str(tmp_path / "in"), "-o", str(whole), "--workers", "2"])
    assert done.wait(timeout=600) == 0, done.stderr.read().decode()

    out = tmp_path / "resumed.jsonl"
    parts = tmp_path / ".resumed.jsonl.parts"
    killed = run_cli([str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--shard-pages", "10"])
    deadline = time.monotonic() + 300
    while len(list(parts.glob("part-*.jsonl"))) < 3 and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.02)
    workers = _children(killed.pid)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    # its workers notice and end too, instead of idling forever as orphans
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "worker processes outlived their killed parent"
    assert not out.exists(), "the run finished before it could be killed; the test proves nothing"
    kept = len(list(parts.glob("part-*.jsonl")))
    assert kept >= 3

    resumed = run_cli([str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--resume", "--shard-pages", "10"])
    assert resumed.wait(timeout=600) == 0, resumed.stderr.read().decode()
    assert "skipped: already in the output" in resumed.stderr.read().decode()
    assert out.read_bytes() == whole.read_bytes()
    assert not parts.exists()
    report = json.loads((tmp_path / "resumed.report.json").read_text(encoding="utf-8"))
    assert report["pages_skipped_resume"] >= kept * 10 - 10  # every kept shard's pages were skipped


def test_run_report_sits_beside_the_output_and_adds_up(tmp_path: Path) -> None:
    many_pages(tmp_path / "in", 1)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(tmp_path / "in"), "-o", str(out), "--no-progress", "-q", "--workers", "1"]) == 1
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    records = list(read_rows(out))
    assert report["pages"] == len(SAMPLES) + 1 and report["articles"] == len(records)
    assert report["failures"] == [{"source": str(tmp_path / "in" / "empty.txt"), "reason": "empty page"}]
    removed = sum(len(r["removed"]) for r in records)
    assert sum(n for per in report["removed"].values() for n in per.values()) == removed
    assert report["bytes_in"] == sum(p.stat().st_size for p in SAMPLES)
    assert report["bytes_out"] == out.stat().st_size
    assert set(report["time_share_by_cleaner"]) == {c.name for c in Pipeline.default().cleaners}
    assert abs(sum(report["time_share_by_cleaner"].values()) - 1) < 0.01


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet"])
def test_every_output_format_holds_the_same_records(tmp_path: Path, suffix: str) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    reference = tmp_path / "ref.jsonl"
    assert main(["clean", str(ROOT / "data"), "-o", str(reference), "--no-progress", "-q", "--workers", "1"]) == 0
    out = tmp_path / f"out{suffix}"
    assert main(["clean", str(ROOT / "data"), "-o", str(out), "--no-progress", "-q", "--workers", "1"]) == 0
    assert list(read_rows(out)) == list(read_rows(reference))


def test_zst_jsonl_input_is_read(tmp_path: Path) -> None:
    import zstandard

    rows = [json.dumps({"id": f"row{i}", "text": p.read_text(encoding="utf-8")}, ensure_ascii=False)
            for i, p in enumerate(SAMPLES[:3])]
    (tmp_path / "pages.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress("\n".join(rows).encode()))
    pages = list(iter_pages([str(tmp_path / "pages.jsonl.zst")]))
    assert [p.source for p in pages] == ["row0", "row1", "row2"] and all(p.text for p in pages)


def test_ray_engine_gives_the_same_records_as_the_local_engine(local_ray, tmp_path: Path) -> None:
    from corpus_clean.engines.ray import clean_dataset, clean_pages_on_ray

    pages = list(iter_pages([str(p) for p in SAMPLES]))
    local = [r.rows for r in clean_pages(pages, Pipeline.default(), workers=1)]
    assert [r.rows for r in clean_pages_on_ray(pages, Pipeline.default())] == local

    ds = local_ray.data.from_items([{"id": p.source, "text": p.text} for p in pages])
    rows = clean_dataset(ds, Pipeline.default(), concurrency=2).take_all()
    expected = sorted((json.loads(line) for r in local for line in r.splitlines()), key=lambda d: d["id"])
    got = sorted(({**r, "meta": json.loads(r["meta"]), "authors": list(r["authors"]),
                   "paragraphs": list(r["paragraphs"]), "removed": [dict(x) for x in r["removed"]]}
                  for r in rows), key=lambda d: d["id"])
    assert got == expected


def test_reading_facts_of_a_page_reach_its_records_on_ray_as_locally(local_ray, tmp_path: Path) -> None:
    from corpus_clean.engines.ray import clean_pages_on_ray

    page = tmp_path / "bad_bytes.txt"
    page.write_bytes("城口县委召开会议，部署全县工作。".encode("gb18030") + b"\xff" + "会议强调要狠抓落实。".encode("gb18030"))
    pages = list(iter_pages([str(page)]))
    local = [r.rows for r in clean_pages(pages, Pipeline.default(), workers=1)]
    assert "replaced_bytes" in local[0]
    assert [r.rows for r in clean_pages_on_ray(pages, Pipeline.default())] == local


def test_cli_ray_engine_writes_the_same_output_as_the_local_engine(local_ray, tmp_path: Path) -> None:
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["clean", str(ROOT / "data"), "-o", str(local), "--no-progress", "-q", "--workers", "1"]) == 0
    assert main(["clean", str(ROOT / "data"), "-o", str(remote), "--no-progress", "-q", "--engine", "ray"]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert json.loads((tmp_path / "ray.report.json").read_text(encoding="utf-8"))["engine"] == "ray"


def test_lines_of_a_page_with_no_article_left_are_counted_in_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "spam.txt").write_text("首页 | 新闻 | 财经 | 体育 | 娱乐\n京ICP备12345678号\n扫一扫关注我们", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(folder), "-o", str(out), "--no-progress", "-q", "--workers", "1"]) == 0
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 0 and report["pages_without_articles"] == 1
    assert report["removed"] == {"spam_lines": {"navigation": 1, "copyright": 1, "qr_or_subscription": 1}}


def test_an_output_inside_an_input_folder_is_not_read_back_as_input(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    many_pages(folder, 1)
    out = folder / "out.jsonl"
    for _ in range(2):
        assert main(["clean", str(folder), "-o", str(out), "--no-progress", "-q", "--workers", "1"]) == 0
    sources = [row["source"] for row in read_rows(out)]
    assert not any(s.endswith((".jsonl", ".json")) or "#" in s for s in sources)
    assert len(set(sources)) == len(SAMPLES)
