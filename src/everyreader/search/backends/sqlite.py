"""SQLite: an FTS5 table over the pre-analysed tokens, ranked with bm25 column weights.

Columns: title, authors, subjects, text (weighted 10, 5, 2, 1) and facets (weight 0: facet
filter tokens only filter, they never change the ranking)."""

from __future__ import annotations

from everyreader.core.text import QueryGroups
from everyreader.search.backends.base import (
    FIELD_WEIGHTS, AnalysedDocument, Backend, FacetClauses, facet_groups, render_query,
)

_WEIGHTS = ", ".join(str(w) for w in FIELD_WEIGHTS) + ", 0.0"


def _quote(token: str) -> str:
    return '"' + token + '"'


def fts_expression(groups: QueryGroups) -> str:
    return render_query(groups, quote=_quote, and_op=" AND ", or_op=" OR ")


class SqliteBackend(Backend):
    vendor = "sqlite"

    def upsert_documents_sql(self) -> str:
        return (
            "INSERT INTO search_indexeddocument (kind, object_id, year, sort_key, facet_set_id) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, object_id) DO UPDATE SET "
            "year = excluded.year, sort_key = excluded.sort_key, facet_set_id = excluded.facet_set_id"
        )

    def write_fulltext(self, cursor, docs_with_ids):
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, authors, subjects, text, facets) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [(pk, *(" ".join(f) for f in doc.fields), " ".join(doc.facet_tokens))
             for pk, doc, _ in docs_with_ids],
        )
        cursor.executemany(
            "INSERT OR REPLACE INTO search_fts_docs (id, kind, facet_set_id, year) "
            "VALUES (%s, %s, %s, %s)",
            [(pk, doc.kind, facet_set_id, doc.year) for pk, doc, facet_set_id in docs_with_ids],
        )

    def delete_fulltext(self, cursor, ids):
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM search_fts_docs WHERE id IN ({marks})", chunk)

    def counting_match_sql(self, groups):
        return (
            "SELECT d.facet_set_id, d.year FROM search_fts "
            "JOIN search_fts_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH %s",
            [_expression(groups, ())],
        )

    def _match_sql(self, groups: QueryGroups, clauses: FacetClauses, *, scored: bool,
                   title_only: bool):
        score = f"-bm25(search_fts, {_WEIGHTS})" if scored else "0.0"
        return (
            f"SELECT d.id, d.object_id, d.sort_key, d.year, d.facet_set_id, {score} AS score "
            "FROM search_fts JOIN search_indexeddocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s",
            [_expression(groups, clauses, title_only=title_only)],
        )

    kind_column = "f.kind"

    def count_matches(self, cursor, groups, clauses=()):
        # FTS5 counts a match from its doclists without visiting rows: exact and cheap
        cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s",
                       [_expression(groups, list(clauses))])
        return int(cursor.fetchone()[0])

    def scored_sql(self, groups, clauses=()):
        return (
            f"SELECT f.id, f.facet_set_id, f.year, -bm25(search_fts, {_WEIGHTS}) AS score "
            "FROM search_fts JOIN search_fts_docs f ON f.id = search_fts.rowid "
            "WHERE search_fts MATCH %s",
            [_expression(groups, list(clauses))],
        )

    def floor_sql(self, groups, clauses=(), *, page=None, ranked=False):
        if page is None:
            return ("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s",
                    [_expression(groups, clauses)])
        if ranked and groups:
            return (f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    f"ORDER BY bm25(search_fts, {_WEIGHTS}) LIMIT %s OFFSET %s",
                    [_expression(groups, clauses), *page])
        return ("SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT %s OFFSET %s",
                [_expression(groups, clauses), *page])

def _expression(groups: QueryGroups, clauses: FacetClauses, *, title_only: bool = False) -> str:
    parts = []
    if groups:
        text = fts_expression(groups)
        parts.append(f"title : ({text})" if title_only else text)
    if clauses:
        parts.append(fts_expression(facet_groups(clauses)))
    return " AND ".join(parts)
