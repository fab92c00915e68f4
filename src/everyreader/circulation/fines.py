"""Overdue fines: assessed when a late item comes back, paid or waived at the desk.

The loan's policy (category × format × the branch that lent it) decides: `fine_per_day` for every
day late once the lateness exceeds `grace_days` (returned within the grace days: nothing), at most
`max_fine` per item (0: no upper limit). Days are counted in local calendar days. The seeded
policies charge nothing, and no accessible format is ever fined unless a library sets it.

A reader whose unpaid fines reach EVERYREADER_FINE_BLOCK_AMOUNT (default 10.00; 0 = never) cannot
borrow or place holds until they pay or staff waive; renewing stays possible, so a fine never
makes an item later still. Paying needs circulation.change_fine (the desk); waiving needs
circulation.waive_fine (department heads, administrators) and a reason. Both are audited.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.circulation.models import Fine, FineStatus
from everyreader.circulation.policies import policy_for
from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.core.permissions import require_perm
from everyreader.readers.models import Reader

NOTE_MAX = 200


def block_amount() -> Decimal:
    """Unpaid fines from which a reader cannot borrow (0: fines never block)."""
    try:
        amount = Decimal(str(getattr(settings, "EVERYREADER_FINE_BLOCK_AMOUNT", "10.00")))
    except InvalidOperation:
        return Decimal("0")
    return max(amount, Decimal("0"))


def is_blocking(total) -> bool:
    limit = block_amount()
    return limit > 0 and Decimal(str(total or 0)) >= limit


def blocking_message(total) -> str:
    # Seen by staff at the desk and by readers in /me/: plain words for both.
    return _("%(total)s in unpaid fines (the limit is %(limit)s): no new loans or holds until they are paid at "
             "a desk or waived.") % {"total": money(total), "limit": money(block_amount())}


def money(value) -> str:
    return f"{Decimal(str(value or 0)).quantize(Decimal('0.01'))}"


def fine_due(policy, due_at, returned_at) -> tuple[int, Decimal]:
    """(days late, amount) for a loan due at `due_at` and returned at `returned_at`."""
    days = (timezone.localdate(returned_at) - timezone.localdate(due_at)).days
    rate = Decimal(str(policy.fine_per_day or 0))
    if days <= 0 or days <= policy.grace_days or rate <= 0:
        return max(days, 0), Decimal("0.00")
    amount = rate * days
    cap = Decimal(str(policy.max_fine or 0))
    if cap > 0:
        amount = min(amount, cap)
    return days, amount.quantize(Decimal("0.01"))


def assess(*, loan, item, branch, now) -> Fine | None:
    """The fine for `loan`, just closed at `branch`, if its policy charges one. Runs inside the
    check-in's transaction; only late returns cost a query (the reader's category)."""
    if loan.due_at >= now or loan.reader_id is None:
        return None
    category = Reader.objects.filter(pk=loan.reader_id).values_list("category", flat=True).first() or ""
    policy = policy_for(reader_category=category, format=item.format, branch_id=loan.branch_id)
    days, amount = fine_due(policy, loan.due_at, now)
    if amount <= 0:
        return None
    record = getattr(item, "record", None)
    return Fine.objects.create(reader_id=loan.reader_id, loan=loan, title=getattr(record, "title", "")[:500],
                               barcode=item.barcode, branch=branch, days_late=min(days, 32767), amount=amount,
                               assessed_at=now)


def unpaid_of(reader) -> tuple[list[Fine], Decimal]:
    """The reader's unpaid fines, oldest first, and their total (one query)."""
    unpaid = list(Fine.objects.filter(reader=reader, status=FineStatus.OUTSTANDING).order_by("assessed_at", "id"))
    return unpaid, sum((f.amount for f in unpaid), Decimal("0.00"))


def outstanding_total(reader_id) -> Decimal:
    total = (Fine.objects.filter(reader_id=reader_id, status=FineStatus.OUTSTANDING)
             .aggregate(total=Sum("amount"))["total"])
    return Decimal(str(total or 0)).quantize(Decimal("0.01"))


def _settle(*, actor, fine: Fine, status: str, note: str, now) -> Fine:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("Keep the note to %(n)s characters.") % {"n": NOTE_MAX}, field="note")
    now = now or timezone.now()
    settled_by = actor if getattr(actor, "is_authenticated", False) else None
    changed = Fine.objects.filter(pk=fine.pk, status=FineStatus.OUTSTANDING).update(
        status=status, settled_at=now, settled_by=settled_by, note=note)
    if not changed:
        raise DomainError(_("This fine has already been paid or waived."), code="already_settled")
    fine.status, fine.settled_at, fine.settled_by, fine.note = status, now, settled_by, note
    audit.record(actor=actor, action=f"fine.{status}", obj=fine, object_repr=f"fine {fine.pk}",
                 details={"amount": money(fine.amount)})
    return fine


@transaction.atomic
def fine_pay(*, actor, fine: Fine, note: str = "", now=None) -> Fine:
    """Record that the reader paid `fine` (note: e.g. a receipt number)."""
    require_perm(actor, "circulation.change_fine")
    return _settle(actor=actor, fine=fine, status=FineStatus.PAID, note=note, now=now)


@transaction.atomic
def fine_waive(*, actor, fine: Fine, reason: str, now=None) -> Fine:
    """Cancel `fine` without payment; the reason is kept and audited."""
    require_perm(actor, "circulation.waive_fine")
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for waiving this fine."), field="note", code="reason_required")
    return _settle(actor=actor, fine=fine, status=FineStatus.WAIVED, note=reason, now=now)
