"""The statements of a text search (browsing without text: query_sql.build).

selectors.search first asks the engine how many documents match the text (backend.count_sql:
exact and cheap in FTS5, stopped at BROAD_MATCHES + 1 on PostgreSQL). Then:

  * at most BROAD_MATCHES matches -- ``exact``: one statement matches and ranks the text once
    (``m``: id, facet set, year and bm25 / ts_rank_cd score, materialised), counts the facet
    sets from ``m`` and joins only the page's rows (the rows scoring at least the score of the
    (offset + limit)-th best) to the documents for their sort keys. Totals and counts are exact.
  * more (a very common word) -- ``broad``: the facet counts and the total are estimated from
    the first SAMPLE matches in the engine's order, scaled to the number of matches (exact on
    SQLite, the planner's estimate on PostgreSQL), and labelled as estimates
    (SearchResults.estimated). The page is the first tier -- documents whose title matches the
    whole query, ranked by that title match, or with filters the engine's intersection of text
    and filter tokens ranked in full when that is at most RANK_ALL (selectors.search
    fetches the second tier when a page reaches past the first).

Result rows as in query_sql (PART_HIT, PART_TOTAL, PART_SET).
"""

from __future__ import annotations

from everyreader.search import query_sql as q

BROAD_MATCHES = 10_000
SAMPLE = 5_000
RANK_ALL = 10_000  # a broad query's filtered intersection up to this size is ranked in full
PART_SAMPLED = 4  # n = how many matches (of any kind) the sample holds
PART_EXACT_TOTAL = 3  # n = the exact total (broad, filtered, intersection ranked in full)


def _hit_page(backend, source: str, limit: int, offset: int) -> tuple[str, list]:
    """The page from a materialised (id, score) CTE ``source``: the rows scoring at least the
    (offset + limit)-th best score (ties included), joined to the documents, in the full order."""
    collate = backend.binary_collation
    return (
        q._HIT_COLUMNS + "SELECT d.id, d.object_id, p.score, d.sort_key FROM "
        f"{source} AS p CROSS JOIN search_indexeddocument d WHERE d.id = p.id AND p.score >= "
        f"(SELECT MIN(k.score) FROM (SELECT c.score FROM {source} AS c ORDER BY c.score DESC "
        "LIMIT %s) AS k) "
        f"ORDER BY p.score DESC, d.sort_key{collate}, d.id LIMIT %s OFFSET %s) AS h",
        [offset + limit, limit, offset],
    )


def build_exact(backend, groups, *, kind: str, filters: dict[str, list[str]], year_from,
                year_to, limit: int, offset: int) -> tuple[str, list]:
    clauses = list(filters.items())
    scored, scored_params = backend.scored_sql(groups)
    flag, flag_params = q.year_flag("m.year", year_from, year_to)
    g_sql = (
        "SELECT x.set_id, x.y, x.n, fs.packed, fs.year_range FROM ("
        f"SELECT m.facet_set_id AS set_id, {flag} AS y, COUNT(*) AS n FROM m GROUP BY 1, 2) AS x "
        "CROSS JOIN search_facetset fs WHERE fs.id = x.set_id"
    )
    ctes, cte_params, passing = q.sets_and_total(g_sql, flag_params, clauses)
    keep = [] if flag == "1" else [f"{flag} = 1"]
    keep_params = [] if flag == "1" else list(flag_params)
    if clauses:
        keep.append(f"m.facet_set_id IN (SELECT s.set_id FROM s WHERE {passing()})")
    ctes = [f"m AS MATERIALIZED ({scored} AND {backend.kind_column} = %s)", *ctes]
    if keep:  # the matches passing the filters and the year filter
        ctes.append("p AS MATERIALIZED (SELECT m.id, m.score FROM m WHERE "
                    + " AND ".join(keep) + ")")
    hit_sql, hit_params = _hit_page(backend, "p" if keep else "m", limit, offset)
    return (
        "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join([hit_sql, *q.count_branches(clauses)]),
        [*scored_params, kind, *cte_params, *keep_params, *hit_params],
    )


def build_broad(backend, groups, *, kind: str, filters: dict[str, list[str]], year_from,
                year_to, limit: int, offset: int, title_tier: bool) -> tuple[str, list]:
    """Counts from the first SAMPLE text matches (the caller scales them); the page from the
    title tier (title_tier) or from the full ranking of the text and filter tokens."""
    clauses = list(filters.items())
    match, match_params = backend.counting_match_sql(groups)
    flag, flag_params = q.year_flag("m.year", year_from, year_to)
    g_sql = (
        "SELECT x.set_id, x.y, x.n, fs.packed, fs.year_range FROM ("
        f"SELECT m.facet_set_id AS set_id, {flag} AS y, COUNT(*) AS n "
        "FROM smp AS m GROUP BY 1, 2) AS x "
        "CROSS JOIN search_facetset fs WHERE fs.id = x.set_id AND fs.kind = %s"
    )
    ctes, cte_params, _passing = q.sets_and_total(g_sql, [*flag_params, kind], clauses)
    ctes.insert(0, "smp AS MATERIALIZED (SELECT a.facet_set_id, a.year "
                   f"FROM ({match}) AS a LIMIT %s)")
    cte_params = [*match_params, SAMPLE, *cte_params]
    tail = [*q.count_branches(clauses), f"SELECT {PART_SAMPLED}, COUNT(*), 0.0, NULL, NULL FROM smp"]
    if not title_tier:  # the intersection of text and filter tokens, ranked in full and counted
        scored, scored_params = backend.scored_sql(groups, clauses)
        flag, year_params = q.year_flag("r.year", year_from, year_to)
        keep = f" WHERE {flag} = 1" if year_params else ""
        ctes.append(f"r AS MATERIALIZED ({scored} AND {backend.kind_column} = %s)")
        ctes.append(f"p AS MATERIALIZED (SELECT r.id, r.score FROM r{keep})")
        hit_sql, hit_params = _hit_page(backend, "p", limit, offset)
        tail.append(f"SELECT {PART_EXACT_TOTAL}, COUNT(*), 0.0, NULL, NULL FROM p")
        return ("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join([hit_sql, *tail]),
                [*cte_params, *scored_params, kind, *year_params, *hit_params])
    year_sql, year_params = q._year_sql("d.year", year_from, year_to)
    where = " AND ".join(["d.kind = %s"] + ([year_sql] if year_sql else []))
    ranked, ranked_params = backend.match_sql(groups, clauses, title_only=True)
    hit_sql = (
        q._HIT_COLUMNS + f"SELECT m.id, m.object_id, m.score, m.sort_key FROM ({ranked} AND "
        f"{where}) AS m ORDER BY m.score DESC, m.sort_key{backend.binary_collation}, m.id "
        "LIMIT %s OFFSET %s) AS h"
    )
    return ("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join([hit_sql, *tail]),
            [*cte_params, *ranked_params, kind, *year_params, limit, offset])
