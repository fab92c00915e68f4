import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.catalog.tests.factories import ItemFactory, RecordFactory
from everyreader.catalog.vocab import ItemStatus
from everyreader.core.errors import DomainError
from everyreader.messaging.models import OutboundMessage
from everyreader.outreach import selectors, services
from everyreader.outreach.models import (DeliveredRecord, DeliveryProfile, ProfileStatus, Visit, VisitItem,
                                         VisitStatus)
from everyreader.outreach.tests.factories import make_profile, qualified_member
from everyreader.readers.models import ConsentPurpose
from everyreader.readers.services import valid_consent
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.fixture
def librarian(make_user):
    return make_user("librarian")


@pytest.fixture
def frozen_today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


def large_print(title, subjects=("历史",), branch=None, work_key=None, status=ItemStatus.AVAILABLE):
    record = RecordFactory(title=title, subjects=list(subjects), format="large_print",
                           work_key=work_key if work_key is not None else title)
    return ItemFactory(record=record, format="large_print", status=status, **({"branch": branch} if branch else {}))


def test_profile_create_records_home_delivery_consent_and_encrypts_address(librarian):
    profile = make_profile(actor=librarian)
    consent = valid_consent(profile.reader, ConsentPurpose.HOME_DELIVERY)
    assert consent is not None and profile.consent == consent
    assert valid_consent(profile.reader) is None  # the sensitive-needs consent is a different one
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, access_notes FROM outreach_deliveryprofile WHERE id = %s", [profile.pk])
        raw = cursor.fetchone()
    assert all(value.startswith("enc1:") and "和平里" not in value for value in raw)


def test_profile_create_without_consent_is_refused(librarian):
    with pytest.raises(DomainError) as error:
        make_profile(actor=librarian, consent_channel="")
    assert error.value.code == "no_consent"
    assert not DeliveryProfile.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"address": "  "}, "address"),
    ({"frequency": "daily"}, "frequency"),
    ({"window_start": dt.time(12), "window_end": dt.time(9)}, "window_end"),
    ({"formats": ["scroll"]}, "formats"),
    ({"items_per_visit": 0}, "items_per_visit"),
])
def test_profile_bad_input_writes_nothing(librarian, fields, field):
    with pytest.raises(DomainError) as error:
        make_profile(actor=librarian, **fields)
    assert error.value.field == field
    assert not DeliveryProfile.objects.exists()


def test_profile_needs_permission(make_user):
    with pytest.raises(PermissionDenied):
        make_profile(actor=make_user("programme_manager"))
    assert not DeliveryProfile.objects.exists()


def test_unvetted_deliverer_cannot_be_scheduled(librarian, frozen_today):
    profile = make_profile(actor=librarian)
    unvetted = qualified_member(vetting_status="pending", vetted_on=None)
    with pytest.raises(DomainError) as error:
        services.visit_schedule(actor=librarian, profile=profile, date=TODAY + dt.timedelta(days=2), deliverer=unvetted)
    assert error.value.field == "deliverer" and error.value.code == "not_schedulable"
    assert not Visit.objects.exists()


def test_generation_is_idempotent_follows_rhythm_and_notifies_reader(librarian, frozen_today):
    member = qualified_member(weekdays=[1])
    profile = make_profile(actor=librarian)
    created = services.visits_generate(today=TODAY)
    dates = list(Visit.objects.order_by("date").values_list("date", flat=True))
    assert created == 2 and dates == [dt.date(2026, 11, 24), dt.date(2026, 12, 8)]
    assert all(v.deliverer == member for v in Visit.objects.all())
    assert services.visits_generate(today=TODAY) == 0
    assert Visit.objects.count() == 2
    assert OutboundMessage.objects.filter(reader=profile.reader, purpose="delivery.scheduled").count() == 2


def test_generation_skips_paused_and_withdrawn(librarian, frozen_today):
    paused = make_profile(actor=librarian)
    services.profile_pause(actor=librarian, profile=paused, until=None)
    withdrawn = make_profile(actor=librarian)
    from everyreader.readers.services import consent_withdraw
    consent_withdraw(actor=librarian, reader=withdrawn.reader, purpose=ConsentPurpose.HOME_DELIVERY)
    assert services.visits_generate(today=TODAY) == 0
    assert not Visit.objects.exists()


