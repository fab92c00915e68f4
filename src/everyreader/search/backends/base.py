"""What both backends share: the analysed form of a document and of a query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from everyreader.core.text import QueryGroups

_SAFE_TOKEN = re.compile(r"[^\W_]+")

# Relative weights of the four fields (title, authors, subjects, text).
FIELD_WEIGHTS = (10.0, 5.0, 2.0, 1.0)


@dataclass(frozen=True)
class AnalysedDocument:
    kind: str
    object_id: int
    year: int | None
    sort_key: str
    fields: tuple[list[str], list[str], list[str], list[str]]  # tokens of title/authors/subjects/text
    facets: tuple[tuple[str, str], ...]


def check_token(token: str) -> str:
    """Tokens come from core.text and only hold letters and digits; refuse anything else so that
    no character of user input can act as query syntax."""
    if not _SAFE_TOKEN.fullmatch(token):
        raise ValueError(f"unsafe search token {token!r}")
    return token


def render_query(groups: QueryGroups, *, quote, and_op: str, or_op: str) -> str:
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

    def upsert_documents_sql(self) -> str:
        raise RuntimeError("abstract")

    def document_row(self, doc: AnalysedDocument) -> tuple:
        return (doc.kind, doc.object_id, doc.year, doc.sort_key)

    def write_fulltext(self, cursor, docs_with_ids: list[tuple[int, AnalysedDocument]]) -> None:
        """Store the tokens of freshly (re)inserted documents."""

    def delete_fulltext(self, cursor, ids: list[int]) -> None:
        """Forget the tokens of these documents."""

    def match_sql(self, groups: QueryGroups) -> tuple[str, list]:
        """SELECT id, object_id, sort_key, year, score over documents matching the query
        (score: higher is better). The caller adds the kind and other filters."""
        raise RuntimeError("abstract")

    def floor_sql(self, groups: QueryGroups) -> tuple[str, list]:
        """The bare engine query (ids of matching rows), for benchmarks."""
        raise RuntimeError("abstract")
