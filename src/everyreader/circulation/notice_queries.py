"""The loans and holds the notice jobs look at (reads only; see notices.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from everyreader.circulation.models import Hold, HoldStatus, Loan


def due_date(loan: Loan) -> dt.date:
    return timezone.localdate(loan.due_at)


def hold_expiry(hold: Hold) -> dt.date | None:
    return timezone.localdate(hold.expires_at) if hold.expires_at else None


def _end_of(day: dt.date) -> dt.datetime:
    start = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start


def open_loans_due_by(day: dt.date) -> QuerySet[Loan]:
    """Open loans of a known reader due on or before `day` (local dates)."""
    return (Loan.objects.filter(returned_at__isnull=True, reader__isnull=False, due_at__lt=_end_of(day))
            .select_related("reader", "item__record").order_by("due_at", "pk"))


def ready_holds() -> QuerySet[Hold]:
    return Hold.objects.filter(status=HoldStatus.READY).select_related("reader", "record", "pickup_branch") \
        .order_by("ready_at", "pk")


def expired_holds_since(since: dt.datetime) -> QuerySet[Hold]:
    return Hold.objects.filter(status=HoldStatus.EXPIRED, closed_at__gte=since) \
        .select_related("reader", "record", "pickup_branch").order_by("closed_at", "pk")
