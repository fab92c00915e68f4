"""Each user's roles and permissions, and the branches, kept per process (core/generations.py).

Django loads a user's permissions from the database once per request (two queries on every staff
page and API call). Here they are loaded once per user and generation: any change to group
membership, a user's own permissions, a role's permissions or the permission table starts a new
generation (signals below), so a revoked permission stops working at the very next request in
every process.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from everyreader.accounts.models import Branch, User
from everyreader.core import generations
from everyreader.core.generations import GenerationCache


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    permissions: frozenset[str]


_ACCESS = GenerationCache(generations.ACCESS)
_BRANCHES = GenerationCache(generations.BRANCHES)
_backend = ModelBackend()


def _load_access(user: User) -> Access:
    roles = frozenset(user.groups.values_list("name", flat=True))
    # ModelBackend's own loaders (a superuser has every permission), on a copy of the user so no
    # per-request cache attribute is left behind on the caller's instance.
    fresh = copy.copy(user)
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        fresh.__dict__.pop(attr, None)
    permissions = frozenset(_backend.get_user_permissions(fresh) | _backend.get_group_permissions(fresh))
    return Access(roles=roles, permissions=permissions)


def access_of(user: User) -> Access:
    """The user's role names and permission names ("app.codename"; none while inactive)."""
    return _ACCESS.get((user.pk, user.is_active, user.is_superuser), lambda: _load_access(user))


class CachedPermissionsMixin:
    """For ModelBackend subclasses: permissions from access_of() instead of two queries."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(access_of(user_obj).permissions)
        return user_obj._perm_cache


def branch_by_code(code: str) -> Branch | None:
    """The branch with this code (a copy the caller may change), or None."""
    branch = _branches()["code"].get((code or "").strip())
    return copy.copy(branch) if branch is not None else None


def branch_by_id(pk: int | None) -> Branch | None:
    branch = _branches()["id"].get(pk)
    return copy.copy(branch) if branch is not None else None


def _branches() -> dict[str, dict]:
    def load():
        rows = list(Branch.objects.all())
        return {"code": {b.code: b for b in rows}, "id": {b.pk: b for b in rows}}

    return _BRANCHES.get("all", load)


# --- what starts a new generation ----------------------------------------------------------------

def _access_changed(**kwargs) -> None:
    generations.bump(generations.ACCESS)


def _access_m2m_changed(action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        generations.bump(generations.ACCESS)


def _branches_changed(**kwargs) -> None:
    generations.bump(generations.BRANCHES)


def connect_signals() -> None:
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_access_m2m_changed, sender=through, dispatch_uid=f"access-m2m-{through.__name__}")
    for model in (Group, Permission):
        post_save.connect(_access_changed, sender=model, dispatch_uid=f"access-save-{model.__name__}")
        post_delete.connect(_access_changed, sender=model, dispatch_uid=f"access-delete-{model.__name__}")
    post_delete.connect(_access_changed, sender=User, dispatch_uid="access-delete-user")
    post_save.connect(_branches_changed, sender=Branch, dispatch_uid="branches-save")
    post_delete.connect(_branches_changed, sender=Branch, dispatch_uid="branches-delete")
