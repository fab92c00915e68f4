"""Writes for staff, departments and branches. Every change is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.accounts.models import Branch, Department, User
from everyreader.accounts.roles import ALL_ROLES
from everyreader.core import audit
from everyreader.core.errors import DomainError

STAFF_FIELDS = ("username", "display_name", "first_name", "last_name", "email", "phone",
                "job_title", "branch", "preferred_language", "is_active")
DEPARTMENT_FIELDS = ("code", "name", "duties", "head", "branch", "is_active")
BRANCH_FIELDS = ("code", "name", "address", "phone", "opening_days", "accessibility_notes", "is_active")


def _changed(instance, fields, data) -> dict:
    changes = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(instance, name), data[name]
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(instance, name, new)
    return changes


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def staff_create(*, actor, username: str, password: str | None, roles: Iterable[str] = (),
                 **fields) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("A user with this username already exists."), field="username")
    user = User(username=username, **{k: v for k, v in fields.items() if k in STAFF_FIELDS})
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    _set_roles(user, roles)
    audit.record(actor=actor, action="staff.created", obj=user,
                 details={"roles": sorted(roles)})
    return user


@transaction.atomic
def staff_update(*, actor, user: User, roles: Iterable[str] | None = None, **fields) -> User:
    if "username" in fields and User.objects.filter(username__iexact=fields["username"]).exclude(pk=user.pk).exists():
        raise DomainError(_("A user with this username already exists."), field="username")
    changes = _changed(user, STAFF_FIELDS, fields)
    if actor is not None and actor.pk == user.pk and fields.get("is_active") is False:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    user.save()
    if roles is not None:
        before = set(user.groups.values_list("name", flat=True))
        if actor is not None and actor.pk == user.pk and "administrator" in before and "administrator" not in set(roles):
            raise DomainError(_("You cannot remove your own administrator role."), field="roles")
        _set_roles(user, roles)
        if before != set(roles):
            changes["roles"] = [sorted(before), sorted(roles)]
    if changes:
        audit.record(actor=actor, action="staff.updated", obj=user, details={"changes": changes})
    return user


def _set_roles(user: User, roles: Iterable[str]) -> None:
    roles = set(roles)
    unknown = roles - set(ALL_ROLES)
    if unknown:
        raise DomainError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}, field="roles")
    groups = list(Group.objects.filter(name__in=roles))
    user.groups.set(groups)
    user._is_staff_member = None


@transaction.atomic
def user_set_display_preferences(*, actor, user: User, preferences: dict) -> User:
    user.display_preferences = preferences
    user.save(update_fields=["display_preferences"])
    return user


@transaction.atomic
def user_set_language(*, actor, user: User, language: str) -> User:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def department_create(*, actor, members: Iterable[User] = (), **fields) -> Department:
    if Department.objects.filter(code=fields.get("code")).exists():
        raise DomainError(_("A department with this code already exists."), field="code")
    department = Department(**{k: v for k, v in fields.items() if k in DEPARTMENT_FIELDS})
    department.save()
    department.members.set(members)
    if department.head_id:
        department.members.add(department.head)
    audit.record(actor=actor, action="department.created", obj=department)
    return department


@transaction.atomic
def department_update(*, actor, department: Department, members: Iterable[User] | None = None,
                      **fields) -> Department:
    if "code" in fields and Department.objects.filter(code=fields["code"]).exclude(pk=department.pk).exists():
        raise DomainError(_("A department with this code already exists."), field="code")
    changes = _changed(department, DEPARTMENT_FIELDS, fields)
    department.save()
    if members is not None:
        before = set(department.members.values_list("pk", flat=True))
        department.members.set(members)
        after = {m.pk for m in members}
        if before != after:
            changes["members"] = [sorted(before), sorted(after)]
    if department.head_id:
        department.members.add(department.head)
    if changes:
        audit.record(actor=actor, action="department.updated", obj=department, details={"changes": changes})
    return department


@transaction.atomic
def branch_create(*, actor, **fields) -> Branch:
    if Branch.objects.filter(code=fields.get("code")).exists():
        raise DomainError(_("A branch with this code already exists."), field="code")
    branch = Branch(**{k: v for k, v in fields.items() if k in BRANCH_FIELDS})
    branch.save()
    audit.record(actor=actor, action="branch.created", obj=branch)
    return branch


@transaction.atomic
def branch_update(*, actor, branch: Branch, **fields) -> Branch:
    if "code" in fields and Branch.objects.filter(code=fields["code"]).exclude(pk=branch.pk).exists():
        raise DomainError(_("A branch with this code already exists."), field="code")
    changes = _changed(branch, BRANCH_FIELDS, fields)
    branch.save()
    if changes:
        audit.record(actor=actor, action="branch.updated", obj=branch, details={"changes": changes})
    return branch
