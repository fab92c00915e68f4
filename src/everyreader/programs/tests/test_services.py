import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from everyreader.core.errors import DomainError, IllegalTransition
from everyreader.core.models import AuditEvent
from everyreader.programs import services
from everyreader.programs.models import (
    ActionItem,
    BudgetLine,
    CommunicationLog,
    Meeting,
    MonthlyReport,
    RiskReview,
    Task,
)
from everyreader.programs.services.meetings import series_dates

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 14)


def head_of(task):
    return task.department.head


def test_department_head_edits_own_task(tasks):
    task = tasks["a.1"]
    services.task_update(actor=head_of(task), task=task, status="in_progress", percent_complete=40, today=TODAY)
    task.refresh_from_db()
    assert (task.status, task.percent_complete, task.actual_start) == ("in_progress", 40, TODAY)
    assert AuditEvent.objects.filter(action="programme_task.updated", object_id=str(task.pk)).exists()
    parent = Task.objects.get(pk=task.parent_id)
    assert (parent.status, parent.percent_complete) == ("in_progress", 20)  # rolled up from a.1 and a.2


def test_department_head_cannot_edit_other_departments_task(tasks):
    other = tasks["b.1"]
    with pytest.raises(PermissionDenied):
        services.task_update(actor=head_of(tasks["a.1"]), task=other, percent_complete=50)
    other.refresh_from_db()
    assert other.percent_complete == 0
    assert not AuditEvent.objects.filter(action="programme_task.updated").exists()


def test_librarian_cannot_edit(tasks, make_user):
    with pytest.raises(PermissionDenied):
        services.task_update(actor=make_user("librarian"), task=tasks["a.1"], percent_complete=5)


def test_illegal_transition_changes_nothing(tasks, manager):
    task = tasks["a.1"]
    with pytest.raises(IllegalTransition):
        services.task_update(actor=manager, task=task, status="done")
    task.refresh_from_db()
    assert task.status == "not_started"


@pytest.mark.parametrize("data,field", [
    ({"start_week": 5, "end_week": 3}, "end_week"),
    ({"end_week": 60}, "start_week"),
    ({"percent_complete": 120}, "percent_complete"),
    ({"status": "blocked"}, "blocked_reason"),
])
def test_bad_input_is_refused(tasks, manager, data, field):
    task = tasks["a.1"]
    with pytest.raises(DomainError) as error:
        services.task_update(actor=manager, task=task, **data)
    assert error.value.field == field
    task.refresh_from_db()
    assert (task.start_week, task.end_week, task.percent_complete, task.status) == (1, 2, 0, "not_started")


def test_done_sets_finish_and_full_progress(tasks, manager):
    task = tasks["a.1"]
    services.task_update(actor=manager, task=task, status="in_progress", today=TODAY)
    services.task_update(actor=manager, task=task, status="done", today=TODAY + dt.timedelta(days=3))
    task.refresh_from_db()
    assert task.percent_complete == 100 and task.actual_end == TODAY + dt.timedelta(days=3)


def test_dependencies_refuse_loops(tasks, manager):
    with pytest.raises(DomainError):
        services.task_set_dependencies(actor=manager, task=tasks["a.1"], predecessors=[tasks["b.1"]])
    assert tasks["a.1"].depends_on.count() == 0
    services.task_set_dependencies(actor=manager, task=tasks["c.1"], predecessors=[tasks["a.2"], tasks["b.2"]])
    assert set(tasks["c.1"].depends_on.values_list("code", flat=True)) == {"a.2", "b.2"}


def test_budget_and_allocation(tasks, manager):
    line = BudgetLine.objects.create(task=tasks["b.1"], item="books", planned=Decimal(1000))
    services.budget_line_update(actor=head_of(tasks["b.1"]), line=line, spent=Decimal(400))
    line.refresh_from_db()
    assert line.spent == 400
    with pytest.raises(DomainError):
        services.budget_line_update(actor=manager, line=line, spent=Decimal(-1))
    services.allocation_set(actor=manager, task=tasks["b.1"], person=manager, percent=60)
    assert tasks["b.1"].allocations.get().percent == 60
    services.allocation_set(actor=manager, task=tasks["b.1"], person=manager, percent=0)
    assert not tasks["b.1"].allocations.exists()


def test_risk_review_records_history_and_next_date(programme):
    risk = programme.risks.get(code="d")
    head = risk.department.head
    services.risk_review(actor=head, risk=risk, likelihood=4, impact_score=5, status="occurred", note="late",
                         today=dt.date(2026, 5, 10))
    risk.refresh_from_db()
    assert (risk.score, risk.status, risk.next_review) == (20, "occurred", dt.date(2026, 6, 10))
    review = RiskReview.objects.get(risk=risk)
    assert (review.score, review.reviewed_by) == (20, head)
    services.risk_review(actor=head, risk=risk, likelihood=1, impact_score=1, status="closed")
    risk.refresh_from_db()
    assert risk.next_review is None and risk.reviews.count() == 2


