"""Overdue fines: the amount under the loan's policy, assessment at check-in, the block on
borrowing, paying and waiving (who may, with what), privacy and erasure, the desk, /me/ and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import desk_queries, fines, privacy, services
from everyreader.circulation.models import CirculationPolicy, Fine, FineStatus, Loan, LoanHistorySetting
from everyreader.circulation.tests.desk_fixtures import english  # noqa: F401
from everyreader.circulation.tests.factories import ItemFactory, LoanFactory
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 12, 0))


@pytest.fixture
def fined(reader):
    """A policy for the reader's category: 0.50 a day after 3 grace days, at most 5.00 an item."""
    return CirculationPolicy.objects.create(reader_category=reader.category, fine_per_day="0.50", grace_days=3,
                                            max_fine="5.00")


def late_loan(reader, days_late, *, format="print", branch=None):
    item = ItemFactory(status=ItemStatus.ON_LOAN, format=format, **({"branch": branch} if branch else {}))
    return LoanFactory(item=item, reader=reader, checked_out_at=NOW - dt.timedelta(days=28 + days_late),
                       due_at=NOW - dt.timedelta(days=days_late))


def make_fine(reader, amount="2.00", **fields):
    loan = late_loan(reader, 4)
    return Fine.objects.create(reader=reader, loan=loan, title=loan.item.record.title, barcode=loan.item.barcode,
                               branch=loan.branch, days_late=4, amount=Decimal(amount), assessed_at=NOW, **fields)


# --- the amount ------------------------------------------------------------------------------------

@pytest.mark.parametrize("days_late, expected", [(0, "0.00"), (2, "0.00"), (3, "0.00"), (4, "2.00"),
                                                 (9, "4.50"), (10, "5.00"), (400, "5.00")])
def test_amount_counts_every_day_once_past_the_grace_days_and_stops_at_the_cap(days_late, expected):
    policy = CirculationPolicy(fine_per_day=Decimal("0.50"), grace_days=3, max_fine=Decimal("5.00"))
    days, amount = fines.fine_due(policy, NOW - dt.timedelta(days=days_late), NOW)
    assert (days, amount) == (days_late, Decimal(expected))


def test_no_cap_no_rate_and_local_calendar_days():
    uncapped = CirculationPolicy(fine_per_day=Decimal("0.10"), grace_days=0, max_fine=Decimal("0"))
    assert fines.fine_due(uncapped, NOW - dt.timedelta(days=400), NOW)[1] == Decimal("40.00")
    free = CirculationPolicy(fine_per_day=Decimal("0"), grace_days=0, max_fine=Decimal("0"))
    assert fines.fine_due(free, NOW - dt.timedelta(days=30), NOW) == (30, Decimal("0.00"))
    # Due late in the evening, back early the next morning: one calendar day late.
    due = timezone.make_aware(dt.datetime(2026, 6, 14, 23, 0))
    assert fines.fine_due(uncapped, due, timezone.make_aware(dt.datetime(2026, 6, 15, 8, 0)))[0] == 1


# --- assessment at check-in ------------------------------------------------------------------------

def test_late_checkin_assesses_a_fine_and_says_so(fined, librarian, reader, central):
    loan = late_loan(reader, 6, branch=central)
    result = services.checkin(actor=librarian, item=loan.item, branch=central, now=NOW)
    fine = Fine.objects.get()
    assert (fine.reader, fine.loan, fine.days_late, fine.amount, fine.status) == (
        reader, loan, 6, Decimal("3.00"), FineStatus.OUTSTANDING)
    assert fine.title == loan.item.record.title and fine.barcode == loan.item.barcode and fine.branch == central
    assert result.fine == fine and any("3.00" in str(w) for w in result.warnings)


