"""Full-text backends: SQLite FTS5 and PostgreSQL tsvector/GIN, chosen by connection.vendor.

Both store the same pre-analysed tokens (everyreader.core.text), weighted title > authors >
subjects > text, so both return the same documents for the same query.
"""

from __future__ import annotations

from django.db import connection

from everyreader.search.backends.base import Backend


def get_backend(conn=None) -> Backend:
    conn = conn or connection
    if conn.vendor == "postgresql":
        from everyreader.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if conn.vendor == "sqlite":
        from everyreader.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise RuntimeError(f"Search does not support the {conn.vendor} database backend")
