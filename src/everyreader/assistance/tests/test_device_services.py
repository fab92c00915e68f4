import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from everyreader.assistance import device_services as services
from everyreader.assistance.models import BookingStatus, CheckOutcome, Condition, ConditionCheck, DeviceBooking
from everyreader.assistance.tests.factories import DeviceFactory
from everyreader.catalog.tests.factories import ItemFactory
from everyreader.catalog.vocab import Format, ItemStatus
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_register_needs_a_device_item(head):
    book = ItemFactory()
    with pytest.raises(DomainError):
        services.device_register(actor=head, item=book, kind="reading_pen", model_name="点读笔", serial_number="X1",
                                 purpose="读出文字")
    item = ItemFactory(format=Format.DEVICE)
    device = services.device_register(actor=head, item=item, kind="reading_pen", model_name="点读笔",
                                      serial_number="X1", purpose="读出文字", accessories=[" 耳机 ", ""])
    assert device.accessories == ["耳机"]
    with pytest.raises(DomainError) as error:
        services.device_register(actor=head, item=ItemFactory(format=Format.DEVICE), kind="reading_pen",
                                 model_name="点读笔", serial_number="X1", purpose="读出文字")
    assert error.value.field == "serial_number"


def test_librarian_cannot_register(librarian):
    with pytest.raises(PermissionDenied):
        services.device_register(actor=librarian, item=ItemFactory(format=Format.DEVICE), kind="other",
                                 model_name="m", serial_number="s", purpose="p")


def test_reader_requests_and_overlap_is_refused(reader, make_user):
    device = DeviceFactory()
    booking = services.device_booking_request(actor=reader.user, reader=reader, device=device,
                                              start_date=_days(2), end_date=_days(9))
    assert booking.status == BookingStatus.REQUESTED
    other = ReaderFactory(user=make_user("reader"))
    with pytest.raises(DomainError):
        services.device_booking_request(actor=other.user, reader=other, device=device, start_date=_days(9),
                                        end_date=_days(12))
    ok = services.device_booking_request(actor=other.user, reader=other, device=device, start_date=_days(10),
                                         end_date=_days(12))
    assert ok.pk and DeviceBooking.objects.count() == 2


@pytest.mark.parametrize("start, end, field", [(-1, 3, "start_date"), (3, 1, "end_date"), (1, 60, "end_date"),
                                               (400, 401, "start_date")])
def test_bad_dates(reader, start, end, field):
    with pytest.raises(DomainError) as error:
        services.device_booking_request(actor=reader.user, reader=reader, device=DeviceFactory(),
                                        start_date=_days(start), end_date=_days(end))
    assert error.value.field == field and not DeviceBooking.objects.exists()


def test_withdrawn_device_cannot_be_booked(reader):
    device = DeviceFactory(item__status=ItemStatus.WITHDRAWN)
    with pytest.raises(DomainError):
        services.device_booking_request(actor=reader.user, reader=reader, device=device, start_date=_days(1),
                                        end_date=_days(2))
    assert not DeviceBooking.objects.exists()


def test_staff_booking_is_confirmed_and_reader_cannot_book_for_others(librarian, reader):
    device = DeviceFactory()
    booking = services.device_booking_request(actor=librarian, reader=ReaderFactory(), device=device,
                                              start_date=_days(1), end_date=_days(3), channel="phone")
    assert booking.status == BookingStatus.CONFIRMED
    with pytest.raises(PermissionDenied):
        services.device_booking_request(actor=reader.user, reader=ReaderFactory(), device=DeviceFactory(),
                                        start_date=_days(1), end_date=_days(3))


def test_confirm_decline_cancel_transitions(librarian, reader):
    device = DeviceFactory()
    booking = services.device_booking_request(actor=reader.user, reader=reader, device=device,
                                              start_date=_days(1), end_date=_days(3))
    with pytest.raises(PermissionDenied):
        services.device_booking_confirm(actor=reader.user, booking=booking)
    booking = services.device_booking_confirm(actor=librarian, booking=booking)
    with pytest.raises(DomainError):
        services.device_booking_decline(actor=librarian, booking=booking, reason="坏了")
    booking = services.device_booking_cancel(actor=reader.user, booking=booking)
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(DomainError):
        services.device_booking_cancel(actor=reader.user, booking=booking)
    assert AuditEvent.objects.filter(action__startswith="assistance.device_booking").count() == 2


