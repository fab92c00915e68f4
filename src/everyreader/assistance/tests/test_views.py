"""Reader and staff pages: booking flows through the forms, bad input, query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from everyreader.assistance import slot_services
from everyreader.assistance.models import (
    BookingStatus, ConditionCheck, DeviceBooking, ServiceType, Slot, SlotBooking, SlotBookingStatus,
)
from everyreader.assistance.tests.factories import DeviceFactory, SlotFactory
from everyreader.catalog.vocab import ItemStatus
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _said(response, msgid: str) -> bool:
    """The message appears in the page, in whichever language it was rendered."""
    from django.utils import translation
    from django.utils.html import escape

    text = response.content.decode()
    versions = {msgid}
    for language in ("zh-hans", "zh-hant", "en"):
        with translation.override(language):
            versions.add(translation.gettext(msgid))
    return any(escape(v) in text or v in text for v in versions)


def _day(n):
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def test_public_index_lists_devices_in_plain_language(client, django_assert_max_num_queries):
    for _ in range(6):
        DeviceFactory()
    DeviceFactory(item__status=ItemStatus.WITHDRAWN, model_name="报废的机器")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("assistance:index"))
    text = response.content.decode()
    assert "把书上的字放大到屏幕上" in text and "报废的机器" not in text


def test_reader_books_a_time_and_cancels(client, reader):
    slot = SlotFactory(capacity=1)
    client.force_login(reader.user)
    response = client.post(reverse("assistance:book_slot", args=[slot.pk]), {"note": "读报"})
    assert response.status_code == 302
    booking = SlotBooking.objects.get(reader=reader)
    assert booking.note == "读报"
    mine = client.get(reverse("assistance:mine")).content.decode()
    assert slot.service_type.label in mine
    client.post(reverse("assistance:cancel", args=["slot", booking.pk]))
    booking.refresh_from_db()
    assert booking.status == SlotBookingStatus.CANCELLED


def test_full_time_shows_a_clear_error(client, reader, make_user):
    slot = SlotFactory(capacity=1)
    other = ReaderFactory(user=make_user("reader"))
    slot_services.slot_book(actor=other.user, slot=slot, reader=other)
    client.force_login(reader.user)
    response = client.post(reverse("assistance:book_slot", args=[slot.pk]), {"note": ""})
    assert response.status_code == 200 and _said(response, "Sorry, this time is no longer available: it is full, "
                                                          "cancelled or past. Choose another time.")
    assert not SlotBooking.objects.filter(reader=reader).exists()


def test_reader_cannot_cancel_someone_elses_booking(client, reader, make_user):
    other = ReaderFactory(user=make_user("reader"))
    booking = slot_services.slot_book(actor=other.user, slot=SlotFactory(), reader=other)
    client.force_login(reader.user)
    assert client.post(reverse("assistance:cancel", args=["slot", booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == SlotBookingStatus.BOOKED


def test_reader_asks_for_a_device_with_bad_then_good_dates(client, reader):
    device = DeviceFactory()
    client.force_login(reader.user)
    url = reverse("assistance:book_device", args=[device.pk])
    response = client.post(url, {"start_date": _day(5), "end_date": _day(2)})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(url, {"start_date": "not a date", "end_date": _day(2)})
    assert response.status_code == 200 and not DeviceBooking.objects.exists()
    response = client.post(url, {"start_date": _day(2), "end_date": _day(5), "note": "请教我用"})
    assert response.status_code == 302
    assert DeviceBooking.objects.get().status == BookingStatus.REQUESTED


def test_staff_without_card_sees_explanation(client, librarian):
    client.force_login(librarian)
    response = client.post(reverse("assistance:book_slot", args=[SlotFactory().pk]), {})
    assert response.status_code == 200 and not SlotBooking.objects.exists()


def test_staff_book_with_unknown_card(client, librarian):
    slot = SlotFactory()
    client.force_login(librarian)
    response = client.post(reverse("assistance_staff:slot_book", args=[slot.pk]),
                           {"card_number": "NOPE", "channel": "desk"})
    assert response.status_code == 200 and _said(response, "No reader has this card number.")
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_booking_actions_confirm_and_decline(client, librarian, reader):
    from everyreader.assistance import device_services

    booking = device_services.device_booking_request(actor=reader.user, reader=reader, device=DeviceFactory(),
                                                     start_date=timezone.localdate() + dt.timedelta(days=1),
                                                     end_date=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(librarian)
    url = reverse("assistance_staff:booking_action", args=[booking.pk, "decline"])
    client.post(url, {"reason": ""})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    client.post(reverse("assistance_staff:booking_action", args=[booking.pk, "confirm"]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    response = client.post(reverse("assistance_staff:booking_action", args=[booking.pk, "collect"]))
    booking.refresh_from_db()
    assert response.status_code == 302 and booking.status == BookingStatus.CONFIRMED  # starts tomorrow


def test_check_in_form_bad_input(client, librarian):
    device = DeviceFactory(item__status=ItemStatus.ON_LOAN)
    client.force_login(librarian)
    response = client.post(reverse("assistance_staff:device_checkin", args=[device.pk]),
                           {"outcome": "repair", "charged": "yes", "note": ""})
    assert response.status_code == 200 and _said(response, "Describe the fault for the repair.")
    assert not ConditionCheck.objects.exists()


def test_attendance_through_the_slot_page(client, librarian, reader):
    slot = SlotFactory(capacity=2)
    booking = slot_services.slot_book(actor=reader.user, slot=slot, reader=reader)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2),
                                           ends_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(librarian)
    client.post(reverse("assistance_staff:slot_booking", args=[booking.pk, "outcome"]), {"attended": "maybe"})
    booking.refresh_from_db()
    assert booking.status == SlotBookingStatus.BOOKED
    client.post(reverse("assistance_staff:slot_booking", args=[booking.pk, "outcome"]), {"attended": "yes"})
    booking.refresh_from_db()
    assert booking.status == SlotBookingStatus.ATTENDED


def test_service_type_form_needs_three_languages(client, make_user):
    client.force_login(make_user("programme_manager"))
    response = client.post(reverse("assistance_staff:service_create"),
                           {"label_zh_hans": "陪同就医", "label_zh_hant": "", "label_en": "Escort to a doctor",
                            "skill": "escort", "duration_minutes": 60, "is_active": "on"})
    assert response.status_code == 200 and not ServiceType.objects.filter(label_zh_hans="陪同就医").exists()


@pytest.mark.parametrize("name", ["devices", "bookings", "checks", "slots"])
def test_staff_list_query_counts(client, head, name, django_assert_max_num_queries):
    for _ in range(5):
        device = DeviceFactory()
        ConditionCheck.objects.create(device=device, occasion="safety", outcome="ok", checked_by=head)
        DeviceBooking.objects.create(device=device, reader=ReaderFactory(), start_date=timezone.localdate(),
                                     end_date=timezone.localdate(), status="confirmed")
        SlotFactory()
    client.force_login(head)
    with django_assert_max_num_queries(20):
        response = client.get(reverse(f"assistance_staff:{name}"))
    assert response.status_code == 200


def test_times_query_count(client, django_assert_max_num_queries):
    for _ in range(8):
        SlotFactory(capacity=2)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assistance:times"))
    assert response.content.decode().count("/book/") == 8


def test_attention_items_and_navigation(client, librarian, reader):
    from everyreader.assistance import device_services
    from everyreader.assistance.selectors import attention_items

    device_services.device_booking_request(actor=reader.user, reader=reader, device=DeviceFactory(),
                                           start_date=timezone.localdate() + dt.timedelta(days=1),
                                           end_date=timezone.localdate() + dt.timedelta(days=2))
    items = attention_items(librarian)
    assert [i.count for i in items] == [1]
    assert attention_items(reader.user) == []
    client.force_login(librarian)
    assert reverse("assistance_staff:devices") in client.get(reverse("staff:home")).content.decode()
    client.force_login(reader.user)
    assert reverse("assistance:mine") in client.get(reverse("core:me")).content.decode()
    assert reverse("assistance:index") in client.get("/").content.decode()


def test_general_checkin_sends_a_device_to_its_own_check_in(client, librarian, reader):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from everyreader.assistance import lending
    from everyreader.catalog.tests.factories import ItemFactory
    from everyreader.circulation.models import Loan

    device = DeviceFactory(item__format="device")
    lending.lend(actor=librarian, item=device.item, reader=reader, branch=device.item.branch)
    client.force_login(librarian)
    response = client.post(reverse("circulation:checkin"), {"barcode": device.item.barcode}, follow=True)
    device_page = reverse("assistance_staff:device_checkin", args=[device.pk])
    assert response.status_code == 200 and device_page in response.content.decode()
    device.item.refresh_from_db()
    assert device.item.status == ItemStatus.ON_LOAN
    assert Loan.objects.filter(item=device.item, returned_at__isnull=True).exists()

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=librarian).key}")
    refused = api.post("/api/v1/circulation/checkin/", {"item": device.item.barcode, "branch": device.item.branch.code})
    assert refused.status_code == 400 and refused.json()["error"]["fields"]["check_in_at"] == [device_page]
    # An item with the device format but no device record (not registered yet) is checked in as usual.
    plain = ItemFactory(format="device", status=ItemStatus.AVAILABLE)
    assert lending.checkin_elsewhere(plain) is None
    # The device's own check-in still works and closes the loan.
    response = client.post(device_page, {"outcome": "ok", "charged": "yes"}, follow=True)
    assert not Loan.objects.filter(item=device.item, returned_at__isnull=True).exists()
