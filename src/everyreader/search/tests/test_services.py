"""Writing to the index: insert, replace, remove, clear."""

import pytest
from django.db import connection

from everyreader.search.models import FacetSet, IndexedDocument, Term
from everyreader.search.selectors import SearchQuery, search
from everyreader.search.services import clear, index_documents, remove_documents
from everyreader.search.tests.factories import doc, filler

pytestmark = pytest.mark.django_db


def ids(text, **kw):
    return {h.object_id for h in search(SearchQuery(text=text, **kw)).hits}


def fulltext_rows():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM search_fts")
        else:
            cursor.execute("SELECT COUNT(*) FROM search_indexeddocument WHERE vector IS NOT NULL")
        return cursor.fetchone()[0]


def test_index_documents_returns_count_and_writes_every_table():
    assert index_documents([doc(1, "盲文图书", ["张三"], facets={"format": ["braille", "print"]}),
                            doc(2, "大字本", facets={"format": ["print"]})]) == 2
    assert IndexedDocument.objects.count() == 2
    assert fulltext_rows() == 2
    packed = IndexedDocument.objects.get(object_id=1).facet_set.packed
    assert packed == "format\x1fbraille\x1eformat\x1fprint"
    assert Term.objects.filter(term="mangwen", word="盲文").exists()


def test_reindexing_replaces_text_and_facets():
    index_documents([doc(1, "盲文图书", facets={"format": ["braille"]}, year=2001)])
    first_pk = IndexedDocument.objects.get().pk
    index_documents([doc(1, "有声读物", facets={"format": ["audio"]}, year=2020)])
    assert IndexedDocument.objects.get().pk == first_pk
    assert fulltext_rows() == 1
    assert ids("盲文") == set()
    assert ids("有声读物") == {1}
    assert IndexedDocument.objects.get().facet_set.packed == "format\x1faudio"
    assert IndexedDocument.objects.get().facet_set.year_range == "2010-"
    assert ids("", filters={"format": ["braille"]}) == set()
    assert ids("", filters={"format": ["audio"]}) == {1}
    assert IndexedDocument.objects.get().year == 2020


def test_duplicates_in_one_batch_keep_the_last():
    assert index_documents([doc(1, "第一版"), doc(1, "第二版")]) == 1
    assert ids("第二版") == {1}
    assert ids("第一版") == set()


def test_small_batches_index_everything():
    assert index_documents(filler(count=25), batch_size=4) == 25
    assert IndexedDocument.objects.count() == 25


def test_remove_documents_forgets_text_and_facets():
    index_documents([doc(1, "盲文图书", facets={"format": ["braille"]}), doc(2, "盲文词典")])
    assert remove_documents("record", [1, 99]) == 1
    assert ids("盲文") == {2}
    assert fulltext_rows() == 1
    assert ids("", filters={"format": ["braille"]}) == set()
    assert search(SearchQuery(text="")).facets["format"] == []


def test_remove_nothing_changes_nothing():
    index_documents([doc(1, "盲文图书")])
    assert remove_documents("record", []) == 0
    assert remove_documents("event", [1]) == 0
    assert ids("盲文") == {1}


def test_clear_only_touches_one_kind():
    index_documents([doc(1, "盲文图书"), doc(1, "盲文活动", kind="event")])
    assert clear("record") == 1
    assert ids("盲文") == set()
    assert ids("盲文", kind="event") == {1}
    assert not Term.objects.filter(kind="record").exists()
    assert Term.objects.filter(kind="event").exists()


def test_a_failed_batch_writes_nothing():
    bad = doc(2, "坏记录")
    bad.object_id = "not a number"
    with pytest.raises(ValueError):
        index_documents([doc(1, "盲文图书"), bad])
    assert not IndexedDocument.objects.exists()
    assert fulltext_rows() == 0


def test_facet_values_with_separators_and_quotes_are_safe():
    index_documents([doc(1, "盲文图书", facets={"available_at": ['a"b\x1ec', "d'e OR f"]})])
    result = search(SearchQuery(text="", filters={"available_at": ['a"b c']}))
    assert [h.object_id for h in result.hits] == [1]
    values = {fv.value for fv in result.facets["available_at"]}
    assert values == {'a"b c', "d'e OR f"}


def whole_index_counts():
    result = search(SearchQuery(text=""))
    return (result.total, {fv.value: fv.count for fv in result.facets["format"]},
            {y.value: y.count for y in result.year_ranges})


def test_whole_index_counts_follow_every_change():
    index_documents([doc(1, "一", facets={"format": ["braille"]}, year=1940),
                     doc(2, "二", facets={"format": ["braille"]}, year=1940),
                     doc(3, "三", facets={"format": ["print"]})])
    assert whole_index_counts() == (3, {"braille": 2, "print": 1}, {"-1949": 2})
    index_documents([doc(2, "二", facets={"format": ["audio"]}, year=2001)])
    assert whole_index_counts() == (3, {"braille": 1, "print": 1, "audio": 1},
                                    {"-1949": 1, "2000-2009": 1})
    remove_documents("record", [1, 1, 3])
    assert whole_index_counts() == (1, {"audio": 1}, {"2000-2009": 1})
    # the counts of the whole index agree with counting the matched documents
    assert search(SearchQuery(text="二")).facets["format"][0].count == 1
    clear("record")
    assert whole_index_counts() == (0, {}, {})
    assert not FacetSet.objects.exists()


def test_browsing_everything_pages_in_title_order():
    index_documents([doc(i, t) for i, t in enumerate(["b", "a", "盲文", "C", "aa"], start=1)])
    first = search(SearchQuery(text="", page_size=2))
    second = search(SearchQuery(text="", page=2, page_size=2))
    assert first.total == 5
    assert [h.object_id for h in first.hits + second.hits] == [2, 5, 1, 4]
