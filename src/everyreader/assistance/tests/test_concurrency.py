"""Real races: threads with their own database connections (SQLite file database or PostgreSQL),
released together by a barrier. Exactly one reader gets the last place / the contested dates."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from everyreader.assistance import device_services, slot_services
from everyreader.assistance.models import DeviceBooking, Slot, SlotBooking
from everyreader.assistance.tests.factories import DeviceFactory, SlotFactory
from everyreader.core.errors import DomainError
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 4


def _race(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    results = []

    def run(args):
        try:
            barrier.wait()
            fn(*args)
            results.append("ok")
        except DomainError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(args,)) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    close_old_connections()
    return results


def test_readers_racing_for_the_last_place(make_user):
    slot = SlotFactory(capacity=1)
    readers = [ReaderFactory(user=make_user("reader")) for _ in range(RACERS)]
    results = _race(lambda r: slot_services.slot_book(actor=r.user, slot=slot, reader=r), [(r,) for r in readers])
    assert sorted(results) == ["ok"] + ["refused"] * (RACERS - 1)
    slot.refresh_from_db()
    assert slot.booked == 1 and SlotBooking.objects.filter(slot=slot).count() == 1


def test_two_places_many_readers(make_user):
    slot = SlotFactory(capacity=2)
    readers = [ReaderFactory(user=make_user("reader")) for _ in range(RACERS)]
    results = _race(lambda r: slot_services.slot_book(actor=r.user, slot=slot, reader=r), [(r,) for r in readers])
    assert results.count("ok") == 2
    assert Slot.objects.get(pk=slot.pk).booked == SlotBooking.objects.filter(slot=slot).count() == 2


def test_same_reader_double_submit(make_user):
    slot = SlotFactory(capacity=5)
    reader = ReaderFactory(user=make_user("reader"))
    results = _race(lambda r: slot_services.slot_book(actor=r.user, slot=slot, reader=r), [(reader,)] * 3)
    assert results.count("ok") == 1
    assert Slot.objects.get(pk=slot.pk).booked == 1 and SlotBooking.objects.count() == 1


def test_readers_racing_for_the_same_device_dates(make_user):
    device = DeviceFactory()
    readers = [ReaderFactory(user=make_user("reader")) for _ in range(RACERS)]
    start = timezone.localdate() + dt.timedelta(days=3)

    def book(r):
        device_services.device_booking_request(actor=r.user, reader=r, device=device, start_date=start,
                                               end_date=start + dt.timedelta(days=5))

    results = _race(book, [(r,) for r in readers])
    assert results.count("ok") == 1
    assert DeviceBooking.objects.filter(device=device).count() == 1
