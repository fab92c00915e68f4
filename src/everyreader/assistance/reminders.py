"""The periodic reminder job: the day before, readers are reminded of their assistance booking
and of a device booking that starts, and the assigned helper gets a notification. Idempotent:
each reminder has a dedupe key, so running the job again sends nothing twice. The same job ends
device bookings nobody collected (device_services.expire_uncollected)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.assistance.models import BookingStatus, DeviceBooking, Slot, SlotBooking, SlotBookingStatus
from everyreader.messaging.services import in_language_of, message_send


def _window():
    """From now until the end of tomorrow (local time)."""
    now = timezone.now()
    tomorrow = timezone.localdate() + timedelta(days=1)
    return now, timezone.make_aware(datetime.combine(tomorrow, time.max))


def remind_slot_bookings() -> int:
    start, end = _window()
    sent = 0
    bookings = SlotBooking.objects.filter(
        status=SlotBookingStatus.BOOKED, slot__is_cancelled=False, slot__starts_at__gt=start,
        slot__starts_at__lte=end).select_related("reader", "slot__service_type", "slot__branch")
    for booking in bookings:
        slot = booking.slot
        with in_language_of(booking.reader):
            body = _("A reminder: %(service)s at %(branch)s on %(when)s%(where)s. If you cannot come, please "
                     "cancel in your account or call the library.") % {
                "service": slot.service_type.label, "branch": slot.branch.name,
                "when": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M"),
                "where": f" ({slot.location})" if slot.location else ""}
            message = message_send(reader=booking.reader, subject=_("Reminder: your assistance booking"), body=body,
                                   purpose="assistance.reminder",
                                   dedupe_key=f"assistance.booking.{booking.pk}.reminder")
        sent += message is not None
    return sent


def remind_helpers() -> int:
    """The day before, each assigned helper of a slot with bookings is reminded (once)."""
    from everyreader.assistance.slot_services import notify_helper

    start, end = _window()
    sent = 0
    slots = Slot.objects.filter(is_cancelled=False, booked__gt=0, helper__isnull=False,
                                starts_at__gt=start, starts_at__lte=end).select_related(
        "service_type", "branch", "helper__user")
    for slot in slots:
        with in_language_of(slot.helper.user):
            sent += notify_helper(slot, _("Reminder: you are helping at an assistance slot"),
                                  dedupe_key=f"assistance.slot.{slot.pk}.helper_reminder")
    return sent


def remind_device_bookings() -> int:
    tomorrow = timezone.localdate() + timedelta(days=1)
    sent = 0
    bookings = DeviceBooking.objects.filter(
        status=BookingStatus.CONFIRMED, start_date__gte=timezone.localdate(), start_date__lte=tomorrow
    ).select_related("reader", "device__item__branch")
    for booking in bookings:
        with in_language_of(booking.reader):
            message = message_send(
                reader=booking.reader, subject=_("Reminder: your device is ready"),
                body=_("%(device)s is ready for you from %(start)s at %(branch)s. Bring your library card.") % {
                    "device": booking.device.model_name, "start": booking.start_date,
                    "branch": booking.device.item.branch.name},
                purpose="assistance.reminder", dedupe_key=f"assistance.device_booking.{booking.pk}.reminder")
        sent += message is not None
    return sent


def run() -> int:
    from everyreader.assistance.device_services import expire_uncollected
    from everyreader.assistance.slot_services import generate_all_slots

    return (generate_all_slots() + remind_slot_bookings() + remind_helpers() + remind_device_bookings()
            + expire_uncollected())
