"""Reads of the volunteer and staff roster. Other apps (e.g. `assistance`) use
`available_volunteers` to find who may be sent out for a skill at a given moment."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from everyreader.outreach.models import Availability, RosterMember, Skill, TrainingRecord, VettingStatus


def _day_and_time(when) -> tuple[dt.date, dt.time | None]:
    if when is None:
        when = timezone.localtime()
    if isinstance(when, dt.datetime):
        if timezone.is_aware(when):
            when = timezone.localtime(when)
        return when.date(), when.time()
    return when, None


def _vetted_on(day: dt.date) -> Q:
    return (Q(vetting_status=VettingStatus.CLEARED, vetted_on__isnull=False, vetted_on__lte=day)
            & (Q(vetting_expires_on__isnull=True) | Q(vetting_expires_on__gte=day)))


def _trained_for(skill: str, day: dt.date) -> Exists:
    return Exists(TrainingRecord.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        member=OuterRef("pk"), skill=skill, completed_on__lte=day))


def roster_list(*, skill: str = "", query: str = "", active: bool | None = None) -> QuerySet[RosterMember]:
    qs = RosterMember.objects.select_related("branch", "user").prefetch_related(
        Prefetch("training", queryset=TrainingRecord.objects.order_by("-completed_on")),
        Prefetch("availability", queryset=Availability.objects.order_by("weekday", "start")))
    if active is not None:
        qs = qs.filter(is_active=active)
    if query:
        qs = qs.filter(name__icontains=query)
    members = qs.order_by("name", "id")
    if skill:
        # JSON containment is not portable to SQLite: filter the (small) roster by primary key.
        ids = [m.pk for m in RosterMember.objects.only("pk", "skills") if skill in (m.skills or [])]
        members = members.filter(pk__in=ids)
    return members


def qualified_members(*, skill: str, day: dt.date) -> QuerySet[RosterMember]:
    """Active members holding `skill`, vetted and trained for it on `day` (any time of day)."""
    if skill not in Skill.values:
        return RosterMember.objects.none()
    return (roster_list(skill=skill, active=True)
            .filter(_vetted_on(day)).filter(_trained_for(skill, day)))


def available_volunteers(*, skill: str, when: dt.datetime | dt.date | None = None) -> QuerySet[RosterMember]:
    """Who may be sent out for `skill` at `when`.

    `skill` is one of `Skill` (home_delivery, reading_aloud, sign_language, escort). `when` is an
    aware or naive datetime (the member's weekly availability must cover that time), a date (any
    slot on that weekday), or None (now). Only active, vetted (background check cleared and still
    valid) and trained (a training record for the skill, valid on that day) people are returned,
    volunteers and staff alike, ordered by name, with training and availability prefetched.
    """
    day, time = _day_and_time(when)
    slots = Availability.objects.filter(member=OuterRef("pk"), weekday=day.weekday())
    if time is not None:
        slots = slots.filter(start__lte=time, end__gt=time)
    return qualified_members(skill=skill, day=day).filter(Exists(slots))


def member_detail(pk: int) -> RosterMember:
    return roster_list().get(pk=pk)


def member_for_user(user) -> RosterMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return RosterMember.objects.filter(user=user).first()


def why_not_schedulable(member: RosterMember, *, skill: str, day: dt.date) -> list[str]:
    """The reasons (translated) why `member` cannot be sent out for `skill` on `day`; [] if they can."""
    from django.utils.translation import gettext as _

    reasons = []
    if not member.is_active:
        reasons.append(_("%(name)s is not active on the roster.") % {"name": member.name})
    if skill not in (member.skills or []):
        reasons.append(_("%(name)s does not offer this service.") % {"name": member.name})
    if not member.vetted_on_day(day):
        reasons.append(_("%(name)s has no valid background check for %(day)s.")
                       % {"name": member.name, "day": day.isoformat()})
    if not any(t.skill == skill and t.valid_on(day) for t in member.training.all()):
        reasons.append(_("%(name)s has no valid training for this service on %(day)s.")
                       % {"name": member.name, "day": day.isoformat()})
    return reasons


from everyreader.outreach.delivery_selectors import (Route, already_had, delivered_history,  # noqa: E402,F401
                                                     is_repeat, items_reserved_for_visits, next_visit,
                                                     outstanding_items, postal_list, profile_detail,
                                                     profile_for_reader, profile_list, routes_for, suggest_items,
                                                     visit_detail, visit_list, visits_needing_attention,
                                                     visits_of_profile)
