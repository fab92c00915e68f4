"""Writes to the roster: members, their training records and weekly availability."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.outreach.models import (Availability, MemberKind, RosterMember, Skill, TrainingRecord,
                                         VettingStatus)

MANAGE = "outreach.manage_roster"
MEMBER_FIELDS = ("kind", "user", "name", "phone", "email", "branch", "skills", "vetting_status", "vetted_on",
                 "vetting_expires_on", "notify_by", "is_active", "notes")


def _validate(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in MEMBER_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise DomainError(_("Enter the person's name."), field="name")
    if "kind" in data and data["kind"] not in MemberKind.values:
        raise DomainError(_("Choose volunteer or staff member."), field="kind")
    if "skills" in data:
        skills = list(dict.fromkeys(data["skills"] or []))
        if any(s not in Skill.values for s in skills):
            raise DomainError(_("Choose skills from the list."), field="skills")
        data["skills"] = skills
    if "vetting_status" in data and data["vetting_status"] not in VettingStatus.values:
        raise DomainError(_("Choose the state of the background check."), field="vetting_status")
    return data


def _check_vetting(member: RosterMember) -> None:
    if member.vetting_status == VettingStatus.CLEARED and member.vetted_on is None:
        raise DomainError(_("Enter the date of the background check."), field="vetted_on")
    if member.vetted_on and member.vetting_expires_on and member.vetting_expires_on < member.vetted_on:
        raise DomainError(_("The background check cannot expire before it was done."), field="vetting_expires_on")
    if member.notify_by == "account" and member.user_id is None:
        raise DomainError(_("Only people with a staff account can get workspace notifications."), field="notify_by")
    if member.notify_by == "sms" and not member.phone:
        raise DomainError(_("Enter a phone number to send schedules by text message."), field="phone")
    if member.notify_by == "email" and not member.email:
        raise DomainError(_("Enter an e-mail address to send schedules by e-mail."), field="email")


@transaction.atomic
def member_create(*, actor, **fields) -> RosterMember:
    require_perm(actor, MANAGE)
    data = _validate(fields)
    if "name" not in data:
        raise DomainError(_("Enter the person's name."), field="name")
    member = RosterMember(**data)
    _check_vetting(member)
    member.save()
    audit.record(actor=actor, action="roster.member_created", obj=member,
                 details={"kind": member.kind, "skills": member.skills, "vetting": member.vetting_status})
    return member


@transaction.atomic
def member_update(*, actor, member: RosterMember, **fields) -> RosterMember:
    require_perm(actor, MANAGE)
    data = _validate(fields)
    member = RosterMember.objects.select_for_update().get(pk=member.pk)
    changed = sorted(k for k, v in data.items() if getattr(member, k if k != "user" else "user") != v)
    for key, value in data.items():
        setattr(member, key, value)
    _check_vetting(member)
    member.save()
    audit.record(actor=actor, action="roster.member_updated", obj=member, details={"fields": changed})
    return member


@transaction.atomic
def training_add(*, actor, member: RosterMember, course: str, skill: str, completed_on: dt.date,
                 expires_on: dt.date | None = None) -> TrainingRecord:
    require_perm(actor, MANAGE)
    course = (course or "").strip()
    if not course:
        raise DomainError(_("Enter the name of the course."), field="course")
    if skill not in Skill.values:
        raise DomainError(_("Choose what the training qualifies for."), field="skill")
    if expires_on is not None and expires_on < completed_on:
        raise DomainError(_("The training cannot expire before it was completed."), field="expires_on")
    record = TrainingRecord.objects.create(member=member, course=course[:200], skill=skill,
                                           completed_on=completed_on, expires_on=expires_on)
    audit.record(actor=actor, action="roster.training_added", obj=member,
                 details={"course": record.course, "skill": skill, "completed_on": completed_on.isoformat()})
    return record


@transaction.atomic
def availability_set(*, actor, member: RosterMember, slots: list[tuple[int, dt.time, dt.time]]) -> list[Availability]:
    """Replace the member's weekly availability with `slots` [(weekday 0-6, start, end), ...]."""
    require_perm(actor, MANAGE)
    for weekday, start, end in slots:
        if weekday not in range(7):
            raise DomainError(_("Choose a day of the week."), field="slots")
        if end <= start:
            raise DomainError(_("Each time slot must end after it starts."), field="slots")
    member.availability.all().delete()
    created = Availability.objects.bulk_create(
        [Availability(member=member, weekday=w, start=s, end=e) for w, s, e in sorted(set(slots))])
    audit.record(actor=actor, action="roster.availability_set", obj=member, details={"slots": len(created)})
    return created
