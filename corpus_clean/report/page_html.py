"""One sampled page of the report as HTML: its lines coloured by fate, with the reasons on them.

Each line carries its fate, cleaner and reason as data attributes (the page's
filters read them) and, for removed and metadata lines, a visible tag and a
tooltip with the reason's declared meaning.
"""
from __future__ import annotations

from html import escape

from ..pipeline import CLEANERS
from .page_view import BODY, HEADING, META, REMOVED, ArticleView, ViewLine, article_view
from .scan import SampledPage

MAX_LINES_PER_PAGE = 400
"""Lines shown of one sampled page; the rest are counted, so one huge page cannot swell the report."""
MAX_LINE_CHARS = 1500
"""Characters shown of one line."""
BODY_RUN_HEAD, BODY_RUN_TAIL = 3, 2
"""A run of more body lines than these two together shows its first and last lines and folds the middle
away (one click opens it), so the removed and metadata lines of a page fit on a screen."""


def reason_meaning(cleaner: str, reason: str) -> str:
    """The declared meaning of a removal reason, from the cleaner's own reason table ('' if unknown)."""
    cls = CLEANERS.get(cleaner)
    return cls.reasons.get(reason, "") if cls is not None else ""


def _line(ln: ViewLine) -> str:
    text = ln.text.strip()
    text = text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + " …"
    attrs = f' data-fate="{ln.fate}" data-cleaner="{escape(ln.cleaner)}" data-reason="{escape(ln.reason)}"'
    if ln.fate == REMOVED:
        tip = f"removed by {ln.cleaner}: {ln.reason}. {reason_meaning(ln.cleaner, ln.reason)}"
        tag = f"{ln.cleaner} · {ln.reason}"
    elif ln.fate == META:
        tip = f"metadata line ({ln.cleaner}: {ln.reason})" + (f", fills {ln.filled}" if ln.filled else "")
        tag = ln.reason + (f" → {ln.filled}" if ln.filled else "")
    elif ln.fate == HEADING:
        tip, tag = ln.reason, ln.reason
    else:
        tip, tag = "", ""
    title = f' title="{escape(tip.strip())}"' if tip else ""
    badge = f'<span class="tag">{escape(tag)}</span>' if tag else ""
    return f'<div class="line fate-{ln.fate}"{attrs}{title}>{escape(text)}{badge}</div>'


def _fold_body_runs(lines: list[ViewLine]) -> str:
    out: list[str] = []
    run: list[ViewLine] = []
    for ln in [*lines, None]:
        if ln is not None and ln.fate == BODY:
            run.append(ln)
            continue
        if len(run) > BODY_RUN_HEAD + BODY_RUN_TAIL + 1:
            middle = run[BODY_RUN_HEAD:-BODY_RUN_TAIL]
            out += [_line(x) for x in run[:BODY_RUN_HEAD]]
            out.append(f'<details class="fold"><summary>{len(middle)} more body lines</summary>'
                       + "".join(_line(x) for x in middle) + "</details>")
            out += [_line(x) for x in run[-BODY_RUN_TAIL:]]
        else:
            out += [_line(x) for x in run]
        run = []
        if ln is not None:
            out.append(_line(ln))
    return "".join(out)


def _edits(view: ArticleView) -> str:
    if not view.changes and not view.edits:
        return ""
    counts = ", ".join(f"{escape(c)} · {escape(r)} {n}" for c, per in view.changes.items() for r, n in per.items())
    spans = "".join(f'<mark class="edit" data-cleaner="{escape(str(e.get("cleaner", "")))}" '
                    f'data-reason="{escape(str(e.get("reason", "")))}" '
                    f'title="{escape(str(e.get("cleaner", "")))} · {escape(str(e.get("reason", "")))}">'
                    f'{escape(str(e.get("text", "")))}</mark>' for e in view.edits[:200])
    return (f'<div class="edits">in-line edits: {counts}'
            + (f"<br>spans removed inside kept lines (audit): {spans}" if spans else "") + "</div>")


def page_html(page: SampledPage) -> str:
    """One sampled page: a header, then each article's lines coloured by fate and its in-line edits."""
    views = [article_view(rec) for rec in page.records]
    keys = sorted({f"{ln.cleaner}.{ln.reason}" for v in views for ln in v.lines if ln.fate in (META, REMOVED)})
    parts, budget = [], MAX_LINES_PER_PAGE
    for view in views:
        shown = view.lines[:max(budget, 0)]
        budget -= len(view.lines)
        lines = _fold_body_runs(shown)
        cut = len(view.lines) - len(shown)
        more = f'<p class="muted">{cut} more lines not shown</p>' if cut else ""
        parts.append(f'<div class="article" data-id="{escape(view.id)}"><h4>{escape(view.id)}</h4>'
                     f"{lines}{more}{_edits(view)}</div>")
    return (f'<section class="page" data-source="{escape(page.source)}" data-site="{escape(page.site)}" '
            f'data-reasons="{escape(" ".join(keys))}" data-picked="{escape(page.picked)}">'
            f"<h3>{escape(page.source)}</h3><p class='muted'>site {escape(page.site)} · {len(views)} articles · "
            f"edit score {page.score} · {escape(page.picked)}</p>{''.join(parts)}</section>")
