"""Programme, targets, tasks, dependencies, budget lines and staff allocation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.programs import policies, schedule
from everyreader.programs.models import BudgetLine, Programme, StaffAllocation, Task

S = Task.Status
TASK_FLOW = StateMachine({
    S.NOT_STARTED: [S.IN_PROGRESS, S.BLOCKED, S.CANCELLED],
    S.IN_PROGRESS: [S.BLOCKED, S.DONE, S.CANCELLED],
    S.BLOCKED: [S.IN_PROGRESS, S.CANCELLED],
    S.DONE: [S.IN_PROGRESS],
    S.CANCELLED: [S.NOT_STARTED],
})

TASK_FIELDS = ("title", "description", "department", "owner", "start_week", "end_week", "resources",
               "deliverables", "status", "percent_complete", "blocked_reason")


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    return value


def _apply(instance, data: dict, fields) -> dict:
    changes = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(instance, name), data[name]
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(instance, name, new)
            if isinstance(new, str) and name in (instance.i18n or {}).get("en", {}):
                for texts in instance.i18n.values():  # a hand edit replaces every language
                    texts.pop(name, None)
    return changes


@transaction.atomic
def task_update(*, actor, task: Task, today: dt.date | None = None, **data) -> Task:
    if not policies.can_edit_task(actor, task):
        raise PermissionDenied
    today = today or timezone.localdate()
    task = Task.objects.select_for_update().select_related("programme").get(pk=task.pk)
    if "department" in data and data["department"] != task.department and not policies.is_manager(actor):
        raise DomainError(_("Only the programme manager can move a task to another department."),
                          field="department")
    start = data.get("start_week", task.start_week)
    end = data.get("end_week", task.end_week)
    if start < 1 or end > task.programme.weeks:
        raise DomainError(_("Weeks must lie within the programme (1 to %(weeks)s).")
                          % {"weeks": task.programme.weeks}, field="start_week")
    if end < start:
        raise DomainError(_("The end week cannot be before the start week."), field="end_week")
    percent = data.get("percent_complete", task.percent_complete)
    if not 0 <= percent <= 100:
        raise DomainError(_("Percent complete must be between 0 and 100."), field="percent_complete")
    new_status = data.get("status", task.status)
    if new_status != task.status:
        TASK_FLOW.check(task.status, new_status, S)
    if new_status == S.BLOCKED and not (data.get("blocked_reason") or task.blocked_reason).strip():
        raise DomainError(_("Say why the task is blocked."), field="blocked_reason")
    if new_status == S.DONE:
        data["percent_complete"] = 100
    if new_status == S.IN_PROGRESS and task.actual_start is None:
        task.actual_start = today
    if new_status == S.DONE and task.status != S.DONE:
        task.actual_end = today
    if new_status != S.DONE:
        task.actual_end = None
    if new_status != S.BLOCKED:
        data["blocked_reason"] = ""
    changes = _apply(task, data, TASK_FIELDS)
    if not changes:
        return task
    task.save()
    audit.record(actor=actor, action="programme_task.updated", obj=task, details={"changes": changes})
    rollup_parent(task)
    return task


def rollup_parent(task: Task) -> None:
    """A key task summarises its sub-tasks: average % complete and a derived status."""
    if task.parent_id is None:
        return
    parent = Task.objects.get(pk=task.parent_id)
    subtasks = list(parent.subtasks.exclude(status=S.CANCELLED))
    if not subtasks:
        return
    statuses = {t.status for t in subtasks}
    parent.percent_complete = round(sum(t.percent_complete for t in subtasks) / len(subtasks))
    if statuses == {S.DONE}:
        parent.status = S.DONE
        parent.actual_end = max(t.actual_end for t in subtasks if t.actual_end) if any(
            t.actual_end for t in subtasks) else None
    elif S.BLOCKED in statuses:
        parent.status = S.BLOCKED
    elif statuses == {S.NOT_STARTED}:
        parent.status = S.NOT_STARTED
    else:
        parent.status = S.IN_PROGRESS
    starts = [t.actual_start for t in subtasks if t.actual_start]
    parent.actual_start = min(starts) if starts else None
    if parent.status != S.DONE:
        parent.actual_end = None
    parent.blocked_reason = next((t.blocked_reason for t in subtasks if t.status == S.BLOCKED), "")
    parent.save()


@transaction.atomic
def task_set_dependencies(*, actor, task: Task, predecessors) -> Task:
    if not policies.is_manager(actor):
        raise PermissionDenied
    predecessors = list(predecessors)
    for before in predecessors:
        if before.programme_id != task.programme_id or before.pk == task.pk:
            raise DomainError(_("A task can only depend on other tasks of the same programme."),
                              field="depends_on")
        if schedule.would_create_cycle(task, before):
            raise DomainError(_("“%(task)s” already depends on this task; that would make a loop.")
                              % {"task": before}, field="depends_on")
    old = sorted(task.depends_on.values_list("code", flat=True))
    task.depends_on.set(predecessors)
    audit.record(actor=actor, action="programme_task.dependencies_set", obj=task,
                 details={"before": old, "after": sorted(p.code for p in predecessors)})
    return task


@transaction.atomic
def budget_line_add(*, actor, task: Task, item: str, planned: Decimal, spent: Decimal = Decimal(0)) -> BudgetLine:
    if not policies.can_edit_task(actor, task):
        raise PermissionDenied
    if not item.strip():
        raise DomainError(_("Name the budget item."), field="item")
    for name, value in (("planned", planned), ("spent", spent)):
        if value < 0:
            raise DomainError(_("Amounts cannot be negative."), field=name)
    line = BudgetLine.objects.create(task=task, item=item.strip(), planned=planned, spent=spent)
    audit.record(actor=actor, action="programme_budget.added", obj=line,
                 details={"task": task.code, "planned": str(planned), "spent": str(spent)})
    return line


@transaction.atomic
def budget_line_update(*, actor, line: BudgetLine, planned: Decimal | None = None,
                       spent: Decimal | None = None) -> BudgetLine:
    if not policies.can_edit_task(actor, line.task):
        raise PermissionDenied
    for name, value in (("planned", planned), ("spent", spent)):
        if value is not None and value < 0:
            raise DomainError(_("Amounts cannot be negative."), field=name)
    changes = _apply(line, {k: v for k, v in (("planned", planned), ("spent", spent)) if v is not None},
                     ("planned", "spent"))
    if changes:
        line.save()
        audit.record(actor=actor, action="programme_budget.updated", obj=line, details={"changes": changes})
    return line


@transaction.atomic
def allocation_set(*, actor, task: Task, person, percent: int) -> StaffAllocation | None:
    if not policies.can_edit_task(actor, task):
        raise PermissionDenied
    if not 0 <= percent <= 100:
        raise DomainError(_("The share of working time must be between 0 and 100."), field="percent")
    if percent == 0:
        StaffAllocation.objects.filter(task=task, person=person).delete()
        allocation = None
    else:
        allocation, _created = StaffAllocation.objects.update_or_create(
            task=task, person=person, defaults={"percent": percent})
    audit.record(actor=actor, action="programme_task.allocation_set", obj=task,
                 details={"person": person.pk, "percent": percent})
    return allocation


PROGRAMME_FLOW = StateMachine({
    Programme.Status.PLANNED: [Programme.Status.ACTIVE],
    Programme.Status.ACTIVE: [Programme.Status.CLOSED],
    Programme.Status.CLOSED: [Programme.Status.ACTIVE],
})


@transaction.atomic
def programme_update(*, actor, programme: Programme, **data) -> Programme:
    if not policies.is_manager(actor):
        raise PermissionDenied
    status = data.get("status", programme.status)
    if status != programme.status:
        PROGRAMME_FLOW.check(programme.status, status, Programme.Status)
    if data.get("report_due_day") is not None and not 8 <= data["report_due_day"] <= 14:
        raise DomainError(_("Reports are due in the second week: choose a day from 8 to 14."),
                          field="report_due_day")
    changes = _apply(programme, data, ("name", "description", "start_date", "status", "manager",
                                       "report_due_day"))
    if changes:
        programme.save()
        audit.record(actor=actor, action="programme.updated", obj=programme, details={"changes": changes})
    return programme
