"""``may_be_byline``, the cheap test that spares ``parse_byline`` on most lines, admits every line it accepts.

The lines are every line of the project's page sets (sample, held-out, fresh, the scraped text of the HTML
pages when present) and every string of the golden case files, each as it stands and stripped; the gate must
say yes to each one :func:`parse_byline` reads names from, and may say no to the rest.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_clean.names import may_be_byline, parse_byline

from .casefiles import CASES

ROOT = Path(__file__).resolve().parent.parent
PAGE_SETS = [ROOT / "data" / "pages", ROOT / "tests" / "heldout" / "pages", ROOT / "tests" / "fresh" / "pages",
             Path("/tmp/w/scraped")]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _lines() -> set[str]:
    lines: set[str] = set()
    for folder in PAGE_SETS:
        for path in folder.rglob("*.txt"):
            lines.update(path.read_text(encoding="utf-8", errors="replace").splitlines())
    for path in CASES.rglob("*.jsonl"):
        for row in path.read_text(encoding="utf-8").split("\n"):
            if row.strip():
                lines.update(ln for s in _strings(json.loads(row)) for ln in s.splitlines())
    return lines | {ln.strip() for ln in lines}


def test_the_gate_admits_every_line_that_parse_byline_reads_names_from() -> None:
    lines = _lines()
    accepted = [ln for ln in lines if parse_byline(ln) is not None]
    assert len(accepted) >= 100  # the page sets hold bylines: the test reads real ones
    assert [ln for ln in accepted if not may_be_byline(ln)] == []


@pytest.mark.parametrize("line", ["记者 李四", "【文/王五", "　图｜赵六", "□ 欧阳明", "(作者：放飞&心情)",
                                  "新华社记者 张三 李四", "澎湃新闻记者 王珊珊", "趙廷虎"])
def test_the_gate_admits_bylines_with_and_without_role_words(line: str) -> None:
    assert parse_byline(line) is not None and may_be_byline(line)


@pytest.mark.parametrize("line", ["首页", "新闻中心", "通知公告", "2023-05-12 09:30", "Copyright © 2023"])
def test_the_gate_turns_away_lines_that_neither_open_with_a_surname_nor_hold_a_role_word(line: str) -> None:
    assert not may_be_byline(line) and parse_byline(line) is None


def test_the_gate_takes_linear_time_on_long_runs_of_what_it_skips() -> None:
    assert not may_be_byline("【 " * 200_000 + "x")
