"""The search index tables shared by both backends.

Facet filters are full-text tokens (backends/base.py); facet counts group matched documents by
their packed ``facets`` column. The full-text part is backend-specific and created by migration 0002: an FTS5 virtual table
``search_fts`` (rowid = IndexedDocument.id) on SQLite, a ``vector tsvector`` column with a GIN
index on ``search_indexeddocument`` on PostgreSQL. Nothing outside this app touches these tables;
other apps call ``search.services`` and ``search.selectors``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField(_("object id"))
    year = models.IntegerField(_("year"), null=True, blank=True)
    sort_key = models.CharField(_("sort key"), max_length=200, blank=True)
    # Facet values packed as "facet\x1fvalue\x1e..." (sorted), so that counting groups the
    # matched documents by their combination of values instead of joining a row per value.
    facets = models.TextField(_("facets"), blank=True, default="")

    class Meta:
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_doc_kind_object"),
        ]
        indexes = [models.Index(fields=["kind", "sort_key"], name="search_doc_kind_sort")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class Term(models.Model):
    """Vocabulary of title words for "did you mean": English words under themselves, Chinese
    words under themselves and under their full pinyin (term "tushuguan", word "图书馆")."""

    kind = models.CharField(_("kind"), max_length=30)
    term = models.CharField(_("term"), max_length=60)
    word = models.CharField(_("word"), max_length=60)
    frequency = models.PositiveIntegerField(_("frequency"), default=0)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "term", "word"], name="search_term_unique"),
        ]
