"""The state machine of a hold. Every status change of a hold goes through `move()`: a conditional
UPDATE whose WHERE clause is the transition table, so a hold changed meanwhile (collected at one
desk while it expires in the job) is never changed twice."""

from __future__ import annotations

from everyreader.circulation.models import Hold, HoldStatus
from everyreader.core.errors import IllegalTransition, StateMachine

H = HoldStatus

HOLD_STATES = StateMachine({
    H.WAITING: [H.IN_TRANSIT, H.READY, H.COLLECTED, H.CANCELLED],
    H.IN_TRANSIT: [H.READY, H.COLLECTED, H.CANCELLED],
    H.READY: [H.COLLECTED, H.CANCELLED, H.EXPIRED],
    H.COLLECTED: [],
    H.CANCELLED: [],
    H.EXPIRED: [],
})


def sources(target: str) -> list[str]:
    return sorted(state for state in HOLD_STATES.transitions if HOLD_STATES.can(state, target))


def move(hold: Hold, target: str, *, only_from: tuple[str, ...] | None = None, **fields) -> Hold:
    """Move `hold` to `target` (and set `fields`) if its status in the database allows it."""
    allowed = [s for s in sources(target) if only_from is None or s in only_from]
    if not Hold.objects.filter(pk=hold.pk, status__in=allowed).update(status=target, **fields):
        current = Hold.objects.filter(pk=hold.pk).values_list("status", flat=True).first()
        raise IllegalTransition(current=H(current) if current in H.values else current, target=H(target))
    hold.status = target
    for name, value in fields.items():
        setattr(hold, name, value)
    return hold
