"""The desk and self-service pages driving the real services: checkout, renew, check-in routing
(shelve, hold shelf for a named reader, send to another branch), receiving a transfer, placing
and cancelling a hold, the history opt-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import services
from everyreader.circulation.models import Hold, HoldStatus, Loan, LoanHistorySetting, Transfer
from everyreader.circulation.tests.desk_fixtures import english  # noqa: F401
from everyreader.circulation.tests.factories import ItemFactory, ReaderFactory, RecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def desk(client, reader):
    return reverse("circulation:desk_reader", args=[reader.pk])


def test_scan_card_then_item_checks_out(client, librarian, reader, item):
    client.force_login(librarian)
    response = client.get(reverse("circulation:desk"), {"card": reader.card_number}, follow=True)
    assert response.redirect_chain[-1][0] == desk(client, reader)
    response = client.post(reverse("circulation:desk_checkout", args=[reader.pk]), {"barcode": item.barcode},
                           follow=True)
    html = response.content.decode()
    assert 'role="status"' in html and "Checked out" in html and item.record.title in html
    loan = Loan.objects.get(item=item)
    assert loan.reader == reader and loan.checked_out_by == librarian and loan.branch == librarian.branch
    # reloading the panel does not check out again and shows no stale alert
    html = client.get(desk(client, reader)).content.decode()
    assert "Checked out" not in html and Loan.objects.count() == 1


def test_checkout_refused_shows_an_alert_and_changes_nothing(client, librarian, reader, other_reader, item):
    services.checkout(actor=librarian, item=item, reader=other_reader, branch=librarian.branch)
    client.force_login(librarian)
    response = client.post(reverse("circulation:desk_checkout", args=[reader.pk]), {"barcode": item.barcode},
                           follow=True)
    html = response.content.decode()
    assert 'role="alert"' in html and "Not checked out" in html
    assert Loan.objects.get().reader == other_reader


def test_renew_one_and_all_from_the_panel(client, librarian, reader, central):
    loans = [services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=reader, branch=central)
             for _n in range(2)]
    client.force_login(librarian)
    response = client.post(reverse("circulation:desk_renew", args=[reader.pk]), {"loan": loans[0].pk}, follow=True)
    assert "Renewed" in response.content.decode()
    assert [Loan.objects.get(pk=loan.pk).renewal_count for loan in loans] == [1, 0]
    client.post(reverse("circulation:desk_renew", args=[reader.pk]), {"loan": "all"})
    assert [Loan.objects.get(pk=loan.pk).renewal_count for loan in loans] == [2, 1]


def test_renewal_refused_when_someone_waits(client, librarian, reader, other_reader, item):
    loan = services.checkout(actor=librarian, item=item, reader=reader, branch=librarian.branch)
    services.hold_place(actor=librarian, reader=other_reader, record=item.record, pickup_branch=librarian.branch)
    client.force_login(librarian)
    response = client.post(reverse("circulation:desk_renew", args=[reader.pk]), {"loan": loan.pk}, follow=True)
    assert 'role="alert"' in response.content.decode()
    assert Loan.objects.get(pk=loan.pk).renewal_count == 0


def test_checkin_tells_what_to_do(client, librarian, reader, other_reader, central, east):
    held = ItemFactory(branch=central)
    services.checkout(actor=librarian, item=held, reader=reader, branch=central)
    services.hold_place(actor=librarian, reader=other_reader, record=held.record, pickup_branch=central)
    plain = ItemFactory(branch=central)
    services.checkout(actor=librarian, item=plain, reader=reader, branch=central)
    away = ItemFactory(branch=central)
    third = ReaderFactory(home_branch=east, family_name="周", given_name="远")
    services.checkout(actor=librarian, item=away, reader=reader, branch=central)
    services.hold_place(actor=librarian, reader=third, record=away.record, pickup_branch=east)
    client.force_login(librarian)
    for barcode in (plain.barcode, held.barcode, away.barcode):
        client.post(reverse("circulation:checkin"), {"barcode": barcode})
    html = client.get(reverse("circulation:checkin")).content.decode()
    assert "Put it back on the shelf." in html
    assert f"hold shelf for {other_reader.full_name} (card {other_reader.card_number})" in html
    assert "Send it to 东区分馆 for 周远" in html
    assert not Loan.objects.filter(returned_at__isnull=True).exists()


def test_receive_a_transfer_from_the_transit_list(client, librarian, reader, other_reader, central, east,
                                                   make_user):
    item = ItemFactory(branch=east)
    other = make_user("librarian", branch=east)
    services.checkout(actor=other, item=item, reader=other_reader, branch=east)
    services.hold_place(actor=other, reader=reader, record=item.record, pickup_branch=central)
    services.checkin(actor=other, item=item, branch=east)  # returned at east, the hold waits at central
    transfer = Transfer.objects.get(item=item, received_at__isnull=True)
    client.force_login(librarian)
    assert item.barcode in client.get(reverse("circulation:transfers")).content.decode()
    response = client.post(reverse("circulation:transfer_receive", args=[transfer.pk]), follow=True)
    assert "hold shelf" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.received_at is not None
    assert Hold.objects.get(reader=reader).status == HoldStatus.READY


def test_reader_places_renews_and_cancels(client, make_user, central):
    user = make_user("reader")
    reader = ReaderFactory(user=user, home_branch=central)
    record = RecordFactory(title="想借的书")
    ItemFactory(record=record, branch=central, status=ItemStatus.ON_LOAN)
    client.force_login(user)
    response = client.post(reverse("circulation:me_hold_new"), {"record": record.pk, "pickup_branch": central.pk},
                           follow=True)
    assert "想借的书" in response.content.decode()
    hold = Hold.objects.get(reader=reader)
    assert hold.status == HoldStatus.WAITING and hold.placed_by == user
    response = client.post(reverse("circulation:me_hold_new"), {"record": record.pk, "pickup_branch": central.pk})
    assert "error-summary" in response.content.decode() and Hold.objects.count() == 1
    client.post(reverse("circulation:me_hold_cancel", args=[hold.pk]))
    assert Hold.objects.get().status == HoldStatus.CANCELLED


def test_reader_renews_own_loan(client, make_user, librarian, central):
    user = make_user("reader")
    reader = ReaderFactory(user=user, home_branch=central)
    loan = services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=reader, branch=central)
    client.force_login(user)
    response = client.post(reverse("circulation:me_renew"), {"loan": loan.pk}, follow=True)
    assert "renewed" in response.content.decode()
    assert Loan.objects.get().renewal_count == 1


def test_history_opt_in_and_out(client, make_user, librarian, central):
    user = make_user("reader")
    reader = ReaderFactory(user=user, home_branch=central)
    item = ItemFactory(branch=central, record__title="旧书")
    services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    services.checkin(actor=librarian, item=item, branch=central)
    client.force_login(user)
    assert "旧书" not in client.get(reverse("circulation:me_history")).content.decode()
    client.post(reverse("circulation:me_history"), {"keep": "on"})
    assert LoanHistorySetting.objects.get(reader=reader).keep_history is True
    assert "旧书" in client.get(reverse("circulation:me_history")).content.decode()
    client.post(reverse("circulation:me_history"), {})
    assert LoanHistorySetting.objects.get(reader=reader).keep_history is False
    assert "旧书" not in client.get(reverse("circulation:me_history")).content.decode()
