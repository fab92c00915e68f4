"""The "thermometer" chart: for each item a band from Minimum to Desired (the zone of tolerance)
and a marker at Perceived. Server-side SVG, hidden from assistive technology: pages always show
the same numbers in a table next to it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

LOW, HIGH = 1, 9
LABEL_W, PLOT_W, ROW_H, TOP = 300, 460, 34, 30
BAND = "#56B4E9"
BELOW = "#D55E00"  # perceived under the minimum: an adequacy gap
ABOVE = "#009E73"  # perceived over the desired level
INSIDE = "#000000"


def _x(value: float) -> float:
    return LABEL_W + (value - LOW) / (HIGH - LOW) * PLOT_W


def render(items) -> str:
    """items: objects with .label, .minimum (None in the two-scale form), .desired, .perceived."""
    rows = [i for i in items if i.perceived is not None]
    height = TOP + ROW_H * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LABEL_W + PLOT_W + 20} {height}" '
             'class="chart thermometer" aria-hidden="true" focusable="false" font-size="14">']
    for tick in range(LOW, HIGH + 1):
        x = _x(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 26}" stroke="#767676" '
                     'stroke-width="0.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 10}" text-anchor="middle" fill="currentColor">{tick}</text>')
    for index, item in enumerate(rows):
        y = TOP + index * ROW_H
        label = str(item.label)
        label = escape(label if len(label) <= 24 else label[:23] + "…")
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + ROW_H / 2 + 5:.1f}" text-anchor="end" '
                     f'fill="currentColor">{label}</text>')
        low = item.minimum if item.minimum is not None else LOW
        high = item.desired if item.desired is not None else low
        parts.append(f'<rect x="{_x(low):.1f}" y="{y + 8}" width="{max(_x(high) - _x(low), 2):.1f}" '
                     f'height="{ROW_H - 16}" fill="{BAND}" opacity="0.6"/>')
        colour = INSIDE
        if item.minimum is not None and item.perceived < item.minimum:
            colour = BELOW
        elif item.desired is not None and item.perceived > item.desired:
            colour = ABOVE
        px = _x(item.perceived)
        parts.append(f'<path d="M{px:.1f} {y + 4} l7 {ROW_H / 2 - 4:.1f} l-7 {ROW_H / 2 - 4:.1f} '
                     f'l-7 {-(ROW_H / 2 - 4):.1f} z" fill="{colour}" stroke="#fff" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — numbers and escaped labels only
