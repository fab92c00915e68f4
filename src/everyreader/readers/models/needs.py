"""Needs taxonomy, consent, the encrypted needs profile and its versions, latent needs and the
anonymous statistics that survive withdrawal and erasure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.crypto import EncryptedJSONField
from everyreader.core.languages import pick


class _Labelled(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    label_zh_hans = models.CharField(_("name (simplified Chinese)"), max_length=120)
    label_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=120)
    label_en = models.CharField(_("name (English)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=50)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    @property
    def label(self) -> str:
        return pick({"zh-hans": self.label_zh_hans, "zh-hant": self.label_zh_hant, "en": self.label_en},
                    fallback=self.code)

    def __str__(self):
        return self.label


class NeedCategory(_Labelled):
    class Meta(_Labelled.Meta):
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")


class NeedType(_Labelled):
    """A functional need (never a diagnosis), e.g. "low vision" in the category "vision"."""

    category = models.ForeignKey(NeedCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="types")
    print_disability = models.BooleanField(_("print disability"), default=False,
                                           help_text=_("Readers with this need may receive accessible copies."))

    class Meta(_Labelled.Meta):
        verbose_name = _("need type")
        verbose_name_plural = _("need types")


class NeedLevel(models.TextChoices):
    SOME = "some", _("Some difficulty")
    A_LOT = "a_lot", _("A lot of difficulty")
    CANNOT = "cannot", _("Cannot do at all")


class NeedSource(models.TextChoices):
    SELF = "self", _("Self-declared")
    STAFF = "staff", _("Observed by staff")
    PARTNER = "partner", _("Partner referral")


class PreferredFormat(models.TextChoices):
    BRAILLE = "braille", _("Braille")
    LARGE_PRINT = "large_print", _("Large print")
    AUDIO = "audio", _("Audio / DAISY")
    ETEXT = "etext", _("E-text")
    EASY_READ = "easy_read", _("Easy-read")
    SIGN_VIDEO = "sign_video", _("Sign-language video")
    CAPTIONS = "captions", _("Captions")


class AssistanceNeed(models.TextChoices):
    READING_ALOUD = "reading_aloud", _("Reading aloud")
    SIGN_INTERPRETER = "sign_interpreter", _("Sign-language interpreter")
    ESCORT = "escort", _("Escort / guide")
    HOME_DELIVERY = "home_delivery", _("Home delivery")
    SEATING = "seating", _("Seating")


class AssistiveTech(models.TextChoices):
    SCREEN_READER = "screen_reader", _("Screen reader")
    MAGNIFIER = "magnifier", _("Magnifier")
    BRAILLE_DISPLAY = "braille_display", _("Braille display")
    HEARING_LOOP = "hearing_loop", _("Hearing aid / loop")
    SWITCH = "switch", _("Switch or alternative keyboard")


class ConsentPurpose(models.TextChoices):
    SENSITIVE_NEEDS = "sensitive_needs", _("Recording my needs to serve me better")
    HOME_DELIVERY = "home_delivery", _("Home delivery: my address, access notes and what I received")


class ConsentChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the reader")
    IN_PERSON = "in_person", _("In person, signed form")
    PHONE = "phone", _("By phone, recorded by staff")
    PARTNER = "partner", _("Through a partner organisation")


class Consent(models.Model):
    """A separate, explicit consent (PIPL Art. 29): what was agreed to, when, how, by whom."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices,
                               default=ConsentPurpose.SENSITIVE_NEEDS)
    purpose_version = models.CharField(_("version of the purpose text"), max_length=20)
    purpose_text = models.TextField(_("purpose text agreed to"))
    given_at = models.DateTimeField(_("given"))
    channel = models.CharField(_("channel"), max_length=20, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_relation = models.CharField(_("guardian's relation"), max_length=60, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.purpose_version})"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


class NeedsProfile(models.Model):
    """The reader's current needs, encrypted. `data` holds needs, formats, assistance, technology."""

    reader = models.OneToOneField("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                                  related_name="needs_profile")
    data = EncryptedJSONField(_("needs (encrypted)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("needs profile")
        verbose_name_plural = _("needs profiles")


class NeedsProfileVersion(models.Model):
    """Every change of a needs profile: a dated snapshot with who changed it and why."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="needs_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    data = EncryptedJSONField(_("snapshot and reason (encrypted)"))

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["reader", "number"], name="readers_needs_version_unique")]
        verbose_name = _("needs profile version")
        verbose_name_plural = _("needs profile versions")


class ReaderNeedTag(models.Model):
    """Blind index (keyed hash) of a reader's need types, formats and assistance, for segments."""

    reader = models.ForeignKey("readers.Reader", on_delete=models.CASCADE, related_name="need_tags")
    tag = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reader", "tag"], name="readers_need_tag_unique")]


class LatentNeedStatus(models.TextChoices):
    OPEN = "open", _("Open: follow up with the reader")
    CONFIRMED = "confirmed", _("Confirmed with the reader")
    DISMISSED = "dismissed", _("Dismissed")


class LatentNeed(models.Model):
    """A staff observation of a possible need, flagged for follow-up. Content is encrypted."""

    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="latent_needs")
    status = models.CharField(_("status"), max_length=20, choices=LatentNeedStatus.choices,
                              default=LatentNeedStatus.OPEN, db_index=True)
    data = EncryptedJSONField(_("observation (encrypted)"))
    observed_at = models.DateTimeField(_("observed"))
    observed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("observed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-observed_at", "-id"]
        verbose_name = _("latent need")
        verbose_name_plural = _("latent needs")


class NeedEvent(models.TextChoices):
    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    ENDED = "ended", _("Ended")


class NeedStatistic(models.Model):
    """Anonymous counts of need events per month and type. No reader is identified."""

    month = models.DateField(_("month"))
    need_type = models.CharField(_("need type"), max_length=60)
    event = models.CharField(_("event"), max_length=10, choices=NeedEvent.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["month", "need_type", "event"]
        constraints = [models.UniqueConstraint(fields=["month", "need_type", "event"],
                                               name="readers_need_statistic_unique")]
        verbose_name = _("need statistic")
        verbose_name_plural = _("need statistics")
