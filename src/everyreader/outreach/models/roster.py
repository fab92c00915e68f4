"""The roster of people who go out to readers: volunteers and staff, with their background check
(vetting), training records and weekly availability. Shared with other outreach-like services
(reading aloud, sign-language interpreting, escorts) through `outreach.selectors`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.crypto import EncryptedTextField
from everyreader.core.models import TimeStampedModel


class Skill(models.TextChoices):
    HOME_DELIVERY = "home_delivery", _("Home delivery")
    READING_ALOUD = "reading_aloud", _("Reading aloud")
    SIGN_LANGUAGE = "sign_language", _("Sign-language interpreting")
    ESCORT = "escort", _("Escort")


class MemberKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    STAFF = "staff", _("Staff member")


class VettingStatus(models.TextChoices):
    PENDING = "pending", _("Background check pending")
    CLEARED = "cleared", _("Background check cleared")
    REFUSED = "refused", _("Background check refused")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RosterMember(TimeStampedModel):
    """A volunteer or staff member who can be sent out to readers."""

    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.VOLUNTEER)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("sign-in account"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="roster_member")
    name = models.CharField(_("name"), max_length=120)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    skills = models.JSONField(_("skills"), default=list, blank=True)
    vetting_status = models.CharField(_("background check"), max_length=20, choices=VettingStatus.choices,
                                      default=VettingStatus.PENDING)
    vetted_on = models.DateField(_("background check date"), null=True, blank=True)
    vetting_expires_on = models.DateField(_("background check valid until"), null=True, blank=True)
    notify_by = models.CharField(_("send schedules by"), max_length=20, default="sms",
                                 choices=[("sms", _("Text message (SMS)")), ("email", _("E-mail")),
                                          ("account", _("Staff workspace notification"))])
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("roster member")
        verbose_name_plural = _("roster members")
        permissions = [("manage_roster", _("Can manage the volunteer and staff roster"))]

    def __str__(self):
        return self.name

    def vetted_on_day(self, day) -> bool:
        return (self.vetting_status == VettingStatus.CLEARED and self.vetted_on is not None
                and self.vetted_on <= day
                and (self.vetting_expires_on is None or self.vetting_expires_on >= day))


class TrainingRecord(models.Model):
    member = models.ForeignKey(RosterMember, verbose_name=_("roster member"), on_delete=models.CASCADE,
                               related_name="training")
    course = models.CharField(_("course"), max_length=200)
    skill = models.CharField(_("qualifies for"), max_length=30, choices=Skill.choices)
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self):
        return self.course

    def valid_on(self, day) -> bool:
        return self.completed_on <= day and (self.expires_on is None or self.expires_on >= day)


class Availability(models.Model):
    """A weekly slot in which the member can go out (e.g. Tuesday 09:00–12:00)."""

    member = models.ForeignKey(RosterMember, verbose_name=_("roster member"), on_delete=models.CASCADE,
                               related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                              name="outreach_availability_end_after_start")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"
