from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import selectors, services
from everyreader.circulation.models import CirculationPolicy, Hold, HoldStatus, Loan, LoanStatistic, Transfer
from everyreader.circulation.tests.factories import HoldFactory, ItemFactory
from everyreader.core.errors import DomainError, IllegalTransition
from everyreader.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_checkout_lends_and_writes_anonymous_statistic(librarian, item, reader, central):
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_LOAN
    assert loan.reader == reader and loan.checked_out_by == librarian
    assert (loan.due_at - loan.checked_out_at).days == 28
    stat = LoanStatistic.objects.get()
    assert stat.branch == central and stat.format == "print" and stat.channel == "desk"
    assert stat.reader_category == "adult" and not stat.print_disabled
    event = AuditEvent.objects.get(action="loan.checkout")
    assert event.object_repr == f"loan {loan.pk}" and "reader" not in event.details
    assert reader.card_number not in str(event.details)


def test_checkout_query_count(librarian, item, reader, central, django_assert_max_num_queries):
    # The first checkout fills the process's copies of permissions and policies (generations).
    services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=reader, branch=central)
    row_lock = 1 if connection.features.has_select_for_update else 0  # the reader row (item limit races)
    with django_assert_max_num_queries(10 + row_lock):
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)


def test_checkout_refuses_unavailable_item_and_changes_nothing(librarian, item, reader, other_reader, central):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    with pytest.raises(IllegalTransition):
        services.checkout(actor=librarian, item=item, reader=other_reader, branch=central)
    assert Loan.objects.count() == 1 and LoanStatistic.objects.count() == 1
    for status in (ItemStatus.IN_REPAIR, ItemStatus.MISSING, ItemStatus.WITHDRAWN, ItemStatus.IN_TRANSIT):
        copy = ItemFactory(record=item.record, branch=central, status=status)
        with pytest.raises(IllegalTransition):
            services.checkout(actor=librarian, item=copy, reader=other_reader, branch=central)
        copy.refresh_from_db()
        assert copy.status == status
    assert Loan.objects.count() == 1


def test_blocked_or_erased_reader_cannot_borrow(librarian, item, reader, central):
    reader.is_active = False
    reader.save()
    with pytest.raises(DomainError) as error:
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    assert error.value.code == "reader_blocked"
    reader.is_active, reader.anonymised_at = True, timezone.now()
    reader.save()
    with pytest.raises(DomainError) as error:
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    assert error.value.code == "reader_erased"
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE and not Loan.objects.exists()


def test_item_limit(librarian, reader, central, record):
    standard = CirculationPolicy.objects.get(reader_category="", format="", branch=None)
    standard.item_limit = 1
    standard.save()
    services.checkout(actor=librarian, item=ItemFactory(record=record, branch=central), reader=reader, branch=central)
    second = ItemFactory(branch=central)
    with pytest.raises(DomainError) as error:
        services.checkout(actor=librarian, item=second, reader=reader, branch=central)
    assert error.value.code == "item_limit"
    second.refresh_from_db()
    assert second.status == ItemStatus.AVAILABLE and Loan.objects.count() == 1


def test_bad_channel_and_permissions(make_user, item, reader, central):
    with pytest.raises(DomainError):
        services.checkout(actor=make_user("librarian"), item=item, reader=reader, branch=central, channel="drone")
    for role in ("reader", "programme_manager"):
        with pytest.raises(PermissionDenied):
            services.checkout(actor=make_user(role), item=item, reader=reader, branch=central)
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE and not Loan.objects.exists()


def test_checkin_shelves_at_home(librarian, item, reader, central):
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    result = services.checkin(actor=librarian, item=item, branch=central)
    assert result.action == "shelve" and result.loan.pk == loan.pk
    loan.refresh_from_db()
    item.refresh_from_db()
    assert loan.returned_at and loan.return_branch == central and loan.returned_by == librarian
    assert item.status == ItemStatus.AVAILABLE


def test_checkin_elsewhere_sends_it_home(librarian, item, reader, central, east):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    result = services.checkin(actor=librarian, item=item, branch=east)
    assert result.action == "transfer_home" and result.transfer.to_branch == central
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_TRANSIT
    received = services.transfer_receive(actor=librarian, item=item, branch=central)
    assert received.action == "shelve"
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE
    assert not Transfer.objects.filter(received_at__isnull=True).exists()


def test_checkin_fills_the_first_waiting_hold(librarian, item, reader, other_reader, central, east):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    later = HoldFactory(record=item.record, pickup_branch=central, placed_at=timezone.now())
    first = HoldFactory(record=item.record, pickup_branch=east, reader=other_reader,
                        placed_at=timezone.now() - timedelta(hours=1))
    result = services.checkin(actor=librarian, item=item, branch=central)
    assert result.action == "transfer_hold" and result.hold.pk == first.pk
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == HoldStatus.IN_TRANSIT and first.item == item
    assert later.status == HoldStatus.WAITING and later.item is None
    arrived = services.transfer_receive(actor=librarian, item=item, branch=east)
    assert arrived.action == "hold_shelf"
    first.refresh_from_db()
    item.refresh_from_db()
    assert first.status == HoldStatus.READY and item.status == ItemStatus.ON_HOLD
    assert first.expires_at - first.ready_at == timedelta(days=7)
    assert list(selectors.hold_shelf(east)) == [first]
    # the reader collects it: the hold is fulfilled by the checkout
    services.checkout(actor=librarian, item=item, reader=other_reader, branch=east)
    first.refresh_from_db()
    assert first.status == HoldStatus.COLLECTED