def test_withdrawn_consent_deletes_delivery_data_when_nothing_is_out(librarian, frozen_today):
    from everyreader.readers.services import consent_withdraw
    kept, gone = make_profile(actor=librarian), make_profile(actor=librarian)
    item = large_print("史记故事", branch=gone.branch)
    DeliveredRecord.objects.create(reader=gone.reader, record=item.record, source="delivery", delivered_on=TODAY)
    assert services.profiles_forget_withdrawn() == 0
    consent_withdraw(actor=librarian, reader=gone.reader, purpose=ConsentPurpose.HOME_DELIVERY)
    assert services.profiles_forget_withdrawn() == 1
    assert list(DeliveryProfile.objects.all()) == [kept]
    assert not DeliveredRecord.objects.filter(reader=gone.reader).exists()


def test_suggestions_never_repeat_records_or_other_editions(librarian, frozen_today):
    profile = make_profile(actor=librarian)
    had = large_print("红楼梦", work_key="hongloumeng")
    other_edition = large_print("红楼梦（大字版）", work_key="hongloumeng")
    fresh_history = large_print("史记故事")
    off_topic = large_print("烹饪大全", subjects=["烹饪"])
    large_print("三国演义", status=ItemStatus.ON_LOAN)
    ItemFactory(record=RecordFactory(title="普通书", subjects=["历史"]))  # print: not a wanted format
    DeliveredRecord.objects.create(reader=profile.reader, record=had.record, work_key="hongloumeng",
                                   source="delivery", delivered_on=TODAY - dt.timedelta(days=30))
    suggested = selectors.suggest_items(profile, limit=5)
    assert suggested == [fresh_history, off_topic]
    assert other_edition not in suggested


def test_choose_items_refuses_repeat_unless_send_again(librarian, frozen_today):
    profile = make_profile(actor=librarian)
    had = large_print("红楼梦", work_key="hongloumeng")
    again = large_print("红楼梦（新版）", work_key="hongloumeng")
    DeliveredRecord.objects.create(reader=profile.reader, record=had.record, work_key="hongloumeng",
                                   source="delivery", delivered_on=TODAY)
    visit = services.visit_schedule(actor=librarian, profile=profile, date=TODAY + dt.timedelta(days=2))
    with pytest.raises(DomainError):
        services.visit_choose_items(actor=librarian, visit=visit, item_ids=[again.pk])
    assert not VisitItem.objects.exists()
    services.visit_choose_items(actor=librarian, visit=visit, item_ids=[again.pk], send_again_ids=[again.pk])
    assert VisitItem.objects.get().send_again


def test_record_visit_lends_collects_and_builds_history(librarian, frozen_today, monkeypatch):
    profile = make_profile(actor=librarian)
    first, second = large_print("史记故事", branch=profile.branch), large_print("唐诗三百首", branch=profile.branch)
    visit = services.visit_schedule(actor=librarian, profile=profile, date=TODAY)
    services.visit_choose_items(actor=librarian, visit=visit, item_ids=[first.pk, second.pk])
    services.visit_record(actor=librarian, visit=visit, outcome="delivered", handed_over_ids=[first.pk])
    first.refresh_from_db(); second.refresh_from_db()
    assert first.status == ItemStatus.ON_LOAN and second.status == ItemStatus.AVAILABLE
    assert list(DeliveredRecord.objects.values_list("record_id", flat=True)) == [first.record_id]
    assert VisitItem.objects.filter(item=second).count() == 0  # not taken: released
    assert [vi.item for vi in selectors.outstanding_items(profile)] == [first]
    with pytest.raises(DomainError):
        services.visit_record(actor=librarian, visit=visit, outcome="delivered")
    # the next visit collects it
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY + dt.timedelta(days=14))
    nxt = services.visit_schedule(actor=librarian, profile=profile, date=TODAY + dt.timedelta(days=14))
    services.visit_record(actor=librarian, visit=nxt, outcome="delivered", collected_ids=[first.pk])
    first.refresh_from_db()
    assert first.status == ItemStatus.AVAILABLE and selectors.outstanding_items(profile) == []
    from everyreader.circulation.models import Loan
    loan = Loan.objects.get(item=first)
    assert loan.channel == "home_delivery" and loan.returned_at is not None
    assert first not in selectors.suggest_items(profile, limit=5)


