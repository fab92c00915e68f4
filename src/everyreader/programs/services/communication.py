"""Communication plan: logging what was sent moves the next due date on."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.programs import policies, schedule
from everyreader.programs.models import Communication, CommunicationLog


@transaction.atomic
def communication_log(*, actor, communication: Communication, summary: str,
                      sent_on: dt.date | None = None) -> CommunicationLog:
    if not policies.can_log_communication(actor, communication):
        raise PermissionDenied
    if not summary.strip():
        raise DomainError(_("Say what was sent."), field="summary")
    today = timezone.localdate()
    sent_on = sent_on or today
    if sent_on > today:
        raise DomainError(_("The date cannot be in the future."), field="sent_on")
    entry = CommunicationLog.objects.create(communication=communication, sent_on=sent_on, sent_by=actor,
                                            summary=summary.strip())
    communication.next_due = schedule.next_date(sent_on, communication.frequency)
    communication.save(update_fields=["next_due"])
    audit.record(actor=actor, action="programme_communication.logged", obj=communication,
                 details={"sent_on": str(sent_on), "next_due": str(communication.next_due)})
    return entry
