import json

import pytest
from django.test import override_settings

from everyreader.core.display import DisplayPreferences

pytestmark = pytest.mark.django_db


def test_portal_pages_render_for_visitors(client):
    for url in ["/", "/display/", "/accessibility/", "/help/", "/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        assert '<main id="main"' in html and 'class="skip-link" href="#main"' in html
        assert '<html lang="zh-hans"' in html


def test_visitor_display_preferences_are_kept_in_a_cookie_and_applied_on_the_server(client):
    response = client.post("/display/", {"size": "200", "contrast": "high", "dyslexia": "on"})
    assert response.status_code == 302
    cookie = response.cookies[DisplayPreferences.COOKIE_NAME].value
    assert "size=200" in cookie and "contrast=high" in cookie
    html = client.get("/").content.decode()
    assert 'class="text-200 contrast-high dyslexia"' in html


def test_signed_in_user_preferences_are_saved_on_the_account(client_as):
    client = client_as("reader")
    client.post("/display/", {"size": "150", "contrast": "standard", "easy_read": "on"})
    client.user.refresh_from_db()
    assert client.user.display_preferences["size"] == "150"
    assert client.user.display_preferences["easy_read"] is True
    client.cookies.clear()
    client.force_login(client.user)
    assert 'class="text-150 contrast-standard easy-read"' in client.get("/").content.decode()


def test_bad_display_values_get_a_clear_error_and_change_nothing(client):
    response = client.post("/display/", {"size": "999", "contrast": "neon"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert DisplayPreferences.COOKIE_NAME not in response.cookies


def test_tampered_display_cookie_falls_back_to_defaults(client):
    client.cookies[DisplayPreferences.COOKIE_NAME] = "size=9000&contrast=<script>"
    html = client.get("/").content.decode()
    assert 'class="text-100 contrast-standard"' in html


@pytest.mark.parametrize("language,lang_attr,text", [
    ("en", "en", "Skip to main content"),
    ("zh-hant", "zh-hant", "跳到主要內容"),
    ("zh-hans", "zh-hans", "跳到主要内容"),
])
def test_language_switcher(client, language, lang_attr, text):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/help/"})
    assert response.status_code == 302 and response["Location"] == "/help/"
    html = client.get("/help/").content.decode()
    assert f'<html lang="{lang_attr}"' in html
    assert text in html


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok"}}


@override_settings(DEBUG=False)
def test_unknown_page_gets_the_accessible_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html.count("<h1") == 1 and '<main id="main"' in html


def test_unknown_api_url_gets_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_staff_workspace_requires_sign_in_and_a_staff_role(client, client_as):
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
    reader = client_as("reader")
    response = reader.get("/staff/")
    assert response.status_code == 403
    assert response.content.decode().count("<h1") == 1


def test_csrf_failure_is_a_friendly_page(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/display/", {"size": "100", "contrast": "standard"})
    assert response.status_code == 403
    assert "<h1" in response.content.decode()


def test_me_requires_sign_in(client, client_as):
    assert client.get("/me/").status_code == 302
    assert client_as("reader").get("/me/").status_code == 200


def test_after_login_routes_staff_and_readers(client_as):
    assert client_as("librarian").get("/after-login/")["Location"] == "/staff/"


def test_after_login_routes_readers(client_as):
    assert client_as("reader").get("/after-login/")["Location"] == "/me/"


@pytest.mark.parametrize("role", ["librarian", "department_head", "programme_manager", "administrator"])
def test_staff_navigation_shows_each_group_once(client, make_user, role):
    from everyreader.core import workspace

    user = make_user(role)
    sections = workspace.staff_sections_for(user)
    groups = [str(s.group) for s in sections]
    seen = []
    for group in groups:
        if not seen or seen[-1] != group:
            assert group not in seen, f"group {group!r} appears in two places"
            seen.append(group)
    client.force_login(user)
    html = client.get("/staff/").content.decode()
    headings = [h for h in html.split('<h3 class="staff-nav-group">')[1:]]
    labels = [h.split("</h3>")[0] for h in headings]
    assert len(labels) == len(set(labels)) and len(labels) == len(seen)
