"""Permission matrix: every role × every desk, statistics and self-service page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from everyreader.circulation.tests.desk_fixtures import TransferFactory
from everyreader.readers.tests.factories import ReaderFactory

ROLES = ["reader", "librarian", "department_head", "programme_manager", "administrator"]
L, D, P, A = "librarian", "department_head", "programme_manager", "administrator"
DESK = {L, D, A}
STATS = {D, P, A}


@pytest.fixture
def world(db, central):
    return {"reader": ReaderFactory(), "transfer": TransferFactory(to_branch=central)}


def pages(w):
    r = w["reader"].pk
    return [
        ("get", "circulation:desk", [], DESK),
        ("get", "circulation:desk_reader", [r], DESK),
        ("post", "circulation:desk_checkout", [r], DESK),
        ("post", "circulation:desk_renew", [r], DESK),
        ("get", "circulation:checkin", [], DESK),
        ("post", "circulation:checkin", [], DESK),
        ("post", "circulation:checkin_clear", [], DESK),
        ("get", "circulation:hold_shelf", [], DESK),
        ("get", "circulation:pick_list", [], DESK),
        ("get", "circulation:transfers", [], DESK),
        ("post", "circulation:transfer_receive", [w["transfer"].pk], DESK),
        ("get", "circulation:statistics", [], STATS),
        ("get", "circulation:statistics_export", ["csv"], STATS),
        ("get", "circulation:statistics_export", ["xlsx"], STATS),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_matrix(client, make_user, world, role, central):
    client.force_login(make_user(role, branch=central))
    wrong = []
    for method, name, args, allowed in pages(world):
        response = getattr(client, method)(reverse(name, args=args))
        ok = response.status_code in (200, 302)
        if ok != (role in allowed) or (role not in allowed and response.status_code != 403):
            wrong.append((method, name, response.status_code))
    assert not wrong


@pytest.mark.django_db
def test_staff_pages_need_sign_in(client, world):
    for method, name, args, _allowed in pages(world):
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_self_service_pages_for_every_signed_in_role(client, make_user, role):
    client.force_login(make_user(role))
    for name in ("me_loans", "me_holds", "me_history"):
        assert client.get(reverse(f"circulation:{name}")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_staff_navigation_links(client, make_user, role):
    client.force_login(make_user(role))
    html = client.get(reverse("staff:home")).content.decode() if role != "reader" else ""
    assert (reverse("circulation:desk") in html) == (role in DESK)
    assert (reverse("circulation:statistics") in html) == (role in STATS)
