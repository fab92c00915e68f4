from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.models import TimeStampedModel


class Segment(TimeStampedModel):
    """A saved rule over reader fields and behaviour (see readers/segments.py for the language)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    rules = models.JSONField(_("rules"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name
