"""Demo circulation history: consistent with item statuses, deterministic, idempotent, shaped."""

import datetime as dt
import random

import pytest
from django.db.models import Count
from django.utils import timezone

from everyreader.accounts.tests.factories import BranchFactory, UserFactory
from everyreader.catalog.models import Item
from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import Format, ItemStatus
from everyreader.circulation import demo, demo_sim
from everyreader.circulation.models import Hold, HoldStatus, Loan, LoanHistorySetting, LoanStatistic
from everyreader.messaging.models import OutboundMessage
from everyreader.readers.models import ContactChannel, Reader
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

FORMATS = [Format.PRINT, Format.PRINT, Format.LARGE_PRINT, Format.AUDIO, Format.BRAILLE, Format.EASY_READ]


@pytest.fixture
def library():
    rng = random.Random(7)
    central = BranchFactory(code="central", name="总馆", opening_days=[0, 1, 2, 3, 4, 5, 6])
    east = BranchFactory(code="east", name="东城分馆", opening_days=[1, 3, 5, 6])
    UserFactory(username="librarian")
    for n in range(40):
        record = RecordFactory(format=FORMATS[n % len(FORMATS)],
                               audience="children" if n % 5 == 0 else "general")
        for copy in range(1 + n % 2):
            ItemFactory(record=record, branch=central if copy == 0 else east, barcode=f"DM{n:03d}-{copy}")
    withdrawn = ItemFactory(record=RecordFactory(), branch=central, barcode="DM-W", status=ItemStatus.WITHDRAWN)
    long_ago = timezone.now() - dt.timedelta(days=1000)
    for n in range(60):
        reader = ReaderFactory(card_number=f"D{n:07d}", home_branch=central if n % 3 else east,
                               category=["adult", "senior", "child", "teen"][n % 4],
                               service_preferences=["large_print_letters"] if n % 6 == 1 else [],
                               preferred_contact=[ContactChannel.SMS, ContactChannel.PHONE,
                                                  ContactChannel.LARGE_PRINT_LETTER][n % 3])
        Reader.objects.filter(pk=reader.pk).update(created_at=long_ago + dt.timedelta(days=rng.randint(0, 600)))
    return {"withdrawn": withdrawn}


def seed():
    ctx = {}
    demo.seed(ctx)
    return ctx


def fingerprint():
    return (
        list(Loan.objects.order_by("pk").values_list("item_id", "reader_id", "branch_id", "channel",
                                                      "checked_out_at", "due_at", "returned_at",
                                                      "renewal_count", "anonymised_at")),
        list(Hold.objects.order_by("pk").values_list("reader_id", "record_id", "status", "placed_at",
                                                      "item_id", "closed_at")),
        list(Item.objects.order_by("pk").values_list("pk", "status")),
        sorted(OutboundMessage.objects.values_list("purpose", "reader_id", "subject", "status", "created_at")),
    )


def test_items_agree_with_open_loans_and_ready_holds(library):
    ctx = seed()
    assert ctx["circulation_demo"]["loans"] > 100
    open_loans = Loan.objects.filter(returned_at__isnull=True)
    assert open_loans.exists()
    assert not open_loans.values("item").annotate(n=Count("id")).filter(n__gt=1).exists()
    on_loan = set(Item.objects.filter(status=ItemStatus.ON_LOAN).values_list("pk", flat=True))
    assert on_loan == set(open_loans.values_list("item_id", flat=True))
    ready = Hold.objects.filter(status=HoldStatus.READY)
    assert set(Item.objects.filter(status=ItemStatus.ON_HOLD).values_list("pk", flat=True)) == \
        set(ready.values_list("item_id", flat=True))
    assert not Hold.objects.filter(status=HoldStatus.WAITING, item__isnull=False).exists()
    assert not Loan.objects.filter(item=library["withdrawn"]).exists()
    assert Item.objects.get(pk=library["withdrawn"].pk).status == ItemStatus.WITHDRAWN


def test_loans_of_one_item_never_overlap_and_dates_are_ordered(library):
    seed()
    previous = {}
    for loan in Loan.objects.order_by("checked_out_at", "pk"):
        assert loan.due_at > loan.checked_out_at
        assert loan.returned_at is None or loan.returned_at > loan.checked_out_at
        before = previous.get(loan.item_id)
        assert before is None or (before.returned_at is not None and before.returned_at <= loan.checked_out_at)
        previous[loan.item_id] = loan
    assert Loan.objects.filter(checked_out_at__gte=timezone.now()).count() == 0


