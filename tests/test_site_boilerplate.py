"""Site boilerplate: lines on many pages of a site go as repeated_across_pages; headlines and dates stay."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean import Pipeline
from corpus_clean.cli import main
from corpus_clean.io import PageInput, read_rows
from corpus_clean.page import Page
from corpus_clean.site_boilerplate import SiteBoilerplate, SiteCounts, line_key, site_of, split_at_step, with_step
from corpus_clean.site_counting import count_local

from .site_corpus import build, evaluate, write_jsonl

FOOTER = ["临江新闻网，做有温度的新闻，讲好身边的故事。", "关注临江新闻微信公众号，获取更多本地资讯。"]


def site_page(n: int, site: str = "https://www.linjiang.example.cn", extra: list[str] | None = None) -> PageInput:
    body = [f"第{n}篇报道的标题是这样的写法", "", f"本报讯 这是第{'一二三四五六七八九十'[n % 10]}篇{n}号文章的正文，"
            f"讲述了编号为{n * 7919}的一件事情的来龙去脉。", ""]
    return PageInput(f"{site}/news/{n}.html", text="\n".join([*(extra or []), *body, *FOOTER]))


def test_a_site_is_the_url_host_or_the_folder_of_a_file() -> None:
    assert site_of("https://www.Example.com.cn/a/b.html?x=1") == "example.com.cn"
    assert site_of("http://news.example.cn:8080/x") == "news.example.cn"
    assert site_of("crawl/site-a/page1.txt") == "crawl/site-a"
    assert site_of("page1.txt") == ""


def test_line_keys_ignore_spaces_case_and_the_digits_of_counters() -> None:
    assert line_key("a", "阅读 1234 次") == line_key("a", "阅读7次")
    assert line_key("a", "Download APP") == line_key("a", "download app")
    assert line_key("a", "关注我们") != line_key("b", "关注我们")
    assert line_key("a", "   ") is None


def _counts(pages: list[PageInput], min_pages: int = 5) -> SiteCounts:
    return count_local(pages, split_at_step(Pipeline.default())[0], workers=1, min_pages=min_pages)


def test_a_line_on_enough_pages_of_a_large_enough_site_is_repeated() -> None:
    counts = _counts([site_page(n) for n in range(12)])
    keys = set(counts.repeated(min_site_pages=10))
    assert {line_key("linjiang.example.cn", line) for line in FOOTER} <= keys
    assert counts.repeated(min_site_pages=13) == []  # the site has 12 pages: too small to judge


def test_a_page_crawled_again_counts_once() -> None:
    pages = [site_page(1)] * 8 + [site_page(n) for n in range(2, 6)]
    counts = _counts(pages)
    assert counts.pages["linjiang.example.cn"] == 5 and counts.lines[line_key("linjiang.example.cn", FOOTER[0])] == 5


def test_forgetting_lines_seen_once_never_adds_a_repeated_line() -> None:
    pages = [site_page(n, extra=[f"只在这一页出现的第{n}句话，用来占满计数器。"]) for n in range(30)]
    exact, bounded = _counts(pages), count_local(pages, split_at_step(Pipeline.default())[0], max_keys=8)
    assert bounded.pruned > 0 and set(bounded.repeated(0)) <= set(exact.repeated(0)) and bounded.repeated(0)


def _clean_with_table(pages: list[PageInput], tmp_path: Path, min_site_pages: int = 10) -> list[Page]:
    pipeline = Pipeline.default()
    table = tmp_path / "table.json"
    _counts(pages).write_table(table, min_site_pages=min_site_pages)
    two_pass = with_step(pipeline, str(table))
    assert [c.name for c in two_pass.cleaners].index("site_boilerplate") == \
        [c.name for c in pipeline.cleaners].index("segment") + 1
    return [two_pass.run(Page.from_text(p.text or "", p.source)) for p in pages]


def test_furniture_goes_as_repeated_across_pages_and_the_articles_stay(tmp_path: Path) -> None:
    states = _clean_with_table([site_page(n) for n in range(12)], tmp_path)
    for state in states:
        reasons = {ln.text: ln.removal.reason for ln in state.lines if ln.removal}
        assert all(reasons.get(line) == "repeated_across_pages" for line in FOOTER)
        article = state.to_articles()[0]
        assert article.title and article.title.startswith("第") and len(article.paragraphs) == 1


def test_a_masthead_date_on_every_page_stays_metadata(tmp_path: Path) -> None:
    masthead = "2024年5月18日 星期六"
    states = _clean_with_table([site_page(n, extra=[masthead, ""]) for n in range(12)], tmp_path)
    for state in states:
        line = next(ln for ln in state.lines if ln.removal and ln.removal.text.startswith("2024年5月18日"))
        assert line.kind == "meta" and line.removal.reason.startswith("metadata")
        assert state.to_articles()[0].date == "2024-05-18"


def test_a_headline_over_the_pages_of_one_article_stays(tmp_path: Path) -> None:
    pages = [site_page(n) for n in range(12)]
    for n in range(6):  # one article over six pages under one headline
        text = (pages[n].text or "").replace(f"第{n}篇报道的标题是这样的写法", "连载：一条老街的百年变迁")
        pages[n] = PageInput(pages[n].source, text=text)
    states = _clean_with_table(pages, tmp_path)
    assert [s.to_articles()[0].title for s in states[:6]] == ["连载：一条老街的百年变迁"] * 6


def test_without_a_table_the_step_changes_nothing() -> None:
    page = site_page(1)
    plain = Pipeline.default().clean_page(page.text or "", page.source)
    with_empty = Pipeline([*Pipeline.default().cleaners, SiteBoilerplate()]).clean_page(page.text or "", page.source)
    assert [a.to_dict() for a in with_empty] == [a.to_dict() for a in plain]


def test_a_table_that_is_not_one_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="not a table written by the first pass"):
        SiteBoilerplate(table=str(bad)).apply(Page.from_text("x", "a/b.txt"))


@pytest.fixture(scope="module")
def crawl_runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A smaller crawl than the benchmark's 50 x 40 (README gives that one's figures), cleaned both ways."""
    folder = tmp_path_factory.mktemp("crawl")
    crawl = build(sites=12, pages_per_site=30)
    pages = write_jsonl(crawl, folder / "crawl.jsonl")
    runs = {}
    for name, extra in (("one", []), ("two", ["--site-boilerplate"])):
        out = folder / f"{name}.jsonl"
        assert main(["clean", str(pages), "-o", str(out), "--no-progress", "-q", "--workers", "2", *extra]) == 0
        runs[name] = evaluate(crawl, list(read_rows(out)))
    runs["table"] = json.loads((folder / "two.site-lines.json").read_text(encoding="utf-8"))
    return runs


