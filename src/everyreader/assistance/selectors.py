"""Reads for devices, bookings and assistance slots (querysets with their joins)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from everyreader.assistance.models import (
    ACTIVE_BOOKING, ConditionCheck, Device, DeviceBooking, ServiceType, Slot, SlotBooking, SlotBookingStatus,
)
from everyreader.catalog.vocab import ItemStatus


def devices(*, branch_id: int | None = None, kind: str = "", status: str = "") -> QuerySet[Device]:
    qs = Device.objects.select_related("item__branch", "item__record")
    if branch_id:
        qs = qs.filter(item__branch_id=branch_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(item__status=status)
    today = timezone.localdate()
    return qs.annotate(upcoming=Count("bookings", filter=Q(bookings__status__in=ACTIVE_BOOKING,
                                                           bookings__end_date__gte=today))).order_by(
        "item__branch__name", "kind", "model_name", "pk")


def public_devices() -> QuerySet[Device]:
    """What readers see: bookable devices that are not withdrawn or missing."""
    return (Device.objects.filter(is_bookable=True)
            .exclude(item__status__in=[ItemStatus.WITHDRAWN, ItemStatus.MISSING])
            .select_related("item__branch").order_by("kind", "item__branch__name", "model_name"))


def device_detail(pk: int) -> Device:
    return Device.objects.select_related("item__branch", "item__record").get(pk=pk)


def device_bookings(device: Device) -> QuerySet[DeviceBooking]:
    return device.bookings.select_related("reader").order_by("-start_date", "-pk")


def device_checks(device: Device) -> QuerySet[ConditionCheck]:
    return device.checks.select_related("checked_by")


def bookings(*, status: str = "", branch_id: int | None = None, upcoming_only: bool = False) -> QuerySet[DeviceBooking]:
    qs = DeviceBooking.objects.select_related("device__item__branch", "reader")
    if status:
        qs = qs.filter(status=status)
    if branch_id:
        qs = qs.filter(device__item__branch_id=branch_id)
    if upcoming_only:
        qs = qs.filter(end_date__gte=timezone.localdate())
    return qs.order_by("start_date", "pk")


def condition_log(*, device_id: int | None = None) -> QuerySet[ConditionCheck]:
    qs = ConditionCheck.objects.select_related("device__item__branch", "checked_by")
    if device_id:
        qs = qs.filter(device_id=device_id)
    return qs


def safety_checks_due() -> list[Device]:
    today = timezone.localdate()
    out = []
    for device in Device.objects.exclude(item__status=ItemStatus.WITHDRAWN).select_related("item__branch"):
        last = device.last_safety_check
        if last is None or last + timedelta(days=30 * device.safety_check_months) <= today:
            out.append(device)
    return out


def reader_device_bookings(reader) -> QuerySet[DeviceBooking]:
    return reader.device_bookings.select_related("device__item__branch").order_by("-start_date", "-pk")


def service_types(*, active_only: bool = True) -> QuerySet[ServiceType]:
    qs = ServiceType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def open_slots(*, service_type_id: int | None = None, branch_id: int | None = None, reader=None) -> QuerySet[Slot]:
    """Future, not cancelled slots with places left (for booking)."""
    qs = Slot.objects.filter(is_cancelled=False, starts_at__gt=timezone.now(), service_type__is_active=True)
    qs = qs.filter(booked__lt=F("capacity"))
    if service_type_id:
        qs = qs.filter(service_type_id=service_type_id)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    if reader is not None:
        qs = qs.annotate(mine=Exists(SlotBooking.objects.filter(slot=OuterRef("pk"), reader=reader,
                                                                status=SlotBookingStatus.BOOKED)))
    return qs.select_related("service_type", "branch").order_by("starts_at", "pk")


def staff_slots(*, service_type_id: int | None = None, branch_id: int | None = None, when: str = "upcoming"
                ) -> QuerySet[Slot]:
    qs = Slot.objects.select_related("service_type", "branch")
    now = timezone.now()
    if when == "past":
        qs = qs.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(starts_at__gt=now - timedelta(hours=12)).order_by("starts_at", "pk")
    if service_type_id:
        qs = qs.filter(service_type_id=service_type_id)
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    return qs


def slot_detail(pk: int) -> Slot:
    return Slot.objects.select_related("service_type", "branch", "rule").prefetch_related(
        Prefetch("bookings", queryset=SlotBooking.objects.select_related("reader", "booked_by").order_by("pk"))
    ).get(pk=pk)


def outcomes_to_record() -> QuerySet[SlotBooking]:
    return SlotBooking.objects.filter(status=SlotBookingStatus.BOOKED, slot__starts_at__lte=timezone.now(),
                                      slot__is_cancelled=False)


def reader_slot_bookings(reader) -> QuerySet[SlotBooking]:
    return reader.assistance_bookings.select_related("slot__service_type", "slot__branch").order_by(
        "-slot__starts_at", "-pk")


def rules() -> QuerySet:
    from everyreader.assistance.models import AvailabilityRule

    return AvailabilityRule.objects.select_related("service_type", "branch").order_by(
        "-is_active", "branch__name", "weekday", "start_time")


def attention_items(user) -> list:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from everyreader.core.workspace import AttentionItem

    items = []
    if user.has_perm("assistance.change_devicebooking"):
        count = DeviceBooking.objects.filter(status="requested").count()
        if count:
            items.append(AttentionItem(_("Device booking requests to confirm"), count,
                                       reverse("assistance_staff:bookings") + "?status=requested", "warning"))
    if user.has_perm("assistance.change_slotbooking"):
        count = outcomes_to_record().count()
        if count:
            items.append(AttentionItem(_("Assistance bookings without an attendance outcome"), count,
                                       reverse("assistance_staff:slots") + "?when=past", "info"))
    return items


def item_by_barcode(barcode: str):
    from everyreader.catalog.models import Item

    return Item.objects.select_related("branch", "record").filter(barcode=(barcode or "").strip()).first()


def qualified_helpers():
    """Everyone vetted and trained today for at least one assistance skill (form choices; the
    service checks the exact skill and time)."""
    from everyreader.assistance.helpers import qualified_on_day
    from everyreader.outreach.models import Skill

    today = timezone.localdate()
    querysets = [qualified_on_day(skill=skill, day=today) for skill in Skill.values]
    ids = {pk for qs in querysets for pk in qs.values_list("pk", flat=True)}
    return querysets[0].model.objects.filter(pk__in=ids).order_by("name", "pk")
