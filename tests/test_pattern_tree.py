"""Our parser of the lexicons' pattern syntax: what it reads, what it refuses, and that nothing private is used."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus_clean import pattern_tree as tree
from corpus_clean.cleaners.spam_lines import lexicon_patterns
from corpus_clean.prefilter import Prefilter, required_literals

PACKAGE = Path(__file__).parent.parent / "corpus_clean"


def test_every_lexicon_pattern_is_read() -> None:
    for patterns in lexicon_patterns().values():
        for pattern in patterns:
            assert tree.parse(pattern)


def test_repeats_groups_and_flags_are_read_as_nodes() -> None:
    items, flags = tree.parse(r"(?i)a{2,3}?(?:b|c)+")
    assert flags & re.IGNORECASE
    assert items[0] == (tree.MIN_REPEAT, (2, 3, [(tree.LITERAL, ord("a"))]))
    assert items[1][0] == tree.MAX_REPEAT and items[1][1][:2] == (1, tree.MAXREPEAT)


def test_a_brace_that_is_no_quantifier_is_a_literal() -> None:
    assert tree.parse("a{b}")[0][1] == (tree.LITERAL, ord("{"))


@pytest.mark.parametrize("pattern", [r"\p{Greek}", r"(?<name>a)", r"a(?#c)", r"\1", "[a", "(a"])
def test_syntax_outside_the_lexicons_subset_is_refused(pattern: str) -> None:
    with pytest.raises(tree.PatternError):
        tree.parse(pattern)


def test_a_refused_pattern_is_always_run_by_the_prefilter() -> None:
    assert required_literals(r"\p{Greek}+") is None
    assert Prefilter({"odd": [r"(?<name>x)"]}).always == {"odd"}


def test_no_module_of_the_package_imports_a_private_part_of_re() -> None:
    private = re.compile(r"^\s*(?:from|import)\s+(?:re\._\w+|_sre|sre_\w+)\b|^\s*from\s+re\s+import\s+_", re.MULTILINE)
    for path in PACKAGE.rglob("*.py"):
        assert not private.search(path.read_text(encoding="utf-8")), path
