"""Small charts drawn as inline SVG on the server: they open offline, need no script, and print.

Every label is text escaped by :mod:`markupsafe`; nothing from a paper becomes markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape


def papers_per_year(years: Iterable[str]) -> tuple[list[tuple[str, int]], int]:
    """``([(year, papers)] for every year from the first to the last, papers without a year)``.

    >>> papers_per_year(["2022", "2024", "", "2024"])
    ([('2022', 1), ('2023', 0), ('2024', 2)], 1)
    """
    counts = Counter(years)
    undated = counts.pop("", 0)
    if not counts:
        return [], undated
    first, last = int(min(counts)), int(max(counts))
    return [(str(year), counts.get(str(year), 0)) for year in range(first, last + 1)], undated


def bar_chart(points: Sequence[tuple[str, int]], title: str, width: int = 520, height: int = 160) -> Markup:
    """An SVG bar chart of ``(label, value)`` points with the value above each bar and the label below."""
    if not points:
        return Markup("")
    top = max(value for _, value in points) or 1
    left, bottom, head = 8, 28, 22
    slot = (width - 2 * left) / len(points)
    bar = max(2.0, min(48.0, slot * 0.7))
    parts = [
        f'<svg class="kg-chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    every = max(1, len(points) // 12)  # at most about a dozen labels under the bars
    for i, (label, value) in enumerate(points):
        x = left + i * slot + (slot - bar) / 2
        h = (height - bottom - head) * value / top
        y = height - bottom - h
        parts.append(
            f'<rect class="kg-bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#4e79a7">'
            f"<title>{escape(label)}: {value} paper{'s' if value != 1 else ''}</title></rect>"
        )
        if value:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{value}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16:.1f}" font-size="11" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def value_bars(points: Sequence[tuple[str, float]], title: str, unit: str = "", width: int = 520, row: int = 20) -> Markup:
    """An SVG of horizontal bars, one per ``(label, value)`` in the given (rank) order, the value at each bar's end.

    Bars start at zero, so they compare values of one metric; the label is cut to fit.
    """
    if not points:
        return Markup("")
    top = max(abs(value) for _, value in points) or 1
    label_width, right = 200, 60
    span = width - label_width - right
    height = row * len(points) + 8
    parts = [
        f'<svg class="kg-chart kg-leaderboard-chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(points):
        y = 4 + i * row
        w = span * abs(value) / top
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + row * 0.7:.1f}" font-size="11" text-anchor="end">{escape(short)}</text>')
        parts.append(
            f'<rect class="kg-value-bar" x="{label_width}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="#59a14f">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></rect>"
        )
        parts.append(f'<text x="{label_width + w + 4:.1f}" y="{y + row * 0.7:.1f}" font-size="11">{value:g}{escape(unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
