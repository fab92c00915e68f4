from __future__ import annotations

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from everyreader.core.workspace import AttentionItem
from everyreader.messaging.models import LetterBatch, MessageStatus, OutboundMessage


def call_list() -> QuerySet[OutboundMessage]:
    return (OutboundMessage.objects.filter(status__in=[MessageStatus.TO_CALL, MessageStatus.UNREACHABLE])
            .select_related("reader").order_by("created_at", "pk"))


def letters_pending_counts() -> dict[str, int]:
    rows = (OutboundMessage.objects.filter(status=MessageStatus.TO_PRINT)
            .values("channel").annotate(n=Count("pk")))
    return {row["channel"]: row["n"] for row in rows}


def letter_batches() -> QuerySet[LetterBatch]:
    return LetterBatch.objects.select_related("created_by").order_by("-created_at")


def batch_letters(batch: LetterBatch) -> QuerySet[OutboundMessage]:
    return batch.messages.select_related("reader").order_by("pk")


def message_log(*, status: str = "", channel: str = "", purpose: str = "") -> QuerySet[OutboundMessage]:
    qs = OutboundMessage.objects.select_related("reader", "completed_by").order_by("-created_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if purpose:
        qs = qs.filter(purpose__startswith=purpose)
    return qs


def attention_items(user) -> list[AttentionItem]:
    if not user.has_perm("messaging.change_outboundmessage"):
        return []
    items = []
    to_call = OutboundMessage.objects.filter(status=MessageStatus.TO_CALL).count()
    if to_call:
        items.append(AttentionItem(_("Readers to phone"), to_call, reverse("messaging:call_list"), "warning"))
    to_print = OutboundMessage.objects.filter(status=MessageStatus.TO_PRINT).count()
    if to_print:
        items.append(AttentionItem(_("Letters to print"), to_print, reverse("messaging:letters"), "info"))
    return items
