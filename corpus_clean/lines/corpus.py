"""Read the labelled-lines corpus (``tests/lines/lines.jsonl``) into feature vectors and targets.

Shared by the trainer (``tools/train_line_model.py``) and the tests, so that both compute the
features of each line in its page exactly as the pipeline does.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .features import page_features
from .verdicts import page_verdicts

ARTICLE = frozenset({"body", "heading"})
NOT_ARTICLE = frozenset({"boilerplate", "metadata"})
GAPS = frozenset({"blank", "settled"})


@dataclass(frozen=True, slots=True)
class LabelledLine:
    """One line with a sure label: its features, whether it is not article text, and where it is from."""

    vector: list[float]
    boilerplate: bool
    label: str
    verdict: str
    site: str
    page: str
    set: str
    chars: int


def read_pages(path: Path) -> dict[str, list[dict]]:
    """The corpus rows of each page, in line order."""
    pages: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as rows:
        for n, line in enumerate(rows, 1):
            try:
                row = json.loads(line)
                pages[row["page"]].append(row)
            except (ValueError, KeyError) as err:
                raise ValueError(f"{path}:{n}: not a corpus row ({err})") from None
    for rows_ in pages.values():
        rows_.sort(key=lambda r: r["i"])
    return dict(pages)


def labelled_lines(path: Path) -> list[LabelledLine]:
    """Every line labelled article or not (ambiguous lines left out), with its features in its page."""
    out: list[LabelledLine] = []
    for page, rows in read_pages(path).items():
        texts = [r["text"] if r["label"] not in GAPS else "" for r in rows]
        verdicts = page_verdicts(texts)
        for row, vector, verdict in zip(rows, page_features(texts, verdicts), verdicts):
            if vector is None or row["label"] not in ARTICLE | NOT_ARTICLE:
                continue
            out.append(LabelledLine(vector, row["label"] in NOT_ARTICLE, row["label"], verdict, row["site"], page,
                                    row["set"], max(1, len(row["text"]))))
    return out
