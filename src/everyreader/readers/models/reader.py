from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from everyreader.core.models import TimeStampedModel
from everyreader.readers.models.categories import ReaderCategory


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")
    PHONE = "phone", _("Phone call")
    LARGE_PRINT_LETTER = "large_print_letter", _("Large-print letter")
    BRAILLE_LETTER = "braille_letter", _("Braille letter")


class ServicePreference(models.TextChoices):
    """Neutral service preferences the reader agreed to share with all staff (not needs data)."""

    LARGE_PRINT_LETTERS = "large_print_letters", _("Prefers large-print letters")
    BRAILLE_LETTERS = "braille_letters", _("Prefers braille letters")
    AUDIO = "audio", _("Prefers audio books")
    EASY_READ = "easy_read", _("Prefers easy-read material")
    HOME_DELIVERY = "home_delivery", _("Uses home delivery")
    STEP_FREE = "step_free", _("Needs step-free access")
    SEATING = "seating", _("Needs a seat at the desk")
    WRITTEN_COMMUNICATION = "written", _("Prefers written communication at the desk")
    SIGN_LANGUAGE = "sign_language", _("Prefers sign language")
    MORE_TIME = "more_time", _("Appreciates more time and plain language")


class RegistrationChannel(models.TextChoices):
    ONLINE = "online", _("Online self-registration")
    STAFF = "staff", _("Registered by staff")
    IMPORT = "import", _("Imported")
    PARTNER = "partner", _("Partner referral")


class Reader(TimeStampedModel):
    """A registered reader. The sign-in account (`user`) is optional: many readers never sign in."""

    card_number = models.CharField(_("library card number"), max_length=32, unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("sign-in account"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="reader")
    family_name = models.CharField(_("family name"), max_length=80)
    given_name = models.CharField(_("given name"), max_length=80, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    category = models.CharField(_("reader category"), max_length=60, default=ReaderCategory.ADULT,
                                help_text=_("The code of a configured reader category."))
    home_branch = models.ForeignKey("accounts.Branch", verbose_name=_("home branch"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="readers")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=250, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="zh-hans",
                                          choices=settings.LANGUAGES)
    preferred_contact = models.CharField(_("preferred contact channel"), max_length=30,
                                         choices=ContactChannel.choices, default=ContactChannel.EMAIL)
    registered_via = models.CharField(_("registered via"), max_length=20,
                                      choices=RegistrationChannel.choices,
                                      default=RegistrationChannel.STAFF)
    is_active = models.BooleanField(_("active"), default=True)
    card_expires = models.DateField(_("card valid until"), null=True, blank=True,
                                    help_text=_("Empty: the card does not expire."))
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_relation = models.CharField(_("guardian's relation to the child"), max_length=60, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=40, blank=True)
    service_preferences = models.JSONField(_("service preferences shared with staff"), default=list,
                                           blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    erasure_requested_at = models.DateTimeField(_("erasure requested"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    @property
    def card_has_expired(self) -> bool:
        return self.card_expires is not None and self.card_expires < timezone.localdate()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        permissions = [
            ("view_sensitive_needs", _("Can see readers' needs profiles (sensitive)")),
            ("export_readers", _("Can export reader lists and segment members")),
            ("import_readers", _("Can import readers from CSV/XLSX")),
            ("erase_reader", _("Can erase or anonymise a reader")),
            ("view_needs_report", _("Can see the needs population report")),
        ]

    def __str__(self):
        return self.full_name

    def get_category_display(self) -> str:
        """The category's label in the active language (list pages preset `category_label`)."""
        preset = getattr(self, "category_label", None)
        return preset if preset is not None else ReaderCategory.label(self.category)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def service_preference_labels(self) -> list[str]:
        labels = dict(ServicePreference.choices)
        return [str(labels[c]) for c in self.service_preferences if c in labels]

    @property
    def full_name(self) -> str:
        # Chinese names are family name first with no space; Latin names given name first.
        if self.given_name and (self.family_name + self.given_name).isascii():
            return f"{self.given_name} {self.family_name}"
        return f"{self.family_name}{self.given_name}"
