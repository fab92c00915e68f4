"""Where a copy goes next: the hold queue, the hold shelf, transfers between branches.

Internal to services.py (called inside their transactions); other apps call the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from everyreader.accounts.models import Branch
from everyreader.catalog.models import Item
from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import hold_state, item_state
from everyreader.circulation.models import ACTIVE_HOLD_STATUSES, Hold, HoldStatus, Loan, Transfer, TransferReason
from everyreader.circulation.policies import policy_for
from everyreader.core import audit
from everyreader.core.errors import DomainError

S = ItemStatus


@dataclass
class CheckinResult:
    """What the desk must do with a returned or received item.

    action: "shelve" (back on the shelf), "hold_shelf" (on the hold shelf here for `hold`),
    "transfer_hold" (send to `transfer.to_branch` for `hold`), "transfer_home" (send home).
    `message` is translated, ready to show; `warnings` too.
    """

    item: Item
    action: str
    loan: Loan | None = None
    hold: Hold | None = None
    transfer: Transfer | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    fine: object = None  # the Fine assessed for a late return (fines.py)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _set_status(item: Item, target: str) -> None:
    if item.status != target:
        item_state.move(item, target)


def _make_ready(*, hold: Hold, item: Item, now) -> None:
    _set_status(item, S.ON_HOLD)
    policy = policy_for(reader_category=hold.reader.category, format=item.format,
                        branch_id=hold.pickup_branch_id)
    expires = now + timedelta(days=policy.hold_pickup_days)
    hold_state.move(hold, HoldStatus.READY, item=item, ready_at=now, expires_at=expires)


def _send(*, actor, item: Item, from_branch, to_branch, reason: str, hold: Hold | None, now) -> Transfer:
    _set_status(item, S.IN_TRANSIT)
    transfer = Transfer.objects.create(item=item, from_branch=from_branch, to_branch=to_branch, reason=reason,
                                       hold=hold, sent_at=now, sent_by=_user(actor))
    if hold is not None and hold.status != HoldStatus.IN_TRANSIT:
        hold_state.move(hold, HoldStatus.IN_TRANSIT, item=item)
    return transfer


def _claim_next_hold(item: Item) -> Hold | None:
    """The first waiting hold that can take this copy: one that already set it aside, else the
    first in the queue without a copy. The conditional UPDATE makes two desks claim different holds."""
    candidates = Hold.objects.select_related("reader", "pickup_branch").filter(
        Q(item=item) | Q(item__isnull=True), record_id=item.record_id, status=HoldStatus.WAITING,
    ).order_by(Case(When(item=item, then=Value(0)), default=Value(1), output_field=IntegerField()),
               "placed_at", "id")
    for hold in candidates[:5]:
        if hold.item_id == item.pk:
            return hold
        if Hold.objects.filter(pk=hold.pk, status=HoldStatus.WAITING, item__isnull=True).update(item=item):
            hold.item = item
            return hold
    return None


def route(*, actor, item: Item, at, now) -> CheckinResult:
    """Send `item`, now at branch `at`, where it is needed: the first waiting hold, home, or the shelf."""
    hold = _claim_next_hold(item)
    if hold is not None:
        if hold.pickup_branch_id == at.pk:
            _make_ready(hold=hold, item=item, now=now)
            return CheckinResult(item=item, action="hold_shelf", hold=hold,
                                 message=_("Put it on the hold shelf: a reader is waiting for it here."))
        transfer = _send(actor=actor, item=item, from_branch=at, to_branch=hold.pickup_branch,
                         reason=TransferReason.HOLD, hold=hold, now=now)
        return CheckinResult(item=item, action="transfer_hold", hold=hold, transfer=transfer,
                             message=_("Send it to %(branch)s: a reader is waiting for it there.")
                             % {"branch": hold.pickup_branch.name})
    if item.branch_id != at.pk:
        home = Branch.objects.get(pk=item.branch_id)
        transfer = _send(actor=actor, item=item, from_branch=at, to_branch=home, reason=TransferReason.RETURN_HOME,
                         hold=None, now=now)
        return CheckinResult(item=item, action="transfer_home", transfer=transfer,
                             message=_("Send it back to its home branch, %(branch)s.") % {"branch": home.name})
    _set_status(item, S.AVAILABLE)
    return CheckinResult(item=item, action="shelve", message=_("Put it back on the shelf."))


def receive(*, actor, item: Item, branch, now) -> CheckinResult:
    """Close the open transfer of `item` at `branch`, then route it."""
    transfer = Transfer.objects.select_related("hold__reader", "hold__pickup_branch").filter(
        item=item, received_at__isnull=True).first()
    if transfer is None:
        raise DomainError(_("This item is not in transit."), field="item", code="not_in_transit")
    if not Transfer.objects.filter(pk=transfer.pk, received_at__isnull=True).update(
            received_at=now, received_by=_user(actor)):
        raise DomainError(_("This item has just been received at another desk."), code="conflict")
    audit.record(actor=actor, action="transfer.received", obj=transfer, object_repr=item.barcode,
                 details={"at": branch.code})
    hold = transfer.hold
    if hold is not None and hold.status == HoldStatus.IN_TRANSIT and hold.item_id == item.pk:
        if hold.pickup_branch_id == branch.pk:
            _make_ready(hold=hold, item=item, now=now)
            return CheckinResult(item=item, action="hold_shelf", hold=hold,
                                 message=_("Put it on the hold shelf: a reader is waiting for it here."))
        forward = _send(actor=actor, item=item, from_branch=branch, to_branch=hold.pickup_branch,
                        reason=TransferReason.HOLD, hold=hold, now=now)
        return CheckinResult(item=item, action="transfer_hold", hold=hold, transfer=forward,
                             message=_("Send it to %(branch)s: a reader is waiting for it there.")
                             % {"branch": hold.pickup_branch.name})
    return route(actor=actor, item=item, at=branch, now=now)


def allocate_copy(*, hold: Hold, now) -> int | None:
    """Set aside a free copy for a new hold (copies at the pickup branch first). Two holds racing
    for the last copy: the item row lock (PostgreSQL) or the write lock (SQLite) lets one through;
    the unique index on active holds' items is the backstop."""
    taken = Hold.objects.filter(item__isnull=False, status__in=ACTIVE_HOLD_STATUSES).values("item_id")
    candidates = Item.objects.filter(record_id=hold.record_id, status=S.AVAILABLE).exclude(pk__in=taken) \
        .order_by(Case(When(branch_id=hold.pickup_branch_id, then=Value(0)), default=Value(1),
                       output_field=IntegerField()), "pk").values_list("pk", flat=True)
    for pk in list(candidates[:5]):
        if not Item.objects.filter(pk=pk, status=S.AVAILABLE).update(updated_at=now):
            continue  # lent or moved meanwhile; this also locks the row until we commit
        if Hold.objects.filter(item_id=pk, status__in=ACTIVE_HOLD_STATUSES).exists():
            continue
        try:
            with transaction.atomic():
                Hold.objects.filter(pk=hold.pk).update(item_id=pk)
        except IntegrityError:
            continue
        hold.item_id = pk
        return pk
    return None


def offer_to_queue(*, item: Item, record_id: int, now) -> Hold | None:
    """A copy set aside on the shelf lost its hold: give it to the next waiting hold without one."""
    for hold in Hold.objects.filter(record_id=record_id, status=HoldStatus.WAITING, item__isnull=True) \
            .order_by("placed_at", "id")[:5]:
        if Hold.objects.filter(pk=hold.pk, status=HoldStatus.WAITING, item__isnull=True).update(item=item):
            hold.item = item
            return hold
    return None
