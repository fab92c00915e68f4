"""Home delivery: a reader's delivery profile, visits with the items chosen, the per-reader history
of what was already brought (never send it again unless asked), and notices to deliverers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.crypto import EncryptedTextField
from everyreader.core.models import TimeStampedModel
from everyreader.outreach.models.roster import Weekday


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every four weeks")


FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.MONTHLY: 28}


class ProfileStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class DeliveryProfile(TimeStampedModel):
    """One housebound reader's home-delivery arrangement, kept with the reader's consent."""

    reader = models.OneToOneField("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                                  related_name="delivery_profile")
    consent = models.ForeignKey("readers.Consent", verbose_name=_("consent"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("serving branch"), on_delete=models.PROTECT,
                               related_name="+")
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices,
                                 default=Frequency.FORTNIGHTLY)
    weekday = models.PositiveSmallIntegerField(_("preferred day"), choices=Weekday.choices, default=Weekday.TUESDAY)
    window_start = models.TimeField(_("from"))
    window_end = models.TimeField(_("until"))
    address = EncryptedTextField(_("delivery address"))
    access_notes = EncryptedTextField(_("notes for the deliverer"), blank=True,
                                      help_text=_("How to reach the door: floor, lift, entry code, ring twice…"))
    interests = models.JSONField(_("subjects of interest"), default=list, blank=True)
    formats = models.JSONField(_("formats wanted"), default=list, blank=True)
    items_per_visit = models.PositiveSmallIntegerField(_("items per visit"), default=3)
    status = models.CharField(_("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.ACTIVE)
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    start_on = models.DateField(_("first visit on or after"))
    deliverer = models.ForeignKey("outreach.RosterMember", verbose_name=_("usual deliverer"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="profiles")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["weekday", "window_start", "id"]
        verbose_name = _("delivery profile")
        verbose_name_plural = _("delivery profiles")
        constraints = [models.CheckConstraint(condition=models.Q(window_end__gt=models.F("window_start")),
                                              name="outreach_profile_window_end_after_start"),
                       models.CheckConstraint(condition=models.Q(items_per_visit__gte=1, items_per_visit__lte=10),
                                              name="outreach_profile_items_per_visit_1_10")]

    def __str__(self):
        return str(self.reader)

    @property
    def is_active(self) -> bool:
        return self.status == ProfileStatus.ACTIVE


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    NOT_HOME = "not_home", _("Reader not at home")
    CANCELLED = "cancelled", _("Cancelled")
    UNWELL = "unwell", _("Reader unwell")


VISIT_OUTCOMES = (VisitStatus.DELIVERED, VisitStatus.NOT_HOME, VisitStatus.CANCELLED, VisitStatus.UNWELL)


class Visit(TimeStampedModel):
    profile = models.ForeignKey(DeliveryProfile, verbose_name=_("delivery profile"), on_delete=models.CASCADE,
                                related_name="visits")
    date = models.DateField(_("date"), db_index=True)
    window_start = models.TimeField(_("from"))
    window_end = models.TimeField(_("until"))
    deliverer = models.ForeignKey("outreach.RosterMember", verbose_name=_("deliverer"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="visits")
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED,
                              db_index=True)
    generated = models.BooleanField(_("generated from the profile"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    rating = models.PositiveSmallIntegerField(_("reader's rating"), null=True, blank=True)
    comment = models.TextField(_("reader's comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    class Meta:
        ordering = ["date", "window_start", "id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [models.UniqueConstraint(fields=["profile", "date"], name="outreach_one_visit_per_day")]

    def __str__(self):
        return f"{self.profile} {self.date}"

    @property
    def items_to_hand_over(self) -> int:
        """How many items go (or went) to the reader (uses prefetched items)."""
        return sum(1 for vi in self.items.all() if vi.kind == VisitItemKind.DELIVER)


class VisitItemKind(models.TextChoices):
    DELIVER = "deliver", _("To hand over")
    COLLECT = "collect", _("To collect")


class VisitItem(models.Model):
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=VisitItemKind.choices, default=VisitItemKind.DELIVER)
    send_again = models.BooleanField(_("send again on request"), default=False)
    done = models.BooleanField(_("done"), default=False)
    loan_id = models.PositiveBigIntegerField(_("loan"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("item on a visit")
        verbose_name_plural = _("items on visits")
        constraints = [models.UniqueConstraint(fields=["visit", "item", "kind"], name="outreach_visit_item_once")]


class HistorySource(models.TextChoices):
    DELIVERY = "delivery", _("Home delivery")
    POSTAL = "postal", _("Postal loan")


class DeliveredRecord(models.Model):
    """What a reader has already received through outreach, by record and by work (all editions)."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="+")
    record = models.ForeignKey("catalog.Record", verbose_name=_("record"), on_delete=models.CASCADE,
                               related_name="+")
    work_key = models.CharField(_("work key"), max_length=120, blank=True, db_index=True)
    source = models.CharField(_("through"), max_length=20, choices=HistorySource.choices)
    delivered_on = models.DateField(_("delivered on"))

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("delivered title")
        verbose_name_plural = _("delivered titles")
        constraints = [models.UniqueConstraint(fields=["reader", "record"], name="outreach_delivered_once")]


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DelivererNotice(models.Model):
    """A day's schedule sent to one deliverer (workspace notification, e-mail or SMS). Idempotent."""

    member = models.ForeignKey("outreach.RosterMember", verbose_name=_("deliverer"), on_delete=models.CASCADE,
                               related_name="notices")
    date = models.DateField(_("schedule for"))
    channel = models.CharField(_("channel"), max_length=20)
    body = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED)
    outcome = models.TextField(_("outcome"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice to a deliverer")
        verbose_name_plural = _("notices to deliverers")
