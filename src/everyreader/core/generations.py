"""Process-local caches of small, rarely changed tables that stay exact across processes.

Every server process keeps its own copy of, for example, each user's roles and permissions or the
loan policy matrix, so a desk transaction does not load them again. A copy belongs to a
*generation*: a random token per cache name, kept in the database (CacheGeneration) and replaced
by `bump()` whenever the copied rows change (signals and services call it; migrations clear every
token). A process compares tokens before it uses a copy, so a change made by one process is seen
by every other one at its next request, never later.

Reading the tokens is one small query, done once per request (a snapshot kept until the request
ends) or, outside requests, at every use. A replaced token never comes back — except when the
transaction that replaced it rolls back, and then the old rows come back with it, so a copy is
always of the rows its token stands for. Tokens are random, not counters, for the same reason:
a counter would repeat after a rollback and bring back a copy of rows that no longer exist.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import connection

ACCESS = "access"  # users' roles and permissions (accounts.access)
BRANCHES = "branches"  # accounts.Branch
NEEDS = "needs"  # the needs taxonomy (readers)
POLICIES = "circulation.policies"  # circulation.CirculationPolicy

_local = threading.local()


def _model():
    from everyreader.core.models import CacheGeneration

    return CacheGeneration


def _new_token() -> str:
    return secrets.token_hex(16)


def _forget_snapshot(**kwargs) -> None:
    _local.snapshot = None


def _start_request(**kwargs) -> None:
    _local.snapshot = None
    _local.in_request = True


def _end_request(**kwargs) -> None:
    _local.snapshot = None
    _local.in_request = False


request_started.connect(_start_request, dispatch_uid="everyreader.generations.start")
request_finished.connect(_end_request, dispatch_uid="everyreader.generations.end")


def tokens() -> dict[str, str]:
    """Every cache's current token (one query; once per request)."""
    snapshot = getattr(_local, "snapshot", None)
    if snapshot is not None:
        return snapshot
    # Plain SQL: read at every request, and the ORM would spend more compiling it than running it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, token FROM core_cachegeneration")
        current = dict(cursor.fetchall())
    if getattr(_local, "in_request", False):
        _local.snapshot = current
    return current


def token(name: str) -> str:
    """The current token of `name`, created (randomly) when there is none yet."""
    current = tokens().get(name)
    if current is None:
        model = _model()
        model.objects.bulk_create([model(name=name, token=_new_token())], ignore_conflicts=True)
        current = model.objects.filter(name=name).values_list("token", flat=True).first()
        snapshot = getattr(_local, "snapshot", None)
        if snapshot is not None:
            snapshot[name] = current
    return current


def bump(*names: str) -> None:
    """Start a new generation of each cache in `names`: every process drops its copies."""
    model = _model()
    for name in names:
        model.objects.update_or_create(name=name, defaults={"token": _new_token()})
    _forget_snapshot()


def clear_all(**kwargs) -> None:
    """Every cache starts a new generation (after migrations, which change rows without signals)."""
    _model().objects.all().delete()
    _forget_snapshot()


class GenerationCache:
    """Values computed from the database, kept in this process while the generation lasts.

    `compute` must read the rows after `get` has read the token (it does, being called by `get`),
    so a copy can only be newer than its token, never older. At most `max_entries` values are
    kept; past that the cache starts again empty.
    """

    def __init__(self, name: str, *, max_entries: int = 10_000):
        self.name = name
        self.max_entries = max_entries
        self._token: str | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        current = token(self.name)
        if current != self._token:
            self._token, self._values = current, {}
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        if self._token == current:
            if len(self._values) >= self.max_entries:
                self._values = {}
            self._values[key] = value
        return value
