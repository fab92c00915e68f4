"""The state machine of a catalogue item's status as circulation moves it.

Every status change circulation makes goes through `move()`: the transition table below is also
the WHERE clause of a conditional UPDATE, so two desks racing for the same copy cannot both win
(the loser's UPDATE matches no row and gets IllegalTransition), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.utils import timezone

from everyreader.catalog.models import Item
from everyreader.catalog.vocab import ItemStatus
from everyreader.core.errors import IllegalTransition, StateMachine

S = ItemStatus

ITEM_STATES = StateMachine({
    S.AVAILABLE: [S.ON_LOAN, S.ON_HOLD, S.IN_TRANSIT],
    S.ON_LOAN: [S.AVAILABLE, S.ON_HOLD, S.IN_TRANSIT],
    S.ON_HOLD: [S.ON_LOAN, S.AVAILABLE, S.IN_TRANSIT],
    S.IN_TRANSIT: [S.AVAILABLE, S.ON_HOLD],
    # Repaired, found or withdrawn copies are changed in the catalogue, not by circulation.
    S.IN_REPAIR: [],
    S.MISSING: [],
    S.WITHDRAWN: [],
})


def sources(target: str) -> list[str]:
    """The states from which circulation may move an item to `target`."""
    return sorted(state for state in ITEM_STATES.transitions if ITEM_STATES.can(state, target))


def move(item: Item, target: str, *, only_from: tuple[str, ...] | None = None) -> Item:
    """Move `item` to `target` if its status in the database allows it; else IllegalTransition.

    One conditional UPDATE (it also takes the row lock on PostgreSQL for the rest of the
    transaction). `only_from` narrows the allowed current states further.
    """
    allowed = sources(target)
    if only_from is not None:
        allowed = [s for s in allowed if s in only_from]
    now = timezone.now()
    changed = Item.objects.filter(pk=item.pk, status__in=allowed).update(status=target, updated_at=now)
    if not changed:
        current = Item.objects.filter(pk=item.pk).values_list("status", flat=True).first()
        raise IllegalTransition(current=S(current) if current in S.values else current, target=S(target))
    item.status = target
    item.updated_at = now
    return item