def test_no_fine_on_time_within_grace_or_under_the_seeded_policies(librarian, reader, central):
    for days in (0, 5, 40):  # seeded policies charge nothing, for any format
        loan = late_loan(reader, days, branch=central)
        services.checkin(actor=librarian, item=loan.item, branch=central, now=NOW)
    CirculationPolicy.objects.create(reader_category=reader.category, fine_per_day="1.00", grace_days=3)
    loan = late_loan(reader, 3, branch=central)
    services.checkin(actor=librarian, item=loan.item, branch=central, now=NOW)
    assert not Fine.objects.exists()


def test_the_loans_own_policy_decides_so_an_accessible_format_row_without_fines_wins(librarian, reader, central):
    CirculationPolicy.objects.create(reader_category=reader.category, fine_per_day="1.00")
    CirculationPolicy.objects.create(reader_category=reader.category, format="braille")  # no fine
    braille = late_loan(reader, 10, format="braille", branch=central)
    services.checkin(actor=librarian, item=braille.item, branch=central, now=NOW)
    assert not Fine.objects.exists()


# --- blocks ----------------------------------------------------------------------------------------

def test_unpaid_fines_at_the_limit_block_borrowing_and_holds_but_not_renewing(librarian, reader, central,
                                                                             settings):
    settings.EVERYREADER_FINE_BLOCK_AMOUNT = "5.00"
    on_loan = LoanFactory(reader=reader, item=ItemFactory(status=ItemStatus.ON_LOAN, branch=central))
    make_fine(reader, "4.99")
    services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=reader, branch=central)
    make_fine(reader, "0.01")
    assert desk_queries.reader_load(reader_id=reader.pk)[1] == Decimal("5.00")
    item = ItemFactory(branch=central)
    with pytest.raises(DomainError) as refused:
        services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    assert refused.value.code == "fines_due" and "5.00" in refused.value.message
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE
    with pytest.raises(DomainError) as refused:
        services.hold_place(actor=librarian, reader=reader, record=item.record, pickup_branch=central)
    assert refused.value.code == "fines_due"
    services.renew(actor=librarian, loan=on_loan)
    settings.EVERYREADER_FINE_BLOCK_AMOUNT = "0"
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)


def test_reader_load_matches_the_orm(reader):
    LoanFactory(reader=reader)
    make_fine(reader, "1.10")
    make_fine(reader, "2.25")
    make_fine(reader, "9.00", status=FineStatus.PAID)
    open_loans = Loan.objects.filter(reader=reader, returned_at__isnull=True).count()
    assert desk_queries.reader_load(reader_id=reader.pk) == (open_loans, fines.outstanding_total(reader.pk))
    assert fines.outstanding_total(reader.pk) == Decimal("3.35")
    assert desk_queries.reader_load(reader_id=reader.pk, format="braille") == (0, Decimal("3.35"))


# --- paying and waiving ----------------------------------------------------------------------------

