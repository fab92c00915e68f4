import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from everyreader.assistance import slot_services as services
from everyreader.assistance.models import HelperNotice, Slot, SlotBooking, SlotBookingStatus
from everyreader.assistance.tests.factories import SlotFactory, service_type
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent, Notification
from everyreader.messaging.models import OutboundMessage
from everyreader.outreach.models import Skill
from everyreader.outreach.tests.factories import qualified_member
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _future(days=3, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_reader_books_own_place_and_helper_is_notified(reader, make_user):
    helper = qualified_member(skill=Skill.READING_ALOUD, user=make_user("librarian"))
    slot = SlotFactory(capacity=2, helper=helper)
    booking = services.slot_book(actor=reader.user, slot=slot, reader=reader, note="想听今天的报纸")
    slot.refresh_from_db()
    assert booking.status == SlotBookingStatus.BOOKED and slot.booked == 1
    assert Notification.objects.filter(recipient=helper.user).count() == 1
    assert AuditEvent.objects.filter(action="assistance.slot_booked", object_id=str(booking.pk)).exists()


def test_full_slot_refuses_and_changes_nothing(reader, make_user):
    slot = SlotFactory(capacity=1)
    services.slot_book(actor=reader.user, slot=slot, reader=reader)
    other = ReaderFactory(user=make_user("reader"))
    with pytest.raises(DomainError) as error:
        services.slot_book(actor=other.user, slot=slot, reader=other)
    assert error.value.code == "full"
    slot.refresh_from_db()
    assert slot.booked == 1 and SlotBooking.objects.count() == 1


def test_same_reader_cannot_book_twice(reader):
    slot = SlotFactory(capacity=3)
    services.slot_book(actor=reader.user, slot=slot, reader=reader)
    with pytest.raises(DomainError):
        services.slot_book(actor=reader.user, slot=slot, reader=reader)
    slot.refresh_from_db()
    assert slot.booked == 1 and SlotBooking.objects.count() == 1


def test_reader_cannot_book_for_someone_else(reader):
    slot = SlotFactory(capacity=3)
    with pytest.raises(PermissionDenied):
        services.slot_book(actor=reader.user, slot=slot, reader=ReaderFactory())
    slot.refresh_from_db()
    assert slot.booked == 0 and not SlotBooking.objects.exists()


def test_staff_books_on_behalf_by_phone(librarian):
    slot = SlotFactory(capacity=3)
    someone = ReaderFactory()
    booking = services.slot_book(actor=librarian, slot=slot, reader=someone, channel="phone")
    assert booking.channel == "phone" and booking.booked_by == librarian


def test_reader_cannot_claim_a_staff_channel(reader):
    with pytest.raises(DomainError):
        services.slot_book(actor=reader.user, slot=SlotFactory(), reader=reader, channel="desk")
    assert not SlotBooking.objects.exists()


@pytest.mark.parametrize("change", [{"is_cancelled": True}, {"past": True}])
def test_cancelled_or_past_slot_cannot_be_booked(reader, change):
    slot = SlotFactory(capacity=2)
    if change.get("past"):
        Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1),
                                               ends_at=timezone.now())
    else:
        Slot.objects.filter(pk=slot.pk).update(is_cancelled=True)
    with pytest.raises(DomainError):
        services.slot_book(actor=reader.user, slot=slot, reader=reader)
    assert not SlotBooking.objects.exists()


def test_cancel_frees_the_place_and_rebooking_works(reader):
    slot = SlotFactory(capacity=1)
    booking = services.slot_book(actor=reader.user, slot=slot, reader=reader)
    services.booking_cancel(actor=reader.user, booking=booking)
    slot.refresh_from_db()
    assert slot.booked == 0
    again = services.slot_book(actor=reader.user, slot=slot, reader=reader)
    assert again.pk != booking.pk


def test_reader_cannot_cancel_someone_elses_booking(reader, librarian):
    booking = services.slot_book(actor=librarian, slot=SlotFactory(), reader=ReaderFactory(), channel="desk")
    with pytest.raises(PermissionDenied):
        services.booking_cancel(actor=reader.user, booking=booking)
    booking.refresh_from_db()
    assert booking.status == SlotBookingStatus.BOOKED


def test_attendance_only_after_start_and_transitions(librarian, reader):
    slot = SlotFactory(capacity=1)
    booking = services.slot_book(actor=reader.user, slot=slot, reader=reader)
    with pytest.raises(DomainError):
        services.booking_record_outcome(actor=librarian, booking=booking, attended=True)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2),
                                           ends_at=timezone.now() - dt.timedelta(hours=1))
    booking = services.booking_record_outcome(actor=librarian, booking=booking, attended=False, note="电话未接")
    assert booking.status == SlotBookingStatus.NO_SHOW
    booking = services.booking_record_outcome(actor=librarian, booking=booking, attended=True)
    assert booking.status == SlotBookingStatus.ATTENDED
    with pytest.raises(DomainError):
        services.booking_cancel(actor=librarian, booking=booking)


