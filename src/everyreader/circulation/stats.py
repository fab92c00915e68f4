"""Reading volume from the anonymous LoanStatistic rows: loans per month × format, for all readers
or one population group (a reader category or a broad need flag). Counts under 5 are shown as
“<5” (readers.segments.suppress), as the reader segments do, so small groups cannot be singled out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from everyreader.catalog.vocab import Format
from everyreader.circulation.models import LoanStatistic
from everyreader.readers.models import ReaderCategory
from everyreader.readers.segments import suppress

FLAGS = {
    "print_disabled": gettext_lazy("Print-disabled readers"),
    "vision": gettext_lazy("Readers with a vision need"),
    "hearing": gettext_lazy("Readers with a hearing need"),
    "mobility": gettext_lazy("Readers with a mobility need or housebound"),
    "learning": gettext_lazy("Readers with a reading, learning or understanding need"),
}


def population_choices() -> list[tuple[str, str]]:
    """“flag:<name>” for the need flags, “category:<code>” for the reader categories."""
    flags = [(f"flag:{key}", str(label)) for key, label in FLAGS.items()]
    categories = [(f"category:{code}", str(label)) for code, label in ReaderCategory.choices]
    return flags + categories


def _filter_for(population: str) -> dict:
    kind, _sep, value = population.partition(":")
    if kind == "flag" and value in FLAGS:
        return {value: True}
    if kind == "category" and value:
        return {"reader_category": value}
    return {}


def month_starts(months: int, today: dt.date | None = None) -> list[dt.date]:
    cursor = (today or timezone.localdate()).replace(day=1)
    result = []
    for _step in range(months):
        result.append(cursor)
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(result))


@dataclass
class Volume:
    months: list[dt.date]
    formats: list[tuple[str, str]]  # (code, label) with at least one loan in the period
    counts: dict[tuple[dt.date, str], int]

    def total(self, month: dt.date) -> int:
        return sum(self.counts.get((month, code), 0) for code, _label in self.formats)

    def grand_total(self) -> int:
        return sum(self.counts.values())

    def rows(self, *, suppressed: bool = True) -> list[list]:
        show = suppress if suppressed else (lambda n: n)
        return [[m.strftime("%Y-%m"), *[show(self.counts.get((m, code), 0)) for code, _l in self.formats],
                 show(self.total(m))] for m in self.months]

    def header(self) -> list[str]:
        return [_("Month"), *[label for _code, label in self.formats], _("All formats")]


def reading_volume(*, months: int = 12, population: str = "", branch_id: int | None = None,
                   today: dt.date | None = None) -> Volume:
    """Loans per month and format (one query)."""
    starts = month_starts(months, today)
    qs = LoanStatistic.objects.filter(date__gte=starts[0], **_filter_for(population))
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    rows = qs.annotate(month=TruncMonth("date")).values("month", "format").annotate(n=Count("id")).order_by()
    counts: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[(month, row["format"])] = counts.get((month, row["format"]), 0) + row["n"]
    used = {code for _m, code in counts}
    formats = [(code, str(label)) for code, label in Format.choices if code in used]
    return Volume(starts, formats, counts)


def population_totals(*, months: int = 12, branch_id: int | None = None,
                      today: dt.date | None = None) -> list[tuple[str, str]]:
    """Loans in the period for each need flag (suppressed), one query."""
    starts = month_starts(months, today)
    qs = LoanStatistic.objects.filter(date__gte=starts[0])
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    from django.db.models import Q

    agg = qs.aggregate(all=Count("id"), **{key: Count("id", filter=Q(**{key: True})) for key in FLAGS})
    return [(_("All readers"), suppress(agg["all"]))] + [(str(label), suppress(agg[key]))
                                                       for key, label in FLAGS.items()]


def export(volume: Volume, fmt: str) -> bytes:
    """The suppressed table as CSV or XLSX (the same numbers as on the page; core.exports)."""
    from everyreader.core.exports import Sheet, csv_bytes, xlsx_bytes

    header = volume.header()
    rows = [[int(v) if isinstance(v, str) and v.isdigit() else v for v in row] for row in volume.rows()]
    if fmt == "csv":
        return csv_bytes(header, rows)
    return xlsx_bytes([Sheet(_("Loans per month and format"), header, rows)])
