"""Roles are Django groups with permissions. Each app declares what its roles may do in a
`ROLE_PERMISSIONS` dict in its own `roles.py`; `sync_roles` applies the union."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.translation import gettext_lazy as _

READER = "reader"
LIBRARIAN = "librarian"
DEPARTMENT_HEAD = "department_head"
PROGRAMME_MANAGER = "programme_manager"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    READER: _("Reader"),
    LIBRARIAN: _("Frontline librarian"),
    DEPARTMENT_HEAD: _("Department head"),
    PROGRAMME_MANAGER: _("Programme manager"),
    ADMINISTRATOR: _("System administrator"),
}
ROLE_DESCRIPTIONS = {
    READER: _("Uses the reader portal: own account, loans, feedback, surveys."),
    LIBRARIAN: _("Serves readers at the desk and on the phone; records feedback and needs."),
    DEPARTMENT_HEAD: _("Leads a department: assigns its work and answers for its duties."),
    PROGRAMME_MANAGER: _("Plans and monitors the service programme across departments."),
    ADMINISTRATOR: _("Manages staff, roles, departments, branches and the audit log."),
}
STAFF_ROLES = (LIBRARIAN, DEPARTMENT_HEAD, PROGRAMME_MANAGER, ADMINISTRATOR)
ALL_ROLES = (READER, *STAFF_ROLES)

# The foundation's own permissions; other apps add theirs in <app>/roles.py.
ROLE_PERMISSIONS = {
    READER: [],
    LIBRARIAN: ["accounts.view_branch", "accounts.view_department"],
    DEPARTMENT_HEAD: ["accounts.view_branch", "accounts.view_department", "accounts.view_user"],
    PROGRAMME_MANAGER: ["accounts.view_branch", "accounts.view_department", "accounts.view_user"],
    ADMINISTRATOR: [
        "accounts.view_user", "accounts.add_user", "accounts.change_user",
        "accounts.view_department", "accounts.add_department", "accounts.change_department",
        "accounts.view_branch", "accounts.add_branch", "accounts.change_branch",
        "core.view_auditevent",
    ],
}


def collected_role_permissions() -> dict[str, set[str]]:
    result: dict[str, set[str]] = {role: set() for role in ALL_ROLES}
    for config in apps.get_app_configs():
        if not config.name.startswith("everyreader."):
            continue
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            result.setdefault(role, set()).update(perms)
    return result


def sync_roles() -> None:
    from django.contrib.auth.models import Group, Permission

    for role, perms in collected_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, **kwargs):
    # Permissions are created app by app during post_migrate; the last app sees them all.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()


def role_label(name: str) -> str:
    return str(ROLE_LABELS.get(name, name))
