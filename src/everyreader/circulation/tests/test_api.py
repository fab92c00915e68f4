import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from everyreader.circulation import services
from everyreader.circulation.api import LoanSerializer
from everyreader.circulation.models import CirculationPolicy, Hold, Loan
from everyreader.circulation.tests.factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(make_user, central):
    def sign_in(role, **fields):
        user = make_user(role, branch=central, **fields)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        client.user = user
        return client
    return sign_in


@pytest.fixture
def reader_api(api_as, reader):
    client = api_as("reader")
    reader.user = client.user
    reader.save()
    return client


def test_checkout_and_checkin(api_as, item, reader):
    desk = api_as("librarian")
    response = desk.post("/api/v1/circulation/checkout/", {"item": item.barcode, "reader": reader.card_number},
                         format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reader"] == reader.card_number and response.json()["branch"] == "central"
    assert set(response.json()) == set(LoanSerializer.Meta.fields)  # the hand-built body keeps the shape
    assert response.json()["title"] == item.record.title
    again = desk.post("/api/v1/circulation/checkout/", {"item": item.barcode, "reader": reader.card_number},
                      format="json")
    assert again.status_code == 400 and "error" in again.json()
    back = desk.post("/api/v1/circulation/checkin/", {"item": item.barcode}, format="json")
    assert back.status_code == 200 and back.json()["action"] == "shelve"
    assert Loan.objects.get().returned_at is not None


def test_checkout_query_count_over_http(api_as, item, reader, central):
    desk = api_as("librarian")

    def checkout(barcode):
        with CaptureQueriesContext(connection) as queries:
            response = desk.post("/api/v1/circulation/checkout/", {"item": barcode, "reader": reader.card_number},
                                 format="json")
        assert response.status_code == 201
        return [q["sql"] for q in queries]

    first = checkout(item.barcode)
    assert len(first) <= 22, "\n".join(q[:120] for q in first)
    # Then roles, permissions, branches and policies come from the process's copy (generations):
    # token, generations, item, reader, its need tags, and the write itself (on PostgreSQL with the
    # reader's row lock against parallel desks).
    warm = checkout(ItemFactory(branch=central).barcode)
    row_lock = 1 if connection.features.has_select_for_update else 0
    assert len(warm) <= 13 + row_lock, "\n".join(q[:120] for q in warm)
    cached_tables = ('FROM "auth_permission"', 'FROM "auth_group"', 'FROM "circulation_circulationpolicy"',
                     'FROM "accounts_branch"', 'FROM "readers_needtype"')
    assert not [q for q in warm if any(table in q for table in cached_tables)]


@pytest.mark.parametrize("body,field", [
    ({"item": "NOPE", "reader": "x"}, "item"),
    ({"reader": "x"}, "item"),
    ({"item": "", "reader": ""}, "item"),
    ({"item": "ITEM", "reader": "NOBODY"}, "reader"),
    ({"item": "ITEM", "reader": "CARD", "branch": "mars"}, "branch"),
    ({"item": "ITEM", "reader": "CARD", "channel": "drone"}, "channel"),
])
def test_checkout_bad_input(api_as, item, reader, body, field):
    body = {k: {"ITEM": item.barcode, "CARD": reader.card_number}.get(v, v) for k, v in body.items()}
    response = api_as("librarian").post("/api/v1/circulation/checkout/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Loan.objects.exists()


def test_permission_matrix_for_operations(api_as, item, reader):
    for role, expected in (("reader", 403), ("programme_manager", 403), ("department_head", 201)):
        client = api_as(role)
        response = client.post("/api/v1/circulation/checkout/", {"item": item.barcode, "reader": reader.card_number},
                               format="json")
        assert response.status_code == expected, role
        back = client.post("/api/v1/circulation/checkin/", {"item": item.barcode}, format="json")
        assert back.status_code == (403 if expected == 403 else 200), role
    assert APIClient().post("/api/v1/circulation/checkout/", {}).status_code in (401, 403)


def test_reader_sees_and_renews_only_own_loans(api_as, reader_api, item, reader, other_reader, central, librarian):
    mine = services.checkout(actor=librarian, item=item, reader=reader, branch=central)
    theirs = services.checkout(actor=librarian, item=ItemFactory(branch=central), reader=other_reader,
                               branch=central)
    listed = reader_api.get("/api/v1/circulation/loans/").json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    assert reader_api.get(f"/api/v1/circulation/loans/{theirs.pk}/").status_code == 404
    assert reader_api.post(f"/api/v1/circulation/loans/{theirs.pk}/renew/").status_code == 404
    renewed = reader_api.post(f"/api/v1/circulation/loans/{mine.pk}/renew/")
    assert renewed.status_code == 200 and renewed.json()["renewal_count"] == 1
    theirs.refresh_from_db()
    assert theirs.renewal_count == 0
    staff = api_as("librarian").get("/api/v1/circulation/loans/", {"reader": other_reader.card_number})
    assert [row["id"] for row in staff.json()["results"]] == [theirs.pk]
    assert api_as("programme_manager").get("/api/v1/circulation/loans/").json()["results"] == []


def test_reader_places_and_cancels_own_holds(reader_api, api_as, item, reader, other_reader):
    response = reader_api.post("/api/v1/circulation/holds/", {"record": item.record_id, "pickup_branch": "central"},
                               format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reader"] == reader.card_number
    hold_id = response.json()["id"]
    for_other = reader_api.post("/api/v1/circulation/holds/", {"record": item.record_id, "pickup_branch": "central",
                                                               "reader": other_reader.card_number}, format="json")
    assert for_other.status_code == 403
    staff_hold = api_as("librarian").post("/api/v1/circulation/holds/", {
        "record": item.record_id, "pickup_branch": "central", "reader": other_reader.card_number}, format="json")
    assert staff_hold.status_code == 201
    listed = reader_api.get("/api/v1/circulation/holds/").json()["results"]
    assert [row["id"] for row in listed] == [hold_id]
    assert reader_api.post(f"/api/v1/circulation/holds/{staff_hold.json()['id']}/cancel/").status_code == 404
    cancelled = reader_api.post(f"/api/v1/circulation/holds/{hold_id}/cancel/", {"reason": "买到了"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Hold.objects.filter(status="waiting").count() == 1


def test_hold_bad_input(api_as, item):
    desk = api_as("librarian")
    for body in ({"record": 999999, "pickup_branch": "central", "reader": "x"},
                 {"record": item.record_id, "pickup_branch": "mars", "reader": "x"},
                 {"record": item.record_id, "pickup_branch": "central", "reader": "NOBODY"},
                 {"record": item.record_id, "pickup_branch": "central"}):
        assert desk.post("/api/v1/circulation/holds/", body, format="json").status_code == 400
    assert not Hold.objects.exists()


def test_policies_read_for_staff_write_for_administrators(api_as):
    policy = CirculationPolicy.objects.first()
    assert api_as("librarian").get("/api/v1/circulation/policies/").status_code == 200
    assert api_as("reader").get("/api/v1/circulation/policies/").status_code == 403
    for role in ("librarian", "department_head", "programme_manager"):
        assert api_as(role).patch(f"/api/v1/circulation/policies/{policy.pk}/", {"loan_days": 3},
                                  format="json").status_code == 403
    admin = api_as("administrator")
    changed = admin.patch(f"/api/v1/circulation/policies/{policy.pk}/", {"loan_days": 30}, format="json")
    assert changed.status_code == 200 and changed.json()["loan_days"] == 30
    bad = admin.post("/api/v1/circulation/policies/", {"reader_category": "nope", "loan_days": 3}, format="json")
    assert bad.status_code == 400
    created = admin.post("/api/v1/circulation/policies/", {"reader_category": "teen", "format": "audio",
                                                           "loan_days": 35}, format="json")
    assert created.status_code == 201, created.json()
    assert admin.delete(f"/api/v1/circulation/policies/{created.json()['id']}/").status_code == 204
