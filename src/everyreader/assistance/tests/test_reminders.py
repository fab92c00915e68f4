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


def _booking(device, reader, start, *, status="confirmed", days=5):
    from everyreader.assistance.models import DeviceBooking

    return DeviceBooking.objects.create(device=device, reader=reader, start_date=start,
                                        end_date=start + dt.timedelta(days=days), status=status)


def test_uncollected_bookings_expire_after_the_pickup_days_and_free_the_device(reader, librarian, settings):
    from everyreader.assistance.models import BookingStatus

    settings.EVERYREADER_DEVICE_PICKUP_DAYS = 2
    today = timezone.localdate()
    device = DeviceFactory()
    waited = _booking(device, reader, today - dt.timedelta(days=3))                     # 3 days: expires
    still = _booking(DeviceFactory(), reader, today - dt.timedelta(days=2))             # 2 days: waits
    unconfirmed = _booking(DeviceFactory(), reader, today - dt.timedelta(days=5), status="requested")
    short = _booking(DeviceFactory(), reader, today - dt.timedelta(days=1), days=0)     # ended yesterday
    collected = _booking(DeviceFactory(), reader, today - dt.timedelta(days=9), status="collected", days=20)

    assert device_services.expire_uncollected() == 3
    states = {b.pk: b.status for b in type(waited).objects.all()}
    assert states[waited.pk] == states[unconfirmed.pk] == states[short.pk] == BookingStatus.EXPIRED
    assert states[still.pk] == BookingStatus.CONFIRMED and states[collected.pk] == BookingStatus.COLLECTED
    told = OutboundMessage.objects.filter(reader=reader, purpose="assistance.device")
    assert told.count() == 3
    assert device_services.expire_uncollected() == 0 and told.count() == 3  # idempotent
    # The device is free again for the same days.
    from everyreader.readers.tests.factories import ReaderFactory

    device_services.device_booking_request(actor=librarian, reader=ReaderFactory(), device=device,
                                           start_date=today, end_date=today + dt.timedelta(days=2), channel="desk")


def test_the_reminder_job_expires_bookings_and_says_so_in_the_readers_language(reader):
    reader.preferred_language = "en"
    reader.save()
    _booking(DeviceFactory(model_name="Magnifier X"), reader, timezone.localdate() - dt.timedelta(days=10))
    assert reminders.run() >= 1
    message = OutboundMessage.objects.get(reader=reader, purpose="assistance.device")
    assert message.subject == "Your device booking has ended" and "Magnifier X" in message.body
