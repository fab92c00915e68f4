"""Reads from the search index: one function, search()."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from everyreader.core import text as textlib
from everyreader.search import query_sql, query_text
from everyreader.search.backends import get_backend
from everyreader.search.backends.base import unpack_facets

MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500
MAX_FILTERED_FACETS = 30  # more are ignored (bad input: the catalogue has a handful of facets)


@dataclass
class SearchQuery:
    text: str = ""
    kind: str = "record"
    filters: dict[str, list[str]] = field(default_factory=dict)  # OR within a facet, AND across
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    page_size: int = 20
    facet_names: tuple[str, ...] = ("format", "feature", "language", "audience", "available_at")


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    object_id: int
    score: float


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[SearchHit]  # this page, best first
    facets: dict[str, list[FacetValue]]  # counts with the other facets' filters applied
    year_ranges: list[FacetValue]
    suggestion: str | None  # "did you mean" when total == 0
    elapsed_ms: float
    # When the text matched more than query_text.BROAD_MATCHES documents the facet and year
    # counts are estimates from a sample of the matches, and so is the total unless filters
    # narrowed the matches to at most BROAD_MATCHES (then counted exactly): shown as "about N"
    estimated: bool = False  # the total
    counts_estimated: bool = False  # the facet and year counts


def _clean_filters(filters) -> dict[str, list[str]]:
    clean: dict[str, list[str]] = {}
    for facet, values in (filters or {}).items():
        if isinstance(values, str):
            values = [values]
        values = list(dict.fromkeys(str(v).strip()[:100] for v in values or () if str(v).strip()))
        if values and len(clean) < MAX_FILTERED_FACETS:
            clean[str(facet).strip()[:30]] = values
    return clean


def _int_or_none(value) -> int | None:
    try:
        return None if value is None or value == "" else int(value)
    except (TypeError, ValueError):
        return None


def search(query: SearchQuery) -> SearchResults:
    started = time.perf_counter()
    text = (query.text or "").strip()[:MAX_QUERY_LENGTH]
    filters = _clean_filters(query.filters)
    year_from, year_to = _int_or_none(query.year_from), _int_or_none(query.year_to)
    page = max(1, _int_or_none(query.page) or 1)
    page_size = min(MAX_PAGE_SIZE, max(1, _int_or_none(query.page_size) or 20))
    facet_names = tuple(query.facet_names or ())

    groups = textlib.query_groups(text) if text else []
    if text and not groups:
        return _empty(query, filters, facet_names, started)
    backend = get_backend()
    limit, offset = page_size, (page - 1) * page_size
    estimate, tiered = None, False
    with connection.cursor() as cursor:
        if groups:
            matches = backend.count_matches(cursor, groups)
            if matches <= query_text.BROAD_MATCHES:
                sql, params = query_text.build_exact(
                    backend, groups, kind=query.kind, filters=filters, year_from=year_from,
                    year_to=year_to, limit=limit, offset=offset)
            else:
                estimate = matches
                tiered = not filters or backend.count_matches(
                    cursor, groups, list(filters.items())) > query_text.RANK_ALL
                sql, params = query_text.build_broad(
                    backend, groups, kind=query.kind, filters=filters, year_from=year_from,
                    year_to=year_to, limit=limit, offset=offset, title_tier=tiered)
        else:
            sql, params = query_sql.build(backend, kind=query.kind, filters=filters,
                                          year_from=year_from, year_to=year_to, limit=limit,
                                          offset=offset)
    rows = _run(backend, sql, params, sampling=estimate is not None and backend.sample_settings)

    total, exact_total, sampled = 0, None, 0
    hits: list[tuple[float, str, int, int]] = []
    sets = []
    for part, n, score, a, b in rows:
        if part == query_sql.PART_HIT:
            hits.append((-float(score or 0), a or "", int(b), int(n)))
        elif part == query_sql.PART_TOTAL:
            total = int(n)
        elif part == query_text.PART_EXACT_TOTAL:
            exact_total = int(n)
        elif part == query_text.PART_SAMPLED:
            sampled = int(n)
        else:
            sets.append((int(n), int(score), a or "", b or ""))
    counts, years = _add_up(sets, filters, facet_names)
    hits.sort()  # the SQL order: score, then sort_key by code point, then id
    if estimate is not None and sampled < query_text.SAMPLE:
        estimate = None  # the sample holds every match: the counts are exact
    if estimate is not None:
        scale = max(estimate, sampled) / sampled
        total, counts, years = _scaled(total, counts, years, scale)
        total = exact_total if exact_total is not None else max(total, offset + len(hits))
    if tiered and len(hits) < limit and offset + len(hits) < total:
        hits = _second_tier(backend, groups, query.kind, filters, year_from, year_to, limit, offset)

    facets = {name: _facet_values(counts.get(name, {}), filters.get(name, [])) for name in facet_names}
    suggestion = None
    if total == 0 and text:
        suggestion = _checked_suggestion(text, query.kind)
    return SearchResults(
        query=query, total=total, facets=facets,
        hits=[SearchHit(object_id=object_id, score=round(-neg, 6)) for neg, _, _, object_id in hits],
        year_ranges=_year_values(years, year_from, year_to), suggestion=suggestion,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        estimated=estimate is not None and exact_total is None,
        counts_estimated=estimate is not None,
    )


def _run(backend, sql, params, *, sampling: bool) -> list[tuple]:
    if not sampling:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:  # for settings of this statement
        previous = backend.before_sample(cursor)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        backend.after_sample(cursor, previous)
        return rows


def approximate(n: float) -> int:
    """An estimate rounded to two significant digits (46,689 -> 47,000), never 0 for a value
    seen in the sample."""
    if n <= 0:
        return 0
    digits = len(str(int(n)))
    return max(1, int(round(n, -max(0, digits - 2))))


def _scaled(total, counts, years, scale):
    """Sample counts scaled to all matches (query_text.build_broad)."""
    counts = {name: {value: approximate(n * scale) for value, n in values.items()}
              for name, values in counts.items()}
    years = {label: approximate(n * scale) for label, n in years.items()}
    return approximate(total * scale), counts, years


def _add_up(sets, filters, facet_names):
    """Facet counts and year ranges from the matched facet sets (query_sql.PART_SET): a facet's
    counts take the sets passing every *other* filter (and the year filter), the year ranges
    the sets passing every facet filter."""
    counts: dict[str, dict[str, int]] = {name: {} for name in facet_names}
    years: dict[str, int] = {}
    filtered = list(filters)
    passing_all = (1 << (len(filtered) + 1)) - 2  # every filter bit
    role = {name: 0 for name in facet_names if name not in filters}  # bit that may be missing
    role.update({name: 1 << (filtered.index(name) + 1) for name in facet_names if name in filters})
    by_values: dict[tuple[str, int], int] = {}  # sets differing only in year range: added once
    for n, mask, packed, year_range in sets:
        flags = mask & passing_all
        if flags == passing_all and year_range:
            years[year_range] = years.get(year_range, 0) + n
        if mask & 1:
            key = (packed, flags)
            by_values[key] = by_values.get(key, 0) + n
    for (packed, flags), n in by_values.items():
        for facet, value in unpack_facets(packed):
            bit = role.get(facet)
            if bit is not None and flags | bit == passing_all:
                bucket = counts[facet]
                bucket[value] = bucket.get(value, 0) + n
    return counts, years


def _second_tier(backend, groups, kind, filters, year_from, year_to, limit,
                 offset) -> list[tuple[float, str, int, int]]:
    """A broad query's page that reaches past its first tier (title matches): the first tier
    in full, then the other matches in overall rank order (query_sql.second_tier)."""
    (first_sql, first_params), (rest_sql, rest_params) = query_sql.second_tier(
        backend, groups, kind=kind, filters=filters, year_from=year_from, year_to=year_to)
    ordered: list[tuple[float, str, int, int]] = []
    seen: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(first_sql, first_params)
        first = cursor.fetchall()
        cursor.execute(rest_sql, [*rest_params, offset + limit + len(first)])
        for pk, object_id, score, sort_key in [*first, *cursor.fetchall()]:
            if pk not in seen:
                seen.add(pk)
                ordered.append((-float(score or 0), sort_key or "", int(pk), int(object_id)))
    return ordered[offset : offset + limit]


def _facet_values(counts: dict[str, int], selected: list[str]) -> list[FacetValue]:
    values = [FacetValue(v, c, v in selected) for v, c in counts.items()]
    values += [FacetValue(v, 0, True) for v in selected if v not in counts]
    values.sort(key=lambda fv: (-fv.count, fv.value))
    keep = values[: query_sql.MAX_FACET_VALUES]
    keep += [fv for fv in values[query_sql.MAX_FACET_VALUES :] if fv.selected]
    return keep


def _year_values(years: dict[str, int], year_from, year_to) -> list[FacetValue]:
    out = []
    for label, low, high in query_sql.YEAR_RANGES:
        selected = (low, high) == (year_from, year_to)
        if years.get(label) or selected:
            out.append(FacetValue(label, years.get(label, 0), selected))
    return out


def _empty(query, filters, facet_names, started) -> SearchResults:
    facets = {name: _facet_values({}, filters.get(name, [])) for name in facet_names}
    return SearchResults(
        query=query, total=0, hits=[], facets=facets, year_ranges=[], suggestion=None,
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def _checked_suggestion(text: str, kind: str) -> str | None:
    """A suggestion is only offered when it finds something."""
    from everyreader.search.suggest import suggest

    candidate = suggest(text, kind)
    if not candidate:
        return None
    groups = textlib.query_groups(candidate)
    if not groups:
        return None
    match_sql, match_params = get_backend().match_sql(groups, scored=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM ({match_sql} AND d.kind = %s) AS s LIMIT 1", [*match_params, kind]
        )
        return candidate if cursor.fetchone() else None
