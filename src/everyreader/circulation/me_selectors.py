"""Reads for the reader's own circulation pages."""

from __future__ import annotations

from everyreader.accounts.models import Branch
from everyreader.catalog.models import Record
from everyreader.circulation import selectors
from everyreader.circulation.models import ACTIVE_HOLD_STATUSES, Hold, HoldStatus


def holds_with_positions(reader) -> list[Hold]:
    """The reader's active holds; waiting ones get `position` in their title's queue (2 queries)."""
    holds = list(selectors.reader_holds(reader))
    waiting = {h.record_id for h in holds if h.status == HoldStatus.WAITING}
    queues: dict[int, list[int]] = {}
    if waiting:
        for record_id, pk in (Hold.objects.filter(record_id__in=waiting, status=HoldStatus.WAITING)
                              .order_by("placed_at", "id").values_list("record_id", "pk")):
            queues.setdefault(record_id, []).append(pk)
    for hold in holds:
        queue = queues.get(hold.record_id, [])
        hold.position = queue.index(hold.pk) + 1 if hold.pk in queue else None
    return holds


def own_active_hold(reader, pk: int) -> Hold | None:
    return Hold.objects.select_related("record").filter(pk=pk, reader=reader,
                                                        status__in=ACTIVE_HOLD_STATUSES).first()


def holdable_record(value) -> Record | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Record.objects.filter(pk=pk).first()


def pickup_branches():
    return Branch.objects.filter(is_active=True).order_by("name")
