"""Loan-based segment fields registered in readers: loans in the last 12 months, overdue, on loan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from everyreader.circulation.tests.desk_fixtures import LoanFactory, due_in
from everyreader.readers.models import Reader
from everyreader.readers.segments import build_q
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def members(field, op, value):
    rules = {"match": "all", "conditions": [{"field": field, "op": op, "value": value}]}
    return set(Reader.objects.filter(build_q(rules)).values_list("pk", flat=True))


@pytest.fixture
def people():
    busy, once, idle, late = ReaderFactory(), ReaderFactory(), ReaderFactory(), ReaderFactory()
    for _n in range(3):
        LoanFactory(reader=busy, returned_at=timezone.now())
    LoanFactory(reader=once)
    LoanFactory(reader=idle, checked_out_at=timezone.now() - dt.timedelta(days=400),
                due_at=timezone.now() - dt.timedelta(days=370), returned_at=timezone.now() - dt.timedelta(days=380))
    LoanFactory(reader=late, due_at=due_in(-1))
    LoanFactory(reader=None)  # anonymised: counts for nobody
    return {"busy": busy.pk, "once": once.pk, "idle": idle.pk, "late": late.pk}


def test_loans_in_last_12_months(people):
    p = people
    assert members("loans_12_months", "gte", 2) == {p["busy"]}
    assert members("loans_12_months", "gte", 1) == {p["busy"], p["once"], p["late"]}
    assert members("loans_12_months", "eq", 0) == {p["idle"]}
    assert members("loans_12_months", "eq", 1) == {p["once"], p["late"]}
    assert members("loans_12_months", "lte", 1) == {p["once"], p["idle"], p["late"]}


def test_overdue_and_open(people):
    p = people
    assert members("has_overdue_loan", "is", True) == {p["late"]}
    assert members("has_overdue_loan", "is", False) == {p["busy"], p["once"], p["idle"]}
    assert members("has_open_loan", "is", True) == {p["once"], p["late"]}


def test_bad_values_are_refused():
    from everyreader.core.errors import DomainError

    with pytest.raises(DomainError):
        members("loans_12_months", "gte", -1)
    with pytest.raises(DomainError):
        members("has_overdue_loan", "is", "yes")


def test_unpaid_fines_and_card_validity(people):
    from everyreader.circulation.models import Fine, FineStatus

    p = people
    late = Reader.objects.get(pk=p["late"])
    loan = late.loans.first()
    Fine.objects.create(reader=late, loan=loan, branch=loan.branch, days_late=3, amount="1.50",
                        assessed_at=timezone.now())
    Fine.objects.create(reader_id=p["busy"], branch=loan.branch, days_late=3, amount="1.50",
                        assessed_at=timezone.now(), status=FineStatus.PAID)
    assert members("has_unpaid_fine", "is", True) == {p["late"]}
    today = timezone.localdate()
    Reader.objects.filter(pk=p["busy"]).update(card_expires=today - dt.timedelta(days=1))
    Reader.objects.filter(pk=p["once"]).update(card_expires=today + dt.timedelta(days=20))
    Reader.objects.filter(pk=p["idle"]).update(card_expires=today + dt.timedelta(days=400))
    assert members("card_expired", "is", True) == {p["busy"]}
    assert members("card_expired", "is", False) == {p["once"], p["idle"], p["late"]}  # late: no expiry date
    assert members("card_expires_within_days", "lte", 30) == {p["once"]}
