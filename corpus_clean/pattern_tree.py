"""A parse tree of the regular expressions the lexicons are written in, read by our own parser.

The prefilter (:mod:`corpus_clean.prefilter`) reads each lexicon pattern to
find the characters and words every match needs. The standard library's parser
that it once used (``re._parser``) is private and differs across Python
versions; this one reads the subset of the syntax the lexicons use (literals,
classes, groups with flags, alternation, greedy, lazy and possessive repeats,
anchors, look-arounds, the ``\\d \\s \\w`` categories and escapes) into nodes
shaped like the standard parser's, ``(OP, argument)``. Anything else raises
:class:`PatternError`: the prefilter then promises nothing for the pattern,
which is always run (a slower path, never a wrong one).
"""
from __future__ import annotations

import re
from typing import Any

from .chars import for_re

LITERAL, ANY, IN, RANGE, NEGATE, CATEGORY = "LITERAL", "ANY", "IN", "RANGE", "NEGATE", "CATEGORY"
SUBPATTERN, MAX_REPEAT, MIN_REPEAT, BRANCH, AT, ASSERT, ASSERT_NOT = (
    "SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT", "BRANCH", "AT", "ASSERT", "ASSERT_NOT")
MAXREPEAT = 1 << 30
"""The upper bound of an unbounded repeat (``*``, ``+``, ``{2,}``)."""
CATEGORIES = {"d": "DIGIT", "D": "NOT_DIGIT", "s": "SPACE", "S": "NOT_SPACE", "w": "WORD", "W": "NOT_WORD"}
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "a": re.ASCII, "u": re.UNICODE}
_QUANTIFIER = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")

Node = tuple[str, Any]


class PatternError(ValueError):
    """A pattern uses syntax this parser does not read."""


def parse(pattern: str) -> tuple[list[Node], int]:
    """The nodes of ``pattern`` (``\\p{Han}`` spelt out first) and its global flags."""
    reader = _Reader(for_re(pattern))
    items = reader.alternation()
    if reader.pos != len(reader.text):
        raise PatternError(f"unbalanced ) at {reader.pos} in {pattern!r}")
    return items, reader.flags


class _Reader:
    def __init__(self, text: str) -> None:
        self.text, self.pos, self.flags = text, 0, 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.pos:self.pos + n]

    def take(self, n: int = 1) -> str:
        s = self.text[self.pos:self.pos + n]
        self.pos += n
        return s

    def alternation(self) -> list[Node]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.take()
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else [(BRANCH, (None, branches))]

    def sequence(self) -> list[Node]:
        items: list[Node] = []
        while self.pos < len(self.text) and self.peek() not in "|)":
            atom = self.atom()
            if atom is not None:
                items.append(self.repeat(atom))
        return items

    def repeat(self, atom: Node) -> Node:
        c = self.peek()
        if c in ("?", "*", "+"):
            self.take()
            low, high = {"?": (0, 1), "*": (0, MAXREPEAT), "+": (1, MAXREPEAT)}[c]
        elif c == "{" and (m := _QUANTIFIER.match(self.text, self.pos)) and (m[1] or m[3]):
            self.pos = m.end()
            low = int(m[1] or 0)
            high = MAXREPEAT if m[2] and not m[3] else int(m[3] or m[1])
        else:
            return atom
        op = MAX_REPEAT
        if self.peek() in ("?", "+"):
            op = MIN_REPEAT if self.take() == "?" else MAX_REPEAT
        return (op, (low, high, [atom]))

    def atom(self) -> Node | None:
        c = self.take()
        if c == "(":
            return self.group()
        if c == "[":
            return self.klass()
        if c == ".":
            return (ANY, None)
        if c in "^$":
            return (AT, c)
        if c == "\\":
            return self.escape(in_class=False)
        if c in "*+?":
            raise PatternError(f"nothing to repeat at {self.pos - 1}")
        return (LITERAL, ord(c))

    def group(self) -> Node | None:
        if self.peek() != "?":
            return self.close((SUBPATTERN, (None, 0, 0, self.alternation())))
        self.take()
        kind = self.peek()
        if kind == ":" or kind == ">":
            self.take()
            return self.close((SUBPATTERN, (None, 0, 0, self.alternation())))
        if kind in "=!" or self.peek(2) in ("<=", "<!"):
            negative = (self.take() if kind in "=!" else self.take(2)[1]) == "!"
            self.alternation()
            return self.close((ASSERT_NOT if negative else ASSERT, None))
        if self.peek(2) == "P<":
            self.pos = self.text.index(">", self.pos) + 1
            return self.close((SUBPATTERN, (None, 0, 0, self.alternation())))
        add = delete = 0
        sign = 1
        while self.peek() and self.peek() in "imsxau-":
            c = self.take()
            if c == "-":
                sign = -1
            elif sign > 0:
                add |= _FLAGS[c]
            else:
                delete |= _FLAGS[c]
        end = self.take()
        if end == ")":  # global flags, (?i) at the start
            self.flags |= add
            return None
        if end != ":":
            raise PatternError(f"unknown group syntax at {self.pos - 1}")
        return self.close((SUBPATTERN, (None, add, delete, self.alternation())))

    def close(self, node: Node) -> Node:
        if self.take() != ")":
            raise PatternError("missing )")
        return node

    def klass(self) -> Node:
        items: list[Node] = []
        if self.peek() == "^":
            self.take()
            items.append((NEGATE, None))
        first = True
        while True:
            if self.pos >= len(self.text):
                raise PatternError("unterminated character class")
            c = self.take()
            if c == "]" and not first:
                return (IN, items)
            first = False
            item = self.escape(in_class=True) if c == "\\" else (LITERAL, ord(c))
            if item[0] == LITERAL and self.peek() == "-" and self.peek(2) != "-]":
                self.take()
                end = self.take()
                high = self.escape(in_class=True) if end == "\\" else (LITERAL, ord(end))
                if high[0] != LITERAL:
                    raise PatternError("a range must end in a character")
                items.append((RANGE, (item[1], high[1])))
            else:
                items.extend(item[1] if item[0] == IN else [item])

    def escape(self, in_class: bool) -> Node:
        c = self.take()
        if c in CATEGORIES:
            return (IN, [(CATEGORY, CATEGORIES[c])])
        if c in "bBAZ" and not in_class:
            return (AT, c)
        if c in _ESCAPES:
            return (LITERAL, ord(_ESCAPES[c]))
        if c in "ux":
            width = 4 if c == "u" else 2
            return (LITERAL, int(self.take(width), 16))
        if c.isalnum():
            raise PatternError(f"unknown escape \\{c}")
        return (LITERAL, ord(c))
