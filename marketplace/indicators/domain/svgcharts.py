"""Bar and line charts as SVG text, drawn on the server for the PDF report.

The pages draw theirs in the browser with Chart.js from the same tables; a PDF renderer runs
no script, so the report gets these: plain shapes with presentation attributes (fills,
strokes), no style sheet and nothing fetched. A withheld value (None) draws no bar or point.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ("#2f8a6e", "#d98b2b", "#3b6ea8", "#9b2c6b", "#6b7f2c", "#5b6763")
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="11" fill="#33413d"'

Series = tuple[str, Sequence[int | None]]


def _top(series: Sequence[Series]) -> int:
    """A round axis top at or above the highest value (at least 1)."""
    highest: int = max((v for _, values in series for v in values if v is not None), default=0)
    if highest <= 5:
        return max(highest, 1)
    step = 10 ** (len(str(highest)) - 1)
    return int(-(-highest // step) * step)


def _legend(series: Sequence[Series], x: float, y: float) -> str:
    if len(series) < 2:
        return ""
    parts = []
    for index, (name, _) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        top = y + index * 16
        parts.append(
            f'<rect x="{x}" y="{top}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 15}" y="{top + 9}" {FONT}>{escape(name)}</text>'
        )
    return "".join(parts)


def _frame(width: int, height: int, label: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">{body}</svg>'
    )


def bar_chart(labels: Sequence[str], series: Sequence[Series], label: str, width: int = 640) -> str:
    """Horizontal bars, one group per label, one bar per series."""
    bar, gap, left, right = 12, 8, 170, 60 + (150 if len(series) > 1 else 0)
    group = bar * len(series) + gap
    height = max(group * len(labels) + 30, 40)
    top = _top(series)
    plot = width - left - right
    parts = [f'<line x1="{left}" y1="4" x2="{left}" y2="{height - 20}" stroke="#9aa6a2"/>']
    for row, name in enumerate(labels):
        y = 6 + row * group
        parts.append(
            f'<text x="{left - 6}" y="{y + group / 2 + 2}" text-anchor="end" {FONT}>'
            f"{escape(name[:28])}</text>"
        )
        for index, (_, values) in enumerate(series):
            value = values[row]
            if value is None:
                continue
            length = plot * value / top
            bar_y = y + index * bar
            parts.append(
                f'<rect x="{left}" y="{bar_y}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[index % len(COLOURS)]}"/>'
                f'<text x="{left + length + 4:.1f}" y="{bar_y + bar - 3}" {FONT}>{value}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{height - 6}" {FONT}>0</text>'
        f'<text x="{left + plot}" y="{height - 6}" text-anchor="end" {FONT}>{top}</text>'
    )
    parts.append(_legend(series, width - right + 70, 6))
    return _frame(width, height, label, "".join(parts))


def line_chart(
    labels: Sequence[str], series: Sequence[Series], label: str, width: int = 640
) -> str:
    """One line per series over the labels (periods, oldest first); gaps where withheld."""
    height, left, right, bottom = 220, 40, 170, 30
    plot_w, plot_h = width - left - right, height - bottom - 10
    top = _top(series)
    step = plot_w / max(len(labels) - 1, 1)
    parts = [
        f'<line x1="{left}" y1="10" x2="{left}" y2="{10 + plot_h}" stroke="#9aa6a2"/>'
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" y2="{10 + plot_h}" '
        'stroke="#9aa6a2"/>'
        f'<text x="{left - 4}" y="14" text-anchor="end" {FONT}>{top}</text>'
        f'<text x="{left - 4}" y="{10 + plot_h}" text-anchor="end" {FONT}>0</text>'
    ]
    for index, name in enumerate(labels):
        parts.append(
            f'<text x="{left + index * step:.1f}" y="{height - 10}" text-anchor="middle" '
            f"{FONT}>{escape(name)}</text>"
        )
    for index, (_, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        runs: list[list[str]] = [[]]
        for position, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            x, y = left + position * step, 10 + plot_h - plot_h * value / top
            runs[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    'stroke-width="2"/>'
                )
    parts.append(_legend(series, width - right + 15, 10))
    return _frame(width, height, label, "".join(parts))
