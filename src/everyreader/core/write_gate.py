"""Queue short write transactions on SQLite instead of letting them poll for the lock.

SQLite has one write lock. A connection that finds it taken waits in SQLite's busy handler, which
sleeps in growing steps (1, 2, 5 … 100 ms) and is not first-come, first-served, so under load a
few unlucky requests wait far longer than the transactions in front of them (a long p99 tail at
the circulation desk). `write_gate()` makes writers queue on an operating-system file lock beside
the database first: the kernel wakes the next waiter the moment the lock is released. On other
databases, or inside a transaction that is already open, it does nothing.
"""

from __future__ import annotations

import contextlib
import fcntl

from django.db import connection


@contextlib.contextmanager
def write_gate():
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        yield
        return
    with open(f"{name}.write-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
