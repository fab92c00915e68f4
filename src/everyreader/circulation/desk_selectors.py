"""Reads for the circulation desk pages: the reader panel in a fixed, small number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from everyreader.catalog.models import Item
from everyreader.circulation import fines, selectors
from everyreader.circulation.models import HoldStatus, Loan, Transfer
from everyreader.readers import selectors as reader_selectors
from everyreader.readers.models import Consent, ConsentPurpose, Reader


def desk_branch(user):
    """The branch the librarian works at (their own), or None: then the item's branch is used."""
    return getattr(user, "branch", None)


def desk_reader(pk: int) -> Reader | None:
    return (Reader.objects.select_related("home_branch")
            .prefetch_related(Prefetch("consents", queryset=Consent.objects.filter(
                purpose=ConsentPurpose.SENSITIVE_NEEDS, withdrawn_at__isnull=True), to_attr="valid_consents"))
            .filter(pk=pk, anonymised_at__isnull=True).first())


def item_by_barcode(barcode: str) -> Item | None:
    return Item.objects.select_related("record", "branch").filter(barcode=barcode.strip()).first()


def open_loans(reader) -> QuerySet[Loan]:
    return selectors.reader_current_loans(reader)


def reader_blocks(reader, loans, fines_total=0) -> list[str]:
    """Plain-language reasons the desk should stop and talk to the reader (checkout decides)."""
    blocks = list(selectors.reader_blocks(reader))
    if fines.is_blocking(fines_total):
        blocks.append(fines.blocking_message(fines_total))
    if reader.erasure_requested_at:
        blocks.append(_("The reader asked for their data to be deleted."))
    overdue = [loan for loan in loans if loan.is_overdue]
    if overdue:
        blocks.append(ngettext("%(n)s item is overdue: ask about it before lending more.",
                               "%(n)s items are overdue: ask about them before lending more.",
                               len(overdue)) % {"n": len(overdue)})
    return blocks


def reader_panel(reader) -> dict:
    """Loans, holds, unpaid fines, blocks and shared service preferences for the panel (4 queries)."""
    now = timezone.now()
    loans = list(open_loans(reader))
    for loan in loans:
        loan.is_overdue = loan.due_at < now
    holds = list(selectors.reader_holds(reader))
    ready = [h for h in holds if h.status == HoldStatus.READY]
    unpaid, fines_total = fines.unpaid_of(reader)
    return {
        "unpaid_fines": unpaid,
        "fines_total": fines.money(fines_total),
        "loans": loans,
        "overdue_count": sum(1 for loan in loans if loan.is_overdue),
        "ready_holds": ready,
        "other_holds": [h for h in holds if h.status != HoldStatus.READY],
        "blocks": reader_blocks(reader, loans, fines_total),
        "service_preferences": reader_selectors.reader_service_preferences(reader),
    }


def in_transit(branch=None, *, direction: str = "to") -> QuerySet[Transfer]:
    qs = Transfer.objects.filter(received_at__isnull=True).select_related(
        "item__record", "from_branch", "to_branch", "hold__reader", "hold__pickup_branch")
    if branch is not None:
        qs = qs.filter(**{f"{direction}_branch": branch})
    return qs.order_by("sent_at", "id")
