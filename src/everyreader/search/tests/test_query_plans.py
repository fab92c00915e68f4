"""The alternative plans of query_sql (broad-query tiers, browse walk or match, filters as tokens
or facet sets) return the same answers, on SQLite and PostgreSQL; facet counts agree with the
totals of the searches they promise."""

import pytest
from django.db import connection

from everyreader.search import query_sql
from everyreader.search.models import FacetSetValue
from everyreader.search.selectors import SearchQuery, search
from everyreader.search.services import clear, index_documents, remove_documents
from everyreader.search.tests.factories import doc, filler
from everyreader.search.tests.test_selectors import CORPUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    index_documents(CORPUS + filler())


def answer(query: SearchQuery):
    result = search(query)
    return (result.total, [h.object_id for h in result.hits],
            {name: [(fv.value, fv.count, fv.selected) for fv in values]
             for name, values in result.facets.items()},
            [(y.value, y.count) for y in result.year_ranges])


QUERIES = [
    SearchQuery(filters={"format": ["braille"]}),
    SearchQuery(filters={"language": ["eng"]}, page=2, page_size=5),
    SearchQuery(filters={"format": ["print"], "language": ["chi"]}, year_from=1950, year_to=1999),
    SearchQuery(filters={"format": ["print"]}, year_from=1970, year_to=1985),  # not a range
    SearchQuery(year_from=1975, year_to=1980),
]


@pytest.mark.parametrize("query", QUERIES)
def test_browse_walks_the_sort_index_or_matches_the_filter_tokens_alike(corpus, monkeypatch, query):
    monkeypatch.setattr(query_sql, "WALK_MIN_DOCUMENTS", 0)
    walked = answer(query)
    monkeypatch.setattr(query_sql, "WALK_MIN_DOCUMENTS", 10**9)
    assert answer(query) == walked
    assert walked[0] > 0


@pytest.mark.parametrize("query", [
    SearchQuery(text="braille", filters={"language": ["eng"]}),
    SearchQuery(text="图书馆", filters={"format": ["braille", "audio"], "language": ["chi"]}),
    SearchQuery(text="braille", filters={"format": ["print"]}, year_from=1900, year_to=2005),
])
def test_filters_as_tokens_or_as_facet_sets_rank_alike(corpus, monkeypatch, query):
    monkeypatch.setattr(query_sql, "SELECTIVE", 10**9)  # always the engine's intersection
    by_tokens = answer(query)
    monkeypatch.setattr(query_sql, "SELECTIVE", 0)  # always the facet sets
    assert answer(query) == by_tokens
    assert by_tokens[0] > 0


def test_broad_query_ranks_title_matches_first(corpus, monkeypatch):
    full = search(SearchQuery(text="braille"))
    assert [h.object_id for h in full.hits] == [4, 5, 6, 7]
    monkeypatch.setattr(query_sql, "BROAD_MATCHES", 1)
    broad = search(SearchQuery(text="braille"))
    assert broad.total == 4
    # 4 is the only title match (first tier); the others follow in the full ranking's order
    assert [h.object_id for h in broad.hits] == [4, 5, 6, 7]
    assert [h.score for h in broad.hits][1:] == [h.score for h in full.hits][1:]
    # a page that lies wholly in the second tier
    second = search(SearchQuery(text="braille", page=2, page_size=2))
    assert [h.object_id for h in second.hits] == [6, 7]
    assert second.facets == full.facets and second.year_ranges == full.year_ranges


def test_broad_query_first_tier_only_when_it_fills_the_page(corpus, monkeypatch):
    index_documents([doc(2000 + i, f"Braille primer {i}", facets={"format": ["braille"]})
                     for i in range(3)])
    monkeypatch.setattr(query_sql, "BROAD_MATCHES", 1)
    result = search(SearchQuery(text="braille", page_size=3))
    assert result.total == 7
    assert {h.object_id for h in result.hits} <= {4, 2000, 2001, 2002}
    filtered = search(SearchQuery(text="braille", filters={"format": ["print"]}, page_size=2))
    assert filtered.total == 3
    assert [h.object_id for h in filtered.hits] == [5, 6]


@pytest.mark.parametrize("query", [
    SearchQuery(text="braille"),
    SearchQuery(text="图书馆", filters={"language": ["chi"]}),
    SearchQuery(filters={"format": ["print"], "language": ["eng"]}),
    SearchQuery(text="", year_from=2000, year_to=2009),
])
def test_every_facet_count_is_the_total_of_choosing_it(corpus, query):
    result = search(query)
    for name, values in result.facets.items():
        for fv in values:
            if fv.selected:
                continue
            filters = {**query.filters, name: [fv.value]}  # this value instead of the facet's own
            chosen = search(SearchQuery(text=query.text, filters=filters,
                                        year_from=query.year_from, year_to=query.year_to))
            assert chosen.total == fv.count, (name, fv.value)


def test_facet_set_values_and_counting_rows_follow_the_index(corpus):
    assert FacetSetValue.objects.filter(facet="format", value="braille").exists()
    remove_documents("record", [4])
    result = search(SearchQuery(text="braille"))
    assert result.total == 3
    assert {fv.value: fv.count for fv in result.facets["format"]} == {"braille": 1, "print": 3}
    index_documents([doc(4, "Braille reading for beginners", facets={"format": ["audio"]})])
    result = search(SearchQuery(text="braille"))
    assert {fv.value: fv.count for fv in result.facets["format"]} == {
        "audio": 1, "braille": 1, "print": 3}
    clear("record")
    assert not FacetSetValue.objects.exists()
    assert search(SearchQuery(text="braille")).total == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts_docs")
            assert cursor.fetchone()[0] == 0


def test_many_filtered_facets_are_bad_input_not_an_error(corpus):
    filters = {f"facet{i}": ["x"] for i in range(200)}
    result = search(SearchQuery(text="braille", filters={"format": ["print"], **filters}))
    assert result.total == 0
    # the other (unknown) facets' filters match nothing: only the selected value, with 0
    assert [(fv.value, fv.count, fv.selected) for fv in result.facets["format"]] == [
        ("print", 0, True)]
