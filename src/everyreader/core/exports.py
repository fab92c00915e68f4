"""CSV and XLSX downloads, built the same way in every app.

CSV is UTF-8 with a byte-order mark, so spreadsheet programs open Chinese text correctly. Text
that a spreadsheet would run as a formula (starting with =, +, - or @) is defused with a leading
apostrophe, in both formats (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value fit for a spreadsheet cell: numbers stay numbers, None is empty, text is defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal, date)):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # spreadsheets have no time zones
        return value
    text = str(value)
    if text[:1] in _FORMULA_START:
        return "'" + text
    return text


@dataclass
class Sheet:
    title: str
    header: Sequence
    rows: Iterable[Sequence]


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per table: bold, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used = set()
    for sheet_data in sheets:
        title = _sheet_title(str(sheet_data.title), used)
        sheet = book.create_sheet(title)
        if sheet_data.header:
            sheet.append([safe_cell(h) for h in sheet_data.header])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in sheet_data.rows:
            sheet.append([safe_cell(v) for v in row])
    if not book.sheetnames:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, used: set) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = clean[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    """An attachment response for content made by csv_bytes or xlsx_bytes."""
    content_type = XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
