"""A small server-side Gantt chart (SVG). It is hidden from assistive technology: the page
always shows the same information as a table next to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

LABEL_WIDTH = 300
WEEK_WIDTH = 13
ROW_HEIGHT = 32
HEADER = 40

COLOURS = {
    "plan": "#d0e4f5",
    "progress": "#0072B2",
    "key": "#1d3b5a",
    "late": "#C0392B",
    "blocked": "#9a5b00",
    "done": "#006b3c",
    "today": "#CC79A7",
    "milestone": "#000000",
    "grid": "#b1b4b6",
}


@dataclass
class Row:
    code: str
    label: str
    start_week: int
    end_week: int
    percent: int
    is_key: bool = False
    late: bool = False
    blocked: bool = False
    done: bool = False
    violation: bool = False


def _text(x, y, content, **attrs):
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x}" y="{y}"{extra}>{escape(content)}</text>'


def render(rows: list[Row], *, weeks: int, start_date: dt.date, today: dt.date,
           milestones: list[tuple[int, str]] = ()) -> str:
    width = LABEL_WIDTH + weeks * WEEK_WIDTH + 20
    height = HEADER + len(rows) * ROW_HEIGHT + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="gantt" '
             f'aria-hidden="true" focusable="false" font-size="16">']
    x0 = LABEL_WIDTH
    for week in range(1, weeks + 1):
        x = x0 + (week - 1) * WEEK_WIDTH
        if week == 1 or week % 4 == 0:
            parts.append(f'<line x1="{x}" y1="{HEADER - 8}" x2="{x}" y2="{height - 25}" '
                         f'stroke="{COLOURS["grid"]}" stroke-width="0.5"/>')
            parts.append(_text(x + 1, HEADER - 14, str(week), fill="currentColor", font_size="11"))
    for index, row in enumerate(rows):
        y = HEADER + index * ROW_HEIGHT
        weight = "700" if row.is_key else "400"
        indent = 4 if row.is_key else 18
        label = row.label if len(row.label) <= 16 else row.label[:15] + "…"
        parts.append(_text(indent, y + 19, f"{row.code} {label}", fill="currentColor", font_weight=weight))
        bx = x0 + (row.start_week - 1) * WEEK_WIDTH
        bw = (row.end_week - row.start_week + 1) * WEEK_WIDTH
        outline = COLOURS["late"] if (row.late or row.violation) else COLOURS["key" if row.is_key else "progress"]
        dash = ' stroke-dasharray="4 2"' if row.violation else ""
        parts.append(f'<rect x="{bx}" y="{y + 6}" width="{bw}" height="18" fill="{COLOURS["plan"]}" '
                     f'stroke="{outline}" stroke-width="{2 if row.late or row.violation else 1}"{dash}/>')
        fill = COLOURS["done"] if row.done else COLOURS["blocked"] if row.blocked else COLOURS["key"] \
            if row.is_key else COLOURS["progress"]
        if row.percent:
            parts.append(f'<rect x="{bx}" y="{y + 9}" width="{bw * row.percent / 100:.1f}" height="12" '
                         f'fill="{fill}"/>')
        marks = []
        if row.late:
            marks.append("!")
        if row.blocked:
            marks.append("■")
        if row.violation:
            marks.append("⇄")
        if marks:
            parts.append(_text(bx + bw + 4, y + 20, " ".join(marks), fill=COLOURS["late"], font_weight="700"))
    for week, title in milestones:
        mx = x0 + week * WEEK_WIDTH
        my = height - 18
        parts.append(f'<path d="M{mx} {my - 7} L{mx + 7} {my} L{mx} {my + 7} L{mx - 7} {my} Z" '
                     f'fill="{COLOURS["milestone"]}"><title>{escape(title)}</title></path>')
    today_week = (today - start_date).days / 7
    if 0 <= today_week <= weeks:
        tx = x0 + today_week * WEEK_WIDTH
        parts.append(f'<line x1="{tx:.1f}" y1="{HEADER - 10}" x2="{tx:.1f}" y2="{height - 25}" '
                     f'stroke="{COLOURS["today"]}" stroke-width="2"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
