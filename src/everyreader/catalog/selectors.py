"""Reads for the catalogue: search through the search app, records with their items, imports."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from everyreader.catalog.models import ImportJob, Item, Record
from everyreader.catalog.vocab import ACCESSIBLE_FORMATS, ItemStatus

LIST_FIELDS = ("id", "title", "title_original", "responsibility", "responsibility_original", "publisher",
               "year", "language", "format", "braille_grade", "large_print_size", "accessibility_features",
               "audience", "summary", "work_key", "created_at", "isbn", "control_number")


def _items():
    return Prefetch("items", queryset=Item.objects.select_related("branch").order_by("branch__name", "barcode"))


def search(query):
    """Runs a search (search.selectors.SearchQuery) and returns (results, records of this page)."""
    from everyreader.search import selectors as search_selectors

    results = search_selectors.search(query)
    ids = [hit.object_id for hit in results.hits]
    by_id = {r.pk: r for r in Record.objects.filter(pk__in=ids).only(*LIST_FIELDS).prefetch_related(_items())}
    return results, [by_id[i] for i in ids if i in by_id]


def record_detail(pk: int) -> Record:
    return Record.objects.prefetch_related(_items()).get(pk=pk)


def other_editions(record: Record) -> QuerySet[Record]:
    """Other editions and formats of the same work ("also available as")."""
    if not record.work_key:
        return Record.objects.none()
    return (Record.objects.filter(work_key=record.work_key).exclude(pk=record.pk)
            .only(*LIST_FIELDS).order_by("format", "-year", "id"))


@dataclass
class BranchAvailability:
    branch: object
    total: int
    available: int
    items: list


def availability(record: Record) -> list[BranchAvailability]:
    """Items of a prefetched record grouped by branch."""
    groups: OrderedDict = OrderedDict()
    for item in record.items.all():
        group = groups.setdefault(item.branch_id, BranchAvailability(item.branch, 0, 0, []))
        group.total += 1
        group.available += item.status == ItemStatus.AVAILABLE
        group.items.append(item)
    return list(groups.values())


def staff_record_list(*, query: str = "", format: str = "") -> QuerySet[Record]:
    qs = Record.objects.only(*LIST_FIELDS).order_by("-created_at", "-id")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(title_original__icontains=query)
                       | Q(control_number=query) | Q(isbn=query.replace("-", ""))
                       | Q(items__barcode=query)).distinct()
    if format:
        qs = qs.filter(format=format)
    return qs


def records_for_export(ids: list[int] | None = None):
    qs = Record.objects.order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.iterator(chunk_size=1000)


def new_accessible_titles(limit: int = 50) -> QuerySet[Record]:
    return (Record.objects.filter(format__in=ACCESSIBLE_FORMATS).only(*LIST_FIELDS)
            .order_by("-created_at", "-id")[:limit])


def import_jobs() -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("started_by").order_by("-created_at", "-id")


def import_job_detail(pk: int) -> ImportJob:
    return ImportJob.objects.select_related("started_by").get(pk=pk)


def item_detail(pk: int) -> Item:
    return Item.objects.select_related("record", "branch").get(pk=pk)


def items_of(record_id: int) -> QuerySet[Item]:
    return Item.objects.filter(record_id=record_id).select_related("branch").order_by("branch__name", "barcode")
