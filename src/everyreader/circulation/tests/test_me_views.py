"""The reader's own pages: loans with renew, holds with cancel, placing a hold from a record,
and the loan history that exists only with the reader's opt-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from everyreader.circulation.models import Hold, HoldStatus, LoanHistorySetting
from everyreader.circulation.tests.desk_fixtures import HoldFactory, LoanFactory, due_in, english  # noqa: F401
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def me(make_user, central):
    user = make_user("reader")
    return ReaderFactory(user=user, home_branch=central)


@pytest.fixture
def signed_in(client, me):
    client.force_login(me.user)
    return client


def test_loans_page_lists_only_my_open_loans(signed_in, me):
    LoanFactory(reader=me, item__record__title="我的书", due_at=due_in(-1))
    LoanFactory(reader=me, item__record__title="还了的书", returned_at=timezone.now())
    LoanFactory(item__record__title="别人的书")
    html = signed_in.get(reverse("circulation:me_loans")).content.decode()
    assert "我的书" in html and "还了的书" not in html and "别人的书" not in html
    assert "overdue" in html


def test_me_pages_list_in_the_account_menu(signed_in):
    html = signed_in.get(reverse("core:me")).content.decode()
    for name in ("me_loans", "me_holds", "me_history"):
        assert reverse(f"circulation:{name}") in html


def test_renewing_someone_elses_loan_is_refused(signed_in):
    other = LoanFactory()
    due = other.due_at
    response = signed_in.post(reverse("circulation:me_renew"), {"loan": other.pk}, follow=True)
    assert "not on your card" in response.content.decode()
    other.refresh_from_db()
    assert other.due_at == due


def test_holds_page_shows_queue_position(signed_in, me):
    first = HoldFactory(record__title="热门书")
    HoldFactory(reader=me, record=first.record)
    HoldFactory(reader=me, record__title="已到书", status=HoldStatus.READY, expires_at=due_in(5))
    html = signed_in.get(reverse("circulation:me_holds")).content.decode()
    assert "热门书" in html and "number 2 in the queue" in html
    assert "已到书" in html and "collect by" in html


def test_cancelling_someone_elses_hold_is_not_found(signed_in):
    other = HoldFactory()
    assert signed_in.post(reverse("circulation:me_hold_cancel", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == HoldStatus.WAITING


def test_hold_new_needs_a_real_record(signed_in):
    assert signed_in.get(reverse("circulation:me_hold_new")).status_code == 404
    assert signed_in.get(reverse("circulation:me_hold_new"), {"record": "x"}).status_code == 404
    assert signed_in.get(reverse("circulation:me_hold_new"), {"record": "999999"}).status_code == 404


def test_hold_new_form_and_bad_branch(signed_in):
    from everyreader.catalog.tests.factories import RecordFactory

    record = RecordFactory(title="想借的书")
    url = reverse("circulation:me_hold_new") + f"?record={record.pk}"
    html = signed_in.get(url).content.decode()
    assert "想借的书" in html and 'name="pickup_branch"' in html
    response = signed_in.post(reverse("circulation:me_hold_new"), {"record": record.pk, "pickup_branch": "999"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Hold.objects.exists()


def test_history_is_hidden_without_opt_in(signed_in, me):
    LoanFactory(reader=me, item__record__title="旧书", returned_at=timezone.now())
    html = signed_in.get(reverse("circulation:me_history")).content.decode()
    assert "旧书" not in html
    assert 'name="keep"' in html


def test_history_is_shown_with_opt_in(signed_in, me):
    LoanFactory(reader=me, item__record__title="旧书", returned_at=timezone.now())
    LoanHistorySetting.objects.create(reader=me, keep_history=True)
    html = signed_in.get(reverse("circulation:me_history")).content.decode()
    assert "旧书" in html


def test_users_without_a_card_get_an_explanation(client, make_user):
    client.force_login(make_user("librarian"))
    for name in ("me_loans", "me_holds", "me_history"):
        response = client.get(reverse(f"circulation:{name}"))
        assert response.status_code == 200
        assert "<h1>" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for name in ("me_loans", "me_holds", "me_history"):
        response = client.get(reverse(f"circulation:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_loans_page_query_count(signed_in, me, django_assert_max_num_queries):
    for _n in range(20):
        LoanFactory(reader=me)
    with django_assert_max_num_queries(12):
        assert signed_in.get(reverse("circulation:me_loans")).status_code == 200


def test_holds_page_query_count(signed_in, me, django_assert_max_num_queries):
    for _n in range(15):
        HoldFactory(reader=me)
    with django_assert_max_num_queries(12):
        assert signed_in.get(reverse("circulation:me_holds")).status_code == 200


def test_my_loans_says_up_front_when_the_card_has_expired(client, me):
    client.force_login(me.user)
    reader = me
    reader.card_expires = timezone.localdate() - dt.timedelta(days=1)
    reader.save()
    for name in ("circulation:me_loans", "circulation:me_holds"):
        assert "The library card expired on" in client.get(reverse(name)).content.decode()
    reader.card_expires = timezone.localdate()
    reader.save()
    assert "The library card expired on" not in client.get(reverse("circulation:me_loans")).content.decode()
