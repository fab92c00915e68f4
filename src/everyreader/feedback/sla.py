"""The service-level job: reminders before the due date, then escalation to the department head
and, if still open, to the programme manager. Idempotent: run it as often as you like."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.accounts.roles import PROGRAMME_MANAGER
from everyreader.core import audit
from everyreader.core.notifications import notify
from everyreader.feedback.models import OPEN_STATES, EventType, FeedbackEvent, FeedbackItem
from everyreader.feedback.services import staff_url
from everyreader.feedback.workdays import open_days_for, previous_working_day, working_days_after

MANAGER_AFTER_DAYS = 2  # opening days past the due date before the programme manager is told


def _programme_managers():
    return get_user_model().objects.filter(groups__name=PROGRAMME_MANAGER, is_active=True).distinct()


def _escalate(item, level: int, recipients, today) -> int:
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        if locked.escalation_level >= level or locked.state not in OPEN_STATES:
            return 0
        locked.escalation_level = level
        locked.save(update_fields=["escalation_level"])
        for recipient in recipients:
            FeedbackEvent.objects.create(item=locked, event=EventType.ESCALATED, level=level,
                                         target_user=recipient, occurred_at=timezone.now(),
                                         note=_("Due %(due)s") % {"due": locked.due_date.isoformat()})
            notify(recipient=recipient,
                   subject=_("Overdue feedback escalated to you: %(ref)s") % {"ref": locked.reference},
                   body=_("%(subject)s — was due %(due)s.") % {"subject": locked.subject,
                                                               "due": locked.due_date.isoformat()},
                   url=staff_url(locked),
                   dedupe_key=f"feedback:{locked.pk}:escalate:{level}:{locked.reopen_count}:{recipient.pk}")
        audit.record(actor=None, action="feedback.escalated", obj=locked,
                     details={"level": level, "to": [r.pk for r in recipients]})
    return 1


def _remind(item, today) -> int:
    recipient = item.handler or (item.department.head if item.department_id else None)
    if recipient is None:
        return 0
    sent = notify(recipient=recipient, subject=_("Feedback due soon: %(ref)s") % {"ref": item.reference},
                  body=_("%(subject)s — due %(due)s.") % {"subject": item.subject, "due": item.due_date.isoformat()},
                  url=staff_url(item), dedupe_key=f"feedback:{item.pk}:remind:{item.due_date.isoformat()}")
    if sent is None:
        return 0
    FeedbackEvent.objects.create(item=item, event=EventType.REMINDED, target_user=recipient,
                                 occurred_at=timezone.now())
    return 1


def run_sla(today=None) -> int:
    today = today or timezone.localdate()
    done = 0
    items = (FeedbackItem.objects.filter(state__in=OPEN_STATES)
             .select_related("department__head", "handler", "branch").order_by("pk"))
    managers = None
    for item in items.iterator(chunk_size=200):
        days = open_days_for(item.branch)
        if item.due_date >= today:
            if today >= previous_working_day(item.due_date, days):
                done += _remind(item, today)
            continue
        late = working_days_after(item.due_date, today, days)
        head = item.department.head if item.department_id and item.department.head_id else None
        if item.escalation_level < 1:
            recipients = [head] if head else list(_programme_managers())
            done += _escalate(item, 1, recipients, today)
        if late >= MANAGER_AFTER_DAYS and item.escalation_level < 2:
            item.refresh_from_db(fields=["escalation_level"])
            if item.escalation_level < 2:
                managers = managers if managers is not None else list(_programme_managers())
                done += _escalate(item, 2, managers, today)
    return done
