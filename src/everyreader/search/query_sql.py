"""Builds the one statement that answers a search: the page of hits, the total, the facet
counts (each facet counted with the other facets' filters applied) and the year ranges.

Each distinct set of filters is matched once, in a MATERIALIZED common table expression: ``m``
with every filter; ``m1``, ``m2``... without one selected facet each (for that facet's counts);
``my`` without the year filter (for the year ranges). Facet filters are part of the full-text
match (backends/base.py); counts join the matched documents to their facet rows. All values
travel as parameters; only our own constants are part of the SQL.
"""

from __future__ import annotations

YEAR_RANGES = (("-1949", None, 1949), ("1950-1999", 1950, 1999), ("2000-2009", 2000, 2009),
               ("2010-", 2010, None))

PART_HIT, PART_TOTAL, PART_FACET, PART_YEAR = 0, 1, 2, 3
MAX_FACET_VALUES = 50


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


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
    branches: list[str] = []
    params: list = []

    branches.append(
        "SELECT %s AS part, h.object_id AS n, CAST(h.score AS DOUBLE PRECISION) AS score, "
        "CAST(NULL AS TEXT) AS a, CAST(NULL AS TEXT) AS b, h.pos AS pos FROM ("
        "SELECT m.object_id, m.score, ROW_NUMBER() OVER "
        "(ORDER BY m.score DESC, m.sort_key, m.id) AS pos "
        f"FROM {m} AS m ORDER BY m.score DESC, m.sort_key, m.id LIMIT %s OFFSET %s) AS h"
    )
    params += [PART_HIT, limit, offset]
    branches.append(f"SELECT %s, COUNT(*), 0, NULL, NULL, 0 FROM {m}")
    params += [PART_TOTAL]

    def counts(source: str, facets: list[str]) -> None:
        branches.append(
            "SELECT %s, COUNT(*), 0, f.facet, f.value, 0 FROM "
            f"{source} AS s CROSS JOIN search_documentfacet f "
            f"WHERE f.document_id = s.id AND f.facet IN ({_marks(len(facets))}) "
            "GROUP BY f.facet, f.value"
        )
        params.extend([PART_FACET, *facets])

    unselected = [f for f in facet_names if f not in filters]
    if unselected:
        counts(m, unselected)
    for number, facet in enumerate(f for f in facet_names if f in filters):
        others = [(f, v) for f, v in all_clauses if f != facet]
        counts(matched(f"m{number}", others, with_year=True), [facet])

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
        "SELECT %s, COUNT(*), 0, y.bucket, NULL, 0 FROM ("
        f"SELECT CASE {' '.join(cases)} END AS bucket FROM {source} AS s "
        "WHERE s.year IS NOT NULL) AS y WHERE y.bucket IS NOT NULL GROUP BY y.bucket"
    )
    params += [PART_YEAR, *case_params]
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches), cte_params + params
