"""Writes for the survey builder: surveys, sections, questions, versions, runs (waves)."""

from __future__ import annotations

import secrets
import uuid

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from everyreader.core import audit
from everyreader.core.errors import DomainError
from everyreader.surveys import templates_data
from everyreader.surveys.models import (CHOICE_KINDS, LANGS, Question, QuestionKind, Section, Survey,
                                        SurveyKind, SurveyRun, SurveyStatus)

SURVEY_FIELDS = ("title", "intro", "kind", "scale_form", "one_question_per_page", "lite_item_count",
                 "link_to_reader")
QUESTION_FIELDS = ("code", "kind", "text", "easy_text", "help", "required", "choices", "dimension",
                   "show_if_code", "show_if_values", "min_value", "max_value")


def _texts(value) -> dict:
    if isinstance(value, str):
        value = {"zh-hans": value}
    return {lang: str(value.get(lang, "")).strip() for lang in LANGS if str(value.get(lang, "")).strip()}


def _require_draft(survey: Survey) -> None:
    if survey.is_frozen:
        raise DomainError(_("This version is published and cannot be changed. Make a new version to edit it."),
                          code="frozen")


@transaction.atomic
def survey_create(*, actor, title, kind: str = SurveyKind.GENERAL, **fields) -> Survey:
    title = _texts(title)
    if not title:
        raise DomainError(_("Give the survey a title."), field="title_zh_hans")
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown survey setting."))
    if "intro" in fields:
        fields["intro"] = _texts(fields["intro"])
    survey = Survey.objects.create(family=uuid.uuid4().hex[:12], title=title, kind=kind, created_by=actor,
                                   **fields)
    audit.record(actor=actor, action="survey.created", obj=survey)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, **fields) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey)
    for name, value in fields.items():
        if name not in SURVEY_FIELDS:
            raise DomainError(_("Unknown survey setting."))
        if name in ("title", "intro"):
            value = _texts(value)
        setattr(survey, name, value)
    if not survey.title:
        raise DomainError(_("Give the survey a title."), field="title_zh_hans")
    survey.save()
    audit.record(actor=actor, action="survey.updated", obj=survey, details={"fields": sorted(fields)})
    return survey


