"""Writes of circulation: checkout, check-in, renewal, holds, transfers, the reader's history
choice and erasure. Every function is atomic, keyword-only and records an audit event.

Concurrency: every item status change goes through item_state.move() (a conditional UPDATE that
also takes the row lock on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers); the
partial unique indexes on Loan.item (open loans), Hold.item (active holds) and Transfer.item (open
transfers) are the backstop, and an IntegrityError from them becomes a DomainError.

Privacy: audit events name the loan or hold by id only, never the reader with the item, so the
audit log cannot undo the anonymisation of returned loans.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.catalog.vocab import ItemStatus
from everyreader.circulation import desk_queries, fines, hold_state, item_state, selectors
from everyreader.circulation.models import (ACTIVE_HOLD_STATUSES, Channel, Fine, Hold, HoldStatus, Loan,
                                            LoanHistorySetting, LoanStatistic, Transfer, TransferReason)
from everyreader.circulation.policies import policy_for
from everyreader.circulation.policy_services import policy_delete, policy_save  # noqa: F401
from everyreader.circulation.routing import CheckinResult, allocate_copy, offer_to_queue, receive, route
from everyreader.core import audit
from everyreader.core.errors import DomainError, IllegalTransition
from everyreader.core.permissions import require_perm
from everyreader.core.write_gate import write_gate
from everyreader.readers.selectors import reader_segment_flags

S = ItemStatus
__all__ = ["CheckinResult", "auto_renew_due", "checkin", "checkout", "erase_reader_circulation",
           "expire_holds", "hold_cancel", "hold_place", "loan_history_set", "policy_delete", "policy_save",
           "renew", "transfer_receive", "transfer_send"]


def service(fn):
    """@transaction.atomic, and a unique-index conflict (a race lost) becomes a clear DomainError."""
    atomic_fn = transaction.atomic(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with write_gate():
                return atomic_fn(*args, **kwargs)
        except IntegrityError as exc:
            raise DomainError(_("Someone else changed this at the same moment. Look again and retry."),
                              code="conflict") from exc

    return wrapper


def _is_self(actor, reader) -> bool:
    return reader is not None and actor is not None and getattr(actor, "is_authenticated", False) \
        and reader.user_id is not None and reader.user_id == actor.pk


def _require_self_or(actor, reader, perm: str) -> None:
    if not _is_self(actor, reader):
        require_perm(actor, perm)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def check_reader(reader) -> None:
    """The blocks that stop any loan, renewal or hold (selectors.reader_refusal)."""
    refusal = selectors.reader_refusal(reader)
    if refusal is not None:
        code, reason = refusal
        raise DomainError(reason, field="reader", code=code)


# --- loans -----------------------------------------------------------------------------------------

def checkout(*, actor, item, reader, branch, channel: str = Channel.DESK, now=None) -> Loan:
    """Lend `item` to `reader` at `branch`. Refused (DomainError) when the reader is blocked or
    erased, at the item limit of their policy, or the item is not available or is held for
    another reader. A hold of this reader on the item's record is fulfilled (collected)."""
    require_perm(actor, "circulation.add_loan")
    now = now or timezone.now()
    if channel not in Channel.values:
        raise DomainError(_("Choose a loan channel from the list."), field="channel")
    check_reader(reader)
    # Read-only lookups happen before the write transaction: on SQLite that transaction holds the
    # database's single write lock, so every statement kept out of it shortens other desks' wait.
    policy = policy_for(reader_category=reader.category, format=item.format, branch_id=branch.pk)
    flags = reader_segment_flags(reader)
    return _checkout_write(actor=actor, item=item, reader=reader, branch=branch, channel=channel, now=now,
                           policy=policy, flags=flags)


