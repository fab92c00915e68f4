"""Consent enforcement, encryption at rest, versions, statistics, withdrawal, audit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers import needs_services
from everyreader.readers.models import (Consent, LatentNeed, LatentNeedStatus, NeedsProfile,
                                        NeedsProfileVersion, NeedStatistic, ReaderCategory, ReaderNeedTag)
from everyreader.readers.tests.conftest import LOW_VISION
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_storing_needs_without_consent_is_refused(reader, depthead):
    with pytest.raises(DomainError) as error:
        needs_services.needs_profile_set(actor=depthead, reader=reader, data=LOW_VISION, reason="x")
    assert error.value.code == "no_consent"
    assert not NeedsProfile.objects.exists()
    assert not NeedsProfileVersion.objects.exists()
    assert not ReaderNeedTag.objects.exists()
    assert not NeedStatistic.objects.exists()


def test_latent_need_without_consent_is_refused(reader, make_user):
    librarian = make_user("librarian")
    with pytest.raises(DomainError):
        needs_services.latent_need_record(actor=librarian, reader=reader, need_type="low-vision",
                                          observation="held the form close")
    assert not LatentNeed.objects.exists()


def test_withdrawn_consent_is_not_valid(with_needs, depthead):
    needs_services.consent_withdraw(actor=depthead, reader=with_needs)
    with pytest.raises(DomainError):
        needs_services.needs_profile_set(actor=depthead, reader=with_needs, data=LOW_VISION, reason="again")
    assert not NeedsProfile.objects.exists()


def test_child_needs_guardian_consent(depthead):
    child = ReaderFactory(category=ReaderCategory.CHILD, birth_year=2018, guardian_name="王母",
                          guardian_relation="母亲")
    with pytest.raises(DomainError):
        needs_services.consent_give(actor=depthead, reader=child, channel="in_person")
    assert not Consent.objects.exists()
    consent = needs_services.consent_give(actor=depthead, reader=child, channel="in_person",
                                          guardian_name="王母", guardian_relation="母亲")
    assert consent.guardian_relation == "母亲"


def test_librarian_cannot_record_consent_without_permission(reader, make_user):
    manager = make_user("programme_manager")
    with pytest.raises(PermissionDenied):
        needs_services.consent_give(actor=manager, reader=reader, channel="in_person")
    assert not Consent.objects.exists()


def test_consent_records_text_version_channel_and_recorder(consented, depthead):
    consent = Consent.objects.get(reader=consented)
    assert consent.purpose_version == needs_services.CONSENT_VERSION
    assert consent.purpose_text
    assert consent.channel == "in_person"
    assert consent.recorded_by == depthead


def test_profile_is_encrypted_at_rest(with_needs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM readers_needsprofile")
        raw = cursor.fetchone()[0]
        cursor.execute("SELECT data FROM readers_needsprofileversion")
        raw_version = cursor.fetchone()[0]
    assert raw.startswith("enc1:")
    assert "low-vision" not in raw and "large_print" not in raw
    assert "asked at desk" not in raw_version
    assert NeedsProfile.objects.get().data["needs"][0]["type"] == "low-vision"
    assert all("low-vision" not in t for t in ReaderNeedTag.objects.values_list("tag", flat=True))


def test_every_change_is_a_version_with_who_and_why(with_needs, depthead):
    changed = {**LOW_VISION, "needs": [{"type": "low-vision", "level": "cannot", "source": "staff", "since": ""},
                                       {"type": "walking", "level": "some"}]}
    needs_services.needs_profile_set(actor=depthead, reader=with_needs, data=changed, reason="review")
    versions = needs_services.needs_history_read(actor=depthead, reader=with_needs)
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].changed_by == depthead and versions[0].data["reason"] == "review"
    stats = {(s.need_type, s.event): s.count for s in NeedStatistic.objects.all()}
    assert stats == {("low-vision", "new"): 1, ("low-vision", "changed"): 1, ("walking", "new"): 1}


def test_unchanged_profile_makes_no_new_version(with_needs, depthead):
    needs_services.needs_profile_set(actor=depthead, reader=with_needs, data=LOW_VISION, reason="same")
    assert NeedsProfileVersion.objects.count() == 1


@pytest.mark.parametrize("bad", [
    {"needs": [{"type": "no-such-need"}]},
    {"needs": [{"type": "blind", "level": "extreme"}]},
    {"needs": [{"type": "blind", "since": "March"}]},
    {"formats": ["smell"]},
    {"braille_grade": "7"},
    {"large_print_size": 3},
])
def test_bad_profile_data_is_refused(consented, depthead, bad):
    with pytest.raises(DomainError):
        needs_services.needs_profile_set(actor=depthead, reader=consented, data=bad, reason="x")
    assert not NeedsProfileVersion.objects.exists()


def test_reason_is_required(consented, depthead):
    with pytest.raises(DomainError):
        needs_services.needs_profile_set(actor=depthead, reader=consented, data=LOW_VISION, reason=" ")
    assert not NeedsProfile.objects.exists()


def test_withdrawal_deletes_sensitive_data_and_keeps_statistics(with_needs, depthead, make_user):
    needs_services.latent_need_record(actor=make_user("librarian"), reader=with_needs, need_type="walking",
                                      observation="slow on stairs")
    removed = needs_services.consent_withdraw(actor=depthead, reader=with_needs)
    assert removed == 1
    assert not NeedsProfile.objects.exists()
    assert not NeedsProfileVersion.objects.exists()
    assert not ReaderNeedTag.objects.exists()
    assert not LatentNeed.objects.exists()
    assert Consent.objects.get().withdrawn_at is not None
    stats = {(s.need_type, s.event): s.count for s in NeedStatistic.objects.all()}
    assert stats == {("low-vision", "new"): 1, ("low-vision", "ended"): 1}
    assert AuditEvent.objects.filter(action="reader.consent_withdrawn").exists()


def test_reader_can_withdraw_own_consent(with_needs, make_user):
    user = make_user("reader")
    with_needs.user = user
    with_needs.save()
    needs_services.consent_withdraw(actor=user, reader=with_needs)
    assert not NeedsProfile.objects.exists()


def test_other_reader_cannot_touch_someone_elses_needs(with_needs, make_user):
    other = make_user("reader")
    with pytest.raises(PermissionDenied):
        needs_services.needs_profile_read(actor=other, reader=with_needs)
    with pytest.raises(PermissionDenied):
        needs_services.consent_withdraw(actor=other, reader=with_needs)
    assert NeedsProfile.objects.exists()


@pytest.mark.parametrize("role", ["librarian", "programme_manager", "administrator"])
def test_roles_without_permission_cannot_read_needs(with_needs, make_user, role):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        needs_services.needs_profile_read(actor=make_user(role), reader=with_needs)
    with pytest.raises(PermissionDenied):
        needs_services.needs_history_read(actor=make_user(role), reader=with_needs)
    assert AuditEvent.objects.count() == before


def test_every_read_is_audited(with_needs, depthead):
    before = AuditEvent.objects.filter(action__startswith="reader.needs_").count()
    needs_services.needs_profile_read(actor=depthead, reader=with_needs)
    needs_services.needs_history_read(actor=depthead, reader=with_needs)
    events = AuditEvent.objects.filter(action__startswith="reader.needs_").order_by("-id")
    assert events.count() == before + 2
    assert {e.action for e in events[:2]} == {"reader.needs_view", "reader.needs_history_viewed"}
    assert all(e.actor == depthead for e in events[:2])


def test_latent_need_lifecycle(consented, depthead, make_user):
    latent = needs_services.latent_need_record(actor=make_user("librarian"), reader=consented,
                                               need_type="hard-of-hearing", observation="asked to repeat")
    assert latent.status == LatentNeedStatus.OPEN
    needs_services.latent_need_resolve(actor=depthead, latent=latent, outcome="dismissed", note="noisy hall")
    latent.refresh_from_db()
    assert latent.status == "dismissed" and latent.data["observation"] == ""
    with pytest.raises(DomainError):
        needs_services.latent_need_resolve(actor=depthead, latent=latent, outcome="confirmed")


def test_librarian_records_latent_needs_but_cannot_resolve(consented, make_user):
    librarian = make_user("librarian")
    latent = needs_services.latent_need_record(actor=librarian, reader=consented, need_type="walking",
                                               observation="uses a stick")
    with pytest.raises(PermissionDenied):
        needs_services.latent_need_resolve(actor=librarian, latent=latent, outcome="confirmed")
    latent.refresh_from_db()
    assert latent.status == "open"