@transaction.atomic
def section_add(*, actor, survey: Survey, title) -> Section:
    _require_draft(survey)
    title = _texts(title)
    if not title:
        raise DomainError(_("Give the section a title."), field="title_zh_hans")
    order = (survey.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    return Section.objects.create(survey=survey, order=order, title=title)


@transaction.atomic
def section_update(*, actor, section: Section, title) -> Section:
    _require_draft(section.survey)
    title = _texts(title)
    if not title:
        raise DomainError(_("Give the section a title."), field="title_zh_hans")
    section.title = title
    section.save(update_fields=["title"])
    return section


def _clean_question(survey: Survey, data: dict, question: Question | None) -> dict:
    data = {k: v for k, v in data.items() if k in QUESTION_FIELDS}
    for name in ("text", "easy_text", "help"):
        if name in data:
            data[name] = _texts(data[name] or {})
    if not data.get("text"):
        raise DomainError(_("Write the question."), field="text_zh_hans")
    kind = data.get("kind")
    if kind not in QuestionKind.values:
        raise DomainError(_("Choose a question type."), field="kind")
    code = data.get("code") or ""
    others = Question.objects.filter(section__survey=survey, code=code)
    if question is not None:
        others = others.exclude(pk=question.pk)
    if not code or others.exists():
        raise DomainError(_("Each question needs its own short code in this survey."), field="code")
    choices = data.get("choices") or []
    if kind in CHOICE_KINDS:
        values = [str(c.get("value", "")) for c in choices]
        if len(values) < 2 or len(set(values)) != len(values) or not all(values):
            raise DomainError(_("A choice question needs at least two different choices."), field="choices")
    else:
        data["choices"] = []
    if kind == QuestionKind.SERVICE_QUALITY and not data.get("dimension"):
        raise DomainError(_("Choose the dimension this service-quality item belongs to."), field="dimension")
    if data.get("show_if_code"):
        if data["show_if_code"] == code:
            raise DomainError(_("A question cannot depend on itself."), field="show_if_code")
        target = Question.objects.filter(section__survey=survey, code=data["show_if_code"]).first()
        if target is None or target.kind not in CHOICE_KINDS:
            raise DomainError(_("Skip logic can only depend on a single- or multiple-choice question."),
                              field="show_if_code")
        allowed = {v for v, _label in target.choice_pairs()}
        wanted = [str(v) for v in data.get("show_if_values") or []]
        if not wanted or not set(wanted) <= allowed:
            raise DomainError(_("Choose which answers of that question show this one."), field="show_if_values")
        data["show_if_values"] = wanted
    else:
        data["show_if_code"], data["show_if_values"] = "", []
    low, high = data.get("min_value"), data.get("max_value")
    if low is not None and high is not None and low > high:
        raise DomainError(_("The smallest number must not be larger than the largest."), field="min_value")
    return data


@transaction.atomic
def question_save(*, actor, section: Section, question: Question | None = None, **data) -> Question:
    survey = section.survey
    _require_draft(survey)
    data = _clean_question(survey, data, question)
    if question is None:
        order = (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
        question = Question.objects.create(section=section, order=order, **data)
    else:
        for name, value in data.items():
            setattr(question, name, value)
        question.save()
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    _require_draft(question.section.survey)
    if Question.objects.filter(section__survey=question.section.survey_id, show_if_code=question.code).exists():
        raise DomainError(_("Another question depends on this one. Change its skip logic first."))
    question.delete()


@transaction.atomic
def survey_publish(*, actor, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey)
    if not Question.objects.filter(section__survey=survey).exists():
        raise DomainError(_("Add at least one question before publishing."))
    Survey.objects.filter(family=survey.family, status=SurveyStatus.PUBLISHED).update(status=SurveyStatus.RETIRED)
    survey.status = SurveyStatus.PUBLISHED
    survey.published_at = timezone.now()
    survey.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor=actor, action="survey.published", obj=survey, details={"version": survey.version})
    return survey


def _copy_content(source: Survey, target: Survey) -> None:
    for section in source.sections.prefetch_related("questions"):
        new_section = Section.objects.create(survey=target, order=section.order, title=section.title)
        Question.objects.bulk_create([
            Question(section=new_section, order=q.order, **{f: getattr(q, f) for f in QUESTION_FIELDS})
            for q in section.questions.all()
        ])


@transaction.atomic
def survey_new_version(*, actor, survey: Survey) -> Survey:
    """A draft copy of a published survey; the published version stays frozen for its runs."""
    if not survey.is_frozen:
        raise DomainError(_("This version is still a draft: edit it directly."))
    draft = Survey.objects.filter(family=survey.family, status=SurveyStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = Survey.objects.filter(family=survey.family).aggregate(m=Max("version"))["m"]
    copy = Survey.objects.create(
        family=survey.family, version=latest + 1, created_by=actor, template_key=survey.template_key,
        **{f: getattr(survey, f) for f in SURVEY_FIELDS})
    _copy_content(survey, copy)
    audit.record(actor=actor, action="survey.version_created", obj=copy, details={"from": survey.version})
    return copy


@transaction.atomic
def survey_from_template(*, actor, key: str) -> Survey:
    try:
        data = templates_data.load(key)
    except KeyError:
        raise DomainError(_("There is no such template."), field="template") from None
    survey = Survey.objects.create(
        family=uuid.uuid4().hex[:12], kind=data["kind"], title=data["title"], intro=data.get("intro", {}),
        scale_form=data.get("scale_form", "three"), one_question_per_page=data.get("one_question_per_page", False),
        lite_item_count=data.get("lite_item_count", 0), template_key=key, created_by=actor)
    for s_order, section_data in enumerate(data["sections"], start=1):
        section = Section.objects.create(survey=survey, order=s_order, title=section_data["title"])
        Question.objects.bulk_create([
            Question(section=section, order=q_order, code=q["code"], kind=q["kind"], text=q["text"],
                     easy_text=q.get("easy_text", {}), help=q.get("help", {}), required=q.get("required", False),
                     choices=q.get("choices", []), dimension=q.get("dimension", ""),
                     show_if_code=q.get("show_if_code", ""), show_if_values=q.get("show_if_values", []),
                     min_value=q.get("min_value"), max_value=q.get("max_value"))
            for q_order, q in enumerate(section_data["questions"], start=1)
        ])
    audit.record(actor=actor, action="survey.created", obj=survey, details={"template": key})
    return survey


@transaction.atomic
def run_create(*, actor, survey: Survey, name: str, wave: str, programme: str = "") -> SurveyRun:
    if survey.status != SurveyStatus.PUBLISHED:
        raise DomainError(_("Publish the survey before starting a run."))
    if not name.strip() or not wave.strip():
        raise DomainError(_("Give the run a name and a wave."), field="name")
    run = SurveyRun.objects.create(survey=survey, name=name.strip(), wave=wave.strip()[:40],
                                   programme=programme.strip(), token=secrets.token_urlsafe(9),
                                   created_by=actor)
    audit.record(actor=actor, action="survey_run.opened", obj=run, details={"wave": run.wave})
    return run


@transaction.atomic
def run_set_open(*, actor, run: SurveyRun, is_open: bool) -> SurveyRun:
    run = SurveyRun.objects.select_for_update().get(pk=run.pk)
    if run.is_open == is_open:
        return run
    run.is_open = is_open
    run.closed_at = None if is_open else timezone.now()
    run.save(update_fields=["is_open", "closed_at", "updated_at"])
    audit.record(actor=actor, action="survey_run.opened" if is_open else "survey_run.closed", obj=run)
    return run
