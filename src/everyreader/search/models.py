"""The search index tables shared by both backends.

Facet filters are full-text tokens (backends/base.py); facet counts group matched documents by
their facet set (FacetSet). The full-text part is backend-specific and created by migration
0002: an FTS5 virtual table ``search_fts`` (rowid = IndexedDocument.id) on SQLite, a ``vector tsvector`` column with a GIN
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
    facet_set = models.ForeignKey(
        "FacetSet", on_delete=models.PROTECT, null=True, related_name="+", db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_doc_kind_object"),
        ]
        indexes = [models.Index(fields=["kind", "sort_key"], name="search_doc_kind_sort")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class FacetSet(models.Model):
    """A distinct combination of facet values and year range, with how many documents have it.

    Counting facets groups matched documents by their set (an integer) and adds the set's
    values up; the ``documents`` column gives the counts of the whole index without a scan."""

    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("key"), max_length=40, unique=True)  # hash of kind, values, range
    packed = models.TextField(_("facet values"))  # "facet\x1fvalue\x1e..." sorted
    year_range = models.CharField(_("year range"), max_length=12, blank=True)
    documents = models.IntegerField(_("documents"), default=0)

    class Meta:
        verbose_name = _("facet set")
        verbose_name_plural = _("facet sets")
        indexes = [models.Index(fields=["kind", "documents"], name="search_facetset_kind")]


class FacetSetValue(models.Model):
    """The facet values of a facet set, one row each, so that facet counts and filters are
    plain SQL joins (written with the set, never changed)."""

    facet_set = models.ForeignKey(
        FacetSet, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False,
    )
    facet = models.CharField(_("facet"), max_length=30)
    value = models.CharField(_("value"), max_length=100)

    class Meta:
        verbose_name = _("facet set value")
        verbose_name_plural = _("facet set values")
        constraints = [
            models.UniqueConstraint(fields=["facet_set", "facet", "value"], name="search_fsv_set"),
        ]
        indexes = [models.Index(fields=["facet", "value", "facet_set"], name="search_fsv_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"


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
