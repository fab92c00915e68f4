import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_api_requires_authentication_with_the_standard_error(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}


def test_token_authentication(client, make_user):
    user = make_user("librarian")
    token = Token.objects.create(user=user)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["roles"] == ["librarian"]
    assert response.json()["is_staff_member"] is True


def test_schema_and_offline_docs(client):
    assert client.get("/api/schema/").status_code == 200
    reference = client.get("/api/docs/").content.decode()
    assert "<code>GET /api/v1/branches/</code>" in reference
    assert reference.count("<h1") == 1
    console = client.get("/api/docs/console/").content.decode()
    assert "swagger" in console.lower()
    assert "cdn." not in console and "unpkg" not in console


def test_wrong_types_get_field_errors_not_500(client_as):
    client = client_as("administrator")
    response = client.post("/api/v1/branches/", {"code": "x y!", "name": "", "opening_days": ["monday"]},
                           content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"code", "name", "opening_days"} <= set(error["fields"])


def test_malformed_json_is_a_400(client_as):
    client = client_as("administrator")
    response = client.post("/api/v1/branches/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
