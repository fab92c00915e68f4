"""Messages to readers through the channel each reader prefers.

E-mail and SMS go out from a background task; phone calls land on the staff call list; large-print
and braille letters wait for the next printed batch. Every message is logged with its outcome,
and a `dedupe_key` makes sending idempotent (a notice is never sent twice).
"""

from __future__ import annotations

import shutil
import subprocess

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError, StateMachine
from everyreader.messaging.models import LetterBatch, MessageStatus, OutboundMessage
from everyreader.readers.models import ContactChannel

LETTER_CHANNELS = (ContactChannel.LARGE_PRINT_LETTER, ContactChannel.BRAILLE_LETTER)
FALLBACK_ORDER = (ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.PHONE,
                  ContactChannel.LARGE_PRINT_LETTER)

TRANSITIONS = StateMachine({
    MessageStatus.QUEUED: [MessageStatus.SENT, MessageStatus.FAILED],
    MessageStatus.TO_CALL: [MessageStatus.CALLED, MessageStatus.UNREACHABLE],
    MessageStatus.UNREACHABLE: [MessageStatus.CALLED, MessageStatus.UNREACHABLE],
    MessageStatus.TO_PRINT: [MessageStatus.PRINTED],
})


def _address_for(reader, channel: str) -> str:
    if channel == ContactChannel.EMAIL:
        return reader.email
    if channel in (ContactChannel.SMS, ContactChannel.PHONE):
        return reader.phone
    return reader.address


def choose_channel(reader) -> tuple[str | None, str]:
    """The reader's preferred channel if we have the details for it, else the first that works."""
    for channel in (reader.preferred_contact, *FALLBACK_ORDER):
        address = _address_for(reader, channel)
        if address:
            return channel, address
    return None, ""


def in_language_of(person):
    """Write to a reader (or a staff user) in their preferred language: a translation.override."""
    return translation.override(getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE)


def message_send(*, reader, subject: str, body: str, purpose: str,
                 dedupe_key: str | None = None) -> OutboundMessage | None:
    """Queue a message to a reader. Returns None when dedupe_key was already used."""
    if dedupe_key and OutboundMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    channel, address = choose_channel(reader)
    if channel is None:
        status, outcome = MessageStatus.FAILED, _("No contact details on file.")
        channel = reader.preferred_contact
    elif channel == ContactChannel.PHONE:
        status, outcome = MessageStatus.TO_CALL, ""
    elif channel in LETTER_CHANNELS:
        status, outcome = MessageStatus.TO_PRINT, ""
    else:
        status, outcome = MessageStatus.QUEUED, ""
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                reader=reader, channel=channel, address=address, subject=str(subject)[:200],
                body=str(body), purpose=purpose, status=status, outcome=outcome,
                dedupe_key=dedupe_key or None,
            )
    except IntegrityError:  # the same notice raced in from another worker
        return None
    if status == MessageStatus.QUEUED:
        from everyreader.messaging.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def deliver(message_id: int) -> str:
    """Send one queued e-mail or SMS. Safe to call twice: only a queued message is sent."""
    from django.core.mail import send_mail

    from everyreader.messaging.sms import SmsError, get_provider

    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(
            pk=message_id, status=MessageStatus.QUEUED).first()
        if message is None:
            return "skipped"
        try:
            if message.channel == ContactChannel.EMAIL:
                send_mail(message.subject, message.body, None, [message.address])
                message.outcome = ""
            else:
                message.outcome = get_provider().send(message.address, f"{message.subject}\n{message.body}")
            message.status = MessageStatus.SENT
        except (OSError, SmsError) as error:
            message.status = MessageStatus.FAILED
            message.outcome = f"{type(error).__name__}: {error}"[:500]
        message.completed_at = timezone.now()
        message.save(update_fields=["status", "outcome", "completed_at"])
        return message.status


@transaction.atomic
def call_record_outcome(*, actor, message: OutboundMessage, reached: bool, note: str = "") -> OutboundMessage:
    message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
    target = MessageStatus.CALLED if reached else MessageStatus.UNREACHABLE
    TRANSITIONS.check(message.status, target, MessageStatus)
    message.status = target
    message.outcome = note
    message.completed_at = timezone.now()
    message.completed_by = actor
    message.save(update_fields=["status", "outcome", "completed_at", "completed_by"])
    audit.record(actor=actor, action="message.call_recorded", obj=message,
                 details={"reached": reached})
    return message


@transaction.atomic
def letters_create_batch(*, actor, channel: str) -> LetterBatch:
    if channel not in LETTER_CHANNELS:
        raise DomainError(_("Only letters can be printed in a batch."))
    pending = list(OutboundMessage.objects.select_for_update().filter(
        channel=channel, status=MessageStatus.TO_PRINT).order_by("created_at", "pk"))
    if not pending:
        raise DomainError(_("There are no letters waiting to be printed."))
    batch = LetterBatch.objects.create(channel=channel, created_by=actor, letter_count=len(pending))
    now = timezone.now()
    OutboundMessage.objects.filter(pk__in=[m.pk for m in pending]).update(
        status=MessageStatus.PRINTED, batch=batch, completed_at=now, completed_by=actor)
    audit.record(actor=actor, action="letters.batch_created", obj=batch,
                 details={"channel": channel, "letters": len(pending)})
    return batch


def braille_translate(text: str, language: str = "zh") -> str:
    """Text to Unicode braille with liblouis (Chinese: zhcn-g1; other text: English grade 2)."""
    tool = shutil.which("lou_translate")
    if tool is None:
        raise DomainError(_("Braille translation is not installed on this server (liblouis)."))
    table = "unicode.dis,zhcn-g1.ctb" if language == "zh" else "unicode.dis,en-us-g2.ctb"
    lines = []
    for line in text.splitlines():
        if not line.strip():
            lines.append("")
            continue
        result = subprocess.run([tool, "--forward", table], input=line, capture_output=True,
                                text=True, timeout=30, check=False)
        if result.returncode != 0:
            raise DomainError(_("The braille translation failed for this text."))
        lines.append(result.stdout.rstrip("\n"))
    return "\n".join(lines)


def erase_reader_messages(*, actor, reader) -> int:
    """Erasure: keep the message log's counts (channel, purpose, status), drop what is personal."""
    return OutboundMessage.objects.filter(reader=reader).update(
        reader=None, address="", body="", outcome="", subject=_("(erased)"))
