"""Loan privacy: a returned loan loses its link to the reader EVERYREADER_LOAN_ANONYMISE_DAYS days
after the return (default 30; 0 = at the next run after the return), unless the reader chose to
keep their loan history. The anonymous LoanStatistic row written at checkout is not touched, so
the reading-volume indicators survive. Closed holds (collected, expired, cancelled), which say who
wanted which title, are deleted after the same period (but not before the "hold expired" notice
window has passed), with the same opt-in exception. Paid or waived fines lose the loan, title and
barcode they were for after the same period; unpaid fines keep them, since the reader must know
what they owe for. Runs as the periodic job
"circulation.anonymise_loans"; running it twice does nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django.db.models import Q

from everyreader.circulation.models import (ACTIVE_HOLD_STATUSES, Fine, FineStatus, Hold, Loan,
                                            LoanHistorySetting)
from everyreader.circulation.notices import hold_expired_window_days
from everyreader.core import audit

BATCH = 1000


def anonymise_days() -> int:
    return max(0, int(getattr(settings, "EVERYREADER_LOAN_ANONYMISE_DAYS", 30)))


def _in_batches(due, apply) -> int:
    """apply(ids) to the rows of `due` BATCH at a time, each batch in its own transaction."""
    total = 0
    while True:
        with transaction.atomic():
            ids = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            total += apply(ids)


def loans_due_for_anonymising(now: dt.datetime | None = None):
    now = now or timezone.now()
    keepers = LoanHistorySetting.objects.filter(keep_history=True).values("reader_id")
    cutoff = now - dt.timedelta(days=anonymise_days())
    return (Loan.objects.filter(returned_at__isnull=False, returned_at__lte=cutoff, reader__isnull=False,
                                anonymised_at__isnull=True)
            .exclude(reader_id__in=keepers))


def loans_anonymise(*, now: dt.datetime | None = None) -> int:
    """Unlink returned loans from their readers once the retention period has passed."""
    now = now or timezone.now()
    total = _in_batches(loans_due_for_anonymising(now), lambda ids: Loan.objects.filter(
        pk__in=ids, reader__isnull=False).update(reader=None, anonymised_at=now))
    if total:
        audit.record(actor=None, action="circulation.loans_anonymised", object_type="circulation.loan",
                     details={"count": total, "after_days": anonymise_days()})
    return total


def closed_holds_due_for_forgetting(now: dt.datetime | None = None):
    now = now or timezone.now()
    keepers = LoanHistorySetting.objects.filter(keep_history=True).values("reader_id")
    cutoff = now - dt.timedelta(days=max(anonymise_days(), hold_expired_window_days()))
    return (Hold.objects.exclude(status__in=ACTIVE_HOLD_STATUSES)
            .filter(Q(closed_at__lte=cutoff) | Q(closed_at__isnull=True, placed_at__lte=cutoff))
            .exclude(reader_id__in=keepers))


def closed_holds_forget(*, now: dt.datetime | None = None) -> int:
    """Delete closed holds once the retention period (and the expired-notice window) has passed."""
    def delete(ids) -> int:
        deleted = Hold.objects.filter(pk__in=ids).exclude(status__in=ACTIVE_HOLD_STATUSES).delete()[1]
        return deleted.get(Hold._meta.label, 0)

    total = _in_batches(closed_holds_due_for_forgetting(now or timezone.now()), delete)
    if total:
        audit.record(actor=None, action="circulation.closed_holds_deleted", object_type="circulation.hold",
                     details={"count": total, "after_days": anonymise_days()})
    return total


def settled_fines_due_for_forgetting(now: dt.datetime | None = None):
    now = now or timezone.now()
    keepers = LoanHistorySetting.objects.filter(keep_history=True).values("reader_id")
    cutoff = now - dt.timedelta(days=anonymise_days())
    return (Fine.objects.exclude(status=FineStatus.OUTSTANDING).filter(settled_at__lte=cutoff)
            .exclude(loan__isnull=True, title="", barcode="").exclude(reader_id__in=keepers))


def settled_fines_forget(*, now: dt.datetime | None = None) -> int:
    """Paid and waived fines keep the amount, dates and branch, but lose the loan and the title."""
    total = _in_batches(settled_fines_due_for_forgetting(now), lambda ids: Fine.objects.filter(
        pk__in=ids).exclude(status=FineStatus.OUTSTANDING).update(loan=None, title="", barcode=""))
    if total:
        audit.record(actor=None, action="circulation.settled_fines_anonymised", object_type="circulation.fine",
                     details={"count": total, "after_days": anonymise_days()})
    return total


def run_anonymise() -> int:
    """The privacy steps; the number of loans anonymised, closed holds deleted and fines unlinked."""
    return loans_anonymise() + closed_holds_forget() + settled_fines_forget()
