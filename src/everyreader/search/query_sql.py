"""Builds the one statement that answers a search: the page of hits, the total, the facet
counts (each facet counted with the other facets' filters applied) and the year ranges.

Each distinct set of filters is matched once, in a MATERIALIZED common table expression: ``m``
with every filter; ``m0``, ``m1``... without one selected facet each (for that facet's counts);
``my`` without the year filter (for the year ranges). Facet filters are part of the full-text
match (backends/base.py). Facet counts group the matched documents by their packed facet values
(few distinct combinations), which Python then adds up per value. All values travel as
parameters; only our own constants are part of the SQL.

Result rows: (part, n, score, a, b) where
  PART_HIT:   n = object_id, score, a = sort_key, b = id (as text)  -- the page, any order
  PART_TOTAL: n = total
  PART_FACET: n = count, a = packed facets, b = the facet this count is for ("" = unselected)
  PART_YEAR:  n = count, a = year range label
"""

from __future__ import annotations

YEAR_RANGES = (("-1949", None, 1949), ("1950-1999", 1950, 1999), ("2000-2009", 2000, 2009),
               ("2010-", 2010, None))

PART_HIT, PART_TOTAL, PART_FACET, PART_YEAR = 0, 1, 2, 3
MAX_FACET_VALUES = 50
UNSELECTED = ""


def build(backend, groups, *, kind: str, filters: dict[str, list[str]], year_from, year_to,
          facet_names, limit: int, offset: int) -> tuple[str, list]:
    ctes: list[str] = []
    cte_params: list = []

    def matched(name: str, clauses, *, with_year: bool) -> str:
        sql, params = backend.match_sql(groups, clauses)
        conditions, extra = ["d.kind = %s"], [kind]
        if with_year and year_from is not None:
            conditions.append("d.year >= %s")
            extra.append(year_from)
        if with_year and year_to is not None:
            conditions.append("d.year <= %s")
            extra.append(year_to)
        ctes.append(f"{name} AS MATERIALIZED ({sql} AND {' AND '.join(conditions)})")
        cte_params.extend([*params, *extra])
        return name

    all_clauses = list(filters.items())
    m = matched("m", all_clauses, with_year=True)
    collate = backend.binary_collation
    branches = [
        "SELECT %s AS part, h.object_id AS n, CAST(h.score AS DOUBLE PRECISION) AS score, "
        "h.sort_key AS a, CAST(h.id AS TEXT) AS b FROM ("
        f"SELECT m.id, m.object_id, m.score, m.sort_key FROM {m} AS m "
        f"ORDER BY m.score DESC, m.sort_key{collate}, m.id LIMIT %s OFFSET %s) AS h",
        f"SELECT %s, COUNT(*), 0, NULL, NULL FROM {m}",
    ]
    params: list = [PART_HIT, limit, offset, PART_TOTAL]

    if any(f not in filters for f in facet_names):
        branches.append(f"SELECT %s, COUNT(*), 0, s.facets, %s FROM {m} AS s GROUP BY s.facets")
        params += [PART_FACET, UNSELECTED]
    for number, facet in enumerate(f for f in facet_names if f in filters):
        source = matched(f"m{number}", [(f, v) for f, v in all_clauses if f != facet], with_year=True)
        branches.append(f"SELECT %s, COUNT(*), 0, s.facets, %s FROM {source} AS s GROUP BY s.facets")
        params += [PART_FACET, facet]

    has_year = year_from is not None or year_to is not None
    source = matched("my", all_clauses, with_year=False) if has_year else m
    cases, case_params = [], []
    for label, low, high in YEAR_RANGES:
        bounds = []
        if low is not None:
            bounds.append("s.year >= %s")
            case_params.append(low)
        if high is not None:
            bounds.append("s.year <= %s")
            case_params.append(high)
        cases.append(f"WHEN {' AND '.join(bounds)} THEN %s")
        case_params.append(label)
    branches.append(
        "SELECT %s, COUNT(*), 0, y.bucket, NULL FROM ("
        f"SELECT CASE {' '.join(cases)} END AS bucket FROM {source} AS s "
        "WHERE s.year IS NOT NULL) AS y WHERE y.bucket IS NOT NULL GROUP BY y.bucket"
    )
    params += [PART_YEAR, *case_params]
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches), cte_params + params
