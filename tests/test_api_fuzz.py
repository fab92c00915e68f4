"""Property-based fuzzing of the whole REST API from its OpenAPI schema (schemathesis).

Every operation gets generated valid and invalid input, signed in as a system administrator
(the widest permissions). The only check: the server never answers 5xx — bad input always gets
a clear 4xx in the standard error format.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Requests go straight to the WSGI app, whose request signals would close the test's
    database connection (and its transaction) on PostgreSQL; Django's test client avoids
    this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(django_user_model):
    from rest_framework.authtoken.models import Token

    from everyreader.accounts.roles import sync_roles

    sync_roles()
    user = django_user_model.objects.create(username="fuzz-admin", is_superuser=True)
    return Token.objects.create(user=user).key


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_never_answers_with_a_server_error(case, admin_token):
    response = case.call(headers={"Authorization": f"Token {admin_token}"})
    assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code}\n{response.text[:500]}"
    if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith("application/json"):
        assert "error" in response.json(), f"{case.method} {case.path}: non-standard error body"
