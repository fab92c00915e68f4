from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.readers.models import ContactChannel


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    TO_CALL = "to_call", _("Waiting for a phone call")
    TO_PRINT = "to_print", _("Waiting to be printed")
    PRINTED = "printed", _("Printed and posted")
    CALLED = "called", _("Called")
    UNREACHABLE = "unreachable", _("Could not reach the reader")
    FAILED = "failed", _("Failed")


class LetterBatch(models.Model):
    """Large-print or braille letters printed together."""

    channel = models.CharField(_("channel"), max_length=30, choices=ContactChannel.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    letter_count = models.PositiveIntegerField(_("letters"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")

    def __str__(self):
        return f"{self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"


class OutboundMessage(models.Model):
    """One message to one reader, through the channel the reader prefers. Logged with its outcome."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), null=True,
                               on_delete=models.SET_NULL, related_name="messages")
    channel = models.CharField(_("channel"), max_length=30, choices=ContactChannel.choices)
    address = models.CharField(_("sent to"), max_length=250, blank=True,
                               help_text=_("E-mail address, phone number or postal address used."))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    purpose = models.CharField(_("purpose"), max_length=60, db_index=True,
                               help_text=_("What the message is about, e.g. feedback.acknowledged."))
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices,
                              default=MessageStatus.QUEUED, db_index=True)
    outcome = models.TextField(_("outcome"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, null=True, blank=True, unique=True)
    batch = models.ForeignKey(LetterBatch, verbose_name=_("letter batch"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="messages")
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("completed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message to a reader")
        verbose_name_plural = _("messages to readers")
        indexes = [models.Index(fields=["channel", "status"])]

    def __str__(self):
        return self.subject
