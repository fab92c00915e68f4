"""Every role x every devices-and-assistance page and API endpoint."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from everyreader.assistance.models import DeviceBooking, SlotBooking
from everyreader.assistance.tests.factories import DeviceFactory, SlotFactory
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "librarian", "department_head", "programme_manager", "administrator"]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
DESK = {"librarian", "department_head", "programme_manager"}
PLANNERS = {"department_head", "programme_manager"}
DEVICE_VIEW = DESK | {"administrator"}
DEVICE_EDIT = PLANNERS | {"administrator"}
CONFIGURE = {"programme_manager", "administrator"}


@pytest.fixture
def objects(db):
    device = DeviceFactory()
    slot = SlotFactory(capacity=2)
    service = slot.service_type
    return device, slot, service


def pages(device, slot, service):
    return [
        (reverse("assistance:index"), EVERYONE),
        (reverse("assistance:times"), EVERYONE),
        (reverse("assistance:mine"), SIGNED_IN),
        (reverse("assistance:book_slot", args=[slot.pk]), SIGNED_IN),
        (reverse("assistance:book_device", args=[device.pk]), SIGNED_IN),
        (reverse("assistance_staff:devices"), DEVICE_VIEW),
        (reverse("assistance_staff:device", args=[device.pk]), DEVICE_VIEW),
        (reverse("assistance_staff:device_create"), DEVICE_EDIT),
        (reverse("assistance_staff:device_edit", args=[device.pk]), DEVICE_EDIT),
        (reverse("assistance_staff:device_checkin", args=[device.pk]), DESK),
        (reverse("assistance_staff:device_safety", args=[device.pk]), DESK),
        (reverse("assistance_staff:device_repaired", args=[device.pk]), DESK),
        (reverse("assistance_staff:device_book", args=[device.pk]), DESK),
        (reverse("assistance_staff:bookings"), DESK),
        (reverse("assistance_staff:checks"), DESK),
        (reverse("assistance_staff:slots"), DESK),
        (reverse("assistance_staff:slot", args=[slot.pk]), DESK),
        (reverse("assistance_staff:slot_book", args=[slot.pk]), DESK),
        (reverse("assistance_staff:slot_create"), PLANNERS),
        (reverse("assistance_staff:rule_create"), PLANNERS),
        (reverse("assistance_staff:slot_cancel", args=[slot.pk]), PLANNERS),
        (reverse("assistance_staff:slot_helper", args=[slot.pk]), PLANNERS),
        (reverse("assistance_staff:services"), DESK | CONFIGURE),
        (reverse("assistance_staff:service_create"), CONFIGURE),
        (reverse("assistance_staff:service_update", args=[service.pk]), CONFIGURE),
    ]


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(role, client, client_as, objects):
    c = _client(role, client, client_as)
    for url, allowed in pages(*objects):
        status = c.get(url).status_code
        if role in allowed:
            assert status == 200, (role, url, status)
        elif role == "anonymous":
            assert status == 302, (role, url, status)
        else:
            assert status == 403, (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_staff_writes_are_refused_without_permission(role, client, client_as, objects):
    device, slot, service = objects
    c = _client(role, client, client_as)
    someone = ReaderFactory()
    c.post(reverse("assistance_staff:slot_book", args=[slot.pk]),
           {"card_number": someone.card_number, "channel": "desk"})
    assert SlotBooking.objects.filter(reader=someone).exists() == (role in DESK)
    start = timezone.localdate() + dt.timedelta(days=2)
    c.post(reverse("assistance_staff:device_book", args=[device.pk]),
           {"card_number": someone.card_number, "channel": "phone", "start_date": start,
            "end_date": start + dt.timedelta(days=3)})
    assert DeviceBooking.objects.filter(reader=someone).exists() == (role in DESK)
    c.post(reverse("assistance_staff:slot_cancel", args=[slot.pk]), {"reason": "测试"})
    slot.refresh_from_db()
    assert slot.is_cancelled == (role in PLANNERS)
    c.post(reverse("assistance_staff:service_update", args=[service.pk]),
           {"label_zh_hans": "改", "label_zh_hant": "改", "label_en": "Changed", "skill": service.skill,
            "duration_minutes": 45, "is_active": "on"})
    service.refresh_from_db()
    assert (service.label_en == "Changed") == (role in CONFIGURE)


def _api(role, client, client_as):
    return _client(role, client, client_as)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(role, client, client_as, objects):
    device, slot, service = objects
    c = _api(role, client, client_as)
    for name in ("assistance-device-list", "assistance-service-list", "assistance-slot-list",
                 "assistance-device-booking-list", "assistance-slot-booking-list"):
        status = c.get(reverse(name)).status_code
        assert status == (200 if role != "anonymous" else 403), (role, name, status)
    staff_view = c.get(reverse("assistance-device-detail", args=[device.pk]))
    if role in DEVICE_VIEW:
        assert "serial_number" in staff_view.json()
    elif role != "anonymous":
        assert "serial_number" not in staff_view.json()


@pytest.mark.parametrize("role", ["reader", "librarian"])
def test_api_bookings_are_own_unless_staff(role, client, client_as, objects, make_user):
    device, slot, service = objects
    other = ReaderFactory(user=make_user("reader"))
    from everyreader.assistance import slot_services

    booking = slot_services.slot_book(actor=other.user, slot=slot, reader=other)
    c = client_as(role)
    rows = c.get(reverse("assistance-slot-booking-list")).json()
    ids = [r["id"] for r in rows.get("results", rows)] if isinstance(rows, dict) else [r["id"] for r in rows]
    assert (booking.pk in ids) == (role == "librarian")
    response = c.post(reverse("assistance-slot-booking-cancel", args=[booking.pk]))
    booking.refresh_from_db()
    if role == "reader":
        assert response.status_code == 404 and booking.status == "booked"
    else:
        assert response.status_code == 200 and booking.status == "cancelled"
