from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import selectors, services
from everyreader.circulation.models import CirculationPolicy, Hold, HoldStatus
from everyreader.circulation.tests.factories import HoldFactory, ItemFactory, ReaderFactory
from everyreader.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_queue_order_is_placed_at_then_id(librarian, item, reader, central):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    now = timezone.now()
    readers = [ReaderFactory() for _ in range(4)]
    holds = [services.hold_place(actor=librarian, reader=r, record=item.record, pickup_branch=central,
                                 now=now + timedelta(minutes=m)) for r, m in zip(readers, [5, 1, 1, 3])]
    expected = [holds[1], holds[2], holds[3], holds[0]]  # equal times: the earlier id first
    served = []
    for _round in range(4):
        result = services.checkin(actor=librarian, item=item, branch=central)
        served.append(result.hold)
        services.checkout(actor=librarian, item=item, reader=result.hold.reader, branch=central)
    assert [h.pk for h in served] == [h.pk for h in expected]
    assert all(h.status == HoldStatus.COLLECTED for h in Hold.objects.all())


def test_hold_refusals_change_nothing(librarian, item, reader, central):
    services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    with pytest.raises(DomainError) as error:
        services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    assert error.value.code == "duplicate_hold"
    for policy in CirculationPolicy.objects.all():
        policy.hold_limit = 1
        policy.save()
    with pytest.raises(DomainError) as error:
        services.hold_place(actor=librarian, reader=reader, record=ItemFactory(branch=central).record,
                            pickup_branch=central)
    assert error.value.code == "hold_limit"
    assert Hold.objects.count() == 1


def test_no_hold_on_a_title_on_loan_to_the_reader_or_without_copies(librarian, item, reader, central):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    with pytest.raises(DomainError) as error:
        services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    assert error.value.code == "already_on_loan"
    gone = ItemFactory(branch=central, status=ItemStatus.WITHDRAWN)
    with pytest.raises(DomainError) as error:
        services.hold_place(actor=librarian, reader=reader, record=gone.record, pickup_branch=central)
    assert error.value.code == "no_copy"
    central.is_active = False
    central.save()
    with pytest.raises(DomainError) as error:
        services.hold_place(actor=librarian, reader=reader, record=ItemFactory().record, pickup_branch=central)
    assert error.value.field == "pickup_branch"
    assert not Hold.objects.exists()


def test_readers_act_on_their_own_holds_only(make_user, item, reader, other_reader, central):
    reader.user = make_user("reader")
    reader.save()
    hold = services.hold_place(actor=reader.user, reader=reader, record=item.record, pickup_branch=central)
    with pytest.raises(PermissionDenied):
        services.hold_place(actor=reader.user, reader=other_reader, record=item.record, pickup_branch=central)
    with pytest.raises(PermissionDenied):
        services.hold_cancel(actor=make_user("reader"), hold=hold)
    hold.refresh_from_db()
    assert hold.status == HoldStatus.WAITING
    services.hold_cancel(actor=reader.user, hold=hold, reason="不需要了")
    hold.refresh_from_db()
    assert hold.status == HoldStatus.CANCELLED and hold.cancelled_reason == "不需要了"
    with pytest.raises(DomainError):
        services.hold_cancel(actor=reader.user, hold=hold)


def test_cancel_passes_the_set_aside_copy_to_the_next_reader(librarian, item, reader, other_reader, central):
    first = services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    second = services.hold_place(actor=librarian, reader=other_reader, record=item.record, pickup_branch=central)
    assert first.item == item and second.item is None
    services.hold_cancel(actor=librarian, hold=first)
    second.refresh_from_db()
    assert second.item == item and second.status == HoldStatus.WAITING


