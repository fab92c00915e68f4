"""Writes of circulation. Every function is atomic, keyword-only and records an audit event.

Concurrency: every item status change goes through item_state.move() (a conditional UPDATE that
also takes the row lock on PostgreSQL); the partial unique indexes on Loan.item (open loans),
Hold.item (active holds) and Transfer.item (open transfers) are the backstop, and an
IntegrityError from them becomes a DomainError.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from everyreader.circulation.models import Channel, Hold, Loan, Transfer
from everyreader.core.errors import DomainError


@dataclass
class CheckinResult:
    """What the desk must do with a returned item.

    action: "shelve" (back on the shelf), "hold_shelf" (put on the hold shelf for `hold`),
    "transfer_hold" (send to `transfer.to_branch` for `hold`), "transfer_home" (send home).
    `message` is translated, ready to show.
    """

    item: object
    action: str
    loan: Loan | None = None
    hold: Hold | None = None
    transfer: Transfer | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)


def _pending():
    raise DomainError(_("This circulation operation is not available yet."))


@transaction.atomic
def checkout(*, actor, item, reader, branch, channel: str = Channel.DESK, now=None) -> Loan:
    """Lend `item` to `reader` at `branch`. Refused (DomainError) when the reader is inactive or
    erased, at the item limit of their policy, or the item is not available or is held for
    another reader. A hold of this reader on the item's record is fulfilled (collected)."""
    _pending()


@transaction.atomic
def checkin(*, actor, item, branch, now=None) -> CheckinResult:
    """Return `item` at `branch` (closes its open loan, if any) and route it: to the first waiting
    hold (hold shelf here, or a transfer to the pickup branch), home, or back on the shelf."""
    _pending()


@transaction.atomic
def renew(*, actor, loan: Loan, now=None) -> Loan:
    """Extend an open loan by its policy's loan period (from the later of now and the due date).
    Refused when someone waits for the title or the renewals allowed are used up."""
    _pending()


def auto_renew_due(*, now=None) -> int:
    """Periodic job: renew open loans due within a day whose policy allows automatic renewal
    and nobody waits for. Returns how many were renewed. Idempotent."""
    _pending()


@transaction.atomic
def hold_place(*, actor, reader, record, pickup_branch, now=None) -> Hold:
    """Queue `reader` for any copy of `record`, collected at `pickup_branch`. A free copy is set
    aside at once (it appears on the pick list). Refused at the hold limit, for a second active
    hold on the same title, or when the reader already has the title on loan."""
    _pending()


@transaction.atomic
def hold_cancel(*, actor, hold: Hold, reason: str = "", now=None) -> Hold:
    """Cancel an active hold; its copy, if any, goes to the next reader in the queue or back."""
    _pending()


def expire_holds(*, now=None) -> int:
    """Periodic job: ready holds not collected by `expires_at` expire; the copy goes to the next
    reader in the queue (or home / to the shelf). Returns how many expired. Idempotent."""
    _pending()


@transaction.atomic
def transfer_send(*, actor, item, from_branch, to_branch, now=None) -> Transfer:
    """Send an available item to another branch (reason: manual)."""
    _pending()


@transaction.atomic
def transfer_receive(*, actor, item, branch, now=None) -> CheckinResult:
    """Receive an item in transit at `branch`: close the transfer and route it like a check-in."""
    _pending()


@transaction.atomic
def loan_history_set(*, actor, reader, keep: bool):
    """Record the reader's choice to keep (or not keep) their loan history."""
    _pending()


@transaction.atomic
def policy_save(*, actor, policy=None, **fields):
    """Create or update a policy row (administrators)."""
    _pending()


@transaction.atomic
def policy_delete(*, actor, policy) -> None:
    """Delete a policy row (administrators)."""
    _pending()


def erase_reader_circulation(*, actor, reader) -> None:
    """Erasure handler (readers.services.register_erasure_handler): anonymise the reader's loans
    and delete their holds and loan history setting."""
    _pending()
