"""No input may stall a run: every shape that once made a cleaner super-linear runs in linear time.

Each shape (``tests/cases/linear_time/shapes.jsonl``) is cleaned in a subprocess
under a generous limit: where linear time takes about a second, a blow-up takes
minutes or hours, so the limit tells them apart on any machine without being a
benchmark. The exponential shapes once took 25 s at 35 bytes.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from corpus_clean import clean_page
from corpus_clean.chars import for_re
from corpus_clean.cleaners import line_verdict
from corpus_clean.cleaners.spam_lines import lexicon_patterns

from .adversarial import EXAMPLES, build, python_stdout, shapes
from .casefiles import load_jsonl

ROOT = Path(__file__).parent.parent
LIMIT = 20.0
"""CPU seconds for one shape at 1 MB: linear code needs about one (the README's reliability table)."""
HANG = 180.0
"""Wall seconds after which a subprocess is taken for hung: generous, since other jobs may share the CPU."""
SIZES = {"exponential": 10_000}
"""Bytes of each shape by kind; 1 MB unless named here."""


def _cpu_seconds(*args: str, hang: float = HANG) -> float:
    """Run ``python -m tests.adversarial ARGS`` and return the CPU seconds it reports for the cleaning."""
    done = subprocess.run([sys.executable, "-m", "tests.adversarial", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=hang)
    assert done.returncode == 0, done.stderr[-2000:]
    return float(done.stdout.split("\t")[-1])


PENDING: dict[str, str] = {}
"""Shapes still known to be slow, each with why: strict xfails (none since the DOM path replaced bs4 tree edits)."""


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=PENDING[n],
                                                                         raises=(subprocess.TimeoutExpired, AssertionError)))
                                  if n in PENDING else n for n in sorted(shapes())])
def test_each_adversarial_shape_is_cleaned_within_the_limit(name: str) -> None:
    shape = shapes()[name]
    hang = LIMIT * 3 if name in PENDING else HANG  # a known failure need not be waited for long
    assert _cpu_seconds(name, str(SIZES.get(shape["kind"], 1_000_000)), hang=hang) < LIMIT


def test_the_exponential_lines_of_the_attack_run_are_cleaned_at_once() -> None:
    # 分享 + 28 digits + x took 24.6 s, 更多 + 38 '>' + x 12.8 s; in-process: a regression would hang right here
    for text in ("分享" + "1" * 40 + "x", "更多" + ">" * 60 + "x", "评论 12345678901234567890123456条"):
        assert clean_page(text, source="x") is not None


def test_every_lexicon_pattern_has_a_stored_example_that_it_matches() -> None:
    stored = {(c["reason"], c["pattern"]): c["example"] for c in load_jsonl(*EXAMPLES)}
    for reason, patterns in lexicon_patterns().items():
        for pattern in patterns:
            assert (reason, pattern) in stored, \
                f"no example for {reason}: {pattern}; run python -m tests.adversarial examples"
            compiled = re.compile(for_re(pattern)) if "\\p" not in pattern else regex.compile(pattern)
            assert compiled.fullmatch(stored[(reason, pattern)])


def test_every_lexicon_pattern_fails_fast_on_runs_after_and_inside_its_own_match() -> None:
    assert _cpu_seconds("lexicons", "10000") < LIMIT


def test_random_lines_of_lexicon_words_separators_and_digit_runs_fail_fast() -> None:
    assert _cpu_seconds("random", "60", "100000") < LIMIT


def test_the_cli_cleans_every_shape_inside_jsonl_rows(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    with rows.open("w", encoding="utf-8") as f:
        for name, shape in sorted(shapes().items()):
            if name in PENDING:
                continue
            f.write(json.dumps({"id": name, "text": build(shape, 100_000)}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "corpus_clean.cli", "clean", str(rows), "-o", str(out), "--workers",
                           "1", "--no-progress"], cwd=ROOT, capture_output=True, text=True, timeout=HANG)
    assert done.returncode == 0, done.stderr[-2000:]
    sources = {json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert sources >= set(shapes()) - set(PENDING)


def test_a_lexicon_search_that_times_out_leaves_the_line_as_unjudged_body(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stalling:
        def search(self, text: str) -> None:
            raise TimeoutError("stalled")

    monkeypatch.setattr(line_verdict, "lexicons", lambda: {r: Stalling() for r in lexicon_patterns()})
    verdict = line_verdict.judge("分享到：微信 微博")
    assert (verdict.kind, verdict.reason) == ("body", "unjudged")


def _cpu_seconds_of(imports: str, statements: str) -> float:
    """CPU seconds ``statements`` take in a fresh interpreter, after ``imports`` (not timed)."""
    code = f"import time\n{imports}\nstart = time.process_time()\n{statements}\nprint(time.process_time() - start)\n"
    return float(python_stdout(code, timeout=HANG))


def test_title_line_patterns_take_linear_time_on_long_runs_of_spaces() -> None:
    assert _cpu_seconds_of("from corpus_clean.cleaners.page_title import without_site_names\n"
                           "from corpus_clean.cleaners.headline_date import DATE",
                           "without_site_names('标题' + ' ' * 1_000_000 + 'x_新浪网')\n"
                           "DATE.search('2005' + ' ' * 1_000_000 + 'x')") < LIMIT


def test_metadata_and_counter_patterns_take_linear_time_on_long_runs_of_spaces() -> None:
    """Two ``\\s*`` with an optional bracket between retried every split of a space run (8k spaces: 1.2 s)."""
    assert _cpu_seconds_of("from corpus_clean.cleaners.metadata_lines import parse_journal\n"
                           "from corpus_clean.lines.features import page_features",
                           "parse_journal('报刊' + ' ' * 1_000_000 + '2005年3期x')\n"
                           "page_features(['阅读' + '\\u3000' * 200_000 + 'x1'] * 5, ['body'] * 5)") < LIMIT


def test_closing_credit_patterns_take_linear_time_on_runs_of_bracketed_names() -> None:
    """A paragraph's end is searched for ``（记者 张三）`` and ``（张巨峰）``: runs of sentence ends, brackets and name-like
    runs that never close."""
    assert _cpu_seconds_of("from corpus_clean import clean_page",
                           "clean_page('标题\\n\\n' + '。（张巨峰 李琴' * 100_000 + '）')\n"
                           "clean_page('标题\\n\\n' + '。（记者 张三' * 100_000 + '）')") < LIMIT
