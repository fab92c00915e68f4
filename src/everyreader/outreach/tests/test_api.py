import datetime as dt

import pytest

from everyreader.outreach.models import DeliveryProfile, Visit, VisitStatus
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
PROFILES, VISITS = "/api/v1/outreach/profiles/", "/api/v1/outreach/visits/"


@pytest.mark.parametrize("role, status", [("reader", 403), ("administrator", 403), ("programme_manager", 200),
                                          ("librarian", 200), ("department_head", 200)])
def test_read_permissions(client_as, world, role, status):
    client = client_as(role)
    assert client.get(PROFILES).status_code == status
    assert client.get(VISITS).status_code == status
    assert client.get(f"{VISITS}{world['visit'].pk}/").status_code == status


def test_anonymous_refused(client, world):
    assert client.get(PROFILES).status_code in (401, 403)


def test_list_query_count(client_as, world, django_assert_max_num_queries):
    client = client_as("librarian")
    with django_assert_max_num_queries(12):
        data = client.get(VISITS).json()
    assert data["count"] == 1 and data["results"][0]["items"][0]["item"] == world["item"].pk


def test_create_profile_needs_consent_and_validates(client_as, world):
    client = client_as("librarian")
    reader = ReaderFactory()
    body = {"reader": reader.pk, "branch": world["profile"].branch_id, "window_start": "09:00",
            "window_end": "08:00", "address": "北京市", "start_on": "2026-11-23"}
    response = client.post(PROFILES, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["fields"].get("window_end")
    body["window_end"] = "11:00"
    response = client.post(PROFILES, body, content_type="application/json")
    assert response.status_code == 400 and "consent_channel" in response.json()["error"]["fields"]
    assert not DeliveryProfile.objects.filter(reader=reader).exists()
    body["consent_channel"] = "phone"
    response = client.post(PROFILES, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert DeliveryProfile.objects.get(reader=reader).address == "北京市"


def test_programme_manager_cannot_write(client_as, world):
    client = client_as("programme_manager")
    response = client.patch(f"{PROFILES}{world['profile'].pk}/", {"items_per_visit": 5},
                            content_type="application/json")
    assert response.status_code == 403
    world["profile"].refresh_from_db()
    assert world["profile"].items_per_visit == 2


def test_schedule_and_record_visit(client_as, world):
    client = client_as("librarian")
    profile = world["profile"]
    response = client.post(VISITS, {"profile": profile.pk, "date": "2026-11-20"}, content_type="application/json")
    assert response.status_code == 400  # in the past
    response = client.post(VISITS, {"profile": profile.pk, "date": "2026-11-22"}, content_type="application/json")
    assert response.status_code == 201
    visit_id = response.json()["id"]
    response = client.post(f"{VISITS}{visit_id}/record/", {"outcome": "exploded"}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"{VISITS}{visit_id}/record/", {"outcome": "not_home"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == VisitStatus.NOT_HOME
    assert Visit.objects.get(pk=visit_id).recorded_at is not None


def test_record_needs_change_permission(client_as, world):
    client = client_as("programme_manager")
    response = client.post(f"{VISITS}{world['visit'].pk}/record/", {"outcome": "cancelled"},
                           content_type="application/json")
    assert response.status_code == 403
    assert Visit.objects.get(pk=world["visit"].pk).status == VisitStatus.PLANNED


def test_update_profile_day(client_as, world):
    client = client_as("librarian")
    response = client.patch(f"{PROFILES}{world['profile'].pk}/", {"weekday": 4, "window_end": "12:00"},
                            content_type="application/json")
    assert response.status_code == 200
    world["profile"].refresh_from_db()
    assert world["profile"].weekday == 4 and world["profile"].window_end == dt.time(12)
