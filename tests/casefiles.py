"""Loading the test cases kept as data files, and the gold paragraphs used as clean text."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
CASES = HERE / "cases"


def load_jsonl(*parts: str) -> list[dict]:
    """The objects of a JSON Lines case file under ``tests/cases``."""
    path = CASES.joinpath(*parts)
    # rows end at "\n" only: str.splitlines would also cut inside a value holding U+2028 or U+001C
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def load_lines(*parts: str) -> list[str]:
    """The non-empty lines of a text case file under ``tests/cases``."""
    return [line for line in CASES.joinpath(*parts).read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_paragraphs() -> list[str]:
    """Every paragraph of the copied gold records: text a cleaner must leave unchanged."""
    return [p for f in sorted((HERE / "gold").glob("*.json"))
            for a in json.loads(f.read_text(encoding="utf-8"))["articles"] for p in a["paragraphs"]]
