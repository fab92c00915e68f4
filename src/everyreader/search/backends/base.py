"""What both backends share: the analysed form of a document and of a query."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass

from everyreader.core.text import QueryGroups

_SAFE_TOKEN = re.compile(r"[^\W_]+")

# Relative weights of the four text fields (title, authors, subjects, text).
FIELD_WEIGHTS = (10.0, 5.0, 2.0, 1.0)

# Facet filters are full-text tokens too ("zf" + a hash of facet and value), so that the engine
# intersects them with the text query (and a filtered browse is a single index lookup).
FacetClauses = list[tuple[str, list[str]]]


def facet_token(facet: str, value: str) -> str:
    digest = hashlib.blake2b(f"{facet}\x00{value}".encode(), digest_size=8).hexdigest()
    return "zf" + digest


@dataclass(frozen=True)
class AnalysedDocument:
    kind: str
    object_id: int
    year: int | None
    sort_key: str
    fields: tuple[list[str], list[str], list[str], list[str]]  # tokens of title/authors/subjects/text
    facets: tuple[tuple[str, str], ...]

    @property
    def facet_tokens(self) -> list[str]:
        return [facet_token(f, v) for f, v in self.facets]

    @property
    def packed_facets(self) -> str:
        return pack_facets(self.facets)


FIELD_SEP, VALUE_SEP = "\x1e", "\x1f"


def pack_facets(facets) -> str:
    """(("format", "print"), ("language", "chi")) -> "format\x1fprint\x1elanguage\x1fchi"."""
    return FIELD_SEP.join(f"{f}{VALUE_SEP}{v}" for f, v in sorted(facets))


@lru_cache(maxsize=65536)
def unpack_facets(packed: str) -> tuple[tuple[str, str], ...]:
    """The inverse of pack_facets (memoised: a pure function of an immutable string)."""
    return tuple(tuple(pair.partition(VALUE_SEP)[::2]) for pair in packed.split(FIELD_SEP)
                 if pair) if packed else ()


def check_token(token: str) -> str:
    """Tokens come from core.text and only hold letters and digits; refuse anything else so that
    no character of user input can act as query syntax."""
    if not _SAFE_TOKEN.fullmatch(token):
        raise ValueError(f"unsafe search token {token!r}")
    return token


def facet_groups(clauses: FacetClauses) -> QueryGroups:
    """Facet filters as query groups: OR within a facet, AND across facets."""
    return [[(facet_token(facet, v),) for v in values] for facet, values in clauses]


def render_query(groups: QueryGroups, *, quote, and_op: str, or_op: str) -> str:
    """Groups ANDed, alternatives within a group ORed; the top level is always an AND list."""
    parts = []
    for group in groups:
        alternatives = []
        for alternative in group:
            terms = [quote(check_token(t)) for t in alternative]
            alternatives.append(terms[0] if len(terms) == 1 else "(" + and_op.join(terms) + ")")
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + or_op.join(alternatives) + ")")
    return and_op.join(parts)


class Backend:
    vendor = ""
    browse_sql = (
        "SELECT d.id, d.object_id, d.sort_key, d.year, d.facet_set_id, 0.0 AS score "
        "FROM search_indexeddocument d WHERE 1 = 1"
    )

    def upsert_documents_sql(self) -> str:
        raise RuntimeError("abstract")

    # Rank a filtered text query's matches with the filter tokens in the full-text query (True),
    # or keep the matches whose facet set passes the filters (query_sql).
    filter_ranked_matches_by_tokens = False

    # Appended to ORDER BY sort_key so that both backends order titles by code point.
    binary_collation = ""

    def document_row(self, doc: AnalysedDocument, facet_set_id: int) -> tuple:
        return (doc.kind, doc.object_id, doc.year, doc.sort_key, facet_set_id)

    def write_fulltext(self, cursor,
                       docs_with_ids: list[tuple[int, AnalysedDocument, int]]) -> None:
        """Store the tokens of freshly (re)inserted documents: (document id, document,
        facet set id)."""

    def delete_fulltext(self, cursor, ids: list[int]) -> None:
        """Forget the tokens of these documents."""

    def match_sql(self, groups: QueryGroups, clauses: FacetClauses = (), *,
                  scored: bool = True, title_only: bool = False) -> tuple[str, list]:
        """SELECT id, object_id, sort_key, year, facet_set_id, score FROM documents d matching
        the text groups and the facet clauses (score: higher is better; 0 when there is no text). Ends in a
        WHERE clause so that the caller can add conditions on d. Unscored matches (for counting)
        skip the ranking function. ``title_only``: every text group must match in the title, and
        the score is that of the title alone (the first tier of a broad query, query_sql)."""
        if not groups and not clauses:
            return self.browse_sql, []
        return self._match_sql(groups, list(clauses), scored=scored and bool(groups),
                               title_only=title_only and bool(groups))

    def _match_sql(self, groups: QueryGroups, clauses: FacetClauses, *, scored: bool,
                   title_only: bool):
        raise RuntimeError("abstract")

    def counting_match_sql(self, groups: QueryGroups) -> tuple[str, list]:
        """SELECT facet_set_id, year of the documents matching the text (any kind: the caller
        checks the kind on the facet sets), for counting; the cheapest source of both."""
        sql, params = self.match_sql(groups, scored=False)
        return sql, params

    def count_matches(self, cursor, groups: QueryGroups, clauses: FacetClauses = ()) -> int:
        """How many documents (of any kind) match the text and facet filter tokens, to choose a
        plan: exact where the engine counts cheaply (FTS5), else the planner's estimate."""
        raise RuntimeError("abstract")

    # before_sample changes settings, which need a transaction of their own (not on SQLite:
    # there a transaction would be a write transaction, BEGIN IMMEDIATE, blocking writers)
    sample_settings = False

    def before_sample(self, cursor):
        """Settings for the statement that samples a broad query's matches (in a transaction);
        returns what after_sample needs to put them back."""

    def after_sample(self, cursor, previous) -> None:
        """Put the settings of before_sample back."""

    def scored_sql(self, groups: QueryGroups, clauses: FacetClauses = ()) -> tuple[str, list]:
        """SELECT id, facet_set_id, year, score of the documents matching the text (and the
        facet filter tokens, which never change the score), ranked in the engine (score: higher is better, DOUBLE PRECISION), ending in a WHERE clause to which
        the caller appends ``AND <kind column> = %s`` via ``kind_column``."""
        raise RuntimeError("abstract")

    kind_column = "d.kind"

    def floor_sql(self, groups: QueryGroups, clauses: FacetClauses = (), *,
                  page: tuple[int, int] | None = None, ranked: bool = False) -> tuple[str, list]:
        """The raw engine query for benchmarks, for the same text and facet filter tokens: how
        many documents match, or with page=(limit, offset) the ids of one page in the engine's
        own order (no ranking, no join, no facet counts); with ranked=True the page is the
        engine's own top ranked ids instead (bm25 / ts_rank_cd with the same weights)."""
        raise RuntimeError("abstract")
