"""Service programmes: goals and targets, the work breakdown on a timeline, budget, risks,
meetings, monthly progress reports and the communication plan.

Text imported from a plan template is stored in the default language (zh-hans) in the field
itself; the other languages live in `i18n` ({"en": {"title": ...}, "zh-hant": {...}}) and are
shown through the `localized` template filter. Editing a field by hand replaces every language.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.languages import current_language
from everyreader.core.models import TimeStampedModel

USER = settings.AUTH_USER_MODEL
DEPARTMENT = "accounts.Department"


class LocalizedText(models.Model):
    i18n = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str, language: str | None = None) -> str:
        """The field in the language (default: the active one); the stored field otherwise."""
        value = (self.i18n or {}).get(current_language(language), {}).get(field)
        return value if value else getattr(self, field)


class Programme(LocalizedText, TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), help_text=_("Week 1 starts on this day."))
    weeks = models.PositiveSmallIntegerField(_("length in weeks"), default=56)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    manager = models.ForeignKey(USER, verbose_name=_("programme manager"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"), default=14,
        help_text=_("Monthly progress reports are due on this day of the following month (second week)."))

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        permissions = [("manage_programme", _("Can manage service programmes"))]

    def __str__(self):
        return self.name

    def week_start(self, week: int) -> dt.date:
        return self.start_date + dt.timedelta(weeks=week - 1)

    def week_end(self, week: int) -> dt.date:
        return self.start_date + dt.timedelta(weeks=week, days=-1)

    @property
    def end_date(self) -> dt.date:
        return self.week_end(self.weeks)

    def week_of(self, day: dt.date) -> int:
        return (day - self.start_date).days // 7 + 1


class Goal(LocalizedText):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals",
                                  verbose_name=_("programme"))
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("goal"), max_length=300)

    class Meta:
        ordering = ["programme", "code"]
        unique_together = [("programme", "code")]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class Target(LocalizedText, TimeStampedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal"))
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    current_value = models.DecimalField(_("current value"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired = models.BooleanField(_("retired"), default=False,
                                  help_text=_("A retired target is no longer tracked or reported."))

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.indicator

    @property
    def progress_percent(self) -> int | None:
        if None in (self.baseline, self.target_value, self.current_value) or self.target_value == self.baseline:
            return None
        share = (self.current_value - self.baseline) / (self.target_value - self.baseline) * 100
        return max(0, min(100, round(share)))


class Task(LocalizedText, TimeStampedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        BLOCKED = "blocked", _("Blocked")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks",
                                  verbose_name=_("programme"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="subtasks", verbose_name=_("key task"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("responsible group"), max_length=120, blank=True,
                             help_text=_("The group named in the plan."))
    department = models.ForeignKey(DEPARTMENT, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="programme_tasks", verbose_name=_("responsible department"))
    owner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="programme_tasks", verbose_name=_("responsible person"))
    start_week = models.PositiveSmallIntegerField(_("start week"))
    end_week = models.PositiveSmallIntegerField(_("end week"))
    resources = models.TextField(_("required resources"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(_("% complete"), default=0)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual finish"), null=True, blank=True)
    blocked_reason = models.CharField(_("reason blocked"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependants",
                                        verbose_name=_("depends on"),
                                        help_text=_("Tasks that must finish before this one starts."))

    class Meta:
        ordering = ["programme", "start_week", "order", "code"]
        unique_together = [("programme", "code")]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def planned_start(self) -> dt.date:
        return self.programme.week_start(self.start_week)

    @property
    def planned_end(self) -> dt.date:
        return self.programme.week_end(self.end_week)


class Milestone(LocalizedText):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones",
                                  verbose_name=_("programme"))
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="milestones", verbose_name=_("task"))
    title = models.CharField(_("milestone"), max_length=300)
    week = models.PositiveSmallIntegerField(_("week"))

    class Meta:
        ordering = ["programme", "week"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    @property
    def date(self) -> dt.date:
        return self.programme.week_end(self.week)


class StaffAllocation(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("task"))
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="programme_allocations",
                               verbose_name=_("staff member"))
    percent = models.PositiveSmallIntegerField(_("share of working time (%)"))

    class Meta:
        unique_together = [("task", "person")]
        verbose_name = _("staff allocation")
        verbose_name_plural = _("staff allocations")


class BudgetLine(LocalizedText, TimeStampedModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("task"))
    item = models.CharField(_("budget item"), max_length=200)
    planned = models.DecimalField(_("planned (yuan)"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (yuan)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["task", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.item


class Risk(LocalizedText, TimeStampedModel):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MITIGATING = "mitigating", _("Being mitigated")
        OCCURRED = "occurred", _("Occurred")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="risks",
                                  verbose_name=_("programme"))
    code = models.CharField(_("code"), max_length=20)
    factor = models.CharField(_("risk factor"), max_length=300)
    impact = models.TextField(_("impact"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"))
    impact_score = models.PositiveSmallIntegerField(_("impact (1-5)"))
    mitigation = models.TextField(_("mitigation"), blank=True)
    mitigation_schedule = models.CharField(_("when the mitigation runs"), max_length=300, blank=True)
    owner_group = models.CharField(_("responsible group"), max_length=200, blank=True)
    department = models.ForeignKey(DEPARTMENT, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="programme_risks", verbose_name=_("responsible department"))
    owner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="programme_risks", verbose_name=_("risk owner"))
    review_cadence = models.CharField(_("review cadence"), max_length=20, choices=Cadence.choices,
                                      default=Cadence.MONTHLY)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    tasks = models.ManyToManyField(Task, blank=True, related_name="risks", verbose_name=_("tasks threatened"))

    class Meta:
        ordering = ["programme", "code"]
        unique_together = [("programme", "code")]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return f"{self.code} {self.factor}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact_score


class RiskReview(models.Model):
    """One entry of a risk's status history: who reviewed it, when, and what they found."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("risk"))
    reviewed_at = models.DateTimeField(_("reviewed at"))
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("reviewed by"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"))
    impact_score = models.PositiveSmallIntegerField(_("impact (1-5)"))
    status = models.CharField(_("status"), max_length=20, choices=Risk.Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact_score


class MeetingSeries(LocalizedText):
    class Cadence(models.TextChoices):
        MONTHLY_FIRST_WEEK = "monthly_first_week", _("Monthly, in the first week")
        WEEKLY = "weekly", _("Weekly")

    class Kind(models.TextChoices):
        COORDINATION = "coordination", _("Programme coordination")
        PARTNER = "partner", _("Partner coordination")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meeting_series",
                                  verbose_name=_("programme"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("standing agenda"), blank=True)
    cadence = models.CharField(_("cadence"), max_length=30, choices=Cadence.choices)
    start_week = models.PositiveSmallIntegerField(_("start week"), default=1)
    end_week = models.PositiveSmallIntegerField(_("end week"))
    chair = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("chair"))

    class Meta:
        ordering = ["programme", "kind"]
        unique_together = [("programme", "kind")]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.title


class Meeting(LocalizedText, TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("programme"))
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="meetings", verbose_name=_("series"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    chair = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("chair"))
    attendees = models.ManyToManyField(USER, blank=True, related_name="programme_meetings",
                                       verbose_name=_("attendees"))

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["series", "date"], name="programs_meeting_series_date")]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.title} {self.date:%Y-%m-%d}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("meeting"))
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class ActionItem(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions",
                                verbose_name=_("meeting"))
    title = models.CharField(_("action"), max_length=300)
    assignee = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="programme_actions",
                                 verbose_name=_("assigned to"))
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
                             verbose_name=_("related task"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.title


class MonthlyReport(TimeStampedModel):
    class Status(models.TextChoices):
        DUE = "due", _("Not yet submitted")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports",
                                  verbose_name=_("programme"))
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("task"))
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="programme_reports",
                              verbose_name=_("task owner"))
    period = models.DateField(_("month reported"), help_text=_("The first day of the month."))
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DUE)
    percent_complete = models.PositiveSmallIntegerField(_("% complete"), null=True, blank=True)
    progress = models.TextField(_("progress"), blank=True)
    resources_used = models.TextField(_("resources used"), blank=True)
    amount_spent = models.DecimalField(_("spent this month (yuan)"), max_digits=12, decimal_places=2,
                                       null=True, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ["-period", "task__start_week", "task__code"]
        constraints = [models.UniqueConstraint(fields=["task", "period"], name="programs_report_task_period")]
        verbose_name = _("monthly progress report")
        verbose_name_plural = _("monthly progress reports")

    def __str__(self):
        return f"{self.task.code} {self.period:%Y-%m}"


class Stakeholder(LocalizedText):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal department or staff")
        SPECIAL_POPULATION = "special_population", _("Special-population representatives")
        PARTNER = "partner", _("Partners")
        LEADERSHIP = "leadership", _("Leadership")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stakeholders",
                                  verbose_name=_("programme"))
    name = models.CharField(_("stakeholder"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name


class Communication(LocalizedText):
    """One line of the communication plan: what goes to whom, how and how often."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="communications",
                                  verbose_name=_("programme"))
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="communications",
                                    verbose_name=_("stakeholder"))
    content = models.CharField(_("what is communicated"), max_length=300)
    channel = models.CharField(_("channel"), max_length=300)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    owner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("responsible person"))
    next_due = models.DateField(_("next due"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "next_due", "id"]
        verbose_name = _("communication")
        verbose_name_plural = _("communication plan")

    def __str__(self):
        return self.content


class CommunicationLog(models.Model):
    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="log",
                                      verbose_name=_("communication"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("sent by"))
    summary = models.TextField(_("what was sent"))

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("communication log entry")
        verbose_name_plural = _("communication log")
