"""Horizontal bar charts as inline SVG: no library, no script, readable without JavaScript."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
"""Bar colours, one per group (cleaner), in the order the groups first appear."""


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count, the group that colours it, and data attributes for the page's filters."""

    label: str
    count: int
    group: str = ""
    data: tuple[tuple[str, str], ...] = ()
    note: str = ""  # more words for the bar's tooltip


def bar_chart(bars: list[Bar], title: str, chart_id: str, label_width: int = 260, width: int = 760,
              row: int = 22) -> str:
    """An SVG of one bar per row, longest first as given, each with its label and its count."""
    peak = max((b.count for b in bars), default=0) or 1
    span = width - label_width - 70
    colours: dict[str, str] = {}
    height = row * len(bars) + 8
    out = [f'<svg id="{escape(chart_id)}" class="chart" role="img" aria-label="{escape(title)}" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>"]
    for i, bar in enumerate(bars):
        colour = colours.setdefault(bar.group, PALETTE[len(colours) % len(PALETTE)])
        y = 4 + i * row
        length = max(1, round(span * bar.count / peak))
        attrs = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in bar.data)
        out.append(
            f'<g class="bar"{attrs} data-count="{bar.count}" tabindex="0">'
            f"<title>{escape(bar.label)}: {bar.count}{escape(bar.note)}</title>"
            f'<text class="label" x="{label_width - 6}" y="{y + row - 8}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{length}" height="{row - 6}" fill="{colour}"></rect>'
            f'<text class="count" x="{label_width + length + 5}" y="{y + row - 8}">{bar.count}</text></g>')
    out.append("</svg>")
    return "".join(out)
