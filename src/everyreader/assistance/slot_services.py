"""Writes for bookable assistance: service types, weekly availability and single slots, bookings
(race-safe), cancellations and the attendance outcome."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from everyreader.assistance import helpers
from everyreader.assistance.models import (
    AvailabilityRule, BookingChannel, HelperNotice, ServiceType, SKILL_CHOICES, Slot, SlotBooking, SlotBookingStatus,
)
from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.core.notifications import notify
from everyreader.core.permissions import require_perm

WEEKS_AHEAD = 4
MAX_CAPACITY = 50

BOOKING_TRANSITIONS = StateMachine({
    SlotBookingStatus.BOOKED: [SlotBookingStatus.CANCELLED, SlotBookingStatus.ATTENDED, SlotBookingStatus.NO_SHOW],
    SlotBookingStatus.ATTENDED: [SlotBookingStatus.NO_SHOW],
    SlotBookingStatus.NO_SHOW: [SlotBookingStatus.ATTENDED],
})

TYPE_FIELDS = ("label_zh_hans", "label_zh_hant", "label_en", "description_zh_hans", "description_zh_hant",
               "description_en", "skill", "duration_minutes", "is_active")


def _clean_type(data: dict) -> dict:
    for name in ("label_zh_hans", "label_zh_hant", "label_en"):
        if name in data:
            data[name] = (data[name] or "").strip()
            if not data[name]:
                raise DomainError(_("Enter the name in all three languages."), field=name)
    if "skill" in data and data["skill"] not in dict(SKILL_CHOICES):
        raise DomainError(_("Choose a skill from the list."), field="skill")
    if "duration_minutes" in data and not 10 <= (data["duration_minutes"] or 0) <= 480:
        raise DomainError(_("Enter a length between 10 and 480 minutes."), field="duration_minutes")
    return data


@transaction.atomic
def service_type_create(*, actor, code: str = "", **fields) -> ServiceType:
    require_perm(actor, "assistance.add_servicetype")
    data = _clean_type({k: v for k, v in fields.items() if k in TYPE_FIELDS})
    for name in ("label_zh_hans", "label_zh_hant", "label_en"):
        if name not in data:
            raise DomainError(_("Enter the name in all three languages."), field=name)
    code = slugify(code or data["label_en"])[:40]
    if not code:
        raise DomainError(_("Enter a code of Latin letters, digits and hyphens."), field="code")
    if ServiceType.objects.filter(code=code).exists():
        raise DomainError(_("A service with this code already exists."), field="code")
    service_type = ServiceType.objects.create(code=code, **data)
    audit.record(actor=actor, action="assistance.service_type_created", obj=service_type)
    return service_type


@transaction.atomic
def service_type_update(*, actor, service_type: ServiceType, **fields) -> ServiceType:
    require_perm(actor, "assistance.change_servicetype")
    data = _clean_type({k: v for k, v in fields.items() if k in TYPE_FIELDS})
    for name, value in data.items():
        setattr(service_type, name, value)
    service_type.save()
    audit.record(actor=actor, action="assistance.service_type_updated", obj=service_type,
                 details={"fields": sorted(data)})
    return service_type


def _check_helper(service_type: ServiceType, helper, when: datetime):
    if helper is None:
        return None
    if not service_type.skill:
        raise DomainError(_("This service is given by the staff on duty; it has no roster helper."), field="helper")
    if not helpers.eligible(helper, skill=service_type.skill, when=when):
        reasons = helpers.why_not(helper, skill=service_type.skill, day=timezone.localtime(when).date())
        raise DomainError(" ".join([*reasons, _("This person is not vetted, trained and available for this "
                                                "service at that time. Choose someone else.")]), field="helper")
    return helper


def _check_slot_fields(service_type, capacity, duration_minutes):
    if not service_type.is_active:
        raise DomainError(_("This service is not offered at the moment."), field="service_type")
    if not 1 <= (capacity or 0) <= MAX_CAPACITY:
        raise DomainError(_("Enter between 1 and %(max)s places.") % {"max": MAX_CAPACITY}, field="capacity")
    if not 10 <= (duration_minutes or 0) <= 480:
        raise DomainError(_("Enter a length between 10 and 480 minutes."), field="duration_minutes")


@transaction.atomic
def slot_create(*, actor, service_type: ServiceType, branch, starts_at: datetime, duration_minutes: int,
                capacity: int = 1, helper=None, location: str = "") -> Slot:
    require_perm(actor, "assistance.add_slot")
    _check_slot_fields(service_type, capacity, duration_minutes)
    if starts_at is None or starts_at <= timezone.now():
        raise DomainError(_("Choose a time in the future."), field="starts_at")
    person = _check_helper(service_type, helper, starts_at)
    slot = Slot.objects.create(
        service_type=service_type, branch=branch, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=duration_minutes), capacity=capacity, location=location.strip(),
        helper=person, created_by=actor)
    audit.record(actor=actor, action="assistance.slot_created", obj=slot)
    return slot


@transaction.atomic
def rule_create(*, actor, service_type: ServiceType, branch, weekday: int, start_time, duration_minutes: int,
                capacity: int = 1, helper=None, location: str = "", valid_from: date | None = None,
                valid_until: date | None = None) -> AvailabilityRule:
    """A weekly pattern; its slots for the next weeks are created at once (and kept topped up by the
    periodic job)."""
    require_perm(actor, "assistance.add_availabilityrule")
    _check_slot_fields(service_type, capacity, duration_minutes)
    if weekday not in range(7):
        raise DomainError(_("Choose a weekday."), field="weekday")
    valid_from = valid_from or timezone.localdate()
    if valid_until and valid_until < valid_from:
        raise DomainError(_("The end date must be on or after the start date."), field="valid_until")
    first = _next_weekday(max(valid_from, timezone.localdate()), weekday)
    person = _check_helper(service_type, helper, timezone.make_aware(datetime.combine(first, start_time)))
    rule = AvailabilityRule.objects.create(
        service_type=service_type, branch=branch, weekday=weekday, start_time=start_time,
        duration_minutes=duration_minutes, capacity=capacity, location=location.strip(),
        helper=person, valid_from=valid_from, valid_until=valid_until, created_by=actor)
    audit.record(actor=actor, action="assistance.rule_created", obj=rule)
    rule_generate_slots(rule=rule)
    return rule


@transaction.atomic
def rule_end(*, actor, rule: AvailabilityRule) -> AvailabilityRule:
    """Stop the pattern: no new slots; slots already created stay (cancel them one by one)."""
    require_perm(actor, "assistance.change_availabilityrule")
    rule.is_active = False
    rule.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=actor, action="assistance.rule_ended", obj=rule)
    return rule


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def rule_generate_slots(*, rule: AvailabilityRule, weeks: int = WEEKS_AHEAD) -> int:
    """Create the rule's missing slots up to `weeks` ahead. Idempotent (one slot per rule and time)."""
    if not rule.is_active:
        return 0
    today = timezone.localdate()
    day = _next_weekday(max(rule.valid_from, today), rule.weekday)
    last = today + timedelta(weeks=weeks)
    if rule.valid_until:
        last = min(last, rule.valid_until)
    person = rule.helper
    created = 0
    while day <= last:
        starts = timezone.make_aware(datetime.combine(day, rule.start_time))
        if starts > timezone.now() and not Slot.objects.filter(rule=rule, starts_at=starts).exists():
            # Someone no longer vetted, trained or available that day is not assigned: the slot
            # shows "no helper yet" in the workspace.
            still_ok = helpers.eligible(person, skill=rule.service_type.skill, when=starts)
            try:
                with transaction.atomic():
                    Slot.objects.create(
                        service_type=rule.service_type, branch=rule.branch, starts_at=starts,
                        ends_at=starts + timedelta(minutes=rule.duration_minutes), capacity=rule.capacity,
                        location=rule.location, rule=rule,
                        helper=person if still_ok else None, created_by=rule.created_by)
                created += 1
            except IntegrityError:  # another worker created it at the same moment
                pass
        day += timedelta(days=7)
    return created


