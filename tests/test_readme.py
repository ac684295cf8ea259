"""The README's examples run as written."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs_as_written_and_prints_the_article() -> None:
    block = re.search(r"## In Python\s+```python\n(.*?)```", README, re.S)
    assert block is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), {})  # noqa: S102 - the README's own code
    printed = out.getvalue()
    assert "老街新生记" in printed and "王小明" in printed and "2021-06-01" in printed
    assert "看到了许多新变化" in printed  # converted to Simplified
    assert "share_prompt" in printed