def test_slot_cancel_tells_every_reader_once(head, reader):
    slot = SlotFactory(capacity=3)
    services.slot_book(actor=reader.user, slot=slot, reader=reader)
    services.slot_cancel(actor=head, slot=slot, reason="志愿者生病")
    assert OutboundMessage.objects.filter(reader=reader, purpose="assistance.slot").count() == 1
    assert SlotBooking.objects.get().status == SlotBookingStatus.CANCELLED
    with pytest.raises(DomainError):
        services.slot_cancel(actor=head, slot=slot, reason="再次")
    with pytest.raises(DomainError):
        services.slot_cancel(actor=head, slot=SlotFactory(), reason=" ")


def test_only_vetted_trained_available_helper_can_be_assigned(head):
    reading = service_type("reading-aloud")
    ok = qualified_member(skill=Skill.READING_ALOUD)
    wrong_skill = qualified_member(skill=Skill.ESCORT)
    unvetted = qualified_member(skill=Skill.READING_ALOUD, vetting_status="pending")
    starts = _future()
    slot = services.slot_create(actor=head, service_type=reading, branch=SlotFactory().branch, starts_at=starts,
                                duration_minutes=60, capacity=2, helper=ok)
    assert slot.helper == ok
    for person in (wrong_skill, unvetted):
        with pytest.raises(DomainError) as error:
            services.slot_create(actor=head, service_type=reading, branch=slot.branch, starts_at=starts,
                                 duration_minutes=60, helper=person)
        assert error.value.field == "helper"
    late = qualified_member(skill=Skill.READING_ALOUD, start=dt.time(18), end=dt.time(20))
    with pytest.raises(DomainError):
        services.slot_assign_helper(actor=head, slot=slot, helper=late)
    assert Slot.objects.count() == 2  # the factory's and the first one


def test_librarian_cannot_create_slots(librarian):
    with pytest.raises(PermissionDenied):
        services.slot_create(actor=librarian, service_type=service_type(), branch=SlotFactory().branch,
                             starts_at=_future(), duration_minutes=60)


@pytest.mark.parametrize("fields, field", [({"capacity": 0}, "capacity"), ({"duration_minutes": 5}, "duration_minutes"),
                                           ({"starts_at": None}, "starts_at")])
def test_slot_bad_input(head, fields, field):
    before = Slot.objects.count()
    kwargs = {"service_type": service_type(), "branch": SlotFactory().branch, "starts_at": _future(),
              "duration_minutes": 60, "capacity": 1, **fields}
    with pytest.raises(DomainError) as error:
        services.slot_create(actor=head, **kwargs)
    assert error.value.field == field and Slot.objects.count() == before + 1


def test_weekly_rule_creates_four_weeks_and_is_idempotent(head):
    helper = qualified_member(skill=Skill.ESCORT)
    branch = SlotFactory().branch
    weekday = (timezone.localdate() + dt.timedelta(days=1)).weekday()
    rule = services.rule_create(actor=head, service_type=service_type("escort"), branch=branch, weekday=weekday,
                                start_time=dt.time(10), duration_minutes=30, capacity=2, helper=helper)
    slots = Slot.objects.filter(rule=rule)
    assert 4 <= slots.count() <= 5
    assert all(s.helper == helper and s.capacity == 2 for s in slots)
    assert services.rule_generate_slots(rule=rule) == 0
    assert services.generate_all_slots() == 0
    services.rule_end(actor=head, rule=rule)
    assert services.rule_generate_slots(rule=rule, weeks=8) == 0


def test_service_type_three_languages(make_user):
    manager = make_user("programme_manager")
    created = services.service_type_create(actor=manager, label_zh_hans="陪同就医", label_zh_hant="陪同就醫",
                                           label_en="Escort to the doctor", skill="escort", duration_minutes=90)
    assert created.code == "escort-to-the-doctor"
    with pytest.raises(DomainError):
        services.service_type_create(actor=manager, label_zh_hans="缺英文", label_zh_hant="缺英文", label_en=" ")
    with pytest.raises(PermissionDenied):
        services.service_type_create(actor=make_user("librarian"), label_zh_hans="a", label_zh_hant="a",
                                     label_en="a")
    from django.utils import translation

    with translation.override("en"):
        assert created.label == "Escort to the doctor"
    with translation.override("zh-hant"):
        assert created.label == "陪同就醫"


def test_helper_without_account_gets_email_once(head, reader):
    helper = qualified_member(skill=Skill.READING_ALOUD, email="helper@example.org")
    slot = SlotFactory(capacity=2, helper=helper)
    assert services.notify_helper(slot, "subject", dedupe_key="k1") == 1
    assert services.notify_helper(slot, "subject", dedupe_key="k1") == 0
    assert HelperNotice.objects.filter(channel="email").count() == 1
