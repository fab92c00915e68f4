"""Page flows: registration with duplicate check, needs editing, consent, /me/, the join wizard."""

import json

import pytest
from django.urls import reverse

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.core.models import AuditEvent
from everyreader.readers import needs_services
from everyreader.readers.models import NeedsProfile, NeedsProfileVersion, Reader
from everyreader.readers.tests.conftest import LOW_VISION
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

FORM = {"family_name": "王", "given_name": "建国", "birth_year": "1950", "category": "senior",
        "phone": "13900001111", "preferred_contact": "sms", "preferred_language": "zh-hans"}


def test_staff_registration_checks_duplicates_first(client_as):
    client = client_as("librarian")
    response = client.post(reverse("readers:register"), FORM)
    reader = Reader.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("readers:detail", args=[reader.pk])
    response = client.post(reverse("readers:register"), FORM)
    assert response.status_code == 200 and reader.card_number in response.content.decode()
    assert Reader.objects.count() == 1
    client.post(reverse("readers:register"), {**FORM, "confirm_new": "on"})
    assert Reader.objects.count() == 2


def test_bad_form_shows_errors_and_writes_nothing(client_as):
    response = client_as("librarian").post(reverse("readers:register"), {**FORM, "family_name": "",
                                                                         "birth_year": "abc"})
    assert response.status_code == 200 and b"error-summary" in response.content
    assert not Reader.objects.exists()


def test_needs_edit_page_saves_a_version_and_audits(client, with_needs, depthead):
    client.force_login(depthead)
    url = reverse("readers:needs_edit", args=[with_needs.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"need_blind_level": "cannot", "need_blind_source": "partner",
                                 "need_blind_since": "2025-01", "formats": ["braille"], "braille_grade": "2",
                                 "reason": "referral from the disabled persons' federation"})
    assert response.status_code == 302
    profile = NeedsProfile.objects.get(reader=with_needs)
    assert profile.version == 2 and [n["type"] for n in profile.data["needs"]] == ["blind"]
    assert NeedsProfileVersion.objects.filter(reader=with_needs).count() == 2
    assert AuditEvent.objects.filter(action="reader.needs_viewed_for_edit", actor=depthead).exists()


def test_needs_views_are_audited(client, with_needs, depthead):
    client.force_login(depthead)
    for name, action in (("readers:needs", "reader.needs_view"),
                         ("readers:needs_history", "reader.needs_history_viewed")):
        before = AuditEvent.objects.filter(action=action).count()
        assert client.get(reverse(name, args=[with_needs.pk])).status_code == 200
        assert AuditEvent.objects.filter(action=action, object_id=str(with_needs.pk)).count() == before + 1
    before = AuditEvent.objects.filter(action="reader.latent_needs_viewed").count()
    client.get(reverse("readers:latent_list"))
    assert AuditEvent.objects.filter(action="reader.latent_needs_viewed").count() == before + 1


