"""Tests for the HTML audit report (corpus_clean.report): the streaming scan, the sample, the page view,
and the document it writes (self-contained, escaped, bounded in size)."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from corpus_clean.cli import main
from corpus_clean.report import build_report, run_report_path
from corpus_clean.report.page_view import BODY, HEADING, META, REMOVED, article_view
from corpus_clean.report.scan import edit_score, scan_run, site_of

DATA = Path(__file__).resolve().parents[1] / "data"


def _record(source: str, n: int, removed: list[tuple[str, str, str]] = (), paragraphs=("正文一段。",), **extra):
    rec = {"id": f"{source}#{n}", "source": source, "title": extra.pop("title", None), "subtitle": None,
           "authors": extra.pop("authors", []), "date": extra.pop("date", None), "paragraphs": list(paragraphs),
           "text": "\n".join(paragraphs), "meta": {"changes": extra.pop("changes", {}), **extra},
           "removed": [{"text": t, "cleaner": c, "reason": r} for t, c, r in removed]}
    return rec


def _write(path: Path, records: list[dict]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _synthetic(path: Path, pages: int, sites: int = 7) -> Path:
    """Page i removes i % 13 lines, so the most edited pages are known; sites are URL hosts."""
    def rows():
        for i in range(pages):
            source = f"https://site{i % sites}.example.cn/news/{i}.html"
            removed = [(f"广告{i}-{k}", "spam_lines", "advertisement") for k in range(i % 13)]
            yield _record(source, 0, removed, title=f"标题{i}")
    with open(path, "w", encoding="utf-8") as fh:
        for rec in rows():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> Path:
    """The bundled sample pages cleaned by the CLI, with their run report beside them."""
    out = tmp_path_factory.mktemp("run") / "clean.jsonl"
    assert main(["clean", str(DATA), "-o", str(out), "--workers", "1", "--no-progress", "-q"]) == 0
    return out


def test_scan_counts_every_removed_line_as_the_run_report_does(sample_run):
    scan = scan_run(sample_run)
    run = json.loads(run_report_path(sample_run).read_text(encoding="utf-8"))
    expected = {(c, r): n for c, per in run["removed"].items() for r, n in per.items()}
    assert dict(scan.removed) == expected
    assert (scan.pages, scan.articles) == (run["pages"], run["articles"])


def test_the_most_edited_pages_are_the_ones_with_most_removals(tmp_path):
    path = _synthetic(tmp_path / "run.jsonl", 200)
    scan = scan_run(path, most_edited=5, random_pages=0)
    assert [p.score for p in scan.sample] == sorted((i % 13 for i in range(200)), reverse=True)[:5]
    assert all(p.picked == "most edited" for p in scan.sample)


def test_random_pages_are_distinct_from_the_most_edited_and_follow_the_seed(tmp_path):
    path = _synthetic(tmp_path / "run.jsonl", 300)
    first = scan_run(path, most_edited=4, random_pages=6, seed=1)
    again = scan_run(path, most_edited=4, random_pages=6, seed=1)
    other = scan_run(path, most_edited=4, random_pages=6, seed=2)
    sources = [p.source for p in first.sample]
    assert len(sources) == len(set(sources)) == 10
    assert sources == [p.source for p in again.sample]
    assert sources != [p.source for p in other.sample]


def test_sites_are_url_hosts_or_the_folder_of_a_path():
    assert site_of("https://news.example.cn/a/b.html") == "news.example.cn"
    assert site_of("data/pages/000.txt") == "data/pages"
    assert site_of("page.txt") == "."


def test_edit_score_leaves_out_character_counts():
    rec = _record("a", 0, [("x", "spam_lines", "seo_spam")],
                  changes={"normalize": {"width": 90}, "script": {"converted_chars": 40}, "pinyin": {"annotation": 2}})
    assert edit_score([rec]) == 3


def test_metadata_lines_show_the_field_they_filled():
    rec = _record("a", 0, [("本报讯(刘志尚)", "segment", "metadata_dateline"), ("猜你喜欢", "spam_lines",
                                                                                  "related_articles")],
                  title="标题", authors=["刘志尚"])
    view = article_view(rec)
    assert [ln.fate for ln in view.lines] == [HEADING, META, BODY, REMOVED]
    assert view.lines[1].filled == "authors: 刘志尚"
    assert (view.lines[3].cleaner, view.lines[3].reason) == ("spam_lines", "related_articles")


def test_report_is_self_contained(sample_run, tmp_path):
    html = (tmp_path / "r.html")
    build_report(sample_run, html)
    text = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text  # the page may load nothing, and a browser enforces it


def test_record_text_is_escaped(tmp_path):
    path = _write(tmp_path / "r.jsonl", [_record("x.txt", 0, [("<script>alert(1)</script>", "html_residue",
                                                               "markup_only")], paragraphs=["a < b & c"])])
    html = tmp_path / "r.html"
    build_report(path, html)
    text = html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("<script>") == 1  # only the report's own filter script
    assert "a &lt; b &amp; c" in text


def test_figures_are_computed_from_the_records_without_a_run_report(tmp_path):
    path = _write(tmp_path / "r.jsonl.gz", [_record("a.txt", 0), _record("a.txt", 1), _record("b.txt", 0)])
    html = tmp_path / "r.html"
    scan = build_report(path, html)
    assert (scan.pages, scan.articles) == (2, 3)
    assert "computed from the records" in html.read_text(encoding="utf-8")


def test_report_size_does_not_grow_with_the_run(tmp_path):
    small, large = tmp_path / "small.html", tmp_path / "large.html"
    build_report(_synthetic(tmp_path / "a.jsonl", 500), small, pages=10)
    build_report(_synthetic(tmp_path / "b.jsonl", 10_000), large, pages=10)
    assert large.stat().st_size < small.stat().st_size * 1.2


def test_one_huge_page_is_cut_to_the_line_budget(tmp_path):
    path = _write(tmp_path / "r.jsonl", [_record("big.txt", 0, paragraphs=[f"第{i}段。" for i in range(5000)])])
    html = tmp_path / "r.html"
    build_report(path, html)
    text = html.read_text(encoding="utf-8")
    assert "第4999段" not in text and "more lines not shown" in text


def test_rows_that_are_not_records_are_skipped_and_reported(tmp_path, capsys):
    path = tmp_path / "r.jsonl"
    rows = [json.dumps(_record("a.txt", 0), ensure_ascii=False), "{not json", "[1]", '{"id": "x"}',
            '{"source": "b.txt", "removed": ["text"]}', '{"source": "b.txt", "meta": {"changes": {"x": 3}}}']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rc = main(["report", str(path), "-o", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "row 2 is not a JSON record" in err and "row 3 is not a JSON object" in err
    assert "row 4 has no 'source' string" in err and "row 5 has a 'removed' that is not a list of objects" in err
    assert "row 6 has a 'meta.changes' that is not an object of objects" in err
    assert (tmp_path / "r.html").exists()


def test_a_missing_records_file_is_a_usage_error_naming_it(tmp_path, capsys):
    rc = main(["report", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "r.html")])
    assert rc == 2
    assert "nope.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_removed_lines_listed_before_the_first_metadata_line_stand_above_the_headline():
    rec = _record("a", 0, [("<tr></tr>", "html_residue", "markup_only"), ("2018-04-19", "spam_lines", "metadata_date"),
                           ("猜你喜欢", "spam_lines", "related_articles")], title="标题", date="2018-04-19")
    view = article_view(rec)
    assert [(ln.fate, ln.text) for ln in view.lines] == [
        (REMOVED, "<tr></tr>"), (HEADING, "标题"), (META, "2018-04-19"), (BODY, "正文一段。"), (REMOVED, "猜你喜欢")]
    assert view.lines[2].filled == "date: 2018-04-19"


def test_long_runs_of_body_lines_are_folded_but_kept_in_the_page(tmp_path):
    path = _write(tmp_path / "r.jsonl", [_record("a.txt", 0, paragraphs=[f"第{i}段。" for i in range(30)])])
    html = tmp_path / "r.html"
    build_report(path, html)
    text = html.read_text(encoding="utf-8")
    assert "25 more body lines</summary>" in text and "第15段" in text


def test_an_empty_run_gives_a_report_that_says_so(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    html = tmp_path / "r.html"
    scan = build_report(path, html)
    assert (scan.pages, scan.sample) == (0, [])
    assert "No line was removed." in html.read_text(encoding="utf-8")


def test_a_parquet_run_is_read_like_json_lines(tmp_path):
    pytest.importorskip("pyarrow")
    from corpus_clean.io import write_parquet

    records = [_record("a.txt", 0, [("猜你喜欢", "spam_lines", "related_articles")]), _record("b.txt", 0)]
    write_parquet(records, tmp_path / "run.parquet")
    scan = build_report(tmp_path / "run.parquet", tmp_path / "r.html")
    assert (scan.pages, scan.articles) == (2, 2)
    assert dict(scan.removed) == {("spam_lines", "related_articles"): 1}


def test_a_very_long_line_is_cut(tmp_path):
    path = _write(tmp_path / "r.jsonl", [_record("a.txt", 0, [("广" * 5000, "spam_lines", "seo_spam")])])
    build_report(path, tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "广" * 1500 + " …" in text and "广" * 1501 not in text


def test_failed_pages_of_the_run_report_are_listed(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text((DATA / "pages" / "000_164f2c2382a7356d.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    out = tmp_path / "run.jsonl"
    assert main(["clean", str(pages), "-o", str(out), "--workers", "1", "--no-progress", "-q"]) == 1
    build_report(out, tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    failures = text.split('<table id="failures">', 1)[1].split("</table>", 1)[0]
    assert "empty.txt" in failures and "good.txt" not in failures


def test_a_run_report_with_odd_values_shows_them_as_unknown(tmp_path):
    path = _write(tmp_path / "r.jsonl", [_record("a.txt", 0)])
    run_report_path(path).write_text(json.dumps({"pages": "many", "bytes_in": None, "failures": ["x"]}),
                                     encoding="utf-8")
    build_report(path, tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'data-figure="pages">pages<b>?</b>' in text


def test_a_run_report_that_is_not_json_is_an_error_naming_it(tmp_path, capsys):
    path = _write(tmp_path / "r.jsonl", [_record("a.txt", 0)])
    run_report_path(path).write_text("{oops", encoding="utf-8")
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 2
    assert "r.report.json: run report is not readable JSON" in capsys.readouterr().err
