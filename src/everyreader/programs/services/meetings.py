"""Recurring meetings, minutes, decisions and action items."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.programs import policies, schedule
from everyreader.programs.models import ActionItem, Decision, Meeting, MeetingSeries, Programme

A = ActionItem.Status
ACTION_FLOW = StateMachine({A.OPEN: [A.DONE, A.DROPPED], A.DONE: [A.OPEN], A.DROPPED: [A.OPEN]})
M = Meeting.Status
MEETING_FLOW = StateMachine({M.PLANNED: [M.HELD, M.CANCELLED], M.HELD: [M.HELD], M.CANCELLED: [M.PLANNED]})


def series_dates(series: MeetingSeries) -> list[dt.date]:
    programme = series.programme
    first, last = programme.week_start(series.start_week), programme.week_end(series.end_week)
    if series.cadence == MeetingSeries.Cadence.WEEKLY:
        dates, day = [], first + dt.timedelta(days=(3 - first.weekday()) % 7)  # Thursdays
        while day <= last:
            dates.append(day)
            day += dt.timedelta(weeks=1)
        return dates
    # Monthly coordination in the first week of each month (a Tuesday); the programme's own
    # first week counts for the month it starts in.
    dates = []
    for month in schedule.month_starts(first, last):
        day = schedule.first_week_day(month, 1)
        day = max(day, first)
        if day <= last:
            dates.append(day)
    return dates


@transaction.atomic
def meetings_schedule(*, programme: Programme, until: dt.date | None = None) -> int:
    """Create the meetings of every series up to `until` (idempotent). Returns how many were new."""
    created = 0
    for series in programme.meeting_series.select_related("programme"):
        for day in series_dates(series):
            if until and day > until:
                break
            _meeting, new = Meeting.objects.get_or_create(
                series=series, date=day,
                defaults={"programme": programme, "title": series.title, "agenda": series.agenda,
                          "chair": series.chair, "i18n": series.i18n})
            created += new
    return created


@transaction.atomic
def meeting_record(*, actor, meeting: Meeting, minutes: str, status: str, attendees=None,
                   decisions: list[str] | None = None) -> Meeting:
    """Record what happened: minutes, status, attendees and the decisions taken."""
    if not policies.is_manager(actor) and meeting.chair_id != actor.pk:
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status != meeting.status:
        MEETING_FLOW.check(meeting.status, status, M)
    if status == M.HELD and not minutes.strip():
        raise DomainError(_("Write the minutes of a meeting that was held."), field="minutes")
    meeting.minutes, meeting.status = minutes, status
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    added = [text.strip() for text in (decisions or []) if text.strip()]
    Decision.objects.bulk_create([Decision(meeting=meeting, text=text) for text in added])
    audit.record(actor=actor, action="programme_meeting.recorded", obj=meeting,
                 details={"status": status, "decisions_added": len(added)})
    return meeting


@transaction.atomic
def action_item_add(*, actor, meeting: Meeting, title: str, assignee, due_date: dt.date,
                    task=None) -> ActionItem:
    if not policies.is_manager(actor) and meeting.chair_id != actor.pk:
        raise PermissionDenied
    if not title.strip():
        raise DomainError(_("Describe the action."), field="title")
    if due_date < meeting.date:
        raise DomainError(_("The due date cannot be before the meeting."), field="due_date")
    if task is not None and task.programme_id != meeting.programme_id:
        raise DomainError(_("Choose a task of this programme."), field="task")
    action = ActionItem.objects.create(meeting=meeting, title=title.strip(), assignee=assignee,
                                       due_date=due_date, task=task)
    audit.record(actor=actor, action="programme_action.added", obj=action,
                 details={"assignee": assignee.pk, "due": str(due_date)})
    return action


@transaction.atomic
def action_item_set_status(*, actor, action: ActionItem, status: str,
                           today: dt.date | None = None) -> ActionItem:
    if not policies.can_update_action(actor, action):
        raise PermissionDenied
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    ACTION_FLOW.check(action.status, status, A)
    action.status = status
    action.completed_on = (today or timezone.localdate()) if status == A.DONE else None
    action.save()
    audit.record(actor=actor, action="programme_action.status_changed", obj=action, details={"status": status})
    return action


@transaction.atomic
def meeting_create(*, actor, programme: Programme, date: dt.date, title: str, start_time: dt.time | None = None,
                   series: MeetingSeries | None = None, location: str = "", agenda: str = "",
                   attendees=()) -> Meeting:
    """Call a meeting outside the recurring schedule (or an extra one of a series); the caller chairs it."""
    if not policies.can_create_meeting(actor):
        raise PermissionDenied
    title, location = (title or "").strip(), (location or "").strip()
    if not title:
        raise DomainError(_("Give the meeting a title."), field="title")
    if len(title) > 200:
        raise DomainError(_("The title can be at most 200 characters long."), field="title")
    if len(location) > 200:
        raise DomainError(_("The location can be at most 200 characters long."), field="location")
    if not isinstance(date, dt.date):
        raise DomainError(_("Enter a valid date."), field="date")
    if series is not None:
        if series.programme_id != programme.pk:
            raise DomainError(_("Choose a meeting series of this programme."), field="series")
        if Meeting.objects.filter(series=series, date=date).exists():
            raise DomainError(_("This series already has a meeting on that day."), field="date")
    attendees = list(attendees)
    from everyreader.accounts.selectors import staff_choices

    staff_ids = set(staff_choices().filter(pk__in=[p.pk for p in attendees]).values_list("pk", flat=True))
    if any(person.pk not in staff_ids for person in attendees):
        raise DomainError(_("Attendees must be active staff."), field="attendees")
    meeting = Meeting.objects.create(programme=programme, series=series, title=title, date=date,
                                     start_time=start_time, location=location, agenda=(agenda or "").strip(),
                                     chair=actor)
    meeting.attendees.set(attendees)
    audit.record(actor=actor, action="programme_meeting.created", obj=meeting,
                 details={"date": str(date), "series": series.pk if series else None,
                          "attendees": len(attendees)})
    return meeting
