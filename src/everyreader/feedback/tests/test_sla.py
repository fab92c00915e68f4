"""Reminders before the due date, escalation to the head and then the programme manager."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from everyreader.core.models import Notification
from everyreader.feedback import services
from everyreader.feedback.models import EventType, FeedbackItem, ServiceTarget
from everyreader.feedback.sla import run_sla

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 16)


@pytest.fixture
def item(org, submit):
    ServiceTarget.objects.update_or_create(kind="complaint", severity="medium",
                                           defaults={"acknowledge_days": 1, "resolve_days": 5})
    received = timezone.make_aware(datetime(2026, 11, 16, 10, 0))
    created = submit(received_at=received)
    assert created.due_date == date(2026, 11, 23)  # Mon + 5 opening days (Mon–Fri branch) = next Mon
    return services.item_assign(actor=org.head, item=created, handler=org.handler)


def escalations(item):
    return list(item.events.filter(event=EventType.ESCALATED).values_list("level", "target_user__username"))


def test_nothing_happens_well_before_the_due_date(item):
    assert run_sla(today=date(2026, 11, 18)) == 0
    assert not item.events.filter(event__in=[EventType.REMINDED, EventType.ESCALATED]).exists()


def test_reminder_on_the_last_working_day_before_due_only_once(item, org):
    friday = date(2026, 11, 20)  # the opening day before Monday's due date
    assert run_sla(today=friday) == 1
    assert run_sla(today=friday) == 0
    assert run_sla(today=date(2026, 11, 23)) == 0  # same due date: no second reminder
    assert Notification.objects.filter(recipient=org.handler, dedupe_key__contains="remind").count() == 1
    assert item.events.filter(event=EventType.REMINDED).count() == 1


def test_reminder_goes_to_head_when_unassigned(org, submit):
    received = timezone.make_aware(datetime(2026, 11, 16, 10, 0))
    submit(received_at=received, kind="question")  # question/medium: default target seeded 1/3
    due = FeedbackItem.objects.get().due_date
    run_sla(today=due)
    assert Notification.objects.filter(recipient=org.head, dedupe_key__contains="remind").exists()


def test_escalates_to_head_the_day_after_due_then_manager(item, org):
    assert run_sla(today=date(2026, 11, 24)) == 1  # Tuesday: 1 opening day late
    assert escalations(item) == [(1, "head")]
    assert run_sla(today=date(2026, 11, 24)) == 0  # idempotent
    assert run_sla(today=date(2026, 11, 25)) == 1  # 2 opening days late: programme manager
    assert escalations(item) == [(1, "head"), (2, "manager")]
    assert run_sla(today=date(2026, 11, 30)) == 0
    item.refresh_from_db()
    assert item.escalation_level == 2
    assert Notification.objects.filter(recipient=org.manager, dedupe_key__contains="escalate:2").count() == 1


def test_closed_days_do_not_count_towards_manager_escalation(org, submit):
    org.branch.opening_days = [1, 3]  # Tuesday and Thursday only
    org.branch.save()
    received = timezone.make_aware(datetime(2026, 11, 17, 10, 0))  # Tuesday
    item = submit(received_at=received, kind="question", severity="high")  # 1 opening day: Thursday
    assert item.due_date == date(2026, 11, 19)
    run_sla(today=date(2026, 11, 20))  # Friday: late, but no opening day has passed since Thursday
    run_sla(today=date(2026, 11, 23))  # Monday: still 0 opening days late... Tue is the first
    assert escalations(item) == [(1, "head")]
    run_sla(today=date(2026, 11, 26))  # Thursday: Tue and Thu have passed
    assert escalations(item)[-1] == (2, "manager")


def test_responded_items_are_not_escalated(item, org):
    services.item_respond(actor=org.handler, item=item, response="已答复")
    assert run_sla(today=date(2026, 12, 31)) == 0
    assert escalations(item) == []


def test_reopened_item_escalates_again_for_its_new_due_date(item, org):
    run_sla(today=date(2026, 11, 24))
    services.item_respond(actor=org.handler, item=item, response="已答复")
    reopened = services.item_reopen(actor=org.head, item=item, reason="没解决")
    assert reopened.escalation_level == 0
    later = date(2027, 1, 29)
    assert run_sla(today=later) == 2
    assert [level for level, _name in escalations(item)] == [1, 1, 2]