def generate_all_slots() -> int:
    """Periodic job: keep every active weekly pattern's slots topped up."""
    return sum(rule_generate_slots(rule=rule)
               for rule in AvailabilityRule.objects.filter(is_active=True).select_related("service_type"))


@transaction.atomic
def slot_assign_helper(*, actor, slot: Slot, helper) -> Slot:
    require_perm(actor, "assistance.change_slot")
    slot = Slot.objects.select_for_update().select_related("service_type").get(pk=slot.pk)
    person = _check_helper(slot.service_type, helper, slot.starts_at)
    slot.helper = person
    slot.save(update_fields=["helper", "updated_at"])
    audit.record(actor=actor, action="assistance.slot_helper_assigned", obj=slot, details={"helper": slot.helper_id})
    if slot.helper_id:
        notify_helper(slot, _("You are assigned to an assistance slot"))
    return slot


@transaction.atomic
def slot_cancel(*, actor, slot: Slot, reason: str) -> Slot:
    """Cancel a slot: every reader booked on it is told, and the helper too."""
    require_perm(actor, "assistance.change_slot")
    if not (reason or "").strip():
        raise DomainError(_("Give a reason: readers will be told."), field="reason")
    slot = Slot.objects.select_for_update().select_related("service_type", "branch").get(pk=slot.pk)
    if slot.is_cancelled:
        raise DomainError(_("This slot is already cancelled."))
    if slot.starts_at <= timezone.now():
        raise DomainError(_("This slot has already started."))
    from everyreader.messaging.services import message_send

    for booking in slot.bookings.filter(status=SlotBookingStatus.BOOKED).select_related("reader"):
        booking.status = SlotBookingStatus.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
        message_send(reader=booking.reader, subject=_("Your assistance booking is cancelled"),
                     body=_("We are sorry: %(service)s on %(when)s at %(branch)s is cancelled. %(reason)s") % {
                         "service": slot.service_type.label, "when": _when(slot), "branch": slot.branch.name,
                         "reason": reason.strip()},
                     purpose="assistance.slot", dedupe_key=f"assistance.booking.{booking.pk}.slot_cancelled")
    slot.is_cancelled = True
    slot.booked = 0
    slot.save(update_fields=["is_cancelled", "booked", "updated_at"])
    if slot.helper_id:
        notify_helper(slot, _("An assistance slot you were assigned to is cancelled"))
    audit.record(actor=actor, action="assistance.slot_cancelled", obj=slot, details={"reason": reason.strip()})
    return slot


