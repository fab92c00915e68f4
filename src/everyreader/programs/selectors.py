"""Reads for service programmes. Querysets carry the joins their pages need."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from everyreader.programs import schedule
from everyreader.programs.models import (
    ActionItem,
    BudgetLine,
    Communication,
    Goal,
    Meeting,
    Milestone,
    MonthlyReport,
    Programme,
    Risk,
    StaffAllocation,
    Target,
    Task,
)

OPEN_TASK = ~Q(status__in=[Task.Status.DONE, Task.Status.CANCELLED])
OPEN_RISK = ~Q(status=Risk.Status.CLOSED)
OVERLOAD_PERCENT = 100


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.select_related("manager").order_by("-start_date", "code")


def current_programme() -> Programme | None:
    return programme_list().filter(status=Programme.Status.ACTIVE).first() or programme_list().first()


def goals_with_targets(programme: Programme, *, include_retired: bool = False) -> QuerySet[Goal]:
    targets = Target.objects.order_by("retired", "order", "id")
    if not include_retired:
        targets = targets.filter(retired=False)
    return programme.goals.prefetch_related(Prefetch("targets", queryset=targets))


def task_list(programme: Programme, *, department_id: int | None = None, status: str = "",
              owner_id: int | None = None) -> QuerySet[Task]:
    qs = (Task.objects.filter(programme=programme)
          .select_related("programme", "department", "owner", "parent")
          .prefetch_related(Prefetch("depends_on", queryset=Task.objects.only("id", "code", "end_week", "status",
                                                                              "title", "i18n")))
          .order_by("start_week", "parent_id", "order", "code"))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if status:
        qs = qs.filter(status=status)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    return qs


def ordered_tree(programme: Programme) -> list[Task]:
    """Key tasks each followed by their sub-tasks, in plan order."""
    tasks = list(task_list(programme))
    children = defaultdict(list)
    for task in tasks:
        if task.parent_id:
            children[task.parent_id].append(task)
    ordered = []
    for task in tasks:
        if task.parent_id is None:
            ordered.append(task)
            ordered.extend(sorted(children[task.pk], key=lambda t: (t.order, t.code)))
    return ordered


def task_detail(pk: int) -> Task:
    return (Task.objects.select_related("programme", "department", "owner", "parent")
            .prefetch_related("depends_on", "dependants", "budget_lines", "risks",
                              Prefetch("allocations", queryset=StaffAllocation.objects.select_related("person")),
                              Prefetch("subtasks", queryset=Task.objects.select_related("owner", "department")),
                              Prefetch("reports", queryset=MonthlyReport.objects.select_related("owner")))
            .get(pk=pk))


def milestones(programme: Programme) -> QuerySet[Milestone]:
    return programme.milestones.select_related("task", "programme")


def risk_list(programme: Programme) -> QuerySet[Risk]:
    return (Risk.objects.filter(programme=programme)
            .select_related("department", "owner")
            .prefetch_related(Prefetch("tasks", queryset=Task.objects.only("id", "code", "title", "i18n")))
            .order_by("code"))


def risk_detail(pk: int) -> Risk:
    return (Risk.objects.select_related("programme", "department", "owner")
            .prefetch_related("tasks", "reviews__reviewed_by").get(pk=pk))


def risk_matrix(risks) -> list[list[list[Risk]]]:
    """matrix[impact-1][likelihood-1] -> the open risks in that cell."""
    matrix = [[[] for _l in range(5)] for _i in range(5)]
    for risk in risks:
        if risk.status != Risk.Status.CLOSED:
            matrix[risk.impact_score - 1][risk.likelihood - 1].append(risk)
    return matrix


def meeting_list(programme: Programme) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(programme=programme).select_related("series", "chair")
            .prefetch_related("actions").order_by("-date", "-id"))


def meeting_detail(pk: int) -> Meeting:
    return (Meeting.objects.select_related("programme", "series", "chair")
            .prefetch_related("attendees", "decisions",
                              Prefetch("actions", queryset=ActionItem.objects.select_related("assignee", "task")))
            .get(pk=pk))


def report_list(programme: Programme, *, period: dt.date | None = None, owner=None) -> QuerySet[MonthlyReport]:
    qs = MonthlyReport.objects.filter(programme=programme).select_related("task", "owner", "task__department")
    if period:
        qs = qs.filter(period=period)
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.order_by("-period", "task__start_week", "task__code")


def missing_reports(programme: Programme, today: dt.date) -> QuerySet[MonthlyReport]:
    return report_list(programme).filter(status__in=[MonthlyReport.Status.DUE, MonthlyReport.Status.RETURNED],
                                         due_date__lt=today)


def report_periods(programme: Programme) -> list[dt.date]:
    return list(MonthlyReport.objects.filter(programme=programme).order_by("-period")
                .values_list("period", flat=True).distinct())


def communication_plan(programme: Programme) -> QuerySet[Communication]:
    return (Communication.objects.filter(programme=programme).select_related("stakeholder", "owner")
            .prefetch_related("log__sent_by").order_by("next_due", "id"))


def budget_totals(programme: Programme) -> dict:
    totals = BudgetLine.objects.filter(task__programme=programme).aggregate(planned=Sum("planned"),
                                                                            spent=Sum("spent"))
    return {"planned": totals["planned"] or Decimal(0), "spent": totals["spent"] or Decimal(0)}


def budget_by_task(programme: Programme) -> list[dict]:
    rows = (BudgetLine.objects.filter(task__programme=programme)
            .values("task_id", "task__code").annotate(planned=Sum("planned"), spent=Sum("spent"))
            .order_by("task__code"))
    return list(rows)


@dataclass
class Load:
    person: object
    percent: int
    tasks: list

    @property
    def overloaded(self) -> bool:
        return self.percent > OVERLOAD_PERCENT


def staff_load(programme: Programme, on: dt.date) -> list[Load]:
    """Each person's summed allocation over the open tasks running on `on`."""
    week = programme.week_of(on)
    running = (Q(task__start_week__lte=week, task__end_week__gte=week)
               | Q(task__status__in=[Task.Status.IN_PROGRESS, Task.Status.BLOCKED]))
    allocations = (StaffAllocation.objects.filter(running, task__programme=programme)
                   .filter(~Q(task__status__in=[Task.Status.DONE, Task.Status.CANCELLED]))
                   .select_related("person", "task"))
    loads: dict[int, Load] = {}
    for allocation in allocations:
        load = loads.setdefault(allocation.person_id, Load(allocation.person, 0, []))
        load.percent += allocation.percent
        load.tasks.append(allocation.task)
    return sorted(loads.values(), key=lambda item: (-item.percent, item.person.username))


