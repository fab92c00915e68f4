"""The one place where assistance talks to circulation and the catalogue about an item.

Devices are lent and returned through circulation's services (channel "device": its policy gives
shorter loans, and its item-status state machine and statistics apply as for any item). Repair
is outside circulation's state machine ("in_repair" is set in the catalogue), so it goes through
the catalogue's `item_set_status`."""

from __future__ import annotations

from everyreader.catalog.vocab import ItemStatus

CHANNEL = "device"


def lend(*, actor, item, reader, branch):
    from everyreader.circulation import services as circulation

    return circulation.checkout(actor=actor, item=item, reader=reader, branch=branch, channel=CHANNEL)


def give_back(*, actor, item, branch):
    from everyreader.circulation import services as circulation

    return circulation.checkin(actor=actor, item=item, branch=branch)


def send_to_repair(*, actor, item):
    from everyreader.catalog.services import item_set_status

    return item_set_status(actor=actor, item=item, status=ItemStatus.IN_REPAIR)


def back_from_repair(*, actor, item):
    from everyreader.catalog.services import item_set_status

    return item_set_status(actor=actor, item=item, status=ItemStatus.AVAILABLE)
