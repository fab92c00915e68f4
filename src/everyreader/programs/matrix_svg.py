"""The 5x5 risk matrix as SVG (hidden from assistive technology; the page shows it as a table too)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from everyreader.programs.services.risks import score_level

CELL = 64
LEFT = 40
TOP = 10
LEVEL_COLOURS = {"low": "#cfe8d5", "medium": "#fbe3a6", "high": "#f6b98f", "very_high": "#e88a8a"}


def render(matrix, *, x_label: str, y_label: str) -> str:
    size = LEFT + 5 * CELL + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 30}" class="risk-matrix" '
             f'aria-hidden="true" focusable="false" font-size="13">']
    for impact in range(5, 0, -1):
        y = TOP + (5 - impact) * CELL
        parts.append(f'<text x="{LEFT - 14}" y="{y + CELL / 2 + 4}" fill="currentColor">{impact}</text>')
        for likelihood in range(1, 6):
            x = LEFT + (likelihood - 1) * CELL
            colour = LEVEL_COLOURS[score_level(impact * likelihood)]
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{colour}" '
                         f'stroke="#505a5f"/>')
            codes = [r.code for r in matrix[impact - 1][likelihood - 1]]
            if codes:
                parts.append(f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" text-anchor="middle" '
                             f'font-weight="700" fill="#0b0c0c">{escape(" ".join(codes))}</text>')
    for likelihood in range(1, 6):
        parts.append(f'<text x="{LEFT + (likelihood - 0.5) * CELL}" y="{TOP + 5 * CELL + 16}" '
                     f'text-anchor="middle" fill="currentColor">{likelihood}</text>')
    parts.append(f'<text x="{LEFT + 2.5 * CELL}" y="{TOP + 5 * CELL + 32}" text-anchor="middle" '
                 f'fill="currentColor">{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{TOP + 2.5 * CELL}" text-anchor="middle" fill="currentColor" '
                 f'transform="rotate(-90 12 {TOP + 2.5 * CELL})">{escape(y_label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
