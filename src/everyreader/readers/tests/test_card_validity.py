"""Library card validity: set at registration, renewed by staff (audited), an expired card stops
loans, renewals and holds with a clear message, and the reader and the desk see the date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from everyreader.catalog.tests.factories import ItemFactory
from everyreader.circulation import services as circulation
from everyreader.core.errors import DomainError
from everyreader.core.models import AuditEvent
from everyreader.readers import services
from everyreader.readers.models import RegistrationChannel
from everyreader.readers.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_registration_sets_the_validity_from_the_setting(make_user, settings):
    settings.EVERYREADER_CARD_VALID_YEARS = 5
    reader = services.reader_register(actor=make_user("librarian"), channel=RegistrationChannel.STAFF,
                                      family_name="王", given_name="芳")
    today = timezone.localdate()
    assert reader.card_expires == today.replace(year=today.year + 5) or reader.card_expires.day == 28
    settings.EVERYREADER_CARD_VALID_YEARS = 0
    forever = services.reader_register(actor=make_user("librarian"), channel=RegistrationChannel.STAFF,
                                       family_name="李", given_name="明")
    assert forever.card_expires is None and not forever.card_has_expired


def test_renewal_extends_from_the_later_of_today_and_the_current_date(make_user, settings):
    settings.EVERYREADER_CARD_VALID_YEARS = 3
    today = timezone.localdate()
    expired = ReaderFactory(card_expires=today - dt.timedelta(days=10))
    valid = ReaderFactory(card_expires=today + dt.timedelta(days=100))
    assert services.proposed_card_expiry(expired) == today.replace(year=today.year + 3) \
        or services.proposed_card_expiry(expired).day == 28
    later = valid.card_expires
    assert services.proposed_card_expiry(valid) == later.replace(year=later.year + 3)
    head = make_user("department_head")
    services.reader_card_renew(actor=head, reader=expired)
    expired.refresh_from_db()
    assert not expired.card_has_expired
    assert AuditEvent.objects.filter(action="reader.card_renewed", object_id=str(expired.pk)).exists()
    for bad in (today, today - dt.timedelta(days=1), today.replace(year=today.year + 11)):
        with pytest.raises(DomainError):
            services.reader_card_renew(actor=head, reader=valid, until=bad)
    with pytest.raises(PermissionDenied):
        services.reader_card_renew(actor=make_user("programme_manager"), reader=valid)


def test_an_expired_card_stops_loans_renewals_and_holds(make_user):
    from everyreader.accounts.tests.factories import BranchFactory

    central = BranchFactory()
    desk = make_user("librarian")
    reader = ReaderFactory()
    loan = circulation.checkout(actor=desk, item=ItemFactory(branch=central), reader=reader, branch=central)
    reader.card_expires = timezone.localdate() - dt.timedelta(days=1)
    reader.save()
    item = ItemFactory(branch=central)
    for act in (lambda: circulation.checkout(actor=desk, item=item, reader=reader, branch=central),
                lambda: circulation.renew(actor=desk, loan=loan),
                lambda: circulation.hold_place(actor=desk, reader=reader, record=item.record,
                                               pickup_branch=central)):
        with pytest.raises(DomainError) as refused:
            act()
        assert refused.value.code == "card_expired" and "can be renewed at any desk" in refused.value.message
    reader.card_expires = timezone.localdate()  # valid through its last day
    reader.save()
    circulation.checkout(actor=desk, item=item, reader=reader, branch=central)


def test_staff_renew_page_desk_panel_and_my_data(client_as, make_user, settings):
    settings.EVERYREADER_CARD_VALID_YEARS = 2
    reader = ReaderFactory(card_expires=timezone.localdate() - dt.timedelta(days=3), user=make_user("reader"))
    client = client_as("librarian")
    detail = client.get(reverse("readers:detail", args=[reader.pk])).content.decode()
    assert "expired: renew before lending" in detail and reverse("readers:card_renew", args=[reader.pk]) in detail
    panel = client.get(reverse("circulation:desk_reader", args=[reader.pk])).content.decode()
    assert "library card expired on" in panel
    page = reverse("readers:card_renew", args=[reader.pk])
    form = client.get(page).content.decode()
    proposed = services.proposed_card_expiry(reader).isoformat()
    assert f'value="{proposed}"' in form
    bad = client.post(page, {"until": "not a date"})
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    past = client.post(page, {"until": "2000-01-01"})
    assert "at most ten years ahead" in past.content.decode()
    assert client.post(page, {"until": proposed}).status_code == 302
    reader.refresh_from_db()
    assert reader.card_expires.isoformat() == proposed
    client.force_login(reader.user)
    assert proposed in client.get(reverse("readers:me_data")).content.decode()
    assert client.get(page).status_code in (302, 403)


def test_card_expiry_notice_once_per_expiry_date_in_the_readers_language(settings):
    from everyreader.core import periodic
    from everyreader.messaging.models import OutboundMessage
    from everyreader.readers.card_notices import run_card_expiry_notices

    settings.EVERYREADER_CARD_NOTICE_DAYS = 30
    today = timezone.localdate()
    soon = ReaderFactory(card_expires=today + dt.timedelta(days=30), preferred_language="zh-hans",
                         preferred_contact="sms", phone="13800000009")
    ReaderFactory(card_expires=today + dt.timedelta(days=31))             # not yet
    ReaderFactory(card_expires=today - dt.timedelta(days=1))              # already expired
    ReaderFactory(card_expires=None)                                      # never expires
    ReaderFactory(card_expires=today + dt.timedelta(days=5), is_active=False)
    assert "readers.card_expiry_notices" in [job.name for job in periodic.jobs()]
    assert run_card_expiry_notices() == 1
    message = OutboundMessage.objects.get(purpose="readers.card_expiry")
    assert message.reader == soon and "读者证" in message.subject and soon.card_number in message.body
    assert run_card_expiry_notices() == 0  # never twice
    soon.card_expires = today + dt.timedelta(days=10)  # renewed or changed: a new date, a new notice
    soon.save()
    assert run_card_expiry_notices() == 1


def test_renewing_on_29_february_does_not_fail(make_user, settings, monkeypatch):
    settings.EVERYREADER_CARD_VALID_YEARS = 5
    leap_day = dt.date(2028, 2, 29)
    monkeypatch.setattr(services.timezone, "localdate", lambda *args: leap_day)
    reader = ReaderFactory(card_expires=dt.date(2028, 1, 1))
    assert services.proposed_card_expiry(reader) == dt.date(2033, 2, 28)
    services.reader_card_renew(actor=make_user("department_head"), reader=reader, until=dt.date(2038, 2, 28))
    reader.refresh_from_db()
    assert reader.card_expires == dt.date(2038, 2, 28)
