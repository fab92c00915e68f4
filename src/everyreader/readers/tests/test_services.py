"""Registration, duplicate detection, updates, erasure that keeps statistics."""

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.accounts.models import User
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers import needs_services, selectors, services
from everyreader.readers.models import (Consent, NeedsProfile, NeedStatistic, Reader, ReaderNeedTag,
                                        RegistrationChannel)
from everyreader.readers.tests.conftest import LOW_VISION
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

BASE = {"family_name": "王", "given_name": "建国", "birth_year": 1950, "category": "senior",
        "phone": "13900001111", "preferred_contact": "sms"}


def test_staff_registration_issues_a_card_number_and_audits(make_user):
    librarian = make_user("librarian")
    reader = services.reader_register(actor=librarian, channel=RegistrationChannel.STAFF, **BASE)
    assert reader.card_number.startswith("R") and len(reader.card_number) == 11
    assert reader.registered_by == librarian
    second = services.reader_register(actor=librarian, channel="staff", **{**BASE, "given_name": "小红",
                                                                           "phone": "13700000000"})
    assert int(second.card_number[5:]) == int(reader.card_number[5:]) + 1
    event = AuditEvent.objects.get(action="reader.registered", object_id=str(reader.pk))
    assert event.object_repr == reader.card_number  # no name in the audit log


def test_duplicate_detection_by_phone_and_similar_name(make_user):
    librarian = make_user("librarian")
    existing = services.reader_register(actor=librarian, channel="staff", **BASE)
    with pytest.raises(services.DuplicateReaderError) as error:
        services.reader_register(actor=librarian, channel="staff", **{**BASE, "given_name": "建国",
                                                                      "phone": "139-0000-1111"})
    assert error.value.candidates[0].reader == existing
    with pytest.raises(services.DuplicateReaderError):
        services.reader_register(actor=librarian, channel="staff", **{**BASE, "phone": "", "given_name": "建囯",
                                                                      "preferred_contact": "email",
                                                                      "email": "w@example.org"})
    assert Reader.objects.count() == 1
    services.reader_register(actor=librarian, channel="staff", allow_duplicate=True, **BASE)
    assert Reader.objects.count() == 2


def test_distinct_people_are_not_flagged(make_user):
    librarian = make_user("librarian")
    services.reader_register(actor=librarian, channel="staff", **BASE)
    assert selectors.possible_duplicates(family_name="李", given_name="明", phone="13811112222") == []


@pytest.mark.parametrize("change,field", [
    ({"family_name": ""}, "family_name"),
    ({"birth_year": 1700}, "birth_year"),
    ({"birth_year": 2020, "category": "adult"}, "category"),
    ({"birth_year": 2020, "category": "child"}, "guardian_name"),
    ({"preferred_contact": "email", "email": ""}, "email"),
    ({"preferred_contact": "braille_letter"}, "address"),
    ({"service_preferences": ["mind_reading"]}, "service_preferences"),
])
def test_bad_registration_data_is_refused(make_user, change, field):
    with pytest.raises(DomainError) as error:
        services.reader_register(actor=make_user("librarian"), channel="staff", **{**BASE, **change})
    assert error.value.field == field
    assert not Reader.objects.exists()


def test_staff_registration_needs_permission(make_user):
    with pytest.raises(PermissionDenied):
        services.reader_register(actor=make_user("programme_manager"), channel="staff", **BASE)
    assert not Reader.objects.exists()


def test_online_registration_creates_a_reader_account(roles):
    reader = services.reader_register(actor=None, channel="online", password="a-long-password-1", **BASE)
    user = reader.user
    assert user.username == reader.card_number
    assert user.check_password("a-long-password-1")
    assert list(user.groups.values_list("name", flat=True)) == ["reader"]


def test_update_audits_field_names_not_values(reader, make_user):
    services.reader_update(actor=make_user("librarian"), reader=reader, phone="13012345678")
    event = AuditEvent.objects.get(action="reader.updated")
    assert event.details == {"fields": ["phone"]}
    assert "13012345678" not in str(event.details)


def test_erasure_removes_personal_data_and_keeps_statistics(with_needs, depthead, roles):
    user = User.objects.create_user(username="r1", password="x-long-password", email="r1@example.org")
    with_needs.user = user
    with_needs.save()
    services.reader_request_erasure(actor=user, reader=with_needs)
    services.reader_erase(actor=depthead, reader=with_needs)
    reader = Reader.objects.get(pk=with_needs.pk)
    assert reader.is_anonymised and not reader.is_active
    assert reader.given_name == "" and reader.phone == "" and reader.email == "" and reader.address == ""
    assert reader.card_number.startswith("X") and reader.birth_year == 1980
    assert reader.user is None
    user.refresh_from_db()
    assert not user.is_active and user.email == "" and not user.has_usable_password()
    assert not NeedsProfile.objects.exists() and not ReaderNeedTag.objects.exists()
    assert not Consent.objects.exists()
    stats = {(s.need_type, s.event): s.count for s in NeedStatistic.objects.all()}
    assert stats == {("low-vision", "new"): 1, ("low-vision", "ended"): 1}
    assert reader not in selectors.reader_list()
    with pytest.raises(DomainError):
        services.reader_erase(actor=depthead, reader=reader)


@pytest.mark.parametrize("role", ["librarian", "programme_manager", "reader"])
def test_erasure_needs_permission(with_needs, make_user, role):
    with pytest.raises(PermissionDenied):
        services.reader_erase(actor=make_user(role), reader=with_needs)
    assert NeedsProfile.objects.exists()
    assert Reader.objects.get(pk=with_needs.pk).anonymised_at is None


def test_service_preferences_summary(reader):
    reader.service_preferences = ["home_delivery", "large_print_letters"]
    assert len(selectors.reader_service_preferences(reader)) == 2


def test_reader_list_search_and_query_count(django_assert_max_num_queries, depthead):
    for _ in range(30):
        r = ReaderFactory()
        needs_services.consent_give(actor=depthead, reader=r, channel="in_person")
    with django_assert_max_num_queries(3):
        assert len(list(selectors.reader_list()[:25])) == 25
    target = ReaderFactory(family_name="欧阳", given_name="修")
    assert list(selectors.reader_list(query="欧阳修")) == [target]
    assert list(selectors.reader_list(query=target.card_number)) == [target]


def test_needs_services_reexported():
    assert services.needs_profile_set is needs_services.needs_profile_set
    assert LOW_VISION


def test_erasure_runs_other_apps_handlers_in_the_same_transaction(with_needs, depthead):
    calls = []

    def failing(*, actor, reader):
        calls.append(reader.pk)
        raise DomainError("cannot erase while items are on loan")

    services.register_erasure_handler(failing)
    try:
        with pytest.raises(DomainError):
            services.reader_erase(actor=depthead, reader=with_needs)
    finally:
        services._erasure_handlers.remove(failing)
    assert calls == [with_needs.pk]
    assert Reader.objects.get(pk=with_needs.pk).anonymised_at is None
    assert NeedsProfile.objects.filter(reader=with_needs).exists()
