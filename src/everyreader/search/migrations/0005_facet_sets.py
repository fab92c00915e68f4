"""Facet counts group documents by facet set. The index is emptied (documents have no set yet):
run ``everyreader rebuild_search_index`` afterwards. On PostgreSQL, browsing orders titles by
code point (COLLATE "C"), which gets its own index."""

import django.db.models.deletion
from django.db import migrations, models


EMPTY = {
    "sqlite": ["DELETE FROM search_fts", "DELETE FROM search_indexeddocument", "DELETE FROM search_term"],
    "postgresql": ["DELETE FROM search_indexeddocument", "DELETE FROM search_term"],
}
SORT_INDEX = {
    "postgresql": [
        'CREATE INDEX IF NOT EXISTS search_doc_kind_sort_c ON search_indexeddocument '
        '(kind, sort_key COLLATE "C", id)'
    ],
}
DROP_SORT_INDEX = {"postgresql": ["DROP INDEX IF EXISTS search_doc_kind_sort_c"]}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_packed_facets'),
    ]

    operations = [
        migrations.RunPython(_run(EMPTY), _run(EMPTY)),
        migrations.RemoveField(
            model_name='indexeddocument',
            name='facets',
        ),
        migrations.CreateModel(
            name='FacetSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=30, verbose_name='kind')),
                ('key', models.CharField(max_length=40, unique=True, verbose_name='key')),
                ('packed', models.TextField(verbose_name='facet values')),
                ('year_range', models.CharField(blank=True, max_length=12, verbose_name='year range')),
                ('documents', models.IntegerField(default=0, verbose_name='documents')),
            ],
            options={
                'verbose_name': 'facet set',
                'verbose_name_plural': 'facet sets',
                'indexes': [models.Index(fields=['kind', 'documents'], name='search_facetset_kind')],
            },
        ),
        migrations.AddField(
            model_name='indexeddocument',
            name='facet_set',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='search.facetset'),
        ),
        migrations.RunPython(_run(SORT_INDEX), _run(DROP_SORT_INDEX)),
    ]
