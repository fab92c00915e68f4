import datetime as dt

import pytest

from everyreader.programs import schedule
from everyreader.programs.models import Programme, Task
from everyreader.programs.services.risks import score_level

PROGRAMME = Programme(start_date=dt.date(2026, 1, 5), weeks=56)


def task(start, end, status="not_started", percent=0, actual_end=None, **extra):
    return Task(programme=PROGRAMME, start_week=start, end_week=end, status=status, percent_complete=percent,
                actual_end=actual_end, **extra)


def test_week_dates():
    assert PROGRAMME.week_start(1) == dt.date(2026, 1, 5)
    assert PROGRAMME.week_end(1) == dt.date(2026, 1, 11)
    assert PROGRAMME.week_start(3) == dt.date(2026, 1, 19)
    assert PROGRAMME.end_date == dt.date(2027, 1, 31)
    assert PROGRAMME.week_of(dt.date(2026, 1, 12)) == 2


def test_expected_percent_runs_evenly():
    t = task(1, 2)
    assert schedule.expected_percent(t, dt.date(2026, 1, 4)) == 0
    assert schedule.expected_percent(t, dt.date(2026, 1, 11)) == 50
    assert schedule.expected_percent(t, dt.date(2026, 1, 18)) == 100


@pytest.mark.parametrize("status,percent,actual_end,today,late", [
    ("in_progress", 50, None, dt.date(2026, 1, 19), True),       # past planned end, not done
    ("in_progress", 50, None, dt.date(2026, 1, 10), False),      # still within its weeks
    ("not_started", 0, None, dt.date(2026, 1, 13), True),        # should have started a week ago
    ("not_started", 0, None, dt.date(2026, 1, 8), False),
    ("done", 100, dt.date(2026, 1, 18), dt.date(2026, 2, 1), False),  # finished on time
    ("done", 100, dt.date(2026, 1, 25), dt.date(2026, 2, 1), True),    # finished a week late
    ("cancelled", 0, None, dt.date(2026, 3, 1), False),
])
def test_is_late(status, percent, actual_end, today, late):
    assert schedule.is_late(task(1, 2, status, percent, actual_end), today) is late


def test_overdue_only_when_open_past_end():
    assert schedule.is_overdue(task(1, 2, "blocked", 30), dt.date(2026, 1, 19))
    assert not schedule.is_overdue(task(1, 2, "done", 100), dt.date(2026, 1, 19))


def test_variance_in_weeks():
    # 4-week task, half of it planned by today, a quarter done: one week behind.
    t = task(1, 4, "in_progress", 25)
    assert schedule.variance_weeks(t, dt.date(2026, 1, 18)) == -1.0
    done_late = task(1, 4, "done", 100, actual_end=dt.date(2026, 2, 15))
    assert schedule.variance_weeks(done_late, dt.date(2026, 3, 1)) == -2.0


@pytest.mark.django_db
def test_dependency_violations(tasks):
    a1, a2, b1 = tasks["a.1"], tasks["a.2"], tasks["b.1"]
    assert schedule.dependency_violations([a2, b1]) == []
    a2.status = "in_progress"  # started while a.1 is not finished
    found = schedule.dependency_violations([a2])
    assert [(v.task.code, v.predecessor.code, v.kind) for v in found] == [("a.2", "a.1", "actual")]
    b1.start_week = 3  # planned to start before a.2 ends
    found = schedule.dependency_violations([b1])
    assert [(v.task.code, v.kind) for v in found] == [("b.1", "plan")]
    a1.status = "done"
    a1.save()
    a2.refresh_from_db()
    a2.status = "in_progress"
    assert schedule.dependency_violations([a2]) == []


@pytest.mark.django_db
def test_cycle_detection(tasks):
    assert schedule.would_create_cycle(tasks["a.1"], tasks["b.1"])  # b.1 -> a.2 -> a.1
    assert not schedule.would_create_cycle(tasks["b.1"], tasks["a.1"])


def test_next_dates_and_months():
    assert schedule.next_date(dt.date(2026, 1, 31), "monthly") == dt.date(2026, 2, 28)
    assert schedule.next_date(dt.date(2026, 1, 10), "quarterly") == dt.date(2026, 4, 10)
    assert schedule.next_date(dt.date(2026, 1, 10), "weekly") == dt.date(2026, 1, 17)
    assert schedule.month_starts(dt.date(2026, 1, 5), dt.date(2026, 3, 1)) == [
        dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert schedule.first_week_day(dt.date(2026, 9, 1), 1) == dt.date(2026, 9, 1)  # a Tuesday
    assert schedule.first_week_day(dt.date(2026, 10, 1), 1) == dt.date(2026, 10, 6)


@pytest.mark.parametrize("likelihood,impact,score,level", [
    (1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"),
    (2, 5, 10, "high"), (4, 4, 16, "high"), (4, 5, 20, "very_high"), (5, 5, 25, "very_high"),
])
def test_risk_scoring(likelihood, impact, score, level):
    from everyreader.programs.models import Risk

    risk = Risk(likelihood=likelihood, impact_score=impact)
    assert risk.score == score
    assert score_level(risk.score) == level


def test_gantt_svg_is_hidden_and_escaped():
    from everyreader.programs import gantt

    svg = gantt.render([gantt.Row("a.1", "<b>x</b>", 1, 2, 50, late=True)], weeks=56,
                       start_date=dt.date(2026, 1, 5), today=dt.date(2026, 1, 12), milestones=[(2, "M")])
    assert 'aria-hidden="true"' in svg and "<b>" not in svg and "&lt;b&gt;" in svg
    assert svg.count("<line") >= 2  # grid and the today line
