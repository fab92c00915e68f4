"""Background work: daily upkeep and reminders. Tasks take IDs and are idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from everyreader.programs import reminders
from everyreader.programs.models import Programme


@task()
def programme_daily(programme_id: int, today_iso: str | None = None) -> int:
    """Open last month's reports, schedule the next weeks' meetings, send due reminders."""
    from everyreader.programs.services import meetings_schedule, reports_open_for_month

    programme = Programme.objects.filter(pk=programme_id, status=Programme.Status.ACTIVE).first()
    if programme is None:
        return 0
    today = dt.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with transaction.atomic():
        reports_open_for_month(programme=programme, period=last_month)
        meetings_schedule(programme=programme, until=today + dt.timedelta(days=35))
    return reminders.send_due(programme, today)


def enqueue_all() -> int:
    """The periodic job: one background task per active programme."""
    ids = list(Programme.objects.filter(status=Programme.Status.ACTIVE).values_list("pk", flat=True))
    for pk in ids:
        programme_daily.enqueue(pk, timezone.localdate().isoformat())
    return len(ids)


__all__ = ["enqueue_all", "programme_daily"]