def test_export_view_is_audited(client, depthead, with_needs):
    from everyreader.readers import segment_services

    segment = segment_services.segment_create(actor=depthead, name="s", rules={"conditions": []})
    client.force_login(depthead)
    response = client.get(reverse("readers:segment_export", args=[segment.pk, "csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="segment.exported", object_id=str(segment.pk)).count() == 1


def test_segment_form_builds_rules(client_as):
    client = client_as("department_head")
    response = client.post(reverse("readers:segment_create"), {
        "name": "低视力老人", "match": "all", "f_category": ["senior"], "f_need": ["low-vision"],
        "f_age_min": "60", "f_has_consent": ""})
    assert response.status_code == 302
    from everyreader.readers.models import Segment

    rules = Segment.objects.get().rules
    assert rules["match"] == "all"
    assert {c["field"] for c in rules["conditions"]} == {"category", "need", "age"}
    detail = client.get(response["Location"])
    assert detail.status_code == 200


def test_staff_consent_and_withdrawal_pages(client, reader, depthead):
    client.force_login(depthead)
    response = client.post(reverse("readers:consent", args=[reader.pk]), {"channel": "in_person"})
    assert response.status_code == 200  # "agreed" not ticked
    assert needs_services.valid_consent(reader) is None
    client.post(reverse("readers:consent", args=[reader.pk]), {"channel": "in_person", "agreed": "on"})
    assert needs_services.valid_consent(reader) is not None
    client.post(reverse("readers:consent_withdraw", args=[reader.pk]), {"confirm": "on"})
    assert needs_services.valid_consent(reader) is None


@pytest.fixture
def me(client, with_needs, make_user):
    user = make_user("reader")
    with_needs.user = user
    with_needs.save()
    client.force_login(user)
    return with_needs


def test_me_pages_show_own_needs_and_data(client, me):
    html = client.get(reverse("readers:me_needs")).content.decode()
    assert reverse("readers:me_consent_withdraw") in html
    response = client.get(reverse("readers:me_data_json"))
    data = json.loads(response.content)
    assert data["card_number"] == me.card_number
    assert data["needs_profile"]["needs"][0]["type"] == "low-vision"
    assert len(data["needs_history"]) == 1 and data["consents"]
    assert AuditEvent.objects.filter(action="reader.data_downloaded").count() == 1
    assert client.get(reverse("readers:me_data")).status_code == 200


def test_me_withdraw_and_give_consent_and_declare_needs(client, me):
    client.post(reverse("readers:me_consent_withdraw"), {"confirm": "on"})
    assert not NeedsProfile.objects.filter(reader=me).exists()
    response = client.post(reverse("readers:me_needs_edit"), {"need_deaf_level": "some", "reason": "x"})
    assert response.status_code == 200 and not NeedsProfile.objects.filter(reader=me).exists()
    client.post(reverse("readers:me_consent"), {"agreed": "on"})
    consent = needs_services.valid_consent(me)
    assert consent.channel == "online" and consent.recorded_by is None
    client.post(reverse("readers:me_needs_edit"), {"need_deaf_level": "some", "need_deaf_source": "self",
                                                   "reason": "online"})
    assert NeedsProfile.objects.get(reader=me).data["needs"][0]["type"] == "deaf"


def test_me_profile_and_erasure_request(client, me):
    response = client.post(reverse("readers:me_profile"), {
        "phone": "13000000000", "preferred_contact": "sms", "preferred_language": "en",
        "service_preferences": ["home_delivery"]})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "13000000000" and me.service_preferences == ["home_delivery"]
    client.post(reverse("readers:me_erasure"), {"confirm": "on"})
    me.refresh_from_db()
    assert me.erasure_requested_at is not None


def test_join_wizard_one_question_per_page(client, roles):
    branch = BranchFactory(code="central", is_active=True)
    answers = [{"family_name": "赵", "given_name": "晓"}, {"birth_year": "1990"}, {"category": "adult"},
               {"phone": "13512345678", "email": "zx@example.org"}, {"preferred_contact": "email"},
               {"preferred_language": "zh-hans"}, {"home_branch": str(branch.pk)}, {"service_preferences": []}]
    step = 1
    for answer in answers:
        response = client.post(reverse("readers:join_step", args=[step]), answer)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
        step = int(response["Location"].rstrip("/").split("/")[-1])
        if step == 4:  # guardian question is skipped for adults
            assert client.get(reverse("readers:join_step", args=[4]))["Location"].endswith("/5/")
            step = 5
    assert step == 10
    assert not Reader.objects.exists()
    back = client.get(reverse("readers:join_step", args=[5])).content.decode()
    assert reverse("readers:join_step", args=[3]) in back  # "Back" skips the guardian question
    response = client.post(reverse("readers:join_step", args=[10]),
                           {"password1": "a-good-long-pass", "password2": "a-good-long-pass"})
    assert response["Location"] == reverse("readers:join_done")
    reader = Reader.objects.get()
    assert reader.registered_via == "online" and reader.home_branch == branch and reader.email == "zx@example.org"
    assert reader.card_number in client.get(reverse("readers:join_done")).content.decode()


def test_join_does_not_reveal_existing_readers(client, roles):
    existing = ReaderFactory(family_name="赵", given_name="晓", phone="13512345678")
    response = client.post(reverse("readers:join_form"), {
        "family_name": "赵", "given_name": "晓", "phone": "13512345678", "category": "adult",
        "preferred_contact": "sms", "preferred_language": "zh-hans",
        "password1": "a-good-long-pass", "password2": "a-good-long-pass"})
    html = response.content.decode()
    assert response.status_code == 200 and existing.card_number not in html
    assert Reader.objects.count() == 1


def test_reader_list_query_count(client_as, django_assert_max_num_queries):
    for _ in range(30):
        ReaderFactory(service_preferences=["audio"])
    client = client_as("librarian")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("readers:list")).status_code == 200
    assert LOW_VISION


def test_child_consent_online_needs_the_guardian(client, make_user):
    child = ReaderFactory(category="child", birth_year=2017, guardian_name="李母", guardian_relation="母亲")
    child.user = make_user("reader")
    child.save()
    client.force_login(child.user)
    response = client.post(reverse("readers:me_consent"), {"agreed": "on", "guardian_name": "",
                                                           "guardian_relation": ""})
    assert response.status_code == 200 and needs_services.valid_consent(child) is None
    client.post(reverse("readers:me_consent"), {"agreed": "on", "guardian_name": "李母", "guardian_relation": "母亲"})
    assert needs_services.valid_consent(child).guardian_name == "李母"


def test_segment_list_query_count(client_as, depthead, django_assert_max_num_queries):
    from everyreader.readers import segment_services

    for n in range(5):
        segment_services.segment_create(actor=depthead, name=f"s{n}", rules={"conditions": []})
    client = client_as("programme_manager")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("readers:segment_list")).status_code == 200


def test_needs_report_per_type(client_as, with_needs):
    client = client_as("programme_manager")
    html = client.get(reverse("readers:needs_report"), {"need_type": "low-vision"}).content.decode()
    assert "needs-per-month" in html
    assert client.get(reverse("readers:needs_report"), {"need_type": "bogus"}).status_code == 200
