import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone, translation
from openpyxl import load_workbook

from everyreader.core import exports
from everyreader.core.languages import current_language, pick


def test_safe_cell_defuses_formulas_and_keeps_numbers():
    assert exports.safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports.safe_cell("@SUM") == "'@SUM"
    assert exports.safe_cell("-1+2") == "'-1+2"
    assert exports.safe_cell("图书馆") == "图书馆"
    assert exports.safe_cell(-3) == -3
    assert exports.safe_cell(Decimal("2.50")) == Decimal("2.50")
    assert exports.safe_cell(None) == ""
    assert exports.safe_cell(True) == "True"


def test_csv_has_bom_header_and_defused_rows():
    content = exports.csv_bytes(["名字", "值"], [["=cmd", 3], [None, "张三"]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["名字", "值"], ["'=cmd", "3"], ["", "张三"]]


def test_xlsx_sheets_titles_and_aware_datetimes():
    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30))
    content = exports.xlsx_bytes([
        exports.Sheet("a/b:c", ["when", "n"], [[moment, 1]]),
        exports.Sheet("a/b:c", ["x"], [["+1"]]),
    ])
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["a b c", "a b c (2)"]
    first = book["a b c"]
    assert first["A1"].font.bold and first.freeze_panes == "A2"
    assert first["A2"].value == timezone.localtime(moment).replace(tzinfo=None)
    assert book["a b c (2)"]["A2"].value == "'+1"


def test_download_response():
    response = exports.download(b"x", "report-1", "xlsx")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="report-1.xlsx"'


def test_current_language_and_pick():
    texts = {"zh-hans": "读者", "zh-hant": "讀者", "en": "Reader"}
    assert current_language("zh-TW") == "zh-hant"
    assert current_language("en-gb") == "en"
    assert current_language("fr") == "zh-hans"
    with translation.override("zh-hant"):
        assert pick(texts) == "讀者"
    assert pick(texts, "en") == "Reader"
    assert pick({"en": "Only English"}, "zh-hant") == "Only English"
    assert pick({}, "en", fallback="code") == "code"
    assert pick("plain") == "plain"
