import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from everyreader.programs import monthly, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def january(programme, tasks, manager):
    services.task_update(actor=manager, task=tasks["a.1"], status="in_progress", percent_complete=80,
                         today=dt.date(2026, 1, 5))
    reports = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))
    services.report_submit(actor=reports[0].owner, report=reports[0], progress="调研问卷回收 412 份",
                           problems="老年读者填写困难", solutions="志愿者协助", next_steps="数据分析")
    return programme


def test_assembly(january):
    with translation.override("zh-hans"):
        report = monthly.assemble(january, dt.date(2026, 1, 1), today=dt.date(2026, 3, 1))
    assert report.as_of == dt.date(2026, 1, 31)
    assert report.total == 16 and report.done == 0
    a1 = next(row for row in report.tasks if row["code"] == "a.1")
    assert a1["late"] and a1["expected"] == 100 and a1["variance"] == -0.4
    assert len(report.reports) == 1 and len(report.missing) == 1
    assert len(report.risks) == 5 and len(report.targets) == 7


def test_pdf_text_can_be_extracted(january):
    with translation.override("zh-hans"):
        report = monthly.assemble(january, dt.date(2026, 1, 1), today=dt.date(2026, 3, 1))
        pdf = monthly.render_pdf(report)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "2026-01" in text
    assert "调研问卷回收 412 份" in text
    assert "收集特殊人群阅读需求数据" in text


def test_xlsx(january):
    with translation.override("en"):
        report = monthly.assemble(january, dt.date(2026, 1, 1), today=dt.date(2026, 3, 1))
        book = load_workbook(io.BytesIO(monthly.render_xlsx(report)))
    assert book.sheetnames == ["Tasks", "Budget", "Risks", "Actions", "Reports", "Targets"]
    tasks = book["Tasks"]
    assert tasks["A1"].value == "Code" and tasks.max_row == 25
    assert book["Tasks"]["B3"].value == "Collect data on the reading needs of special populations"
    assert book["Risks"].max_row == 6
