"""Builds the one statement that answers a search: the page of hits, the total, the facet
counts (each facet counted with the other facets' filters applied) and the year ranges.

The documents matching the *text* are grouped once by facet set (``g``: set id, whether the
year filter holds, how many documents). A facet set is a distinct combination of facet values
and year range (search.models.FacetSet, its values as rows in FacetSetValue), so every filter
holds for all documents of a set or for none: ``s`` adds one flag per filtered facet (an index
lookup per set in FacetSetValue), the total is a sum over ``s``, and the sets that count
anywhere (failing at most one filter) are returned with their packed values, which
selectors.search adds up into the counts of each facet (with the *other* facets' filters) and
the year ranges (without the year filter) -- no document is matched twice. Browsing (no text)
reads the sets' own document counts instead (no scan). The facet filter tokens in the
full-text index are used to find the page of a narrow filtered browse and, when selective, to
rank a filtered text query.

The page of a browse (text searches: search.query_text): by sort key, walking the sort index
when at least WALK_MIN_DOCUMENTS documents pass the filters, otherwise matching the filter
tokens and sorting those few. Which branch runs is decided inside the statement from the total:
the other branch gets a LIMIT of 0, which both SQLite and PostgreSQL check before running it.

All values travel as parameters; only our own constants are part of the SQL.

Result rows: (part, n, score, a, b) where
  PART_HIT:   n = object_id, score, a = sort_key, b = document id (text)  -- the page, any order
  PART_TOTAL: n = total
  PART_SET:   n = matched documents of one facet set, score = bit mask (bit 0: the year filter
     holds, bit i + 1: filter i holds), a = packed facet values, b = year range label
"""

from __future__ import annotations

YEAR_RANGES = (("-1949", None, 1949), ("1950-1999", 1950, 1999), ("2000-2009", 2000, 2009),
               ("2010-", 2010, None))


def year_range(year: int | None) -> str:
    """The label of the range a year falls in ("" without a year)."""
    if year is None:
        return ""
    for label, low, high in YEAR_RANGES:
        if (low is None or year >= low) and (high is None or year <= high):
            return label
    return ""


PART_HIT, PART_TOTAL, PART_SET = 0, 1, 2
MAX_FACET_VALUES = 50
WALK_MIN_DOCUMENTS = 2_000

_HIT_COLUMNS = (
    f"SELECT {PART_HIT} AS part, h.object_id AS n, CAST(h.score AS DOUBLE PRECISION) AS score, "
    "h.sort_key AS a, CAST(h.id AS TEXT) AS b FROM ("
)


def _year_sql(column: str, year_from, year_to) -> tuple[str, list]:
    conditions, params = [], []
    if year_from is not None:
        conditions.append(f"{column} >= %s")
        params.append(year_from)
    if year_to is not None:
        conditions.append(f"{column} <= %s")
        params.append(year_to)
    return " AND ".join(conditions), params


def aligned_year_range(year_from, year_to) -> str | None:
    """The label when the year filter is exactly one of the ranges (then the facet sets know)."""
    for label, low, high in YEAR_RANGES:
        if (low, high) == (year_from, year_to):
            return label
    return None


def year_flag(column: str, year_from, year_to) -> tuple[str, list]:
    """1 when the year filter holds for the row (always 1 without a year filter)."""
    year_sql, year_params = _year_sql(column, year_from, year_to)
    return (f"CASE WHEN {year_sql} THEN 1 ELSE 0 END", year_params) if year_sql else ("1", [])


def _grouped(kind, year_from, year_to) -> tuple[str, list]:
    """g for browsing: (set_id, y, n, packed, year_range) -- documents per facet set and
    whether the year filter holds, from the sets' own counts when the year filter is absent or
    one of the ranges (no scan)."""
    label = aligned_year_range(year_from, year_to)
    if (year_from is None and year_to is None) or label is not None:
        flag = "CASE WHEN fs.year_range = %s THEN 1 ELSE 0 END" if label else "1"
        return (
            f"SELECT fs.id AS set_id, {flag} AS y, fs.documents AS n, fs.packed, fs.year_range "
            "FROM search_facetset fs "
            "WHERE fs.kind = %s AND fs.documents > 0",
            [label, kind] if label else [kind],
        )
    flag, flag_params = year_flag("m.year", year_from, year_to)
    return (
        "SELECT x.set_id, x.y, x.n, fs.packed, fs.year_range FROM ("
        f"SELECT m.facet_set_id AS set_id, {flag} AS y, COUNT(*) AS n "
        "FROM search_indexeddocument m WHERE m.kind = %s GROUP BY 1, 2) AS x "
        "CROSS JOIN search_facetset fs WHERE fs.id = x.set_id",
        [*flag_params, kind],
    )


def _flag(number: int, values: list[str]) -> tuple[str, list]:
    """1 when the set has one of the values: the sets with them are read once from the value
    index (search_fsv_value), not looked up set by set."""
    marks = ", ".join(["%s"] * len(values))
    return (
        "CASE WHEN g.set_id IN (SELECT v.facet_set_id FROM search_facetsetvalue v "
        f"WHERE v.facet = %s AND v.value IN ({marks})) THEN 1 ELSE 0 END AS f{number}",
        values,
    )


