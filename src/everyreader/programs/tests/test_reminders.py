import datetime as dt

import pytest
from django.core import mail

from everyreader.core.models import Notification
from everyreader.programs import reminders, services
from everyreader.programs.models import Programme
from everyreader.programs.tasks import enqueue_all, programme_daily

pytestmark = pytest.mark.django_db


def keys(programme, today):
    return sorted(r.key for r in reminders.due_reminders(programme, today))


def test_report_reminder_due_then_overdue(programme):
    report = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))[0]
    assert not any(k.startswith(f"programs:report:{report.pk}:") for k in keys(programme, dt.date(2026, 2, 1)))
    due = keys(programme, dt.date(2026, 2, 12))
    assert f"programs:report:{report.pk}:due:2026-02-14" in due
    overdue = keys(programme, dt.date(2026, 2, 16))
    assert f"programs:report:{report.pk}:overdue:2026-02-14" in overdue


def test_submitted_report_is_not_reminded(programme):
    report = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))[0]
    services.report_submit(actor=report.owner, report=report, progress="done")
    assert not any(k.startswith(f"programs:report:{report.pk}:") for k in keys(programme, dt.date(2026, 2, 16)))


def test_risk_review_action_communication_and_task_reminders(programme, manager):
    risk = programme.risks.get(code="e")  # weekly: first review one week after the start
    found = keys(programme, risk.next_review)
    assert f"programs:risk-review:{risk.pk}:{risk.next_review}" in found
    a1 = programme.tasks.get(code="a.1")
    assert f"programs:task-start:{a1.pk}:{a1.planned_start}" in keys(programme, programme.start_date)
    assert f"programs:task-overdue:{a1.pk}:{a1.planned_end}" in keys(programme, a1.planned_end + dt.timedelta(days=1))
    internal = programme.communications.filter(stakeholder__kind="internal").first()
    assert f"programs:communication:{internal.pk}:{internal.next_due}" in keys(programme, internal.next_due)


def test_send_is_idempotent_and_emails(programme, django_capture_on_commit_callbacks):
    today = programme.start_date
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_due(programme, today)
    assert sent > 0
    assert Notification.objects.count() == sent
    assert len(mail.outbox) == sent
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(programme, today) == 0
    assert Notification.objects.count() == sent and len(mail.outbox) == sent


def test_reminder_in_the_recipients_language(programme):
    a1 = programme.tasks.get(code="a.1")
    a1.owner.preferred_language = "en"
    a1.owner.save()
    found = {r.key: r for r in reminders.due_reminders(programme, programme.start_date)}
    assert found[f"programs:task-start:{a1.pk}:{a1.planned_start}"].subject.startswith("Task starts soon")


def test_daily_task_opens_reports_schedules_meetings_and_is_idempotent(programme):
    programme.status = Programme.Status.ACTIVE
    programme.save()
    today = dt.date(2026, 2, 12)
    first = programme_daily.call(programme.pk, today.isoformat())
    assert first > 0
    assert programme.reports.filter(period=dt.date(2026, 1, 1)).count() == 2
    assert programme.meetings.filter(date__lte=today + dt.timedelta(days=35)).exists()
    assert programme_daily.call(programme.pk, today.isoformat()) == 0


def test_inactive_programme_is_skipped_and_periodic_job_enqueues(programme):
    assert programme_daily.call(programme.pk) == 0
    assert Notification.objects.count() == 0
    programme.status = Programme.Status.ACTIVE
    programme.save()
    assert enqueue_all() == 1
