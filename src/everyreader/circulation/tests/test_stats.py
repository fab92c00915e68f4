"""Reading volume statistics: counts per month × format, population filters, small-cell
suppression, and the CSV/XLSX export carrying the same suppressed numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from everyreader.circulation import stats
from everyreader.circulation.tests.desk_fixtures import StatFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 15)


@pytest.fixture
def loans():
    StatFactory.create_batch(7, date=dt.date(2026, 11, 2), format="print")
    StatFactory.create_batch(3, date=dt.date(2026, 11, 3), format="braille", print_disabled=True)
    StatFactory.create_batch(6, date=dt.date(2026, 10, 9), format="audio", print_disabled=True, vision=True)
    StatFactory.create_batch(2, date=dt.date(2024, 1, 9), format="audio")  # outside 12 months


def test_volume_counts_per_month_and_format(loans):
    volume = stats.reading_volume(months=12, today=TODAY)
    assert volume.months[-1] == dt.date(2026, 11, 1) and len(volume.months) == 12
    assert [code for code, _l in volume.formats] == ["print", "braille", "audio"]
    assert volume.counts[(dt.date(2026, 11, 1), "print")] == 7
    assert volume.total(dt.date(2026, 11, 1)) == 10
    assert volume.grand_total() == 16


def test_small_cells_are_suppressed_in_rows_and_export(loans):
    volume = stats.reading_volume(months=12, today=TODAY)
    november = volume.rows()[-1]
    assert november == ["2026-11", "7", "<5", "0", "10"]
    content = stats.export(volume, "csv")
    assert "2026-11,7,<5,0,10" in content.decode("utf-8-sig")
    from openpyxl import load_workbook

    content = stats.export(volume, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1] == ("2026-11", 7, "<5", 0, 10)


def test_population_filter(loans):
    volume = stats.reading_volume(months=12, population="flag:print_disabled", today=TODAY)
    assert volume.grand_total() == 9
    volume = stats.reading_volume(months=12, population="flag:vision", today=TODAY)
    assert volume.grand_total() == 6
    assert stats.reading_volume(months=12, population="flag:nonsense", today=TODAY).grand_total() == 16
    volume = stats.reading_volume(months=36, population="category:adult", today=TODAY)
    assert volume.grand_total() == 18


def test_population_totals_are_suppressed(loans):
    totals = dict(stats.population_totals(months=12, today=TODAY))
    assert list(totals.values())[:3] == ["16", "9", "6"]
    StatFactory.create_batch(2, date=dt.date(2026, 11, 4), learning=True)
    totals = dict(stats.population_totals(months=12, today=TODAY))
    assert totals[str(stats.FLAGS["learning"])] == "<5"
    assert totals[str(stats.FLAGS["hearing"])] == "0"


def test_volume_is_one_query(loans, django_assert_num_queries):
    with django_assert_num_queries(1):
        stats.reading_volume(months=24, today=timezone.localdate())
