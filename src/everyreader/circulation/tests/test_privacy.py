"""Loan anonymisation: timing (EVERYREADER_LOAN_ANONYMISE_DAYS, 0 = at once), the reader's opt-in
to keep their history, idempotence, and the anonymous statistics surviving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from everyreader.circulation import privacy
from everyreader.circulation.models import Loan, LoanHistorySetting, LoanStatistic
from everyreader.circulation.tests.desk_fixtures import LoanFactory, StatFactory
from everyreader.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def returned(days_ago: float, **kwargs) -> Loan:
    when = timezone.now() - dt.timedelta(days=days_ago)
    return LoanFactory(checked_out_at=when - dt.timedelta(days=10), due_at=when + dt.timedelta(days=18),
                       returned_at=when, **kwargs)


def test_loans_are_anonymised_after_the_configured_days(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 30
    old, recent, still_out = returned(31), returned(29), LoanFactory()
    assert privacy.run_anonymise() == 1
    old.refresh_from_db(), recent.refresh_from_db(), still_out.refresh_from_db()
    assert old.reader is None and old.anonymised_at is not None
    assert recent.reader is not None and recent.anonymised_at is None
    assert still_out.reader is not None


def test_zero_days_means_at_return(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 0
    loan = returned(0.001)
    open_loan = LoanFactory()
    assert privacy.run_anonymise() == 1
    loan.refresh_from_db(), open_loan.refresh_from_db()
    assert loan.reader is None
    assert open_loan.reader is not None


def test_readers_who_keep_their_history_keep_it(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 30
    kept = returned(400)
    LoanHistorySetting.objects.create(reader=kept.reader, keep_history=True)
    changed_mind = returned(400)
    LoanHistorySetting.objects.create(reader=changed_mind.reader, keep_history=False)
    assert privacy.run_anonymise() == 1
    kept.refresh_from_db(), changed_mind.refresh_from_db()
    assert kept.reader is not None
    assert changed_mind.reader is None


def test_running_twice_changes_nothing_the_second_time_and_audits_once(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 1
    returned(5), returned(6)
    assert privacy.run_anonymise() == 2
    stamp = list(Loan.objects.values_list("anonymised_at", flat=True))
    assert privacy.run_anonymise() == 0
    assert list(Loan.objects.values_list("anonymised_at", flat=True)) == stamp
    assert AuditEvent.objects.filter(action="circulation.loans_anonymised").count() == 1
    assert AuditEvent.objects.get(action="circulation.loans_anonymised").details["count"] == 2


def test_statistics_survive_anonymisation(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 0
    returned(3), returned(3)
    StatFactory.create_batch(2)
    privacy.run_anonymise()
    assert LoanStatistic.objects.count() == 2
    assert Loan.objects.filter(reader__isnull=True).count() == 2


def test_more_than_one_batch(settings, monkeypatch):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 0
    monkeypatch.setattr(privacy, "BATCH", 2)
    for _n in range(5):
        returned(1)
    assert privacy.run_anonymise() == 5
    assert not Loan.objects.filter(reader__isnull=False).exists()


def closed_hold(days_ago: float, status="collected", **kwargs):
    from everyreader.circulation.tests.factories import HoldFactory

    when = timezone.now() - dt.timedelta(days=days_ago)
    return HoldFactory(status=status, placed_at=when - dt.timedelta(days=5), closed_at=when, **kwargs)


def test_closed_holds_are_deleted_after_the_retention_period(settings):
    from everyreader.circulation.models import Hold
    from everyreader.circulation.tests.factories import HoldFactory

    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 30
    old_collected, old_expired = closed_hold(31), closed_hold(40, status="expired")
    recent = closed_hold(29, status="cancelled")
    waiting = HoldFactory(placed_at=timezone.now() - dt.timedelta(days=90))
    assert privacy.closed_holds_forget() == 2
    assert set(Hold.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not Hold.objects.filter(pk__in=[old_collected.pk, old_expired.pk]).exists()
    assert privacy.closed_holds_forget() == 0  # idempotent
    event = AuditEvent.objects.get(action="circulation.closed_holds_deleted")
    assert event.details["count"] == 2 and str(old_collected.reader.card_number) not in str(event.details)


def test_expired_holds_stay_for_their_notice_window(settings):
    from everyreader.circulation.models import Hold

    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 0
    settings.EVERYREADER_HOLD_EXPIRED_NOTICE_DAYS = 7
    within, after = closed_hold(3, status="expired"), closed_hold(8, status="expired")
    assert privacy.run_anonymise() == 1
    assert list(Hold.objects.values_list("pk", flat=True)) == [within.pk]
    assert after.pk not in Hold.objects.values_list("pk", flat=True)


def test_readers_keeping_their_history_keep_their_closed_holds(settings):
    settings.EVERYREADER_LOAN_ANONYMISE_DAYS = 30
    kept = closed_hold(60)
    LoanHistorySetting.objects.create(reader=kept.reader, keep_history=True)
    assert privacy.closed_holds_forget() == 0
