from datetime import date

import pytest

from everyreader.accounts.tests.factories import BranchFactory
from everyreader.feedback import services
from everyreader.feedback.models import ServiceTarget
from everyreader.feedback.workdays import (
    DEFAULT_OPEN_DAYS, add_working_days, open_days_for, previous_working_day, working_days_after,
)

FRIDAY = date(2026, 11, 20)


def test_weekend_does_not_count():
    assert add_working_days(FRIDAY, 1) == date(2026, 11, 23)  # Monday
    assert add_working_days(FRIDAY, 5) == date(2026, 11, 27)


def test_branch_closed_days_are_skipped():
    riverside = [1, 3, 5, 6]  # Tuesday, Thursday, Saturday, Sunday
    assert add_working_days(date(2026, 11, 23), 1, riverside) == date(2026, 11, 24)  # Mon -> Tue
    assert add_working_days(date(2026, 11, 24), 1, riverside) == date(2026, 11, 26)  # Tue -> Thu (Wed closed)
    assert add_working_days(date(2026, 11, 24), 3, riverside) == date(2026, 11, 29)  # Thu, Sat, Sun


def test_received_on_a_closed_day_counts_from_the_next_open_day():
    saturday = date(2026, 11, 21)
    assert add_working_days(saturday, 1) == date(2026, 11, 23)


def test_zero_days_is_the_same_day():
    assert add_working_days(FRIDAY, 0) == FRIDAY


def test_no_opening_days_falls_back_to_weekdays():
    assert open_days_for(None) == DEFAULT_OPEN_DAYS
    assert open_days_for(type("B", (), {"opening_days": []})()) == DEFAULT_OPEN_DAYS
    assert add_working_days(FRIDAY, 1, []) == date(2026, 11, 23)


def test_previous_working_day_and_lateness():
    monday = date(2026, 11, 23)
    assert previous_working_day(monday) == FRIDAY
    assert working_days_after(FRIDAY, FRIDAY) == 0
    assert working_days_after(FRIDAY, date(2026, 11, 22)) == 0  # the weekend is not late
    assert working_days_after(FRIDAY, date(2026, 11, 24)) == 2


@pytest.mark.django_db
def test_due_dates_follow_the_target_and_the_branch():
    ServiceTarget.objects.update_or_create(kind="complaint", severity="medium",
                                           defaults={"acknowledge_days": 1, "resolve_days": 5})
    branch = BranchFactory(code="riverside", opening_days=[1, 3, 5, 6])
    ack, due = services.due_dates(kind="complaint", severity="medium", branch=branch, received=date(2026, 11, 23))
    assert ack == date(2026, 11, 24)
    assert due == date(2026, 12, 1)  # open days: 24, 26, 28, 29 Nov and 1 Dec


@pytest.mark.django_db
def test_seeded_targets_exist_for_every_kind_and_severity():
    assert ServiceTarget.objects.count() == 15
    assert services.target_for("complaint", "high") == (1, 2)