@service
def _checkout_write(*, actor, item, reader, branch, channel, now, policy, flags) -> Loan:
    desk_queries.lock_reader(reader.pk)  # the item limit below must hold against a parallel desk
    # A format's own limit counts loans of that format (e.g. one device at a time).
    on_loan, fines_due = desk_queries.reader_load(reader_id=reader.pk, format=policy.format)
    if fines.is_blocking(fines_due):
        raise DomainError(fines.blocking_message(fines_due), field="reader", code="fines_due")
    if on_loan >= policy.item_limit:
        raise DomainError(_("This reader already has %(count)s items on loan, the most allowed for this "
                            "kind of item.") % {"count": on_loan}, field="reader", code="item_limit")
    item_state.move(item, S.ON_LOAN)  # locks the item row; the loser of a race stops here
    holds = desk_queries.holds_at_checkout(item=item, reader_id=reader.pk)
    if any(h.item_id == item.pk and h.reader_id != reader.pk for h in holds):
        raise DomainError(_("This copy is set aside for another reader's hold."), field="item",
                          code="held_for_other")
    loan = Loan.objects.create(item=item, reader=reader, branch=branch, channel=channel, checked_out_at=now,
                               due_at=now + timedelta(days=policy.loan_days), checked_out_by=_user(actor))
    own = [h for h in holds if h.reader_id == reader.pk]
    if own:
        for hold in own:
            previous = hold.status
            hold_state.move(hold, HoldStatus.COLLECTED, closed_at=now)
            if hold.item_id and hold.item_id != item.pk:  # another copy was set aside: pass it on
                if previous == HoldStatus.READY:
                    route(actor=actor, item=hold.item, at=hold.pickup_branch, now=now)
                elif previous == HoldStatus.WAITING:
                    offer_to_queue(item=hold.item, record_id=hold.record_id, now=now)
    LoanStatistic.objects.create(date=timezone.localdate(now), branch=branch, format=item.format,
                                 channel=channel, reader_category=reader.category, **flags)
    audit.record(actor=actor, action="loan.checkout", obj=loan, object_repr=f"loan {loan.pk}",
                 details={"branch": branch.code, "channel": channel, "holds_collected": len(own)})
    return loan


@service
def checkin(*, actor, item, branch, now=None) -> CheckinResult:
    """Return `item` at `branch` (closes its open loan, if any) and route it: to the first waiting
    hold (hold shelf here, or a transfer to the pickup branch), home, or back on the shelf."""
    require_perm(actor, "circulation.change_loan")
    now = now or timezone.now()
    loan = Loan.objects.filter(item=item, returned_at__isnull=True).first()
    warnings, fine = [], None
    if loan is not None:
        closed = Loan.objects.filter(pk=loan.pk, returned_at__isnull=True).update(
            returned_at=now, return_branch=branch, returned_by=_user(actor))
        if not closed:
            raise DomainError(_("This item has just been checked in at another desk."), code="conflict")
        loan.returned_at, loan.return_branch, loan.returned_by = now, branch, _user(actor)
        if loan.due_at < now:
            warnings.append(_("It was returned %(days)s days late.") % {"days": (now - loan.due_at).days or 1})
            fine = fines.assess(loan=loan, item=item, branch=branch, now=now)
            if fine is not None:
                warnings.append(_("Fine to pay: %(amount)s (%(days)s days late). Take it at the reader's panel.")
                                % {"amount": fines.money(fine.amount), "days": fine.days_late})
        audit.record(actor=actor, action="loan.checkin", obj=loan, object_repr=f"loan {loan.pk}",
                     details={"branch": branch.code})
    elif item.status == S.IN_TRANSIT and Transfer.objects.filter(item=item, received_at__isnull=True).exists():
        return receive(actor=actor, item=item, branch=branch, now=now)
    elif item.status == S.ON_HOLD:
        hold = Hold.objects.filter(item=item, status=HoldStatus.READY).select_related("pickup_branch").first()
        if hold is not None:
            return CheckinResult(item=item, action="hold_shelf", hold=hold,
                                 message=_("This copy is on the hold shelf for a reader: leave it there."))
    elif item.status == S.AVAILABLE:
        warnings.append(_("This item was not on loan."))
    result = route(actor=actor, item=item, at=branch, now=now)
    result.loan, result.fine = loan, fine
    result.warnings = warnings + result.warnings
    return result


