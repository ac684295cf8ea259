"""The sentence-end test of the whole package: whether a line ends a sentence.

A Chinese sentence ends with ``。！？…`` (or ``!?`` in half-width text), and
closing quotes and brackets may follow the mark (``他说：“好。”``). The cleaners,
the headline choice and the quality signals all ask this one question, with the
options they need as parameters; the test reads the line from its end and never
searches through it, so it costs the same on a 1 MB line as on a short one.
(:mod:`corpus_clean.lines.features` keeps its own pattern: it is a feature of
the fitted line model, which must read lines as it did when it was fitted.)
"""
from __future__ import annotations

SENTENCE_MARKS = "。！？!?…"
"""The marks that end a sentence."""
TERMINAL_MARKS = SENTENCE_MARKS + "；;.．"
"""The marks that end a line of prose as FineWeb-2's ``line_punct_thr`` counts them: sentence marks, semicolons
and Latin full stops (the quality signal ``punct_end_share``)."""
CLOSERS = "”’」』）)】》〉\"'"
"""Closing quotes and brackets, which may follow the mark that ends a sentence."""
QUOTE_CLOSERS = "”」』"
"""Closing quotes that end a sentence by themselves with ``quote_ends`` (``他说：“明天见”``)."""
PARENTHETICAL_MAX = 40
"""Characters a trailing parenthetical (``（记者 张三）``) may hold, with ``parenthetical``."""
_BRACKETS = "（）()"


def ends_sentence(text: str, *, marks: str = SENTENCE_MARKS, quote_ends: bool = False,
                  parenthetical: bool = False) -> bool:
    """Whether ``text`` ends a sentence: one of ``marks`` with only closing quotes and brackets (:data:`CLOSERS`)
    after it. Spaces are not skipped: strip the text first.

    Args:
        marks: the characters that end a sentence (default :data:`SENTENCE_MARKS`; :data:`TERMINAL_MARKS` for
            the quality signals, ``"。"`` for a full stop only).
        quote_ends: a closing quote (:data:`QUOTE_CLOSERS`) ends the sentence by itself, mark or not: quoted
            speech finishes what it opened (paragraph rejoining).
        parenthetical: a parenthetical of up to :data:`PARENTHETICAL_MAX` characters without brackets inside may
            follow the sentence end (``…素养。（记者 张三）``): a credit or note after the last sentence.
    """
    if not text:
        return False
    if quote_ends and text[-1] in QUOTE_CLOSERS:
        return True
    bare = text.rstrip(CLOSERS)
    if bare and bare[-1] in marks:
        return True
    if not parenthetical or text[-1] not in ")）":
        return False
    start = max(0, len(text) - PARENTHETICAL_MAX - 2)
    opened = max(text.rfind(b, start, len(text) - 1) for b in _BRACKETS)
    if opened < 0 or text[opened] not in "（(" or len(text) - opened - 2 < 1:
        return False  # no bracket close enough, a closing one, or nothing between the brackets
    before = text[:opened].rstrip(CLOSERS)
    return bool(before) and before[-1] in marks
