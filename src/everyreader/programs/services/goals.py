"""Programme goals and their measurable targets (entered and updated by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.programs import policies
from everyreader.programs.models import Goal, Programme, Target
from everyreader.programs.services.tasks import _apply

TARGET_FIELDS = ("indicator", "unit", "baseline", "target_value", "current_value", "target_date", "retired")


def _clean_goal(programme: Programme, code: str, title: str, exclude_pk: int | None = None) -> tuple[str, str]:
    code, title = (code or "").strip(), (title or "").strip()
    if not code:
        raise DomainError(_("Give the goal a short code, such as a letter or number."), field="code")
    if len(code) > 10:
        raise DomainError(_("The code can be at most 10 characters long."), field="code")
    if not title:
        raise DomainError(_("Describe the goal."), field="title")
    if len(title) > 300:
        raise DomainError(_("The goal can be at most 300 characters long."), field="title")
    if programme.goals.filter(code=code).exclude(pk=exclude_pk).exists():
        raise DomainError(_("This programme already has a goal with this code."), field="code")
    return code, title


@transaction.atomic
def goal_create(*, actor, programme: Programme, code: str, title: str) -> Goal:
    if not policies.is_manager(actor):
        raise PermissionDenied
    code, title = _clean_goal(programme, code, title)
    goal = Goal.objects.create(programme=programme, code=code, title=title)
    audit.record(actor=actor, action="programme_goal.created", obj=goal,
                 details={"programme": programme.pk, "code": code})
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, code: str, title: str) -> Goal:
    if not policies.is_manager(actor):
        raise PermissionDenied
    goal = Goal.objects.select_for_update().select_related("programme").get(pk=goal.pk)
    code, title = _clean_goal(goal.programme, code, title, exclude_pk=goal.pk)
    changes = _apply(goal, {"code": code, "title": title}, ("code", "title"))
    if changes:
        goal.save()
        audit.record(actor=actor, action="programme_goal.updated", obj=goal, details={"changes": changes})
    return goal


def _check_target(data: dict) -> dict:
    """Validate the fields present in `data`; returns them with text stripped."""
    if "indicator" in data:
        data["indicator"] = (data["indicator"] or "").strip()
        if not data["indicator"]:
            raise DomainError(_("Name the indicator that is measured."), field="indicator")
        if len(data["indicator"]) > 300:
            raise DomainError(_("The indicator can be at most 300 characters long."), field="indicator")
    if "unit" in data:
        data["unit"] = (data["unit"] or "").strip()
        if len(data["unit"]) > 40:
            raise DomainError(_("The unit can be at most 40 characters long."), field="unit")
    for name in ("baseline", "target_value", "current_value"):
        value = data.get(name)
        if value is not None and not isinstance(value, Decimal):
            raise DomainError(_("Enter a number."), field=name)
        if value is not None and (not value.is_finite() or abs(value) >= Decimal("1e10")):
            raise DomainError(_("Enter a number below ten billion."), field=name)
    if data.get("target_date") is not None and not isinstance(data["target_date"], dt.date):
        raise DomainError(_("Enter a valid date."), field="target_date")
    return data


@transaction.atomic
def target_create(*, actor, goal: Goal, indicator: str, unit: str = "", baseline: Decimal | None = None,
                  target_value: Decimal | None = None, target_date: dt.date | None = None,
                  current_value: Decimal | None = None) -> Target:
    if not policies.is_manager(actor):
        raise PermissionDenied
    data = _check_target({"indicator": indicator, "unit": unit, "baseline": baseline,
                          "target_value": target_value, "current_value": current_value,
                          "target_date": target_date})
    if data["target_value"] is None:
        raise DomainError(_("Enter the value to reach."), field="target_value")
    order = (goal.targets.aggregate(last=Max("order"))["last"] or 0) + 1
    target = Target.objects.create(goal=goal, order=order, **data)
    audit.record(actor=actor, action="programme_target.created", obj=target,
                 details={"goal": goal.pk, "indicator": target.indicator, "target": str(target.target_value)})
    return target


@transaction.atomic
def target_update(*, actor, target: Target, **data) -> Target:
    """Change any of the target's fields; `retired=True` retires it, `retired=False` brings it back."""
    if not policies.is_manager(actor):
        raise PermissionDenied
    unknown = set(data) - set(TARGET_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    target = Target.objects.select_for_update().get(pk=target.pk)
    data = _check_target(dict(data))
    changes = _apply(target, data, TARGET_FIELDS)
    if changes:
        target.save()
        action = "programme_target.updated"
        if set(changes) == {"retired"}:
            action = "programme_target.retired" if target.retired else "programme_target.restored"
        audit.record(actor=actor, action=action, obj=target, details={"changes": changes})
    return target
