"""Working-day arithmetic for service-level due dates: only the branch's opening days count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

DEFAULT_OPEN_DAYS = frozenset({0, 1, 2, 3, 4})  # Monday to Friday when no branch is known


def open_days_for(branch) -> frozenset[int]:
    days = frozenset(int(d) for d in (getattr(branch, "opening_days", None) or []) if 0 <= int(d) <= 6)
    return days or DEFAULT_OPEN_DAYS


def add_working_days(start: date, days: int, open_days: Iterable[int] = DEFAULT_OPEN_DAYS) -> date:
    """The date `days` opening days after `start` (the day of receipt does not count)."""
    open_set = frozenset(open_days) or DEFAULT_OPEN_DAYS
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() in open_set:
            counted += 1
    return current


def previous_working_day(day: date, open_days: Iterable[int] = DEFAULT_OPEN_DAYS) -> date:
    open_set = frozenset(open_days) or DEFAULT_OPEN_DAYS
    current = day - timedelta(days=1)
    while current.weekday() not in open_set:
        current -= timedelta(days=1)
    return current


def working_days_after(due: date, today: date, open_days: Iterable[int] = DEFAULT_OPEN_DAYS) -> int:
    """How many opening days have passed since `due` (0 on or before the due date)."""
    open_set = frozenset(open_days) or DEFAULT_OPEN_DAYS
    count, current = 0, due
    while current < today:
        current += timedelta(days=1)
        if current.weekday() in open_set:
            count += 1
    return count