def _renewal_refusal(loan: Loan, policy, reader) -> tuple[str, str] | None:
    if loan.renewal_count >= policy.max_renewals:
        return "renewals_used_up", _("This loan has already been renewed %(count)s times, the most allowed. Please return it "
                 "by %(date)s.") % {"count": loan.renewal_count, "date": timezone.localdate(loan.due_at)}
    waiting = Hold.objects.filter(record_id=loan.item.record_id, status=HoldStatus.WAITING,
                                  item__isnull=True).exclude(reader=reader)
    if waiting.exists():
        return "someone_waits", _("Another reader is waiting for this title, so it cannot be renewed. Please return it "
                 "by %(date)s.") % {"date": timezone.localdate(loan.due_at)}
    return None


def _renew(*, actor, loan: Loan, now, automatic: bool = False) -> Loan:
    if loan.returned_at is not None:
        raise DomainError(_("This loan has already been returned."), code="returned")
    reader = loan.reader
    check_reader(reader)
    policy = policy_for(reader_category=reader.category, format=loan.item.format, branch_id=loan.branch_id)
    if automatic and not policy.auto_renew:
        raise DomainError(_("Loans of this kind are not renewed automatically."), code="no_auto_renew")
    refusal = _renewal_refusal(loan, policy, reader)
    if refusal:
        raise DomainError(refusal[1], code=refusal[0])
    new_due = max(loan.due_at, now) + timedelta(days=policy.loan_days)
    updated = Loan.objects.filter(pk=loan.pk, returned_at__isnull=True, renewal_count=loan.renewal_count) \
        .update(due_at=new_due, renewal_count=F("renewal_count") + 1)
    if not updated:
        raise DomainError(_("This loan changed at the same moment. Look again and retry."), code="conflict")
    loan.due_at, loan.renewal_count = new_due, loan.renewal_count + 1
    audit.record(actor=actor, action="loan.auto_renewed" if automatic else "loan.renewed", obj=loan,
                 object_repr=f"loan {loan.pk}", details={"renewal": loan.renewal_count})
    return loan


@service
def renew(*, actor, loan: Loan, now=None) -> Loan:
    """Extend an open loan by its policy's loan period (from the later of now and the due date).
    Refused when someone waits for the title or the renewals allowed are used up. Readers may
    renew their own loans; staff need circulation.change_loan."""
    _require_self_or(actor, loan.reader, "circulation.change_loan")
    return _renew(actor=actor, loan=loan, now=now or timezone.now())


def auto_renew_due(*, now=None) -> int:
    """Periodic job: renew open loans due within a day whose policy allows automatic renewal and
    that nobody waits for. Returns how many were renewed. Idempotent (a renewed loan is no longer
    due within a day)."""
    now = now or timezone.now()
    loans = Loan.objects.select_related("item", "reader").filter(
        returned_at__isnull=True, reader__isnull=False, due_at__lte=now + timedelta(days=1))
    renewed = 0
    for loan in list(loans.order_by("due_at", "id")):
        try:
            service(_renew)(actor=None, loan=loan, now=now, automatic=True)
        except DomainError:
            continue
        renewed += 1
    return renewed


# --- holds -----------------------------------------------------------------------------------------

