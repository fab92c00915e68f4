"""Real concurrency: threads with their own database connections (SQLite file or PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import services
from everyreader.circulation.models import CirculationPolicy, Hold, Loan
from everyreader.circulation.tests.factories import ItemFactory, ReaderFactory, RecordFactory
from everyreader.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 5
THREADS = 4


def _race(calls):
    """Run the callables at the same moment, one thread and connection each; return outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except DomainError as error:
            outcomes[index] = ("refused", error)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = ("crashed", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_database_is_shareable_between_threads():
    assert connection.vendor == "postgresql" or ":memory:" not in str(connection.settings_dict["NAME"]) \
        and "mode=memory" not in str(connection.settings_dict["NAME"])


def test_desks_checking_out_the_same_item_exactly_one_wins(make_user, central):
    desk = make_user("librarian")
    for _round in range(ROUNDS):
        item = ItemFactory(branch=central)
        readers = [ReaderFactory() for _ in range(THREADS)]
        outcomes = _race([
            (lambda r=r: services.checkout(actor=desk, item=type(item).objects.get(pk=item.pk), reader=r,
                                           branch=central)) for r in readers])
        kinds = sorted(kind for kind, _value in outcomes)
        assert kinds == ["ok"] + ["refused"] * (THREADS - 1), outcomes
        assert Loan.objects.filter(item=item, returned_at__isnull=True).count() == 1
        item.refresh_from_db()
        assert item.status == ItemStatus.ON_LOAN


def test_holds_racing_for_the_last_copy_one_gets_it(make_user, central):
    desk = make_user("librarian")
    for _round in range(ROUNDS):
        record = RecordFactory()
        copy = ItemFactory(record=record, branch=central)
        readers = [ReaderFactory() for _ in range(THREADS)]
        outcomes = _race([
            (lambda r=r: services.hold_place(actor=desk, reader=r, record=record, pickup_branch=central))
            for r in readers])
        assert all(kind == "ok" for kind, _value in outcomes), outcomes
        assert Hold.objects.filter(record=record).count() == THREADS
        assert list(Hold.objects.filter(record=record, item__isnull=False).values_list("item", flat=True)) \
            == [copy.pk]


def test_checkout_racing_a_hold_for_the_same_copy(make_user, central):
    desk = make_user("librarian")
    for _round in range(ROUNDS):
        record = RecordFactory()
        copy = ItemFactory(record=record, branch=central)
        borrower, holder = ReaderFactory(), ReaderFactory()
        outcomes = _race([
            lambda: services.checkout(actor=desk, item=type(copy).objects.get(pk=copy.pk), reader=borrower,
                                      branch=central),
            lambda: services.hold_place(actor=desk, reader=holder, record=record, pickup_branch=central),
        ])
        assert all(kind != "crashed" for kind, _value in outcomes), outcomes
        lent = Loan.objects.filter(item=copy, returned_at__isnull=True).exists()
        set_aside = Hold.objects.filter(item=copy).exists()
        assert lent != set_aside  # exactly one of them got the copy


def test_two_desks_checking_in_two_copies_fill_two_holds(make_user, central):
    desk = make_user("librarian")
    record = RecordFactory()
    copies = [ItemFactory(record=record, branch=central) for _ in range(2)]
    borrowers = [ReaderFactory() for _ in range(2)]
    for copy, borrower in zip(copies, borrowers):
        services.checkout(actor=desk, item=copy, reader=borrower, branch=central)
    waiting = [services.hold_place(actor=desk, reader=ReaderFactory(), record=record, pickup_branch=central)
               for _ in range(3)]
    outcomes = _race([(lambda c=c: services.checkin(actor=desk, item=type(c).objects.get(pk=c.pk), branch=central))
                      for c in copies])
    assert all(kind == "ok" for kind, _value in outcomes), outcomes
    served = sorted(Hold.objects.filter(status="ready").values_list("pk", flat=True))
    assert served == sorted(h.pk for h in waiting[:2])


def test_one_reader_at_two_desks_cannot_pass_the_item_limit(make_user, central):
    desk = make_user("librarian")
    reader = ReaderFactory()
    CirculationPolicy.objects.create(reader_category=reader.category, item_limit=2)
    services.checkout(actor=desk, item=ItemFactory(branch=central), reader=reader, branch=central)
    for _round in range(ROUNDS):
        items = [ItemFactory(branch=central) for _ in range(THREADS)]
        outcomes = _race([
            (lambda i=i: services.checkout(actor=desk, item=type(i).objects.get(pk=i.pk), reader=reader,
                                           branch=central)) for i in items])
        kinds = sorted(kind for kind, _value in outcomes)
        expected = ["ok"] + ["refused"] * (THREADS - 1) if _round == 0 else ["refused"] * THREADS
        assert kinds == expected, outcomes
        assert all(error.code == "item_limit" for kind, error in outcomes if kind == "refused")
        assert Loan.objects.filter(reader=reader, returned_at__isnull=True).count() == 2


def test_one_reader_placing_holds_in_parallel_keeps_the_hold_limit_and_one_per_title(make_user, central):
    desk = make_user("librarian")
    reader = ReaderFactory()
    CirculationPolicy.objects.create(reader_category=reader.category, hold_limit=2)
    records = [ItemFactory(branch=central, status=ItemStatus.ON_LOAN).record for _ in range(THREADS)]
    outcomes = _race([
        (lambda r=r: services.hold_place(actor=desk, reader=reader, record=r, pickup_branch=central))
        for r in records])
    assert sorted(kind for kind, _value in outcomes) == ["ok"] * 2 + ["refused"] * (THREADS - 2), outcomes
    same_title = RecordFactory()
    ItemFactory(record=same_title, branch=central, status=ItemStatus.ON_LOAN)
    other = ReaderFactory()
    outcomes = _race([
        (lambda: services.hold_place(actor=desk, reader=other, record=same_title, pickup_branch=central))
        for _ in range(THREADS)])
    assert sorted(kind for kind, _value in outcomes) == ["ok"] + ["refused"] * (THREADS - 1), outcomes
    assert Hold.objects.filter(reader=other, record=same_title).count() == 1
