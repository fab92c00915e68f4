"""The card-expiry notice: some days before a reader's library card expires
(EVERYREADER_CARD_NOTICE_DAYS, default 30) the reader is told once, through their preferred
channel (messaging.message_send: e-mail, SMS, the staff call list, large-print or braille letter)
and in their language, until when the card is valid and how to renew it. The expiry date is part
of the dedupe key, so a renewed card gets a fresh notice before its new date. Periodic job
"readers.card_expiry_notices"."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.readers.models import Reader


def notice_days() -> int:
    return max(0, int(getattr(settings, "EVERYREADER_CARD_NOTICE_DAYS", 30)))


def _key(reader) -> str:
    return f"readers:card_expiry:{reader.pk}:{reader.card_expires.isoformat()}"


def run_card_expiry_notices(*, today=None) -> int:
    from everyreader.messaging.models import OutboundMessage
    from everyreader.messaging.services import in_language_of, message_send

    today = today or timezone.localdate()
    due = list(Reader.objects.filter(is_active=True, anonymised_at__isnull=True, card_expires__gte=today,
                                     card_expires__lte=today + timedelta(days=notice_days())).order_by("pk"))
    # The job runs every few minutes: skip the readers already told in one query, not one each.
    told = set(OutboundMessage.objects.filter(dedupe_key__in=[_key(r) for r in due])
               .values_list("dedupe_key", flat=True))
    sent = 0
    for reader in (r for r in due if _key(r) not in told):
        date = reader.card_expires.isoformat()
        with in_language_of(reader):
            message = message_send(
                reader=reader, purpose="readers.card_expiry",
                subject=_("Your library card is valid until %(date)s") % {"date": date},
                body=_("Your library card %(card)s is valid until %(date)s. To renew it, come to any desk or "
                       "call us; we will check your address and phone with you.") % {
                    "card": reader.card_number, "date": date},
                dedupe_key=_key(reader))
        sent += message is not None
    return sent
