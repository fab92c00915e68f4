"""Searching: the same relevance, facet and suggestion cases run on SQLite and PostgreSQL."""

import pytest

from everyreader.search.selectors import SearchQuery, search
from everyreader.search.services import index_documents
from everyreader.search.tests.factories import doc, filler

pytestmark = pytest.mark.django_db

CORPUS = [
    doc(1, "盲文图书馆服务指南", ["张明"], subjects=["视障读者"], year=2015,
        facets={"format": ["braille"], "language": ["chi"], "audience": ["adult"],
                "available_at": ["central"]}),
    doc(2, "圖書館學概論", ["李華"], year=1990,
        facets={"format": ["print"], "language": ["chi"], "available_at": ["central", "east"]}),
    doc(3, "大字本唐诗三百首", ["蘅塘退士"], text=["中华书局 出版"], year=2008,
        facets={"format": ["print"], "feature": ["largePrint"], "language": ["chi"],
                "audience": ["adult"], "available_at": ["east"]}),
    doc(4, "Braille reading for beginners", ["Smith, Jane"], year=2012,
        facets={"format": ["braille"], "language": ["eng"], "audience": ["juvenile"]}),
    doc(5, "Tactile graphics", ["Braille Institute"], year=1948,
        facets={"format": ["print"], "language": ["eng"]}),
    doc(6, "Accessible libraries", ["Lee, Ann"], subjects=["Braille"], year=2001,
        facets={"format": ["print", "braille"], "language": ["eng"]}),
    doc(7, "Public services handbook", ["Wu, Li"], text=["Includes a braille supplement"],
        year=1999, facets={"format": ["print"], "language": ["eng"]}),
    doc(8, "图书馆的故事", ["王芳"], text=["关于图书的故事"], year=2020,
        facets={"format": ["audio"], "language": ["chi"]}),
    doc(9, "儿童读物", ["图书馆员协会"], year=2019, facets={"format": ["print"], "language": ["chi"]}),
]


@pytest.fixture
def corpus(db):
    index_documents(CORPUS + filler())


def order(text, **kw):
    return [h.object_id for h in search(SearchQuery(text=text, **kw)).hits]


# -- relevance -------------------------------------------------------------------------------

def test_title_beats_author_beats_subject_beats_text(corpus):
    assert order("braille") == [4, 5, 6, 7]


def test_chinese_title_beats_author(corpus):
    result = order("图书馆")
    assert set(result) == {1, 2, 8, 9}
    assert result[-1] == 9  # only the author mentions 图书馆


@pytest.mark.parametrize("query", ["圖書館", "图书馆"])
def test_traditional_and_simplified_find_each_other(corpus, query):
    assert {1, 2} <= set(order(query))


def test_two_character_words_match_inside_longer_words(corpus):
    assert {1, 2, 8} <= set(order("图书"))
    assert set(order("盲文")) == {1}
    assert set(order("唐诗")) == {3}


@pytest.mark.parametrize("query", ["mangwen", "mw", "MangWen", "tushuguan", "mangwentushuguan"])
def test_pinyin_full_and_initials(corpus, query):
    assert 1 in order(query)


def test_english_stemming_and_case(corpus):
    assert order("READ") == [4]
    assert order("library") == [6]
    assert order("beginner braille") == [4]


def test_all_words_must_match(corpus):
    assert order("braille tactile") == [5]
    assert order("盲文 唐诗") == []


def test_hostile_input_is_only_words(corpus):
    for query in ['"', "'", ") OR 1=1 --", "NEAR(a b)", "braille*", "a:b", "\\", "{}^&|!<->"]:
        result = search(SearchQuery(text=query))
        assert result.total >= 0
    assert order('"braille" AND (tactile)') == [5]


def test_kind_is_isolated(corpus):
    index_documents([doc(1, "盲文活动", kind="event")])
    assert order("盲文", kind="event") == [1]
    assert order("活动") == []


# -- browse, facets, years, pages ------------------------------------------------------------

def test_empty_text_with_filters_browses_by_sort_key(corpus):
    result = search(SearchQuery(filters={"format": ["braille"]}))
    assert result.total == 3
    assert [h.object_id for h in result.hits] == [6, 4, 1]  # accessible, braille, 盲文


