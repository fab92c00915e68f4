"""Reader pages: the form, one question per page, honeypot, rate limit, attachments, status and rating."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from everyreader.core.models import AuditEvent
from everyreader.feedback import ratelimit, services
from everyreader.feedback.models import Attachment, FeedbackItem, State

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(org, **extra):
    return {"kind": "complaint", "category": org.category.pk, "branch": org.branch.pk, "subject": "电梯坏了",
            "description": "一周没修。", "expectation": "", "website": "", **extra}


def test_anonymous_visitor_submits_and_sees_reference(client, org):
    response = client.post(reverse("feedback:form"), form_data(org, anonymous="on"), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    page = client.get(response.url)
    assert item.reference in page.content.decode()
    assert item.access_token in page.content.decode()
    # Nothing identifying is kept: no IP in the item, its audit event, or anywhere in the cache key.
    event = AuditEvent.objects.get(action="feedback.received")
    assert event.ip_address is None and event.actor is None
    assert "203.0.113.9" not in str(FeedbackItem.objects.values().get())
    assert not any("203.0.113.9" in str(k) for k in getattr(cache, "_cache", {}).keys())


def test_errors_are_shown_and_nothing_saved(client, org):
    response = client.post(reverse("feedback:form"), {"website": ""})
    assert response.status_code == 200
    assert 'class="error-summary' in response.content.decode() or "error-summary" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_honeypot_discards_silently(client, org):
    response = client.post(reverse("feedback:form"), form_data(org, website="http://spam.example"))
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_honeypot_is_hidden_from_everyone(client, org):
    html = client.get(reverse("feedback:form")).content.decode()
    assert '<div hidden><label for="id_website">' in html
    assert "captcha" not in html.lower()


def test_rate_limit_after_five_in_an_hour(client, org):
    for _n in range(ratelimit.LIMIT_PER_HOUR):
        assert client.post(reverse("feedback:form"), form_data(org), REMOTE_ADDR="198.51.100.7").status_code == 302
    response = client.post(reverse("feedback:form"), form_data(org), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert FeedbackItem.objects.count() == ratelimit.LIMIT_PER_HOUR
    # Another connection is not affected.
    assert client.post(reverse("feedback:form"), form_data(org), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_good_attachment_is_stored(client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    assert client.post(reverse("feedback:form"), form_data(org, attachments=upload)).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.original_name == "照片.png"
    assert "照片" not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize("name,content", [
    ("evil.png", b"MZ\x90\x00 this is an executable"),       # wrong signature
    ("script.html", b"<script>alert(1)</script>"),          # type not accepted
    ("photo.pdf", PNG),                                      # extension does not match content
    ("empty.png", b""),                                      # empty
])
def test_bad_attachments_are_refused(client, org, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("feedback:form"), form_data(org, attachments=upload))
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not FeedbackItem.objects.exists() and not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_too_large_and_too_many_attachments(client, org, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    from everyreader.feedback import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 32)
    response = client.post(reverse("feedback:form"), form_data(org, attachments=SimpleUploadedFile("a.png", PNG)))
    assert response.status_code == 200 and not FeedbackItem.objects.exists()
    monkeypatch.setattr(attachments, "MAX_BYTES", 5 * 1024 * 1024)
    files = [SimpleUploadedFile(f"{n}.png", PNG) for n in range(4)]
    response = client.post(reverse("feedback:form"), form_data(org, attachments=files))
    assert response.status_code == 200 and not FeedbackItem.objects.exists()


def test_easy_read_wording(client, org, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    standard = client.get(reverse("feedback:form")).content.decode()
    client.cookies["everyreader_display"] = "easy_read=1"
    easy = client.get(reverse("feedback:form")).content.decode()
    assert "Say it in a few words" in easy and "Say it in a few words" not in standard
    assert "Tell us what you like." in easy and "Summary" in standard


def test_one_question_per_page_without_javascript(client, org):
    steps = [("kind", {"kind": "suggestion"}), ("category", {"category": org.category.pk}), ("branch", {"branch": ""}),
             ("subject", {"subject": "希望增加大字本"}), ("description", {"description": "小说太少。"}),
             ("expectation", {"expectation": ""}), ("urgent", {}), ("contact", {"contact_email": "a@example.org"})]
    response = client.post(reverse("feedback:step", args=["subject"]), {"subject": ""})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    for name, data in steps:
        page = client.get(reverse("feedback:step", args=[name]))
        assert page.status_code == 200 and page.content.decode().count("<h1") == 1
        response = client.post(reverse("feedback:step", args=[name]), data)
        assert response.status_code == 302
    assert response.url == reverse("feedback:check")
    check = client.get(response.url).content.decode()
    assert "希望增加大字本" in check
    assert not FeedbackItem.objects.exists()
    response = client.post(reverse("feedback:check"), {"website": ""})
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.kind == "suggestion" and item.contact_email == "a@example.org" and item.branch is None
    assert client.session.get("feedback_wizard") is None


def test_wizard_check_with_missing_answers_saves_nothing(client, org):
    client.post(reverse("feedback:step", args=["kind"]), {"kind": "praise"})
    response = client.post(reverse("feedback:check"), {"website": ""})
    assert response.status_code == 200 and not FeedbackItem.objects.exists()


def test_status_link_and_rating(client, org, submit):
    item = submit()
    url = reverse("feedback:status", args=[item.access_token])
    assert "rating" not in client.get(url).content.decode().split("<main", 1)[1]
    item = services.item_assign(actor=org.head, item=item, handler=org.handler)
    services.item_respond(actor=org.handler, item=item, response="已增加窗口")
    page = client.get(url).content.decode()
    assert "已增加窗口" in page and 'name="rating"' in page
    assert client.post(url, {"rating": "5", "comment": "谢谢"}).status_code == 302
    item.refresh_from_db()
    assert item.rating == 5
    client.post(url, {"rating": "1"})
    item.refresh_from_db()
    assert item.rating == 5
    assert client.get(reverse("feedback:status", args=["nope"])).status_code == 404


def test_my_feedback_lists_own_items_only(client, org, submit, reader, make_user, django_assert_max_num_queries):
    user = make_user("reader")
    reader.user = user
    reader.save()
    mine = submit(actor=user)
    hidden = submit(actor=user, anonymous=True)
    other = submit()
    client.force_login(user)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("feedback:mine")).content.decode()
    assert mine.reference in html and hidden.reference not in html and other.reference not in html
    assert mine.state == State.NEW


def test_form_stays_open_when_the_cache_is_down(client, org, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "add", "incr", "set"):
        monkeypatch.setattr(cache, name, broken)
    assert client.post(reverse("feedback:form"), form_data(org)).status_code == 302
    assert FeedbackItem.objects.count() == 1
