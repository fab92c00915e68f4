from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.catalog.vocab import Audience, Format, ItemStatus
from everyreader.core.models import TimeStampedModel


class Record(TimeStampedModel):
    """A bibliographic record (one manifestation: an edition in one format).

    The source MARC record is kept (`marc`, ISO 2709 in UTF-8) so that export loses nothing the
    model does not know about. Editions and formats of the same work share `work_key`.
    """

    control_number = models.CharField(_("control number (001)"), max_length=40, blank=True)
    control_source = models.CharField(_("control number source (003)"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=500)
    title_original = models.CharField(_("title in original script"), max_length=500, blank=True)
    responsibility = models.CharField(_("statement of responsibility"), max_length=500, blank=True)
    responsibility_original = models.CharField(_("responsibility in original script"), max_length=500,
                                               blank=True)
    contributors = models.JSONField(_("contributors"), default=list, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    place = models.CharField(_("place of publication"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    edition = models.CharField(_("edition"), max_length=200, blank=True)
    series = models.CharField(_("series"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=3, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, db_index=True)
    issn = models.CharField(_("ISSN"), max_length=12, blank=True)
    identifiers = models.JSONField(_("other identifiers"), default=list, blank=True)
    original_script = models.JSONField(_("original-script fields (880)"), default=list, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.PRINT)
    braille_grade = models.PositiveSmallIntegerField(_("braille grade"), null=True, blank=True)
    large_print_size = models.PositiveSmallIntegerField(_("large print point size"), null=True, blank=True)
    # schema.org accessibility metadata (mapped to MARC 341/532)
    access_modes = models.JSONField(_("access modes"), default=list, blank=True)
    access_mode_sufficient = models.JSONField(_("sufficient access modes"), default=list, blank=True)
    accessibility_features = models.JSONField(_("accessibility features"), default=list, blank=True)
    accessibility_hazards = models.JSONField(_("accessibility hazards"), default=list, blank=True)
    accessibility_summary = models.TextField(_("accessibility summary"), blank=True)
    work_key = models.CharField(_("work key"), max_length=120, blank=True, db_index=True)
    marc = models.TextField(_("source MARC record"), blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("bibliographic record")
        verbose_name_plural = _("bibliographic records")
        indexes = [models.Index(fields=["control_number", "control_source"]),
                   models.Index(fields=["-created_at", "format"])]

    def __str__(self):
        return self.title


class Item(TimeStampedModel):
    """A copy on the shelf (or a lendable assistive device) at a branch."""

    record = models.ForeignKey(Record, verbose_name=_("record"), on_delete=models.CASCADE,
                               related_name="items")
    barcode = models.CharField(_("barcode"), max_length=40, unique=True)
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="catalogue_items")
    shelf_location = models.CharField(_("shelf location"), max_length=120, blank=True)
    call_number = models.CharField(_("call number"), max_length=80, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.PRINT)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices,
                              default=ItemStatus.AVAILABLE, db_index=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["branch__name", "barcode"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return self.barcode


class ImportJob(TimeStampedModel):
    """One MARC file being imported. `position` counts records done, so a stopped job resumes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped with an error")

    file = models.FileField(_("file"), upload_to="marc-imports/%Y/%m/", blank=True)
    path = models.CharField(_("file path"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    total = models.PositiveIntegerField(_("records in file"), null=True, blank=True)
    position = models.PositiveIntegerField(_("records processed"), default=0)
    created_count = models.PositiveIntegerField(_("records added"), default=0)
    updated_count = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("records already up to date"), default=0)
    error_count = models.PositiveIntegerField(_("records skipped"), default=0)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("MARC import")
        verbose_name_plural = _("MARC imports")

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.position / self.total))

    @property
    def is_stalled(self) -> bool:
        """Queued or running but silent for 15 minutes: its worker probably stopped."""
        from datetime import timedelta

        from django.utils import timezone

        return self.is_active and self.updated_at < timezone.now() - timedelta(minutes=15)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ImportProblem(models.Model):
    """A record the import skipped: where it was in the file and why."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveIntegerField(_("record number"))
    offset = models.BigIntegerField(_("byte offset"), null=True, blank=True)
    control_number = models.CharField(_("control number"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
