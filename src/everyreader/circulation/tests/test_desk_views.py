"""The circulation desk pages: reader lookup, the reader panel (what it shows, what it hides,
how many queries), alerts and focus, check-in log, lists."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from everyreader.circulation.models import HoldStatus, Loan
from everyreader.circulation.tests.desk_fixtures import (HoldFactory, LoanFactory, TransferFactory,  # noqa: F401
                                                         due_in, english)
from everyreader.core.models import AuditEvent
from everyreader.readers import needs_services
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LOW_VISION = {"needs": [{"type": "low-vision", "level": "a_lot", "source": "self", "since": "2024-03"}],
              "formats": ["large_print"], "large_print_size": 24, "assistance": ["home_delivery"]}


@pytest.fixture
def reader(central):
    reader = ReaderFactory(card_number="A0001", service_preferences=["large_print_letters", "seating"],
                           home_branch=central)
    return reader


@pytest.fixture
def with_needs(reader, make_user):
    head = make_user("department_head")
    needs_services.consent_give(actor=head, reader=reader, channel="in_person")
    needs_services.needs_profile_set(actor=head, reader=reader, data=LOW_VISION, reason="desk")
    return reader


def field_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def panel(client, reader, **params):
    return client.get(reverse("circulation:desk_reader", args=[reader.pk]), params)


def test_card_lookup_opens_the_panel(client, librarian, reader):
    client.force_login(librarian)
    response = client.get(reverse("circulation:desk"), {"card": " A0001 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("circulation:desk_reader", args=[reader.pk])


def test_unknown_card_says_so_and_keeps_focus_on_the_card(client, librarian):
    client.force_login(librarian)
    response = client.get(reverse("circulation:desk"), {"card": "NOPE"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "NOPE" in html and 'class="error-summary' in html
    assert "autofocus" in field_tag(html, "card")


def test_erased_readers_are_not_found(client, librarian, reader):
    reader.anonymised_at = timezone.now()
    reader.save()
    client.force_login(librarian)
    assert client.get(reverse("circulation:desk"), {"card": "A0001"}).status_code == 200
    assert panel(client, reader).status_code == 404


def test_panel_shows_loans_holds_blocks_and_shared_preferences(client, librarian, reader):
    LoanFactory(reader=reader, item__record__title="红楼梦", due_at=due_in(-2))
    LoanFactory(reader=reader, item__record__title="西游记", due_at=due_in(10))
    HoldFactory(reader=reader, record__title="水浒传", status=HoldStatus.READY, expires_at=due_in(3))
    client.force_login(librarian)
    html = panel(client, reader).content.decode()
    for text in ("红楼梦", "西游记", "水浒传", "A0001", "Prefers large-print letters", "Needs a seat at the desk"):
        assert text in html
    assert "overdue" in html
    assert 'role="alert"' not in html  # no alert before anything happened
    # the item field has the focus: the next thing is to scan an item
    assert "autofocus" in field_tag(html, "barcode")
    assert "autofocus" not in field_tag(html, "card")


def test_panel_never_shows_sensitive_needs_without_the_permission(client, librarian, with_needs):
    client.force_login(librarian)
    html = panel(client, with_needs, needs="1").content.decode()
    assert "Needs profile" not in html and "Low vision" not in html and "low-vision" not in html
    assert not AuditEvent.objects.filter(action__startswith="reader.needs_viewed").exists()


def test_panel_shows_needs_on_request_to_holders_of_the_permission_and_audits(client, make_user, central,
                                                                             with_needs):
    head = make_user("department_head", "librarian", branch=central)
    client.force_login(head)
    html = panel(client, with_needs).content.decode()
    assert "Show needs profile" in html
    assert not AuditEvent.objects.filter(action="reader.needs_viewed_at_desk").exists()
    html = panel(client, with_needs, needs="1").content.decode()
    assert "24" in html and "Functional needs" in html
    assert AuditEvent.objects.filter(action="reader.needs_viewed_at_desk", actor=head).count() == 1


def test_panel_query_count_does_not_grow_with_loans(client, librarian, reader, django_assert_max_num_queries):
    client.force_login(librarian)
    for _n in range(2):
        LoanFactory(reader=reader)
    with django_assert_max_num_queries(14) as small:
        panel(client, reader)
    for _n in range(15):
        LoanFactory(reader=reader)
        HoldFactory(reader=reader)
    with django_assert_max_num_queries(len(small.captured_queries)):
        panel(client, reader)


def test_checkout_of_unknown_barcode_is_an_alert_and_nothing_changes(client, librarian, reader):
    client.force_login(librarian)
    response = client.post(reverse("circulation:desk_checkout", args=[reader.pk]), {"barcode": "ZZZ"}, follow=True)
    html = response.content.decode()
    assert 'role="alert"' in html and "ZZZ" in html
    assert not Loan.objects.exists()
    # the alert is shown once
    assert 'role="alert"' not in panel(client, reader).content.decode()


def test_checkout_with_empty_barcode(client, librarian, reader):
    client.force_login(librarian)
    response = client.post(reverse("circulation:desk_checkout", args=[reader.pk]), {"barcode": " "}, follow=True)
    assert 'role="alert"' in response.content.decode()
    assert not Loan.objects.exists()


def test_renew_a_loan_of_someone_else_is_refused(client, librarian, reader):
    other = LoanFactory()
    client.force_login(librarian)
    due = other.due_at
    response = client.post(reverse("circulation:desk_renew", args=[reader.pk]), {"loan": other.pk}, follow=True)
    assert 'role="alert"' in response.content.decode()
    other.refresh_from_db()
    assert other.due_at == due and other.renewal_count == 0


def test_checkin_unknown_barcode_is_logged_as_an_error(client, librarian):
    client.force_login(librarian)
    response = client.post(reverse("circulation:checkin"), {"barcode": "NOPE1"}, follow=True)
    html = response.content.decode()
    assert 'role="alert"' in html and "NOPE1" in html
    assert html.count("NOPE1") >= 2  # the alert and the session log
    client.post(reverse("circulation:checkin_clear"))
    assert "NOPE1" not in client.get(reverse("circulation:checkin")).content.decode()


def test_checkin_with_empty_barcode_shows_the_error_summary(client, librarian):
    client.force_login(librarian)
    response = client.post(reverse("circulation:checkin"), {"barcode": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


@pytest.mark.parametrize("name", ["hold_shelf", "pick_list", "transfers"])
def test_lists_query_counts(client, librarian, central, name, django_assert_max_num_queries):
    from everyreader.catalog.tests.factories import ItemFactory

    for _n in range(12):
        HoldFactory(status=HoldStatus.READY, expires_at=due_in(2), pickup_branch=central)
        HoldFactory(status=HoldStatus.WAITING, item=ItemFactory(branch=central), pickup_branch=central)
        TransferFactory(to_branch=central)
    client.force_login(librarian)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(f"circulation:{name}"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 12


def test_list_branch_filter_defaults_to_own_branch(client, librarian, central):
    from everyreader.accounts.tests.factories import BranchFactory

    east = BranchFactory(code="east", name="东区分馆")
    HoldFactory(status=HoldStatus.READY, expires_at=due_in(2), pickup_branch=east, record__title="东区的书")
    HoldFactory(status=HoldStatus.READY, expires_at=due_in(2), pickup_branch=central, record__title="总馆的书")
    client.force_login(librarian)
    html = client.get(reverse("circulation:hold_shelf")).content.decode()
    assert "总馆的书" in html and "东区的书" not in html
    html = client.get(reverse("circulation:hold_shelf"), {"branch": ""}).content.decode()
    assert "总馆的书" in html and "东区的书" in html


def test_staff_home_lists_copies_to_pull_and_arrivals(librarian, central, make_user):
    from everyreader.catalog.tests.factories import ItemFactory
    from everyreader.circulation.desk_registry import attention

    assert attention(librarian) == []
    HoldFactory(status=HoldStatus.WAITING, item=ItemFactory(branch=central), pickup_branch=central)
    TransferFactory(to_branch=central)
    TransferFactory(to_branch=central)
    from django.utils import translation

    with translation.override("en"):
        items = {str(i.label): i.count for i in attention(librarian)}
    assert items == {"Copies to pull for holds": 1, "Items in transit": 2}
    assert attention(make_user("programme_manager")) == []
