"""Configurable reader categories: seeding, staff pages, validation of codes, the guardian flag."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers import category_services, needs_services, services
from everyreader.readers.models import Reader, ReaderCategory, ReaderCategoryDefinition
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

NEW = {"code": "student", "label_zh_hans": "学生", "label_zh_hant": "學生", "label_en": "Student",
       "min_age": "18", "max_age": "30", "order": "25", "is_active": "on"}
READER = {"family_name": "王", "given_name": "建国", "birth_year": "1990", "phone": "13900001111",
          "preferred_contact": "sms", "preferred_language": "zh-hans"}


def test_migration_seeds_the_four_codes_with_the_guardian_flag():
    rows = {c.code: c for c in ReaderCategoryDefinition.objects.all()}
    # circulation's migration adds "print-disabled" (docs/circulation.md); the four are readers' own
    assert set(rows) - {"print-disabled"} == {"adult", "child", "teen", "senior"}
    assert [c for c in rows if rows[c].requires_guardian] == ["child"]
    assert rows["senior"].min_age == 60 and rows["child"].max_age == 13
    assert ReaderCategory.CHILD == "child" and ReaderCategory.requires_guardian("child")


def test_migration_keeps_codes_already_in_use():
    ReaderFactory()
    Reader.objects.update(category="legacy-vip")
    ReaderCategoryDefinition.objects.filter(code="senior").update(label_en="Older reader")
    migration = importlib.import_module("everyreader.readers.migrations.0004_reader_categories")
    migration.seed_categories(apps, None)
    assert ReaderCategoryDefinition.objects.get(code="legacy-vip").label_en == "legacy-vip"
    assert ReaderCategoryDefinition.objects.get(code="senior").label_en == "Older reader"  # not overwritten
    assert set(ReaderCategoryDefinition.objects.values_list("code", flat=True)) - {"print-disabled"} == {
        "adult", "child", "teen", "senior", "legacy-vip"}


def test_labels_follow_the_active_language():
    reader = ReaderFactory(category="senior")
    with translation.override("en"):
        assert reader.get_category_display() == "Senior (60 and over)"
    with translation.override("zh-hant"):
        assert "歲" in reader.get_category_display()
    with translation.override("zh-hans"):
        assert dict(ReaderCategory.choices)["senior"] == "老年人（60 岁及以上）"


def test_administrator_creates_and_edits_a_category_audited(client_as):
    client = client_as("administrator")
    response = client.post(reverse("readers:category_create"), NEW)
    assert response.status_code == 302
    category = ReaderCategoryDefinition.objects.get(code="student")
    assert category.label_zh_hant == "學生" and category.min_age == 18 and category.is_active
    assert AuditEvent.objects.filter(action="reader_category.created", object_id=str(category.pk)).exists()
    assert "学生" in client.get(reverse("readers:category_list")).content.decode()
    edit = {k: v for k, v in NEW.items() if k not in ("code", "is_active")}
    response = client.post(reverse("readers:category_update", args=[category.pk]),
                           {**edit, "label_en": "Student card"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.label_en == "Student card" and not category.is_active and category.code == "student"
    event = AuditEvent.objects.get(action="reader_category.updated")
    assert event.details["changed"]["label_en"] == ["Student", "Student card"]
    assert event.details["changed"]["is_active"] == [True, False]


@pytest.mark.parametrize("change,field", [
    ({"code": "child"}, "code"), ({"code": "Not A Slug!"}, "code"), ({"label_en": "  "}, "label_en"),
    ({"min_age": "40", "max_age": "20"}, "max_age"),
])
def test_bad_category_input_shows_errors_and_writes_nothing(client_as, change, field):
    client = client_as("administrator")
    before = ReaderCategoryDefinition.objects.count()
    response = client.post(reverse("readers:category_create"), {**NEW, **change})
    assert response.status_code == 200 and b"error-summary" in response.content
    assert field in response.context["form"].errors
    assert ReaderCategoryDefinition.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="reader_category").exists()


def test_services_need_the_permission(make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        category_services.category_create(actor=make_user("department_head"), code="x", label_zh_hans="x",
                                          label_zh_hant="x", label_en="x")
    child = ReaderCategoryDefinition.objects.get(code="child")
    with pytest.raises(PermissionDenied):
        category_services.category_update(actor=make_user("librarian"), category=child, label_zh_hans="x",
                                          label_zh_hant="x", label_en="x", requires_guardian=False)
    child.refresh_from_db()
    assert child.requires_guardian and not ReaderCategoryDefinition.objects.filter(code="x").exists()


def test_unknown_or_switched_off_category_is_refused_by_the_form(client_as):
    ReaderCategoryDefinition.objects.filter(code="teen").update(is_active=False)
    client = client_as("librarian")
    for code in ("nope", "teen"):
        response = client.post(reverse("readers:register"), {**READER, "category": code})
        assert response.status_code == 200 and "category" in response.context["form"].errors
    with translation.override("en"):
        html = client.get(reverse("readers:register")).content.decode()
    assert 'value="senior"' in html and 'value="teen"' not in html
    assert not Reader.objects.exists()


def test_unknown_category_is_refused_by_the_api_and_the_service(client_as, make_user):
    client = client_as("librarian")
    response = client.post("/api/v1/readers/", {**READER, "category": "nope"}, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "category" in response.content.decode()
    assert not Reader.objects.exists()
    with pytest.raises(DomainError) as error:
        services.reader_register(actor=make_user("librarian"), channel="staff",
                                 **{**READER, "birth_year": 1990, "category": "nope"})
    assert error.value.field == "category" and not Reader.objects.exists()


def test_existing_reader_keeps_a_switched_off_category(client_as):
    reader = ReaderFactory(category="teen", birth_year=2010)
    ReaderCategoryDefinition.objects.filter(code="teen").update(is_active=False)
    client = client_as("librarian")
    response = client.post(reverse("readers:update", args=[reader.pk]),
                           {**READER, "birth_year": "2010", "category": "teen", "given_name": "新"})
    assert response.status_code == 302, response.context["form"].errors
    reader.refresh_from_db()
    assert reader.given_name == "新" and reader.category == "teen"


def test_guardian_rules_follow_the_flag_not_the_code(make_user):
    librarian = make_user("librarian")
    ReaderCategoryDefinition.objects.create(code="preschool", label_zh_hans="学前", label_zh_hant="學前",
                                            label_en="Pre-school", requires_guardian=True)
    data = {**READER, "birth_year": 2021, "category": "preschool"}
    with pytest.raises(DomainError) as error:
        services.reader_register(actor=librarian, channel="staff", **data)
    assert error.value.field == "guardian_name" and not Reader.objects.exists()
    reader = services.reader_register(actor=librarian, channel="staff", guardian_name="周父",
                                      guardian_relation="父亲", **data)
    with pytest.raises(DomainError):
        needs_services.consent_give(actor=librarian, reader=reader, channel="in_person")
    assert needs_services.valid_consent(reader) is None
    # the library switches the flag off for "child": consent no longer asks for a guardian
    ReaderCategoryDefinition.objects.filter(code="child").update(requires_guardian=False)
    child = ReaderFactory(category="child", birth_year=1990)
    assert needs_services.consent_give(actor=librarian, reader=child, channel="in_person") is not None


def test_join_wizard_asks_for_a_guardian_when_the_category_requires_one(client, roles):
    ReaderCategoryDefinition.objects.create(code="preschool", label_zh_hans="学前", label_zh_hant="學前",
                                            label_en="Pre-school", requires_guardian=True)
    session = client.session
    session["readers_join"] = {"family_name": "周", "category": "preschool"}
    session.save()
    assert client.get(reverse("readers:join_step", args=[4])).status_code == 200
    session = client.session
    session["readers_join"] = {"family_name": "周", "category": "senior"}
    session.save()
    assert client.get(reverse("readers:join_step", args=[4]))["Location"].endswith("/5/")


JOIN = {"family_name": "赵", "given_name": "晓", "category": "adult", "preferred_contact": "sms",
        "preferred_language": "zh-hans", "password1": "a-good-long-pass", "password2": "a-good-long-pass"}


def test_join_is_rate_limited_per_connection(client, roles, settings):
    from django.core.cache import cache

    cache.clear()
    settings.READERS_JOIN_LIMIT_PER_HOUR = 2
    for n in range(2):
        response = client.post(reverse("readers:join_form"),
                               {**JOIN, "family_name": "钱孙"[n], "phone": f"1351234567{n}"},
                               REMOTE_ADDR="198.51.100.20")
        assert response.status_code == 302
        client.logout()
    with translation.override("en"):
        response = client.post(reverse("readers:join_form"), {**JOIN, "family_name": "周", "phone": "13512345679"},
                               REMOTE_ADDR="198.51.100.20", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429 and "Too many library cards" in response.content.decode()
    assert b"error-summary" in response.content and b"captcha" not in response.content.lower()
    assert Reader.objects.count() == 2
    response = client.post(reverse("readers:join_form"), {**JOIN, "family_name": "周", "phone": "13512345679"},
                           REMOTE_ADDR="198.51.100.21")
    assert response.status_code == 302 and Reader.objects.count() == 3


def test_join_wizard_last_step_is_rate_limited(client, roles, settings):
    from django.core.cache import cache

    cache.clear()
    settings.READERS_JOIN_LIMIT_PER_HOUR = 0
    session = client.session
    session["readers_join"] = {k: v for k, v in JOIN.items() if not k.startswith("password")} | {
        "phone": "13512345670"}
    session.save()
    response = client.post(reverse("readers:join_step", args=[10]),
                           {"password1": "a-good-long-pass", "password2": "a-good-long-pass"},
                           REMOTE_ADDR="198.51.100.22")
    assert response.status_code == 429 and not Reader.objects.exists()
