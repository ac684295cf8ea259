"""The report as one self-contained HTML document: figures, charts, and the sampled pages.

Everything is inline (CSS, the filter script, SVG charts); the document loads
nothing from anywhere. Pages and lines are rendered here, so the report reads
without JavaScript; the script only filters and searches.
"""
from __future__ import annotations

from html import escape
from importlib import resources
from typing import Any

from .chart import Bar, bar_chart
from .page_html import page_html, reason_meaning
from .page_view import BODY, HEADING, META, REMOVED
from .scan import RunScan

MAX_SITES = 25
"""Sites in the chart of removals by site: the ones with most removed lines."""
MAX_FAILURES = 50
"""Failed pages listed from the run report."""
FATE_NAMES = {BODY: "body", HEADING: "heading / title", META: "metadata", REMOVED: "removed"}


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _number(value: Any, spec: str = ",", scale: float = 1.0) -> str:
    """A figure of the run report as text; '?' for a value that is not a number (a hand-edited report)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "?"
    return format(value / scale if scale != 1.0 else value, spec)


def _figures(scan: RunScan, run: dict[str, Any] | None) -> str:
    items: list[tuple[str, str]] = []
    if run:
        items += [("pages", _number(run.get("pages"))), ("articles", _number(run.get("articles"))),
                  ("MB in", _number(run.get("bytes_in"), ",.2f", 1e6)),
                  ("MB out", _number(run.get("bytes_out"), ",.2f", 1e6)),
                  ("pages failed", _number(run.get("pages_failed"))),
                  ("pages without articles", _number(run.get("pages_without_articles"))),
                  ("seconds", _number(run.get("seconds"))), ("MB/s", _number(run.get("mb_per_s"), ",.3f")),
                  ("workers", f"{_number(run.get('workers'))} ({run.get('engine', '?')})")]
        origin = "from the run report"
    else:
        items += [("pages", f"{scan.pages:,}"), ("articles", f"{scan.articles:,}"),
                  ("MB of records", f"{scan.record_bytes / 1e6:,.2f}"),
                  ("characters of text", f"{scan.text_chars:,}")]
        origin = "computed from the records (no run report beside them: bytes in, failures and speed unknown)"
    items.append(("lines removed", f"{sum(scan.removed.values()):,}"))
    cells = "".join(f'<div class="figure" data-figure="{escape(k)}">{escape(k)}<b>{escape(v)}</b></div>'
                    for k, v in items)
    out = [f'<div class="figures">{cells}</div><p class="muted">Figures {escape(origin)}; '
           f"records read: {scan.pages:,} pages, {scan.articles:,} articles.</p>"]
    if scan.bad_records:
        out.append(f'<p class="bad">{len(scan.bad_records)} rows were not records and were skipped: '
                   + escape("; ".join(scan.bad_records[:5])) + (" ..." if len(scan.bad_records) > 5 else "") + "</p>")
    if run and isinstance(run.get("time_share_by_cleaner"), dict):
        shares = ", ".join(f"{escape(str(k))} {_number(v, '.0%')}" for k, v in run["time_share_by_cleaner"].items())
        out.append(f"<p>Share of cleaning time by cleaner: {shares}</p>")
    failures = [f for f in (run or {}).get("failures") or [] if isinstance(f, dict)]
    if failures:
        rows = "".join(f"<tr><td>{escape(str(f.get('source')))}</td><td>{escape(str(f.get('reason')))}</td></tr>"
                       for f in failures[:MAX_FAILURES])
        more = f"<p class='muted'>and {len(failures) - MAX_FAILURES} more</p>" if len(failures) > MAX_FAILURES else ""
        out.append(f'<h3>Failed pages</h3><table id="failures"><tr><th>source</th><th>reason</th></tr>{rows}</table>'
                   + more)
    return "".join(out)


def _charts(scan: RunScan) -> str:
    by_reason = sorted(scan.removed.items(), key=lambda kv: (-kv[1], kv[0]))
    bars = [Bar(f"{c} · {r}", n, c, (("reason", f"{c}.{r}"), ("cleaner", c))) for (c, r), n in by_reason]
    sites = scan.removed_by_site.most_common(MAX_SITES)
    site_bars = [Bar(s, n, "site", (("site", s),), f" lines removed on {scan.pages_by_site[s]} pages")
                 for s, n in sites]
    rows = "".join(
        f'<tr data-reason="{escape(c)}.{escape(r)}"><td>{escape(c)}</td><td>{escape(r)}</td>'
        f'<td class="n">{n}</td><td>{escape(reason_meaning(c, r))}</td></tr>' for (c, r), n in by_reason)
    edits = sorted(scan.changes.items(), key=lambda kv: (-kv[1], kv[0]))
    edit_rows = "".join(f"<tr><td>{escape(c)}</td><td>{escape(r)}</td><td class='n'>{n}</td></tr>"
                        for (c, r), n in edits if n)
    others = len(scan.removed_by_site) - len(sites)
    reasons_chart = (bar_chart(bars, "Removed lines by cleaner and reason", "chart-reasons", label_width=250,
                               width=600) if bars else "<p>No line was removed.</p>")
    sites_chart = (bar_chart(site_bars, "Removed lines by site", "chart-sites", label_width=190, width=500)
                   if site_bars else "<p>No line was removed.</p>")
    return (
        '<div class="charts"><div><h2>Removed lines by cleaner and reason</h2>' + reasons_chart
        + "<details><summary>Reasons with their meaning</summary>"
        + f'<table id="reasons"><tr><th>cleaner</th><th>reason</th><th>lines</th><th>meaning</th></tr>{rows}</table>'
        + "</details></div><div><h2>Removed lines by site</h2>" + sites_chart
        + (f"<p class='muted'>{others} more sites with fewer removals are not shown.</p>" if others > 0 else "")
        + "<h2>Edits inside kept lines</h2><p class='muted'>Counts from <code>meta.changes</code> (normalize and "
          "script count characters).</p>"
        + f'<table id="edits"><tr><th>cleaner</th><th>reason</th><th>count</th></tr>{edit_rows}</table></div></div>')


def _controls(scan: RunScan) -> str:
    reasons = sorted(scan.removed.items(), key=lambda kv: (-kv[1], kv[0]))
    reason_opts = "".join(f'<option value="{escape(c)}.{escape(r)}">{escape(c)} · {escape(r)} ({n})</option>'
                          for (c, r), n in reasons)
    sites = [s for s, _ in scan.removed_by_site.most_common(MAX_SITES)]
    sites += sorted({p.site for p in scan.sample} - set(sites))
    site_opts = "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in sites)
    legend = "".join(f'<span class="fate-{f}">{escape(name)}</span>' for f, name in FATE_NAMES.items())
    return (f'<div class="controls"><label>Reason <select id="filter-reason"><option value="">all</option>'
            f'{reason_opts}</select></label><label>Site <select id="filter-site"><option value="">all</option>'
            f'{site_opts}</select></label><label>Search <input id="search" type="search" '
            f'placeholder="text in the sampled pages"></label> <span id="shown" class="muted"></span>'
            f'<div class="legend">{legend} <span class="muted">hover a line for its cleaner and reason</span></div></div>')


def render_report(scan: RunScan, run: dict[str, Any] | None, title: str) -> str:
    """The whole HTML document."""
    sample = "".join(page_html(p) for p in scan.sample)
    picked = {k: sum(1 for p in scan.sample if p.picked == k) for k in ("most edited", "random")}
    note = ("Records keep kept lines and removed lines each in page order, but not where a removed line stood "
            "among the kept ones: each article shows the removed lines listed before its first metadata line, its "
            "headings, its metadata lines, its body, then its other removed lines.")
    return "".join([
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f"<header><h1>{escape(title)}</h1></header><main>",
        f'<section id="figures"><h2>Run</h2>{_figures(scan, run)}</section>',
        f'<section id="charts">{_charts(scan)}</section>',
        f'<section id="pages"><h2>Sampled pages</h2><p class="muted">{picked["most edited"]} most edited and '
        f'{picked["random"]} drawn at random. {escape(note)}</p>{_controls(scan)}{sample}</section>',
        f"</main><script>{_asset('report.js')}</script></body></html>",
    ])

