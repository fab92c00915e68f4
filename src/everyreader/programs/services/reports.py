"""Monthly progress reports: opened for each task owner, filled in, reviewed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.programs import policies, schedule
from everyreader.programs.models import MonthlyReport, Programme, Task
from everyreader.programs.services.tasks import rollup_parent

RS = MonthlyReport.Status
REPORT_FLOW = StateMachine({
    RS.DUE: [RS.SUBMITTED],
    RS.RETURNED: [RS.SUBMITTED],
    RS.SUBMITTED: [RS.SUBMITTED, RS.ACCEPTED, RS.RETURNED],
    RS.ACCEPTED: [],
})
REPORT_FIELDS = ("percent_complete", "progress", "resources_used", "amount_spent", "problems",
                 "solutions", "next_steps")


def due_date_for(programme: Programme, period: dt.date) -> dt.date:
    return schedule.next_month(period).replace(day=programme.report_due_day)


def tasks_to_report(programme: Programme, period: dt.date):
    """Sub-tasks with an owner that were planned in, worked on during, or finished in the month."""
    month_end = schedule.next_month(period) - dt.timedelta(days=1)
    first_week = max(1, programme.week_of(period))
    last_week = programme.week_of(month_end)
    return (Task.objects.filter(programme=programme, parent__isnull=False, owner__isnull=False)
            .exclude(status=Task.Status.CANCELLED)
            .filter(Q(start_week__lte=last_week, end_week__gte=first_week)
                    | Q(status__in=[Task.Status.IN_PROGRESS, Task.Status.BLOCKED], start_week__lte=last_week)
                    | Q(status=Task.Status.DONE, actual_end__gte=period, actual_start__lte=month_end))
            .exclude(status=Task.Status.DONE, actual_end__lt=period))


@transaction.atomic
def reports_open_for_month(*, programme: Programme, period: dt.date) -> list[MonthlyReport]:
    """Open the month's reports, one per task in scope (idempotent). Returns the new ones."""
    period = period.replace(day=1)
    if period > programme.end_date or schedule.next_month(period) <= programme.start_date:
        return []
    due = due_date_for(programme, period)
    created = []
    for task in tasks_to_report(programme, period).select_related("owner"):
        report, new = MonthlyReport.objects.get_or_create(
            task=task, period=period,
            defaults={"programme": programme, "owner": task.owner, "due_date": due})
        if new:
            created.append(report)
    return created


@transaction.atomic
def report_submit(*, actor, report: MonthlyReport, **data) -> MonthlyReport:
    if not policies.can_file_report(actor, report):
        raise PermissionDenied
    report = MonthlyReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    REPORT_FLOW.check(report.status, RS.SUBMITTED, RS)
    if not (data.get("progress") or "").strip():
        raise DomainError(_("Describe the progress made this month."), field="progress")
    percent = data.get("percent_complete")
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError(_("Percent complete must be between 0 and 100."), field="percent_complete")
    if data.get("amount_spent") is not None and data["amount_spent"] < 0:
        raise DomainError(_("Amounts cannot be negative."), field="amount_spent")
    for name in REPORT_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("percent_complete", "amount_spent"):
                value = ""
            setattr(report, name, value)
    report.status = RS.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    task = report.task
    if percent is not None and task.status not in (Task.Status.DONE, Task.Status.CANCELLED) \
            and percent != task.percent_complete:
        # The owner's report is the source of the task's progress figure.
        old = task.percent_complete
        task.percent_complete = percent
        task.save(update_fields=["percent_complete", "updated_at"])
        rollup_parent(task)
        audit.record(actor=actor, action="programme_task.progress_reported", obj=task,
                     details={"percent_complete": [old, percent], "report": report.pk})
    audit.record(actor=actor, action="programme_report.submitted", obj=report)
    return report


@transaction.atomic
def report_review(*, actor, report: MonthlyReport, accept: bool, note: str = "") -> MonthlyReport:
    if not policies.is_manager(actor):
        raise PermissionDenied
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    target = RS.ACCEPTED if accept else RS.RETURNED
    REPORT_FLOW.check(report.status, target, RS)
    if not accept and not note.strip():
        raise DomainError(_("Say what needs to change."), field="review_note")
    report.status, report.review_note = target, note
    report.save()
    audit.record(actor=actor, action="programme_report.reviewed", obj=report, details={"status": target})
    return report
