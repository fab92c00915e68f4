"""Root cause of a complaint and the service improvement actions that follow from it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.feedback.models import ActionStatus, CauseCategory, ImprovementAction, RootCause

MAX_WHYS = 5


@transaction.atomic
def action_create(*, actor, description: str, owner=None, due_date: date | None = None) -> ImprovementAction:
    if not description.strip():
        raise DomainError(_("Describe the improvement action."), field="action_description")
    action = ImprovementAction.objects.create(description=description.strip(), owner=owner, due_date=due_date)
    audit.record(actor=actor, action="improvement_action.created", obj=action)
    return action


@transaction.atomic
def action_update(*, actor, action: ImprovementAction, status: str, owner=None,
                  due_date: date | None = None) -> ImprovementAction:
    if status not in ActionStatus.values:
        raise DomainError(_("Choose a status from the list."), field="status")
    previous = action.status
    action.status, action.owner, action.due_date = status, owner, due_date
    action.save(update_fields=["status", "owner", "due_date", "updated_at"])
    audit.record(actor=actor, action="improvement_action.updated", obj=action,
                 details={"from": previous, "to": status})
    return action


@transaction.atomic
def root_cause_record(*, actor, item, cause_category: str, whys: list[str], expected: str, provided: str,
                      action: ImprovementAction | None = None, action_description: str = "",
                      action_owner=None, action_due_date: date | None = None) -> RootCause:
    """Record (or update) why a complaint happened; optionally open or link an improvement action."""
    if cause_category not in CauseCategory.values:
        raise DomainError(_("Choose the cause category."), field="cause_category")
    whys = [w.strip() for w in whys if w and w.strip()]
    if not whys:
        raise DomainError(_("Answer at least the first “why?”."), field="why_1")
    if len(whys) > MAX_WHYS:
        raise DomainError(_("Record at most five whys."), field="why_1")
    if not expected.strip() or not provided.strip():
        raise DomainError(_("Describe what the reader expected and what was provided."), field="expected")
    if action is None and action_description.strip():
        action = action_create(actor=actor, description=action_description, owner=action_owner,
                               due_date=action_due_date)
    cause, _created = RootCause.objects.update_or_create(
        item=item, defaults={"cause_category": cause_category, "whys": whys, "expected": expected.strip(),
                             "provided": provided.strip(), "action": action, "recorded_by": actor})
    audit.record(actor=actor, action="feedback.root_cause_recorded", obj=item,
                 details={"cause": cause_category, "action": action.pk if action else None})
    return cause
