"""Builds the one statement that answers a search: the page of hits, the total, the facet
counts (each facet counted with the other facets' filters applied) and the year ranges.

Each distinct set of filters is matched once, in a MATERIALIZED common table expression: ``m``
with every filter; ``m0``, ``m1``... without one selected facet each (for that facet's counts);
``my`` without the year filter (for the year ranges). Facet filters are part of the full-text
match (backends/base.py). Counts group the matched documents by facet set (an integer: a
distinct combination of facet values and year range, search.models.FacetSet) and Python adds
the sets' values up. A source with no text and no filter is the whole index: its counts are the
sets' own document counts, without a scan. All values travel as parameters; only our own
constants are part of the SQL.

Result rows: (part, n, score, a, b, c) where
  PART_HIT:   n = object_id, score, a = sort_key, b = document id (text)  -- the page, any order
  PART_TOTAL: n = total
  PART_FACET: n = documents, a = packed facet values, b = role, c = year range
     role ROLE_MAIN: counts for the unselected facets (and the years when no year filter),
     ROLE_YEARS: counts for the year ranges only, otherwise the name of the one facet counted.
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


PART_HIT, PART_TOTAL, PART_FACET = 0, 1, 2
ROLE_MAIN, ROLE_YEARS = "", "#years"
MAX_FACET_VALUES = 50


def build(backend, groups, *, kind: str, filters: dict[str, list[str]], year_from, year_to,
          facet_names, limit: int, offset: int) -> tuple[str, list]:
    ctes: list[str] = []
    cte_params: list = []
    branches: list[str] = []
    params: list = []
    has_year = year_from is not None or year_to is not None
    collate = backend.binary_collation

    def matched(name: str, clauses, *, with_year: bool, scored: bool = False) -> str | None:
        """A CTE of the matching documents, or None when that is the whole index."""
        if not groups and not clauses and not (with_year and has_year):
            return None
        sql, match_params = backend.match_sql(groups, clauses, scored=scored)
        conditions, extra = ["d.kind = %s"], [kind]
        if with_year and year_from is not None:
            conditions.append("d.year >= %s")
            extra.append(year_from)
        if with_year and year_to is not None:
            conditions.append("d.year <= %s")
            extra.append(year_to)
        ctes.append(f"{name} AS MATERIALIZED ({sql} AND {' AND '.join(conditions)})")
        cte_params.extend([*match_params, *extra])
        return name

    def counts(source: str | None, role: str) -> None:
        if source is None:
            branches.append(
                "SELECT %s, fs.documents, 0, fs.packed, %s, fs.year_range FROM search_facetset fs "
                "WHERE fs.kind = %s AND fs.documents > 0"
            )
            params.extend([PART_FACET, role, kind])
            return
        branches.append(
            "SELECT %s, g.n, 0, fs.packed, %s, fs.year_range FROM ("
            f"SELECT s.facet_set_id AS set_id, COUNT(*) AS n FROM {source} AS s "
            "GROUP BY s.facet_set_id) AS g JOIN search_facetset fs ON fs.id = g.set_id"
        )
        params.extend([PART_FACET, role])

    all_clauses = list(filters.items())
    m = matched("m", all_clauses, with_year=True, scored=True)
    hit_columns = (
        "SELECT %s AS part, h.object_id AS n, CAST(h.score AS DOUBLE PRECISION) AS score, "
        "h.sort_key AS a, CAST(h.id AS TEXT) AS b, CAST(NULL AS TEXT) AS c FROM ("
    )
    if m is None:  # browse everything: walk the sort index
        branches.append(
            hit_columns + "SELECT d.id, d.object_id, 0.0 AS score, d.sort_key "
            "FROM search_indexeddocument d WHERE d.kind = %s "
            f"ORDER BY d.sort_key{collate}, d.id LIMIT %s OFFSET %s) AS h"
        )
        params += [PART_HIT, kind, limit, offset]
    else:
        branches.append(
            hit_columns + f"SELECT m.id, m.object_id, m.score, m.sort_key FROM {m} AS m "
            f"ORDER BY m.score DESC, m.sort_key{collate}, m.id LIMIT %s OFFSET %s) AS h"
        )
        branches.append(f"SELECT %s, COUNT(*), 0, NULL, NULL, NULL FROM {m}")
        params += [PART_HIT, limit, offset, PART_TOTAL]

    counts(m, ROLE_MAIN)
    for number, facet in enumerate(f for f in facet_names if f in filters):
        others = [(f, v) for f, v in all_clauses if f != facet]
        counts(matched(f"m{number}", others, with_year=True), facet)
    if has_year:
        counts(matched("my", all_clauses, with_year=False), ROLE_YEARS)
    with_ctes = ("WITH " + ", ".join(ctes) + " ") if ctes else ""
    return with_ctes + " UNION ALL ".join(branches), cte_params + params
