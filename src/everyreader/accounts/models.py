from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.models import TimeStampedModel


class Branch(TimeStampedModel):
    WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]

    code = models.SlugField(_("code"), max_length=20, unique=True,
                            help_text=_("Short code used on labels and in reports, e.g. CENTRAL."))
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    opening_days = models.JSONField(
        _("opening days"), default=list, blank=True,
        help_text=_("Weekdays the branch is open (0 = Monday). Used for service-level due dates."),
    )
    accessibility_notes = models.TextField(
        _("accessibility information"), blank=True,
        help_text=_("Step-free access, hearing loop, accessible toilet, parking and similar."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self):
        return self.name

    @property
    def opening_labels(self) -> list[str]:
        names = dict(self.WEEKDAYS)
        return [str(names[d]) for d in sorted(self.opening_days or []) if d in names]


class User(AbstractUser):
    """Staff and readers sign in with this account. Readers' library details live in `readers`."""

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    display_preferences = models.JSONField(_("display preferences"), default=dict, blank=True)
    branch = models.ForeignKey(Branch, verbose_name=_("branch"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="staff")
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        """Library staff (any staff role), as opposed to readers. Not Django's is_staff (admin site)."""
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_staff_member", None)
        if cached is None:
            from everyreader.accounts.access import access_of
            from everyreader.accounts.roles import STAFF_ROLES

            cached = not access_of(self).roles.isdisjoint(STAFF_ROLES)
            self._is_staff_member = cached
        return cached


class Department(TimeStampedModel):
    """A unit of the responsibility system: it owns duties, tasks, complaints and risks."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    duties = models.TextField(_("statement of duties"), blank=True,
                              help_text=_("What this department is responsible for."))
    head = models.ForeignKey(User, verbose_name=_("head"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="departments_headed")
    members = models.ManyToManyField(User, verbose_name=_("members"), blank=True,
                                     related_name="departments")
    branch = models.ForeignKey(Branch, verbose_name=_("branch"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="departments",
                               help_text=_("Leave empty for a library-wide department."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name
