"""Assistive devices (catalogue items with format "device") and bookable assistance slots."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from everyreader.core.models import TimeStampedModel
from everyreader.outreach.models import Skill as OutreachSkill


class DeviceKind(models.TextChoices):
    VIDEO_MAGNIFIER = "video_magnifier", _("Video magnifier")
    DAISY_PLAYER = "daisy_player", _("DAISY player")
    BRAILLE_DISPLAY = "braille_display", _("Braille display")
    HEARING_LOOP = "hearing_loop", _("Portable hearing loop")
    READING_PEN = "reading_pen", _("Reading pen")
    OTHER = "other", _("Other device")


class GuideFormat(models.TextChoices):
    LARGE_PRINT = "large_print", _("Large print")
    BRAILLE = "braille", _("Braille")
    AUDIO = "audio", _("Audio")
    EASY_READ = "easy_read", _("Easy-read")
    ETEXT = "etext", _("Accessible e-text")


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    WORN = "worn", _("Usable, some wear")
    NEEDS_REPAIR = "needs_repair", _("Needs repair")


class Device(TimeStampedModel):
    """What lending a device needs beyond a book. The catalogue item carries barcode, branch, status."""

    item = models.OneToOneField("catalog.Item", verbose_name=_("catalogue item"), on_delete=models.CASCADE,
                                related_name="device")
    kind = models.CharField(_("kind of device"), max_length=30, choices=DeviceKind.choices)
    model_name = models.CharField(_("make and model"), max_length=150)
    serial_number = models.CharField(_("serial number"), max_length=80, unique=True)
    purpose = models.TextField(_("what it does, in plain language"))
    accessories = models.JSONField(_("accessories"), default=list, blank=True,
                                   help_text=_("One accessory a line; checked at every return."))
    needs_charging = models.BooleanField(_("has a battery to charge"), default=True)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices, default=Condition.GOOD)
    last_safety_check = models.DateField(_("last safety check"), null=True, blank=True)
    safety_check_months = models.PositiveSmallIntegerField(_("safety check every (months)"), default=12)
    guide_formats = models.JSONField(_("user guide formats"), default=list, blank=True)
    guide_url = models.URLField(_("user guide address"), blank=True)
    is_bookable = models.BooleanField(_("readers may book it"), default=True)

    class Meta:
        ordering = ["kind", "model_name", "serial_number"]
        verbose_name = _("assistive device")
        verbose_name_plural = _("assistive devices")
        permissions = [("book_for_reader", _("Can book devices and assistance for readers"))]

    def __str__(self):
        return f"{self.model_name} ({self.serial_number})"

    def guide_format_labels(self):
        labels = dict(GuideFormat.choices)
        return [labels.get(code, code) for code in self.guide_formats]


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    COLLECTED = "collected", _("Collected")
    DONE = "done", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Not collected in time")


ACTIVE_BOOKING = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.COLLECTED)


class BookingChannel(models.TextChoices):
    SELF = "self", _("Online by the reader")
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")


class DeviceBooking(TimeStampedModel):
    """A reader asks for a device for a date range; the range cannot overlap another active booking."""

    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="bookings")
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="device_bookings")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices,
                              default=BookingStatus.REQUESTED, db_index=True)
    channel = models.CharField(_("booked"), max_length=10, choices=BookingChannel.choices,
                               default=BookingChannel.SELF)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    loan_id = models.PositiveIntegerField(_("loan"), null=True, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("device booking")
        verbose_name_plural = _("device bookings")
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                              name="assistance_booking_dates_ordered")]

    def __str__(self):
        return f"{self.device} {self.start_date}–{self.end_date}"


class CheckOutcome(models.TextChoices):
    OK = "ok", _("Ready to lend")
    CLEAN = "clean", _("Ready after cleaning or charging")
    REPAIR = "repair", _("Send to repair")


class ConditionCheck(models.Model):
    """A check of a device: at every return, after repair, or the periodic safety check."""

    class Occasion(models.TextChoices):
        RETURN = "return", _("Return from loan")
        SAFETY = "safety", _("Safety check")
        REPAIRED = "repaired", _("Back from repair")

    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.CASCADE, related_name="checks")
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    missing_accessories = models.JSONField(_("missing accessories"), default=list, blank=True)
    charged = models.BooleanField(_("charged"), null=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("condition check")
        verbose_name_plural = _("condition checks")


SKILL_CHOICES = [("", _("No roster helper (staff on duty)")), *OutreachSkill.choices]


class ServiceType(TimeStampedModel):
    """A kind of assistance readers can book. Built-in ones come with the app; staff add more."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_zh_hans = models.CharField(_("name (simplified Chinese)"), max_length=120)
    label_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=120)
    label_en = models.CharField(_("name (English)"), max_length=120)
    description_zh_hans = models.TextField(_("description (simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (traditional Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    skill = models.CharField(_("skill needed"), max_length=30, choices=SKILL_CHOICES, blank=True,
                             help_text=_("Helpers are chosen from the outreach roster: vetted and trained for this skill."))
    duration_minutes = models.PositiveSmallIntegerField(_("usual length (minutes)"), default=60)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("assistance service")
        verbose_name_plural = _("assistance services")

    def _localised(self, prefix):
        from everyreader.core.languages import pick

        return pick({"zh-hans": getattr(self, f"{prefix}_zh_hans"), "zh-hant": getattr(self, f"{prefix}_zh_hant"),
                     "en": getattr(self, f"{prefix}_en")})

    @property
    def label(self):
        return self._localised("label")

    @property
    def description(self):
        return self._localised("description")

    def __str__(self):
        return self.label


class AvailabilityRule(TimeStampedModel):
    """A weekly pattern (e.g. every Tuesday 14:00) that generates slots a few weeks ahead."""

    service_type = models.ForeignKey(ServiceType, verbose_name=_("service"), on_delete=models.PROTECT,
                                     related_name="rules")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="+")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=[(0, _("Monday")), (1, _("Tuesday")),
                                                                      (2, _("Wednesday")), (3, _("Thursday")),
                                                                      (4, _("Friday")), (5, _("Saturday")),
                                                                      (6, _("Sunday"))])
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    helper = models.ForeignKey("outreach.RosterMember", verbose_name=_("assigned helper"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    location = models.CharField(_("where"), max_length=150, blank=True)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["branch__name", "weekday", "start_time"]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")


class Slot(TimeStampedModel):
    """A time someone is there to help, with a number of places. `booked` counts active bookings and
    only ever changes through a conditional UPDATE, which is what makes booking race-safe."""

    service_type = models.ForeignKey(ServiceType, verbose_name=_("service"), on_delete=models.PROTECT,
                                     related_name="slots")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="+")
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    booked = models.PositiveSmallIntegerField(_("places taken"), default=0)
    helper = models.ForeignKey("outreach.RosterMember", verbose_name=_("assigned helper"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    location = models.CharField(_("where"), max_length=150, blank=True)
    rule = models.ForeignKey(AvailabilityRule, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="slots")
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("assistance slot")
        verbose_name_plural = _("assistance slots")
        constraints = [
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="assistance_slot_not_overbooked"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="assistance_slot_ends_after_start"),
            models.UniqueConstraint(fields=["rule", "starts_at"], name="assistance_slot_once_per_rule"),
        ]

    def __str__(self):
        return f"{self.service_type} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)


class SlotBookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class SlotBooking(TimeStampedModel):
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings")
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="assistance_bookings")
    status = models.CharField(_("status"), max_length=20, choices=SlotBookingStatus.choices,
                              default=SlotBookingStatus.BOOKED, db_index=True)
    channel = models.CharField(_("booked"), max_length=10, choices=BookingChannel.choices,
                               default=BookingChannel.SELF)
    note = models.CharField(_("what would help"), max_length=300, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("assistance booking")
        verbose_name_plural = _("assistance bookings")
        constraints = [models.UniqueConstraint(fields=["slot", "reader"], condition=Q(status="booked"),
                                               name="assistance_one_booking_per_reader_and_slot")]

    def __str__(self):
        return f"{self.slot} · {self.reader_id}"


class HelperNotice(models.Model):
    """A message to a slot's helper (log + idempotence: a dedupe key is used once)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="helper_notices")
    helper = models.ForeignKey("outreach.RosterMember", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    channel = models.CharField(_("channel"), max_length=20)
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to a helper")
        verbose_name_plural = _("messages to helpers")