def test_one_statistic_per_loan_and_anonymised_per_privacy_rule(library):
    seed()
    assert LoanStatistic.objects.count() == Loan.objects.count()
    cutoff = timezone.now() - dt.timedelta(days=demo.anonymise_days())
    keepers = set(LoanHistorySetting.objects.filter(keep_history=True).values_list("reader_id", flat=True))
    assert not Loan.objects.filter(returned_at__isnull=True, reader__isnull=True).exists()
    old = Loan.objects.filter(returned_at__lt=cutoff - dt.timedelta(days=1))
    assert old.filter(reader__isnull=True).exists()
    assert not old.filter(reader__isnull=False).exclude(reader_id__in=keepers).exists()
    assert not Loan.objects.filter(reader__isnull=True, anonymised_at__isnull=True).exists()
    if keepers:
        assert old.filter(reader_id__in=keepers, reader__isnull=False).exists()


def test_notices_are_keyed_like_the_notice_job_and_dated_in_the_past(library):
    seed()
    notices = OutboundMessage.objects.filter(purpose__startswith="loan.")
    assert notices.exists()
    for message in notices.select_related("reader"):
        _, kind_loan, loan_id, kind, due = message.dedupe_key.split(":")
        loan = Loan.objects.get(pk=int(loan_id))
        assert kind_loan == "loan" and message.purpose == f"loan.{kind}"
        assert due == timezone.localdate(loan.due_at).isoformat()
        assert loan.reader_id == message.reader_id
        assert message.created_at < timezone.now()


def test_seed_is_idempotent(library):
    seed()
    before = fingerprint()
    counts = (LoanStatistic.objects.count(), LoanHistorySetting.objects.count())
    seed()
    assert fingerprint() == before
    assert (LoanStatistic.objects.count(), LoanHistorySetting.objects.count()) == counts


def test_seeding_again_repairs_made_up_statuses_of_new_copies(library):
    seed()
    record = Item.objects.filter(status=ItemStatus.AVAILABLE).first().record
    stray = ItemFactory(record=record, branch=library["withdrawn"].branch, barcode="DM-NEW",
                        status=ItemStatus.ON_LOAN)
    before = fingerprint()[:2]
    seed()
    assert Item.objects.get(pk=stray.pk).status == ItemStatus.AVAILABLE
    assert fingerprint()[:2] == before  # no loan or hold added
    assert Item.objects.get(pk=library["withdrawn"].pk).status == ItemStatus.WITHDRAWN


def test_seed_is_deterministic(library):
    seed()
    first = fingerprint()
    for model in (OutboundMessage, LoanStatistic, Hold, Loan, LoanHistorySetting):
        model.objects.all().delete()
    Item.objects.filter(status__in=demo.CIRCULATING).update(status=ItemStatus.AVAILABLE)
    seed()
    assert fingerprint() == first


def test_history_has_the_demo_shape(library):
    figures = seed()["circulation_demo"]
    weekday = figures["weekday"]
    assert min(weekday[5], weekday[6]) > sum(weekday[:5]) / 5  # weekends are busier
    assert figures["titles_lent"] < 41  # some titles are never lent
    assert 0 < figures["returned_late_share"] < 0.4
    assert figures["renewed_share"] > 0
    assert figures["holds"] > 0


def test_simulation_helpers():
    assert demo_sim.next_open(dt.date(2026, 11, 23), [1, 3]) == dt.date(2026, 11, 24)  # Monday -> Tuesday
    assert demo_sim.next_open(dt.date(2026, 11, 23), []) == dt.date(2026, 11, 23)
    assert demo_sim.school_holiday(dt.date(2026, 8, 1)) and not demo_sim.school_holiday(dt.date(2026, 10, 8))
    assert demo_sim.season(dt.date(2026, 8, 1), True) > demo_sim.season(dt.date(2026, 8, 1), False)
    item = demo_sim.ItemInfo(1, 1, 1, "print", "general")
    reader = demo_sim.ReaderInfo(1, "adult", [], 1, dt.date(2020, 1, 1))
    loan = demo_sim.SimLoan(item=item, reader=reader, branch_id=1, channel="desk", start=dt.date(2026, 1, 5),
                            loan_days=28, renewals_planned=2, late_kind="late", offset=3)
    loan.settle({1: list(range(7))})
    assert loan.renewals == 2 and loan.return_on == dt.date(2026, 1, 5) + dt.timedelta(days=28 * 3 + 3)
    loan.cut_renewals_after(dt.date(2026, 1, 10), {1: list(range(7))})  # someone waits: no renewal
    assert loan.renewals == 0 and loan.due == dt.date(2026, 2, 2)
    assert loan.return_on == dt.date(2026, 2, 5)


def test_fines_only_for_late_print_returns_under_the_demo_policies(library):
    from everyreader.circulation.models import Fine, FineStatus

    seed()
    fines = list(Fine.objects.select_related("loan__item"))
    assert fines and any(f.status == FineStatus.OUTSTANDING for f in fines)
    for fine in fines:
        assert fine.amount > 0
        if fine.loan is not None:
            assert fine.loan.item.format == Format.PRINT and fine.loan.returned_at > fine.loan.due_at
            assert fine.loan.reader_id in (fine.reader_id, None)
        else:
            assert fine.status != FineStatus.OUTSTANDING and not fine.title
    seed()  # idempotent
    assert Fine.objects.count() == len(fines)
