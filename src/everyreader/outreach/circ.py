"""The only place outreach talks to circulation: lend (checkout), take back (checkin), what the
reader already borrowed, and whether postage is free. Loans belong to `everyreader.circulation`;
outreach keeps only the loan id next to the visit item or postal loan.

When the circulation app is not installed, outreach still records visits and the delivered
history (and marks items out through the catalogue's status service) without loan records.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from everyreader.catalog.vocab import ACCESSIBLE_FORMATS, ItemStatus

DEFAULT_POSTAL_DAYS = 42


def installed() -> bool:
    return apps.is_installed("everyreader.circulation")


def lend(*, actor, item, reader, branch, channel: str) -> tuple[int | None, dt.date | None]:
    """Check the item out to the reader. Returns (loan id, due date); raises DomainError if refused."""
    if installed():
        from everyreader.circulation import services as circulation

        loan = circulation.checkout(actor=actor, item=item, reader=reader, branch=branch, channel=channel)
        return loan.pk, getattr(loan, "due_on", None) or _due_date(loan)
    from everyreader.catalog import services as catalog

    _check_available(item)
    catalog.item_set_status(actor=actor, item=item, status=ItemStatus.ON_LOAN)
    return None, None


def take_back(*, actor, item, branch) -> None:
    if installed():
        from everyreader.circulation import services as circulation

        circulation.checkin(actor=actor, item=item, branch=branch)
        return
    from everyreader.catalog import services as catalog

    catalog.item_set_status(actor=actor, item=item, status=ItemStatus.AVAILABLE)


def borrowed_record_ids(reader) -> set[int]:
    """Records the reader has had on loan through any channel (as far as circulation still knows)."""
    if installed():
        from everyreader.circulation import selectors as circulation

        fn = getattr(circulation, "record_ids_borrowed_by", None)
        if fn is not None:
            return set(fn(reader))
    return set()


def free_postage(*, item, reader, branch) -> bool:
    """Free postal loans come from the circulation policy; without it, accessible formats post free
    (China's postal law exempts reading matter for blind people)."""
    if installed():
        from everyreader.circulation import selectors as circulation

        fn = getattr(circulation, "free_postal", None)
        if fn is not None:
            return bool(fn(item=item, reader=reader, branch=branch))
    return item.format in ACCESSIBLE_FORMATS


def _check_available(item) -> None:
    from django.utils.translation import gettext as _

    from everyreader.core.errors import DomainError

    if item.status != ItemStatus.AVAILABLE:
        raise DomainError(_("Item %(barcode)s is not available (%(status)s).")
                          % {"barcode": item.barcode, "status": item.get_status_display()}, field="items")


def _due_date(loan) -> dt.date | None:
    due = getattr(loan, "due_at", None) or getattr(loan, "due", None)
    if isinstance(due, dt.datetime):
        return due.date()
    return due
