"""CSV/XLSX import: valid rows in, invalid rows reported, nothing half-written."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.core.errors import DomainError
from everyreader.readers import imports
from everyreader.readers.models import Reader

pytestmark = pytest.mark.django_db

CSV = """family_name,given_name,card_number,birth_year,category,home_branch,phone,email,preferred_contact
张,伟,C0001,1956,senior,central,13911110001,,sms
,无名,C0002,1990,adult,central,13911110002,,sms
李,娜,C0003,1700,adult,central,13911110003,,sms
赵,强,C0004,1980,adult,nowhere,13911110004,,sms
钱,芳,C0001,1985,adult,central,13911110005,,sms
孙,丽,,2019,child,central,13911110006,,sms
周,杰,C0007,1988,adult,,13911110007,not-an-email,email
吴,敏,C0008,1975,adult,central,13911110008,wu@example.org,email
张,伟,C0009,1956,senior,central,13911110001,,sms
"""


def test_csv_import_reports_each_row(depthead):
    BranchFactory(code="central")
    report = imports.readers_import(actor=depthead, content=CSV.encode("utf-8-sig"), filename="readers.csv")
    assert [r.ok for r in report.rows] == [True, False, False, False, False, False, False, True, False]
    assert report.imported == 2 and report.rejected == 7
    assert set(Reader.objects.values_list("card_number", flat=True)) == {"C0001", "C0008"}
    assert all(r.errors for r in report.rows if not r.ok)
    assert "C0001" in report.rows[8].errors[0]  # possible duplicate
    assert Reader.objects.get(card_number="C0001").registered_via == "import"


def test_xlsx_import(depthead):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["family_name", "given_name", "birth_year", "phone"])
    book.active.append(["陈", "静", 1966, "13800000009"])
    book.active.append(["", "", "", "x"])
    out = io.BytesIO()
    book.save(out)
    report = imports.readers_import(actor=depthead, content=out.getvalue(), filename="r.xlsx")
    assert report.imported == 1 and report.rejected == 1


@pytest.mark.parametrize("content,name", [
    (b"", "a.csv"), (b"nope,columns\n1,2\n", "a.csv"), (b"family_name\n\xff\xfe", "a.csv"),
    (b"PK-not-really", "a.xlsx"), (b"family_name\nx\n", "a.pdf"),
])
def test_unusable_files_are_refused_whole(depthead, content, name):
    with pytest.raises(DomainError):
        imports.readers_import(actor=depthead, content=content, filename=name)
    assert not Reader.objects.exists()


def test_import_needs_permission(make_user):
    with pytest.raises(PermissionDenied):
        imports.readers_import(actor=make_user("librarian"), content=CSV.encode(), filename="a.csv")
    assert not Reader.objects.exists()
