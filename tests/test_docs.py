"""The documentation: every reason a cleaner gives is documented, the reason reference is generated from
the code's own tables, and the site builds with warnings as errors."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from corpus_clean import CLEANERS, Pipeline
from corpus_clean.io import PageError, decode_bytes

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGE_SETS = [ROOT / "data" / "pages", ROOT / "tests" / "heldout" / "pages", ROOT / "tests" / "fresh" / "pages"]
HTML_DOCUMENTS = 6
"""The smallest HTML documents of tests/html also run: the whole set takes seconds more, for no new reason."""
# a whole-line removal in cleaner code: line.remove(self.name, "a" if x else "b") or mark_meta(self.name, "kind", ...)
REMOVE_CALL = re.compile(r"\.remove\(self\.name, ([^\n]*)\)")
META_CALL = re.compile(r"\.mark_meta\(self\.name, \"(\w+)\"")
LITERAL = re.compile(r"\"(\w+)\"")
UNDECLARED: dict[tuple[str, str], str] = {}
"""Reasons given in a cleaner's code but missing from its table, each with why: strict xfails."""


def _hook():
    spec = importlib.util.spec_from_file_location("reasons_hook", DOCS / "hooks" / "reasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reasons_in_code() -> set[tuple[str, str]]:
    """(cleaner, reason) of every whole-line removal written with literal reasons in the cleaners' code."""
    found = set()
    for name, cls in CLEANERS.items():
        source = Path(sys.modules[cls.__module__].__file__).read_text(encoding="utf-8")
        for args in REMOVE_CALL.findall(source):
            found |= {(name, r) for r in LITERAL.findall(args)}
        found |= {(name, f"metadata_{kind}") for kind in META_CALL.findall(source)}
    return found


def _run_bundled_pages() -> tuple[Counter, Counter]:
    """Removed-line and in-line edit reasons the default pipeline gives on the bundled pages."""
    pipeline = Pipeline.default()
    removed, edits = Counter(), Counter()
    html = sorted((p for p in (ROOT / "tests" / "html").rglob("*") if p.suffix in (".html", ".htm")),
                  key=lambda p: (p.stat().st_size, p.name))[:HTML_DOCUMENTS]
    for path in [p for folder in PAGE_SETS for p in sorted(folder.glob("*.txt"))] + html:
        try:
            text = decode_bytes(path.read_bytes())
        except PageError:
            continue
        for article in pipeline.clean_page(text, source=str(path)):
            removed.update((r.cleaner, r.reason) for r in article.removed)
            edits.update((c, r) for c, per in article.meta["changes"].items() for r in per)
    return removed, edits


@pytest.fixture(scope="module")
def bundled_run() -> tuple[Counter, Counter]:
    return _run_bundled_pages()


def test_every_declared_reason_has_a_meaning_and_is_in_the_generated_reference():
    tables = _hook().reason_tables()
    for name, cls in CLEANERS.items():
        assert f"## `{name}`" in tables
        for reason, meaning in cls.reasons.items():
            assert meaning.strip(), f"{name}.{reason} has no meaning"
            assert f"| `{reason}` |" in tables


def test_reason_page_holds_the_marker_the_hook_fills():
    hook = _hook()
    assert hook.MARKER in (DOCS / "reasons.md").read_text(encoding="utf-8")


def test_a_reason_without_a_meaning_fails_the_build(monkeypatch):
    cls = CLEANERS["html_residue"]
    monkeypatch.setattr(cls, "reasons", {**cls.reasons, "undocumented": ""})
    with pytest.raises(ValueError, match="undocumented"):
        _hook().reason_tables()


@pytest.mark.parametrize("cleaner,reason", [
    pytest.param(c, r, marks=pytest.mark.xfail(strict=True, reason=UNDECLARED[(c, r)]) if (c, r) in UNDECLARED else ())
    for c, r in sorted(_reasons_in_code())])
def test_every_reason_in_cleaner_code_is_declared_in_its_table(cleaner, reason):
    assert reason in CLEANERS[cleaner].reasons


def test_every_reason_given_on_the_bundled_pages_is_declared(bundled_run):
    removed, _ = bundled_run
    assert removed, "the bundled pages gave no removal: the check would be empty"
    undeclared = sorted(k for k in removed if k[1] not in CLEANERS[k[0]].reasons and k not in UNDECLARED)
    assert undeclared == []


def test_every_edit_reason_given_on_the_bundled_pages_is_documented(bundled_run):
    _, edits = bundled_run
    assert edits
    page = (DOCS / "reasons.md").read_text(encoding="utf-8")
    missing = sorted(k for k in edits if f"| `{k[0]}` | `{k[1]}` |" not in page)
    assert missing == []


def test_site_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("mkdocs", reason="mkdocs is not installed: pip install -e '.[docs]'")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    reference = (tmp_path / "site" / "reasons" / "index.html").read_text(encoding="utf-8")
    for cls in CLEANERS.values():
        for reason in cls.reasons:
            assert f"<code>{reason}</code>" in reference
