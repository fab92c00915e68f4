"""Feedback, suggestions and complaints: intake, responsibility, service levels, root cause."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.models import TimeStampedModel


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")
    QUESTION = "question", _("Question")
    BARRIER = "barrier", _("Accessibility barrier report")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High (stops someone using the service)")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("In person at the library")
    LETTER = "letter", _("Letter")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    PARTNER = "partner", _("Partner referral")


class State(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_STATES = (State.NEW, State.ASSIGNED, State.IN_PROGRESS, State.REOPENED)


class CauseCategory(models.TextChoices):
    POLICY = "policy", _("Policy")
    PROCESS = "process", _("Process")
    STAFF_SKILL = "staff_skill", _("Staff skill")
    RESOURCES = "resources", _("Resource shortage")
    FACILITY = "facility", _("Facility")
    SYSTEM = "system", _("System")
    COMMUNICATION = "communication", _("Communication")


class Category(TimeStampedModel):
    """The taxonomy readers choose from; each category is routed to a responsible department."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=250, blank=True)
    department = models.ForeignKey("accounts.Department", verbose_name=_("responsible department"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="feedback_categories")
    department_code = models.SlugField(
        _("default department code"), max_length=40, blank=True,
        help_text=_("Used to route the category when the department is created later."))
    order = models.PositiveSmallIntegerField(_("order"), default=50)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")

    def __str__(self):
        return self.name


class ServiceTarget(models.Model):
    """How fast feedback of a kind and severity must be acknowledged and resolved (working days)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    acknowledge_days = models.PositiveSmallIntegerField(_("acknowledge within (working days)"), default=1)
    resolve_days = models.PositiveSmallIntegerField(_("resolve within (working days)"), default=5)

    class Meta:
        ordering = ["kind", "severity"]
        constraints = [models.UniqueConstraint(fields=["kind", "severity"], name="feedback_target_unique")]
        verbose_name = _("service-level target")
        verbose_name_plural = _("service-level targets")

    def __str__(self):
        return f"{self.get_kind_display()} / {self.get_severity_display()}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class FeedbackItem(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    access_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.MEDIUM)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="items")
    department = models.ForeignKey("accounts.Department", verbose_name=_("department"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="feedback_items")
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("branch"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="feedback_items")
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what happened"))
    expectation = models.TextField(_("what you would like us to do"), blank=True)
    # Who sent it. All empty for anonymous feedback; no IP address is ever stored.
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="feedback_items")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by staff"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    # Workflow
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW,
                             db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="feedback_handled")
    received_at = models.DateTimeField(_("received"), db_index=True)
    acknowledge_due = models.DateField(_("acknowledge by"))
    due_date = models.DateField(_("resolve by"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    responded_within_target = models.BooleanField(_("responded within target"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    response = models.TextField(_("response to the reader"), blank=True)
    response_channel = models.CharField(_("response sent by"), max_length=30, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    # The reader's rating of the resolution (1-5).
    rating = models.PositiveSmallIntegerField(_("resolution rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the resolution"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        permissions = [
            ("assign_feedbackitem", _("Can assign feedback to a handler")),
            ("view_all_feedback", _("Can see feedback of every department")),
            ("view_feedback_analysis", _("Can see the feedback analysis")),
        ]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def response_channel_label(self) -> str:
        from everyreader.readers.models import ContactChannel

        return str(dict(ContactChannel.choices).get(self.response_channel, self.response_channel))

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_date < today


class Attachment(models.Model):
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="feedback/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class EventType(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed to department")
    ASSIGNED = "assigned", _("Assigned")
    REASSIGNED = "reassigned", _("Reassigned")
    STARTED = "started", _("Work started")
    RESPONDED = "responded", _("Response sent")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REMINDED = "reminded", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
    RATED = "rated", _("Rated by the reader")


class FeedbackEvent(models.Model):
    """The item's history: every assignment, reassignment, escalation and state change."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    target_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    level = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")

    def __str__(self):
        return f"{self.item_id} {self.event}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ImprovementAction(TimeStampedModel):
    """A service improvement action opened from feedback (the quality module extends it later)."""

    description = models.TextField(_("what will change"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="improvement_actions")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")

    def __str__(self):
        return self.description[:60]


class RootCause(TimeStampedModel):
    """Why a complaint happened, recorded when it is closed."""

    item = models.OneToOneField(FeedbackItem, on_delete=models.CASCADE, related_name="root_cause")
    cause_category = models.CharField(_("cause category"), max_length=20, choices=CauseCategory.choices)
    whys = models.JSONField(_("why-chain"), default=list,
                            help_text=_("Up to five answers to “why?”, each going one level deeper."))
    expected = models.TextField(_("what the reader expected"))
    provided = models.TextField(_("what was provided"))
    action = models.ForeignKey(ImprovementAction, verbose_name=_("improvement action"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="root_causes")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self):
        return f"{self.item_id} {self.get_cause_category_display()}"
