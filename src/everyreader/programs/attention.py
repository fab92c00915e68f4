"""Items for "Needs your attention" on the staff home page: the user's own due programme work."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core.workspace import AttentionItem
from everyreader.programs import policies
from everyreader.programs.models import ActionItem, Communication, MonthlyReport, Risk, Task


def attention_items(user) -> list[AttentionItem]:
    if not (user.is_authenticated and user.has_perm("programs.view_task")):
        return []
    today = timezone.localdate()
    soon = today + dt.timedelta(days=7)
    url = reverse("programmes:my_work")
    items = []
    reports = MonthlyReport.objects.filter(owner=user, status__in=[MonthlyReport.Status.DUE,
                                                                   MonthlyReport.Status.RETURNED])
    overdue = reports.filter(due_date__lt=today).count()
    if overdue:
        items.append(AttentionItem(_("Overdue monthly progress reports"), overdue, url, "urgent"))
    due = reports.filter(due_date__gte=today, due_date__lte=soon).count()
    if due:
        items.append(AttentionItem(_("Monthly progress reports due this week"), due, url, "warning"))
    actions = ActionItem.objects.filter(assignee=user, status=ActionItem.Status.OPEN, due_date__lte=soon).count()
    if actions:
        items.append(AttentionItem(_("Meeting action items due"), actions, url, "warning"))
    reviews = Risk.objects.filter(owner=user, next_review__lte=soon).exclude(status=Risk.Status.CLOSED).count()
    if reviews:
        items.append(AttentionItem(_("Risk reviews due"), reviews, url, "warning"))
    communications = Communication.objects.filter(owner=user, next_due__lte=soon).count()
    if communications:
        items.append(AttentionItem(_("Communications due"), communications, url, "info"))
    late = [t for t in Task.objects.filter(owner=user, parent__isnull=False).exclude(
        status__in=[Task.Status.DONE, Task.Status.CANCELLED]).select_related("programme")
        if t.planned_end < today]
    if late:
        items.append(AttentionItem(_("Your tasks past their planned end"), len(late), url, "urgent"))
    if policies.is_manager(user):
        overdue_reports = MonthlyReport.objects.filter(
            status__in=[MonthlyReport.Status.DUE, MonthlyReport.Status.RETURNED], due_date__lt=today)
        missing = overdue_reports.count()
        if missing:
            latest = overdue_reports.order_by("-period").values_list("programme_id", "period").first()
            link = reverse("programmes:reports", args=[latest[0]]) + f"?month={latest[1]:%Y-%m}"
            items.append(AttentionItem(_("Task owners who have not reported"), missing, link, "warning"))
    return items