def _when(slot: Slot) -> str:
    return timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")


def notify_helper(slot: Slot, subject, dedupe_key: str | None = None) -> int:
    """Tell the assigned helper: in the staff workspace (and by e-mail) when they have a sign-in
    account, otherwise by e-mail when the roster has their address. Logged as a HelperNotice; a
    dedupe key already used sends nothing (returns 0)."""
    from django.urls import reverse

    helper = slot.helper
    if helper is None:
        return 0
    channel = "account" if helper.user_id else ("email" if helper.email else "none")
    try:
        with transaction.atomic():
            HelperNotice.objects.create(slot=slot, helper=helper, subject=str(subject)[:200], channel=channel,
                                        dedupe_key=dedupe_key)
    except IntegrityError:  # already sent, or being sent by another worker
        return 0
    body = _("%(service)s at %(branch)s, %(when)s. Places taken: %(booked)s of %(capacity)s.") % {
        "service": slot.service_type.label, "branch": slot.branch.name, "when": _when(slot),
        "booked": slot.booked, "capacity": slot.capacity}
    if channel == "account":
        notify(recipient=helper.user, subject=subject, body=body,
               url=reverse("assistance_staff:slot", args=[slot.pk]))
    elif channel == "email":
        from everyreader.assistance.tasks import email_helper

        address, subject_text = helper.email, str(subject)
        transaction.on_commit(lambda: email_helper.enqueue(address, subject_text, body))
    return 1


