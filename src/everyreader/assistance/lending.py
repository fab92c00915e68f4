"""The one place where assistance talks to circulation and the catalogue about an item.

Devices are lent and returned through circulation's services (channel "device": its policy gives
shorter loans, and its item-status state machine and statistics apply as for any item). Repair
is outside circulation's state machine ("in_repair" is set in the catalogue), so it goes through
the catalogue's `item_set_status`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from everyreader.assistance.models import Device
from everyreader.catalog.vocab import Format as ItemFormat
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


def checkin_elsewhere(item):
    """For circulation.checkin_elsewhere: a device is checked in on its own page (condition check)."""
    if item.format != ItemFormat.DEVICE:
        return None
    device_id = Device.objects.filter(item_id=item.pk).values_list("pk", flat=True).first()
    if device_id is None:
        return None
    return (_("This is an assistive device: check it in on its own page, where its accessories, battery "
              "and condition are checked before it is lent again."),
            reverse("assistance_staff:device_checkin", args=[device_id]))
