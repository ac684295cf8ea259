"""Warming up loads what cleaning needs and changes no result.

The local engine warms the pipeline up in the parent before it forks its
workers; these tests check that a warmed-up pipeline needs no further loading
on its first page and cleans exactly as a cold one does.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_clean import Pipeline
from corpus_clean.cleaners.base import Cleaner

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "data" / "pages").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "pages").glob("*.txt"))

_FIRST_PAGE_AFTER_WARM_UP = """
import json, sys, time
import jieba
from corpus_clean import Pipeline
pipeline = Pipeline.default(sys.argv[1])
if sys.argv[2] == "warm":
    pipeline.warm_up()
loaded = {name for name in sys.modules}
rows = []
for path in sys.argv[3:]:
    rows.append([a.to_json() for a in pipeline.clean_page(open(path, encoding="utf-8").read(), source=path)])
new_modules = sorted(name for name in sys.modules if name not in loaded and not name.startswith("encodings"))
print(json.dumps({"rows": rows, "new_modules": new_modules, "jieba_ready": jieba.dt.initialized}))
"""


def _clean_in_a_fresh_process(target: str, mode: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run([sys.executable, "-c", _FIRST_PAGE_AFTER_WARM_UP, target, mode, *map(str, PAGES)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


@pytest.mark.parametrize("target", ["simplified", "traditional"])
def test_a_warmed_up_pipeline_cleans_exactly_as_a_cold_one(target: str) -> None:
    cold, warm = _clean_in_a_fresh_process(target, "cold"), _clean_in_a_fresh_process(target, "warm")
    assert warm["rows"] == cold["rows"]
    assert warm["jieba_ready"]
    # nothing left to import on the first pages: the dictionaries and their modules came with the warm-up
    assert warm["new_modules"] == [], warm["new_modules"]
    assert cold["new_modules"], "the cold pipeline should import its dictionaries lazily"


def test_warm_up_of_a_custom_cleaner_is_a_no_op_by_default() -> None:
    class Upper(Cleaner):
        name = "upper"

        def apply(self, page):  # type: ignore[no-untyped-def]
            return page

    Pipeline([Upper()]).warm_up()  # must not raise
    assert Upper().warm_up() is None
