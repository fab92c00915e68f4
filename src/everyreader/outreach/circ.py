"""The only place outreach talks to circulation (through its services and selectors): lend
(checkout), take back (checkin), what the reader already borrowed, and whether postage is free.
Loans belong to `everyreader.circulation`; outreach keeps only the loan id next to the visit item
or postal loan."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEFAULT_POSTAL_DAYS = 42


def lend(*, actor, item, reader, branch, channel: str, now: dt.datetime | None = None) -> tuple[int, dt.date]:
    """Check the item out to the reader. Returns (loan id, due date); raises DomainError if refused."""
    from everyreader.circulation import services as circulation

    loan = circulation.checkout(actor=actor, item=item, reader=reader, branch=branch, channel=channel, now=now)
    return loan.pk, timezone.localdate(loan.due_at)


def take_back(*, actor, item, branch, now: dt.datetime | None = None) -> None:
    from everyreader.circulation import services as circulation

    circulation.checkin(actor=actor, item=item, branch=branch, now=now)


def borrowed_record_ids(reader) -> set[int]:
    """Records the reader has on loan now, or had (only if they chose to keep their loan history)."""
    from everyreader.circulation import selectors as circulation

    ids = set(circulation.reader_current_loans(reader).values_list("item__record_id", flat=True))
    ids |= set(circulation.reader_loan_history(reader).values_list("item__record_id", flat=True))
    return ids


def free_postage(*, item, reader, branch) -> bool:
    """Free postal loans come from the circulation policy (category × format × branch)."""
    from everyreader.circulation.policies import policy_for

    return bool(policy_for(reader_category=reader.category, format=item.format, branch_id=branch.pk).free_postal)