def test_record_bad_outcome_changes_nothing(librarian, frozen_today):
    profile = make_profile(actor=librarian)
    item = large_print("史记故事")
    visit = services.visit_schedule(actor=librarian, profile=profile, date=TODAY)
    services.visit_choose_items(actor=librarian, visit=visit, item_ids=[item.pk])
    with pytest.raises(DomainError):
        services.visit_record(actor=librarian, visit=visit, outcome="not_home", handed_over_ids=[item.pk])
    with pytest.raises(DomainError):
        services.visit_record(actor=librarian, visit=visit, outcome="exploded")
    visit.refresh_from_db(); item.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED and item.status == ItemStatus.AVAILABLE
    assert not DeliveredRecord.objects.exists()


def test_feedback_by_reader_only_after_delivery(librarian, frozen_today, make_user):
    user = make_user("reader")
    profile = make_profile(actor=librarian, reader=ReaderFactory(user=user))
    visit = services.visit_schedule(actor=librarian, profile=profile, date=TODAY)
    with pytest.raises(DomainError):
        services.visit_feedback(actor=user, visit=visit, rating=5)
    services.visit_record(actor=librarian, visit=visit, outcome="delivered")
    with pytest.raises(DomainError):
        services.visit_feedback(actor=user, visit=visit, rating=9)
    services.visit_feedback(actor=user, visit=visit, rating=5, comment="谢谢志愿者")
    visit.refresh_from_db()
    assert visit.rating == 5 and visit.comment == "谢谢志愿者"
    stranger = make_user("reader")
    with pytest.raises(PermissionDenied):
        services.visit_feedback(actor=stranger, visit=visit, rating=1)


def test_reader_may_change_only_day_and_pause(librarian, frozen_today, make_user):
    user = make_user("reader")
    profile = make_profile(actor=librarian, reader=ReaderFactory(user=user))
    services.profile_update(actor=user, profile=profile, weekday=3, address="别处", items_per_visit=9)
    profile.refresh_from_db()
    assert profile.weekday == 3 and profile.address.startswith("北京") and profile.items_per_visit == 2
    services.profile_pause(actor=user, profile=profile, until=TODAY + dt.timedelta(days=30))
    assert DeliveryProfile.objects.get().status == ProfileStatus.PAUSED
    # pause ends by itself
    services.visits_generate(today=TODAY + dt.timedelta(days=31))
    assert DeliveryProfile.objects.get().status == ProfileStatus.ACTIVE


def test_erasure_removes_delivery_data(make_user, librarian):
    from everyreader.readers.services import reader_erase
    profile = make_profile(actor=librarian)
    item = large_print("史记故事")
    DeliveredRecord.objects.create(reader=profile.reader, record=item.record, source="delivery", delivered_on=TODAY)
    reader_erase(actor=make_user("administrator"), reader=profile.reader)
    assert not DeliveryProfile.objects.exists() and not DeliveredRecord.objects.exists()


def test_notify_deliverers_once_per_day(librarian, frozen_today, make_user):
    staff = make_user("librarian")
    member = qualified_member(weekdays=[1], user=staff, notify_by="account")
    sms_member = qualified_member(weekdays=[1])
    a, b = make_profile(actor=librarian), make_profile(actor=librarian)
    day = TODAY + dt.timedelta(days=2)
    services.visit_schedule(actor=librarian, profile=a, date=day, deliverer=member)
    services.visit_schedule(actor=librarian, profile=b, date=day, deliverer=sms_member)
    assert services.notify_deliverers(day=day) == 2
    assert services.notify_deliverers(day=day) == 0
    from everyreader.core.models import Notification
    assert Notification.objects.filter(recipient=staff).count() == 1
    from everyreader.outreach.models import DelivererNotice
    notice = DelivererNotice.objects.get(member=sms_member)
    assert services.deliver_notice(notice.pk) == "sent"
    assert services.deliver_notice(notice.pk) == "skipped"
    assert "和平里" not in notice.body  # addresses stay on the route sheet
