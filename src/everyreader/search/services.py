"""Writes to the search index. Other apps call these inside their own transactions."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from everyreader.core import text as textlib
from everyreader.search import query_sql
from everyreader.search.backends import get_backend
from everyreader.search.backends.base import (
    FIELD_SEP, VALUE_SEP, AnalysedDocument, unpack_facets,
)
from everyreader.search.documents import SearchDocument, TextAnalysis

_CHUNK = 500


def analyse_text(document: SearchDocument) -> TextAnalysis:
    """The expensive, pure part of indexing (segmentation, pinyin, stemming): no database."""
    return TextAnalysis(
        fields=(
            textlib.index_tokens(document.title or "", pinyin=True),
            _tokens(document.authors, pinyin=True),
            _tokens(document.subjects),
            _tokens(document.text),
        ),
        vocabulary=tuple(sorted(set(textlib.title_vocabulary(document.title or "")))),
    )


def _text_analysis(document: SearchDocument) -> TextAnalysis:
    if document.analysis is None:
        document.analysis = analyse_text(document)
    return document.analysis


def analyse(document: SearchDocument) -> AnalysedDocument:
    facets = []
    for facet, values in (document.facets or {}).items():
        facet = _clean(facet, 30)
        for value in dict.fromkeys(_clean(v, 100) for v in values or ()):
            if facet and value:
                facets.append((facet, value))
    return AnalysedDocument(
        kind=document.kind,
        object_id=int(document.object_id),
        year=document.year,
        sort_key=(document.sort_key or textlib.sort_key(document.title or ""))[:200],
        fields=_text_analysis(document).fields,
        facets=tuple(sorted(facets)),
    )


def _clean(value, length: int) -> str:
    value = str(value)
    if FIELD_SEP in value or VALUE_SEP in value:
        value = value.replace(FIELD_SEP, " ").replace(VALUE_SEP, " ")
    return value.strip()[:length]


def _tokens(values, *, pinyin=False) -> list[str]:
    if isinstance(values, str):
        values = [values]
    tokens: list[str] = []
    for value in values or ():
        if value:
            tokens.extend(textlib.index_tokens(value, pinyin=pinyin))
    return tokens


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def _existing(cursor, kind: str, object_ids: list[int]) -> dict[int, tuple[int, int | None]]:
    """object_id -> (document id, facet set id) for the documents already indexed."""
    found: dict[int, tuple[int, int | None]] = {}
    for start in range(0, len(object_ids), _CHUNK):
        chunk = object_ids[start : start + _CHUNK]
        cursor.execute(
            "SELECT object_id, id, facet_set_id FROM search_indexeddocument "
            f"WHERE kind = %s AND object_id IN ({_marks(len(chunk))})",
            [kind, *chunk],
        )
        found.update((object_id, (pk, fs)) for object_id, pk, fs in cursor.fetchall())
    return found


def _facet_set_key(kind: str, packed: str, year_range: str) -> str:
    return hashlib.blake2b(f"{kind}\x00{year_range}\x00{packed}".encode(), digest_size=16).hexdigest()


def _facet_sets(cursor, kind: str, docs: list[AnalysedDocument]) -> dict[tuple[str, str], int]:
    """(packed facets, year range) -> facet set id, creating the sets that are new."""
    wanted = {(d.packed_facets, query_sql.year_range(d.year)) for d in docs}
    rows = [(kind, _facet_set_key(kind, p, y), p, y) for p, y in sorted(wanted)]
    cursor.executemany(
        "INSERT INTO search_facetset (kind, key, packed, year_range, documents) "
        "VALUES (%s, %s, %s, %s, 0) ON CONFLICT (key) DO NOTHING",
        rows,
    )
    ids: dict[str, int] = {}
    for start in range(0, len(rows), _CHUNK):
        keys = [r[1] for r in rows[start : start + _CHUNK]]
        cursor.execute(
            f"SELECT key, id FROM search_facetset WHERE key IN ({_marks(len(keys))})", keys
        )
        ids.update(cursor.fetchall())
    _write_set_values(cursor, [(ids[k], p) for _, k, p, _ in rows if p])
    return {(p, y): ids[k] for _, k, p, y in rows}


def _write_set_values(cursor, sets: list[tuple[int, str]]) -> None:
    """The facet values of each set as rows (search_facetsetvalue), for the sets without them."""
    have: set[int] = set()
    for start in range(0, len(sets), _CHUNK):
        chunk = [pk for pk, _ in sets[start : start + _CHUNK]]
        cursor.execute(
            "SELECT DISTINCT facet_set_id FROM search_facetsetvalue "
            f"WHERE facet_set_id IN ({_marks(len(chunk))})", chunk,
        )
        have.update(row[0] for row in cursor.fetchall())
    rows = [(pk, facet, value) for pk, packed in sets if pk not in have
            for facet, value in unpack_facets(packed)]
    if rows:
        cursor.executemany(
            "INSERT INTO search_facetsetvalue (facet_set_id, facet, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (facet_set_id, facet, value) DO NOTHING",
            rows,
        )


def _count_sets(cursor, delta: Counter) -> None:
    changes = [(n, pk) for pk, n in sorted(delta.items()) if n and pk is not None]
    if changes:
        cursor.executemany(
            "UPDATE search_facetset SET documents = documents + %s WHERE id = %s", changes
        )


def _delete_ids(cursor, backend, ids: list[int]) -> None:
    backend.delete_fulltext(cursor, ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        cursor.execute(
            f"DELETE FROM search_indexeddocument WHERE id IN ({_marks(len(chunk))})", chunk
        )


def _write_batch(cursor, backend, batch: list[SearchDocument]) -> int:
    analysed: dict[tuple[str, int], AnalysedDocument] = {}
    vocabulary: Counter = Counter()
    for document in batch:
        doc = analyse(document)
        analysed[(doc.kind, doc.object_id)] = doc
        for term, word in _text_analysis(document).vocabulary:
            vocabulary[(doc.kind, term, word)] += 1
    by_kind: dict[str, list[AnalysedDocument]] = {}
    for doc in analysed.values():
        by_kind.setdefault(doc.kind, []).append(doc)
    for kind, docs in by_kind.items():
        object_ids = [d.object_id for d in docs]
        existing = _existing(cursor, kind, object_ids)
        if existing:
            backend.delete_fulltext(cursor, [pk for pk, _ in existing.values()])
        sets = _facet_sets(cursor, kind, docs)
        set_of = {d.object_id: sets[(d.packed_facets, query_sql.year_range(d.year))] for d in docs}
        delta = Counter(set_of.values())
        delta.subtract(Counter(fs for _, fs in existing.values()))
        _count_sets(cursor, delta)
        cursor.executemany(
            backend.upsert_documents_sql(),
            [backend.document_row(d, set_of[d.object_id]) for d in docs],
        )
        if existing and len(existing) == len(docs):
            ids = {object_id: pk for object_id, (pk, _) in existing.items()}
        else:
            ids = {object_id: pk for object_id, (pk, _) in _existing(cursor, kind, object_ids).items()}
        backend.write_fulltext(cursor, [(ids[d.object_id], d, set_of[d.object_id]) for d in docs])
    if vocabulary:
        cursor.executemany(
            "INSERT INTO search_term (kind, term, word, frequency) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (kind, term, word) DO UPDATE "
            "SET frequency = search_term.frequency + excluded.frequency",
            [(k, t, w, n) for (k, t, w), n in sorted(vocabulary.items())],
        )
    return len(analysed)


def index_documents(documents: Iterable[SearchDocument], *, batch_size: int = 1000) -> int:
    """Insert or replace documents (by kind + object_id). Returns how many were written.

    The fast bulk path used by MARC import: documents are analysed in Python and written with
    executemany, one transaction (or savepoint) per batch."""
    backend = get_backend()
    written = 0
    batch: list[SearchDocument] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            written += _flush(backend, batch)
            batch = []
    if batch:
        written += _flush(backend, batch)
    return written


def _flush(backend, batch) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        return _write_batch(cursor, backend, batch)


@transaction.atomic
def remove_documents(kind: str, object_ids: Iterable[int]) -> int:
    """Remove documents from the index. Returns how many were removed."""
    backend = get_backend()
    with connection.cursor() as cursor:
        existing = _existing(cursor, kind, list(dict.fromkeys(int(i) for i in object_ids)))
        if existing:
            _count_sets(cursor, _negative(fs for _, fs in existing.values()))
            _delete_ids(cursor, backend, [pk for pk, _ in existing.values()])
    return len(existing)


def _negative(set_ids) -> Counter:
    delta: Counter = Counter()
    delta.subtract(Counter(set_ids))
    return delta


@transaction.atomic
def clear(kind: str) -> int:
    """Remove every document of a kind (and its vocabulary). Returns how many were removed."""
    backend = get_backend()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM search_indexeddocument WHERE kind = %s", [kind])
        ids = [row[0] for row in cursor.fetchall()]
        if ids:
            _delete_ids(cursor, backend, ids)
        cursor.execute(
            "DELETE FROM search_facetsetvalue WHERE facet_set_id IN "
            "(SELECT id FROM search_facetset WHERE kind = %s)", [kind],
        )
        cursor.execute("DELETE FROM search_facetset WHERE kind = %s", [kind])
        cursor.execute("DELETE FROM search_term WHERE kind = %s", [kind])
    return len(ids)