def test_hold_shelf_copy_is_not_lent_to_someone_else(librarian, item, reader, other_reader, central):
    hold = services.hold_place(actor=librarian, reader=other_reader, record=item.record, pickup_branch=central)
    assert hold.item_id == item.pk  # set aside at once: on the pick list
    assert list(selectors.holds_to_pull(central)) == [hold]
    with pytest.raises(DomainError) as error:
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    assert error.value.code == "held_for_other"
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE and not Loan.objects.exists()
    trapped = services.checkin(actor=librarian, item=item, branch=central)  # pulled and scanned
    assert trapped.action == "hold_shelf"
    with pytest.raises(DomainError):
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.checkout(actor=librarian, item=item, reader=other_reader, branch=central)


def test_double_checkin_is_refused_cleanly(librarian, item, reader, central):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.checkin(actor=librarian, item=item, branch=central)
    result = services.checkin(actor=librarian, item=item, branch=central)
    assert result.action == "shelve" and result.loan is None and result.warnings
    assert Loan.objects.filter(returned_at__isnull=False).count() == 1


def test_checkin_of_a_withdrawn_item_is_refused(librarian, central):
    copy = ItemFactory(branch=central, status=ItemStatus.WITHDRAWN)
    with pytest.raises(IllegalTransition):
        services.checkin(actor=librarian, item=copy, branch=central)


def test_renew_extends_and_counts(librarian, item, reader, central):
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    due = loan.due_at
    loan = services.renew(actor=librarian, loan=loan)
    assert loan.renewal_count == 1 and loan.due_at == due + timedelta(days=28)
    services.renew(actor=librarian, loan=loan)
    with pytest.raises(DomainError) as error:
        services.renew(actor=librarian, loan=loan)
    assert error.value.code == "renewals_used_up"
    loan.refresh_from_db()
    assert loan.renewal_count == 2


def test_renew_refused_when_someone_waits(librarian, item, reader, other_reader, central):
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.hold_place(actor=librarian, reader=other_reader, record=item.record, pickup_branch=central)
    with pytest.raises(DomainError) as error:
        services.renew(actor=librarian, loan=loan)
    assert error.value.code == "someone_waits"
    loan.refresh_from_db()
    assert loan.renewal_count == 0


def test_reader_renews_own_loan_only(make_user, librarian, item, reader, other_reader, central):
    reader.user = make_user("reader")
    reader.save()
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    assert services.renew(actor=reader.user, loan=loan).renewal_count == 1
    with pytest.raises(PermissionDenied):
        services.renew(actor=make_user("reader"), loan=loan)


def test_auto_renew_job(librarian, item, reader, central, record):
    now = timezone.now()
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central, now=now - timedelta(days=27))
    waited = services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=reader, branch=central,
                               now=now - timedelta(days=27))
    HoldFactory(record=waited.item.record, pickup_branch=central)
    device = services.checkout(actor=librarian, item=ItemFactory(branch=central, format="device"),
                               reader=reader, branch=central, now=now - timedelta(days=13))
    assert services.auto_renew_due(now=now) == 1
    assert services.auto_renew_due(now=now) == 0  # idempotent
    loan.refresh_from_db()
    waited.refresh_from_db()
    device.refresh_from_db()
    assert loan.renewal_count == 1 and waited.renewal_count == 0 and device.renewal_count == 0


def test_loan_history_only_when_opted_in(librarian, item, reader, central):
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.checkin(actor=librarian, item=item, branch=central)
    assert list(selectors.reader_loan_history(reader)) == []
    services.loan_history_set(actor=_signed_in_as(reader), reader=reader, keep=True)
    assert len(selectors.reader_loan_history(reader)) == 1
    assert list(selectors.reader_current_loans(reader)) == []


def _signed_in_as(reader):
    from everyreader.accounts.tests.factories import UserFactory

    reader.user = UserFactory()
    reader.save()
    return reader.user


def test_erasure_anonymises_loans_and_deletes_holds(make_user, librarian, item, reader, other_reader, central):
    from everyreader.readers.services import reader_erase

    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.checkin(actor=librarian, item=item, branch=central)
    other = ItemFactory(branch=central)
    hold = services.hold_place(actor=librarian, reader=reader, record=other.record, pickup_branch=central)
    queued = HoldFactory(record=other.record, reader=other_reader, placed_at=timezone.now() + timedelta(seconds=1))
    reader_erase(actor=make_user("administrator"), reader=reader)
    loan.refresh_from_db()
    queued.refresh_from_db()
    assert loan.reader is None and loan.anonymised_at
    assert not Hold.objects.filter(pk=hold.pk).exists()
    assert queued.item == other  # the copy set aside passed to the next reader
    assert LoanStatistic.objects.count() == 1
