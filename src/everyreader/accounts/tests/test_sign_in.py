import pytest
from django.core import mail

from everyreader.readers.models import Reader

pytestmark = pytest.mark.django_db


def _reader_account(make_user):
    user = make_user("reader", username="lin")
    Reader.objects.create(card_number="R000123", user=user, family_name="林", given_name="芳")
    return user


def test_sign_in_with_username_is_case_insensitive(client, make_user):
    make_user("librarian", username="Mei")
    response = client.post("/accounts/login/", {"username": "mei", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == "/after-login/"


def test_sign_in_with_library_card_number(client, make_user):
    _reader_account(make_user)
    response = client.post("/accounts/login/", {"username": " R000123 ", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200


def test_login_form_allows_password_managers_and_paste(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "onpaste" not in html and "captcha" not in html.lower()


def test_wrong_password_gets_a_clear_error(client, make_user):
    make_user("librarian", username="mei")
    response = client.post("/accounts/login/", {"username": "mei", "password": "nope"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_lockout_after_repeated_failures(client, make_user, settings):
    make_user("librarian", username="mei")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "mei", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "mei", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert 'class="error-summary"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_building(client, make_user, settings):
    make_user("librarian", username="mei")
    make_user("librarian", username="jun")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "mei", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "jun", "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_password_reset_by_email(client, make_user):
    user = make_user("reader", username="lin", email="lin@example.org")
    response = client.post("/accounts/password/reset/", {"email": "lin@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "a-new-long-passphrase",
                                                        "new_password2": "a-new-long-passphrase"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


def test_sign_out_is_post_only(client_as):
    client = client_as("reader")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


def test_preferred_language_applies_at_sign_in(client, make_user):
    make_user("librarian", username="mei", preferred_language="en")
    response = client.post("/accounts/login/", {"username": "mei", "password": "correct-horse-battery"})
    assert response.cookies["everyreader_language"].value == "en"
