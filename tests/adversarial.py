"""Adversarial inputs: the shapes that once made a cleaner slower than linear, built to a size.

The shapes are data (``tests/cases/linear_time/shapes.jsonl``): a prefix, a unit
repeated to the size asked, and a suffix; ``numbered`` units get a running
number so that lines are not all repeats. ``python -m tests.adversarial NAME
BYTES`` cleans one shape and prints the seconds it took (the guard tests run
it in a subprocess, under a time limit, so a blow-up cannot hang the suite).
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .casefiles import CASES, load_jsonl


ROOT = Path(__file__).resolve().parent.parent


def python_stdout(code: str, timeout: float = 180.0) -> str:
    """What ``code`` prints, run in a fresh interpreter from the repository root: a guard test's timed child,
    so that a blow-up fails the test at ``timeout`` wall seconds instead of hanging the suite."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def shapes() -> dict[str, dict[str, Any]]:
    """The shapes by name."""
    return {case["name"]: case for case in load_jsonl("linear_time", "shapes.jsonl")}


def build(shape: dict[str, Any], size: int) -> str:
    """The shape's text, about ``size`` UTF-8 bytes long."""
    unit = shape["unit"]
    count = max(1, size // len(unit.encode("utf-8")))
    if shape.get("numbered"):
        body = "".join(unit.replace("\n", f"{i}\n") for i in range(count))
    else:
        body = unit * count
    return shape["prefix"] + body + shape["suffix"]


SEPARATORS = (" ", "\u3000", "|", "｜", "/", ">", "»", "·", "、", "_", "-", ":", "：", ".", "%", "@", "(", "（", "【")
"""Characters the lexicons put between their words: repeated, they are what a backtracking pattern chokes on."""
_LITERAL = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]{2,}")


EXAMPLES = ("linear_time", "lexicon_examples.jsonl")
"""A shortest match of every lexicon pattern (found by hypothesis; ``python -m tests.adversarial examples``)."""
UNITS = ("1", "1.", " ", "\u3000", "中", "a", ">", "|", "、")
"""What a line goes on with, repeated: digits, separators, a Han character; backtracking patterns choke on runs."""


def find_examples() -> list[dict[str, str]]:
    """A shortest match of every lexicon pattern, by hypothesis's search and shrinking (minutes: run on change)."""
    from hypothesis import find, settings
    from hypothesis import strategies as st

    from corpus_clean.chars import for_re
    from corpus_clean.cleaners.spam_lines import lexicon_patterns

    found = []
    for reason, patterns in lexicon_patterns().items():
        for pattern in patterns:
            example = find(st.from_regex(for_re(pattern), fullmatch=True), lambda s: True,
                           settings=settings(database=None, max_examples=50))
            found.append({"reason": reason, "pattern": pattern, "example": example})
    return found


def lexicon_lines(size: int) -> list[str]:
    """For every lexicon pattern, its stored example with a unit repeated to ``size`` characters after it, and
    inside it, and an ending no pattern wants: a pattern that can fail slowly on a run has to."""
    lines = []
    for case in load_jsonl(*EXAMPLES):
        example = case["example"]
        middle = len(example) // 2
        for unit in (*UNITS, example):
            run = unit * (size // max(1, len(unit)))
            lines.append(example + run + "x")
            lines.append(example[:middle] + run + example[middle:] + "x")
    return lines


def random_lines(count: int, size: int) -> list[str]:
    """``count`` lines drawn by hypothesis: a few pieces (lexicon examples and their words, separators, digit and
    Han runs), the pieces repeated to ``size`` characters, then one closing character."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    examples = [c["example"] for c in load_jsonl(*EXAMPLES)]
    words = sorted({w for c in load_jsonl(*EXAMPLES) for w in _LITERAL.findall(c["pattern"])})
    piece = st.one_of(st.sampled_from(examples), st.sampled_from(words), st.sampled_from(UNITS),
                      st.text(alphabet="0123456789", min_size=1, max_size=4), st.text(alphabet="新闻发布中心", max_size=4))
    lines: list[str] = []

    @settings(max_examples=count, database=None, deadline=None)
    @given(st.lists(piece, min_size=1, max_size=4), st.sampled_from(["x", "。", "@", "%", ""]))
    def draw(pieces: list[str], end: str) -> None:
        unit = "".join(pieces) or "1"
        lines.append(unit * (size // len(unit)) + end)

    draw()
    return lines


def judge_lines(lines: list[str]) -> float:
    """Seconds of CPU to judge every line alone and to search it with every lexicon."""
    from corpus_clean.cleaners.spam_lines import judge, lexicons

    start = time.process_time()
    compiled = list(lexicons().values())
    for line in lines:
        judge(line)
        for lexicon in compiled:
            lexicon.search(line)
    return time.process_time() - start


def main(argv: list[str]) -> int:
    from corpus_clean import clean_page

    if argv[0] == "examples":
        import json

        path = CASES.joinpath(*EXAMPLES)
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in find_examples()), encoding="utf-8")
        return 0
    if argv[0] == "random":
        lines = random_lines(int(argv[1]), int(argv[2]))
        print(f"random\t{len(lines)} lines\t{judge_lines(lines):.3f}")
        return 0
    if argv[0] == "lexicons":
        lines = lexicon_lines(int(argv[1]))
        print(f"lexicons\t{len(lines)} lines\t{judge_lines(lines):.3f}")
        return 0
    name, size = argv[0], int(argv[1])
    shape = shapes()[name]
    clean_page("暖机。", source="warm-up", target=shape.get("target", "simplified"))
    text = build(shape, size)
    start = time.process_time()
    clean_page(text, source=name, target=shape.get("target", "simplified"))
    print(f"{name}\t{len(text.encode('utf-8'))}\t{time.process_time() - start:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
