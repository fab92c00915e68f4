"""Fast bulk writes of Record rows for the importer.

Django's bulk_create/bulk_update spend most of their time building SQL for every row; at
thousands of records per second that dominates. These helpers build one parameterised statement
per batch from the model's own field list (column names come from the model, values are always
passed as parameters) and let the database do the rest.
"""

from __future__ import annotations

import json

from django.db import connection
from django.utils import timezone

from everyreader.catalog.models import Record

ROWS_PER_STATEMENT = 400


def _fields(names):
    return [Record._meta.get_field(n) for n in names]


def _json_adapter():
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb

    def to_json(value):
        return "[]" if value == [] else json.dumps(value, ensure_ascii=False)

    return to_json


def _prepared(fields, objects):
    converters = []
    to_json = _json_adapter()
    for f in fields:
        kind = f.get_internal_type()
        if kind == "JSONField":
            converters.append(to_json)
        elif kind == "DateTimeField":
            cache = {}

            def to_db(value, f=f, cache=cache):
                if value not in cache:
                    cache[value] = f.get_db_prep_save(value, connection)
                return cache[value]

            converters.append(to_db)
        else:
            converters.append(None)
    rows = []
    for obj in objects:
        row = []
        for f, convert in zip(fields, converters):
            value = getattr(obj, f.attname)
            row.append(convert(value) if convert else value)
        rows.append(row)
    return rows


def insert(records: list[Record], names: list[str]) -> list[Record]:
    """INSERT ... RETURNING id, in statements of ROWS_PER_STATEMENT rows; sets each record's pk."""
    if not records:
        return records
    now = timezone.now()
    for r in records:
        r.created_at = r.created_at or now
        r.updated_at = now
    names = [*names, "created_at", "updated_at"]
    fields = _fields(names)
    table = connection.ops.quote_name(Record._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(records), ROWS_PER_STATEMENT):
            chunk = records[start:start + ROWS_PER_STATEMENT]
            params = [value for row in _prepared(fields, chunk) for value in row]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one_row] * len(chunk))} RETURNING id"
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
            for record, pk in zip(chunk, sorted(ids)):
                record.pk = pk
    return records


def update(records: list[Record], names: list[str]) -> None:
    """UPDATE ... WHERE id = %s for each record, as one executemany."""
    if not records:
        return
    now = timezone.now()
    for r in records:
        r.updated_at = now
    names = [n for n in names if n != "updated_at"] + ["updated_at"]
    fields = _fields(names)
    table = connection.ops.quote_name(Record._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    rows = [[*row, r.pk] for row, r in zip(_prepared(fields, records), records)]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)
