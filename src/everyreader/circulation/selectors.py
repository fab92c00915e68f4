"""Reads of circulation: querysets with the joins their pages need."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from everyreader.circulation.models import (ACTIVE_HOLD_STATUSES, Fine, FineStatus, Hold, HoldStatus, Loan,
                                            LoanHistorySetting)


def _loans() -> QuerySet[Loan]:
    return Loan.objects.select_related("item__record", "branch")


def reader_current_loans(reader) -> QuerySet[Loan]:
    """The reader's open loans, soonest due first."""
    return _loans().filter(reader=reader, returned_at__isnull=True).order_by("due_at", "id")


def reader_holds(reader) -> QuerySet[Hold]:
    """The reader's active holds in queue order."""
    return Hold.objects.select_related("record", "pickup_branch", "item").filter(
        reader=reader, status__in=ACTIVE_HOLD_STATUSES).order_by("placed_at", "id")


def keeps_history(reader) -> bool:
    return LoanHistorySetting.objects.filter(reader=reader, keep_history=True).exists()


def reader_loan_history(reader) -> QuerySet[Loan]:
    """Returned loans, only if the reader opted in to keep their history (else an empty queryset)."""
    if not keeps_history(reader):
        return Loan.objects.none()
    return _loans().filter(reader=reader, returned_at__isnull=False).order_by("-returned_at", "-id")


def item_current_loan(item) -> Loan | None:
    return _loans().select_related("reader").filter(item=item, returned_at__isnull=True).first()


def holds_to_pull(branch=None) -> QuerySet[Hold]:
    """The pick list: waiting holds with a copy set aside that is still on the shelf."""
    qs = Hold.objects.select_related("record", "item__branch", "pickup_branch", "reader").filter(
        status=HoldStatus.WAITING, item__isnull=False, item__status="available")
    if branch is not None:
        qs = qs.filter(item__branch=branch)
    return qs.order_by("placed_at", "id")


def hold_shelf(branch=None) -> QuerySet[Hold]:
    """Holds ready to collect (on the hold shelf), the ones expiring soonest first."""
    qs = Hold.objects.select_related("record", "item", "pickup_branch", "reader").filter(status=HoldStatus.READY)
    if branch is not None:
        qs = qs.filter(pickup_branch=branch)
    return qs.order_by("expires_at", "id")


def policy_matrix():
    """Every policy row, ordered category × format × branch, with the labels the table needs."""
    from everyreader.circulation.models import CirculationPolicy

    return CirculationPolicy.objects.select_related("branch").order_by(
        "reader_category", "format", "branch__name", "id")


def reader_refusal(reader) -> tuple[str, str] | None:
    """(code, translated reason) when the reader may not borrow, renew or place holds now; None when
    they may. services.check_reader raises it; the desk shows it among the reader's blocks."""
    if reader is None or reader.anonymised_at is not None:
        return "reader_erased", _("This reader's record has been erased.")
    if not reader.is_active:
        return "reader_blocked", _("This reader's card is blocked. Ask the reader to contact staff.")
    if reader.card_has_expired:
        # Seen by staff at the desk and by readers in /me/: plain words for both.
        return "card_expired", _("The library card expired on %(date)s. It can be renewed at any desk or by "
                                 "phone (a check of address and phone); until then no loans, renewals or "
                                 "holds.") % {"date": reader.card_expires.isoformat()}
    return None


def reader_blocks(reader) -> list[str]:
    """Translated reasons why the reader cannot borrow now (empty: they can). For the desk's alerts;
    checkout enforces the same rules (plus the item limit, which depends on the item's format)."""
    refusal = reader_refusal(reader)
    return [refusal[1]] if refusal else []


def unpaid_fines(branch=None) -> QuerySet[Fine]:
    qs = Fine.objects.filter(status=FineStatus.OUTSTANDING, reader__anonymised_at__isnull=True).select_related(
        "reader", "branch")
    if branch is not None:
        qs = qs.filter(branch=branch)
    return qs.order_by("assessed_at", "id")


def reader_overdue_count(reader, *, now=None) -> int:
    from django.utils import timezone

    return Loan.objects.filter(reader=reader, returned_at__isnull=True, due_at__lt=now or timezone.now()).count()
