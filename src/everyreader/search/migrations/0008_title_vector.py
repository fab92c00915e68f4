"""PostgreSQL: the title's own tsvector and GIN index (the first tier of a broad query matches and
ranks the title alone; with the weighted main vector every matching row had to be rechecked)."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_indexeddocument ADD COLUMN IF NOT EXISTS title_vector tsvector",
    "UPDATE search_indexeddocument SET title_vector = ts_filter(vector, '{a}') "
    "WHERE title_vector IS NULL",
    "CREATE INDEX IF NOT EXISTS search_doc_title_vector ON search_indexeddocument "
    "USING GIN (title_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_title_vector",
    "ALTER TABLE search_indexeddocument DROP COLUMN IF EXISTS title_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_fts_documents")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