def sets_and_total(g_sql: str, g_params: list, clauses) -> tuple[list[str], list, callable]:
    """The CTEs s (g with one flag per filter) and t (total with every filter, matched without
    them), their parameters, and passing(skip): the SQL condition "every filter but skip"."""
    flags, flag_params = [], []
    for number, (facet, values) in enumerate(clauses):
        sql, params = _flag(number, values)
        flags.append(sql)
        flag_params += [facet, *params]
    if flags:
        ctes = [f"g AS MATERIALIZED ({g_sql})",
                "s AS MATERIALIZED (SELECT g.set_id, g.y, g.n, g.packed, g.year_range"
                + "".join(", " + f for f in flags) + " FROM g)"]
    else:
        ctes = [f"s AS MATERIALIZED ({g_sql})"]

    def passing(skip: int | None = None) -> str:
        return " AND ".join([f"s.f{i} = 1" for i in range(len(clauses)) if i != skip] or ["1 = 1"])

    ctes.append(
        "t AS MATERIALIZED (SELECT "
        f"CAST(COALESCE(SUM(CASE WHEN {passing()} THEN s.n ELSE 0 END), 0) AS BIGINT) AS total, "
        "CAST(COALESCE(SUM(s.n), 0) AS BIGINT) AS matched FROM s WHERE s.y = 1)"
    )
    return ctes, [*g_params, *flag_params], passing


def count_branches(clauses) -> list[str]:
    """The total, and the facet sets that count anywhere (failing at most one filter), with the
    year flag and the filter flags as a bit mask (bit 0: year, bit i + 1: filter i);
    selectors.search adds their values up, which is cheaper than a join with one row per value."""
    mask = " + ".join(["s.y"] + [f"{2 ** (i + 1)} * s.f{i}" for i in range(len(clauses))])
    failing = " + ".join([f"(1 - s.f{i})" for i in range(len(clauses))]) or "0"
    return [
        f"SELECT {PART_TOTAL}, t.total, 0.0, NULL, NULL FROM t",
        f"SELECT {PART_SET}, s.n, CAST({mask} AS DOUBLE PRECISION), s.packed, s.year_range "
        f"FROM s WHERE {failing} <= 1",
    ]


def build(backend, *, kind: str, filters: dict[str, list[str]], year_from, year_to,
          limit: int, offset: int) -> tuple[str, list]:
    """The statement of a browse (no text); text searches: search.query_text."""
    clauses = list(filters.items())
    g_sql, g_params = _grouped(kind, year_from, year_to)
    ctes, cte_params, passing = sets_and_total(g_sql, g_params, clauses)
    hit_sql, hit_params = _browse_hits(backend, kind, clauses, year_from, year_to, limit, offset)
    return ("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(hit_sql + count_branches(clauses)),
            cte_params + hit_params)


def _guarded(condition: str) -> str:
    """A LIMIT of %s rows when the condition on t holds, else 0: both engines compute a LIMIT
    once before running the branch, and a LIMIT of 0 runs nothing."""
    return f"(CASE WHEN (SELECT {condition} FROM t) THEN %s ELSE 0 END)"


def value_exists(clauses) -> tuple[list[str], list]:
    """Per filter: the document's facet set has one of the values (an index lookup per row,
    whatever the planner estimates)."""
    conditions, params = [], []
    for facet, values in clauses:
        conditions.append(
            "EXISTS (SELECT 1 FROM search_facetsetvalue v WHERE v.facet_set_id = d.facet_set_id "
            f"AND v.facet = %s AND v.value IN ({', '.join(['%s'] * len(values))}))"
        )
        params += [facet, *values]
    return conditions, params


def _browse_hits(backend, kind, clauses, year_from, year_to, limit, offset):
    """The branches that find the page of a browse (each guarded by a condition on the total)."""
    collate = backend.binary_collation
    year_sql, year_params = _year_sql("d.year", year_from, year_to)
    base = " AND ".join(["d.kind = %s"] + ([year_sql] if year_sql else []))
    base_params = [kind, *year_params]
    exists, exists_params = value_exists(clauses)
    walk = (
        _HIT_COLUMNS + "SELECT d.id, d.object_id, 0.0 AS score, d.sort_key "
        f"FROM search_indexeddocument d WHERE {' AND '.join([base, *exists])} "
        f"ORDER BY d.sort_key{collate}, d.id "
        f"LIMIT {_guarded(f't.total >= {WALK_MIN_DOCUMENTS}') if clauses else '%s'} OFFSET %s) AS h"
    )
    if not clauses:
        return [walk], [*base_params, limit, offset]
    match, match_params = backend.match_sql((), clauses, scored=False)
    narrow = (
        _HIT_COLUMNS + f"SELECT m.id, m.object_id, 0.0 AS score, m.sort_key FROM ({match} "
        f"AND {base}) AS m ORDER BY m.sort_key{collate}, m.id "
        f"LIMIT {_guarded(f't.total < {WALK_MIN_DOCUMENTS}')} OFFSET %s) AS h"
    )
    return [walk, narrow], [*base_params, *exists_params, limit, offset,
                            *match_params, *base_params, limit, offset]


def second_tier(backend, groups, *, kind: str, filters: dict[str, list[str]], year_from,
                year_to) -> list[tuple[str, list]]:
    """For a broad query whose page reaches past the first tier: the whole first tier (in its
    order) and the best-ranked matches overall (the caller appends the LIMIT parameter: enough
    rows to fill the page once the first tier's documents are taken out)."""
    year_sql, year_params = _year_sql("d.year", year_from, year_to)
    conditions, params = ["d.kind = %s"], [kind]
    if year_sql:
        conditions.append(year_sql)
        params += year_params
    exists, exists_params = value_exists(list(filters.items()))
    conditions += exists
    params += exists_params
    out = []
    for title_only in (True, False):
        match, match_params = backend.match_sql(groups, title_only=title_only)
        sql = (f"SELECT m.id, m.object_id, m.score, m.sort_key FROM ({match} AND "
               f"{' AND '.join(conditions)}) AS m ORDER BY m.score DESC, "
               f"m.sort_key{backend.binary_collation}, m.id")
        out.append((sql if title_only else sql + " LIMIT %s", [*match_params, *params]))
    return out
