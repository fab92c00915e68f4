"""The permission matrix: every role x every reader page (and API endpoint) -> allowed or forbidden."""

import pytest
from django.urls import reverse


ROLES = ["reader", "librarian", "department_head", "programme_manager", "administrator"]
L, D, P, A = "librarian", "department_head", "programme_manager", "administrator"
STAFF = {L, D, P, A}
EVERYONE = {"reader", *STAFF}


def staff_pages(w):
    r = w["reader"].pk
    return [
        ("readers:list", [], STAFF),
        ("readers:register", [], {L, D}),
        ("readers:detail", [r], STAFF),
        ("readers:update", [r], {L, D}),
        ("readers:consent", [r], {L, D}),
        ("readers:consent_withdraw", [r], {L, D}),
        ("readers:needs", [r], {D}),
        ("readers:needs_edit", [r], {D}),
        ("readers:needs_history", [r], {D}),
        ("readers:latent_create", [r], {L, D}),
        ("readers:erase", [r], {D, A}),
        ("readers:latent_list", [], {D}),
        ("readers:latent_resolve", [w["latent"].pk], {D}),
        ("readers:erasure_requests", [], {D, A}),
        ("readers:segment_list", [], {L, D, P}),
        ("readers:segment_create", [], {D, P}),
        ("readers:segment_detail", [w["plain"].pk], {L, D, P}),
        ("readers:segment_update", [w["plain"].pk], {D, P}),
        ("readers:segment_export", [w["plain"].pk, "csv"], {D, P}),
        ("readers:segment_export", [w["plain"].pk, "xlsx"], {D, P}),
        ("readers:segment_export", [w["sensitive"].pk, "csv"], {D}),
        ("readers:needs_report", [], {D, P}),
        ("readers:import", [], {D}),
        ("readers:category_list", [], {A}),
        ("readers:category_create", [], {A}),
        ("readers:category_update", [_category_pk("child")], {A}),
    ]


def _category_pk(code: str) -> int:
    from everyreader.readers.models import ReaderCategoryDefinition

    return ReaderCategoryDefinition.objects.get(code=code).pk


READER_PAGES = ["readers:me_profile", "readers:me_needs", "readers:me_consent", "readers:me_needs_edit",
                "readers:me_consent_withdraw", "readers:me_data", "readers:me_data_json", "readers:me_erasure"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_matrix(client, make_user, world, role):
    client.force_login(make_user(role))
    wrong = []
    for name, args, allowed in staff_pages(world):
        status = client.get(reverse(name, args=args)).status_code
        expected = 200 if role in allowed else 403
        if status != expected:
            wrong.append((name, args, status, expected))
    assert not wrong


@pytest.mark.django_db
def test_staff_pages_send_anonymous_visitors_to_sign_in(client, world):
    for name, args, _allowed in staff_pages(world):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_reader_pages_matrix(client, make_user, world, role):
    if role:
        user = make_user(role)
        client.force_login(user)
    for name in READER_PAGES:
        response = client.get(reverse(name))
        if role is None:
            assert response.status_code == 302, name
        else:
            assert response.status_code == 200, (name, role)
    for name, args in [("readers:join", []), ("readers:join_form", []), ("readers:join_step", [1])]:
        assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["librarian", "programme_manager", "administrator"])
def test_list_and_detail_never_show_needs_without_permission(client, make_user, world, role):
    client.force_login(make_user(role))
    for url in (reverse("readers:list"), reverse("readers:detail", args=[world["reader"].pk])):
        html = client.get(url).content.decode()
        assert "低视力" not in html and "Low vision" not in html
        assert "大字" in html or "large-print letters" in html  # the shared service preference
    html = client.get(reverse("readers:detail", args=[world["reader"].pk])).content.decode()
    assert reverse("readers:needs", args=[world["reader"].pk]) not in html


@pytest.mark.django_db
def test_department_head_sees_needs(client, world):
    from everyreader.readers.models import Reader

    head = Reader.objects.get(pk=world["reader"].pk).consents.first().recorded_by
    client.force_login(head)
    html = client.get(reverse("readers:needs", args=[world["reader"].pk])).content.decode()
    assert "低视力" in html
