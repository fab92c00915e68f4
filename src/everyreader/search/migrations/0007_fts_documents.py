"""SQLite: a narrow copy of each document's kind, facet set and year keyed by the FTS rowid
(``search_fts_docs``), so that counting the matches of a broad query by facet set reads a small
table instead of the wide document rows. PostgreSQL reads them from the document row."""

from django.db import migrations

FORWARD = [
    "CREATE TABLE IF NOT EXISTS search_fts_docs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
    "facet_set_id INTEGER, year INTEGER)",
    "INSERT OR REPLACE INTO search_fts_docs (id, kind, facet_set_id, year) "
    "SELECT id, kind, facet_set_id, year FROM search_indexeddocument",
]
BACKWARD = ["DROP TABLE IF EXISTS search_fts_docs"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_facet_set_values")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
