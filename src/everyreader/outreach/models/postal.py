"""Postal loans of accessible formats: dispatched by post, returned by post, tracked both ways."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.crypto import EncryptedTextField


class PostalStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched")
    RETURNED = "returned", _("Returned")


class PostalLoan(models.Model):
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), on_delete=models.CASCADE,
                               related_name="+")
    item = models.ForeignKey("catalog.Item", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("dispatching branch"), on_delete=models.PROTECT,
                               related_name="+")
    address = EncryptedTextField(_("posted to"))
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    return_tracking_number = models.CharField(_("return tracking number"), max_length=60, blank=True)
    free_postage = models.BooleanField(_("free postage (accessible-format mail)"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=PostalStatus.choices,
                              default=PostalStatus.DISPATCHED, db_index=True)
    dispatched_on = models.DateField(_("dispatched on"))
    due_on = models.DateField(_("due back"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    loan_id = models.PositiveBigIntegerField(_("loan"), null=True, blank=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-dispatched_on", "-id"]
        verbose_name = _("postal loan")
        verbose_name_plural = _("postal loans")

    def __str__(self):
        return f"{self.item} → {self.reader}"