def test_desk_pays_head_waives_with_a_reason_and_nothing_twice(make_user, reader):
    desk, head = make_user("librarian"), make_user("department_head")
    paid, waived = make_fine(reader), make_fine(reader)
    fines.fine_pay(actor=desk, fine=paid, note="R-2026-0001")
    paid.refresh_from_db()
    assert (paid.status, paid.settled_by, paid.note) == (FineStatus.PAID, desk, "R-2026-0001")
    with pytest.raises(DomainError) as twice:
        fines.fine_pay(actor=desk, fine=paid)
    assert twice.value.code == "already_settled"
    with pytest.raises(PermissionDenied):
        fines.fine_waive(actor=desk, fine=waived, reason="hardship")
    with pytest.raises(DomainError) as no_reason:
        fines.fine_waive(actor=head, fine=waived, reason="  ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(DomainError):
        fines.fine_pay(actor=desk, fine=waived, note="x" * 201)
    fines.fine_waive(actor=head, fine=waived, reason="Hospital stay")
    waived.refresh_from_db()
    assert waived.status == FineStatus.WAIVED and waived.note == "Hospital stay"
    assert set(AuditEvent.objects.filter(action__startswith="fine.").values_list("action", flat=True)) == {
        "fine.paid", "fine.waived"}
    for role in ("reader", "programme_manager"):
        with pytest.raises(PermissionDenied):
            fines.fine_pay(actor=make_user(role), fine=make_fine(reader))


# --- privacy and erasure ---------------------------------------------------------------------------

def test_settled_fines_lose_what_they_were_for_after_retention_unpaid_ones_never(settings, reader):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 30
    old = NOW - dt.timedelta(days=31)
    settled = make_fine(reader, status=FineStatus.PAID, settled_at=old)
    recent = make_fine(reader, status=FineStatus.WAIVED, settled_at=NOW - dt.timedelta(days=5))
    unpaid = make_fine(reader)
    keeper = ReaderFactory()
    LoanHistorySetting.objects.create(reader=keeper, keep_history=True)
    kept = make_fine(keeper, status=FineStatus.PAID, settled_at=old)
    assert privacy.settled_fines_forget(now=NOW) == 1
    assert privacy.settled_fines_forget(now=NOW) == 0
    settled.refresh_from_db()
    assert (settled.loan, settled.title, settled.barcode, settled.amount) == (None, "", "", Decimal("2.00"))
    for fine in (recent, unpaid, kept):
        fine.refresh_from_db()
        assert fine.loan_id and fine.title


def test_erasure_deletes_the_readers_fines(make_user, reader):
    from everyreader.readers.services import reader_erase

    make_fine(reader)
    other = make_fine(ReaderFactory())
    reader_erase(actor=make_user("administrator"), reader=reader)
    assert list(Fine.objects.all()) == [other]


# --- pages -----------------------------------------------------------------------------------------

@pytest.mark.usefixtures("english")
def test_desk_panel_lists_unpaid_fines_and_takes_payment(client_as, reader):
    fine = make_fine(reader, "3.50")
    client = client_as("librarian")
    page = client.get(reverse("circulation:desk_reader", args=[reader.pk])).content.decode()
    assert "Unpaid fines: 3.50 in all" in page and "Paid 3.50" in page
    assert "Reason for waiving" not in page  # librarians cannot waive
    url = reverse("circulation:desk_fine", args=[reader.pk, fine.pk])
    response = client.post(url, {"action": "waive", "note": "hardship"}, follow=True)
    assert "Only a department head" in response.content.decode()
    response = client.post(url, {"action": "pay", "note": "R1"}, follow=True)
    assert "Fine paid: 3.50" in response.content.decode()
    fine.refresh_from_db()
    assert fine.status == FineStatus.PAID
    response = client.post(url, {"action": "pay"}, follow=True)
    assert "That fine is not unpaid" in response.content.decode()
    other = make_fine(ReaderFactory())
    response = client.post(reverse("circulation:desk_fine", args=[reader.pk, other.pk]), {"action": "pay"},
                           follow=True)
    assert "That fine is not unpaid" in response.content.decode()
    other.refresh_from_db()
    assert other.status == FineStatus.OUTSTANDING


@pytest.mark.usefixtures("english")
def test_head_waives_at_the_desk_only_with_a_reason(client_as, reader):
    fine = make_fine(reader)
    client = client_as("department_head")
    url = reverse("circulation:desk_fine", args=[reader.pk, fine.pk])
    assert "Reason for waiving" in client.get(reverse("circulation:desk_reader", args=[reader.pk])).content.decode()
    response = client.post(url, {"action": "waive", "note": ""}, follow=True)
    assert "Give the reason for waiving" in response.content.decode()
    response = client.post(url, {"action": "steal"}, follow=True)
    assert "Choose whether the fine was paid" in response.content.decode()
    client.post(url, {"action": "waive", "note": "Long illness"})
    fine.refresh_from_db()
    assert fine.status == FineStatus.WAIVED


@pytest.mark.usefixtures("english")
def test_reader_sees_own_unpaid_fines_on_my_loans(client_as, reader, settings):
    settings.EVERYREADER_FINE_BLOCK_AMOUNT = "1.00"
    client = client_as("reader")
    reader.user = client.user
    reader.save()
    make_fine(reader, "2.00")
    make_fine(reader, "7.77", status=FineStatus.PAID)
    make_fine(ReaderFactory(), "6.66")
    page = client.get(reverse("circulation:me_loans")).content.decode()
    assert "Fines to pay" in page and "2.00 in all" in page and "you cannot borrow" in page
    assert "7.77" not in page and "6.66" not in page


# --- API -------------------------------------------------------------------------------------------

def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_api_lists_pays_and_waives_with_permissions(make_user, reader):
    fine, other = make_fine(reader, "1.50"), make_fine(ReaderFactory())
    desk = _api(make_user("librarian"))
    listed = desk.get("/api/v1/circulation/fines/", {"reader": reader.card_number, "status": "outstanding"})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [fine.pk]
    assert listed.json()["results"][0]["amount"] == "1.50"
    assert desk.get("/api/v1/circulation/fines/", {"status": "stolen"}).status_code == 400
    assert desk.post(f"/api/v1/circulation/fines/{fine.pk}/waive/", {"note": "x"}).status_code == 403
    paid = desk.post(f"/api/v1/circulation/fines/{fine.pk}/pay/", {"note": "R9"})
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert desk.post(f"/api/v1/circulation/fines/{fine.pk}/pay/", {}).status_code == 400
    head = _api(make_user("department_head"))
    assert head.post(f"/api/v1/circulation/fines/{other.pk}/waive/", {}).status_code == 400
    assert head.post(f"/api/v1/circulation/fines/{other.pk}/waive/", {"note": "ok"}).json()["status"] == "waived"


def test_api_reader_sees_only_own_fines_and_cannot_settle(make_user, reader):
    user = make_user("reader")
    reader.user = user
    reader.save()
    own, _other = make_fine(reader), make_fine(ReaderFactory())
    client = _api(user)
    assert [row["id"] for row in client.get("/api/v1/circulation/fines/").json()["results"]] == [own.pk]
    assert client.get(f"/api/v1/circulation/fines/{_other.pk}/").status_code == 404
    assert client.post(f"/api/v1/circulation/fines/{own.pk}/pay/", {}).status_code == 403
    assert _api(make_user("programme_manager")).get("/api/v1/circulation/fines/").json()["results"] == []


def test_api_checkin_reports_the_fine(fined, make_user, reader, central):
    loan = late_loan(reader, 5, branch=central)
    loan.due_at = timezone.now() - dt.timedelta(days=5)
    loan.save()
    response = _api(make_user("librarian", branch=central)).post("/api/v1/circulation/checkin/",
                                                                 {"item": loan.item.barcode})
    assert response.status_code == 200 and response.json()["fine"] == "2.50"


@pytest.mark.usefixtures("english")
def test_unpaid_fines_list_by_branch_for_staff_who_may_see_fines(client_as, reader, central, east):
    here = make_fine(reader, "1.25")
    Fine.objects.filter(pk=here.pk).update(branch=central)
    there = make_fine(ReaderFactory(), "4.75")
    Fine.objects.filter(pk=there.pk).update(branch=east)
    make_fine(reader, "8.88", status=FineStatus.PAID)
    client = client_as("librarian", branch=central)
    page = client.get(reverse("circulation:fines")).content.decode()  # default: the librarian's branch
    assert "1.25" in page and "4.75" not in page and "8.88" not in page
    assert reverse("circulation:desk_reader", args=[reader.pk]) in page
    page = client.get(reverse("circulation:fines"), {"branch": ""}).content.decode()
    assert "1.25" in page and "4.75" in page
    assert client.get(reverse("circulation:fines"), {"branch": "nonsense"}).status_code == 200
    for role in ("reader", "programme_manager"):
        assert client_as(role).get(reverse("circulation:fines")).status_code in (302, 403)