@service
def hold_place(*, actor, reader, record, pickup_branch, now=None) -> Hold:
    """Queue `reader` for any copy of `record`, collected at `pickup_branch`. A free copy is set
    aside at once (it appears on the pick list). Refused at the hold limit, for a second active
    hold on the same title, or when the reader already has the title on loan. Readers may place
    their own holds; staff need circulation.add_hold."""
    from everyreader.catalog.selectors import items_of

    _require_self_or(actor, reader, "circulation.add_hold")
    now = now or timezone.now()
    check_reader(reader)
    if pickup_branch is None or not pickup_branch.is_active:
        raise DomainError(_("Choose a branch that is open for pickup."), field="pickup_branch")
    policy = policy_for(reader_category=reader.category, format=record.format, branch_id=pickup_branch.pk)
    desk_queries.lock_reader(reader.pk)  # the hold limit and the one-hold-per-title rule, against races
    active = list(Hold.objects.filter(reader=reader, status__in=ACTIVE_HOLD_STATUSES)
                  .values_list("record_id", flat=True))
    if record.pk in active:
        raise DomainError(_("There is already a hold on this title for this reader."), code="duplicate_hold")
    due = fines.outstanding_total(reader.pk)
    if fines.is_blocking(due):
        raise DomainError(fines.blocking_message(due), field="reader", code="fines_due")
    if len(active) >= policy.hold_limit:
        raise DomainError(_("This reader already has %(count)s holds, the most allowed.") % {"count": len(active)},
                          code="hold_limit")
    if Loan.objects.filter(reader=reader, item__record=record, returned_at__isnull=True).exists():
        raise DomainError(_("This title is already on loan to this reader."), code="already_on_loan")
    if not items_of(record.pk).exclude(status__in=[S.WITHDRAWN, S.MISSING]).exists():
        raise DomainError(_("The library has no copy of this title to lend."), code="no_copy")
    hold = Hold.objects.create(reader=reader, record=record, pickup_branch=pickup_branch, placed_at=now,
                               placed_by=_user(actor))
    allocate_copy(hold=hold, now=now)
    audit.record(actor=actor, action="hold.placed", obj=hold, object_repr=f"hold {hold.pk}",
                 details={"pickup_branch": pickup_branch.code, "copy_set_aside": hold.item_id is not None})
    return hold


def _close_hold(*, actor, hold: Hold, status: str, now, reason: str = "") -> Hold:
    """Close an active hold and pass its copy on (next reader, home, or the shelf)."""
    previous = hold.status
    fields = {"closed_at": now}
    if status == HoldStatus.CANCELLED:
        fields["cancelled_reason"] = (reason or "")[:200]
    try:
        hold_state.move(hold, status, only_from=(previous,), **fields)
    except IllegalTransition:
        raise DomainError(_("This hold is no longer active."), code="not_active") from None
    item = hold.item
    if item is not None:
        if previous == HoldStatus.READY:
            route(actor=actor, item=item, at=hold.pickup_branch, now=now)
        elif previous == HoldStatus.WAITING:
            offer_to_queue(item=item, record_id=hold.record_id, now=now)
        # in transit: the copy is routed when it is received
    return hold


@service
def hold_cancel(*, actor, hold: Hold, reason: str = "", now=None) -> Hold:
    """Cancel an active hold; its copy, if any, goes to the next reader in the queue or back.
    Readers may cancel their own holds; staff need circulation.change_hold."""
    _require_self_or(actor, hold.reader, "circulation.change_hold")
    now = now or timezone.now()
    hold = Hold.objects.select_for_update(of=("self",)).select_related("item", "pickup_branch").get(pk=hold.pk)
    if hold.status not in ACTIVE_HOLD_STATUSES:
        raise DomainError(_("This hold is no longer active."), code="not_active")
    _close_hold(actor=actor, hold=hold, status=HoldStatus.CANCELLED, now=now, reason=reason)
    audit.record(actor=actor, action="hold.cancelled", obj=hold, object_repr=f"hold {hold.pk}",
                 details={"by_reader": _is_self(actor, hold.reader)})
    return hold


