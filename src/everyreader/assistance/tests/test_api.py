import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from everyreader.assistance.models import DeviceBooking, Slot, SlotBooking
from everyreader.assistance.tests.factories import DeviceFactory, SlotFactory
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _day(n):
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def test_reader_books_a_slot_and_a_device_for_themselves(client, reader):
    slot = SlotFactory(capacity=1)
    device = DeviceFactory()
    client.force_login(reader.user)
    response = client.post(reverse("assistance-slot-booking-list"), {"slot": slot.pk, "note": "读报"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "booked"
    response = client.post(reverse("assistance-device-booking-list"),
                           {"device": device.pk, "start_date": _day(1), "end_date": _day(4)},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "requested"
    assert SlotBooking.objects.get().reader == reader and DeviceBooking.objects.get().reader == reader


def test_reader_cannot_book_for_another_card(client, reader):
    client.force_login(reader.user)
    other = ReaderFactory()
    response = client.post(reverse("assistance-slot-booking-list"),
                           {"slot": SlotFactory().pk, "card_number": other.card_number},
                           content_type="application/json")
    assert response.status_code == 403 and not SlotBooking.objects.exists()


def test_staff_books_by_card_and_errors_use_the_standard_format(client, librarian):
    slot = SlotFactory(capacity=1)
    client.force_login(librarian)
    someone = ReaderFactory()
    response = client.post(reverse("assistance-slot-booking-list"),
                           {"slot": slot.pk, "card_number": someone.card_number, "channel": "phone"},
                           content_type="application/json")
    assert response.status_code == 201
    response = client.post(reverse("assistance-slot-booking-list"),
                           {"slot": slot.pk, "card_number": ReaderFactory().card_number},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert Slot.objects.get(pk=slot.pk).booked == 1
    response = client.post(reverse("assistance-slot-booking-list"), {"slot": slot.pk},
                           content_type="application/json")
    assert response.status_code == 400 and "card_number" in response.json()["error"]["fields"]


@pytest.mark.parametrize("payload", [{"device": 999999, "start_date": "2030-01-01", "end_date": "2030-01-02"},
                                     {"start_date": "x", "end_date": "y"}, {}])
def test_device_booking_bad_input(client, reader, payload):
    client.force_login(reader.user)
    if "device" not in payload and payload:
        payload["device"] = DeviceFactory().pk
    response = client.post(reverse("assistance-device-booking-list"), payload, content_type="application/json")
    assert response.status_code == 400 and not DeviceBooking.objects.exists()


def test_reader_cancels_own_device_booking(client, reader):
    client.force_login(reader.user)
    created = client.post(reverse("assistance-device-booking-list"),
                          {"device": DeviceFactory().pk, "start_date": _day(1), "end_date": _day(2)},
                          content_type="application/json").json()
    response = client.post(reverse("assistance-device-booking-cancel", args=[created["id"]]))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = client.post(reverse("assistance-device-booking-cancel", args=[created["id"]]))
    assert again.status_code == 400


def test_readers_see_only_free_slots(client, reader):
    open_slot = SlotFactory(capacity=1)
    full = SlotFactory(capacity=1)
    Slot.objects.filter(pk=full.pk).update(booked=1)
    client.force_login(reader.user)
    ids = [s["id"] for s in client.get(reverse("assistance-slot-list")).json()["results"]]
    assert open_slot.pk in ids and full.pk not in ids
