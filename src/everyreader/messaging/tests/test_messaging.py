import shutil

import pytest
from django.core import mail

from everyreader.core.errors import DomainError, IllegalTransition
from everyreader.core.models import AuditEvent
from everyreader.messaging import services
from everyreader.messaging.models import LetterBatch, MessageStatus, OutboundMessage
from everyreader.readers.models import ContactChannel, Reader

pytestmark = pytest.mark.django_db


def make_reader(card="R1", **fields):
    defaults = {"family_name": "林", "given_name": "芳", "email": "lin@example.org", "phone": "13800000001",
                "address": "人民路 1 号", "preferred_contact": ContactChannel.EMAIL}
    return Reader.objects.create(card_number=card, **{**defaults, **fields})


def send(reader, key=None):
    return services.message_send(reader=reader, subject="您预约的书已到", body="请在 7 天内到总馆取书。",
                                 purpose="hold.ready", dedupe_key=key)


def test_email_goes_out_once_even_if_sent_twice(django_capture_on_commit_callbacks):
    reader = make_reader()
    with django_capture_on_commit_callbacks(execute=True):
        first = send(reader, key="hold:1:ready")
        second = send(reader, key="hold:1:ready")
    assert second is None
    first.refresh_from_db()
    assert first.status == MessageStatus.SENT and first.channel == ContactChannel.EMAIL
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lin@example.org"]
    assert services.deliver(first.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_sms_uses_the_provider(django_capture_on_commit_callbacks, caplog):
    reader = make_reader(preferred_contact=ContactChannel.SMS)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level("INFO", logger="everyreader.sms"):
        message = send(reader)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.address == "13800000001"
    assert "13800000001" in caplog.text


def test_phone_preference_lands_on_the_call_list_and_outcome_is_recorded(make_user):
    reader = make_reader(preferred_contact=ContactChannel.PHONE)
    message = send(reader)
    assert message.status == MessageStatus.TO_CALL
    librarian = make_user("librarian")
    services.call_record_outcome(actor=librarian, message=message, reached=False, note="no answer")
    services.call_record_outcome(actor=librarian, message=message, reached=True)
    message.refresh_from_db()
    assert message.status == MessageStatus.CALLED and message.completed_by == librarian
    with pytest.raises(IllegalTransition):
        services.call_record_outcome(actor=librarian, message=message, reached=True)
    assert AuditEvent.objects.filter(action="message.call_recorded").count() == 2


def test_missing_details_fall_back_to_a_channel_that_works():
    reader = make_reader(preferred_contact=ContactChannel.SMS, phone="", email="")
    message = send(reader)
    assert message.channel == ContactChannel.LARGE_PRINT_LETTER and message.status == MessageStatus.TO_PRINT


def test_no_contact_details_at_all_is_logged_as_failed():
    reader = make_reader(phone="", email="", address="")
    message = send(reader)
    assert message.status == MessageStatus.FAILED and message.outcome


def test_letter_batch_takes_all_waiting_letters(make_user):
    reader = make_reader(preferred_contact=ContactChannel.LARGE_PRINT_LETTER)
    send(reader)
    send(reader)
    batch = services.letters_create_batch(actor=make_user("librarian"), channel=ContactChannel.LARGE_PRINT_LETTER)
    assert batch.letter_count == 2
    assert OutboundMessage.objects.filter(status=MessageStatus.PRINTED, batch=batch).count() == 2
    with pytest.raises(DomainError):
        services.letters_create_batch(actor=None, channel=ContactChannel.LARGE_PRINT_LETTER)
    assert LetterBatch.objects.count() == 1


def test_large_print_batch_downloads_as_pdf(client_as):
    reader = make_reader(preferred_contact=ContactChannel.LARGE_PRINT_LETTER)
    send(reader)
    client = client_as("librarian")
    client.post("/staff/messages/letters/", {"channel": ContactChannel.LARGE_PRINT_LETTER})
    batch = LetterBatch.objects.get()
    response = client.get(f"/staff/messages/letters/{batch.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "您预约的书已到" in text


@pytest.mark.skipif(shutil.which("lou_translate") is None, reason="liblouis not installed")
def test_braille_batch_is_unicode_braille(client_as):
    reader = make_reader(preferred_contact=ContactChannel.BRAILLE_LETTER)
    send(reader)
    client = client_as("librarian")
    client.post("/staff/messages/letters/", {"channel": ContactChannel.BRAILLE_LETTER})
    response = client.get(f"/staff/messages/letters/{LetterBatch.objects.get().pk}/download/")
    text = response.content.decode()
    braille = [c for c in text if "\u2800" <= c <= "\u28ff"]
    assert len(braille) > 20
    assert "您" not in text


@pytest.mark.parametrize("role,status", [("librarian", 200), ("department_head", 200),
                                         ("programme_manager", 200), ("administrator", 403), ("reader", 403)])
def test_permission_matrix(client_as, role, status):
    client = client_as(role)
    for url in ["/staff/messages/calls/", "/staff/messages/letters/", "/staff/messages/log/"]:
        assert client.get(url).status_code == status, (role, url)


def test_programme_manager_cannot_record_calls_or_make_batches(client_as):
    reader = make_reader(preferred_contact=ContactChannel.PHONE)
    message = send(reader)
    client = client_as("programme_manager")
    response = client.post(f"/staff/messages/calls/{message.pk}/outcome/",
                           {f"call{message.pk}-reached": "yes"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.TO_CALL


def test_call_list_page_and_bad_outcome_post(client_as):
    reader = make_reader(preferred_contact=ContactChannel.PHONE)
    message = send(reader)
    client = client_as("librarian")
    html = client.get("/staff/messages/calls/").content.decode()
    assert "13800000001" in html and "请在 7 天内到总馆取书" in html
    response = client.post(f"/staff/messages/calls/{message.pk}/outcome/", {}, follow=True)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.TO_CALL
    response = client.post(f"/staff/messages/calls/{message.pk}/outcome/", {f"call{message.pk}-reached": "yes"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.CALLED


def test_message_log_query_count(client_as, django_assert_max_num_queries):
    for i in range(20):
        send(make_reader(card=f"R{i}", preferred_contact=ContactChannel.PHONE))
    client = client_as("librarian")
    with django_assert_max_num_queries(12):
        assert client.get("/staff/messages/log/").status_code == 200
    assert client.get("/staff/messages/log/", {"status": "bogus"}).status_code == 200


def test_reader_erasure_clears_personal_parts_of_messages(make_user):
    from everyreader.readers.services import reader_erase

    reader = make_reader(preferred_contact=ContactChannel.PHONE)
    message = send(reader)
    reader_erase(actor=make_user("administrator"), reader=reader)
    message.refresh_from_db()
    assert message.reader is None and message.address == "" and message.body == ""
    assert message.purpose == "hold.ready" and message.channel == ContactChannel.PHONE
