"""The alternative plans of query_sql (broad-query tiers, browse walk or match, filters as tokens
or facet sets) return the same answers, on SQLite and PostgreSQL; facet counts agree with the
totals of the searches they promise."""

import pytest
from django.db import connection

from everyreader.search import query_sql, query_text
from everyreader.search.models import FacetSetValue
from everyreader.search.selectors import SearchQuery, approximate, search
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


def exact_estimates(monkeypatch):
    """Match counts as the engine's exact count (PostgreSQL's plan estimates instead)."""
    from everyreader.search.backends.base import Backend

    def exact(self, cursor, groups, clauses=()):
        cursor.execute(*self.floor_sql(groups, list(clauses)))
        return cursor.fetchone()[0]

    for backend in Backend.__subclasses__():
        monkeypatch.setattr(backend, "count_matches", exact)


@pytest.mark.parametrize("query", [
    SearchQuery(text="braille", filters={"language": ["eng"]}),
    SearchQuery(text="图书馆", filters={"format": ["braille", "audio"], "language": ["chi"]}),
    SearchQuery(text="braille", filters={"format": ["print"]}, year_from=1900, year_to=2005),
    SearchQuery(text="braille", year_from=1900, year_to=2005, page=2, page_size=2),
])
def test_broad_plan_with_a_sample_of_every_match_answers_like_the_exact_plan(corpus, monkeypatch, query):
    exact = search(query)
    assert not exact.estimated and not exact.counts_estimated
    exact_estimates(monkeypatch)
    monkeypatch.setattr(query_text, "BROAD_MATCHES", 1)
    monkeypatch.setattr(query_text, "SAMPLE", 10**6)
    broad = search(query)
    assert not broad.estimated and not broad.counts_estimated  # the sample holds every match
    assert answer(query)[2:] == (
        {name: [(fv.value, fv.count, fv.selected) for fv in values]
         for name, values in exact.facets.items()},
        [(y.value, y.count) for y in exact.year_ranges])
    assert broad.total == exact.total > 0
    if query.filters:  # the intersection of text and filter tokens, ranked in full
        assert [(h.object_id, h.score) for h in broad.hits] == [
            (h.object_id, h.score) for h in exact.hits]


def test_sampled_counts_are_scaled_and_labelled_as_estimates(corpus, monkeypatch):
    exact = search(SearchQuery(text="braille"))
    exact_estimates(monkeypatch)
    monkeypatch.setattr(query_text, "BROAD_MATCHES", 1)
    monkeypatch.setattr(query_text, "SAMPLE", 2)  # half of the 4 matches, counted twice
    broad = search(SearchQuery(text="braille"))
    assert broad.estimated and broad.counts_estimated
    assert broad.total == 4
    filtered = search(SearchQuery(text="braille", filters={"language": ["eng"]}))
    assert filtered.counts_estimated and not filtered.estimated  # the intersection is counted
    assert filtered.total == 4
    counted = {fv.value: fv.count for fv in broad.facets["format"]}
    assert counted and all(n % 2 == 0 for n in counted.values())
    assert sum(fv.count for fv in exact.facets["format"]) >= 4
    assert [h.object_id for h in broad.hits][:1] == [4]  # the title tier still comes first


def test_estimates_are_rounded_to_two_significant_digits():
    assert [approximate(n) for n in (0, 0.4, 7, 46.2, 1412, 46689, 251_234)] == [
        0, 1, 7, 46, 1400, 47000, 250000]


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_the_sample_setting_ends_with_its_statement(corpus, monkeypatch):
    exact_estimates(monkeypatch)
    monkeypatch.setattr(query_text, "BROAD_MATCHES", 1)
    monkeypatch.setattr(query_text, "SAMPLE", 2)
    assert search(SearchQuery(text="braille")).counts_estimated
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
