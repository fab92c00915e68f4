"""Who may see and do what with one feedback item (object-level rules on top of roles)."""

from __future__ import annotations

from django.db.models import Q


def _is_head(user, item) -> bool:
    return item.department_id is not None and item.department.head_id == user.pk


def sees_all(user) -> bool:
    return user.is_authenticated and user.has_perm("feedback.view_all_feedback")


def visible_q(user) -> Q:
    """Items a staff member may see: their departments', their own, the ones they entered."""
    return (Q(department__members=user) | Q(department__head=user) | Q(handler=user) | Q(entered_by=user))


def can_view(user, item) -> bool:
    if not (user.is_authenticated and user.is_staff_member and user.has_perm("feedback.view_feedbackitem")):
        return False
    if sees_all(user) or item.handler_id == user.pk or item.entered_by_id == user.pk or _is_head(user, item):
        return True
    return item.department_id is not None and item.department.members.filter(pk=user.pk).exists()


def can_handle(user, item) -> bool:
    """Work on the item: its handler, the head of its department, or a programme manager."""
    if not user.has_perm("feedback.change_feedbackitem"):
        return False
    return item.handler_id == user.pk or _is_head(user, item) or sees_all(user)


def can_assign(user, item) -> bool:
    return user.has_perm("feedback.assign_feedbackitem") and (_is_head(user, item) or sees_all(user))


def can_see_submitter(user, item) -> bool:
    """The submitter's identity and contact details: the item's handler, its head, the manager."""
    if not user.is_authenticated or not user.has_perm("feedback.view_feedbackitem"):
        return False
    return item.handler_id == user.pk or _is_head(user, item) or sees_all(user)