def test_facet_counts_apply_the_other_facets_filters(corpus):
    result = search(SearchQuery(text="", filters={"format": ["braille"], "language": ["eng"]}))
    assert result.total == 2
    formats = {fv.value: (fv.count, fv.selected) for fv in result.facets["format"]}
    # format counts ignore the format filter but keep language=eng
    assert formats == {"print": (18, False), "braille": (2, True)}
    languages = {fv.value: (fv.count, fv.selected) for fv in result.facets["language"]}
    # language counts ignore the language filter but keep format=braille
    assert languages == {"chi": (1, False), "eng": (2, True)}
    assert {fv.value: fv.count for fv in result.facets["audience"]} == {"juvenile": 1}


def test_values_within_a_facet_are_ored(corpus):
    result = search(SearchQuery(text="图书馆", filters={"format": ["braille", "audio"]}))
    assert {h.object_id for h in result.hits} == {1, 8}
    branches = search(SearchQuery(text="图书馆", filters={"available_at": ["east"]}))
    assert [h.object_id for h in branches.hits] == [2]


def test_facets_with_text(corpus):
    result = search(SearchQuery(text="braille"))
    assert {fv.value: fv.count for fv in result.facets["format"]} == {"braille": 2, "print": 3}
    assert result.facets["feature"] == []


def test_selected_value_without_matches_is_still_listed(corpus):
    result = search(SearchQuery(text="braille", filters={"format": ["daisy"]}))
    assert result.total == 0
    assert [(fv.value, fv.count, fv.selected) for fv in result.facets["format"]][-1] == ("daisy", 0, True)


def test_year_ranges_and_year_filter(corpus):
    result = search(SearchQuery(text="braille"))
    assert [(y.value, y.count) for y in result.year_ranges] == [
        ("-1949", 1), ("1950-1999", 1), ("2000-2009", 1), ("2010-", 1)]
    filtered = search(SearchQuery(text="braille", year_from=2000, year_to=2009))
    assert [h.object_id for h in filtered.hits] == [6]
    assert [(y.value, y.selected) for y in filtered.year_ranges if y.selected] == [("2000-2009", True)]
    # year ranges are counted without the year filter
    assert len(filtered.year_ranges) == 4


def test_pagination_is_stable_and_complete(corpus):
    seen = []
    for page in range(1, 6):
        result = search(SearchQuery(text="", page=page, page_size=9))
        assert result.total == 39
        seen += [h.object_id for h in result.hits]
    assert len(seen) == len(set(seen)) == 39
    assert search(SearchQuery(text="", page=99, page_size=9)).hits == []


def test_bad_paging_values_are_clamped(corpus):
    result = search(SearchQuery(text="braille", page=0, page_size=100000, year_from="x"))
    assert result.total == 4 and len(result.hits) == 4


# -- suggestions -----------------------------------------------------------------------------

def test_did_you_mean_english(corpus):
    result = search(SearchQuery(text="brialle"))
    assert result.total == 0
    assert result.suggestion == "braille"


def test_did_you_mean_pinyin_and_homophones(corpus):
    assert search(SearchQuery(text="tushugan")).suggestion == "图书馆"
    assert search(SearchQuery(text="图书管")).suggestion == "图书馆"


def test_no_suggestion_when_there_are_results_or_nothing_close(corpus):
    assert search(SearchQuery(text="braille")).suggestion is None
    assert search(SearchQuery(text="zzzzqqq")).suggestion is None


def test_two_statements_answer_a_search(corpus, django_assert_num_queries):
    # the engine's count of the text's matches chooses the plan; one statement answers
    with django_assert_num_queries(2):
        result = search(SearchQuery(text="braille", filters={"format": ["print"], "language": ["eng"]},
                                    year_from=1900, year_to=2020))
    assert result.total == 3
    with django_assert_num_queries(1):
        search(SearchQuery(text=""))


def test_filters_never_change_the_ranking(corpus):
    scores = {h.object_id: h.score for h in search(SearchQuery(text="braille")).hits}
    filtered = search(SearchQuery(text="braille", filters={"language": ["eng"]})).hits
    assert [(h.object_id, h.score) for h in filtered] == [(i, scores[i]) for i in (4, 5, 6, 7)]
