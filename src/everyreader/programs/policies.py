"""Object-level rules: who may change which task, risk, report or action item."""

from __future__ import annotations

MANAGE = "programs.manage_programme"


def is_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MANAGE))


def headed_department_ids(user) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    cached = getattr(user, "_programs_headed", None)
    if cached is None:
        from everyreader.accounts.selectors import departments_headed_by

        cached = set(departments_headed_by(user).values_list("id", flat=True))
        user._programs_headed = cached
    return cached


def can_edit_task(user, task) -> bool:
    if is_manager(user):
        return True
    return (user.has_perm("programs.change_task") and task.department_id is not None
            and task.department_id in headed_department_ids(user))


def can_edit_risk(user, risk) -> bool:
    if is_manager(user):
        return True
    return (user.has_perm("programs.change_risk") and risk.department_id is not None
            and risk.department_id in headed_department_ids(user))


def can_file_report(user, report) -> bool:
    return report.owner_id == user.pk or is_manager(user)


def can_update_action(user, action) -> bool:
    return action.assignee_id == user.pk or is_manager(user)


def can_log_communication(user, communication) -> bool:
    return communication.owner_id == user.pk or is_manager(user)


def can_create_meeting(user) -> bool:
    """The programme manager and department heads call extra meetings (risk reviews, workshops)."""
    if is_manager(user):
        return True
    return bool(user and user.is_authenticated and user.has_perm("programs.view_meeting")
                and headed_department_ids(user))
