"""Postal loans of accessible formats: dispatch (checkout with channel postal) and return (checkin)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.catalog.vocab import ACCESSIBLE_FORMATS
from everyreader.circulation.models import Channel
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.outreach import circ
from everyreader.outreach.models import DeliveredRecord, HistorySource, PostalLoan, PostalStatus

CHANNEL_POSTAL = Channel.POSTAL


@transaction.atomic
def postal_dispatch(*, actor, reader, item, branch, address: str = "", tracking_number: str = "",
                    now: dt.datetime | None = None) -> PostalLoan:
    require_perm(actor, "outreach.add_postalloan")
    if reader.is_anonymised or not reader.is_active:
        raise DomainError(_("This reader cannot borrow."), field="reader")
    if item.format not in ACCESSIBLE_FORMATS:
        raise DomainError(_("Only accessible formats (braille, audio, large print…) are lent by post."), field="item")
    address = (address or "").strip() or reader.address.strip()
    if not address:
        raise DomainError(_("Enter the address to post to."), field="address")
    today = timezone.localdate(now)
    loan_id, due = circ.lend(actor=actor, item=item, reader=reader, branch=branch, channel=CHANNEL_POSTAL, now=now)
    postal = PostalLoan.objects.create(
        reader=reader, item=item, branch=branch, address=address, tracking_number=tracking_number.strip()[:60],
        free_postage=circ.free_postage(item=item, reader=reader, branch=branch), dispatched_on=today,
        due_on=due or today + dt.timedelta(days=circ.DEFAULT_POSTAL_DAYS), loan_id=loan_id, dispatched_by=actor)
    DeliveredRecord.objects.update_or_create(
        reader=reader, record=item.record,
        defaults={"work_key": item.record.work_key, "source": HistorySource.POSTAL, "delivered_on": today})
    audit.record(actor=actor, action="postal.dispatched", obj=postal, object_repr=reader.card_number,
                 details={"item": item.barcode, "free_postage": postal.free_postage})
    return postal


@transaction.atomic
def postal_set_tracking(*, actor, postal: PostalLoan, tracking_number: str) -> PostalLoan:
    require_perm(actor, "outreach.change_postalloan")
    tracking_number = (tracking_number or "").strip()
    if not tracking_number:
        raise DomainError(_("Enter the tracking number."), field="tracking_number")
    postal.tracking_number = tracking_number[:60]
    postal.save(update_fields=["tracking_number"])
    audit.record(actor=actor, action="postal.tracking_set", obj=postal)
    return postal


@transaction.atomic
def postal_return(*, actor, postal: PostalLoan, returned_on: dt.date | None = None,
                  return_tracking_number: str = "", now: dt.datetime | None = None) -> PostalLoan:
    require_perm(actor, "outreach.change_postalloan")
    postal = PostalLoan.objects.select_for_update().select_related("item", "branch").get(pk=postal.pk)
    if postal.status != PostalStatus.DISPATCHED:
        raise DomainError(_("This postal loan has already been returned."), code="illegal_transition")
    returned_on = returned_on or timezone.localdate(now)
    if returned_on < postal.dispatched_on or returned_on > timezone.localdate(now):
        raise DomainError(_("The return date must be between dispatch and today."), field="returned_on")
    circ.take_back(actor=actor, item=postal.item, branch=postal.branch, now=now)
    postal.status, postal.returned_on = PostalStatus.RETURNED, returned_on
    postal.return_tracking_number = (return_tracking_number or "").strip()[:60]
    postal.save(update_fields=["status", "returned_on", "return_tracking_number"])
    audit.record(actor=actor, action="postal.returned", obj=postal, details={"item": postal.item.barcode})
    return postal
