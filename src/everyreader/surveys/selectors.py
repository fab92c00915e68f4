"""Reads for surveys."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from everyreader.surveys.models import (Question, Response, ResponseStatus, Survey, SurveyRun,
                                        SurveyStatus)


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        run_count=Count("runs", distinct=True)).order_by("family", "-version")


def survey_questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(section__survey=survey).select_related("section__survey")
                .order_by("section__order", "section__pk", "order", "pk"))


def survey_sections(survey: Survey):
    return survey.sections.prefetch_related("questions").order_by("order", "pk")


def survey_versions(survey: Survey) -> QuerySet[Survey]:
    return Survey.objects.filter(family=survey.family).order_by("-version")


def run_list(survey: Survey | None = None) -> QuerySet[SurveyRun]:
    runs = SurveyRun.objects.select_related("survey").annotate(
        submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)))
    if survey is not None:
        runs = runs.filter(survey__family=survey.family)
    return runs.order_by("-opened_at", "-pk")


def open_runs() -> QuerySet[SurveyRun]:
    return SurveyRun.objects.filter(is_open=True, survey__status=SurveyStatus.PUBLISHED) \
        .select_related("survey").order_by("-opened_at")


def run_by_token(token: str) -> SurveyRun | None:
    return SurveyRun.objects.select_related("survey").filter(token=token).first()


def submitted_responses(runs) -> QuerySet[Response]:
    return Response.objects.filter(run__in=runs, status=ResponseStatus.SUBMITTED)


def family_runs(family: str) -> QuerySet[SurveyRun]:
    return SurveyRun.objects.filter(survey__family=family).select_related("survey").order_by("opened_at", "pk")


def latest_needs_survey() -> Survey | None:
    return Survey.objects.filter(kind="needs").exclude(status=SurveyStatus.DRAFT) \
        .order_by("-published_at", "-pk").first()
