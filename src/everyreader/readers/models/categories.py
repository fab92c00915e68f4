"""Reader categories the library configures (adult, child under 14 with a guardian, senior, ...).

`Reader.category` stores the category's code, so codes other apps rely on ("child", "senior")
keep working; the table adds labels in the three languages, the guardian rule and age hints.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.readers.models.needs import _Labelled


class ReaderCategoryDefinition(_Labelled):
    requires_guardian = models.BooleanField(
        _("requires a parent or guardian"), default=False,
        help_text=_("A parent or guardian registers the reader and gives consent (children under 14)."))
    min_age = models.PositiveSmallIntegerField(_("minimum age (hint)"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age (hint)"), null=True, blank=True)

    class Meta(_Labelled.Meta):
        verbose_name = _("reader category")
        verbose_name_plural = _("reader categories")

    @property
    def age_hint(self) -> str:
        if self.min_age is not None and self.max_age is not None:
            return _("%(min)s to %(max)s years") % {"min": self.min_age, "max": self.max_age}
        if self.min_age is not None:
            return _("%(min)s years and over") % {"min": self.min_age}
        if self.max_age is not None:
            return _("up to %(max)s years") % {"max": self.max_age}
        return ""


class CategoryCode(str):
    """A seeded code that, like the former TextChoices member, also offers `.value` and `.label`."""

    @property
    def value(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        return _Categories.label(str(self))


class _Categories:
    """Backwards-compatible access to the configurable categories.

    The constants are the seeded codes (kept by the data migration); `choices` and `values` read
    the table (all categories, for labels of existing data); `active_choices` is for forms.
    """

    ADULT = CategoryCode("adult")
    CHILD = CategoryCode("child")
    TEEN = CategoryCode("teen")
    SENIOR = CategoryCode("senior")

    @staticmethod
    def definitions(active_only: bool = False) -> list[ReaderCategoryDefinition]:
        qs = ReaderCategoryDefinition.objects.all()
        if active_only:
            qs = qs.filter(is_active=True)
        return list(qs)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.definitions()]

    @property
    def values(self) -> list[str]:
        return list(ReaderCategoryDefinition.objects.values_list("code", flat=True))

    def active_choices(self) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.definitions(active_only=True)]

    @staticmethod
    def is_active(code: str) -> bool:
        return bool(code) and ReaderCategoryDefinition.objects.filter(code=code, is_active=True).exists()

    @staticmethod
    def requires_guardian(code: str) -> bool:
        return bool(code) and ReaderCategoryDefinition.objects.filter(code=code, requires_guardian=True).exists()

    @staticmethod
    def guardian_codes() -> list[str]:
        return list(ReaderCategoryDefinition.objects.filter(requires_guardian=True)
                    .values_list("code", flat=True))

    @staticmethod
    def label(code: str) -> str:
        definition = ReaderCategoryDefinition.objects.filter(code=code).first()
        return definition.label if definition else code


ReaderCategory = _Categories()
