"""Facet filters become full-text tokens (an FTS5 ``facets`` column; tsvector tokens on
PostgreSQL). Existing index rows lack them, so the index is emptied: run
``everyreader rebuild_search_index`` afterwards."""

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, authors, subjects, text, facets, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, authors, subjects, text, tokenize = 'unicode61 remove_diacritics 0')",
]
EMPTY = [
    "DELETE FROM search_documentfacet",
    "DELETE FROM search_indexeddocument",
    "DELETE FROM search_term",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RemoveIndex(model_name="documentfacet", name="search_facet_value_doc"),
        migrations.RunPython(
            _run({"sqlite": EMPTY + SQLITE_FORWARD, "postgresql": EMPTY}),
            _run({"sqlite": EMPTY + SQLITE_BACKWARD, "postgresql": EMPTY}),
        ),
    ]
