"""Writes for the feedback settings: the category taxonomy and the service-level targets."""

from __future__ import annotations

from django.db import transaction

from everyreader.core import audit
from everyreader.feedback.models import Category, ServiceTarget


@transaction.atomic
def category_save(*, actor, category: Category) -> Category:
    created = category.pk is None
    if category.department_id:
        category.department_code = category.department.code
    category.save()
    audit.record(actor=actor, action="feedback_category.created" if created else "feedback_category.updated",
                 obj=category, details={"department": category.department_id})
    return category


@transaction.atomic
def target_update(*, actor, target: ServiceTarget, acknowledge_days: int, resolve_days: int) -> ServiceTarget:
    previous = (target.acknowledge_days, target.resolve_days)
    target.acknowledge_days, target.resolve_days = acknowledge_days, resolve_days
    target.save(update_fields=["acknowledge_days", "resolve_days"])
    audit.record(actor=actor, action="feedback_target.updated", obj=target,
                 details={"from": list(previous), "to": [acknowledge_days, resolve_days]})
    return target
