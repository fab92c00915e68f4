"""Notices: timing (due soon, overdue 1 and 2, hold ready, hold expired), idempotence (running the
job twice sends once; a renewed loan gets fresh reminders) and the reader's preferred channel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from everyreader.circulation import notices
from everyreader.circulation.models import HoldStatus
from everyreader.circulation.tests.desk_fixtures import HoldFactory, LoanFactory, due_in
from everyreader.messaging.models import MessageStatus, OutboundMessage
from everyreader.readers.models import ContactChannel
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def purposes():
    return sorted(OutboundMessage.objects.values_list("purpose", flat=True))


def test_due_soon_is_sent_inside_the_window_only(settings):
    settings.EVERYREADER_DUE_SOON_DAYS = 3
    LoanFactory(due_at=due_in(2))
    LoanFactory(due_at=due_in(10))
    assert notices.run_loan_notices() == 1
    assert purposes() == ["loan.due_soon"]


def test_due_soon_can_be_switched_off(settings):
    settings.EVERYREADER_DUE_SOON_DAYS = 0
    LoanFactory(due_at=due_in(0.5))
    assert notices.run_loan_notices() == 0
    assert not OutboundMessage.objects.exists()


def test_overdue_first_then_second(settings):
    settings.EVERYREADER_OVERDUE_SECOND_DAYS = 14
    LoanFactory(due_at=due_in(-2))
    LoanFactory(due_at=due_in(-20))
    assert notices.run_loan_notices() == 2
    assert purposes() == ["loan.overdue_1", "loan.overdue_2"]


def test_running_twice_sends_once():
    LoanFactory(due_at=due_in(1))
    LoanFactory(due_at=due_in(-3))
    HoldFactory(status=HoldStatus.READY, ready_at=timezone.now(), expires_at=due_in(7))
    first = notices.run_loan_notices() + notices.run_hold_notices()
    second = notices.run_loan_notices() + notices.run_hold_notices()
    assert (first, second) == (3, 0)
    assert OutboundMessage.objects.count() == 3


def test_a_renewed_loan_gets_a_new_reminder_for_its_new_date():
    loan = LoanFactory(due_at=due_in(1))
    notices.run_loan_notices()
    loan.due_at = due_in(-1)  # time passes past the due date
    loan.save()
    notices.run_loan_notices()
    assert purposes() == ["loan.due_soon", "loan.overdue_1"]
    loan.due_at = due_in(2) + dt.timedelta(days=28)  # renewed: a new due date, no notice yet
    loan.save()
    assert notices.run_loan_notices() == 0


def test_returned_and_anonymised_loans_get_nothing():
    LoanFactory(due_at=due_in(-2), returned_at=timezone.now())
    LoanFactory(due_at=due_in(-2), reader=None)
    assert notices.run_loan_notices() == 0
    assert not OutboundMessage.objects.exists()


def test_hold_ready_names_branch_and_date_and_expired_is_recent_only():
    ready = HoldFactory(status=HoldStatus.READY, ready_at=timezone.now(), expires_at=due_in(7))
    HoldFactory(status=HoldStatus.EXPIRED, closed_at=timezone.now() - dt.timedelta(days=1))
    HoldFactory(status=HoldStatus.EXPIRED, closed_at=timezone.now() - dt.timedelta(days=30))
    HoldFactory(status=HoldStatus.WAITING)
    assert notices.run_hold_notices() == 2
    message = OutboundMessage.objects.get(purpose="hold.ready")
    assert ready.pickup_branch.name in message.body
    assert timezone.localdate(ready.expires_at).isoformat() in message.body
    assert purposes() == ["hold.expired", "hold.ready"]


@pytest.mark.parametrize("channel, status", [
    (ContactChannel.EMAIL, MessageStatus.QUEUED),
    (ContactChannel.SMS, MessageStatus.QUEUED),
    (ContactChannel.PHONE, MessageStatus.TO_CALL),
    (ContactChannel.LARGE_PRINT_LETTER, MessageStatus.TO_PRINT),
    (ContactChannel.BRAILLE_LETTER, MessageStatus.TO_PRINT),
])
def test_each_reader_gets_the_notice_in_their_channel(channel, status):
    reader = ReaderFactory(preferred_contact=channel, address="广州市越秀区文明路1号")
    LoanFactory(reader=reader, due_at=due_in(1))
    notices.run_loan_notices()
    message = OutboundMessage.objects.get()
    assert (message.channel, message.status, message.reader) == (channel, status, reader)


def test_the_notice_is_in_the_readers_language():
    english = ReaderFactory(preferred_language="en")
    chinese = ReaderFactory(preferred_language="zh-hans")
    LoanFactory(reader=english, due_at=due_in(1), item__record__title="Book A")
    LoanFactory(reader=chinese, due_at=due_in(1), item__record__title="书乙")
    notices.run_loan_notices()
    assert OutboundMessage.objects.get(reader=english).subject == "Due soon: Book A"
    assert "书乙" in OutboundMessage.objects.get(reader=chinese).subject
    assert "Due soon" not in OutboundMessage.objects.get(reader=chinese).subject


def test_notice_jobs_are_registered():
    from everyreader.core import periodic

    names = [job.name for job in periodic.jobs()]
    assert {"circulation.notices_loans", "circulation.notices_holds", "circulation.anonymise_loans"} <= set(names)
    # auto-renewal and hold expiry run before the notices (jobs run in name order)
    assert names.index("circulation.auto_renew") < names.index("circulation.notices_loans")
    assert names.index("circulation.expire_holds") < names.index("circulation.notices_holds")


def test_loan_notices_name_the_fine_only_when_the_policy_charges_one():
    from everyreader.circulation.models import CirculationPolicy

    fined, free = ReaderFactory(preferred_language="en"), ReaderFactory(preferred_language="en")
    CirculationPolicy.objects.create(reader_category=fined.category, format="audio", fine_per_day="0.20",
                                     grace_days=3, max_fine="4.00")
    LoanFactory(reader=fined, due_at=due_in(-2), item__format="audio")
    LoanFactory(reader=free, due_at=due_in(-2), item__format="print")
    notices.run_loan_notices()
    body = OutboundMessage.objects.get(reader=fined).body
    assert "Overdue fine: 0.20 a day." in body and "within 3 days" in body and "At most 4.00" in body
    assert "fine" not in OutboundMessage.objects.get(reader=free).body.lower()
