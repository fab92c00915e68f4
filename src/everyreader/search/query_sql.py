"""Builds the one statement that answers a search: the page of hits, the total, the facet
counts (each facet counted with the other facets' filters applied) and the year ranges.

The matching set is computed once (a MATERIALIZED common table expression) and every part
reads from it. All values travel as parameters; only our own constants are part of the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

YEAR_RANGES = (("-1949", None, 1949), ("1950-1999", 1950, 1999), ("2000-2009", 2000, 2009),
               ("2010-", 2010, None))

PART_HIT, PART_TOTAL, PART_FACET, PART_YEAR = 0, 1, 2, 3
MAX_FACET_VALUES = 50


@dataclass
class Where:
    sql: str
    params: list


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _facet_condition(facet: str, values: list[str]) -> Where:
    return Where(
        "m.id IN (SELECT document_id FROM search_documentfacet "
        f"WHERE facet = %s AND value IN ({_marks(len(values))}))",
        [facet, *values],
    )


def _conditions(filters: dict[str, list[str]], year_from, year_to, *, skip_facet=None,
                with_year=True) -> Where:
    parts, params = [], []
    for facet, values in filters.items():
        if facet != skip_facet:
            cond = _facet_condition(facet, values)
            parts.append(cond.sql)
            params += cond.params
    if with_year and year_from is not None:
        parts.append("m.year >= %s")
        params.append(year_from)
    if with_year and year_to is not None:
        parts.append("m.year <= %s")
        params.append(year_to)
    return Where(" AND ".join(parts) or "1 = 1", params)


def build(match_sql: str, match_params: list, *, kind: str, filters: dict[str, list[str]],
          year_from, year_to, facet_names, limit: int, offset: int) -> tuple[str, list]:
    params: list = []
    # match_sql ends in a WHERE clause over the documents table aliased d.
    cte = f"WITH m AS MATERIALIZED ({match_sql} AND d.kind = %s)"
    params += [*match_params, kind]
    everything = _conditions(filters, year_from, year_to)
    branches: list[str] = []

    branches.append(
        "SELECT %s AS part, h.object_id AS n, CAST(h.score AS DOUBLE PRECISION) AS score, "
        "CAST(NULL AS TEXT) AS a, CAST(NULL AS TEXT) AS b, h.pos AS pos FROM ("
        "SELECT m.object_id, m.score, ROW_NUMBER() OVER "
        "(ORDER BY m.score DESC, m.sort_key, m.id) AS pos "
        f"FROM m WHERE {everything.sql} ORDER BY m.score DESC, m.sort_key, m.id "
        "LIMIT %s OFFSET %s) AS h"
    )
    params += [PART_HIT, *everything.params, limit, offset]

    branches.append(f"SELECT %s, COUNT(*), 0, NULL, NULL, 0 FROM m WHERE {everything.sql}")
    params += [PART_TOTAL, *everything.params]

    unselected = [f for f in facet_names if f not in filters]
    if unselected:
        branches.append(
            "SELECT %s, COUNT(*), 0, f.facet, f.value, 0 FROM m "
            "JOIN search_documentfacet f ON f.document_id = m.id "
            f"WHERE {everything.sql} AND f.facet IN ({_marks(len(unselected))}) "
            "GROUP BY f.facet, f.value"
        )
        params += [PART_FACET, *everything.params, *unselected]
    for facet in facet_names:
        if facet in filters:
            others = _conditions(filters, year_from, year_to, skip_facet=facet)
            branches.append(
                "SELECT %s, COUNT(*), 0, f.facet, f.value, 0 FROM m "
                "JOIN search_documentfacet f ON f.document_id = m.id "
                f"WHERE {others.sql} AND f.facet = %s GROUP BY f.facet, f.value"
            )
            params += [PART_FACET, *others.params, facet]

    no_year = _conditions(filters, year_from, year_to, with_year=False)
    cases, case_params = [], []
    for label, low, high in YEAR_RANGES:
        bounds = []
        if low is not None:
            bounds.append("m.year >= %s")
            case_params.append(low)
        if high is not None:
            bounds.append("m.year <= %s")
            case_params.append(high)
        cases.append(f"WHEN {' AND '.join(bounds)} THEN %s")
        case_params.append(label)
    branches.append(
        "SELECT %s, COUNT(*), 0, y.bucket, NULL, 0 FROM ("
        f"SELECT CASE {' '.join(cases)} END AS bucket FROM m "
        f"WHERE m.year IS NOT NULL AND {no_year.sql}) AS y "
        "WHERE y.bucket IS NOT NULL GROUP BY y.bucket"
    )
    params += [PART_YEAR, *case_params, *no_year.params]

    return cte + " " + " UNION ALL ".join(branches), params
