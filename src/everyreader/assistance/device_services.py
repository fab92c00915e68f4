"""Writes for assistive devices: details, bookings for a date range, lending through circulation,
and the condition check at every return (which can send a device to repair)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.assistance import lending
from everyreader.assistance.models import (
    ACTIVE_BOOKING, BookingChannel, BookingStatus, CheckOutcome, Condition, ConditionCheck, Device, DeviceBooking,
    DeviceKind, GuideFormat,
)
from everyreader.catalog.vocab import Format, ItemStatus
from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.core.permissions import require_perm

MAX_BOOKING_DAYS = 42
MAX_DAYS_AHEAD = 180

BOOKING_TRANSITIONS = StateMachine({
    BookingStatus.REQUESTED: [BookingStatus.CONFIRMED, BookingStatus.DECLINED, BookingStatus.CANCELLED,
                              BookingStatus.COLLECTED, BookingStatus.EXPIRED],
    BookingStatus.CONFIRMED: [BookingStatus.COLLECTED, BookingStatus.CANCELLED, BookingStatus.EXPIRED],
    BookingStatus.COLLECTED: [BookingStatus.DONE],
})

DEVICE_FIELDS = ("kind", "model_name", "serial_number", "purpose", "accessories", "needs_charging",
                 "last_safety_check", "safety_check_months", "guide_formats", "guide_url", "is_bookable")


def _clean_device(data: dict, *, exclude_pk=None) -> dict:
    if "kind" in data and data["kind"] not in DeviceKind.values:
        raise DomainError(_("Choose a kind of device from the list."), field="kind")
    for name, message in (("model_name", _("Enter the make and model.")),
                          ("serial_number", _("Enter the serial number.")),
                          ("purpose", _("Say in plain words what the device does."))):
        if name in data:
            data[name] = (data[name] or "").strip()
            if not data[name]:
                raise DomainError(message, field=name)
    if "serial_number" in data:
        clash = Device.objects.filter(serial_number=data["serial_number"]).exclude(pk=exclude_pk)
        if clash.exists():
            raise DomainError(_("Another device has this serial number."), field="serial_number")
    if "accessories" in data:
        data["accessories"] = [a.strip() for a in data["accessories"] or [] if a and a.strip()]
    if "guide_formats" in data:
        unknown = set(data["guide_formats"] or []) - set(GuideFormat.values)
        if unknown:
            raise DomainError(_("Choose user guide formats from the list."), field="guide_formats")
    if data.get("last_safety_check") and data["last_safety_check"] > timezone.localdate():
        raise DomainError(_("The safety check date cannot be in the future."), field="last_safety_check")
    return data


@transaction.atomic
def device_register(*, actor, item, **fields) -> Device:
    """Add device details to a catalogue item whose format is "device"."""
    require_perm(actor, "assistance.add_device")
    if item.format != Format.DEVICE:
        raise DomainError(_("Only catalogue items with the format “assistive device” can be registered."),
                          field="barcode")
    if Device.objects.filter(item=item).exists():
        raise DomainError(_("This item is already registered as a device."), field="barcode")
    data = _clean_device({k: v for k, v in fields.items() if k in DEVICE_FIELDS})
    for name in ("kind", "model_name", "serial_number", "purpose"):
        if name not in data:
            raise DomainError(_("This field is required."), field=name)
    device = Device.objects.create(item=item, **data)
    audit.record(actor=actor, action="assistance.device_registered", obj=device, details={"item": item.pk})
    return device


@transaction.atomic
def device_update(*, actor, device: Device, **fields) -> Device:
    require_perm(actor, "assistance.change_device")
    data = _clean_device({k: v for k, v in fields.items() if k in DEVICE_FIELDS}, exclude_pk=device.pk)
    changed = [name for name, value in data.items() if getattr(device, name) != value]
    for name in changed:
        setattr(device, name, data[name])
    if changed:
        device.save()
        audit.record(actor=actor, action="assistance.device_updated", obj=device, details={"fields": changed})
    return device


def _lock(device: Device) -> None:
    """Take the device row's write lock (PostgreSQL row lock, SQLite write lock) before checking
    overlaps, so that two bookings for the same dates are serialised: the second sees the first."""
    Device.objects.filter(pk=device.pk).update(updated_at=timezone.now())


def overlapping(device: Device, start: date, end: date, *, exclude_pk=None):
    return DeviceBooking.objects.filter(device=device, status__in=ACTIVE_BOOKING, start_date__lte=end,
                                        end_date__gte=start).exclude(pk=exclude_pk)


def _check_dates(start: date | None, end: date | None) -> None:
    today = timezone.localdate()
    if start is None:
        raise DomainError(_("Enter the date you want the device from."), field="start_date")
    if end is None:
        raise DomainError(_("Enter the date you will bring the device back."), field="end_date")
    if start < today:
        raise DomainError(_("The start date cannot be in the past."), field="start_date")
    if start > today + timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError(_("Devices can be booked up to %(days)s days ahead.") % {"days": MAX_DAYS_AHEAD},
                          field="start_date")
    if end < start:
        raise DomainError(_("The return date must be on or after the start date."), field="end_date")
    if (end - start).days + 1 > MAX_BOOKING_DAYS:
        raise DomainError(_("A device can be booked for at most %(days)s days.") % {"days": MAX_BOOKING_DAYS},
                          field="end_date")


@transaction.atomic
def device_booking_request(*, actor, reader, device: Device, start_date: date | None, end_date: date | None,
                           channel: str = BookingChannel.SELF, note: str = "") -> DeviceBooking:
    """A reader (or staff for them) asks for a device from a date. Staff bookings are confirmed at once."""
    on_behalf = reader.user_id is None or reader.user_id != getattr(actor, "pk", None)
    if on_behalf:
        require_perm(actor, "assistance.book_for_reader")
    elif channel != BookingChannel.SELF:
        raise DomainError(_("Choose how the booking was made."), field="channel")
    if channel not in BookingChannel.values:
        raise DomainError(_("Choose how the booking was made."), field="channel")
    _check_dates(start_date, end_date)
    device = Device.objects.select_related("item").get(pk=device.pk)
    if not device.is_bookable or device.item.status in (ItemStatus.WITHDRAWN, ItemStatus.MISSING):
        raise DomainError(_("This device cannot be booked."), field="device")
    _lock(device)
    if overlapping(device, start_date, end_date).exists():
        raise DomainError(_("This device is already booked for some of these days. Choose other dates or "
                            "another device."), field="start_date")
    if DeviceBooking.objects.filter(reader=reader, status__in=ACTIVE_BOOKING, device__kind=device.kind,
                                    start_date__lte=end_date, end_date__gte=start_date).exists():
        raise DomainError(_("You already have a booking for this kind of device on these days."),
                          field="start_date")
    booking = DeviceBooking.objects.create(
        device=device, reader=reader, start_date=start_date, end_date=end_date, channel=channel,
        note=(note or "").strip()[:300], created_by=actor if getattr(actor, "pk", None) else None,
        status=BookingStatus.CONFIRMED if on_behalf else BookingStatus.REQUESTED)
    audit.record(actor=actor, action="assistance.device_booked", obj=booking,
                 details={"device": device.pk, "reader": reader.pk, "from": str(start_date), "until": str(end_date)})
    return booking


def _move(booking: DeviceBooking, target: str) -> DeviceBooking:
    booking = DeviceBooking.objects.select_for_update().select_related("device__item", "reader").get(pk=booking.pk)
    BOOKING_TRANSITIONS.check(booking.status, target, lambda s: BookingStatus(s).label)
    booking.status = target
    return booking


@transaction.atomic
def device_booking_confirm(*, actor, booking: DeviceBooking) -> DeviceBooking:
    require_perm(actor, "assistance.change_devicebooking")
    booking = _move(booking, BookingStatus.CONFIRMED)
    booking.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="assistance.device_booking_confirmed", obj=booking)
    _tell_reader(booking, _("Your device booking is confirmed"),
                 _("%(device)s is ready for you from %(start)s at %(branch)s."))
    return booking


@transaction.atomic
def device_booking_decline(*, actor, booking: DeviceBooking, reason: str) -> DeviceBooking:
    require_perm(actor, "assistance.change_devicebooking")
    if not (reason or "").strip():
        raise DomainError(_("Tell the reader why the booking cannot go ahead."), field="reason")
    booking = _move(booking, BookingStatus.DECLINED)
    booking.note = reason.strip()[:300]
    booking.save(update_fields=["status", "note", "updated_at"])
    audit.record(actor=actor, action="assistance.device_booking_declined", obj=booking)
    _tell_reader(booking, _("Your device booking cannot go ahead"),
                 _("We are sorry: %(device)s is not available from %(start)s. "), extra=booking.note)
    return booking


@transaction.atomic
def device_booking_cancel(*, actor, booking: DeviceBooking) -> DeviceBooking:
    """The reader cancels their own booking, or staff cancel it for them."""
    if booking.reader.user_id != getattr(actor, "pk", None):
        require_perm(actor, "assistance.change_devicebooking")
    booking = _move(booking, BookingStatus.CANCELLED)
    booking.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="assistance.device_booking_cancelled", obj=booking)
    return booking


@transaction.atomic
def device_booking_collect(*, actor, booking: DeviceBooking, branch=None) -> DeviceBooking:
    """The reader collects the device: lend it through circulation (channel "device")."""
    require_perm(actor, "assistance.change_devicebooking")
    booking = _move(booking, BookingStatus.COLLECTED)
    if booking.start_date > timezone.localdate():
        raise DomainError(_("This booking starts on %(date)s; the device cannot be lent before then.")
                          % {"date": booking.start_date})
    loan = lending.lend(actor=actor, item=booking.device.item, reader=booking.reader,
                        branch=branch or booking.device.item.branch)
    booking.loan_id = getattr(loan, "pk", None)
    booking.save(update_fields=["status", "loan_id", "updated_at"])
    audit.record(actor=actor, action="assistance.device_collected", obj=booking, details={"loan": booking.loan_id})
    return booking


def pickup_days() -> int:
    """Days after its start date a booked device waits to be collected (EVERYREADER_DEVICE_PICKUP_DAYS)."""
    return max(0, int(getattr(settings, "EVERYREADER_DEVICE_PICKUP_DAYS", 2)))


def expire_uncollected(*, today: date | None = None) -> int:
    """Periodic: end the bookings nobody collected, so the device is free for other readers. A
    booking expires once its pickup days after the start date have passed (or its end date has),
    and the reader is told. Idempotent: an expired booking is never touched again."""
    from everyreader.messaging.services import in_language_of

    today = today or timezone.localdate()
    cutoff = today - timedelta(days=pickup_days())
    due = DeviceBooking.objects.filter(status__in=[BookingStatus.REQUESTED, BookingStatus.CONFIRMED]).filter(
        Q(start_date__lt=cutoff) | Q(end_date__lt=today))
    expired = 0
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            booking = (DeviceBooking.objects.select_for_update().select_related("device__item__branch", "reader")
                       .filter(pk=pk, status__in=[BookingStatus.REQUESTED, BookingStatus.CONFIRMED]).first())
            if booking is None:  # collected or cancelled meanwhile
                continue
            unconfirmed = booking.status == BookingStatus.REQUESTED
            booking.status = BookingStatus.EXPIRED
            booking.save(update_fields=["status", "updated_at"])
            audit.record(actor=None, action="assistance.device_booking_expired", obj=booking,
                         details={"was_confirmed": not unconfirmed})
            with in_language_of(booking.reader):
                if unconfirmed:
                    _tell_reader(booking, _("Your device booking has lapsed"),
                                 _("We are sorry: we did not confirm your booking of %(device)s from %(start)s in "
                                   "time. Please book again or call us, and we will find you a device."))
                else:
                    _tell_reader(booking, _("Your device booking has ended"),
                                 _("%(device)s waited for you at %(branch)s from %(start)s but was not collected, "
                                   "so it is now free for other readers. Book again whenever you need it."))
            expired += 1
    return expired


def _tell_reader(booking: DeviceBooking, subject, body, extra: str = "") -> None:
    from everyreader.messaging.services import message_send

    text = str(body) % {"device": booking.device.model_name, "start": booking.start_date,
                        "branch": booking.device.item.branch.name} + extra
    message_send(reader=booking.reader, subject=str(subject), body=text, purpose="assistance.device",
                 dedupe_key=f"assistance.device_booking.{booking.pk}.{booking.status}")


@transaction.atomic
def device_check_in(*, actor, device: Device, missing_accessories: list[str], charged: bool | None,
                    outcome: str, note: str = "", branch=None) -> ConditionCheck:
    """Return from loan: check accessories, charge and condition; a device that needs repair goes
    to repair (item status "being repaired") instead of back on the shelf."""
    require_perm(actor, "assistance.add_conditioncheck")
    device = Device.objects.select_related("item").get(pk=device.pk)
    if outcome not in CheckOutcome.values:
        raise DomainError(_("Choose what happens to the device next."), field="outcome")
    unknown = set(missing_accessories or []) - set(device.accessories)
    if unknown:
        raise DomainError(_("Tick only accessories from the device's list."), field="missing_accessories")
    if device.needs_charging and charged is None:
        raise DomainError(_("Say whether the battery was checked and charged."), field="charged")
    if outcome == CheckOutcome.REPAIR and not (note or "").strip():
        raise DomainError(_("Describe the fault for the repair."), field="note")
    if device.item.status != ItemStatus.ON_LOAN:
        raise DomainError(_("This device is not on loan, so it cannot be checked in."))
    lending.give_back(actor=actor, item=device.item, branch=branch or device.item.branch)
    check = _record_check(actor, device, ConditionCheck.Occasion.RETURN, missing_accessories, charged, outcome, note)
    for booking in DeviceBooking.objects.select_for_update().filter(device=device, status=BookingStatus.COLLECTED):
        booking.status = BookingStatus.DONE
        booking.save(update_fields=["status", "updated_at"])
    return check


def _record_check(actor, device, occasion, missing, charged, outcome, note) -> ConditionCheck:
    check = ConditionCheck.objects.create(device=device, occasion=occasion, checked_by=actor,
                                          missing_accessories=list(missing or []), charged=charged,
                                          outcome=outcome, note=(note or "").strip()[:500])
    device.condition = Condition.NEEDS_REPAIR if outcome == CheckOutcome.REPAIR else (
        Condition.WORN if missing else Condition.GOOD)
    device.save(update_fields=["condition", "updated_at"])
    if outcome == CheckOutcome.REPAIR:
        lending.send_to_repair(actor=actor, item=device.item)
    audit.record(actor=actor, action="assistance.device_checked", obj=device,
                 details={"occasion": occasion, "outcome": outcome, "missing": list(missing or [])})
    return check


@transaction.atomic
def device_back_from_repair(*, actor, device: Device, note: str = "") -> ConditionCheck:
    require_perm(actor, "assistance.add_conditioncheck")
    device = Device.objects.select_related("item").get(pk=device.pk)
    if device.item.status != ItemStatus.IN_REPAIR:
        raise DomainError(_("This device is not being repaired."))
    lending.back_from_repair(actor=actor, item=device.item)
    check = _record_check(actor, device, ConditionCheck.Occasion.REPAIRED, [], None, CheckOutcome.OK, note)
    return check


@transaction.atomic
def device_safety_check(*, actor, device: Device, passed: bool, note: str = "") -> ConditionCheck:
    require_perm(actor, "assistance.add_conditioncheck")
    device = Device.objects.select_related("item").get(pk=device.pk)
    if not passed and not (note or "").strip():
        raise DomainError(_("Describe the fault for the repair."), field="note")
    if device.item.status != ItemStatus.AVAILABLE:
        raise DomainError(_("Do the safety check while the device is on the shelf (checked in, not in repair)."))
    outcome = CheckOutcome.OK if passed else CheckOutcome.REPAIR
    check = _record_check(actor, device, ConditionCheck.Occasion.SAFETY, [], None, outcome, note)
    if passed:
        device.last_safety_check = timezone.localdate()
        device.save(update_fields=["last_safety_check", "updated_at"])
    return check


def reader_owns(user, booking) -> bool:
    return booking.reader.user_id is not None and booking.reader.user_id == user.pk


def ensure_may_see(user, booking) -> None:
    if not reader_owns(user, booking) and not user.has_perm("assistance.view_devicebooking"):
        raise PermissionDenied
