"""The one place where assistance talks to circulation: devices are lent, returned and sent to
repair through circulation's services, so that its item-status state machine, policies (channel
"device": shorter loans) and statistics apply to devices as to any other item."""

from __future__ import annotations

CHANNEL = "device"


def lend(*, actor, item, reader, branch):
    from everyreader.circulation import services as circulation

    return circulation.checkout(actor=actor, item=item, reader=reader, branch=branch, channel=CHANNEL)


def give_back(*, actor, item, branch):
    from everyreader.circulation import services as circulation

    return circulation.checkin(actor=actor, item=item, branch=branch)


def send_to_repair(*, actor, item):
    from everyreader.circulation import services as circulation

    return circulation.item_send_to_repair(actor=actor, item=item)


def back_from_repair(*, actor, item):
    from everyreader.circulation import services as circulation

    return circulation.item_back_from_repair(actor=actor, item=item)