@transaction.atomic
def slot_book(*, actor, slot: Slot, reader, channel: str = BookingChannel.SELF, note: str = "") -> SlotBooking:
    """Take one place. The conditional UPDATE (places left, not cancelled, in the future) is atomic
    in the database, so two readers racing for the last place cannot both get it; the partial
    unique constraint stops the same reader booking one slot twice."""
    on_behalf = reader.user_id is None or reader.user_id != getattr(actor, "pk", None)
    if on_behalf:
        require_perm(actor, "assistance.book_for_reader")
    elif channel != BookingChannel.SELF:
        raise DomainError(_("Choose how the booking was made."), field="channel")
    if channel not in BookingChannel.values:
        raise DomainError(_("Choose how the booking was made."), field="channel")
    if SlotBooking.objects.filter(slot=slot, reader=reader, status=SlotBookingStatus.BOOKED).exists():
        raise DomainError(_("You have already booked this time."))
    taken = Slot.objects.filter(pk=slot.pk, is_cancelled=False, starts_at__gt=timezone.now(),
                                booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise DomainError(_("Sorry, this time is no longer available: it is full, cancelled or past. Choose "
                            "another time."), code="full")
    try:
        with transaction.atomic():
            booking = SlotBooking.objects.create(slot=slot, reader=reader, channel=channel,
                                                 note=(note or "").strip()[:300], booked_by=actor)
    except IntegrityError as error:
        raise DomainError(_("You have already booked this time.")) from error
    slot = Slot.objects.select_related("service_type", "branch").get(pk=slot.pk)
    audit.record(actor=actor, action="assistance.slot_booked", obj=booking,
                 details={"slot": slot.pk, "reader": reader.pk, "channel": channel})
    if slot.helper_id:
        notify_helper(slot, _("A reader booked your assistance slot"))
    return booking


@transaction.atomic
def booking_cancel(*, actor, booking: SlotBooking) -> SlotBooking:
    if booking.reader.user_id != getattr(actor, "pk", None):
        require_perm(actor, "assistance.change_slotbooking")
    booking = SlotBooking.objects.select_for_update().select_related("slot__service_type", "slot__branch").get(
        pk=booking.pk)
    BOOKING_TRANSITIONS.check(booking.status, SlotBookingStatus.CANCELLED, lambda s: SlotBookingStatus(s).label)
    if booking.slot.starts_at <= timezone.now():
        raise DomainError(_("This time has already started; it can no longer be cancelled."))
    booking.status = SlotBookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
    audit.record(actor=actor, action="assistance.slot_booking_cancelled", obj=booking)
    slot = booking.slot
    if slot.helper_id:
        slot.refresh_from_db(fields=["booked"])
        notify_helper(slot, _("A reader cancelled a booking for your assistance slot"))
    return booking


@transaction.atomic
def booking_record_outcome(*, actor, booking: SlotBooking, attended: bool, note: str = "") -> SlotBooking:
    require_perm(actor, "assistance.change_slotbooking")
    booking = SlotBooking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if booking.slot.starts_at > timezone.now():
        raise DomainError(_("Record attendance after the time has started."))
    target = SlotBookingStatus.ATTENDED if attended else SlotBookingStatus.NO_SHOW
    BOOKING_TRANSITIONS.check(booking.status, target, lambda s: SlotBookingStatus(s).label)
    booking.status = target
    booking.outcome_note = (note or "").strip()[:300]
    booking.save(update_fields=["status", "outcome_note", "updated_at"])
    audit.record(actor=actor, action="assistance.attendance_recorded", obj=booking, details={"attended": attended})
    return booking
