import datetime as dt

import pytest
from django.utils import timezone

from everyreader.assistance import device_services, reminders, slot_services
from everyreader.assistance.models import HelperNotice, Slot
from everyreader.assistance.tests.factories import DeviceFactory, SlotFactory
from everyreader.core import periodic
from everyreader.core.models import Notification
from everyreader.messaging.models import OutboundMessage
from everyreader.outreach.models import Skill
from everyreader.outreach.tests.factories import qualified_member

pytestmark = pytest.mark.django_db


def _tomorrow(hour=10):
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_job_is_registered():
    assert "assistance.reminders" in [job.name for job in periodic.jobs()]


def test_day_before_reminders_are_sent_once(reader, make_user, librarian):
    helper = qualified_member(skill=Skill.READING_ALOUD, user=make_user("librarian"))
    soon = SlotFactory(capacity=2, helper=helper, starts_at=_tomorrow(), ends_at=_tomorrow(11))
    later = SlotFactory(capacity=2, starts_at=_tomorrow() + dt.timedelta(days=3),
                        ends_at=_tomorrow(11) + dt.timedelta(days=3))
    slot_services.slot_book(actor=reader.user, slot=soon, reader=reader)
    slot_services.slot_book(actor=reader.user, slot=later, reader=reader)
    device_services.device_booking_request(actor=librarian, reader=reader, device=DeviceFactory(),
                                           start_date=timezone.localdate() + dt.timedelta(days=1),
                                           end_date=timezone.localdate() + dt.timedelta(days=5), channel="desk")
    booked_notes = Notification.objects.filter(recipient=helper.user).count()

    assert reminders.run() == 3
    reminder_purpose = OutboundMessage.objects.filter(reader=reader, purpose="assistance.reminder")
    assert reminder_purpose.count() == 2  # the slot tomorrow and the device from tomorrow
    assert HelperNotice.objects.filter(dedupe_key=f"assistance.slot.{soon.pk}.helper_reminder").count() == 1
    assert Notification.objects.filter(recipient=helper.user).count() == booked_notes + 1

    assert reminders.run() == 0
    assert reminder_purpose.count() == 2
    assert Notification.objects.filter(recipient=helper.user).count() == booked_notes + 1


def test_cancelled_bookings_and_slots_get_no_reminder(reader, head):
    slot = SlotFactory(capacity=2, starts_at=_tomorrow(), ends_at=_tomorrow(11))
    booking = slot_services.slot_book(actor=reader.user, slot=slot, reader=reader)
    slot_services.booking_cancel(actor=reader.user, booking=booking)
    other = SlotFactory(capacity=2, starts_at=_tomorrow(15), ends_at=_tomorrow(16))
    slot_services.slot_book(actor=reader.user, slot=other, reader=reader)
    slot_services.slot_cancel(actor=head, slot=other, reason="闭馆")
    reminders.run()
    assert not OutboundMessage.objects.filter(purpose="assistance.reminder").exists()


def test_reminder_is_in_the_readers_language(reader):
    reader.preferred_language = "en"
    reader.save()
    slot = SlotFactory(capacity=1, starts_at=_tomorrow(), ends_at=_tomorrow(11))
    slot_services.slot_book(actor=reader.user, slot=slot, reader=reader)
    reminders.remind_slot_bookings()
    assert OutboundMessage.objects.get(purpose="assistance.reminder").subject.startswith("Reminder")


def test_job_tops_up_weekly_slots(head):
    from everyreader.assistance.models import AvailabilityRule
    from everyreader.assistance.tests.factories import service_type

    rule = AvailabilityRule.objects.create(service_type=service_type("escort"), branch=SlotFactory().branch,
                                           weekday=2, start_time=dt.time(9), duration_minutes=30, capacity=1,
                                           valid_from=timezone.localdate())
    created = reminders.run()
    assert created == Slot.objects.filter(rule=rule).count() >= 4
    assert reminders.run() == 0
