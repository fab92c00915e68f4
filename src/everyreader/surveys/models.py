"""Surveys: versioned questionnaires, runs (waves), responses and answers.

Question texts are stored per language ({"zh-hans": ..., "zh-hant": ..., "en": ...}) because
surveys are content written by the library, not interface strings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from everyreader.core.languages import LANGS, pick
from everyreader.core.models import TimeStampedModel

__all__ = ["LANGS", "pick"]  # re-exported: surveys' code reads them from here


class SurveyKind(models.TextChoices):
    GENERAL = "general", _("General questionnaire")
    NEEDS = "needs", _("Needs research")
    SERVICE_QUALITY = "service_quality", _("Service quality")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Replaced by a newer version")


class ScaleForm(models.TextChoices):
    THREE = "three", _("Three scales: minimum, desired, perceived")
    TWO = "two", _("Two scales: importance, perceived")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT5 = "likert5", _("Agreement scale, 5 points")
    LIKERT7 = "likert7", _("Agreement scale, 7 points")
    RATING = "rating", _("Rating 0–10")
    SERVICE_QUALITY = "sq", _("Service quality item (1–9 scales)")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


ORDINAL_KINDS = (QuestionKind.LIKERT5, QuestionKind.LIKERT7, QuestionKind.RATING)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


class Dimension(models.TextChoices):
    STAFF = "staff", _("Staff service")
    INFORMATION = "information", _("Information access")
    PLACE = "place", _("Library as place")
    ACCESSIBILITY = "accessibility", _("Accessibility")


class Survey(TimeStampedModel):
    """One version of a questionnaire. Published versions are frozen; edits make a new version."""

    family = models.CharField(_("survey family"), max_length=40, db_index=True,
                              help_text=_("Shared by every version of the same survey."))
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.GENERAL)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices,
                              default=SurveyStatus.DRAFT, db_index=True)
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    scale_form = models.CharField(_("service-quality scales"), max_length=10, choices=ScaleForm.choices,
                                  default=ScaleForm.THREE)
    one_question_per_page = models.BooleanField(_("one question per page"), default=False)
    lite_item_count = models.PositiveSmallIntegerField(
        _("lite form: service-quality items per respondent"), default=0,
        help_text=_("0 asks every item; a number asks each respondent that many items chosen at random."))
    link_to_reader = models.BooleanField(
        _("may link answers to the reader"), default=False,
        help_text=_("Off: answers are pseudonymous. On: a signed-in reader may agree to link them."))
    template_key = models.CharField(_("made from template"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="survey_family_version")]
        permissions = [("view_results", _("Can view survey results")),
                       ("export_responses", _("Can export survey responses"))]

    def __str__(self):
        return f"{pick(self.title)} (v{self.version})"

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def intro_text(self) -> str:
        return pick(self.intro)

    @property
    def is_frozen(self) -> bool:
        return self.status != SurveyStatus.DRAFT


class Section(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE,
                               related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.JSONField(_("title"), default=dict)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return pick(self.title)

    @property
    def title_text(self) -> str:
        return pick(self.title)


class Question(models.Model):
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE,
                                related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40,
                            help_text=_("Short name, kept across versions so that waves can be compared."))
    kind = models.CharField(_("question type"), max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    easy_text = models.JSONField(_("easy-read wording"), default=dict, blank=True)
    help = models.JSONField(_("hint"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True,
                               help_text=_("For choice questions: [{value, label: {language: text}}]."))
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices, blank=True)
    show_if_code = models.SlugField(_("show only if question"), max_length=40, blank=True)
    show_if_values = models.JSONField(_("has one of these answers"), default=list, blank=True)
    min_value = models.FloatField(_("smallest number"), null=True, blank=True)
    max_value = models.FloatField(_("largest number"), null=True, blank=True)

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return pick(self.text)

    def text_for(self, easy_read: bool = False) -> str:
        return (easy_read and pick(self.easy_text)) or pick(self.text)

    @property
    def text_plain(self) -> str:
        return pick(self.text)

    @property
    def help_text(self) -> str:
        return pick(self.help)

    def choice_pairs(self) -> list[tuple[str, str]]:
        return [(str(c["value"]), pick(c.get("label", {}))) for c in self.choices or []]


class Wave(models.TextChoices):
    BEFORE = "before", _("Before the programme")
    DURING = "during", _("During the programme")
    AFTER = "after", _("After the programme")


class SurveyRun(TimeStampedModel):
    """A survey put in front of readers: one wave (before / during / after or any label)."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey version"), on_delete=models.PROTECT,
                               related_name="runs")
    name = models.CharField(_("name"), max_length=120)
    wave = models.CharField(_("wave"), max_length=40,
                            help_text=_("before, during, after — or any label of your own."))
    programme = models.CharField(_("programme"), max_length=120, blank=True)
    token = models.SlugField(_("link code"), max_length=40, unique=True)
    is_open = models.BooleanField(_("open for answers"), default=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("survey run")
        verbose_name_plural = _("survey runs")

    def __str__(self):
        return self.name

    @property
    def wave_label(self) -> str:
        return str(dict(Wave.choices).get(self.wave, self.wave))


class ResponseMode(models.TextChoices):
    ONLINE = "online", _("Online")
    KIOSK = "kiosk", _("Library tablet (kiosk)")
    PAPER = "paper", _("Paper form")
    LARGE_PRINT = "large_print", _("Large-print form")
    BRAILLE = "braille", _("Braille form")
    INTERVIEW = "interview", _("Interview (in person or by phone)")


STAFF_MODES = (ResponseMode.PAPER, ResponseMode.LARGE_PRINT, ResponseMode.BRAILLE, ResponseMode.INTERVIEW)


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """One respondent's answers. Pseudonymous unless the survey allows linking and the reader agreed."""

    run = models.ForeignKey(SurveyRun, verbose_name=_("survey run"), on_delete=models.CASCADE,
                            related_name="responses")
    status = models.CharField(_("status"), max_length=20, choices=ResponseStatus.choices,
                              default=ResponseStatus.IN_PROGRESS, db_index=True)
    mode = models.CharField(_("how it was answered"), max_length=20, choices=ResponseMode.choices,
                            default=ResponseMode.ONLINE)
    resume_hash = models.CharField(max_length=64, blank=True, db_index=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=64, blank=True, db_index=True)
    reader = models.ForeignKey("readers.Reader", verbose_name=_("reader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(_("reader category"), max_length=20, blank=True)
    branch = models.ForeignKey("accounts.Branch", verbose_name=_("home branch"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    segment_ids = models.JSONField(_("segments"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    easy_read = models.BooleanField(_("easy-read wording"), default=False)
    item_codes = models.JSONField(_("lite items asked"), default=list, blank=True)
    page = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"#{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="answers")
    text = models.TextField(_("text"), blank=True)
    number = models.FloatField(_("number"), null=True, blank=True)
    values = models.JSONField(_("choices"), default=list, blank=True)
    minimum = models.PositiveSmallIntegerField(_("minimum"), null=True, blank=True)
    desired = models.PositiveSmallIntegerField(_("desired or importance"), null=True, blank=True)
    perceived = models.PositiveSmallIntegerField(_("perceived"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self):
        return f"{self.response_id}:{self.question_id}"
