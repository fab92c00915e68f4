"""Writing audit events. Services call `record()`; nothing else writes AuditEvent rows."""

from __future__ import annotations

from typing import Any

from django.db import models

from everyreader.core.middleware import current_ip
from everyreader.core.models import AuditEvent


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    details: dict[str, Any] | None = None,
    without_ip: bool = False,
) -> AuditEvent:
    """`without_ip`: for anonymous actions (e.g. anonymous feedback) that must not keep the address."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "")[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=str(object_repr)[:200],
        ip_address=None if without_ip else current_ip(),
        details=details or {},
    )