def expire_holds(*, now=None) -> int:
    """Periodic job: ready holds not collected by `expires_at` expire; the copy goes to the next
    reader in the queue (or home / to the shelf). Returns how many expired. Idempotent."""
    now = now or timezone.now()
    due = Hold.objects.filter(status=HoldStatus.READY, expires_at__lt=now).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        try:
            with transaction.atomic():
                hold = Hold.objects.select_for_update(of=("self",)).select_related("item", "pickup_branch").get(pk=pk)
                if hold.status != HoldStatus.READY:
                    continue
                _close_hold(actor=None, hold=hold, status=HoldStatus.EXPIRED, now=now)
                audit.record(actor=None, action="hold.expired", obj=hold, object_repr=f"hold {hold.pk}")
        except (DomainError, IntegrityError):
            continue
        expired += 1
    return expired


# --- transfers -------------------------------------------------------------------------------------

@service
def transfer_send(*, actor, item, from_branch, to_branch, now=None) -> Transfer:
    """Send an available item to another branch (reason: manual)."""
    require_perm(actor, "circulation.add_transfer")
    now = now or timezone.now()
    if to_branch is None or from_branch.pk == to_branch.pk:
        raise DomainError(_("Choose a different branch to send the item to."), field="to_branch")
    item_state.move(item, S.IN_TRANSIT, only_from=(S.AVAILABLE,))
    if Hold.objects.filter(item=item, status__in=ACTIVE_HOLD_STATUSES).exists():
        raise DomainError(_("This copy is set aside for a hold: check it in to send it to the reader's "
                            "pickup branch."), field="item")
    transfer = Transfer.objects.create(item=item, from_branch=from_branch, to_branch=to_branch,
                                       reason=TransferReason.MANUAL, sent_at=now, sent_by=_user(actor))
    audit.record(actor=actor, action="transfer.sent", obj=transfer, object_repr=item.barcode,
                 details={"from": from_branch.code, "to": to_branch.code})
    return transfer


@service
def transfer_receive(*, actor, item, branch, now=None) -> CheckinResult:
    """Receive an item in transit at `branch`: close the transfer and route it like a check-in."""
    require_perm(actor, "circulation.change_transfer")
    return receive(actor=actor, item=item, branch=branch, now=now or timezone.now())


# --- the reader's choices and erasure --------------------------------------------------------------

@service
def loan_history_set(*, actor, reader, keep: bool) -> LoanHistorySetting:
    """Record the reader's choice to keep (or not keep) their loan history. Turning it off lets the
    anonymisation job remove the returned loans at its next run."""
    _require_self_or(actor, reader, "circulation.change_loanhistorysetting")
    setting, _created = LoanHistorySetting.objects.update_or_create(reader=reader,
                                                                    defaults={"keep_history": bool(keep)})
    audit.record(actor=actor, action="loan_history.kept" if keep else "loan_history.not_kept", obj=reader,
                 object_repr=reader.card_number)
    return setting


def erase_reader_circulation(*, actor, reader) -> None:
    """Erasure handler (readers.services.register_erasure_handler; runs inside reader_erase's
    transaction): anonymise all the reader's loans (open ones stay open, without the reader), pass
    on the copies set aside for their holds, delete the holds, the fines and the history setting."""
    now = timezone.now()
    for hold in Hold.objects.select_related("item", "pickup_branch").filter(
            reader=reader, status__in=ACTIVE_HOLD_STATUSES):
        _close_hold(actor=actor, hold=hold, status=HoldStatus.CANCELLED, now=now, reason="erased")
    Hold.objects.filter(reader=reader).delete()
    count = Loan.objects.filter(reader=reader).update(reader=None, anonymised_at=now)
    LoanHistorySetting.objects.filter(reader=reader).delete()
    fines_deleted = Fine.objects.filter(reader=reader).delete()[0]
    audit.record(actor=actor, action="circulation.reader_erased", obj=reader, object_repr=reader.card_number,
                 details={"loans_anonymised": count, "fines_deleted": fines_deleted})
