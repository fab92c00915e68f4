"""The reads of every checkout, in plain parameterised SQL.

At the desk's rate (hundreds of checkouts a second on two cores; bench/RESULTS.md) compiling these
small ORM queries costs four to six times the CPU of running them: about a fifth of a checkout.
So the hot path uses the literal SQL below. Each function names the ORM query it stands for,
returns the same model instances (columns it does not read are deferred, as with `.only()`),
binds every value as a parameter, runs unchanged on SQLite and PostgreSQL, and is checked against
its ORM twin in tests/test_desk_queries.py. Everything that writes stays in the ORM (services).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection

from everyreader.catalog.models import Item, Record
from everyreader.circulation.models import ACTIVE_HOLD_STATUSES, FineStatus, Hold
from everyreader.readers.models import Reader

_ITEM_BY_BARCODE = """
    SELECT i.id, i.record_id, i.barcode, i.branch_id, i.format, i.status, r.title AS record_title,
           r.format AS record_format
    FROM catalog_item i INNER JOIN catalog_record r ON r.id = i.record_id
    WHERE i.barcode = %s ORDER BY i.id LIMIT 1"""

_READER_BY_CARD = """
    SELECT id, card_number, category, is_active, card_expires, anonymised_at, user_id
    FROM readers_reader WHERE card_number = %s ORDER BY id LIMIT 1"""

_OPEN_LOANS = "SELECT COUNT(*) FROM circulation_loan WHERE reader_id = %s AND returned_at IS NULL"

_OPEN_LOANS_OF_FORMAT = """
    SELECT COUNT(*) FROM circulation_loan l INNER JOIN catalog_item i ON i.id = l.item_id
    WHERE l.reader_id = %s AND l.returned_at IS NULL AND i.format = %s"""

_FINES_DUE = "SELECT COALESCE(SUM(amount), 0) FROM circulation_fine WHERE reader_id = %s AND status = %s"

_LOCK_READER = "SELECT id FROM readers_reader WHERE id = %s FOR UPDATE"

_HOLDS_AT_CHECKOUT = f"""
    SELECT * FROM circulation_hold
    WHERE status IN ({", ".join(["%s"] * len(ACTIVE_HOLD_STATUSES))})
      AND (item_id = %s OR (reader_id = %s AND record_id = %s))"""


def _first(raw):
    return next(iter(raw), None)


def item_by_barcode(barcode: str) -> Item | None:
    """Item.objects.select_related("record").only(id, record_id, barcode, branch_id, format, status,
    record__title, record__format).filter(barcode=barcode).order_by("pk").first()"""
    item = _first(Item.objects.raw(_ITEM_BY_BARCODE, [(barcode or "").strip()]))
    if item is not None:
        item.record = Record.from_db(connection.alias, ["id", "title", "format"],
                                     [item.record_id, item.record_title, item.record_format])
    return item


def reader_by_card(card_number: str) -> Reader | None:
    """Reader.objects.only(id, card_number, category, is_active, card_expires, anonymised_at, user_id)
    .filter(card_number=card_number).first()"""
    return _first(Reader.objects.raw(_READER_BY_CARD, [(card_number or "").strip()]))


def reader_load(*, reader_id: int, format: str = "") -> tuple[int, Decimal]:
    """(Loan.objects.filter(reader_id=reader_id, returned_at__isnull=True[, item__format=format]).count(),
    fines.outstanding_total(reader_id)) in one round trip."""
    loans = _OPEN_LOANS_OF_FORMAT if format else _OPEN_LOANS
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({loans}), ({_FINES_DUE})",
                       [reader_id, *([format] if format else []), reader_id, FineStatus.OUTSTANDING.value])
        count, fines = cursor.fetchone()
    # SQLite sums decimals as floats: round back to cents.
    return count, Decimal(str(fines or 0)).quantize(Decimal("0.01"))


def lock_reader(reader_id: int) -> None:
    """Reader.objects.select_for_update().filter(pk=reader_id).exists(), on databases with row locks.

    Serialises one reader's checkouts and holds so that two desks cannot both pass the item or hold
    limit with the last free place. SQLite needs no lock: its write transactions already run one at
    a time (core.write_gate)."""
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_READER, [reader_id])


def holds_at_checkout(*, item: Item, reader_id: int) -> list[Hold]:
    """Active holds on this copy, or of this reader on its record:
    Hold.objects.filter(Q(item=item) | Q(reader_id=reader_id, record_id=item.record_id),
    status__in=ACTIVE_HOLD_STATUSES)"""
    return list(Hold.objects.raw(_HOLDS_AT_CHECKOUT, [*map(str, ACTIVE_HOLD_STATUSES), item.pk, reader_id, item.record_id]))
