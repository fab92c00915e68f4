"""Catalogue records -> search documents (the search app's contract: docs/catalog.md).

The catalogue calls these from its services, inside the same transaction as the change, so
the index never drifts from the records.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator

from everyreader.catalog.models import Item, Record
from everyreader.catalog.vocab import ItemStatus
from everyreader.search.documents import SearchDocument

KIND = "record"
AUTHOR_TAGS = {"100", "110", "111", "700", "710", "711"}
SUBJECT_TAGS = {"600", "610", "611", "630", "650", "651", "655"}
NOT_TEXT_TAGS = AUTHOR_TAGS | SUBJECT_TAGS | {"245"}


def item_facets(record_ids: Iterable[int]) -> dict[int, tuple[set[str], set[str]]]:
    """record id -> (item formats, codes of branches where an item is available): one query."""
    result: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    ids = list(record_ids)
    if not ids:
        return result
    rows = Item.objects.filter(record_id__in=ids).values_list("record_id", "format", "status", "branch__code")
    for record_id, fmt, status, branch in rows.iterator(chunk_size=2000):
        formats, available = result[record_id]
        formats.add(fmt)
        if status == ItemStatus.AVAILABLE:
            available.add(branch)
    return result


def build_document(record: Record, formats: set[str] = frozenset(), available: set[str] = frozenset()):
    ready = getattr(record, "search_document", None)
    if ready is not None:
        # built (and analysed) before the record was saved, by the MARC import's workers: only
        # the id, and the items' facets if it has items, are new
        facets = _facets(record, formats, available) if formats or available else ready.facets
        return dataclasses.replace(ready, object_id=record.pk, facets=facets)
    original = record.original_script or []
    title = record.title
    if record.title_original:
        title = f"{record.title} {record.title_original}"
    authors = [record.responsibility] if record.responsibility else []
    authors += list(record.contributors)
    if record.responsibility_original:
        authors.append(record.responsibility_original)
    authors += [o["text"] for o in original if o.get("tag") in AUTHOR_TAGS]
    subjects = list(record.subjects) + [o["text"] for o in original if o.get("tag") in SUBJECT_TAGS]
    text = [record.summary, record.publisher, record.series, record.edition, record.isbn, record.issn,
            record.accessibility_summary]
    text += [i.get("value", "") for i in record.identifiers]
    text += [o["text"] for o in original if o.get("tag") not in NOT_TEXT_TAGS]
    return SearchDocument(
        kind=KIND, object_id=record.pk, title=title, authors=[a for a in authors if a],
        subjects=subjects, text=[t for t in text if t], facets=_facets(record, formats, available),
        year=record.year, sort_key=record.work_key or record.title.casefold(),
    )


def _facets(record: Record, formats, available) -> dict[str, list[str]]:
    return {
        "format": sorted({record.format, *formats}),
        "feature": sorted(set(record.accessibility_features)),
        "language": [record.language] if record.language else [],
        "audience": [record.audience] if record.audience else [],
        "available_at": sorted(available),
    }


def build_documents(records: list[Record], *, with_items: bool = True) -> list:
    facets = item_facets(r.pk for r in records) if with_items else {}
    documents = []
    for record in records:
        formats, available = facets.get(record.pk, ((), ()))
        documents.append(build_document(record, set(formats), set(available)))
    return documents


def index_records(records: list[Record], *, with_items: bool = True) -> int:
    from everyreader.search import services as search_services

    if not records:
        return 0
    return search_services.index_documents(build_documents(records, with_items=with_items))


def reindex(record_ids: Iterable[int]) -> int:
    ids = list(record_ids)
    return index_records(list(Record.objects.filter(pk__in=ids).defer("marc")))


def remove(record_ids: Iterable[int]) -> int:
    from everyreader.search import services as search_services

    return search_services.remove_documents(KIND, list(record_ids))


def iter_batches(batch_size: int = 1000) -> Iterator[list[Record]]:
    """Every record in primary-key order, in batches (keyset pagination, constant memory)."""
    last = 0
    while True:
        batch = list(Record.objects.filter(pk__gt=last).defer("marc").order_by("pk")[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def rebuild(progress=None, batch_size: int = 1000) -> int:
    from everyreader.search import services as search_services

    search_services.clear(KIND)
    done = 0
    for batch in iter_batches(batch_size):
        done += index_records(batch)
        if progress:
            progress(len(batch))
    return done