def test_expiry_moves_the_copy_to_the_next_reader(librarian, item, reader, other_reader, central, east):
    now = timezone.now()
    first = services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central, now=now)
    second = services.hold_place(actor=librarian, reader=other_reader, record=item.record, pickup_branch=east,
                                 now=now + timedelta(seconds=1))
    services.checkin(actor=librarian, item=item, branch=central)  # pulled: now on the hold shelf
    first.refresh_from_db()
    assert first.status == HoldStatus.READY
    assert services.expire_holds(now=now + timedelta(days=3)) == 0
    assert services.expire_holds(now=now + timedelta(days=8)) == 1
    assert services.expire_holds(now=now + timedelta(days=8)) == 0
    first.refresh_from_db()
    second.refresh_from_db()
    item.refresh_from_db()
    assert first.status == HoldStatus.EXPIRED and first.closed_at
    assert second.status == HoldStatus.IN_TRANSIT and second.item == item
    assert item.status == ItemStatus.IN_TRANSIT


def test_expired_hold_without_queue_returns_copy_to_shelf(librarian, item, reader, central):
    hold = services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    services.checkin(actor=librarian, item=item, branch=central)
    Hold.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.expire_holds() == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE


def test_collecting_with_another_copy_releases_the_one_set_aside(librarian, record, reader, other_reader, central):
    first_copy = ItemFactory(record=record, branch=central)
    second_copy = ItemFactory(record=record, branch=central)
    mine = services.hold_place(actor=librarian, reader=reader, record=record, pickup_branch=central)
    theirs = services.hold_place(actor=librarian, reader=other_reader, record=record, pickup_branch=central)
    assert {mine.item_id, theirs.item_id} == {first_copy.pk, second_copy.pk}
    services.hold_cancel(actor=librarian, hold=theirs)
    waiting = HoldFactory(record=record, placed_at=timezone.now() + timedelta(minutes=1))
    other_copy = second_copy if mine.item_id == first_copy.pk else first_copy
    # the reader takes the copy that was not set aside for them: theirs goes to the queue
    set_aside = mine.item
    services.checkout(actor=librarian, item=other_copy, reader=reader, branch=central)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == HoldStatus.COLLECTED and waiting.item == set_aside


def test_transfer_send_and_refusals(librarian, item, central, east, reader):
    with pytest.raises(DomainError):
        services.transfer_send(actor=librarian, item=item, from_branch=central, to_branch=central)
    transfer = services.transfer_send(actor=librarian, item=item, from_branch=central, to_branch=east)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_TRANSIT and transfer.reason == "manual"
    with pytest.raises(DomainError):
        services.transfer_send(actor=librarian, item=item, from_branch=central, to_branch=east)
    result = services.checkin(actor=librarian, item=item, branch=east)  # received at east, belongs to central
    assert result.action == "transfer_home"
    with pytest.raises(DomainError):
        services.transfer_receive(actor=librarian, item=ItemFactory(branch=central), branch=central)


def test_selectors_queries(librarian, reader, central, django_assert_max_num_queries):
    for _ in range(5):
        copy = ItemFactory(branch=central)
        services.checkout(actor=librarian, item=copy, reader=reader, branch=central)
        services.hold_place(actor=librarian, reader=reader, record=ItemFactory(branch=central).record,
                            pickup_branch=central)
    with django_assert_max_num_queries(1):
        loans = [(loan.item.record.title, loan.branch.name) for loan in selectors.reader_current_loans(reader)]
    with django_assert_max_num_queries(1):
        holds = [(h.record.title, h.pickup_branch.name) for h in selectors.reader_holds(reader)]
    with django_assert_max_num_queries(1):
        pulls = [(h.record.title, h.item.barcode, h.reader.card_number) for h in selectors.holds_to_pull(central)]
    assert len(loans) == 5 and len(holds) == 5 and len(pulls) == 5


def test_reader_blocks_and_overdue_count(librarian, item, reader, central):
    assert selectors.reader_blocks(reader) == []
    services.checkout(actor=librarian, item=item, reader=reader, branch=central,
                      now=timezone.now() - timedelta(days=40))
    assert selectors.reader_overdue_count(reader) == 1
    reader.is_active = False
    assert selectors.reader_blocks(reader)
