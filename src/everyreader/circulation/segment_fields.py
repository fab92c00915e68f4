"""Loan-based fields for reader segments (readers.segments.register_segment_field).

Computed from the loans table as it is now: open loans and returned loans not yet anonymised.
Anonymised loans have no reader, so “loans in the last 12 months” undercounts for readers who
did not opt in to keep their history once their returned loans pass the anonymisation period
(EVERYREADER_LOAN_ANONYMISE_DAYS). See docs/circulation.md, “Statistics”.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from everyreader.circulation.models import Loan


def _loans_last_year():
    since = timezone.now() - dt.timedelta(days=365)
    return Loan.objects.filter(reader__isnull=False, checked_out_at__gte=since).order_by() \
        .values("reader_id").annotate(n=Count("id"))


def loans_12_months_q(op: str, value: int) -> Q:
    counts = _loans_last_year()
    if op == "gte":
        return Q(pk__in=counts.filter(n__gte=value).values("reader_id")) if value > 0 else Q()
    if op == "lte":
        return ~Q(pk__in=counts.filter(n__gt=value).values("reader_id"))
    if value == 0:
        return ~Q(pk__in=counts.values("reader_id"))
    return Q(pk__in=counts.filter(n=value).values("reader_id"))


def has_overdue_q(op: str, value: bool) -> Q:
    overdue = Loan.objects.filter(returned_at__isnull=True, reader__isnull=False,
                                  due_at__lt=timezone.now()).values("reader_id")
    q = Q(pk__in=overdue)
    return q if value else ~q


def has_open_loan_q(op: str, value: bool) -> Q:
    q = Q(pk__in=Loan.objects.filter(returned_at__isnull=True, reader__isnull=False).values("reader_id"))
    return q if value else ~q


def has_unpaid_fine_q(op: str, value: bool) -> Q:
    from everyreader.circulation.models import Fine, FineStatus

    q = Q(pk__in=Fine.objects.filter(status=FineStatus.OUTSTANDING).values("reader_id"))
    return q if value else ~q


def register() -> None:
    from everyreader.readers.segments import SegmentField, register_segment_field

    for field in (
        SegmentField("loans_12_months", _("Loans in the last 12 months"), "number", loans_12_months_q,
                     order=40, min_value=0, max_value=10000),
        SegmentField("has_overdue_loan", _("Has an overdue loan"), "boolean", has_overdue_q, order=41),
        SegmentField("has_open_loan", _("Has something on loan now"), "boolean", has_open_loan_q, order=42),
        SegmentField("has_unpaid_fine", _("Has an unpaid fine"), "boolean", has_unpaid_fine_q, order=43),
    ):
        register_segment_field(field)
