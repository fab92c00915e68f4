import pytest
from django.core import mail

from everyreader.core import notifications
from everyreader.core.models import Notification

pytestmark = pytest.mark.django_db


def test_notify_creates_item_and_emails_once(make_user, django_capture_on_commit_callbacks):
    user = make_user("librarian")
    with django_capture_on_commit_callbacks(execute=True):
        first = notifications.notify(recipient=user, subject="Report due", body="Fill it in",
                                     url="/staff/", dedupe_key="report:1:2026-11")
        second = notifications.notify(recipient=user, subject="Report due", dedupe_key="report:1:2026-11")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_email_task_is_idempotent(make_user, django_capture_on_commit_callbacks):
    from everyreader.core.tasks import email_notification

    user = make_user("librarian")
    with django_capture_on_commit_callbacks(execute=True):
        item = notifications.notify(recipient=user, subject="Hello")
    email_notification.call(item.pk)
    assert len(mail.outbox) == 1


def test_mark_read_only_touches_own_items(make_user):
    me, other = make_user("librarian"), make_user("librarian")
    mine = notifications.notify(recipient=me, subject="Mine", email=False)
    theirs = notifications.notify(recipient=other, subject="Theirs", email=False)
    assert notifications.mark_read(actor=me, notification_ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notification_page_and_attention(client_as):
    client = client_as("librarian")
    notifications.notify(recipient=client.user, subject="Risk review due", email=False)
    home = client.get("/staff/")
    assert "Risk review due" not in home.content.decode()
    assert "/staff/notifications/" in home.content.decode()
    page = client.get("/staff/notifications/")
    assert page.status_code == 200 and "Risk review due" in page.content.decode()
    response = client.post("/staff/notifications/", {"all": "1"}, follow=True)
    assert response.status_code == 200
    assert notifications.unread_count(client.user) == 0
