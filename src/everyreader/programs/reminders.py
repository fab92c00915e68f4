"""Which reminders are due, and sending them once each (the dedupe key makes it idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from everyreader.core.notifications import notify
from everyreader.programs.models import (
    ActionItem,
    Communication,
    Meeting,
    MonthlyReport,
    Programme,
    Risk,
    Task,
)

LEAD_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    key: str
    recipient: object
    subject: str
    body: str
    url: str


def _language(user) -> str:
    return user.preferred_language or "zh-hans"


def due_reminders(programme: Programme, today: dt.date) -> list[Reminder]:
    soon = today + dt.timedelta(days=LEAD_DAYS)
    found: list[Reminder] = []

    def add(key, recipient, subject, body, url):
        if recipient is None or not recipient.is_active:
            return
        with translation.override(_language(recipient)):
            found.append(Reminder(key, recipient, str(subject()), str(body()), url))

    reports = MonthlyReport.objects.filter(programme=programme, due_date__lte=soon, status__in=[
        MonthlyReport.Status.DUE, MonthlyReport.Status.RETURNED]).select_related("task", "owner")
    for report in reports:
        overdue = report.due_date < today
        add(f"programs:report:{report.pk}:{'overdue' if overdue else 'due'}:{report.due_date}", report.owner,
            lambda r=report, o=overdue: (_("Overdue: monthly report for %(task)s") if o else
                                         _("Monthly report due: %(task)s")) % {"task": r.task},
            lambda r=report: _("Your progress report for %(month)s is due on %(due)s.")
            % {"month": r.period.strftime("%Y-%m"), "due": r.due_date.isoformat()},
            reverse("programmes:report_fill", args=[report.pk]))
    risks = Risk.objects.filter(programme=programme, next_review__lte=soon).exclude(
        status=Risk.Status.CLOSED).select_related("owner")
    for risk in risks:
        add(f"programs:risk-review:{risk.pk}:{risk.next_review}", risk.owner,
            lambda r=risk: _("Risk review due: %(risk)s") % {"risk": r},
            lambda r=risk: _("Review this risk by %(date)s.") % {"date": r.next_review.isoformat()},
            reverse("programmes:risk_detail", args=[risk.pk]))
    actions = ActionItem.objects.filter(meeting__programme=programme, status=ActionItem.Status.OPEN,
                                        due_date__lte=soon).select_related("assignee")
    for action in actions:
        add(f"programs:action:{action.pk}:{action.due_date}", action.assignee,
            lambda a=action: _("Action item due: %(title)s") % {"title": a.title},
            lambda a=action: _("Due on %(date)s.") % {"date": a.due_date.isoformat()},
            reverse("programmes:meeting_detail", args=[action.meeting_id]))
    communications = Communication.objects.filter(programme=programme, next_due__lte=soon).select_related(
        "owner", "stakeholder")
    for item in communications:
        add(f"programs:communication:{item.pk}:{item.next_due}", item.owner,
            lambda c=item: _("Communication due: %(what)s") % {"what": c.content},
            lambda c=item: _("To %(who)s by %(date)s.") % {"who": c.stakeholder, "date": c.next_due.isoformat()},
            reverse("programmes:communications", args=[programme.pk]))
    week_ahead = today + dt.timedelta(days=7)
    for task in Task.objects.filter(programme=programme, parent__isnull=False).select_related("owner", "programme"):
        if task.status == Task.Status.NOT_STARTED and today <= task.planned_start <= week_ahead:
            add(f"programs:task-start:{task.pk}:{task.planned_start}", task.owner,
                lambda t=task: _("Task starts soon: %(task)s") % {"task": t},
                lambda t=task: _("Planned start: %(date)s.") % {"date": t.planned_start.isoformat()},
                reverse("programmes:task_detail", args=[task.pk]))
        elif task.status not in (Task.Status.DONE, Task.Status.CANCELLED) and task.planned_end < today:
            add(f"programs:task-overdue:{task.pk}:{task.planned_end}", task.owner,
                lambda t=task: _("Task overdue: %(task)s") % {"task": t},
                lambda t=task: _("It was planned to finish on %(date)s.") % {"date": t.planned_end.isoformat()},
                reverse("programmes:task_detail", args=[task.pk]))
    meetings = Meeting.objects.filter(programme=programme, status=Meeting.Status.PLANNED, date__gte=today,
                                      date__lte=today + dt.timedelta(days=2)).select_related("chair")
    for meeting in meetings:
        add(f"programs:meeting:{meeting.pk}", meeting.chair,
            lambda m=meeting: _("Meeting on %(date)s: %(title)s") % {"date": m.date.isoformat(), "title": m.title},
            lambda m=meeting: m.agenda,
            reverse("programmes:meeting_detail", args=[meeting.pk]))
    return found


def send_due(programme: Programme, today: dt.date) -> int:
    """Send every due reminder not sent before. Returns how many went out."""
    sent = 0
    for reminder in due_reminders(programme, today):
        if notify(recipient=reminder.recipient, subject=reminder.subject, body=reminder.body,
                  url=reminder.url, dedupe_key=reminder.key) is not None:
            sent += 1
    return sent