def test_risk_review_bad_scores_and_other_department(programme, manager):
    risk = programme.risks.get(code="d")
    with pytest.raises(DomainError):
        services.risk_review(actor=manager, risk=risk, likelihood=6, impact_score=3, status="open")
    other_head = programme.risks.get(code="a").department.head
    with pytest.raises(PermissionDenied):
        services.risk_review(actor=other_head, risk=risk, likelihood=2, impact_score=3, status="open")
    assert not RiskReview.objects.exists()


def test_meeting_series_dates(programme):
    coordination = programme.meeting_series.get(kind="coordination")
    dates = series_dates(coordination)
    assert dates[0] == dt.date(2026, 1, 6)  # the first Tuesday of January
    assert all(d.day <= 7 for d in dates[1:])
    assert all(d.weekday() == 1 for d in dates[1:])
    partner = programme.meeting_series.get(kind="partner")
    weekly = series_dates(partner)
    assert weekly[0] >= programme.week_start(33) and len(weekly) == 24


def test_meetings_schedule_is_idempotent(programme):
    until = programme.week_end(56)
    first = services.meetings_schedule(programme=programme, until=until)
    assert first == Meeting.objects.count() > 30
    assert services.meetings_schedule(programme=programme, until=until) == 0


def test_minutes_decisions_and_actions(programme, manager, make_user):
    services.meetings_schedule(programme=programme, until=programme.start_date + dt.timedelta(days=6))
    meeting = Meeting.objects.get()
    with pytest.raises(DomainError):
        services.meeting_record(actor=manager, meeting=meeting, minutes=" ", status="held")
    services.meeting_record(actor=manager, meeting=meeting, minutes="ok", status="held", attendees=[manager],
                           decisions=["one", "", "two"])
    assert list(meeting.decisions.values_list("text", flat=True)) == ["one", "two"]
    person = make_user("librarian")
    with pytest.raises(DomainError):
        services.action_item_add(actor=manager, meeting=meeting, title="x", assignee=person,
                                 due_date=meeting.date - dt.timedelta(days=1))
    action = services.action_item_add(actor=manager, meeting=meeting, title="x", assignee=person,
                                      due_date=meeting.date + dt.timedelta(days=7))
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(actor=make_user("librarian"), action=action, status="done")
    services.action_item_set_status(actor=person, action=action, status="done", today=TODAY)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", TODAY)
    with pytest.raises(IllegalTransition):
        services.action_item_set_status(actor=person, action=action, status="dropped")


def test_reports_open_for_tasks_in_the_month(programme, tasks):
    created = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))
    # January 2026 covers weeks 1-4: a.1 and a.2.
    assert sorted(r.task.code for r in created) == ["a.1", "a.2"]
    assert created[0].due_date == dt.date(2026, 2, 14)
    assert services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1)) == []
    assert services.reports_open_for_month(programme=programme, period=dt.date(2030, 1, 1)) == []


def test_report_submit_updates_task_and_review(programme, tasks, manager, make_user):
    report = services.reports_open_for_month(programme=programme, period=dt.date(2026, 1, 1))[0]
    owner = report.owner
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=make_user("librarian"), report=report, progress="x")
    with pytest.raises(DomainError):
        services.report_submit(actor=owner, report=report, progress="  ")
    report.refresh_from_db()
    assert report.status == "due"
    services.report_submit(actor=owner, report=report, progress="half", percent_complete=50,
                           amount_spent=Decimal(10), problems="", solutions=None, next_steps="more")
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_at and report.solutions == ""
    assert Task.objects.get(pk=report.task_id).percent_complete == 50
    with pytest.raises(DomainError):
        services.report_review(actor=manager, report=report, accept=False, note="")
    services.report_review(actor=manager, report=report, accept=False, note="add numbers")
    services.report_submit(actor=owner, report=report, progress="half, 212 surveys")
    services.report_review(actor=manager, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.ACCEPTED
    with pytest.raises(IllegalTransition):
        services.report_submit(actor=owner, report=report, progress="again")


def test_communication_log_moves_next_due(programme, manager, make_user):
    item = programme.communications.get(stakeholder__kind="leadership")
    services.communication_log(actor=manager, communication=item, summary="monthly report",
                               sent_on=dt.date(2026, 2, 3))
    item.refresh_from_db()
    assert item.next_due == dt.date(2026, 3, 3)
    with pytest.raises(DomainError):
        services.communication_log(actor=manager, communication=item, summary=" ")
    with pytest.raises(PermissionDenied):
        services.communication_log(actor=make_user("librarian"), communication=item, summary="x")
    assert CommunicationLog.objects.count() == 1
    assert ActionItem.objects.count() == 0