def department_load(programme: Programme, on: dt.date) -> list[dict]:
    week = programme.week_of(on)
    running = (Q(task__start_week__lte=week, task__end_week__gte=week)
               | Q(task__status__in=[Task.Status.IN_PROGRESS, Task.Status.BLOCKED]))
    rows = (StaffAllocation.objects.filter(running, task__programme=programme, task__department__isnull=False)
            .exclude(task__status__in=[Task.Status.DONE, Task.Status.CANCELLED])
            .values("task__department__name").annotate(total=Sum("percent")).order_by("task__department__name"))
    return list(rows)


@dataclass
class Health:
    on_time_percent: int
    overdue: list
    late: list
    blocked: list
    violations: list
    open_risks: list
    missing_reports: int
    upcoming_reviews: list
    expected_percent: int
    actual_percent: int


def health(programme: Programme, today: dt.date) -> Health:
    tasks = [t for t in task_list(programme) if t.parent_id]
    started = [t for t in tasks if t.planned_start <= today]
    late = [t for t in tasks if schedule.is_late(t, today)]
    on_time = round(100 * (len(started) - len([t for t in late if t in started])) / len(started)) if started else 100
    risks = [r for r in risk_list(programme) if r.status != Risk.Status.CLOSED]
    horizon = today + dt.timedelta(days=14)
    total_weeks = sum(t.end_week - t.start_week + 1 for t in tasks) or 1
    expected = round(sum(schedule.expected_percent(t, today) * (t.end_week - t.start_week + 1) for t in tasks)
                     / total_weeks)
    actual = round(sum(t.percent_complete * (t.end_week - t.start_week + 1) for t in tasks) / total_weeks)
    return Health(
        on_time_percent=on_time,
        overdue=[t for t in tasks if schedule.is_overdue(t, today)],
        late=late,
        blocked=[t for t in tasks if t.status == Task.Status.BLOCKED],
        violations=schedule.dependency_violations(tasks, today),
        open_risks=sorted(risks, key=lambda r: -r.score),
        missing_reports=missing_reports(programme, today).count(),
        upcoming_reviews=[r for r in risks if r.next_review and r.next_review <= horizon],
        expected_percent=expected,
        actual_percent=actual,
    )


def my_work(user, today: dt.date) -> dict:
    """Everything due from one person across programmes."""
    return {
        "tasks": list(Task.objects.filter(owner=user, parent__isnull=False).filter(OPEN_TASK)
                      .select_related("programme", "department").order_by("start_week", "code")),
        "reports": list(MonthlyReport.objects.filter(owner=user, status__in=[MonthlyReport.Status.DUE,
                                                                             MonthlyReport.Status.RETURNED])
                        .select_related("task", "programme").order_by("due_date")),
        "actions": list(ActionItem.objects.filter(assignee=user, status=ActionItem.Status.OPEN)
                        .select_related("meeting").order_by("due_date")),
        "reviews": list(Risk.objects.filter(owner=user).filter(OPEN_RISK, next_review__isnull=False)
                        .select_related("programme").order_by("next_review")),
        "communications": list(Communication.objects.filter(owner=user, next_due__isnull=False)
                               .select_related("stakeholder").order_by("next_due")),
    }
