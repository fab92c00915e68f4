"""The one place where assistance reads the outreach roster: who may be assigned to a slot.
Only active, vetted, trained people with the service's skill who are available at that time qualify
(outreach's `available_volunteers`)."""

from __future__ import annotations

from everyreader.outreach import selectors as roster


def candidates(*, skill: str, when):
    """Roster members who may help with `skill` at `when` (none when the service needs no skill)."""
    if not skill:
        return roster.available_volunteers(skill="", when=when).none()
    return roster.available_volunteers(skill=skill, when=when)


def eligible(member, *, skill: str, when) -> bool:
    return member is not None and bool(skill) and candidates(skill=skill, when=when).filter(pk=member.pk).exists()


def qualified_on_day(*, skill: str, day):
    """Everyone vetted and trained for `skill` on `day` (for choosing a helper in a form)."""
    if not skill:
        return roster.qualified_members(skill="", day=day)
    return roster.qualified_members(skill=skill, day=day)


def why_not(member, *, skill: str, day) -> list[str]:
    return roster.why_not_schedulable(member, skill=skill, day=day)