def test_collect_lends_through_circulation_and_check_in_can_send_to_repair(librarian, reader):
    from everyreader.circulation.models import Channel, Loan

    device = DeviceFactory()
    booking = services.device_booking_request(actor=librarian, reader=reader, device=device,
                                              start_date=_days(0), end_date=_days(7), channel="desk")
    booking = services.device_booking_collect(actor=librarian, booking=booking)
    loan = Loan.objects.get(pk=booking.loan_id)
    assert loan.channel == Channel.DEVICE and loan.reader == reader
    device.item.refresh_from_db()
    assert device.item.status == ItemStatus.ON_LOAN
    check = services.device_check_in(actor=librarian, device=device, missing_accessories=["便携包"], charged=True,
                                     outcome=CheckOutcome.REPAIR, note="屏幕闪烁")
    device.refresh_from_db()
    device.item.refresh_from_db()
    booking.refresh_from_db()
    assert check.missing_accessories == ["便携包"]
    assert device.item.status == ItemStatus.IN_REPAIR and device.condition == Condition.NEEDS_REPAIR
    assert booking.status == BookingStatus.DONE
    services.device_back_from_repair(actor=librarian, device=device, note="换了屏幕")
    device.item.refresh_from_db()
    assert device.item.status == ItemStatus.AVAILABLE
    assert ConditionCheck.objects.filter(device=device).count() == 2


def test_future_booking_cannot_be_collected_early(librarian, reader):
    booking = services.device_booking_request(actor=librarian, reader=reader, device=DeviceFactory(),
                                              start_date=_days(3), end_date=_days(7), channel="desk")
    with pytest.raises(DomainError):
        services.device_booking_collect(actor=librarian, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.loan_id is None


@pytest.mark.parametrize("kwargs", [
    {"missing_accessories": ["不存在的配件"], "charged": True, "outcome": "ok"},
    {"missing_accessories": [], "charged": None, "outcome": "ok"},
    {"missing_accessories": [], "charged": True, "outcome": "repair", "note": ""},
    {"missing_accessories": [], "charged": True, "outcome": "bogus"},
])
def test_check_in_bad_input_changes_nothing(librarian, kwargs):
    device = DeviceFactory(item__status=ItemStatus.ON_LOAN)
    with pytest.raises(DomainError):
        services.device_check_in(actor=librarian, device=device, **kwargs)
    device.item.refresh_from_db()
    assert device.item.status == ItemStatus.ON_LOAN and not ConditionCheck.objects.exists()


def test_check_in_of_a_device_on_the_shelf_is_refused(librarian):
    device = DeviceFactory()
    with pytest.raises(DomainError):
        services.device_check_in(actor=librarian, device=device, missing_accessories=[], charged=True, outcome="ok")
    assert not ConditionCheck.objects.exists()


def test_safety_check(librarian):
    device = DeviceFactory(last_safety_check=None)
    services.device_safety_check(actor=librarian, device=device, passed=True)
    device.refresh_from_db()
    assert device.last_safety_check == timezone.localdate()
    with pytest.raises(DomainError):
        services.device_safety_check(actor=librarian, device=device, passed=False, note="")
    services.device_safety_check(actor=librarian, device=device, passed=False, note="电源线破损")
    device.item.refresh_from_db()
    assert device.item.status == ItemStatus.IN_REPAIR


def test_decline_reason_with_percent_sign_is_sent_as_is(librarian, reader):
    from everyreader.messaging.models import OutboundMessage

    booking = services.device_booking_request(actor=reader.user, reader=reader, device=DeviceFactory(),
                                              start_date=_days(1), end_date=_days(3))
    services.device_booking_decline(actor=librarian, booking=booking, reason="电量只剩 50% (s)")
    assert OutboundMessage.objects.get(reader=reader).body.endswith("电量只剩 50% (s)")
