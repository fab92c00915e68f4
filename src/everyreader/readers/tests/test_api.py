"""The API applies the same rules as the pages (permission matrix + audit)."""

import pytest

from everyreader.core.models import AuditEvent
from everyreader.readers.models import NeedsProfile, Reader, Segment
from everyreader.readers.tests.test_permissions import ROLES

L, D, P, A = "librarian", "department_head", "programme_manager", "administrator"


def endpoints(w):
    r, plain, sensitive = w["reader"].pk, w["plain"].pk, w["sensitive"].pk
    return [
        ("get", "/api/v1/readers/", {L, D, P, A}),
        ("get", f"/api/v1/readers/{r}/", {L, D, P, A}),
        ("get", f"/api/v1/readers/{r}/needs/", {D}),
        ("get", f"/api/v1/readers/{r}/history/", {D}),
        ("get", "/api/v1/segments/", {L, D, P}),
        ("get", f"/api/v1/segments/{plain}/", {L, D, P}),
        ("get", f"/api/v1/segments/{plain}/members/", {D, P}),
        ("get", f"/api/v1/segments/{sensitive}/members/", {D}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_read_matrix(client, make_user, world, role):
    client.force_login(make_user(role))
    wrong = []
    for method, url, allowed in endpoints(world):
        status = getattr(client, method)(url).status_code
        if status != (200 if role in allowed else 403):
            wrong.append((url, status))
    assert not wrong


@pytest.mark.django_db
def test_api_anonymous_is_refused(client, world):
    for method, url, _allowed in endpoints(world):
        assert getattr(client, method)(url).status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("librarian", 201), ("programme_manager", 403), ("reader", 403)])
def test_api_create_reader(client, make_user, role, status):
    client.force_login(make_user(role))
    response = client.post("/api/v1/readers/", {"family_name": "钱", "given_name": "多", "phone": "13600000001",
                                                "preferred_contact": "sms", "category": "adult"},
                           content_type="application/json")
    assert response.status_code == status
    assert Reader.objects.count() == (1 if status == 201 else 0)


@pytest.mark.django_db
def test_api_duplicate_and_bad_input(client_as):
    client = client_as("librarian")
    body = {"family_name": "钱", "given_name": "多", "phone": "13600000001", "preferred_contact": "sms"}
    assert client.post("/api/v1/readers/", body, content_type="application/json").status_code == 201
    response = client.post("/api/v1/readers/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["possible_duplicates"]
    response = client.post("/api/v1/readers/", {"family_name": "", "birth_year": "x"},
                           content_type="application/json")
    assert response.status_code == 400
    assert Reader.objects.count() == 1


@pytest.mark.django_db
def test_api_needs_put_requires_consent_and_is_audited(client, world, make_user):
    head = make_user("department_head")
    client.force_login(head)
    url = f"/api/v1/readers/{world['reader'].pk}/needs/"
    response = client.put(url, {"needs": [{"type": "blind", "level": "cannot"}], "reason": "api"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()["needs"][0]["type"] == "blind"
    assert AuditEvent.objects.filter(action="reader.needs_changed", actor=head).exists()
    stranger = Reader.objects.create(card_number="Z1", family_name="甲")
    response = client.put(f"/api/v1/readers/{stranger.pk}/needs/", {"needs": [], "reason": "api"},
                          content_type="application/json")
    assert response.status_code == 400 and not NeedsProfile.objects.filter(reader=stranger).exists()


@pytest.mark.django_db
def test_api_segments_sizes_are_suppressed_and_members_audited(client, world, make_user):
    client.force_login(make_user("department_head"))
    data = client.get(f"/api/v1/segments/{world['sensitive'].pk}/").json()
    assert data["size"] == "<5" and data["uses_needs_data"] is True
    before = AuditEvent.objects.filter(action="segment.members_listed").count()
    members = client.get(f"/api/v1/segments/{world['sensitive'].pk}/members/").json()
    assert members["count"] == 1 and "needs" not in members["results"][0]
    assert AuditEvent.objects.filter(action="segment.members_listed").count() == before + 1
    response = client.post("/api/v1/segments/", {"name": "bad", "rules": {"conditions": [{"field": "x"}]}},
                           content_type="application/json")
    assert response.status_code == 400 and not Segment.objects.filter(name="bad").exists()