def test_on_the_synthetic_crawl_removed_lines_are_furniture(crawl_runs: dict) -> None:
    two = crawl_runs["two"]
    assert two["removed_as_repeated"] > 500 and two["precision"] >= 0.99, two


def test_on_the_synthetic_crawl_furniture_is_gone(crawl_runs: dict) -> None:
    assert crawl_runs["two"]["recall"] >= 0.95 > crawl_runs["one"]["recall"], crawl_runs


def test_on_the_synthetic_crawl_text_f1_rises_over_one_pass(crawl_runs: dict) -> None:
    assert crawl_runs["two"]["text_f1"] > crawl_runs["one"]["text_f1"] + 0.01, crawl_runs


def test_on_the_synthetic_crawl_no_headline_or_masthead_date_is_removed(crawl_runs: dict) -> None:
    assert crawl_runs["two"]["protected_removed"] == 0 and crawl_runs["table"]["sites"] == 12


def test_standard_input_cannot_be_read_twice(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["clean", "-", "-o", str(tmp_path / "o.jsonl"), "--site-boilerplate", "--no-progress", "-q"])
    assert exit_.value.code == 2


def test_ray_engine_gives_the_same_table_and_records_as_the_local_engine(local_ray, tmp_path: Path) -> None:
    pages = write_jsonl(build(sites=3, pages_per_site=12), tmp_path / "crawl.jsonl")
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["clean", str(pages), "-o", str(local), "--no-progress", "-q", "--workers", "1",
                 "--site-boilerplate"]) == 0
    assert main(["clean", str(pages), "-o", str(remote), "--no-progress", "-q", "--engine", "ray",
                 "--site-boilerplate"]) == 0
    tables = [json.loads((tmp_path / f"{n}.site-lines.json").read_text(encoding="utf-8")) for n in ("local", "ray")]
    assert tables[0]["keys"] and tables[0] == tables[1]
    assert remote.read_bytes() == local.read_bytes()
    assert any(r["reason"] == "repeated_across_pages" for row in read_rows(remote) for r in row["removed"])


def test_a_minimum_of_one_page_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("正文。", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["clean", str(page), "-o", str(tmp_path / "o.jsonl"), "--site-boilerplate", "--site-min-pages", "1",
              "--no-progress", "-q"])
    assert exit_.value.code == 2


def test_line_keys_of_a_long_line_of_spaced_digits_fold_to_one_digit() -> None:
    # the normalising patterns are single classes with one quantifier: one pass over a 1.2 MB line
    assert line_key("a", "1 2 3 " * 200_000) == line_key("a", "7")
