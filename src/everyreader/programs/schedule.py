"""Schedule logic, free of the database: planned dates, lateness, dependency violations and
schedule variance. Works on Task objects (or anything with the same attributes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DONE = "done"
CANCELLED = "cancelled"
BLOCKED = "blocked"
NOT_STARTED = "not_started"


def expected_percent(task, today: dt.date) -> int:
    """How far the task should be by `today` if it progressed evenly over its planned weeks."""
    start, end = task.planned_start, task.planned_end
    if today < start:
        return 0
    if today >= end:
        return 100
    total = (end - start).days + 1
    return round(((today - start).days + 1) / total * 100)


def is_late(task, today: dt.date) -> bool:
    """Not finished although its planned end has passed, or not started though it should have."""
    if task.status in (DONE, CANCELLED):
        return bool(task.status == DONE and task.actual_end and task.actual_end > task.planned_end)
    if today > task.planned_end:
        return True
    return task.status == NOT_STARTED and today > task.planned_start + dt.timedelta(days=6)


def is_overdue(task, today: dt.date) -> bool:
    return task.status not in (DONE, CANCELLED) and today > task.planned_end


def variance_weeks(task, today: dt.date) -> float:
    """Schedule variance in weeks: negative means behind plan (earned schedule, simplified)."""
    if task.status == CANCELLED:
        return 0.0
    weeks = task.end_week - task.start_week + 1
    if task.status == DONE and task.actual_end:
        return round(-(task.actual_end - task.planned_end).days / 7, 1)
    gap = (task.percent_complete - expected_percent(task, today)) / 100
    return round(gap * weeks, 1)


@dataclass(frozen=True)
class Violation:
    task: object
    predecessor: object
    kind: str  # "plan": planned to start before the predecessor ends; "actual": started before it finished


def dependency_violations(tasks, today: dt.date | None = None) -> list[Violation]:
    """Finish-to-start dependencies that the plan or the actual work breaks.

    `tasks` must have `depends_on` prefetched."""
    found = []
    for task in tasks:
        for before in task.depends_on.all():
            if task.start_week <= before.end_week:
                found.append(Violation(task, before, "plan"))
            elif task.status not in (NOT_STARTED, CANCELLED) and before.status not in (DONE, CANCELLED):
                found.append(Violation(task, before, "actual"))
    return found


def would_create_cycle(task, predecessor) -> bool:
    """True when making `task` depend on `predecessor` closes a loop."""
    seen, stack = set(), [predecessor]
    while stack:
        current = stack.pop()
        if current.pk == task.pk:
            return True
        if current.pk in seen:
            continue
        seen.add(current.pk)
        stack.extend(current.depends_on.all())
    return False


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def first_week_day(month: dt.date, weekday: int = 1) -> dt.date:
    """The given weekday (0 = Monday) within the first seven days of the month."""
    return month + dt.timedelta(days=(weekday - month.weekday()) % 7)


CADENCE_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91}


def next_date(day: dt.date, cadence: str) -> dt.date:
    if cadence == "monthly":
        following = next_month(day)
        return following.replace(day=min(day.day, 28))
    if cadence == "quarterly":
        current = day
        for _ in range(3):
            current = next_month(current)
        return current.replace(day=min(day.day, 28))
    return day + dt.timedelta(days=CADENCE_DAYS.get(cadence, 7))
